"""The recovery route: recovery code + new passphrase -> unlocked, a NEW code shown and confirmed; the old code
no longer works. Typos are reported per group before any key derivation."""
from __future__ import annotations

import pytest
from datetime import datetime, timedelta, timezone

from ketenregie.domain.unlock_throttle import AttemptState
from ketenregie.services.register import RegisterFiles, failed_unlocks
from ketenregie.store.unlock_attempts import write_attempts

from ketenregie.domain import recovery_code as recovery_codes
from ketenregie.services.register import WrongRecoveryCode, open_register, open_with_recovery_code
from ketenregie.ui.recovery import CODE_PAGE, CONFIRM_PAGE, ENTRY_PAGE
from ketenregie.ui.recovery_code import code_groups
from ui_helpers import NEW_PASSPHRASE, PASSPHRASE


def open_dialog(controller):
    window = controller.main_window
    window.unlock_widget.ui.forgotButton.click()
    dialog = window.recovery_dialog
    assert dialog is not None and dialog.isVisible()
    assert dialog.page == ENTRY_PAGE
    return dialog


def with_typo(code: str, group: int) -> str:
    groups = code_groups(code)
    first = groups[group][0]
    groups[group] = ("1" if first != "1" else "2") + groups[group][1:]
    return "-".join(groups)


def test_recovery_gives_a_new_code_and_the_old_one_stops_working(qtbot, locked_gui, existing_register, policy,
                                                                 kdf, settings):
    when = datetime.now(timezone.utc) - timedelta(hours=1)  # seven wrong passphrases, an hour ago
    write_attempts(RegisterFiles(existing_register.path).attempts, AttemptState(7, 7, when, when))
    old_code = existing_register.recovery_code
    dialog = open_dialog(locked_gui)
    assert not dialog.ui.nextButton.isEnabled()
    dialog.ui.codeEdit.setText(old_code.lower().replace("-", " "))  # typed loosely: still fine
    assert dialog.ui.codeFeedbackLabel.property("level") == "ok"
    dialog.ui.passphraseEntry.ui.newEdit.setText(NEW_PASSPHRASE)
    dialog.ui.passphraseEntry.ui.repeatEdit.setText(NEW_PASSPHRASE)
    assert dialog.ui.nextButton.isEnabled()
    dialog.ui.nextButton.click()
    assert dialog.busy
    qtbot.waitUntil(lambda: dialog.page == CODE_PAGE, timeout=20_000)

    # The register is open and the main window unlocked underneath; the failure count is reset.
    assert not locked_gui.lock_manager.is_locked
    assert failed_unlocks(existing_register.path) == 0
    new_code = dialog.ui.codeDisplay.code()
    assert new_code != old_code and recovery_codes.validate(new_code) == []
    # The database was re-keyed: the user is told that backups made before keep the old key.
    assert "Back-ups van vóór deze wijziging houden de oude sleutel" in dialog.ui.codeDisplay.ui.noticesLabel.text()
    assert not dialog.ui.cancelButton.isVisible()  # no leaving without the new code

    assert not dialog.ui.nextButton.isEnabled()
    dialog.ui.codeDisplay.ui.keptCheck.setChecked(True)
    dialog.ui.nextButton.click()
    assert dialog.page == CONFIRM_PAGE
    confirm = dialog.ui.codeConfirm
    confirm.ui.groupEdit.setText(code_groups(new_code)[confirm.group_index])
    dialog.ui.nextButton.click()
    assert not dialog.isVisible()
    assert locked_gui.main_window.recovery_dialog is None

    locked_gui.lock_manager.lock("manual")
    with pytest.raises(WrongRecoveryCode):
        open_with_recovery_code(existing_register.path, old_code, PASSPHRASE, policy=policy, kdf=kdf)
    register = open_register(existing_register.path, NEW_PASSPHRASE, policy=policy)
    actions = [entry.action for entry in register.audit.recent()]
    register.close("quit")
    assert "register.recovery_used" in actions


def test_a_typo_is_highlighted_per_group_without_any_kdf(qtbot, locked_gui, existing_register, monkeypatch):
    from ketenregie.vault import kdf as kdf_module

    def no_kdf(*_args, **_kwargs):
        raise AssertionError("no key derivation for a mistyped code")

    monkeypatch.setattr(kdf_module, "derive", no_kdf)
    dialog = open_dialog(locked_gui)
    dialog.ui.codeEdit.setText(with_typo(existing_register.recovery_code, 2))
    label = dialog.ui.codeFeedbackLabel
    assert label.property("level") == "error"
    assert "groep 3" in label.text()
    assert "<u>" in label.text()  # the group itself is marked
    assert label.accessibleDescription() == "Deze groepen kloppen niet: 3"


def test_the_register_reports_bad_groups_too(qtbot, locked_gui, existing_register, monkeypatch):
    """When the register's own check rejects groups (RecoveryCodeInvalid), they are marked the same way."""
    from ketenregie.services.register import RecoveryCodeInvalid
    from ketenregie.ui import recovery as recovery_module

    def invalid(*_args, **_kwargs):
        raise RecoveryCodeInvalid("Controleer groep 5 van de herstelcode: daar zit een typefout.", [4])

    monkeypatch.setattr(recovery_module, "open_with_recovery_code", invalid)
    dialog = open_dialog(locked_gui)
    dialog.ui.codeEdit.setText(existing_register.recovery_code)
    dialog.ui.passphraseEntry.ui.newEdit.setText(NEW_PASSPHRASE)
    dialog.ui.passphraseEntry.ui.repeatEdit.setText(NEW_PASSPHRASE)
    dialog.ui.nextButton.click()
    qtbot.waitUntil(lambda: not dialog.busy, timeout=5000)
    assert dialog.page == ENTRY_PAGE
    assert "groep 5" in dialog.ui.codeFeedbackLabel.text()
    assert dialog.ui.messageLabel.text().startswith("Controleer groep 5")


def test_wrong_but_well_formed_code(qtbot, locked_gui, existing_register):
    dialog = open_dialog(locked_gui)
    dialog.ui.codeEdit.setText(recovery_codes.generate())
    dialog.ui.passphraseEntry.ui.newEdit.setText(NEW_PASSPHRASE)
    dialog.ui.passphraseEntry.ui.repeatEdit.setText(NEW_PASSPHRASE)
    dialog.ui.nextButton.click()
    qtbot.waitUntil(lambda: not dialog.busy, timeout=15_000)
    assert dialog.ui.messageLabel.text() == WrongRecoveryCode.user_message
    assert locked_gui.lock_manager.is_locked


def test_characters_that_never_occur_are_reported_at_once(locked_gui):
    dialog = open_dialog(locked_gui)
    dialog.ui.codeEdit.setText("UUUU")
    assert dialog.ui.codeFeedbackLabel.property("level") == "error"
    assert "U" in dialog.ui.codeFeedbackLabel.text()
    dialog.ui.codeEdit.setText("7KQ2")  # still typing: no complaint yet
    assert not dialog.ui.codeFeedbackLabel.isVisibleTo(dialog)


def test_cancel_before_recovering_just_closes(locked_gui, messages):
    dialog = open_dialog(locked_gui)
    dialog.ui.cancelButton.click()
    assert not dialog.isVisible()
    assert messages.messages == []
