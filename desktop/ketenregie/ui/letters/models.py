"""Item models of the letters view: the case list and the disclosure plan ("what will be shared, and why")."""
from __future__ import annotations

from typing import Any

from PySide6.QtCore import (QT_TRANSLATE_NOOP, QAbstractTableModel, QCoreApplication, QModelIndex,
                            QPersistentModelIndex, QSortFilterProxyModel, Qt, Signal)
from PySide6.QtGui import QPalette
from PySide6.QtWidgets import QApplication

from ketenregie.domain.cases import Phase
from ketenregie.domain.privacy_display import display_name
from ketenregie.domain.referral import DisclosurePlan, FieldStatus

_Index = QModelIndex | QPersistentModelIndex


def tr(text: str) -> str:
    return QCoreApplication.translate("LettersView", text)


class CaseListModel(QAbstractTableModel):
    """Rows: (case id, case number, name, phase code) — names as initials in privacy mode."""

    COLUMNS = (QT_TRANSLATE_NOOP("LettersView", "Casus"), QT_TRANSLATE_NOOP("LettersView", "Inwoner"),
               QT_TRANSLATE_NOOP("LettersView", "Fase"))

    def __init__(self, parent=None, *, privacy_mode: bool = False) -> None:
        super().__init__(parent)
        self._rows: list[tuple[int, str, str, str]] = []
        self._privacy = privacy_mode

    def set_rows(self, rows: list[tuple[int, str, str, str]]) -> None:
        self.beginResetModel()
        self._rows = list(rows)
        self.endResetModel()

    def clear(self) -> None:
        self.set_rows([])

    def set_privacy_mode(self, enabled: bool) -> None:
        """Names as initials (or in full again) in place: no reset, so selection and scroll position stay."""
        if enabled == self._privacy:
            return
        self._privacy = enabled
        if self._rows:
            self.dataChanged.emit(self.index(0, 1), self.index(len(self._rows) - 1, 1))

    def case_number(self, row: int) -> str:
        return self._rows[row][1]

    def row_of(self, case_number: str) -> int:
        return next((i for i, r in enumerate(self._rows) if r[1] == case_number), -1)

    def rowCount(self, parent: _Index = QModelIndex()) -> int:  # noqa: N802, B008
        return 0 if parent.isValid() else len(self._rows)

    def columnCount(self, parent: _Index = QModelIndex()) -> int:  # noqa: N802, B008
        return 0 if parent.isValid() else len(self.COLUMNS)

    def data(self, index: _Index, role: int = Qt.ItemDataRole.DisplayRole) -> Any:
        if not index.isValid() or role not in (Qt.ItemDataRole.DisplayRole, Qt.ItemDataRole.AccessibleTextRole):
            return None
        _id, number, name, phase = self._rows[index.row()]
        if index.column() == 0:
            return number
        if index.column() == 1:
            return display_name(name, self._privacy)
        try:
            return Phase.from_code(phase).label_nl
        except ValueError:
            return phase

    def headerData(self, section: int, orientation: Qt.Orientation,  # noqa: N802
                   role: int = Qt.ItemDataRole.DisplayRole) -> Any:
        if role == Qt.ItemDataRole.DisplayRole and orientation == Qt.Orientation.Horizontal:
            return tr(self.COLUMNS[section])
        return None


def case_proxy(model: CaseListModel, parent=None) -> QSortFilterProxyModel:
    proxy = QSortFilterProxyModel(parent)
    proxy.setSourceModel(model)
    proxy.setFilterKeyColumn(-1)
    proxy.setFilterCaseSensitivity(Qt.CaseSensitivity.CaseInsensitive)
    return proxy


class DisclosureModel(QAbstractTableModel):
    """One row per letter field: shared (a check box where the coordinator may switch it), status, and why.
    Fields outside the recipient profile are shown greyed out and cannot be checked."""

    selection_changed = Signal()
    COLUMNS = (QT_TRANSLATE_NOOP("LettersView", "Gegeven"), QT_TRANSLATE_NOOP("LettersView", "Gedeeld?"),
               QT_TRANSLATE_NOOP("LettersView", "Waarom"))

    def __init__(self, parent=None) -> None:
        super().__init__(parent)
        self._plan: DisclosurePlan | None = None

    @property
    def plan(self) -> DisclosurePlan | None:
        return self._plan

    def set_plan(self, plan: DisclosurePlan | None) -> None:
        self.beginResetModel()
        self._plan = plan
        self.endResetModel()

    def decisions(self):
        return self._plan.decisions if self._plan else ()

    def selected(self) -> set[str]:
        return {d.field.id for d in self.decisions() if d.status == FieldStatus.SHARED}

    def rowCount(self, parent: _Index = QModelIndex()) -> int:  # noqa: N802, B008
        return 0 if parent.isValid() else len(self.decisions())

    def columnCount(self, parent: _Index = QModelIndex()) -> int:  # noqa: N802, B008
        return 0 if parent.isValid() else len(self.COLUMNS)

    def flags(self, index: _Index) -> Qt.ItemFlag:
        if not index.isValid():
            return Qt.ItemFlag.NoItemFlags
        decision = self.decisions()[index.row()]
        flags = Qt.ItemFlag.ItemIsSelectable
        if decision.status not in (FieldStatus.NOT_IN_PROFILE, FieldStatus.POLICY_OFF):
            flags |= Qt.ItemFlag.ItemIsEnabled
        if index.column() == 0 and decision.selectable:
            flags |= Qt.ItemFlag.ItemIsUserCheckable
        return flags

    def data(self, index: _Index, role: int = Qt.ItemDataRole.DisplayRole) -> Any:
        if not index.isValid():
            return None
        decision = self.decisions()[index.row()]
        column = index.column()
        if role in (Qt.ItemDataRole.DisplayRole, Qt.ItemDataRole.AccessibleTextRole):
            if column == 0:
                return decision.field.label_nl
            if column == 1:
                return tr(decision.status_nl)
            return decision.reason
        if role == Qt.ItemDataRole.ToolTipRole:
            if decision.shared and self._plan is not None and self._plan.basis is not None:
                return f"{decision.reason}\n{tr('Grondslag')}: {self._plan.basis_text}"
            return decision.reason
        if role == Qt.ItemDataRole.CheckStateRole and column == 0 and decision.selectable:
            return Qt.CheckState.Checked if decision.shared else Qt.CheckState.Unchecked
        if role == Qt.ItemDataRole.ForegroundRole and not decision.shared:
            return QApplication.palette().color(QPalette.ColorGroup.Disabled, QPalette.ColorRole.Text)
        return None

    def setData(self, index: _Index, value: Any, role: int = Qt.ItemDataRole.EditRole) -> bool:  # noqa: N802
        if role != Qt.ItemDataRole.CheckStateRole or index.column() != 0:
            return False
        decision = self.decisions()[index.row()]
        if not decision.selectable:
            return False
        self._pending_toggle = (decision.field.id, Qt.CheckState(value) == Qt.CheckState.Checked)
        self.selection_changed.emit()
        return True

    def toggled(self) -> tuple[str, bool] | None:
        pending = getattr(self, "_pending_toggle", None)
        self._pending_toggle = None
        return pending

    def headerData(self, section: int, orientation: Qt.Orientation,  # noqa: N802
                   role: int = Qt.ItemDataRole.DisplayRole) -> Any:
        if role == Qt.ItemDataRole.DisplayRole and orientation == Qt.Orientation.Horizontal:
            return tr(self.COLUMNS[section])
        return None
