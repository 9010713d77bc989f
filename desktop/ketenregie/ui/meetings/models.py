"""Item models for the meetings UI: the meeting list, the cases to pick for an agenda, the records of an item."""
from __future__ import annotations

from datetime import datetime, timedelta
from typing import Any

from PySide6.QtCore import (QT_TRANSLATE_NOOP, QAbstractTableModel, QCoreApplication, QModelIndex,
                            QPersistentModelIndex, QSortFilterProxyModel, Qt)

from ketenregie.domain.meetings import ItemRecord, MeetingStatus, RecordKind
from ketenregie.domain.privacy_display import display_name

SORT_ROLE = Qt.ItemDataRole.UserRole + 1
_NO_PARENT = QModelIndex()


def tr(text: str, n: int = -1) -> str:
    return QCoreApplication.translate("Meetings", text, None, n)


def error_text(exc: BaseException) -> str:
    """The Dutch `user_message` of our own errors (store, validation, register); never exception text."""
    from ketenregie.domain.case_validation import CaseValidationError
    from ketenregie.services.register import RegisterError
    from ketenregie.store.errors import StoreError

    from ketenregie.domain.outgoing_text import OutgoingTextBlocked

    if isinstance(exc, (StoreError, CaseValidationError, RegisterError, OutgoingTextBlocked)) and getattr(
            exc, "user_message", ""):
        return exc.user_message
    from ketenregie.ui.errors import user_message

    return user_message(exc, "meetings")


def name_combo_views(root) -> None:
    """The pop-up list of a combo box is a control of its own: give it the combo box's accessible name."""
    from PySide6.QtWidgets import QComboBox

    for combo in root.findChildren(QComboBox):
        if not combo.view().accessibleName():
            combo.view().setAccessibleName(combo.accessibleName())


class MeetingListModel(QAbstractTableModel):
    COLUMNS = (("when", QT_TRANSLATE_NOOP("Meetings", "Datum en tijd")),
               ("purpose", QT_TRANSLATE_NOOP("Meetings", "Doel")),
               ("where", QT_TRANSLATE_NOOP("Meetings", "Plaats")),
               ("items", QT_TRANSLATE_NOOP("Meetings", "Casussen")),
               ("status", QT_TRANSLATE_NOOP("Meetings", "Status")))

    def __init__(self, parent=None) -> None:
        super().__init__(parent)
        self._rows: list[Any] = []

    def set_rows(self, rows: list[Any]) -> None:
        self.beginResetModel()
        self._rows = list(rows)
        self.endResetModel()

    def row_at(self, row: int) -> Any:
        return self._rows[row]

    def rowCount(self, parent: QModelIndex | QPersistentModelIndex = _NO_PARENT) -> int:  # noqa: N802
        return 0 if parent.isValid() else len(self._rows)

    def columnCount(self, parent: QModelIndex | QPersistentModelIndex = _NO_PARENT) -> int:  # noqa: N802
        return 0 if parent.isValid() else len(self.COLUMNS)

    def headerData(self, section: int, orientation: Qt.Orientation, role: int = Qt.ItemDataRole.DisplayRole):  # noqa: N802
        if orientation == Qt.Orientation.Horizontal and role == Qt.ItemDataRole.DisplayRole:
            return tr(self.COLUMNS[section][1])
        return None

    def data(self, index, role: int = Qt.ItemDataRole.DisplayRole) -> Any:
        if not index.isValid() or not 0 <= index.row() < len(self._rows):
            return None
        r = self._rows[index.row()]
        column = self.COLUMNS[index.column()][0]
        if role == SORT_ROLE:
            return {"when": r.starts_at.isoformat(), "items": r.item_count}.get(column, self.data(index))
        if role != Qt.ItemDataRole.DisplayRole:
            return None
        if column == "when":
            return r.starts_at.strftime("%d-%m-%Y %H:%M")
        if column == "purpose":
            return r.purpose
        if column == "where":
            return (tr("Online") + ": " if r.online else "") + r.location
        if column == "items":
            return str(r.item_count)
        if getattr(r, "received", False):  # a team lead's received meeting: "Ontvangen van … — nog te houden"
            return r.status_text
        status = r.status.label_nl
        return status + (" — " + tr("verslag definitief") if r.minutes_final else "")


class MeetingListProxy(QSortFilterProxyModel):
    """Upcoming (planned, not yet over) or past meetings."""

    def __init__(self, parent=None, *, now=datetime.now) -> None:
        super().__init__(parent)
        self.upcoming = True
        self._now = now
        self.setSortRole(SORT_ROLE)

    def set_upcoming(self, upcoming: bool) -> None:
        self.beginFilterChange()  # Qt 6.10+: the pair replaces the deprecated invalidateFilter()
        self.upcoming = upcoming
        self.endFilterChange()

    def filterAcceptsRow(self, source_row: int, source_parent) -> bool:  # noqa: N802
        row = self.sourceModel().row_at(source_row)
        is_upcoming = row.status == MeetingStatus.PLANNED and row.starts_at + timedelta(hours=12) >= self._now()
        return is_upcoming == self.upcoming


class CandidateModel(QAbstractTableModel):
    """Cases to pick: a check box per case; the name follows privacy mode (initials) — never shown in meeting
    mode, which does not use this model."""

    COLUMNS = (("pick", QT_TRANSLATE_NOOP("Meetings", "Op agenda")),
               ("number", QT_TRANSLATE_NOOP("Meetings", "Casus")),
               ("name", QT_TRANSLATE_NOOP("Meetings", "Naam")),
               ("phase", QT_TRANSLATE_NOOP("Meetings", "Fase")),
               ("marked", QT_TRANSLATE_NOOP("Meetings", "Voor overleg")))

    def __init__(self, candidates: list[Any], *, privacy_mode: bool, on_agenda: set[int], parent=None) -> None:
        super().__init__(parent)
        self._rows = list(candidates)
        self._privacy = privacy_mode
        self.checked: set[int] = {c.case_id for c in candidates if c.marked and c.case_id not in on_agenda}
        self._on_agenda = set(on_agenda)

    def candidate(self, row: int) -> Any:
        return self._rows[row]

    def rowCount(self, parent=_NO_PARENT) -> int:  # noqa: N802
        return 0 if parent.isValid() else len(self._rows)

    def columnCount(self, parent=_NO_PARENT) -> int:  # noqa: N802
        return 0 if parent.isValid() else len(self.COLUMNS)

    def headerData(self, section, orientation, role=Qt.ItemDataRole.DisplayRole):  # noqa: N802
        if orientation == Qt.Orientation.Horizontal and role == Qt.ItemDataRole.DisplayRole:
            return tr(self.COLUMNS[section][1])
        return None

    def flags(self, index):
        base = Qt.ItemFlag.ItemIsEnabled | Qt.ItemFlag.ItemIsSelectable
        if index.column() == 0 and self._rows[index.row()].case_id not in self._on_agenda:
            base |= Qt.ItemFlag.ItemIsUserCheckable
        return base

    def data(self, index, role=Qt.ItemDataRole.DisplayRole):
        if not index.isValid():
            return None
        c = self._rows[index.row()]
        column = self.COLUMNS[index.column()][0]
        if column == "pick":
            if role == Qt.ItemDataRole.CheckStateRole:
                on = c.case_id in self.checked or c.case_id in self._on_agenda
                return Qt.CheckState.Checked if on else Qt.CheckState.Unchecked
            if role == Qt.ItemDataRole.DisplayRole and c.case_id in self._on_agenda:
                return tr("staat erop")
            return None
        if role != Qt.ItemDataRole.DisplayRole:
            return None
        if column == "number":
            return c.case_number
        if column == "name":
            return display_name(c.name, self._privacy)
        if column == "phase":
            return c.phase.label_nl
        return tr("ja") if c.marked else ""

    def picked_case_ids(self) -> list[int]:
        """The ticked cases not yet on the agenda (ids only), in a stable order."""
        return sorted(self.checked - self._on_agenda)

    def set_picked(self, case_ids) -> None:
        """Tick exactly these cases (ids that are no candidate, or already on the agenda, are left out)."""
        known = {c.case_id for c in self._rows}
        self.checked = {int(i) for i in case_ids if int(i) in known and int(i) not in self._on_agenda}
        if self._rows:
            self.dataChanged.emit(self.index(0, 0), self.index(len(self._rows) - 1, 0),
                                  [Qt.ItemDataRole.CheckStateRole])

    def setData(self, index, value, role=Qt.ItemDataRole.EditRole) -> bool:  # noqa: N802
        if index.column() != 0 or role != Qt.ItemDataRole.CheckStateRole:
            return False
        case_id = self._rows[index.row()].case_id
        if case_id in self._on_agenda:
            return False
        if Qt.CheckState(value) == Qt.CheckState.Checked:
            self.checked.add(case_id)
        else:
            self.checked.discard(case_id)
        self.dataChanged.emit(index, index, [Qt.ItemDataRole.CheckStateRole])
        return True

    def set_privacy_mode(self, enabled: bool) -> None:
        """Re-render the name column (initials or not); ticks and rows stay as they are."""
        self._privacy = bool(enabled)
        if self._rows:
            column = next(i for i, (key, _) in enumerate(self.COLUMNS) if key == "name")
            self.dataChanged.emit(self.index(0, column), self.index(len(self._rows) - 1, column),
                                  [Qt.ItemDataRole.DisplayRole])

    def picked_ids(self) -> list[int]:
        return [c.case_id for c in self._rows if c.case_id in self.checked]

    def clear(self) -> None:
        self.beginResetModel()
        self._rows = []
        self.checked = set()
        self.endResetModel()


class RecordListModel(QAbstractTableModel):
    """The records of one agenda item (meeting mode): kind, text, who, when. No names: text is what the chair
    typed, owners are partners (organisations), self or the resident."""

    COLUMNS = (QT_TRANSLATE_NOOP("Meetings", "Soort"), QT_TRANSLATE_NOOP("Meetings", "Tekst"),
               QT_TRANSLATE_NOOP("Meetings", "Wie"), QT_TRANSLATE_NOOP("Meetings", "Wanneer"))

    def __init__(self, partner_names: dict[int, str], parent=None) -> None:
        super().__init__(parent)
        self._records: list[ItemRecord] = []
        self._partners = partner_names

    def set_records(self, records) -> None:
        self.beginResetModel()
        self._records = list(records)
        self.endResetModel()

    def record(self, row: int) -> ItemRecord:
        return self._records[row]

    def rowCount(self, parent=_NO_PARENT) -> int:  # noqa: N802
        return 0 if parent.isValid() else len(self._records)

    def columnCount(self, parent=_NO_PARENT) -> int:  # noqa: N802
        return 0 if parent.isValid() else len(self.COLUMNS)

    def headerData(self, section, orientation, role=Qt.ItemDataRole.DisplayRole):  # noqa: N802
        if orientation == Qt.Orientation.Horizontal and role == Qt.ItemDataRole.DisplayRole:
            return tr(self.COLUMNS[section])
        return None

    def data(self, index, role=Qt.ItemDataRole.DisplayRole):
        if not index.isValid() or role != Qt.ItemDataRole.DisplayRole:
            return None
        r = self._records[index.row()]
        col = index.column()
        if col == 0:
            return r.kind.label_nl
        if col == 1:
            return r.text
        if r.kind != RecordKind.ACTION:
            return ""
        if col == 2:
            from ketenregie.documents.meeting_minutes import owner_label

            return owner_label(r, self._partners)
        return r.due.strftime("%d-%m-%Y") if r.due else ""
