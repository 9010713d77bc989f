"""Keyboard conventions that hold in every window (installed once by `configure_application`):

- Tab leaves a list or table: Qt's tables otherwise walk cell by cell on Tab (a "tab trap": in Brieven every Tab
  selected another case). Arrow keys move inside the list, Tab and Shift+Tab move on to the next control.
- Keyboard focus is always visible: flat buttons (the per-phase counts in the caseload) draw no focus frame in most
  styles, so a focused flat button gets the palette's highlight as a frame.
"""
from __future__ import annotations

from PySide6.QtCore import QCoreApplication, QEvent, QObject, Qt
from PySide6.QtWidgets import (QAbstractItemView, QAbstractSpinBox, QCheckBox, QComboBox, QLineEdit, QPlainTextEdit,
                               QPushButton, QRadioButton, QTextEdit, QWidget)

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


INPUT_TYPES = (QLineEdit, QPlainTextEdit, QTextEdit, QComboBox, QAbstractSpinBox, QRadioButton, QCheckBox)


def is_input(widget: QWidget) -> bool:
    """A field the user types or chooses in (not a tab bar, table, scroll area or push button)."""
    if isinstance(widget, (QLineEdit, QPlainTextEdit, QTextEdit)) and widget.isReadOnly():
        return False
    return isinstance(widget, INPUT_TYPES)


def first_field(root: QWidget) -> QWidget | None:
    """The first input in `root`'s Tab order that can take focus now (or once `root` is shown)."""
    widget = root.nextInFocusChain()
    while widget is not None and widget is not root:
        if (root.isAncestorOf(widget) and widget.isVisibleTo(root) and widget.isEnabled()
                and widget.focusPolicy() & Qt.FocusPolicy.TabFocus and is_input(widget)):
            return widget
        widget = widget.nextInFocusChain()
    return None


def focus_first_field(root: QWidget) -> QWidget | None:
    """Put the focus in `root`'s first field (dialogs open with focus in their first field). Returns it."""
    widget = first_field(root)
    if widget is not None:
        widget.setFocus(Qt.FocusReason.OtherFocusReason)
    return widget
