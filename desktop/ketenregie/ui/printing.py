"""Printing through the system print dialog (issue 15 item 11): a document we render as PDF (letter, agenda,
minutes, summary) is printed page by page at the printer's resolution. PySide6 here ships QtPrintSupport (the
recovery sheet already prints through it); QtPdf is not used: pypdfium2 renders the pages, as for the preview.

    print_pdf(pdf_bytes, parent, ask_printer=ask_printer) -> bool   # False when the user cancelled

    print_rendered(parent, render, ask=..., on_done=..., on_failure=...)  # render off the UI thread, then print

`ask_printer` is the seam tests replace (a QPrinter writing a PDF file, no modal dialog). Views that print keep
an `ask_printer` attribute (None = the system QPrintDialog) for the same purpose."""
from __future__ import annotations

from collections.abc import Callable

from PySide6.QtCore import QCoreApplication, QObject, QRect, Qt, Signal, Slot
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


class PrintJob(QObject):
    """Render a PDF off the UI thread, then print it through the system print dialog — in memory only: the bytes
    go from the renderer to pypdfium2 to the QPrinter, no file is written by us (issue 15 item 11).

    The job is a child of `parent` (a view or dialog): when a lock destroys the parent, the rendered result arrives
    nowhere and is dropped. `done(bool)` tells whether it went to the printer; `failed(exc)` when rendering failed."""

    done = Signal(bool)
    failed = Signal(object)

    def __init__(self, parent: QWidget, render: Callable[[], bytes], *, ask=None) -> None:
        super().__init__(parent)
        self._parent = parent
        self._ask = ask
        self.task = None
        self.printed: bool | None = None
        self._render = render

    def start(self) -> "PrintJob":
        from ketenregie.ui.background import run_in_background  # noqa: PLC0415

        render, self._render = self._render, None
        self.task = run_in_background(render, on_success=self._rendered, on_failure=self._failed)
        return self

    @Slot(object)
    def _rendered(self, pdf: bytes) -> None:
        try:
            self.printed = print_pdf(pdf, self._parent, ask=self._ask or ask_printer)
        except Exception as exc:  # noqa: BLE001 - the caller shows a Dutch message
            self.printed = False
            self.failed.emit(exc)
            return
        self.done.emit(self.printed)

    @Slot(object)
    def _failed(self, exc: BaseException) -> None:
        self.printed = False
        self.failed.emit(exc)


def print_rendered(parent: QWidget, render: Callable[[], bytes], *, ask=None, on_done=None,
                   on_failure=None) -> PrintJob:
    """Start a PrintJob: `render()` runs on a worker thread and returns the PDF bytes (touch no widgets there);
    `on_done(printed: bool)` and `on_failure(exc)` run on the UI thread."""
    job = PrintJob(parent, render, ask=ask)
    if on_done is not None:
        job.done.connect(on_done)
    if on_failure is not None:
        job.failed.connect(on_failure)
    return job.start()
