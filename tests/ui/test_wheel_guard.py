"""Issue 15 item 2: scrolling never changes data. The wheel over a combo or spin box in the case form changes its
value only when that control has focus; otherwise the form scrolls and the case stays as it was."""
from __future__ import annotations

import pytest
from PySide6.QtCore import QPoint, QPointF, Qt
from PySide6.QtGui import QWheelEvent
from PySide6.QtWidgets import QApplication, QScrollArea

from ketenregie.ui.cases.dialog import CaseDialog
from case_helpers import open_with_context, today


@pytest.fixture
def dialog(qtbot, existing_register, settings):
    register, context = open_with_context(existing_register, settings)
    dialog = CaseDialog(context, None, today=today)
    qtbot.addWidget(dialog)
    dialog.resize(700, 400)  # small enough that the overview scrolls
    dialog.show()
    qtbot.waitExposed(dialog)
    yield dialog
    dialog.close()
    register.close("quit")


def wheel(widget, steps: int = -1) -> None:
    """A real wheel turn over the middle of `widget`, through QApplication (event filters, focus policy)."""
    local = QPointF(widget.width() / 2, widget.height() / 2)
    event = QWheelEvent(local, QPointF(widget.mapToGlobal(local.toPoint())), QPoint(0, 0), QPoint(0, 120 * steps),
                        Qt.MouseButton.NoButton, Qt.KeyboardModifier.NoModifier, Qt.ScrollPhase.NoScrollPhase,
                        False)
    QApplication.sendEvent(widget, event)


def test_wheel_over_an_unfocused_combo_or_spin_box_changes_nothing(qtbot, dialog):
    dialog.name_edit.setFocus()
    for control in (dialog.route_combo, dialog.crisis_combo, dialog.adults_spin, dialog.creditors_spin):
        before = control.currentIndex() if hasattr(control, "currentIndex") else control.value()
        wheel(control)
        wheel(control)
        after = control.currentIndex() if hasattr(control, "currentIndex") else control.value()
        assert after == before, control.accessibleName()
        assert not control.hasFocus()  # the wheel does not take focus either
    assert not dialog._dirty


def test_wheel_over_an_unfocused_combo_scrolls_the_form_instead(qtbot, dialog):
    scroll = dialog.findChild(QScrollArea)
    bar = scroll.verticalScrollBar()
    assert bar.maximum() > 0
    bar.setValue(0)
    dialog.name_edit.setFocus()
    control = dialog.route_combo
    wheel(control, -2)
    assert bar.value() > 0


def test_wheel_over_a_focused_combo_still_changes_it(qtbot, dialog):
    control = dialog.route_combo
    control.setFocus()
    assert control.hasFocus()
    before = control.currentIndex()
    wheel(control)
    assert control.currentIndex() != before
