"""Scrolling never changes data: the mouse wheel over a combo box, spin box, date field or slider changes its value
only when that control has keyboard focus. Without focus the wheel scrolls whatever is around it (the form's
scroll area), as if the control were not there.

The application-wide filter of ui/conventions.py applies this to every window, including the ones added later; the controls also stop taking focus from the wheel (Qt's WheelFocus), so a wheel turn cannot first
focus a control and then change it.
"""
from __future__ import annotations

from PySide6.QtCore import QCoreApplication, QEvent, QObject, QPointF, Qt
from PySide6.QtGui import QWheelEvent
from PySide6.QtWidgets import QAbstractSlider, QAbstractSpinBox, QComboBox, QScrollBar, QWidget

GUARDED = (QComboBox, QAbstractSpinBox, QAbstractSlider)


def _guarded_control(widget: QWidget) -> QWidget | None:
    """The guarded control `widget` belongs to (a spin box's inner line edit belongs to its spin box)."""
    current: QWidget | None = widget
    for _ in range(3):
        if current is None:
            return None
        if isinstance(current, QScrollBar):  # scrolling a view is what the wheel is for
            return None
        if isinstance(current, GUARDED):
            return current
        current = current.parentWidget()
    return None


def polish_for_wheel(widget: QObject) -> None:
    """Value controls do not take focus from the wheel (Qt's WheelFocus), so a wheel turn cannot first focus a
    control and then change it."""
    if isinstance(widget, GUARDED) and not isinstance(widget, QScrollBar) \
            and widget.focusPolicy() == Qt.FocusPolicy.WheelFocus:
        widget.setFocusPolicy(Qt.FocusPolicy.StrongFocus)


def guard_wheel(watched: QObject, event: QEvent) -> bool:
    """For a wheel event: True (swallowed) when it is over an unfocused value control; it went to the control's
    parents instead."""
    if not isinstance(watched, QWidget):
        return False
    control = _guarded_control(watched)
    if control is None or control.hasFocus():
        return False
    # Qt passes an ignored wheel event up the parents only for real (spontaneous) input; do it ourselves so
    # the scroll area around the control scrolls in every case.
    ancestor = control.parentWidget()
    while ancestor is not None:
        position = QPointF(control.mapTo(ancestor, event.position().toPoint()))
        forwarded = QWheelEvent(position, event.globalPosition(), event.pixelDelta(), event.angleDelta(),
                                event.buttons(), event.modifiers(), event.phase(), event.inverted(),
                                event.source())
        forwarded.setAccepted(False)
        QCoreApplication.sendEvent(ancestor, forwarded)
        if forwarded.isAccepted() or ancestor.isWindow():
            break
        ancestor = ancestor.parentWidget()
    event.accept()
    return True  # the control itself never sees it
