"""Issue 15 item 11: letters print through the system print dialog, not only save as PDF. The printer is a real
QPrinter writing a PDF file (the seam replaces only the modal dialog); the file is read back with pypdf. The
print is audited (references only)."""
from __future__ import annotations

from pypdf import PdfReader
from PySide6.QtPrintSupport import QPrinter

from ketenregie.ui.letters.dialogs import PreviewDialog
from test_letters_ui import NAME, _record_basis, case_number, register, view  # noqa: F401  (fixtures)


def file_printer(path):
    def ask(_parent):
        printer = QPrinter(QPrinter.PrinterMode.HighResolution)
        printer.setOutputFormat(QPrinter.OutputFormat.PdfFormat)
        printer.setOutputFileName(str(path))
        printer.setResolution(150)
        return printer
    return ask


def test_a_letter_prints_through_the_print_dialog_and_is_audited(qtbot, view, case_number, register, tmp_path):  # noqa: F811
    view.select_case(case_number)
    view.select_partner("kwadraad")
    view.sender_name.setText("M. de Boer")
    _record_basis(qtbot, view)
    view.preview_button.click()
    qtbot.waitUntil(lambda: isinstance(view.dialog, PreviewDialog), timeout=15_000)
    preview = view.dialog
    assert preview.print_button.isVisible()
    printed = tmp_path / "printer-output.pdf"
    preview.ask_printer = file_printer(printed)
    before = register.audit.count()
    assert preview.print_current()
    reader = PdfReader(printed)
    assert len(reader.pages) >= 1
    entries = register.audit.recent(register.audit.count() - before)
    assert [(e.action, e.object_ref) for e in entries] == [("print", f"referral:{case_number},letter")]
    assert NAME not in entries[0].object_ref
    cancelled = PreviewDialog([], pdfs=[b"%PDF"], parent=view)
    cancelled.ask_printer = lambda _parent: None  # the user pressed Annuleren
    assert not cancelled.print_current()
    preview.reject()
