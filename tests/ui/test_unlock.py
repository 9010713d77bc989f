"""The unlock screen against a real register: wrong passphrase -> clear message, growing delay; right -> unlocked."""
from __future__ import annotations

import pytest

from datetime import datetime, timedelta, timezone

from ketenregie.domain.unlock_throttle import AttemptState
from ketenregie.services.register import (RegisterFiles, RegisterInUse, WrongPassphrase, failed_unlocks,
                                          open_register)
from ketenregie.store.unlock_attempts import write_attempts
from ketenregie.domain.unlock_throttle import delay_seconds as unlock_delay_seconds
from ui_helpers import PASSPHRASE, unlock


@pytest.mark.parametrize("failures, delay", [(0, 0), (1, 0), (3, 0), (4, 2), (5, 4), (6, 8), (7, 16), (8, 30),
                                             (50, 30)])
def test_delay_grows_after_three_failures_and_is_capped(failures, delay):
    assert unlock_delay_seconds(failures) == delay


def _try(qtbot, widget, passphrase):
    widget.ui.passphraseEdit.setText(passphrase)
    widget.ui.unlockButton.click()
    assert widget.busy
    assert widget.ui.passphraseEdit.text() == ""  # taken out of the field while the KDF runs
    qtbot.waitUntil(lambda: not widget.busy, timeout=15_000)


def test_wrong_passphrase_says_so_and_counts(qtbot, locked_gui, settings):
    widget = locked_gui.main_window.unlock_widget
    assert widget.ui.passphraseEdit.echoMode() == widget.ui.passphraseEdit.EchoMode.Password
    _try(qtbot, widget, "dit is niet de goede zin")
    assert locked_gui.lock_manager.is_locked
    assert widget.ui.messageLabel.text().startswith(WrongPassphrase.user_message)
    assert failed_unlocks(locked_gui.register_path) == 1  # counted by the register layer, not in settings
    assert widget.seconds_left == 0 and widget.ui.unlockButton.isEnabled()


def _failed_before(path, failures: int, ago: timedelta = timedelta(hours=1)) -> None:
    """Failures recorded earlier (by any origin), the way the register layer records them."""
    when = datetime.now(timezone.utc) - ago
    write_attempts(RegisterFiles(path).attempts, AttemptState(failures, failures, when, when))


def test_repeated_failures_disable_the_button_with_a_countdown(qtbot, locked_gui, settings):
    _failed_before(locked_gui.register_path, 3)
    widget = locked_gui.main_window.unlock_widget
    _try(qtbot, widget, "dit is niet de goede zin")
    assert failed_unlocks(locked_gui.register_path) == 4
    assert widget.seconds_left == 2
    assert not widget.ui.unlockButton.isEnabled()
    assert "nog 2 s" in widget.ui.unlockButton.text()
    assert "4 keer" in widget.ui.messageLabel.text()
    widget.submit()  # Enter while waiting does nothing
    assert not widget.busy
    widget.countdown_tick()
    assert "nog 1 s" in widget.ui.unlockButton.text()
    widget.countdown_tick()
    assert widget.seconds_left == 0 and widget.ui.unlockButton.isEnabled()
    assert widget.ui.unlockButton.text().replace("&", "") == "Ontgrendelen"


def test_delay_survives_a_restart(qtbot, make_gui, existing_register, settings):
    _failed_before(existing_register.path, 6, ago=timedelta(0))
    widget = make_gui(existing_register.path).main_window.unlock_widget
    qtbot.waitUntil(lambda: widget.seconds_left == 8, timeout=3000)  # once the unlock screen is on screen
    assert not widget.ui.unlockButton.isEnabled()


def test_right_passphrase_unlocks_resets_the_count_and_audits_failures(qtbot, locked_gui, settings, policy):
    _failed_before(locked_gui.register_path, 2)
    window = locked_gui.main_window
    unlock(qtbot, locked_gui)
    assert failed_unlocks(locked_gui.register_path) == 0
    assert "2 mislukte pogingen sinds" in window.statusBar().currentMessage()
    assert window.pages.currentWidget() is window.workspace
    assert window.lock_state_label.text() == "Ontgrendeld"
    assert "register" in window.register_label.text()
    register = locked_gui.lock_manager.register
    actions = [entry.action for entry in register.audit.recent()]
    assert actions[:2] == ["register.unlocked", "register.unlock_failed"]
    assert register.audit.recent()[1].object_ref == "count:2"


def test_register_errors_show_their_user_message(qtbot, locked_gui, monkeypatch):
    from ketenregie.ui import unlock as unlock_module

    def in_use(*_args, **_kwargs):
        raise RegisterInUse()

    monkeypatch.setattr(unlock_module, "open_register", in_use)
    widget = locked_gui.main_window.unlock_widget
    _try(qtbot, widget, PASSPHRASE)
    assert widget.ui.messageLabel.text() == RegisterInUse.user_message


def test_unexpected_errors_show_a_generic_message_only(qtbot, locked_gui, monkeypatch, settings):
    from ketenregie.ui import unlock as unlock_module

    def boom(*_args, **_kwargs):
        raise ValueError("Jansen, BSN 123456782")

    monkeypatch.setattr(unlock_module, "open_register", boom)
    widget = locked_gui.main_window.unlock_widget
    _try(qtbot, widget, PASSPHRASE)
    text = widget.ui.messageLabel.text()
    assert text.startswith("Er ging iets mis")
    assert "Jansen" not in text and "123456782" not in text and "ValueError" not in text
    assert failed_unlocks(locked_gui.register_path) == 0  # not a wrong passphrase


def test_empty_passphrase_is_not_tried(locked_gui):
    widget = locked_gui.main_window.unlock_widget
    widget.submit()
    assert not widget.busy
    assert widget.ui.messageLabel.text() == "Typ eerst uw wachtwoordzin."


def test_register_in_use_by_another_window(qtbot, locked_gui, existing_register, policy):
    other = open_register(existing_register.path, PASSPHRASE, policy=policy, origin="cli")
    try:
        widget = locked_gui.main_window.unlock_widget
        _try(qtbot, widget, PASSPHRASE)
        assert widget.ui.messageLabel.text() == RegisterInUse.user_message
    finally:
        other.close("quit")
