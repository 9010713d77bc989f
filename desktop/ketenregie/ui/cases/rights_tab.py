"""The case dialog's "Rechten (AVG)" tab and its dialogs: the resident's rights of AVG art. 15-17.

- "Inzage maken…" (art. 15): a folder is chosen (the user's documents folder is proposed; a chosen folder is never
  changed), then services/inzage.py writes the PDF and the JSON file off the UI thread; a lock meanwhile waits until
  the files and the audit entry are written.
- "Casus verwijderen op verzoek…" (art. 17): `ErasureDialog` shows what goes, per kind of data, as counts; the
  user types the case number to confirm; services/erasure.py destroys it in one transaction (the same steps as the
  retention purge) and the case dialog closes.
- `CorrectionDialog` (art. 16) corrects one journal entry or action text (services/rectification.py); the case
  dialog opens it from its Tijdlijn and Acties tabs.

Nothing here shows more than the case dialog already does; the erasure preview and messages hold counts only.
"""
from __future__ import annotations

from collections.abc import Callable
from datetime import date
from pathlib import Path

from PySide6.QtCore import QCoreApplication, QStandardPaths, Slot
from PySide6.QtWidgets import (QDialog, QDialogButtonBox, QFileDialog, QHBoxLayout, QLabel, QLineEdit,
                               QPlainTextEdit, QPushButton, QVBoxLayout, QWidget)

from ketenregie import APP_NAME
from ketenregie.domain import note_scanner
from ketenregie.domain.case_validation import CaseValidationError
from ketenregie.domain.cases import Case
from ketenregie.errors import UserFacingError
from ketenregie.services.erasure import ErasureReport, ErasureService
from ketenregie.services.inzage import InzageFiles, InzageService
from ketenregie.services.rectification import RectificationService
from ketenregie.ui.icons import set_icon
from ketenregie.ui.background import run_in_background
from ketenregie.ui.errors import user_message
from ketenregie.ui.privacy_mode import PrivacyMode
from ketenregie.ui.style import message_label, set_message
from ketenregie.ui.views.registry import ViewContext


def tr(text: str) -> str:
    return QCoreApplication.translate("CaseRights", text)


def _text_of(exc: BaseException, doing: str) -> str:
    if isinstance(exc, (UserFacingError, CaseValidationError)):
        return exc.user_message
    return user_message(exc, doing)


def documents_folder() -> Path:
    """The folder proposed for documents: the user's documents folder (never the home folder itself)."""
    found = QStandardPaths.writableLocation(QStandardPaths.StandardLocation.DocumentsLocation)
    return Path(found) if found else Path.home()


class RightsTab(QWidget):
    """`case_getter` gives the saved case (None for a new one); `on_erased(case_number)` runs after an erasure."""

    def __init__(self, context: ViewContext, case_getter: Callable[[], Case | None], privacy: PrivacyMode, *,
                 today: Callable[[], date] = date.today, on_erased: Callable[[str], None] | None = None,
                 parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self._context = context
        self._case = case_getter
        self._privacy = privacy
        self._today = today
        self._on_erased = on_erased
        self.choose_folder: Callable[[], Path | None] = self._ask_folder  # tests replace this
        self.dialog: ErasureDialog | None = None
        self.tasks: list = []
        self.last_files: InzageFiles | None = None
        self.setAccessibleName(tr("Rechten van de inwoner"))
        layout = QVBoxLayout(self)
        intro = QLabel(tr(
            "De inwoner heeft recht op inzage in alles wat over hem of haar is vastgelegd (AVG art. 15), op "
            "correctie van onjuiste gegevens (art. 16, via Corrigeren… op de tabbladen Tijdlijn en Acties) en op "
            "verwijdering (art. 17)."), self)
        intro.setWordWrap(True)
        intro.setAccessibleName(tr("Uitleg rechten"))
        layout.addWidget(intro)
        row = QHBoxLayout()
        self.inzage_button = QPushButton(tr("&Inzage maken…"), self)
        set_icon(self.inzage_button, "export")
        self.inzage_button.setAccessibleName(tr("Inzage maken (PDF en JSON)"))
        self.inzage_button.setToolTip(tr("Een leesbare PDF en een JSON-bestand met alle gegevens van deze casus"))
        self.inzage_button.clicked.connect(self.make_inzage)
        self.print_button = QPushButton(tr("Inzage afdru&kken…"), self)
        set_icon(self.print_button, "print")
        self.print_button.setAccessibleName(tr("Inzage afdrukken"))
        self.print_button.setToolTip(tr("De leesbare inzage op papier, via het afdrukvenster"))
        self.print_button.clicked.connect(self.print_inzage)
        self.ask_printer = None  # seam: None = the system print dialog (issue 15 item 11)
        self.erase_button = QPushButton(tr("Casus verwijderen op ver&zoek…"), self)
        set_icon(self.erase_button, "delete")
        self.erase_button.setAccessibleName(tr("Casus verwijderen op verzoek"))
        self.erase_button.clicked.connect(self.start_erasure)
        row.addWidget(self.inzage_button)
        row.addWidget(self.print_button)
        row.addWidget(self.erase_button)
        row.addStretch(1)
        layout.addLayout(row)
        self.message = message_label(self, tr("Melding rechten"))
        layout.addWidget(self.message)
        layout.addStretch(1)
        self.refresh()

    def refresh(self) -> None:
        saved = self._case() is not None
        self.inzage_button.setEnabled(saved)
        self.print_button.setEnabled(saved)
        self.erase_button.setEnabled(saved)
        if not saved:
            set_message(self.message, tr("Sla de hulpvraag eerst op."))

    def _ask_folder(self) -> Path | None:
        chosen = QFileDialog.getExistingDirectory(self, tr("Map voor de inzage"), str(documents_folder()))
        return Path(chosen) if chosen else None

    # --- inzage -----------------------------------------------------------------------------------------------------

    @Slot()
    def make_inzage(self) -> None:
        case = self._case()
        if case is None:
            return
        folder = self.choose_folder()
        if folder is None:
            return
        service = InzageService(self._context.register, clock=self._today)
        lock_manager = self._context.lock_manager  # a lock waits until files and audit entry are written
        if lock_manager is not None:
            lock_manager.begin_operation()
        self.inzage_button.setEnabled(False)
        set_message(self.message, tr("Bezig met de inzage…"))
        task = run_in_background(service.make, case.case_number, folder, on_success=self._inzage_made,
                                 on_failure=self._inzage_failed)
        if lock_manager is not None:
            task.finished.connect(lock_manager.end_operation)
        self.tasks.append(task)

    def _inzage_made(self, files: InzageFiles) -> None:
        self.last_files = files
        self.inzage_button.setEnabled(True)
        set_message(self.message, tr("Inzage gemaakt: {pdf} en {json} in {folder}.").format(
            pdf=files.pdf.name, json=files.json.name, folder=str(files.pdf.parent)), "ok")

    def _inzage_failed(self, exc: BaseException) -> None:
        self.inzage_button.setEnabled(True)
        self.print_button.setEnabled(True)
        set_message(self.message, tr("De inzage is niet gemaakt. ") + _text_of(exc, "making an inzage"), "error")

    @Slot()
    def print_inzage(self):
        """The inzage PDF through the system print dialog, rendered in memory off the UI thread (nothing on disk);
        one PRINT audit entry once it went to the printer. Returns the PrintJob."""
        from ketenregie.ui.printing import print_rendered  # noqa: PLC0415 - QtPrintSupport on first use

        case = self._case()
        if case is None:
            return None
        service = InzageService(self._context.register, clock=self._today)
        number = case.case_number
        self.print_button.setEnabled(False)
        set_message(self.message, tr("De inzage wordt klaargemaakt om af te drukken…"))
        job = print_rendered(self, lambda: service.render_pdf(number), ask=self.ask_printer,
                             on_done=lambda printed: self._inzage_printed(number, printed),
                             on_failure=self._inzage_failed)
        self.tasks.append(job)
        return job

    def _inzage_printed(self, number: str, printed: bool) -> None:
        self.print_button.setEnabled(True)
        if printed:
            InzageService(self._context.register, clock=self._today).record_printed(number)
            set_message(self.message, tr("De inzage is naar de printer gestuurd."), "ok")
        else:
            set_message(self.message, tr("Afdrukken geannuleerd."))

    # --- erasure ----------------------------------------------------------------------------------------------------

    @Slot()
    def start_erasure(self) -> None:
        case = self._case()
        if case is None:
            return
        service = ErasureService(self._context.register)
        try:
            preview = service.preview(case.case_number)
        except Exception as exc:  # noqa: BLE001 - reads only; say so in Dutch
            set_message(self.message, _text_of(exc, "previewing an erasure"), "error")
            return
        self.dialog = ErasureDialog(service, preview, self, lock_manager=self._context.lock_manager)
        self.dialog.finished.connect(self._erasure_closed)
        self.dialog.open()

    def _erasure_closed(self, result: int) -> None:
        dialog, self.dialog = self.dialog, None
        if dialog is None:
            return
        erased = dialog.erased
        dialog.deleteLater()  # closed dialogs are destroyed, not kept with their data
        if erased is not None and self._on_erased is not None:
            self._on_erased(erased.case_number)


class ErasureDialog(QDialog):
    """Preview (counts per kind of data) and typed confirmation of "Casus verwijderen op verzoek"."""

    def __init__(self, service: ErasureService, preview: ErasureReport, parent: QWidget | None = None, *,
                 lock_manager=None) -> None:
        super().__init__(parent)
        self._service = service
        self._lock_manager = lock_manager
        self.preview = preview
        self.erased: ErasureReport | None = None
        self.task = None
        number = preview.case_number
        self.setWindowTitle(tr("Casus {number} verwijderen – {app}").format(number=number, app=APP_NAME))
        self.setAccessibleName(tr("Casus verwijderen op verzoek"))
        layout = QVBoxLayout(self)
        heading = QLabel(tr("Casus {number} verwijderen op verzoek van de inwoner (AVG art. 17)").format(
            number=number), self)
        heading.setWordWrap(True)
        heading.setAccessibleName(tr("Kop"))
        layout.addWidget(heading)
        warning = QLabel(tr(
            "Dit verwijdert de casus en alles wat erbij hoort, definitief: het kan niet ongedaan worden gemaakt. "
            "Ga eerst na of de gemeente de gegevens niet moet bewaren (AVG art. 17 lid 3). Back-ups bevatten de "
            "casus nog tot ze verlopen."), self)
        warning.setWordWrap(True)
        warning.setAccessibleName(tr("Waarschuwing"))
        layout.addWidget(warning)
        self.preview_label = QLabel(tr("Dit verdwijnt:") + "\n" + "\n".join("• " + line for line in
                                                                          preview.lines_nl()), self)
        self.preview_label.setWordWrap(True)
        self.preview_label.setAccessibleName(tr("Wat verdwijnt"))
        layout.addWidget(self.preview_label)
        prompt = QLabel(tr("Typ ter bevestiging het casusnummer &{number}:").format(number=number), self)
        self.confirm_edit = QLineEdit(self)
        self.confirm_edit.setAccessibleName(tr("Casusnummer ter bevestiging"))
        self.confirm_edit.setPlaceholderText(number)
        prompt.setBuddy(self.confirm_edit)
        layout.addWidget(prompt)
        layout.addWidget(self.confirm_edit)
        self.message = message_label(self, tr("Melding verwijderen"))
        layout.addWidget(self.message)
        self.buttons = QDialogButtonBox(self)
        self.erase_button = self.buttons.addButton(tr("&Definitief verwijderen"),
                                                   QDialogButtonBox.ButtonRole.DestructiveRole)
        self.erase_button.setAccessibleName(tr("Definitief verwijderen"))
        self.erase_button.setEnabled(False)
        self.erase_button.setAutoDefault(False)
        cancel = self.buttons.addButton(QDialogButtonBox.StandardButton.Cancel)
        cancel.setAccessibleName(tr("Annuleren"))
        self.erase_button.clicked.connect(self.erase)
        self.buttons.rejected.connect(self.reject)
        layout.addWidget(self.buttons)
        self.confirm_edit.textChanged.connect(
            lambda text: self.erase_button.setEnabled(text.strip() == number))

    @Slot()
    def erase(self) -> None:
        """Erase off the UI thread (the transaction plus a WAL checkpoint can take ~100 ms on a large register); a
        lock meanwhile waits until it is done. The dialog closes when the case is gone."""
        if self.task is not None or self.confirm_edit.text().strip() != self.preview.case_number:
            return
        lock_manager = self._lock_manager
        if lock_manager is not None:
            lock_manager.begin_operation()
        self.erase_button.setEnabled(False)
        self.confirm_edit.setEnabled(False)
        set_message(self.message, tr("Bezig met verwijderen…"))
        self.task = run_in_background(self._service.erase, self.preview.case_number, self.confirm_edit.text(),
                                      on_success=self._erased, on_failure=self._failed)
        if lock_manager is not None:
            self.task.finished.connect(lock_manager.end_operation)

    def _erased(self, report: ErasureReport) -> None:
        self.task = None
        self.erased = report
        self.accept()

    def _failed(self, exc: BaseException) -> None:
        self.task = None
        self.confirm_edit.setEnabled(True)
        self.erase_button.setEnabled(self.confirm_edit.text().strip() == self.preview.case_number)
        set_message(self.message, tr("Er is niets verwijderd. ") + _text_of(exc, "erasing a case"), "error")

    def reject(self) -> None:
        if self.task is not None:  # running: it finishes (one transaction) and then closes the dialog
            return
        super().reject()


class CorrectionDialog(QDialog):
    """Correct one journal entry (`kind` "journal") or action text ("action") of a saved case."""

    def __init__(self, service: RectificationService, case_number: str, kind: str, row_id: int, text: str,
                 parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self._service = service
        self._case_number = case_number
        self._kind = kind
        self._row_id = row_id
        self.kind, self.row_id, self.original_text = kind, row_id, text  # a lock keeps a changed text as a draft
        self.corrected = False
        what = tr("journaalregel") if kind == "journal" else tr("actie")
        self.setWindowTitle(tr("Corrigeren – {app}").format(app=APP_NAME))
        self.setAccessibleName(tr("{what} corrigeren").format(what=what))
        layout = QVBoxLayout(self)
        explanation = QLabel(tr(
            "Corrigeer de tekst van deze {what} (AVG art. 16). De oude tekst wordt niet bewaard; wel wordt "
            "vastgelegd wie hem wanneer corrigeerde.").format(what=what), self)
        explanation.setWordWrap(True)
        explanation.setAccessibleName(tr("Uitleg corrigeren"))
        layout.addWidget(explanation)
        self.edit = QPlainTextEdit(self)
        self.edit.setAccessibleName(tr("Gecorrigeerde tekst"))
        self.edit.setTabChangesFocus(True)
        self.edit.setPlainText(text)
        layout.addWidget(self.edit)
        self.warning = message_label(self, tr("Waarschuwing"))
        layout.addWidget(self.warning)
        self.edit.textChanged.connect(
            lambda: set_message(self.warning, " ".join(note_scanner.warnings_for(self.edit.toPlainText())),
                                "warning"))
        self.message = message_label(self, tr("Melding corrigeren"))
        layout.addWidget(self.message)
        self.buttons = QDialogButtonBox(QDialogButtonBox.StandardButton.Save
                                        | QDialogButtonBox.StandardButton.Cancel, self)
        self.buttons.button(QDialogButtonBox.StandardButton.Save).setAccessibleName(tr("Correctie opslaan"))
        self.buttons.button(QDialogButtonBox.StandardButton.Cancel).setAccessibleName(tr("Annuleren"))
        self.buttons.accepted.connect(self.save)
        self.buttons.rejected.connect(self.reject)
        layout.addWidget(self.buttons)

    @Slot()
    def save(self) -> bool:
        text = self.edit.toPlainText()
        try:
            if self._kind == "journal":
                self._service.correct_journal_entry(self._case_number, self._row_id, text)
            else:
                self._service.correct_action(self._case_number, self._row_id, text)
        except Exception as exc:  # noqa: BLE001 - one transaction: nothing changed
            set_message(self.message, tr("Niet gecorrigeerd. ") + _text_of(exc, "correcting a text"), "error")
            return False
        self.corrected = True
        self.accept()
        return True
