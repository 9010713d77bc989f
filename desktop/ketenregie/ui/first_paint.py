"""Run work once a window is on screen: `after_first_paint(window, callback)` calls `callback` from the event loop
when the window's first paint has been done (or after FALLBACK_MS, if it is never painted).

What the unlock screen does not need — cleaning up leftovers, loading the views and their libraries — waits until
the user sees the window (issue 15: start at once). The start benchmark uses the same moment ("first paint done")
for the app and for a bare Qt window."""
from __future__ import annotations

from collections.abc import Callable

from PySide6.QtCore import QEvent, QObject, Qt, QTimer
from PySide6.QtWidgets import QWidget

FALLBACK_MS = 1000  # a window that is never painted (e.g. minimised at start) still gets its work done
_PAINTED = "ketenregiePainted"  # dynamic property set on a window after its first paint


class _FirstPaint(QObject):
    def __init__(self, window: QWidget) -> None:
        super().__init__(window)
        self.setObjectName("firstPaintWatcher")
        self._window = window
        self._callbacks: list[Callable[[], None]] = []
        window.installEventFilter(self)
        QTimer.singleShot(FALLBACK_MS, self, self._run)

    def add(self, callback: Callable[[], None]) -> None:
        self._callbacks.append(callback)

    def eventFilter(self, watched: QObject, event: QEvent) -> bool:  # noqa: N802 - Qt override
        if watched is self._window and event.type() == QEvent.Type.Paint:
            watched.removeEventFilter(self)
            QTimer.singleShot(0, self, self._run)  # once this paint (the window and its children) is done
        return False

    def _run(self) -> None:
        if self._window is None:
            return
        window, self._window = self._window, None
        window.removeEventFilter(self)
        window.setProperty(_PAINTED, True)
        callbacks, self._callbacks = self._callbacks, []
        self.deleteLater()
        for callback in callbacks:
            callback()


def _watcher(window: QWidget) -> _FirstPaint | None:
    for child in window.findChildren(_FirstPaint, "firstPaintWatcher", Qt.FindChildOption.FindDirectChildrenOnly):
        if child._window is window:
            return child
    return None


def after_first_paint(window: QWidget, callback: Callable[[], None]) -> None:
    """Call `callback` once, after `window`'s first paint (from the event loop; at once from the event loop when the
    window was painted already)."""
    if window.property(_PAINTED):
        QTimer.singleShot(0, window, callback)
        return
    watcher = _watcher(window) or _FirstPaint(window)
    watcher.add(callback)


def defer_until_shown(window: QWidget, work: Callable[[], None]) -> None:
    """Start-up work the first screen does not need: run it one event-loop turn after the window's first paint, so
    the window is on screen (and input already queued is handled) before it."""
    after_first_paint(window, lambda: QTimer.singleShot(0, window, work))
