"""The partner directory: the chain's organisations with address, contact person, channel and partner type.

Editable by the user, unless IT policy names a directory file (PartnerDirectoryFile): then the list follows that
file and this view is read-only, and says so. Partners are organisations: no resident data here."""
from __future__ import annotations

from dataclasses import replace
from typing import Any

from PySide6.QtCore import (QT_TRANSLATE_NOOP, QAbstractTableModel, QCoreApplication, QModelIndex,
                            QPersistentModelIndex, QSortFilterProxyModel, Qt, Slot)
from PySide6.QtWidgets import (QAbstractItemView, QCheckBox, QComboBox, QFormLayout, QHBoxLayout, QHeaderView, QLabel,
                               QLineEdit, QPlainTextEdit, QPushButton, QSplitter, QTableView, QVBoxLayout, QWidget)

from ketenregie.domain.cases import PartnerType
from ketenregie.domain.partner_directory import Channel, DirectoryEntry, address_lines
from ketenregie.services.referral import ReferralService
from ketenregie.store.errors import StoreError
from ketenregie.store.partner_directory_repository import TypeChangeNeedsConfirmation
from ketenregie.ui.icons import set_icon
from ketenregie.ui.messages import messenger
from ketenregie.ui.style import heading_font, message_label, set_message
from ketenregie.ui.views.registry import VIEWS, ViewContext, ViewSpec

_Index = QModelIndex | QPersistentModelIndex


def tr(text: str) -> str:
    return QCoreApplication.translate("PartnersView", text)


class PartnerTableModel(QAbstractTableModel):
    COLUMNS = (QT_TRANSLATE_NOOP("PartnersView", "Naam"), QT_TRANSLATE_NOOP("PartnersView", "Soort"),
               QT_TRANSLATE_NOOP("PartnersView", "Contactpersoon"), QT_TRANSLATE_NOOP("PartnersView", "Kanaal"),
               QT_TRANSLATE_NOOP("PartnersView", "Actief"))

    def __init__(self, parent=None) -> None:
        super().__init__(parent)
        self._entries: list[DirectoryEntry] = []

    def set_entries(self, entries: list[DirectoryEntry]) -> None:
        self.beginResetModel()
        self._entries = list(entries)
        self.endResetModel()

    def entry(self, row: int) -> DirectoryEntry:
        return self._entries[row]

    def row_of(self, partner_id: int) -> int:
        return next((i for i, e in enumerate(self._entries) if e.id == partner_id), -1)

    def rowCount(self, parent: _Index = QModelIndex()) -> int:  # noqa: N802, B008
        return 0 if parent.isValid() else len(self._entries)

    def columnCount(self, parent: _Index = QModelIndex()) -> int:  # noqa: N802, B008
        return 0 if parent.isValid() else len(self.COLUMNS)

    def data(self, index: _Index, role: int = Qt.ItemDataRole.DisplayRole) -> Any:
        if not index.isValid() or role not in (Qt.ItemDataRole.DisplayRole, Qt.ItemDataRole.AccessibleTextRole):
            return None
        e = self._entries[index.row()]
        return (e.name, e.type.label_nl, e.contact_person, e.channel.label_nl,
                tr("ja") if e.active else tr("nee"))[index.column()]

    def headerData(self, section: int, orientation: Qt.Orientation,  # noqa: N802
                   role: int = Qt.ItemDataRole.DisplayRole) -> Any:
        if role == Qt.ItemDataRole.DisplayRole and orientation == Qt.Orientation.Horizontal:
            return tr(self.COLUMNS[section])
        return None


class PartnersView(QWidget):
    def __init__(self, context: ViewContext, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self._context = context
        self.service = ReferralService(context.register)
        self._current: DirectoryEntry | None = None
        self.setAccessibleName(tr("Partners"))
        self._build()
        problem = self.service.sync_directory()
        self.read_only = self.service.directory_read_only()
        if problem:
            set_message(self.message, problem, "warning")
        elif self.read_only:
            set_message(self.message, tr("Deze partnerlijst wordt beheerd door IT en kan hier niet worden "
                                         "gewijzigd."), "info")
        self._apply_read_only()
        self.refresh()

    def _build(self) -> None:
        outer = QVBoxLayout(self)
        heading = QLabel(tr("Partnerlijst"), self)
        heading.setFont(heading_font(self))
        heading.setAccessibleName(tr("Partnerlijst"))
        outer.addWidget(heading)
        self.message = message_label(self, tr("Melding"))
        outer.addWidget(self.message)
        splitter = QSplitter(Qt.Orientation.Horizontal, self)
        outer.addWidget(splitter, 1)
        self.model = PartnerTableModel(self)
        self.proxy = QSortFilterProxyModel(self)
        self.proxy.setSourceModel(self.model)
        self.table = QTableView(splitter)
        self.table.setModel(self.proxy)
        self.table.setAccessibleName(tr("Partners"))
        self.table.setSortingEnabled(True)
        self.table.setSelectionBehavior(QAbstractItemView.SelectionBehavior.SelectRows)
        self.table.setSelectionMode(QAbstractItemView.SelectionMode.SingleSelection)
        self.table.setEditTriggers(QAbstractItemView.EditTrigger.NoEditTriggers)
        self.table.verticalHeader().hide()
        self.table.horizontalHeader().setSectionResizeMode(QHeaderView.ResizeMode.ResizeToContents)
        self.table.horizontalHeader().setStretchLastSection(True)
        self.table.selectionModel().currentRowChanged.connect(self._row_changed)

        editor = QWidget(splitter)
        form = QFormLayout(editor)
        self.code_edit = QLineEdit(editor)
        self.code_edit.setAccessibleName(tr("Code (vast kenmerk)"))
        self.name_edit = QLineEdit(editor)
        self.name_edit.setAccessibleName(tr("Naam van de organisatie"))
        self.type_combo = QComboBox(editor)
        self.type_combo.setAccessibleName(tr("Soort partner"))
        for code, label in PartnerType.choices_nl():
            self.type_combo.addItem(label, code)
        self.address_edit = QPlainTextEdit(editor)
        self.address_edit.setAccessibleName(tr("Adres"))
        self.address_edit.setTabChangesFocus(True)
        self.address_edit.setFixedHeight(80)
        self.contact_edit = QLineEdit(editor)
        self.contact_edit.setAccessibleName(tr("Contactpersoon of team"))
        self.phone_edit = QLineEdit(editor)
        self.phone_edit.setAccessibleName(tr("Telefoon"))
        self.email_edit = QLineEdit(editor)
        self.email_edit.setAccessibleName(tr("E-mail"))
        self.channel_combo = QComboBox(editor)
        self.channel_combo.setAccessibleName(tr("Kanaal voor brieven"))
        for channel in Channel:
            self.channel_combo.addItem(channel.label_nl, channel.value)
        self.channel_detail_edit = QLineEdit(editor)
        self.channel_detail_edit.setAccessibleName(tr("Toelichting kanaal"))
        self.channel_detail_edit.setPlaceholderText(tr("Bijvoorbeeld welk beveiligd mailsysteem"))
        self.active_check = QCheckBox(tr("&Actief"), editor)
        self.active_check.setAccessibleName(tr("Partner is actief"))
        for combo in (self.type_combo, self.channel_combo):
            combo.view().setAccessibleName(combo.accessibleName())
        form.addRow(tr("&Code:"), self.code_edit)
        form.addRow(tr("&Naam:"), self.name_edit)
        form.addRow(tr("Soo&rt:"), self.type_combo)
        form.addRow(tr("A&dres:"), self.address_edit)
        form.addRow(tr("C&ontactpersoon:"), self.contact_edit)
        form.addRow(tr("&Telefoon:"), self.phone_edit)
        form.addRow(tr("&E-mail:"), self.email_edit)
        form.addRow(tr("&Kanaal:"), self.channel_combo)
        form.addRow(tr("Toel&ichting:"), self.channel_detail_edit)
        form.addRow(self.active_check)
        buttons = QHBoxLayout()
        self.new_button = QPushButton(tr("Nieuwe &partner"), editor)
        self.new_button.setAccessibleName(tr("Nieuwe partner toevoegen"))
        self.save_button = QPushButton(tr("Op&slaan"), editor)
        set_icon(self.save_button, "save")
        self.save_button.setAccessibleName(tr("Partner opslaan"))
        buttons.addWidget(self.new_button)
        buttons.addStretch(1)
        buttons.addWidget(self.save_button)
        form.addRow(buttons)
        self.new_button.clicked.connect(self.new_partner)
        self.save_button.clicked.connect(self.save)
        self._inputs = (self.code_edit, self.name_edit, self.type_combo, self.address_edit, self.contact_edit,
                        self.phone_edit, self.email_edit, self.channel_combo, self.channel_detail_edit,
                        self.active_check)

    def _apply_read_only(self) -> None:
        for widget in self._inputs:
            if isinstance(widget, (QLineEdit, QPlainTextEdit)):
                widget.setReadOnly(self.read_only)
            else:
                widget.setEnabled(not self.read_only)
        self.new_button.setEnabled(not self.read_only)
        self.save_button.setEnabled(not self.read_only)

    @Slot()
    def refresh(self) -> None:
        self.model.set_entries(self.service.partners(include_inactive=True))

    def select(self, partner_id: int) -> None:
        row = self.model.row_of(partner_id)
        if row >= 0:
            self.table.setCurrentIndex(self.proxy.mapFromSource(self.model.index(row, 0)))

    @Slot()
    def _row_changed(self, current, _previous=None) -> None:
        if not current.isValid():
            return
        self._show(self.model.entry(self.proxy.mapToSource(current).row()))

    def _show(self, entry: DirectoryEntry | None) -> None:
        self._current = entry
        entry = entry or DirectoryEntry(code="", name="", type=PartnerType.OTHER)
        self.code_edit.setText(entry.code)
        self.code_edit.setReadOnly(self.read_only or entry.id is not None)  # a shipped code never changes
        self.name_edit.setText(entry.name)
        self.type_combo.setCurrentIndex(self.type_combo.findData(entry.type.value))
        self.address_edit.setPlainText(entry.address_text)
        self.contact_edit.setText(entry.contact_person)
        self.phone_edit.setText(entry.phone)
        self.email_edit.setText(entry.email)
        self.channel_combo.setCurrentIndex(self.channel_combo.findData(entry.channel.value))
        self.channel_detail_edit.setText(entry.channel_detail)
        self.active_check.setChecked(entry.active)

    @Slot()
    def new_partner(self) -> None:
        self.table.clearSelection()
        self._show(None)
        self.code_edit.setFocus()

    def edited(self) -> DirectoryEntry:
        base = self._current or DirectoryEntry(code="", name="", type=PartnerType.OTHER)
        return replace(base, code=self.code_edit.text().strip(), name=self.name_edit.text().strip(),
                       type=PartnerType.from_code(self.type_combo.currentData()),
                       address_lines=address_lines(self.address_edit.toPlainText()),
                       contact_person=self.contact_edit.text().strip(), phone=self.phone_edit.text().strip(),
                       email=self.email_edit.text().strip(), channel=Channel(self.channel_combo.currentData()),
                       channel_detail=self.channel_detail_edit.text().strip(), active=self.active_check.isChecked())

    @Slot()
    def save(self) -> None:
        entry = self.edited()
        try:
            try:
                partner_id = self.service.save_partner(entry)
            except TypeChangeNeedsConfirmation as ask:
                if not messenger().question(self, tr("Soort partner wijzigen"), ask.user_message):
                    set_message(self.message, tr("Niet opgeslagen: de soort is niet gewijzigd."), "info")
                    return
                partner_id = self.service.save_partner(entry, confirmed=True)
        except StoreError as exc:
            set_message(self.message, exc.user_message, "error")
            return
        self.refresh()
        self.select(partner_id)
        set_message(self.message, tr("De partner is opgeslagen."), "ok")

    def release(self) -> None:
        self.model.set_entries([])
        self._context = ViewContext(None, None, None)


VIEWS.register(ViewSpec("partners", QT_TRANSLATE_NOOP("Views", "Partners"), PartnersView, order=70,
                        description=QT_TRANSLATE_NOOP("Views", "De ketenpartners met adres, contactpersoon en "
                                                               "kanaal.")))
