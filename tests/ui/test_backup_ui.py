"""Backups in the GUI (issue 10 item 13), with real registers and real files: the automatic backup after unlock
(off the UI thread, at most once a day), the last good backup in the status bar, clean-up of leftovers at start,
and Bestand → Back-up terugzetten."""
from __future__ import annotations

from ketenregie.config import Policy
from ketenregie.services.register import RegisterFiles, open_register
from ketenregie.store.backup import list_backups
from ketenregie.vault.kdf import KdfParams
from ui_helpers import NEW_PASSPHRASE, PASSPHRASE, unlock


def _backups(path):
    return list_backups(RegisterFiles(path).backup_dir, path.stem, path.suffix)


def test_automatic_backup_after_unlock_and_the_status_bar_shows_it(qtbot, unlocked_gui, existing_register,
                                                                   messages):
    window = unlocked_gui.main_window
    assert window.auto_backup_timer.isActive()  # scheduled by the unlock, not run on the UI thread
    assert window.backup_label.text() == "Nog geen back-up"
    window.auto_backup_timer.stop()
    task = window.run_automatic_backup()
    with qtbot.waitSignal(task.finished, timeout=20_000):
        pass
    backups = _backups(existing_register.path)
    assert len(backups) == 1 and backups[0].label == "auto"
    assert window.backup_label.text().startswith("Laatste back-up: ")
    when = backups[0].taken_at.astimezone().strftime("%d-%m-%Y %H:%M")
    assert window.backup_label.text() == f"Laatste back-up: {when}"
    window.about_action.trigger()  # Help > Over says it too
    assert f"Laatste back-up: {when}" in messages.messages[-1].text
    again = window.run_automatic_backup()  # same day: nothing new
    with qtbot.waitSignal(again.finished, timeout=20_000):
        pass
    assert len(_backups(existing_register.path)) == 1
    window.lock_manager.lock("manual")
    assert not window.auto_backup_timer.isActive()


def test_a_lock_during_the_automatic_backup_waits_for_it(qtbot, unlocked_gui, existing_register):
    window = unlocked_gui.main_window
    register = unlocked_gui.lock_manager.register
    task = window.run_automatic_backup()
    window.lock_manager.lock("manual")
    with qtbot.waitSignal(task.finished, timeout=20_000):
        pass
    assert not register.is_open  # closed once the backup ended
    assert len(_backups(existing_register.path)) == 1


def test_leftovers_of_a_killed_write_are_removed_at_start(qtbot, make_gui, existing_register):
    folder = RegisterFiles(existing_register.path).backup_dir
    folder.mkdir(parents=True, exist_ok=True)
    (folder / ".tmp-k1ll3d").write_bytes(b"\0" * 4096)
    (existing_register.path.parent / ".tmp-0ther").write_bytes(b"\0" * 10)
    make_gui(existing_register.path)  # the clean-up runs once the unlock screen is on screen (a fast start)
    qtbot.waitUntil(lambda: list(folder.glob(".tmp-*")) == [], timeout=5000)
    assert list(existing_register.path.parent.glob(".tmp-*")) == []


def test_restore_from_the_file_menu_while_unlocked(qtbot, unlocked_gui, existing_register, messages, tmp_path):
    window = unlocked_gui.main_window
    register = unlocked_gui.lock_manager.register
    backup = register.backup(tmp_path / "usb")
    register.change_passphrase(PASSPHRASE, NEW_PASSPHRASE, kdf=KdfParams.minimum())  # it moves on after the backup
    assert window.restore_action in window.menuBar().actions()[0].menu().actions()
    dialog = window.open_restore()  # asks first, then locks
    assert messages.messages[-1].kind == "question"
    assert unlocked_gui.lock_manager.is_locked
    dialog.ask_backup_file = lambda _proposal: backup
    dialog.chooseButton.click()
    assert not dialog.restoreButton.isEnabled()
    dialog.passphraseEdit.setText("niet de wachtwoordzin van toen")
    task = dialog.restore()
    with qtbot.waitSignal(task.finished, timeout=20_000):
        pass
    assert "past niet bij deze back-up" in dialog.messageLabel.text()
    assert unlocked_gui.lock_manager.is_locked
    dialog.passphraseEdit.setText(PASSPHRASE)
    task = dialog.restore()
    with qtbot.waitSignal(task.finished, timeout=30_000):
        pass
    assert not unlocked_gui.lock_manager.is_locked  # the restored register is open in the window
    restored = unlocked_gui.lock_manager.register
    assert restored.audit.recent(1)[0].action == "register.restored"
    info = messages.messages[-1]
    assert info.title == "Back-up teruggezet" and ".replaced-" in info.text
    window.lock_manager.lock("manual")
    open_register(existing_register.path, PASSPHRASE, policy=Policy.defaults()).close()
    aside = list(existing_register.path.parent.glob("register.ketenregie.replaced-*"))
    assert len(aside) == 2  # the previous register and its key file, kept


def test_restore_while_locked_needs_no_question(qtbot, locked_gui, messages):
    window = locked_gui.main_window
    dialog = window.open_restore()
    assert dialog.isVisible() and not any(m.kind == "question" for m in messages.messages)
    assert not dialog.restoreButton.isEnabled()
    dialog.reject()
    qtbot.waitUntil(lambda: window.restore_dialog is None, timeout=5_000)
    unlock(qtbot, locked_gui)
