"""Keyboard conventions that hold in every window (applied by the filter of ui/conventions.py):

- Tab leaves a list or table: Qt's tables otherwise walk cell by cell on Tab (a "tab trap": in Brieven every Tab
  selected another case). Arrow keys move inside the list, Tab and Shift+Tab move on to the next control.
- Keyboard focus is always visible: flat buttons (the per-phase counts in the caseload) draw no focus frame in most
  styles, so a focused flat button gets the palette's highlight as a frame.
"""
from __future__ import annotations

from PySide6.QtCore import QObject, Qt
from PySide6.QtWidgets import (QAbstractItemView, QAbstractSpinBox, QCheckBox, QComboBox, QLineEdit, QPlainTextEdit,
                               QPushButton, QRadioButton, QTextEdit, QWidget)

FOCUS_FRAME_STYLE = "QPushButton:flat:focus { border: 2px solid palette(highlight); border-radius: 3px; }"


def polish_for_keyboard(widget: QObject) -> None:
    """Applied to every widget as it is polished (ui/conventions.py installs the filter)."""
    if isinstance(widget, QAbstractItemView):
        widget.setTabKeyNavigation(False)
    elif isinstance(widget, QPushButton) and widget.isFlat() and not widget.styleSheet():
        widget.setStyleSheet(FOCUS_FRAME_STYLE)


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
