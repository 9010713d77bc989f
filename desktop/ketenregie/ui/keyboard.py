"""Keyboard conventions that hold in every window (installed once by `configure_application`):

- Tab leaves a list or table: Qt's tables otherwise walk cell by cell on Tab (a "tab trap": in Brieven every Tab
  selected another case). Arrow keys move inside the list, Tab and Shift+Tab move on to the next control.
- Keyboard focus is always visible: flat buttons (the per-phase counts in the caseload) draw no focus frame in most
  styles, so a focused flat button gets the palette's highlight as a frame.
"""
from __future__ import annotations

from PySide6.QtCore import QCoreApplication, QEvent, QObject
from PySide6.QtWidgets import QAbstractItemView, QPushButton

FOCUS_FRAME_STYLE = "QPushButton:flat:focus { border: 2px solid palette(highlight); border-radius: 3px; }"


class KeyboardConventions(QObject):
    def eventFilter(self, watched: QObject, event: QEvent) -> bool:  # noqa: N802
        if event.type() == QEvent.Type.Polish:
            if isinstance(watched, QAbstractItemView):
                watched.setTabKeyNavigation(False)
            elif isinstance(watched, QPushButton) and watched.isFlat() and not watched.styleSheet():
                watched.setStyleSheet(FOCUS_FRAME_STYLE)
        return False


def install_keyboard_conventions(app: QCoreApplication) -> KeyboardConventions:
    conventions = getattr(app, "_ketenregie_keyboard", None)
    if conventions is None:
        conventions = KeyboardConventions(app)
        app.installEventFilter(conventions)
        app._ketenregie_keyboard = conventions
    return conventions
