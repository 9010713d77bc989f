"""The only thing a user sees of an unexpected error: a generic Dutch message, never exception text.

`ketenregie.diagnostics` (the excepthook) writes a scrubbed report and calls `show_generic_error(log_path)`. That
may happen on any thread and while Qt is in any state, so this module never raises and hops to the GUI thread."""
from __future__ import annotations

import logging
import threading
from pathlib import Path

from PySide6.QtCore import QCoreApplication, QObject, QThread, Signal, Slot

from ketenregie.ui.messages import messenger

log = logging.getLogger(__name__)

_showing = threading.Lock()  # one crash dialog at a time (an error in a paint event would otherwise repeat)

translate = QCoreApplication.translate  # lupdate extracts translate("Context", "…")


def generic_error_text(log_path: Path | None) -> str:
    if log_path is not None:
        return translate("CrashDialog",
                  "Er ging iets mis. Er is een foutrapport zonder persoonsgegevens opgeslagen in:\n{path}\n\n"
                  "U kunt dit bestand aan uw IT-afdeling geven. Als Ketenregie niet goed meer werkt, sluit het "
                  "programma dan af en start het opnieuw.").format(path=str(log_path))
    return translate("CrashDialog",
              "Er ging iets mis. Er kon geen foutrapport worden opgeslagen. Als Ketenregie niet goed meer werkt, "
              "sluit het programma dan af en start het opnieuw.")


class _Relay(QObject):
    request = Signal(object)

    def __init__(self) -> None:
        super().__init__()
        self.request.connect(self._show)

    @Slot(object)
    def _show(self, log_path) -> None:
        _show_now(log_path)


_relay: _Relay | None = None


def show_generic_error(log_path: Path | None) -> bool:
    """Show the generic error message (on the GUI thread). Returns False when there is no GUI to show it in."""
    global _relay
    try:
        app = QCoreApplication.instance()
        if app is None or not hasattr(app, "topLevelWidgets"):
            return False
        if QThread.currentThread() == app.thread():
            return _show_now(log_path)
        if _relay is None:
            _relay = _Relay()
            _relay.moveToThread(app.thread())
        _relay.request.emit(log_path)  # queued to the GUI thread
        return True
    except Exception:  # noqa: BLE001 - called from the excepthook: must never raise
        log.error("could not show the error message")
        return False


def _show_now(log_path: Path | None) -> bool:
    if not _showing.acquire(blocking=False):
        return False
    try:
        messenger().critical(None, QCoreApplication.translate("CrashDialog", "Ketenregie – fout"),
                             generic_error_text(log_path))
        return True
    except Exception:  # noqa: BLE001
        log.error("could not show the error message")
        return False
    finally:
        _showing.release()
