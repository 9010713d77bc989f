"""Issue 15 item 6 (part): one minute before any idle lock a visible countdown warns, input ends it, the lock
still wins; meeting mode extends the idle time up to the policy's maximum, never beyond, and only while it runs.
The clock is injected; the main window, lock manager and meetings view are real."""
from __future__ import annotations

from PySide6.QtCore import Qt

from ketenregie.ui.lock_manager import WARNING_SECONDS


def test_a_visible_countdown_one_minute_before_the_idle_lock(qtbot, unlocked_gui, clock, settings):
    settings.set("idle_lock_minutes", 5)
    window = unlocked_gui.main_window
    manager = unlocked_gui.lock_manager
    clock.advance(4 * 60 - 1)
    manager.check_idle()
    assert not window.idle_label.isVisible()
    clock.advance(1)
    manager.check_idle()
    assert window.idle_label.isVisible() and "60 seconden" in window.idle_label.text()
    clock.advance(59)
    manager.check_idle()
    assert window.idle_label.text().startswith("Ketenregie vergrendelt over 1 seconde.")  # Dutch singular
    qtbot.keyClick(window.nav_list, Qt.Key.Key_Down)  # input: the warning goes, the lock is postponed
    assert not window.idle_label.isVisible() and not manager.is_locked
    clock.advance(5 * 60)
    manager.check_idle()
    assert manager.is_locked and not window.idle_label.isVisible()  # the lock always wins


def test_meeting_mode_extends_the_idle_time_within_the_policy_maximum(qtbot, unlocked_gui, clock, settings):
    from datetime import datetime, timedelta

    from ketenregie.domain.meetings import CaseMeeting, Participant
    settings.set("idle_lock_minutes", 5)
    manager = unlocked_gui.lock_manager
    maximum = int(settings.policy.get("IdleLockMaxMinutes"))
    window = unlocked_gui.main_window
    window.show_view("meetings")
    view = window.view("meetings")
    view.repository.save(CaseMeeting(starts_at=datetime.now() + timedelta(days=1), purpose="Casuïstiek",
                                     chair="Voorzitter", location="Zaal 2",
                                     participants=(Participant("Gemeente"), Participant("Kwadraad"))))
    view.refresh()
    view.table.selectRow(0)
    mode = view.start_meeting_mode()
    assert mode is not None
    assert manager.idle_limit_seconds == maximum * 60 > 5 * 60
    clock.advance(maximum * 60 - WARNING_SECONDS)
    manager.check_idle()
    assert not manager.is_locked and window.idle_label.isVisible()
    clock.advance(WARNING_SECONDS)
    manager.check_idle()
    assert manager.is_locked  # the policy maximum still locks
    assert manager.idle_limit_seconds == 5 * 60  # meeting mode closed with the lock: back to the user's time
