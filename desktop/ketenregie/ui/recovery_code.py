"""Showing a recovery code once (large, monospace, print / save as PDF) and having the user type one group back.
Shared by the first-run wizard and the recovery route."""
from __future__ import annotations

import hmac
import html
import logging
import secrets
from collections.abc import Callable, Sequence
from datetime import date
from pathlib import Path

from PySide6.QtCore import QCoreApplication, QStandardPaths, Signal, Slot
from PySide6.QtGui import QTextDocument
from PySide6.QtPrintSupport import QPrintDialog, QPrinter
from PySide6.QtWidgets import QFileDialog, QWidget

from ketenregie.atomic import write_atomic
from ketenregie.domain import recovery_code as recovery_codes
from ketenregie.ui.forms.ui_recovery_code import Ui_RecoveryCodeForm
from ketenregie.ui.forms.ui_recovery_confirm import Ui_RecoveryConfirmForm
from ketenregie.ui.messages import messenger
from ketenregie.ui.style import monospace_font, set_message

log = logging.getLogger(__name__)

# No personal data in file names (DESIGN §5): the register name may be a person's choice, so it is not used.
PDF_FILE_NAME = "Ketenregie-herstelcode.pdf"
GROUPS_PER_ROW = 4  # 8 groups of 5 show as two rows: easy to read aloud and to copy by hand

translate = QCoreApplication.translate  # lupdate extracts translate("Context", "…")


def code_groups(code: str) -> list[str]:
    """The groups of a recovery code as the user sees them, however it was typed ("7kq2m 4xh9d" ->
    ["7KQ2M", "4XH9D"])."""
    return [group for group in recovery_codes.format_code(code).split("-") if group]


def normalise_group(text: str) -> str:
    """Uppercase, no separators, O read as 0 and I/L as 1 (the code's own reading rules)."""
    return recovery_codes.normalize(text)


def ask_save_path_with_dialog(parent: QWidget, proposed_name: str) -> Path | None:
    folder = QStandardPaths.writableLocation(QStandardPaths.StandardLocation.DocumentsLocation)
    proposal = str(Path(folder) / proposed_name) if folder else proposed_name
    chosen, _ = QFileDialog.getSaveFileName(parent, translate("RecoveryCode", "Herstelcode opslaan als PDF"),
                                            proposal, translate("RecoveryCode", "PDF-bestanden (*.pdf)"))
    return Path(chosen) if chosen else None


def ask_printer_with_dialog(parent: QWidget) -> QPrinter | None:
    printer = QPrinter(QPrinter.PrinterMode.HighResolution)
    dialog = QPrintDialog(printer, parent)
    dialog.setWindowTitle(translate("RecoveryCode", "Herstelcode afdrukken"))
    accepted = dialog.exec() == QPrintDialog.DialogCode.Accepted
    dialog.deleteLater()
    return printer if accepted else None


class RecoveryCodeDisplay(QWidget):
    keptChanged = Signal(bool)
    savedAsPdf = Signal()
    printed = Signal()

    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.ui = Ui_RecoveryCodeForm()
        self.ui.setupUi(self)
        self.ui.codeLabel.setFont(monospace_font(2.0))
        self._code = ""
        self._register_name = ""
        # Test seams: replace these to avoid modal file and print dialogs.
        self.ask_save_path: Callable[[QWidget, str], Path | None] = ask_save_path_with_dialog
        self.ask_printer: Callable[[QWidget], QPrinter | None] = ask_printer_with_dialog
        self.ui.printButton.clicked.connect(self.print_code)
        self.ui.saveButton.clicked.connect(self.save_pdf)
        self.ui.keptCheck.toggled.connect(self.keptChanged)
        set_message(self.ui.noticesLabel, "")
        set_message(self.ui.statusLabel, "")

    def set_code(self, code: str, register_name: str, notices: Sequence[str] = ()) -> None:
        self._code = code
        self._register_name = register_name
        groups = code_groups(code)
        rows = ["  ".join(groups[i:i + GROUPS_PER_ROW]) for i in range(0, len(groups), GROUPS_PER_ROW)]
        self.ui.codeLabel.setText("\n".join(rows))
        # Screen readers read the groups one by one.
        self.ui.codeLabel.setAccessibleDescription(", ".join(code_groups(code)))
        set_message(self.ui.noticesLabel, "\n".join(notices), "warning" if notices else "info")
        set_message(self.ui.statusLabel, "")
        self.ui.keptCheck.setChecked(False)

    def code(self) -> str:
        return self._code

    def is_kept(self) -> bool:
        return self.ui.keptCheck.isChecked()

    def clear(self) -> None:
        self._code = ""
        self.ui.codeLabel.clear()
        self.ui.codeLabel.setAccessibleDescription("")

    def sheet_html(self) -> str:
        """The printed sheet: title, register name, date, the code, and what to do with the paper."""
        esc = html.escape
        code = esc("  ".join(code_groups(self._code)))
        title = translate("RecoveryCode", "Herstelcode voor Ketenregie")
        register = translate("RecoveryCode", "Register")
        made_on = translate("RecoveryCode", "Gemaakt op")
        advice = translate("RecoveryCode", "Met deze code opent u het register als u de wachtwoordzin vergeten "
                                           "bent. Bewaar dit papier op een veilige plek, niet bij de laptop. Iedereen "
                                           "met dit papier en een kopie van het register kan het register openen.")
        return (
            f"<h1>{esc(title)}</h1>"
            f"<p>{esc(register)}: {esc(self._register_name)}<br>"
            f"{esc(made_on)}: {date.today().strftime('%d-%m-%Y')}</p>"
            f'<p style="font-family: monospace; font-size: 20pt; font-weight: bold">{code}</p>'
            f"<p>{esc(advice)}</p>"
        )

    @Slot()
    def print_code(self) -> None:
        printer = self.ask_printer(self)
        if printer is None:
            return
        self.print_to(printer)

    def print_to(self, printer: QPrinter) -> None:
        document = QTextDocument()
        document.setHtml(self.sheet_html())
        document.print_(printer)
        set_message(self.ui.statusLabel, translate("RecoveryCode", "De herstelcode is naar de printer gestuurd."),
                    "ok")
        self.printed.emit()

    @Slot()
    def save_pdf(self) -> None:
        path = self.ask_save_path(self, PDF_FILE_NAME)
        if path is None:
            return
        self.save_pdf_to(path)

    def save_pdf_to(self, path: Path) -> bool:
        path = Path(path)
        if path.suffix.lower() != ".pdf":
            path = path.with_name(path.name + ".pdf")
        try:
            from ketenregie.documents.recovery_sheet import render_recovery_sheet  # reportlab loads on demand

            write_atomic(path, render_recovery_sheet(self._code, self._register_name))
        except OSError as exc:
            log.warning("saving the recovery sheet failed (%s)", type(exc).__name__)
            set_message(self.ui.statusLabel, translate(
                "RecoveryCode", "Het bestand kon niet worden opgeslagen. Kies een andere map of een USB-stick en "
                                "probeer het opnieuw."), "error")
            messenger().warning(self, translate("RecoveryCode", "Opslaan mislukt"), self.ui.statusLabel.text())
            return False
        saved = translate("RecoveryCode", "Opgeslagen als {name}. Bewaar dit bestand niet op deze laptop: zet het op "
                                          "een veilige plek en verwijder het hier.")
        set_message(self.ui.statusLabel, saved.format(name=path.name), "ok")
        self.savedAsPdf.emit()
        return True


class RecoveryCodeConfirm(QWidget):
    confirmedChanged = Signal(bool)

    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.ui = Ui_RecoveryConfirmForm()
        self.ui.setupUi(self)
        self.ui.groupEdit.setFont(monospace_font(1.3))
        self.setFocusProxy(self.ui.groupEdit)
        self._groups: list[str] = []
        self._index = 0
        self._confirmed = False
        self.ui.groupEdit.textChanged.connect(self._check)
        set_message(self.ui.feedbackLabel, "")

    def set_code(self, code: str, group_index: int | None = None) -> None:
        """Ask for one group; chosen at random unless `group_index` (0-based) is given."""
        self._groups = code_groups(code)
        if not self._groups:
            raise ValueError("empty recovery code")
        self._index = secrets.randbelow(len(self._groups)) if group_index is None else group_index
        number = self._index + 1
        self.ui.instructionLabel.setText(translate("RecoveryCode",
            "Controleer of u de herstelcode goed hebt bewaard: typ groep %n over (van links geteld). "
            "Kijk daarvoor op uw afdruk of in het PDF-bestand, niet op het vorige scherm.", None, number))
        self.ui.groupLabel.setText(translate("RecoveryCode", "&Groep %n:", None, number))
        self.ui.groupEdit.setAccessibleName(translate("RecoveryCode", "Groep %n van de herstelcode", None, number))
        self.ui.groupEdit.setMaxLength(len(self._groups[self._index]) + 8)
        self.ui.groupEdit.clear()
        self._check()

    @property
    def group_index(self) -> int:
        return self._index

    def is_confirmed(self) -> bool:
        return self._confirmed

    def clear(self) -> None:
        self._groups = []
        self.ui.groupEdit.clear()

    @Slot()
    def _check(self) -> None:
        typed = normalise_group(self.ui.groupEdit.text())
        expected = normalise_group(self._groups[self._index]) if self._groups else None
        ok = expected is not None and hmac.compare_digest(typed.encode(), expected.encode())
        if ok:
            set_message(self.ui.feedbackLabel, translate("RecoveryCode", "Klopt. U hebt de herstelcode goed bewaard."),
                        "ok")
        elif expected is not None and len(typed) >= len(expected):
            set_message(self.ui.feedbackLabel, translate(
                "RecoveryCode", "Deze groep klopt niet. Kijk nog eens goed op uw afdruk."), "error")
        else:
            set_message(self.ui.feedbackLabel, "")
        if ok != self._confirmed:
            self._confirmed = ok
            self.confirmedChanged.emit(ok)
