"""Locking really drops personal data: views and models are destroyed, the register is closed, the clipboard is
cleared, dialogs are closed, and the lock screen says why. Manual (Ctrl+L), idle (injected clock), suspend and
session lock (fake OS events)."""
from __future__ import annotations

import pytest
from PySide6.QtCore import QEvent, QPointF, Qt
from PySide6.QtGui import QGuiApplication, QKeySequence, QMouseEvent
from PySide6.QtWidgets import QAbstractItemView, QApplication, QDialog, QWidget

from ketenregie.ui.views.audit_log import AuditLogModel, AuditLogView
from ui_helpers import unlock


def data_bearing(window) -> list[object]:
    """Everything in the window that holds or shows register data."""
    widgets = [w for w in window.findChildren(QWidget) if isinstance(w, AuditLogView)]
    views = [w for w in window.findChildren(QAbstractItemView) if isinstance(w.model(), AuditLogModel)
             or (hasattr(w.model(), "sourceModel") and isinstance(w.model().sourceModel(), AuditLogModel))]
    models = window.findChildren(AuditLogModel)
    return widgets + views + models


def open_audit(window):
    window.show_view("audit")
    view = window.view("audit")
    assert isinstance(view, AuditLogView)
    assert view.model.rowCount() > 0
    return view


def assert_locked(controller, register, reason_text: str):
    window = controller.main_window
    assert controller.lock_manager.is_locked
    assert not register.is_open
    assert data_bearing(window) == []
    assert window.view("audit") is None
    assert window.pages.currentWidget() is window.unlock_widget
    assert window.lock_state_label.text() == "Vergrendeld"
    assert window.unlock_widget.ui.reasonLabel.text() == reason_text
    assert not window.lock_action.isEnabled()


def test_ctrl_l_locks_and_the_audit_view_is_gone(qtbot, unlocked_gui):
    window = unlocked_gui.main_window
    register = unlocked_gui.lock_manager.register
    open_audit(window)
    assert data_bearing(window)
    assert window.lock_action.shortcut() == QKeySequence("Ctrl+L")
    window.activateWindow()
    qtbot.keyClick(window.nav_list, Qt.Key.Key_L, Qt.KeyboardModifier.ControlModifier)
    assert_locked(unlocked_gui, register, "Vergrendeld op uw verzoek.")
    QApplication.sendPostedEvents(None, QEvent.Type.DeferredDelete)  # the old widgets are really destroyed
    assert not any(isinstance(w, AuditLogView) for w in QApplication.allWidgets())


def test_lock_from_the_menu(qtbot, unlocked_gui):
    register = unlocked_gui.lock_manager.register
    unlocked_gui.main_window.lock_action.trigger()
    assert_locked(unlocked_gui, register, "Vergrendeld op uw verzoek.")


def test_idle_lock_after_the_configured_minutes(qtbot, unlocked_gui, clock, settings):
    settings.set("idle_lock_minutes", 5)
    window = unlocked_gui.main_window
    manager = unlocked_gui.lock_manager
    register = manager.register
    open_audit(window)
    clock.advance(4 * 60)
    manager.check_idle()
    assert not manager.is_locked
    clock.advance(60)
    manager.check_idle()
    assert_locked(unlocked_gui, register, "Vergrendeld na 5 minuten zonder gebruik.")


def test_the_timer_checks_by_itself(qtbot, make_gui, existing_register, clock):
    controller = make_gui(existing_register.path, check_interval_ms=20)
    unlock(qtbot, controller)
    register = controller.lock_manager.register
    clock.advance(3600)
    qtbot.waitUntil(lambda: controller.lock_manager.is_locked, timeout=3000)
    assert not register.is_open
    assert "zonder gebruik" in controller.main_window.unlock_widget.ui.reasonLabel.text()


def test_user_input_postpones_the_idle_lock(qtbot, unlocked_gui, clock, settings):
    settings.set("idle_lock_minutes", 5)
    manager = unlocked_gui.lock_manager
    window = unlocked_gui.main_window
    clock.advance(4 * 60)
    qtbot.keyClick(window.nav_list, Qt.Key.Key_Down)
    clock.advance(4 * 60)
    manager.check_idle()
    assert not manager.is_locked


def test_input_after_a_long_sleep_locks_instead_of_reaching_the_view(qtbot, unlocked_gui, clock):
    manager = unlocked_gui.lock_manager
    window = unlocked_gui.main_window
    register = manager.register
    view = open_audit(window)
    clock.advance(8 * 3600)  # the laptop slept all night; the idle clock counts it
    target = view.table.viewport()
    event = QMouseEvent(QEvent.Type.MouseMove, QPointF(5, 5), target.mapToGlobal(QPointF(5, 5)),
                        Qt.MouseButton.NoButton, Qt.MouseButton.NoButton, Qt.KeyboardModifier.NoModifier)
    delivered = QApplication.sendEvent(target, event)
    assert delivered is True  # swallowed by the activity filter
    qtbot.waitUntil(lambda: manager.is_locked, timeout=2000)
    assert not register.is_open
    assert data_bearing(window) == []


def test_suspend_locks(qtbot, unlocked_gui, session_events):
    register = unlocked_gui.lock_manager.register
    open_audit(unlocked_gui.main_window)
    session_events.suspend()
    assert_locked(unlocked_gui, register, "Vergrendeld omdat de computer in slaapstand ging.")


def test_session_lock_locks(qtbot, unlocked_gui, session_events):
    register = unlocked_gui.lock_manager.register
    session_events.lock_session()
    assert_locked(unlocked_gui, register, "Vergrendeld omdat de computer werd vergrendeld.")


def test_os_events_while_locked_are_harmless(locked_gui, session_events):
    session_events.suspend()
    session_events.lock_session()
    assert locked_gui.lock_manager.is_locked
    assert locked_gui.main_window.unlock_widget.ui.reasonLabel.text() == ""


def test_lock_is_audited_with_its_reason(qtbot, unlocked_gui, session_events, policy, existing_register):
    from ketenregie.services.register import open_register

    session_events.suspend()
    register = open_register(existing_register.path, existing_register.passphrase, policy=policy)
    try:
        locked = [e for e in register.audit.recent() if e.action == "register.locked"]
        assert locked[0].object_ref == "reason:suspend"
    finally:
        register.close("quit")


def test_unlocking_returns_to_the_same_view_with_fresh_widgets(qtbot, unlocked_gui):
    window = unlocked_gui.main_window
    old = open_audit(window)
    old_id = id(old)
    unlocked_gui.lock_manager.lock("manual")
    unlock(qtbot, unlocked_gui)
    assert window.current_view_key == "audit"
    new = window.view("audit")
    assert isinstance(new, AuditLogView) and id(new) != old_id
    assert window.view_stack.currentWidget() is new
    assert window.nav_list.currentItem().text() == "Auditlog"


def test_lock_closes_open_dialogs_first(qtbot, unlocked_gui):
    window = unlocked_gui.main_window
    window.open_settings()
    window.open_change_passphrase()
    dialogs = [window.settings_dialog, window.change_passphrase_dialog]
    assert all(d.isVisible() for d in dialogs)
    stray = QDialog(window)
    stray.show()
    unlocked_gui.lock_manager.lock("manual")
    assert not stray.isVisible()
    assert not [w for w in QApplication.topLevelWidgets() if isinstance(w, QDialog) and w.isVisible()]


def test_lock_clears_our_clipboard_text(qtbot, unlocked_gui):
    unlocked_gui.clipboard_guard.copy("123456782")
    assert unlocked_gui.main_window.clipboard_label.text()
    unlocked_gui.lock_manager.lock("manual")
    assert QGuiApplication.clipboard().text() == ""
    assert unlocked_gui.main_window.clipboard_label.text() == ""


def test_quit_closes_the_register(qtbot, unlocked_gui):
    register = unlocked_gui.lock_manager.register
    finished = []
    unlocked_gui.finished.connect(lambda: finished.append(True))
    unlocked_gui.main_window.close()
    assert not register.is_open
    assert finished == [True]


def test_lock_waits_for_a_running_operation_before_closing_the_register(qtbot, unlocked_gui):
    manager = unlocked_gui.lock_manager
    register = manager.register
    manager.begin_operation()
    manager.lock("manual")
    assert manager.is_locked and register.is_open  # UI is locked at once; the worker still needs the register
    manager.end_operation()
    assert not register.is_open


@pytest.mark.parametrize("reason", ["manual", "idle", "suspend", "session_locked"])
def test_every_reason_has_a_dutch_message(reason):
    from ketenregie.ui.lock_manager import lock_message

    assert lock_message(reason, 5).startswith("Vergrendeld")


def test_default_clock_counts_time_asleep_where_it_can():
    import sys
    import time

    from ketenregie.ui.lock_manager import default_clock

    clock = default_clock()
    first = clock()
    assert clock() >= first
    if sys.platform.startswith("linux"):
        assert abs(clock() - time.clock_gettime(time.CLOCK_BOOTTIME)) < 1.0
