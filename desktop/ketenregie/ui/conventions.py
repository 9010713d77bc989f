"""One application-wide event filter for the conventions that hold in every window (installed once by
`configure_application`): a Python event filter runs for every event of the application, so there is one, and
it looks at the event type before anything else.

- Polish: Tab leaves lists and tables, flat buttons show focus (ui/keyboard.py); value controls do not take
  focus from the wheel (ui/wheel_guard.py); labels are read by their text (ui/accessibility.py).
- Show: labels again (a form may name a label after polishing it).
- Wheel: an unfocused combo/spin box/slider passes the wheel to the scroll area around it (ui/wheel_guard.py).
"""
from __future__ import annotations

from PySide6.QtCore import QCoreApplication, QEvent, QObject, Qt
from PySide6.QtWidgets import QApplication, QLabel

from ketenregie.ui.accessibility import label_speaks_text
from ketenregie.ui.keyboard import polish_for_keyboard
from ketenregie.ui.wheel_guard import guard_wheel, polish_for_wheel

_POLISH = QEvent.Type.Polish
_SHOW = QEvent.Type.Show
_WHEEL = QEvent.Type.Wheel


class Conventions(QObject):
    def eventFilter(self, watched: QObject, event: QEvent) -> bool:  # noqa: N802
        kind = event.type()
        if kind == _WHEEL:
            return guard_wheel(watched, event)
        if kind == _POLISH:
            if isinstance(watched, QLabel):
                label_speaks_text(watched)
            else:
                polish_for_keyboard(watched)
                polish_for_wheel(watched)
        elif kind == _SHOW and isinstance(watched, QLabel):
            label_speaks_text(watched)
        return False


def install_conventions(app: QCoreApplication) -> Conventions:
    """Install the filter (once). Widgets polished before it was installed get the same treatment now, so the
    filter can come after the first window is on screen (ui/app.run_gui): a Python application filter makes
    PySide6 create the Python types of every Qt class the first time an object of a private Qt class passes
    through it (tens of ms), which the unlock screen should not wait for."""
    conventions = getattr(app, "_ketenregie_conventions", None)
    if conventions is None:
        conventions = Conventions(app)
        app.installEventFilter(conventions)
        app._ketenregie_conventions = conventions
        if isinstance(app, QApplication):
            apply_to_existing_widgets()
    return conventions


def apply_to_existing_widgets() -> None:
    """What the filter does at Polish and Show, for the widgets that exist already."""
    for widget in QApplication.allWidgets():
        if isinstance(widget, QLabel):
            label_speaks_text(widget)
        elif widget.testAttribute(Qt.WidgetAttribute.WA_WState_Polished):
            polish_for_keyboard(widget)
            polish_for_wheel(widget)
