"""Dialogs of the letters view: recording the basis for sharing, previewing the pages, and saving.

Dialogs are opened with `open()` (never a blocking exec), so tests can drive them, and hold personal data only
while open: the lock manager closes open dialogs before it drops the register."""
from __future__ import annotations

from datetime import date
from pathlib import Path

from PySide6.QtCore import QDate, Qt, Slot
from PySide6.QtGui import QImage, QPixmap, QStandardItem, QStandardItemModel
from PySide6.QtWidgets import (QButtonGroup, QCheckBox, QComboBox, QDateEdit, QDialog, QDialogButtonBox,
                               QFileDialog, QFormLayout, QHBoxLayout, QLabel, QLineEdit, QListView, QPushButton,
                               QRadioButton, QScrollArea, QTabWidget, QVBoxLayout, QWidget)

from ketenregie.documents.pdf_encryption import MIN_PASSWORD_LENGTH
from ketenregie.domain.consent import BasisInvalid, BasisKind, ConsentForm
from ketenregie.domain.referral_fields import labels_nl, ordered
from ketenregie.services.referral import NOT_PROTECTED_NOTICE
from ketenregie.ui.icons import set_icon
from ketenregie.ui.letters.models import tr
from ketenregie.ui.file_dialogs import documents_folder
from ketenregie.ui.style import message_label, set_message


def date_edit(parent: QWidget, value: date, *, maximum: date | None = None) -> QDateEdit:
    edit = QDateEdit(parent)
    edit.setDisplayFormat("dd-MM-yyyy")
    edit.setCalendarPopup(True)
    edit.setDate(QDate(value.year, value.month, value.day))
    if maximum is not None:
        edit.setMaximumDate(QDate(maximum.year, maximum.month, maximum.day))
    return edit


def qdate_to_date(value: QDate) -> date:
    return date(value.year(), value.month(), value.day())


# --- the basis for sharing --------------------------------------------------------------------------------------

class BasisDialog(QDialog):
    """Record the Wgs task or the resident's consent (date, oral/written, scope) for one case and partner."""

    def __init__(self, service, case, partner, *, today: date, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setAttribute(Qt.WidgetAttribute.WA_DeleteOnClose)  # closed = destroyed, with its data
        self._service, self._case, self._partner = service, case, partner
        self.recorded = None
        profile = service.profile_for(partner)
        self._profile = profile
        self.setWindowTitle(tr("Grondslag vastleggen"))
        self.setAccessibleName(tr("Grondslag vastleggen"))
        layout = QVBoxLayout(self)
        intro = QLabel(tr("Waarom mogen gegevens van casus {case} naar {partner}? Leg de wettelijke taak of de "
                          "toestemming van de inwoner vast.").format(case=case.case_number, partner=partner.name), self)
        intro.setWordWrap(True)
        intro.setAccessibleName(tr("Uitleg"))
        layout.addWidget(intro)
        form = QFormLayout()
        self.kind_combo = QComboBox(self)
        self.kind_combo.setAccessibleName(tr("Soort grondslag"))
        for kind in (BasisKind.CONSENT, BasisKind.WGS_TASK):
            if profile is not None and kind in profile.bases:
                self.kind_combo.addItem(tr(kind.label_nl), kind.value)
        self.kind_combo.view().setAccessibleName(self.kind_combo.accessibleName())
        form.addRow(tr("&Grondslag:"), self.kind_combo)
        self.date_edit = date_edit(self, today, maximum=today)
        self.date_edit.setAccessibleName(tr("Datum van de toestemming"))
        form.addRow(tr("&Datum:"), self.date_edit)
        form_row = QHBoxLayout()
        self.oral_radio = QRadioButton(tr("&Mondeling"), self)
        self.written_radio = QRadioButton(tr("&Schriftelijk"), self)
        self.oral_radio.setAccessibleName(tr("Mondeling gegeven"))
        self.written_radio.setAccessibleName(tr("Schriftelijk gegeven"))
        self._form_group = QButtonGroup(self)
        self._form_group.addButton(self.oral_radio)
        self._form_group.addButton(self.written_radio)
        form_row.addWidget(self.oral_radio)
        form_row.addWidget(self.written_radio)
        form_row.addStretch(1)
        self._form_label = QLabel(tr("Gegeven:"), self)
        form.addRow(self._form_label, form_row)
        layout.addLayout(form)
        scope_label = QLabel(tr("Welke gegevens mogen gedeeld worden (reikwijdte)?"), self)
        layout.addWidget(scope_label)
        self.scope_model = QStandardItemModel(self)
        allowed = profile.field_ids({"BsnEnabled": service.bsn_enabled}) if profile else frozenset()
        for field_id in ordered(allowed):
            item = QStandardItem(labels_nl([field_id])[0])
            item.setData(field_id, Qt.ItemDataRole.UserRole)
            item.setCheckable(True)
            item.setCheckState(Qt.CheckState.Checked)
            item.setEditable(False)
            self.scope_model.appendRow(item)
        self.scope_view = QListView(self)
        self.scope_view.setModel(self.scope_model)
        self.scope_view.setAccessibleName(tr("Reikwijdte van de toestemming"))
        scope_label.setBuddy(self.scope_view)
        layout.addWidget(self.scope_view, 1)
        self.message = message_label(self, tr("Melding"))
        layout.addWidget(self.message)
        self.buttons = QDialogButtonBox(QDialogButtonBox.StandardButton.Save
                                        | QDialogButtonBox.StandardButton.Cancel, self)
        self.buttons.button(QDialogButtonBox.StandardButton.Save).setText(tr("&Vastleggen"))
        self.buttons.button(QDialogButtonBox.StandardButton.Save).setAccessibleName(tr("Grondslag vastleggen"))
        self.buttons.button(QDialogButtonBox.StandardButton.Cancel).setAccessibleName(tr("Annuleren"))
        self.buttons.accepted.connect(self.save)
        self.buttons.rejected.connect(self.reject)
        layout.addWidget(self.buttons)
        self.kind_combo.currentIndexChanged.connect(self._kind_changed)
        self._kind_changed()

    def kind(self) -> BasisKind:
        return BasisKind(self.kind_combo.currentData())

    @Slot()
    def _kind_changed(self) -> None:
        consent = self.kind_combo.count() > 0 and self.kind() == BasisKind.CONSENT
        for widget in (self.oral_radio, self.written_radio, self._form_label):
            widget.setEnabled(consent)

    def scope(self) -> set[str]:
        return {self.scope_model.item(row).data(Qt.ItemDataRole.UserRole)
                for row in range(self.scope_model.rowCount())
                if self.scope_model.item(row).checkState() == Qt.CheckState.Checked}

    @Slot()
    def save(self) -> None:
        if self.kind_combo.count() == 0:
            set_message(self.message, tr("Voor dit soort partner kan niets worden gedeeld."), "error")
            return
        kind = self.kind()
        form = None
        if kind == BasisKind.CONSENT:
            form = (ConsentForm.ORAL if self.oral_radio.isChecked()
                    else ConsentForm.WRITTEN if self.written_radio.isChecked() else None)
        try:
            self.recorded = self._service.record_basis(self._case, self._partner, kind,
                                                       qdate_to_date(self.date_edit.date()), self.scope(), form)
        except BasisInvalid as exc:
            set_message(self.message, " ".join(exc.problems), "error")
            return
        self.accept()


# --- preview ------------------------------------------------------------------------------------------------------

def rasterise(pdf: bytes, scale: float = 1.2) -> list[tuple[bytes, int, int, int]]:
    """Pages of a PDF as RGB buffers (data, width, height, stride) — runs on a worker thread, creates no Qt
    objects. pypdfium2 is used because QtPdf is not part of PySide6-Essentials."""
    import pypdfium2 as pdfium

    document = pdfium.PdfDocument(pdf)
    try:
        pages = []
        for index in range(len(document)):
            page = document[index]
            bitmap = page.render(scale=scale, rev_byteorder=True, may_draw_forms=False)
            pages.append((bytes(bitmap.buffer), bitmap.width, bitmap.height, bitmap.stride))
            bitmap.close()
            page.close()
        return pages
    finally:
        document.close()


def page_image(page: tuple[bytes, int, int, int]) -> QImage:
    data, width, height, stride = page
    return QImage(data, width, height, stride, QImage.Format.Format_RGB888).copy()  # copy: own the pixels


class PreviewDialog(QDialog):
    """The pages as they will be saved, one tab per document. Nothing is written to disk."""

    def __init__(self, documents: list[tuple[str, list[tuple[bytes, int, int, int]]]],
                 parent: QWidget | None = None, *, pdfs: list[bytes] | None = None, on_printed=None) -> None:
        super().__init__(parent)
        self.setAttribute(Qt.WidgetAttribute.WA_DeleteOnClose)  # closed = destroyed, with its data
        self._pdfs = list(pdfs or [])  # per tab, for printing (issue 15 item 11)
        self._on_printed = on_printed  # (tab index) -> None: the caller records the print in the audit log
        self.ask_printer = None  # seam: None = the system print dialog (ui/printing.ask_printer)
        self.setWindowTitle(tr("Voorbeeld"))
        self.setAccessibleName(tr("Voorbeeld van de brief"))
        self.resize(820, 900)
        layout = QVBoxLayout(self)
        self.tabs = QTabWidget(self)
        self.tabs.setAccessibleName(tr("Documenten"))
        self.page_labels: list[QLabel] = []
        for title, pages in documents:
            holder = QWidget()
            column = QVBoxLayout(holder)
            for number, page in enumerate(pages, start=1):
                label = QLabel(holder)
                label.setPixmap(QPixmap.fromImage(page_image(page)))
                label.setAccessibleName(tr("Pagina {n} van {total}").format(n=number, total=len(pages)))
                label.setAlignment(Qt.AlignmentFlag.AlignHCenter)
                column.addWidget(label)
                self.page_labels.append(label)
            scroll = QScrollArea(self.tabs)
            scroll.setWidget(holder)
            scroll.setWidgetResizable(True)
            scroll.setAccessibleName(title)
            self.tabs.addTab(scroll, title)
        layout.addWidget(self.tabs, 1)
        buttons = QDialogButtonBox(QDialogButtonBox.StandardButton.Close, self)
        buttons.button(QDialogButtonBox.StandardButton.Close).setText(tr("&Sluiten"))
        buttons.button(QDialogButtonBox.StandardButton.Close).setAccessibleName(tr("Voorbeeld sluiten"))
        buttons.rejected.connect(self.reject)
        self.print_button = buttons.addButton(tr("&Afdrukken…"), QDialogButtonBox.ButtonRole.ActionRole)
        self.print_button.setAccessibleName(tr("Dit document afdrukken"))
        set_icon(self.print_button, "print")
        self.print_button.setVisible(bool(self._pdfs))
        self.print_button.clicked.connect(self.print_current)
        layout.addWidget(buttons)

    def print_current(self) -> bool:
        """Print the document of the current tab through the system print dialog."""
        from ketenregie.ui.printing import ask_printer, print_pdf  # noqa: PLC0415

        index = self.tabs.currentIndex()
        if not 0 <= index < len(self._pdfs):
            return False
        if not print_pdf(self._pdfs[index], self, ask=self.ask_printer or ask_printer):
            return False
        if self._on_printed is not None:
            self._on_printed(index)
        return True

    def done(self, result: int) -> None:  # drop the page images (personal data) as soon as the dialog closes
        for label in self.page_labels:
            label.clear()
        self._pdfs = []
        super().done(result)


# --- saving -------------------------------------------------------------------------------------------------------

class SaveDialog(QDialog):
    """Where to save (a folder: file names are made from case number, kind and date), the notice that the file is
    no longer protected by the register, and an optional password (AES-256)."""

    def __init__(self, file_names: list[str], *, folder: Path | None = None, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setAttribute(Qt.WidgetAttribute.WA_DeleteOnClose)  # closed = destroyed, with its data
        self.setWindowTitle(tr("Brief opslaan"))
        self.setAccessibleName(tr("Brief opslaan"))
        layout = QVBoxLayout(self)
        notice = QLabel(tr(NOT_PROTECTED_NOTICE), self)
        notice.setWordWrap(True)
        notice.setAccessibleName(tr("Let op: buiten het register"))
        set_message(notice, tr(NOT_PROTECTED_NOTICE), "warning")
        layout.addWidget(notice)
        names = QLabel(tr("Bestanden: {names}").format(names=", ".join(file_names)), self)
        names.setWordWrap(True)
        names.setAccessibleName(tr("Bestandsnamen"))
        layout.addWidget(names)
        form = QFormLayout()
        folder_row = QHBoxLayout()
        self.folder_edit = QLineEdit(str(folder or documents_folder()), self)
        self.folder_edit.setAccessibleName(tr("Map om op te slaan"))
        self.browse_button = QPushButton(tr("&Kiezen…"), self)
        self.browse_button.setAccessibleName(tr("Map kiezen"))
        self.browse_button.clicked.connect(self._browse)
        folder_row.addWidget(self.folder_edit, 1)
        folder_row.addWidget(self.browse_button)
        folder_label = QLabel(tr("&Map:"), self)
        folder_label.setBuddy(self.folder_edit)
        form.addRow(folder_label, folder_row)
        self.protect_check = QCheckBox(tr("&Beveiligen met een wachtwoord (AES-256)"), self)
        self.protect_check.setAccessibleName(tr("Beveiligen met een wachtwoord"))
        form.addRow(self.protect_check)
        self.password_edit = QLineEdit(self)
        self.password_edit.setEchoMode(QLineEdit.EchoMode.Password)
        self.password_edit.setAccessibleName(tr("Wachtwoord"))
        self.repeat_edit = QLineEdit(self)
        self.repeat_edit.setEchoMode(QLineEdit.EchoMode.Password)
        self.repeat_edit.setAccessibleName(tr("Wachtwoord herhalen"))
        form.addRow(tr("Wacht&woord:"), self.password_edit)
        form.addRow(tr("&Herhalen:"), self.repeat_edit)
        layout.addLayout(form)
        hint = QLabel(tr("Geef het wachtwoord via een ander kanaal door dan de brief (bijvoorbeeld telefonisch)."),
                      self)
        hint.setWordWrap(True)
        hint.setAccessibleName(tr("Tip over het wachtwoord"))
        layout.addWidget(hint)
        self.message = message_label(self, tr("Melding"))
        layout.addWidget(self.message)
        self.buttons = QDialogButtonBox(QDialogButtonBox.StandardButton.Save
                                        | QDialogButtonBox.StandardButton.Cancel, self)
        self.buttons.button(QDialogButtonBox.StandardButton.Save).setText(tr("&Opslaan"))
        self.buttons.button(QDialogButtonBox.StandardButton.Save).setAccessibleName(tr("Opslaan"))
        self.buttons.button(QDialogButtonBox.StandardButton.Cancel).setAccessibleName(tr("Annuleren"))
        self.buttons.accepted.connect(self._check)
        self.buttons.rejected.connect(self.reject)
        layout.addWidget(self.buttons)
        self.protect_check.toggled.connect(self._protect_toggled)
        self._protect_toggled(False)

    @Slot(bool)
    def _protect_toggled(self, on: bool) -> None:
        self.password_edit.setEnabled(on)
        self.repeat_edit.setEnabled(on)
        if not on:
            self.password_edit.clear()
            self.repeat_edit.clear()

    @Slot()
    def _browse(self) -> None:
        chosen = QFileDialog.getExistingDirectory(self, tr("Map kiezen"), self.folder_edit.text())
        if chosen:
            self.folder_edit.setText(chosen)

    def folder(self) -> Path | None:
        text = self.folder_edit.text().strip()
        return Path(text) if text else None

    def password(self) -> str | None:
        return self.password_edit.text() if self.protect_check.isChecked() else None

    @Slot()
    def _check(self) -> None:
        folder = self.folder()
        if folder is None or not folder.is_dir():
            set_message(self.message, tr("Kies een bestaande map."), "error")
            return
        if self.protect_check.isChecked():
            if len(self.password_edit.text()) < MIN_PASSWORD_LENGTH:
                set_message(self.message, tr("Kies een wachtwoord van minstens {n} tekens.").format(
                    n=MIN_PASSWORD_LENGTH), "error")
                return
            if self.password_edit.text() != self.repeat_edit.text():
                set_message(self.message, tr("De twee wachtwoorden zijn niet gelijk."), "error")
                return
        self.accept()

    def done(self, result: int) -> None:
        if result != QDialog.DialogCode.Accepted:
            self.password_edit.clear()
            self.repeat_edit.clear()
        super().done(result)
