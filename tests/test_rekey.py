"""Re-keying (issue 10 item 8): changing the passphrase and using the recovery code give the database a new data
key (SQLCipher rekey), so an old backup's key file with the old passphrase or code no longer opens the register —
including what was added since. Real SQLCipher files throughout."""
from __future__ import annotations

import os
import shutil
import subprocess
import sys
import textwrap
from datetime import date

import pytest

from ketenregie.config import Policy
from ketenregie.demo import fill_demo_cases
from ketenregie.services import register as register_service
from ketenregie.services.register import (RegisterDamaged, RegisterError, WrongPassphrase, WrongRecoveryCode,
                                          create_register, open_register, open_with_recovery_code)
from ketenregie.store import errors as store_errors
from ketenregie.store.backup import check_copy
from ketenregie.store.connection import connect
from ketenregie.vault import keyslots as vault
from ketenregie.vault.kdf import KdfParams

PASS = "correct paard batterij nietje"
NEW_PASS = "een heel andere wachtwoordzin 42"
THIRD_PASS = "nog een derde wachtwoordzin 77"
POLICY = Policy.defaults()
KDF = KdfParams.minimum()


@pytest.fixture
def made(tmp_path):
    path = tmp_path / "data" / "register.ketenregie"
    register, code, _ = create_register(path, PASS, policy=POLICY, kdf=KDF)
    fill_demo_cases(register, 5, today=date(2026, 3, 2))
    return path, register, code


def _old_key_opens_current(path, old_keys_file, secret, *, recovery=False) -> bool:
    """Unwrap the key from an old key file and try it on the current database."""
    slots = vault.KeySlotFile.load(old_keys_file)
    key = vault.open_with_recovery_code(slots, secret) if recovery else vault.open_with_passphrase(slots, secret)
    try:
        connect(path, key).close()
    except store_errors.RegisterUnreadable:
        return False
    return True


def test_old_backup_keys_with_old_passphrase_no_longer_open_the_register(made, tmp_path):
    path, register, code = made
    backup = register.backup(tmp_path / "usb")
    old_keys = backup.with_name(backup.name + ".keys")
    assert _old_key_opens_current(path, old_keys, PASS)  # the situation before: same key
    steps = []
    new_code = register.change_passphrase(PASS, NEW_PASS, kdf=KDF, progress=lambda *s: steps.append(s))
    fill_demo_cases(register, 3, today=date(2026, 3, 3))  # data added after the change
    register.close()

    assert new_code != code and len(new_code.split("-")) == 8
    assert [s[0] for s in steps] == [0, 1, 2, 3, 4] and all(s[1] == 4 for s in steps)
    assert not _old_key_opens_current(path, old_keys, PASS)
    assert not _old_key_opens_current(path, old_keys, code, recovery=True)
    # Put the old key file beside the register, as an attacker with an old backup would: refused as a mismatch.
    current_keys = register.files.keyslots.read_bytes()
    register.files.keyslots.write_bytes(old_keys.read_bytes())
    with pytest.raises(RegisterDamaged):
        open_register(path, PASS, policy=POLICY)
    register.files.keyslots.write_bytes(current_keys)
    # The backup itself keeps its old key (the UI says so), and the register opens with the new secrets only.
    old_key = vault.open_with_passphrase(vault.KeySlotFile.load(old_keys), PASS)
    assert check_copy(backup, old_key, audit=True).audit_ok
    with pytest.raises(WrongPassphrase):
        open_register(path, PASS, policy=POLICY)
    with pytest.raises(WrongRecoveryCode):
        open_with_recovery_code(path, code, THIRD_PASS, policy=POLICY, kdf=KDF)
    again = open_register(path, NEW_PASS, policy=POLICY)
    assert again.db.query_one("SELECT count(*) FROM cases")[0] == 8
    assert again.audit.verify().ok
    assert [e.object_ref for e in again.audit.recent(50) if e.action == "register.passphrase_changed"] == [
        "rekey:new_data_key"]
    again.close()
    recovered, _ = open_with_recovery_code(path, new_code, THIRD_PASS, policy=POLICY, kdf=KDF)
    recovered.close()


def test_recovery_code_rekeys_the_register(made, tmp_path):
    path, register, code = made
    register.close()
    old_keys = tmp_path / "old.keys"
    shutil.copy(register.files.keyslots, old_keys)
    recovered, new_code = open_with_recovery_code(path, code, NEW_PASS, policy=POLICY, kdf=KDF)
    recovered.close()
    assert not _old_key_opens_current(path, old_keys, PASS)
    assert not _old_key_opens_current(path, old_keys, code, recovery=True)
    actions = []
    with open_register(path, NEW_PASS, policy=POLICY) as again:
        actions = [e.action for e in reversed(again.audit.recent(5))]
        assert again.db.query_one("SELECT count(*) FROM cases")[0] == 5
    assert actions[-4:-1] == ["register.recovery_used", "register.unlocked", "register.locked"]


def test_a_rekey_interrupted_before_the_database_changed_leaves_the_old_passphrase(made, monkeypatch, tmp_path):
    path, register, _ = made
    kept = tmp_path / "pending-copy"

    def crash(db, new_key):  # the process dies after writing the new key file, before the rekey commits
        shutil.copy(register.files.pending_keyslots, kept)
        raise KeyboardInterrupt

    monkeypatch.setattr(register_service, "rekey_database", crash)
    with pytest.raises(KeyboardInterrupt):
        register.change_passphrase(PASS, NEW_PASS, kdf=KDF)
    register.close()
    shutil.copy(kept, register.files.pending_keyslots)  # what a real kill leaves behind
    monkeypatch.undo()
    with pytest.raises(WrongPassphrase):
        open_register(path, NEW_PASS, policy=POLICY)
    open_register(path, PASS, policy=POLICY).close()
    assert not register.files.pending_keyslots.exists()  # the stale half is cleared at the first good unlock


def test_a_rekey_interrupted_after_the_database_changed_completes_at_the_next_unlock(made, monkeypatch):
    path, register, _ = made

    def fail(_files):
        raise OSError("disk full")

    monkeypatch.setattr(register_service, "_promote_pending", fail)
    with pytest.raises(RegisterError) as info:
        register.change_passphrase(PASS, NEW_PASS, kdf=KDF)
    assert "volgende openen" in info.value.user_message
    fill_demo_cases(register, 2, today=date(2026, 3, 4))  # the open register goes on with the new key
    register.close()
    monkeypatch.undo()
    assert register.files.pending_keyslots.exists()
    with pytest.raises(WrongPassphrase):
        open_register(path, PASS, policy=POLICY)
    with open_register(path, NEW_PASS, policy=POLICY) as again:
        assert again.db.query_one("SELECT count(*) FROM cases")[0] == 7
        assert any(e.action == "register.passphrase_changed" for e in again.audit.recent(20))  # audited anyway
    assert not register.files.pending_keyslots.exists()
    open_register(path, NEW_PASS, policy=POLICY).close()


def _kill_during_rekey(path, at: str) -> subprocess.CompletedProcess:
    """A real process changes the passphrase and is SIGKILLed at `at` ("before_rekey": the new key file is
    written, the database not yet re-keyed; "after_rekey": the database is re-keyed, the key file not yet
    renamed)."""
    script = textwrap.dedent(f"""
        import os, signal
        from ketenregie.config import Policy
        from ketenregie.services import register as service
        from ketenregie.vault.kdf import KdfParams

        def die(*_args, **_kwargs):
            os.kill(os.getpid(), signal.SIGKILL)

        real_rekey = service.rekey_database
        if {at!r} == "before_rekey":
            service.rekey_database = die
        else:
            service._promote_pending = die
        register = service.open_register({str(path)!r}, {PASS!r}, policy=Policy.defaults())
        register.change_passphrase({PASS!r}, {NEW_PASS!r}, kdf=KdfParams.minimum())
    """)
    return subprocess.run([sys.executable, "-c", script], capture_output=True, timeout=120, env=dict(os.environ))


@pytest.mark.parametrize("at, works, refused", [("before_rekey", PASS, NEW_PASS), ("after_rekey", NEW_PASS, PASS)])
def test_a_process_killed_during_a_rekey_loses_nothing(made, at, works, refused):
    path, register, _ = made
    register.close()
    done = _kill_during_rekey(path, at)
    assert done.returncode == -9, done.stderr.decode(errors="replace")[-2000:]
    assert register.files.pending_keyslots.exists()  # the trace a kill leaves
    with pytest.raises(WrongPassphrase):
        open_register(path, refused, policy=POLICY)
    with open_register(path, works, policy=POLICY) as again:
        assert again.db.query_one("SELECT count(*) FROM cases")[0] == 5
        assert again.audit.verify().ok
    assert not register.files.pending_keyslots.exists()
    open_register(path, works, policy=POLICY).close()  # settled for good
