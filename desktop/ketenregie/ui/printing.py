"""Printing through the system print dialog (issue 15 item 11): a document we render as PDF (letter, agenda,
minutes, summary) is printed page by page at the printer's resolution. PySide6 here ships QtPrintSupport (the
recovery sheet already prints through it); QtPdf is not used: pypdfium2 renders the pages, as for the preview.

    print_pdf(pdf_bytes, parent, ask_printer=ask_printer) -> bool   # False when the user cancelled

`ask_printer` is the seam tests replace (a QPrinter writing a PDF file, no modal dialog)."""
from __future__ import annotations

from PySide6.QtCore import QCoreApplication, QRect, Qt
from PySide6.QtGui import QPainter
from PySide6.QtPrintSupport import QPrintDialog, QPrinter
from PySide6.QtWidgets import QDialog, QWidget

PDF_POINTS_PER_INCH = 72


def ask_printer(parent: QWidget | None) -> QPrinter | None:
    """The system print dialog (Dutch through Qt's translations); None when cancelled."""
    printer = QPrinter(QPrinter.PrinterMode.HighResolution)
    dialog = QPrintDialog(printer, parent)
    dialog.setWindowTitle(QCoreApplication.translate("Printing", "Afdrukken"))
    if dialog.exec() != QDialog.DialogCode.Accepted:
        return None
    return printer


def print_pdf(pdf: bytes, parent: QWidget | None = None, *, ask=ask_printer) -> bool:
    """Print every page of `pdf`; returns True when it went to the printer."""
    from ketenregie.ui.letters.dialogs import page_image, rasterise  # noqa: PLC0415 - pypdfium2 on first use

    printer = ask(parent)
    if printer is None:
        return False
    resolution = min(printer.resolution(), 300)
    pages = rasterise(pdf, scale=resolution / PDF_POINTS_PER_INCH)
    painter = QPainter()
    if not painter.begin(printer):
        raise OSError("printer not ready")
    try:
        for number, page in enumerate(pages):
            if number:
                printer.newPage()
            image = page_image(page)
            area = painter.viewport()
            scaled = image.size().scaled(area.size(), Qt.AspectRatioMode.KeepAspectRatio)
            painter.drawImage(QRect(area.x(), area.y(), scaled.width(), scaled.height()), image)
    finally:
        painter.end()
    return True
