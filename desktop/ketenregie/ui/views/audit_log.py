"""Auditlog view: the register's hash-chained audit entries in a sortable, filterable table, and "Keten
controleren" to verify the chain. Entries hold references and events, never content."""
from __future__ import annotations

from datetime import datetime
from typing import Any

from PySide6.QtCore import (QT_TRANSLATE_NOOP, QAbstractTableModel, QCoreApplication, QModelIndex,
                            QPersistentModelIndex, QSortFilterProxyModel, Qt, Slot)
from PySide6.QtWidgets import (QAbstractItemView, QHBoxLayout, QHeaderView, QLabel, QLineEdit, QPushButton,
                               QTableView, QVBoxLayout, QWidget)

from ketenregie.domain.audit_labels import describe_object
from ketenregie.domain.audit import action_label
from ketenregie.ui.background import run_in_background
from ketenregie.ui.errors import user_message
from ketenregie.ui.style import heading_font, message_label, set_message
from ketenregie.ui.views.registry import VIEWS, ViewContext, ViewSpec

SORT_ROLE = Qt.ItemDataRole.UserRole + 1
RECENT_LIMIT = 500
RESULT_LABELS = {"ok": QT_TRANSLATE_NOOP("AuditLogView", "Gelukt"),
                 "failed": QT_TRANSLATE_NOOP("AuditLogView", "Mislukt"),
                 "refused": QT_TRANSLATE_NOOP("AuditLogView", "Geweigerd")}
ORIGIN_LABELS = {"gui": QT_TRANSLATE_NOOP("AuditLogView", "Programma"),
                 "cli": QT_TRANSLATE_NOOP("AuditLogView", "Opdrachtregel")}

translate = QCoreApplication.translate  # lupdate extracts translate("Context", "…")


class AuditLogModel(QAbstractTableModel):
    COLUMNS: tuple[tuple[str, str], ...] = (
        ("timestamp", QT_TRANSLATE_NOOP("AuditLogView", "Tijdstip")),
        ("actor", QT_TRANSLATE_NOOP("AuditLogView", "Gebruiker")),
        ("action", QT_TRANSLATE_NOOP("AuditLogView", "Gebeurtenis")),
        ("object_ref", QT_TRANSLATE_NOOP("AuditLogView", "Object")),
        ("result", QT_TRANSLATE_NOOP("AuditLogView", "Resultaat")),
        ("origin", QT_TRANSLATE_NOOP("AuditLogView", "Via")),
    )

    def __init__(self, parent=None, *, display_names: dict[str, str] | None = None) -> None:
        super().__init__(parent)
        self._entries: list[Any] = []
        self.display_names = dict(display_names or {})  # OS account -> the coordinator's own name

    def set_entries(self, entries: list[Any]) -> None:
        self.beginResetModel()
        self._entries = list(entries)
        self.endResetModel()

    def clear(self) -> None:
        self.set_entries([])

    def entry(self, row: int) -> Any:
        return self._entries[row]

    def rowCount(self, parent: QModelIndex | QPersistentModelIndex = QModelIndex()) -> int:  # noqa: N802, B008
        return 0 if parent.isValid() else len(self._entries)

    def columnCount(self, parent: QModelIndex | QPersistentModelIndex = QModelIndex()) -> int:  # noqa: N802, B008
        return 0 if parent.isValid() else len(self.COLUMNS)

    def data(self, index: QModelIndex | QPersistentModelIndex, role: int = Qt.ItemDataRole.DisplayRole) -> Any:
        if not index.isValid() or not 0 <= index.row() < len(self._entries):
            return None
        entry = self._entries[index.row()]
        column = self.COLUMNS[index.column()][0]
        value = getattr(entry, column, "")
        if role == SORT_ROLE:
            if column == "timestamp":
                return f"{_local(value).isoformat()}|{entry.id:012d}"  # ties broken by id
            return self.data(index, Qt.ItemDataRole.DisplayRole)
        if role not in (Qt.ItemDataRole.DisplayRole, Qt.ItemDataRole.ToolTipRole):
            return None
        if column == "timestamp":
            return _local(value).strftime("%d-%m-%Y %H:%M:%S")
        if column == "action":
            return action_label(value) if role == Qt.ItemDataRole.DisplayRole else str(value)
        if column == "result":
            return translate("AuditLogView", RESULT_LABELS[value]) if value in RESULT_LABELS else str(value)
        if column == "origin":
            return translate("AuditLogView", ORIGIN_LABELS[value]) if value in ORIGIN_LABELS else str(value)
        if column == "object_ref":  # words for people, the raw reference in the tooltip
            return describe_object(str(value or "")) if role == Qt.ItemDataRole.DisplayRole else str(value or "")
        if column == "actor":
            name = self.display_names.get(str(value))
            if name and role == Qt.ItemDataRole.DisplayRole:
                return name
            return translate("AuditLogView", "Account: {account}").format(account=value) \
                if role == Qt.ItemDataRole.ToolTipRole else str(value)
        return "" if value is None else str(value)

    def headerData(self, section: int, orientation: Qt.Orientation,  # noqa: N802
                   role: int = Qt.ItemDataRole.DisplayRole) -> Any:
        if role == Qt.ItemDataRole.DisplayRole and orientation == Qt.Orientation.Horizontal:
            return translate("AuditLogView", self.COLUMNS[section][1])
        return None


def _display_names(context) -> dict[str, str]:
    """This computer's account shown as the coordinator's own name (the letter sender, set at first start)."""
    from ketenregie.store.audit_log import current_actor  # noqa: PLC0415
    from ketenregie.store.referral_repository import ReferralRepository  # noqa: PLC0415

    register = getattr(context, "register", None)
    if register is None:
        return {}
    try:
        sender = ReferralRepository(register.db, register.audit).sender()
    except Exception:  # noqa: BLE001 - a register without the sender table: show accounts
        return {}
    return {current_actor(): sender.name} if sender is not None and sender.name else {}


def _local(moment: datetime) -> datetime:
    return moment.astimezone() if moment.tzinfo is not None else moment


class AuditLogView(QWidget):
    holds_personal_data = True

    def __init__(self, context: ViewContext, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self._context = context
        self._verifying = False
        self.setAccessibleName(translate("AuditLogView", "Auditlog"))
        layout = QVBoxLayout(self)
        heading = QLabel(translate("AuditLogView", "Auditlog"), self)
        heading.setFont(heading_font(self))
        heading.setAccessibleName(translate("AuditLogView", "Auditlog"))
        layout.addWidget(heading)
        intro = QLabel(translate("AuditLogView", "Wie wat wanneer deed in dit register. Elke regel is verbonden met de "
                                                 "vorige; \"Keten controleren\" ziet of er regels zijn veranderd of "
                                                 "verwijderd."), self)
        intro.setWordWrap(True)
        intro.setAccessibleName(translate("AuditLogView", "Uitleg"))
        layout.addWidget(intro)

        bar = QHBoxLayout()
        filter_label = QLabel(translate("AuditLogView", "&Zoeken:"), self)
        self.filter_edit = QLineEdit(self)
        self.filter_edit.setAccessibleName(translate("AuditLogView", "Auditlog doorzoeken"))
        self.filter_edit.setPlaceholderText(translate("AuditLogView", "Gebeurtenis, gebruiker of object"))
        self.filter_edit.setClearButtonEnabled(True)
        filter_label.setBuddy(self.filter_edit)
        self.refresh_button = QPushButton(translate("AuditLogView", "&Vernieuwen"), self)
        self.refresh_button.setAccessibleName(translate("AuditLogView", "Auditlog vernieuwen"))
        self.verify_button = QPushButton(translate("AuditLogView", "&Keten controleren"), self)
        self.verify_button.setAccessibleName(translate("AuditLogView", "Keten controleren"))
        self.verify_button.setAccessibleDescription(translate(
            "AuditLogView", "Controleer of er regels in het auditlog zijn veranderd of verwijderd."))
        bar.addWidget(filter_label)
        bar.addWidget(self.filter_edit, 1)
        bar.addWidget(self.refresh_button)
        bar.addWidget(self.verify_button)
        layout.addLayout(bar)

        self.result_label = message_label(self, translate("AuditLogView", "Uitkomst van de controle"))
        layout.addWidget(self.result_label)

        self.model = AuditLogModel(self, display_names=_display_names(self._context))
        self.proxy = QSortFilterProxyModel(self)
        self.proxy.setSourceModel(self.model)
        self.proxy.setSortRole(SORT_ROLE)
        self.proxy.setFilterKeyColumn(-1)
        self.proxy.setFilterCaseSensitivity(Qt.CaseSensitivity.CaseInsensitive)
        self.table = QTableView(self)
        self.table.setAccessibleName(translate("AuditLogView", "Auditregels"))
        self.table.setModel(self.proxy)
        self.table.setSortingEnabled(True)
        self.table.sortByColumn(0, Qt.SortOrder.DescendingOrder)
        self.table.setSelectionBehavior(QAbstractItemView.SelectionBehavior.SelectRows)
        self.table.setEditTriggers(QAbstractItemView.EditTrigger.NoEditTriggers)
        self.table.setAlternatingRowColors(True)
        self.table.verticalHeader().hide()
        self.table.horizontalHeader().setSectionResizeMode(QHeaderView.ResizeMode.ResizeToContents)
        self.table.horizontalHeader().setStretchLastSection(True)
        layout.addWidget(self.table, 1)

        self.filter_edit.textChanged.connect(self.proxy.setFilterFixedString)
        self.refresh_button.clicked.connect(self.refresh)
        self.verify_button.clicked.connect(self.verify)
        self.setTabOrder(self.filter_edit, self.refresh_button)
        self.setTabOrder(self.refresh_button, self.verify_button)
        self.setTabOrder(self.verify_button, self.table)
        self.refresh()

    @Slot()
    def refresh(self) -> None:
        register = self._context.register
        if register is None:
            return
        try:
            entries = register.audit.recent(limit=RECENT_LIMIT)
        except Exception as exc:  # noqa: BLE001 - shown as a Dutch message, never as exception text
            set_message(self.result_label, user_message(exc, "reading the audit log"), "error")
            return
        self.model.set_entries(entries)

    @Slot()
    def verify(self) -> None:
        register = self._context.register
        if register is None or self._verifying:
            return
        self._verifying = True
        self.verify_button.setEnabled(False)
        set_message(self.result_label, translate("AuditLogView", "Bezig met controleren…"), "info")
        lock_manager = self._context.lock_manager
        if lock_manager is not None:
            lock_manager.begin_operation()
        task = run_in_background(register.verify_audit, on_success=self._verified, on_failure=self._verify_failed)
        if lock_manager is not None:
            task.finished.connect(lock_manager.end_operation)

    @Slot(object)
    def _verified(self, outcome) -> None:
        self._verifying = False
        self.verify_button.setEnabled(True)
        if outcome.ok:
            text = outcome.message or translate(
                "AuditLogView", "De keten is in orde: er zijn geen regels veranderd of verwijderd.")
            set_message(self.result_label, text, "ok")
        else:
            text = outcome.message or translate(
                "AuditLogView", "De keten is verbroken: er zijn regels veranderd of verwijderd.")
            set_message(self.result_label, text, "error")
        self.refresh()

    @Slot(object)
    def _verify_failed(self, exc: BaseException) -> None:
        self._verifying = False
        self.verify_button.setEnabled(True)
        set_message(self.result_label, user_message(exc, "verifying the audit log"), "error")

    def release(self) -> None:
        """Lock: drop the rows now and forget the register."""
        self.filter_edit.clear()
        self.model.clear()
        self._context = ViewContext(None, None, None)


VIEWS.register(ViewSpec("audit", QT_TRANSLATE_NOOP("Views", "Auditlog"), AuditLogView, order=60,
                        description=QT_TRANSLATE_NOOP("Views", "Wie wat wanneer deed in dit register.")),
               replace=True)
