"""Automatic rotating backups, clean-up after a killed backup, and restore (issue 10 item 13), on real SQLCipher
files and real processes."""
from __future__ import annotations

import os
import shutil
import subprocess
import sys
import textwrap
from datetime import date, datetime, timedelta, timezone

import pytest

from ketenregie.config import Policy
from ketenregie.demo import fill_demo_cases
from ketenregie.services.backup import (RestoreError, automatic_backup, backup_place, clean_leftovers, horizon,
                                        last_backup, restore_backup)
from ketenregie.services.register import create_register, open_register
from ketenregie.store.backup import list_backups
from ketenregie.store.connection import connect
from ketenregie.vault import keyslots as vault
from ketenregie.vault.kdf import KdfParams

PASS = "correct paard batterij nietje"
POLICY = Policy.defaults()
KDF = KdfParams.minimum()
NOON = datetime(2026, 3, 2, 12, 0, tzinfo=timezone.utc)  # a Monday


@pytest.fixture
def register(tmp_path):
    path = tmp_path / "data" / "register.ketenregie"
    opened, _code, _ = create_register(path, PASS, policy=POLICY, kdf=KDF)
    fill_demo_cases(opened, 4, today=date(2026, 3, 2))
    yield opened
    opened.close()


def _cases(register) -> int:
    return register.db.query_one("SELECT count(*) FROM cases")[0]


def _backups(register, folder=None):
    path = register.files.register
    return list_backups(folder or register.files.backup_dir, path.stem, path.suffix)


# --- automatic backups and rotation -------------------------------------------------------------------------

def test_automatic_backup_at_most_once_a_day_and_it_opens_with_the_passphrase(register):
    first = automatic_backup(register, now=NOON)
    assert first.taken is not None and first.taken.parent == register.files.backup_dir
    assert "auto" in first.taken.name and first.taken.name.startswith("register-")
    assert first.taken.stat().st_mode & 0o077 == 0
    assert automatic_backup(register, now=NOON + timedelta(hours=3)).taken is None  # same day: none
    assert automatic_backup(register, now=NOON + timedelta(days=1)).taken is not None
    assert len(_backups(register)) == 2
    assert last_backup(register.files.register, POLICY) == NOON + timedelta(days=1)
    assert [e.object_ref for e in register.audit.recent(10) if e.action == "register.backup"] == [
        "backup:auto", "backup:auto"]
    copy = open_register(first.taken, PASS, policy=POLICY)
    assert copy.audit.verify().ok and _cases(copy) == 4
    copy.close()


def test_rotation_keeps_seven_daily_and_four_weekly_backups(register):
    start = NOON
    for day in range(60):  # two months of daily use
        automatic_backup(register, now=start + timedelta(days=day))
    kept = sorted(b.taken_at.date() for b in _backups(register))
    last = (start + timedelta(days=59)).date()  # Thursday 30 April 2026
    daily = [last - timedelta(days=n) for n in range(7)]
    # the newest of each of the last four ISO weeks: this week's is today's, then the Sundays before
    weekly = [last, date(2026, 4, 26), date(2026, 4, 19), date(2026, 4, 12)]
    assert kept == sorted(set(daily) | set(weekly))
    assert kept[0] == date(2026, 4, 12)  # a backup from March no longer exists: it expired with the rotation


def test_automatic_backups_switched_off_by_policy_still_rotate(register, tmp_path, monkeypatch):
    folder = tmp_path / "elders"
    register.policy = Policy.from_mapping({"BackupFolder": str(folder), "BackupDailyCount": 1,
                                           "BackupWeeklyCount": 0}, "test")
    automatic_backup(register, now=NOON)
    automatic_backup(register, now=NOON + timedelta(days=1))
    assert [b.taken_at for b in _backups(register, folder)] == [NOON + timedelta(days=1)]
    register.policy = Policy.from_mapping({"BackupFolder": str(folder), "AutomaticBackups": False,
                                           "BackupDailyCount": 1, "BackupWeeklyCount": 0}, "test")
    outcome = automatic_backup(register, now=NOON + timedelta(days=5))
    assert outcome.taken is None and _backups(register, folder)  # the newest one always stays
    assert backup_place(register.files.register, register.policy).folder == folder


def test_horizon_says_until_when_backups_hold_todays_data(register):
    automatic_backup(register, now=NOON)
    line = horizon(register.files.register, POLICY, date(2026, 3, 2))
    assert line.backups == 1 and line.oldest == date(2026, 3, 2)
    # Monday 2 March: daily until 8 March, weekly (newest of its week) until the Sunday three weeks on.
    assert line.holds_until == date(2026, 3, 29)
    assert "29-03-2026" in line.summary_nl


# --- a backup killed half-way -------------------------------------------------------------------------------

def test_a_backup_killed_mid_write_leaves_a_temp_file_that_is_cleaned_at_start(register, tmp_path):
    register.close()
    script = textwrap.dedent(f"""
        import os, signal
        import ketenregie.atomic as atomic
        from ketenregie.config import Policy
        from ketenregie.services.register import open_register
        register = open_register({str(register.files.register)!r}, {PASS!r}, policy=Policy.defaults())
        real_fsync = os.fsync
        def die(fd):  # the data is in the temp file; the process is killed before the rename
            real_fsync(fd)
            if os.fstat(fd).st_size > 10000:
                os.kill(os.getpid(), signal.SIGKILL)
        atomic.os.fsync = die
        register.backup()
    """)
    env = dict(os.environ)
    done = subprocess.run([sys.executable, "-c", script], env=env, capture_output=True, timeout=120)
    assert done.returncode == -9, done.stderr.decode(errors="replace")[-2000:]
    leftovers = list(register.files.backup_dir.glob(".tmp-*"))
    assert len(leftovers) == 1 and leftovers[0].stat().st_size > 10000
    assert _backups(register) == []  # no half backup under a backup name
    assert clean_leftovers(register.files.register, POLICY) == 1
    assert list(register.files.backup_dir.glob(".tmp-*")) == []
    open_register(register.files.register, PASS, policy=POLICY).close()


def test_leftovers_are_not_touched_while_the_register_is_open(register):
    stray = register.files.backup_dir
    stray.mkdir(parents=True, exist_ok=True)
    (stray / ".tmp-abc").write_bytes(b"x")
    assert clean_leftovers(register.files.register, POLICY) == 0  # another write of ours may be running
    assert (stray / ".tmp-abc").exists()
    assert automatic_backup(register, now=NOON).leftovers_removed == 1  # we hold the register: ours to clean


# --- restore ------------------------------------------------------------------------------------------------

def _restore(register, backup, passphrase=PASS, now=NOON):
    return restore_backup(register.files.register, backup, passphrase, policy=POLICY, origin="cli", now=now)


def _snapshot(folder):
    return {p.name: p.read_bytes() for p in folder.iterdir() if p.is_file() and not p.name.endswith(".lock")}


def test_restore_verifies_then_replaces_and_sets_the_current_register_aside(register, tmp_path):
    backup = register.backup(tmp_path / "usb")
    fill_demo_cases(register, 3, today=date(2026, 3, 3))
    assert _cases(register) == 7
    register.close()
    outcome = _restore(register, backup)
    restored = outcome.register
    try:
        assert _cases(restored) == 4
        assert restored.audit.verify().ok
        assert restored.audit.recent(1)[0].action == "register.restored"
        assert restored.audit.recent(1)[0].object_ref.startswith("backup:2026")
    finally:
        restored.close()
    names = sorted(p.name for p in outcome.set_aside)
    assert names == ["register.ketenregie.replaced-20260302T120000Z",
                     "register.ketenregie.replaced-20260302T120000Z.keys"]
    # The previous register is kept intact, with its own key file: it still opens (after renaming back).
    aside = tmp_path / "aside" / "register.ketenregie"
    aside.parent.mkdir()
    for path in outcome.set_aside:
        shutil.copy(path, aside.parent / path.name.replace(".replaced-20260302T120000Z", ""))
    with open_register(aside, PASS, policy=POLICY) as previous:
        assert _cases(previous) == 7
    assert list(register.files.register.parent.glob(".tmp-*")) == []


def test_a_damaged_backup_is_refused_and_nothing_is_replaced(register, tmp_path):
    backup = register.backup(tmp_path / "usb")
    register.close()
    data = bytearray(backup.read_bytes())
    data[len(data) // 2] ^= 0x01
    backup.write_bytes(bytes(data))
    before = _snapshot(register.files.register.parent)
    with pytest.raises(RestoreError) as info:
        _restore(register, backup)
    assert "beschadigd" in info.value.user_message and "niets vervangen" in info.value.user_message
    assert _snapshot(register.files.register.parent) == before


def test_a_backup_with_a_rewritten_audit_log_is_refused(register, tmp_path):
    backup = register.backup(tmp_path / "usb")
    register.close()
    key = vault.open_with_passphrase(vault.KeySlotFile.load(backup.with_name(backup.name + ".keys")), PASS)
    conn = connect(backup, key)  # someone with the key drops the guard triggers and edits a row
    for (name,) in conn.execute("SELECT name FROM sqlite_master WHERE type = 'trigger' AND tbl_name = 'audit_log'"):
        conn.execute(f"DROP TRIGGER {name}")
    conn.execute("UPDATE audit_log SET actor = 'iemand' WHERE id = 1")
    conn.execute("PRAGMA wal_checkpoint(TRUNCATE)")
    conn.close()
    before = _snapshot(register.files.register.parent)
    with pytest.raises(RestoreError) as info:
        _restore(register, backup)
    assert "auditlog" in info.value.user_message.lower()
    assert _snapshot(register.files.register.parent) == before


def test_wrong_passphrase_missing_keys_and_the_register_itself_are_refused(register, tmp_path):
    backup = register.backup(tmp_path / "usb")
    with pytest.raises(RestoreError):  # the register is open: it cannot be replaced under our hands
        _restore(register, backup)
    register.close()
    before = _snapshot(register.files.register.parent)
    with pytest.raises(RestoreError) as info:
        _restore(register, backup, "een verkeerde wachtwoordzin")
    assert "wachtwoordzin past niet" in info.value.user_message
    with pytest.raises(RestoreError) as info:
        _restore(register, register.files.register)
    assert "register zelf" in info.value.user_message
    backup.with_name(backup.name + ".keys").unlink()
    with pytest.raises(RestoreError):
        _restore(register, backup)
    assert _snapshot(register.files.register.parent) == before


def test_restore_never_merges_a_stale_wal(register, tmp_path):
    backup = register.backup(tmp_path / "usb")
    register.close()
    # A WAL left by a crash of the current register (frames with data the backup does not have) ...
    key = vault.open_with_passphrase(vault.KeySlotFile.load(register.files.keyslots), PASS)
    conn = connect(register.files.register, key)
    conn.execute("PRAGMA wal_autocheckpoint = 0")
    conn.execute("DELETE FROM cases")
    wal = register.files.register.with_name(register.files.register.name + "-wal")
    stale = wal.read_bytes()
    conn.close()
    wal.write_bytes(stale)
    # ... and one beside the backup as well.
    shutil.copy(wal, backup.with_name(backup.name + "-wal"))
    outcome = _restore(register, backup)
    with outcome.register as restored:
        assert _cases(restored) == 4  # neither WAL was merged into the restored register
    assert any(p.name.endswith("-wal") for p in outcome.set_aside)  # the stale WAL went aside with its file
    assert backup.with_name(backup.name + "-wal").read_bytes() == stale


def test_cli_restore(register, tmp_path, capsys):
    from ketenregie.cli import EXIT_OK, EXIT_REGISTER, main

    backup = register.backup(tmp_path / "usb")
    register.close()
    secret = tmp_path / "pw.txt"
    secret.write_text(PASS + "\n", encoding="utf-8")
    wrong = tmp_path / "wrong.txt"
    wrong.write_text("een verkeerde wachtwoordzin\n", encoding="utf-8")
    assert main(["restore", str(backup), "--register", str(register.files.register),
                 "--passphrase-file", str(wrong)]) == EXIT_REGISTER
    assert "past niet" in capsys.readouterr().err
    assert main(["restore", str(backup), "--register", str(register.files.register),
                 "--passphrase-file", str(secret)]) == EXIT_OK
    out = capsys.readouterr().out
    assert "teruggezet" in out and "Apart gezet" in out
    with open_register(register.files.register, PASS, policy=POLICY) as restored:
        assert restored.audit.verify().ok
