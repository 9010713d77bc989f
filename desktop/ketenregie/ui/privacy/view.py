"""Privacy view: every personal-data field the register can hold, why, on which basis, for how long and who may
receive it — rendered from resources/privacy/catalogue.toml. Shows the catalogue, never case data, so it can stay
open in presentation mode; it can be saved as a PDF for IT and the FG."""
from __future__ import annotations

from collections.abc import Callable
from pathlib import Path
from typing import Any

from PySide6.QtCore import (QT_TRANSLATE_NOOP, QAbstractTableModel, QCoreApplication, QModelIndex,
                            QPersistentModelIndex, QSortFilterProxyModel, Qt, Slot)
from PySide6.QtWidgets import (QAbstractItemView, QComboBox, QFileDialog, QHBoxLayout, QHeaderView, QLabel,
                               QLineEdit, QPushButton, QTableView, QTextBrowser, QVBoxLayout, QWidget)

from ketenregie.atomic import write_atomic
from ketenregie.documents.processing_record import render_processing_record
from ketenregie.domain.privacy_catalogue import CATALOGUE_RESOURCE, CATEGORIES, PrivacyCatalogue, load_catalogue
from ketenregie.resources import resource_path
from ketenregie.ui.column_fit import ColumnFit
from ketenregie.ui.icons import set_icon
from ketenregie.ui.accessibility import name_qt_internals
from ketenregie.ui.background import run_in_background
from ketenregie.ui.errors import user_message
from ketenregie.ui.style import heading_font, set_message
from ketenregie.ui.file_dialogs import documents_folder
from ketenregie.ui.views.registry import VIEWS, ViewContext, ViewSpec

translate = QCoreApplication.translate
PDF_FILE_NAME = "privacycatalogus-ketenregie.pdf"


class CatalogueModel(QAbstractTableModel):
    COLUMNS = (QT_TRANSLATE_NOOP("PrivacyView", "Gegeven"), QT_TRANSLATE_NOOP("PrivacyView", "Categorie"),
               QT_TRANSLATE_NOOP("PrivacyView", "Doel"), QT_TRANSLATE_NOOP("PrivacyView", "Grondslag"),
               QT_TRANSLATE_NOOP("PrivacyView", "Bewaartermijn"), QT_TRANSLATE_NOOP("PrivacyView", "Ontvangers"))
    CATEGORY_ROLE = Qt.ItemDataRole.UserRole + 1

    def __init__(self, catalogue: PrivacyCatalogue, parent=None) -> None:
        super().__init__(parent)
        self.catalogue = catalogue
        self._rows = [self._row(field) for field in catalogue.fields]

    def _row(self, field) -> tuple[str, ...]:
        basis = self.catalogue.legal_bases[field.legal_basis]
        rule = self.catalogue.retention_rules[field.retention]
        recipients = ", ".join(self.catalogue.recipients[r].label for r in field.recipients)
        return (field.label, CATEGORIES[field.category], field.purpose, basis.label, rule.label,
                recipients or translate("PrivacyView", "Blijft in het register"))

    def rowCount(self, parent: QModelIndex | QPersistentModelIndex = QModelIndex()) -> int:  # noqa: N802, B008
        return 0 if parent.isValid() else len(self._rows)

    def columnCount(self, parent: QModelIndex | QPersistentModelIndex = QModelIndex()) -> int:  # noqa: N802, B008
        return 0 if parent.isValid() else len(self.COLUMNS)

    def data(self, index: QModelIndex | QPersistentModelIndex, role: int = Qt.ItemDataRole.DisplayRole) -> Any:
        if not index.isValid():
            return None
        if role in (Qt.ItemDataRole.DisplayRole, Qt.ItemDataRole.ToolTipRole):
            return self._rows[index.row()][index.column()]
        if role == self.CATEGORY_ROLE:
            return self.catalogue.fields[index.row()].category
        return None

    def headerData(self, section: int, orientation: Qt.Orientation,  # noqa: N802
                   role: int = Qt.ItemDataRole.DisplayRole) -> Any:
        if orientation == Qt.Orientation.Horizontal and role == Qt.ItemDataRole.DisplayRole:
            return translate("PrivacyView", self.COLUMNS[section])
        return None


class CatalogueFilter(QSortFilterProxyModel):
    def __init__(self, parent=None) -> None:
        super().__init__(parent)
        self.category = ""
        self.setFilterCaseSensitivity(Qt.CaseSensitivity.CaseInsensitive)
        self.setFilterKeyColumn(-1)

    def set_category(self, category: str) -> None:
        self.beginFilterChange()
        self.category = category
        self.endFilterChange(QSortFilterProxyModel.Direction.Rows)

    def filterAcceptsRow(self, row: int, parent: QModelIndex | QPersistentModelIndex) -> bool:  # noqa: N802
        if self.category:
            index = self.sourceModel().index(row, 0, parent)
            if index.data(CatalogueModel.CATEGORY_ROLE) != self.category:
                return False
        return super().filterAcceptsRow(row, parent)


class PrivacyView(QWidget):
    def __init__(self, context: ViewContext | None = None, parent: QWidget | None = None,
                 catalogue: PrivacyCatalogue | None = None) -> None:
        super().__init__(parent)
        self.setAccessibleName(translate("PrivacyView", "Privacy"))
        self.catalogue = catalogue or load_catalogue(resource_path(*CATALOGUE_RESOURCE))
        # Test seam: returns the chosen path or "" (cancelled).
        self.ask_save_path: Callable[[str], str] = self._ask_save_path

        layout = QVBoxLayout(self)
        top = QHBoxLayout()
        heading = QLabel(translate("PrivacyView", "Privacycatalogus"), self)
        heading.setFont(heading_font(self))
        heading.setAccessibleName(heading.text())
        self.export_button = QPushButton(translate("PrivacyView", "Opslaan als &PDF…"), self)
        set_icon(self.export_button, "pdf")
        self.export_button.setAccessibleName(translate("PrivacyView", "Privacycatalogus opslaan als PDF"))
        self.export_button.clicked.connect(self.export_pdf)
        self.print_button = QPushButton(translate("PrivacyView", "Afdru&kken…"), self)
        set_icon(self.print_button, "print")
        self.print_button.setAccessibleName(translate("PrivacyView", "Privacycatalogus afdrukken"))
        self.print_button.clicked.connect(self.print_catalogue)
        self.ask_printer = None  # seam: None = the system print dialog (issue 15 item 11)
        top.addWidget(heading)
        top.addStretch(1)
        top.addWidget(self.export_button)
        top.addWidget(self.print_button)
        layout.addLayout(top)

        intro = QLabel(translate(
            "PrivacyView", "Alle persoonsgegevens die het register kan bevatten: waarvoor, op welke grondslag, hoe "
                           "lang ze bewaard worden en wie ze mag ontvangen. Dit overzicht dient ook als "
                           "verwerkingsregister (AVG art. 30)."), self)
        intro.setWordWrap(True)
        intro.setAccessibleName(translate("PrivacyView", "Uitleg"))
        layout.addWidget(intro)

        filters = QHBoxLayout()
        self.search = QLineEdit(self)
        self.search.setPlaceholderText(translate("PrivacyView", "Zoek in de catalogus"))
        self.search.setAccessibleName(translate("PrivacyView", "Zoeken in de privacycatalogus"))
        self.search.setClearButtonEnabled(True)
        self.category_combo = QComboBox(self)
        self.category_combo.setAccessibleName(translate("PrivacyView", "Categorie"))
        self.category_combo.addItem(translate("PrivacyView", "Alle categorieën"), "")
        for key, label in CATEGORIES.items():
            self.category_combo.addItem(label, key)
        filters.addWidget(self.search, 2)
        filters.addWidget(self.category_combo, 1)
        layout.addLayout(filters)

        self.model = CatalogueModel(self.catalogue, self)
        self.proxy = CatalogueFilter(self)
        self.proxy.setSourceModel(self.model)
        self.table = QTableView(self)
        self.table.setModel(self.proxy)
        self.table.setAccessibleName(translate("PrivacyView", "Persoonsgegevens in het register"))
        self.table.setSelectionBehavior(QAbstractItemView.SelectionBehavior.SelectRows)
        self.table.setSelectionMode(QAbstractItemView.SelectionMode.SingleSelection)
        self.table.setEditTriggers(QAbstractItemView.EditTrigger.NoEditTriggers)
        self.table.setWordWrap(False)
        self.table.setSortingEnabled(True)
        self.table.verticalHeader().hide()
        # Columns fit the width, headers never cut off (issue 15 item 8); cells elide, their tooltip has it all.
        self.column_fit = ColumnFit(self.table, compact={1: "Identificerend", 3: "Wettelijke taak",
                                                         4: "Casus schuldhulp"},
                                    stretch={0: 150, 2: 150, 5: 150})
        layout.addWidget(self.table, 3)

        self.details = QTextBrowser(self)
        self.details.setAccessibleName(translate("PrivacyView", "Toelichting bij het gekozen gegeven"))
        self.details.setOpenLinks(False)
        layout.addWidget(self.details, 1)
        self.message = QLabel(self)
        self.message.setWordWrap(True)
        self.message.setAccessibleName(translate("PrivacyView", "Melding"))
        layout.addWidget(self.message)

        self.search.textChanged.connect(self.proxy.setFilterFixedString)
        self.category_combo.currentIndexChanged.connect(
            lambda _i: self.proxy.set_category(self.category_combo.currentData()))
        self.table.selectionModel().currentRowChanged.connect(self._show_details)
        self.table.sortByColumn(-1, Qt.SortOrder.AscendingOrder)  # catalogue order until the user sorts
        if self.proxy.rowCount():
            self.table.selectRow(0)
        name_qt_internals(self)

    @Slot(QModelIndex, QModelIndex)
    def _show_details(self, current: QModelIndex, _previous: QModelIndex) -> None:
        if not current.isValid():
            self.details.clear()
            return
        field = self.catalogue.fields[self.proxy.mapToSource(current).row()]
        basis = self.catalogue.legal_bases[field.legal_basis]
        rule = self.catalogue.retention_rules[field.retention]
        parts = [f"<b>{_esc(field.label)}</b> <small>({_esc(field.key)})</small>",
                 f"<b>{_esc(translate('PrivacyView', 'Doel'))}:</b> {_esc(field.purpose)}",
                 f"<b>{_esc(translate('PrivacyView', 'Grondslag'))}:</b> {_esc(basis.label)} — "
                 f"{_esc(basis.article)}",
                 f"<b>{_esc(translate('PrivacyView', 'Bewaartermijn'))}:</b> {_esc(rule.label)}: {_esc(rule.term)} "
                 f"<small>({_esc(rule.source)})</small>"]
        for sub_id in rule.rules:  # a composite rule (the case file) lists the rules it chooses from
            sub = self.catalogue.retention_rules[sub_id]
            parts.append(f"&nbsp;&nbsp;• {_esc(sub.label)}: {_esc(sub.term)}")
        if field.note:
            parts.append(_esc(field.note))
        self.details.setHtml("<br>".join(parts))

    def _ask_save_path(self, proposal: str) -> str:
        path, _filter = QFileDialog.getSaveFileName(self, translate("PrivacyView", "Privacycatalogus opslaan"),
                                                    proposal, translate("PrivacyView", "PDF-bestanden (*.pdf)"))
        return path

    @Slot()
    def export_pdf(self):
        """Render and save off the UI thread; returns the BackgroundTask (None when cancelled)."""
        target = self.ask_save_path(str(documents_folder() / PDF_FILE_NAME))
        if not target:
            return None
        self.export_button.setEnabled(False)
        set_message(self.message, translate("PrivacyView", "PDF wordt gemaakt…"))
        catalogue = self.catalogue

        def work() -> Path:
            path = Path(target)
            write_atomic(path, render_processing_record(catalogue))
            return path

        return run_in_background(work, on_success=self._exported, on_failure=self._export_failed)

    @Slot()
    def print_catalogue(self):
        """The same PDF through the system print dialog, rendered in memory; returns the PrintJob."""
        from ketenregie.ui.printing import print_rendered  # noqa: PLC0415 - QtPrintSupport on first use

        catalogue = self.catalogue
        set_message(self.message, translate("PrivacyView", "Wordt klaargemaakt om af te drukken…"))
        return print_rendered(self, lambda: render_processing_record(catalogue), ask=self.ask_printer,
                              on_done=self._printed, on_failure=self._export_failed)

    @Slot(bool)
    def _printed(self, printed: bool) -> None:
        set_message(self.message, translate("PrivacyView", "Naar de printer gestuurd.") if printed
                    else translate("PrivacyView", "Afdrukken geannuleerd."))

    @Slot(object)
    def _exported(self, path: Path) -> None:
        self.export_button.setEnabled(True)
        set_message(self.message, translate("PrivacyView", "Opgeslagen: %1").replace("%1", path.name))

    @Slot(object)
    def _export_failed(self, exc: BaseException) -> None:
        self.export_button.setEnabled(True)
        set_message(self.message, user_message(exc, "saving the privacy catalogue"), "error")


def _esc(text: str) -> str:
    return text.replace("&", "&amp;").replace("<", "&lt;").replace(">", "&gt;")


def _factory(context: ViewContext) -> QWidget:
    return PrivacyView(context)


VIEWS.register(ViewSpec("privacy", QT_TRANSLATE_NOOP("Views", "Privacy"), _factory, order=50,
                        description=QT_TRANSLATE_NOOP("Views", "De privacycatalogus: welke persoonsgegevens, "
                                                               "waarvoor, op welke grondslag en hoe lang.")))
