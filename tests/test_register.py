"""The register lifecycle on real files: create, unlock, lock, passphrase change, recovery, and every failure
path with its own Dutch message and nothing written."""
from __future__ import annotations

import json
import sqlite3

import keyring
import keyring.backends.fail
import pytest

from ketenregie.config import Policy
from ketenregie.domain.audit import AuditAction
from ketenregie.services.register import (DeviceSecretMissing, KeySlotsDamaged, RecoveryCodeInvalid, RegisterAlreadyExists,
                                 RegisterDamaged, RegisterInUse, RegisterNotFound, RegisterTooNew, WeakPassphrase,
                                 WrongPassphrase, WrongRecoveryCode, create_register, open_register,
                                 open_with_recovery_code)
from ketenregie.store.migrate import latest_version
from ketenregie.vault.kdf import KdfParams

PASS = "correct paard batterij nietje"
NEW_PASS = "een heel andere wachtwoordzin 42"
POLICY = Policy.defaults()
DEVICE_POLICY = Policy.from_mapping({"DeviceSecret": True}, "test")


def _create(path, policy=POLICY):
    register, code, notices = create_register(path, PASS, policy=policy, kdf=KdfParams.minimum())
    return register, code, notices


@pytest.fixture
def register_path(tmp_path):
    return tmp_path / "data" / "register.ketenregie"


def _actions(register) -> list[str]:
    return [e.action for e in reversed(register.audit.recent(100))]


def test_create_then_unlock_and_lock_records_the_audit_trail(register_path):
    register, code, notices = _create(register_path)
    assert register.is_open and notices == []
    assert len(code.split("-")) == 8
    register.close("manual")
    assert not register.is_open
    for _ in range(2):
        with pytest.raises(WrongPassphrase):
            open_register(register_path, PASS + "?", policy=POLICY)
    again = open_register(register_path, PASS, policy=POLICY)
    assert _actions(again) == ["register.created", "register.locked", "register.unlock_failed",
                               "register.unlocked"]
    assert again.audit.recent(5)[1].object_ref == "count:2"
    assert again.audit.recent(5)[0].object_ref == ""
    assert again.audit.verify().ok
    again.close("idle")


def test_register_file_is_private_and_unreadable_by_plain_sqlite(register_path):
    register, _, _ = _create(register_path)
    register.close()
    assert register_path.stat().st_mode & 0o077 == 0
    assert register.files.keyslots.stat().st_mode & 0o077 == 0
    with pytest.raises(sqlite3.DatabaseError):
        sqlite3.connect(register_path).execute("SELECT * FROM sqlite_master").fetchall()


def test_existing_register_is_never_overwritten(register_path):
    register, _, _ = _create(register_path)
    register.close()
    before = register_path.read_bytes()
    with pytest.raises(RegisterAlreadyExists):
        _create(register_path)
    assert register_path.read_bytes() == before


def test_weak_passphrase_is_refused_before_anything_is_written(register_path):
    with pytest.raises(WeakPassphrase):
        create_register(register_path, "kort", policy=POLICY, kdf=KdfParams.minimum())
    assert not register_path.exists()


def test_wrong_passphrase_has_its_own_message_and_writes_nothing(register_path):
    register, _, _ = _create(register_path)
    register.close()
    before = register_path.read_bytes()
    with pytest.raises(WrongPassphrase) as info:
        open_register(register_path, "niet de goede wachtwoordzin", policy=POLICY)
    assert "wachtwoordzin klopt niet" in info.value.user_message
    assert register_path.read_bytes() == before


def test_missing_register_and_missing_keyslots(register_path):
    with pytest.raises(RegisterNotFound):
        open_register(register_path, PASS, policy=POLICY)
    register, _, _ = _create(register_path)
    register.close()
    register.files.keyslots.unlink()
    with pytest.raises(KeySlotsDamaged):
        open_register(register_path, PASS, policy=POLICY)


def test_tampered_keyslot_file_is_detected(register_path):
    register, _, _ = _create(register_path)
    register.close()
    doc = json.loads(register.files.keyslots.read_text())
    doc["register_id"] = "0" * 32
    register.files.keyslots.write_text(json.dumps(doc))
    with pytest.raises(KeySlotsDamaged) as info:
        open_register(register_path, PASS, policy=POLICY)
    assert "sleutelbestand" in info.value.user_message.lower()


def test_flipped_byte_in_register_is_detected_with_the_damage_message(register_path):
    register, _, _ = _create(register_path)
    for _ in range(200):  # enough pages that a flip in the middle lands in a data page
        register.audit.record(AuditAction.VIEW, "case:2026-0001")
    register.close()
    data = bytearray(register_path.read_bytes())
    data[len(data) // 2] ^= 0x04
    register_path.write_bytes(bytes(data))
    with pytest.raises(RegisterDamaged) as info:
        open_register(register_path, PASS, policy=POLICY)
    assert "beschadigd" in info.value.user_message
    assert register_path.read_bytes() == bytes(data)  # nothing written


def test_flipped_byte_in_first_page_is_damage_not_wrong_passphrase(register_path):
    register, _, _ = _create(register_path)
    register.close()
    data = bytearray(register_path.read_bytes())
    data[200] ^= 0x01
    register_path.write_bytes(bytes(data))
    with pytest.raises(RegisterDamaged):
        open_register(register_path, PASS, policy=POLICY)


def test_register_from_a_newer_version_is_refused(register_path):
    register, _, _ = _create(register_path)
    register.db.execute(f"PRAGMA user_version = {latest_version() + 5}")
    register.close()
    with pytest.raises(RegisterTooNew) as info:
        open_register(register_path, PASS, policy=POLICY)
    assert "nieuwere versie" in info.value.user_message


def test_migration_takes_an_encrypted_backup_first(register_path, tmp_path, monkeypatch):
    import shutil

    import ketenregie.store.migrate as migrate

    register, _, _ = _create(register_path)
    register.close()
    newer = tmp_path / "migrations"
    shutil.copytree(migrate.MIGRATIONS_DIR, newer)
    (newer / f"{latest_version() + 1:04d}_probe.sql").write_text("CREATE TABLE probe (x INTEGER);\n")
    monkeypatch.setattr(migrate, "MIGRATIONS_DIR", newer)
    again = open_register(register_path, PASS, policy=POLICY)
    assert "register.migrated" in _actions(again)
    assert again.audit.recent(1)[0].action == "register.unlocked"
    backups = list(register.files.backup_dir.glob("*.ketenregie"))
    assert len(backups) == 1 and b"SQLite format 3" not in backups[0].read_bytes()[:16]
    assert (backups[0].parent / (backups[0].name + ".keys")).exists()
    again.close()


def test_failed_migration_changes_nothing(register_path, tmp_path, monkeypatch):
    import shutil

    import ketenregie.store.migrate as migrate
    from ketenregie.services.register import MigrationFailed

    register, _, _ = _create(register_path)
    register.close()
    newer = tmp_path / "migrations"
    shutil.copytree(migrate.MIGRATIONS_DIR, newer)
    (newer / f"{latest_version() + 1:04d}_broken.sql").write_text(
        "CREATE TABLE fine (x INTEGER);\nCREATE TABLE meta (x INTEGER);\n")
    monkeypatch.setattr(migrate, "MIGRATIONS_DIR", newer)
    with pytest.raises(MigrationFailed):
        open_register(register_path, PASS, policy=POLICY)
    monkeypatch.undo()
    again = open_register(register_path, PASS, policy=POLICY)
    assert again.db.query_one("SELECT count(*) FROM sqlite_master WHERE name = 'fine'")[0] == 0
    again.close()


def test_second_open_of_the_same_register_is_refused(register_path):
    register, _, _ = _create(register_path)
    with pytest.raises(RegisterInUse) as info:
        open_register(register_path, PASS, policy=POLICY)
    assert "al geopend" in info.value.user_message
    register.close()
    open_register(register_path, PASS, policy=POLICY).close()


def test_change_passphrase_rekeys_the_database(register_path):
    register, _, _ = _create(register_path)
    with pytest.raises(WrongPassphrase):
        register.change_passphrase("fout fout fout fout", NEW_PASS, kdf=KdfParams.minimum())
    register.close()
    before = register_path.read_bytes()[:4096]
    register = open_register(register_path, PASS, policy=POLICY)
    register.change_passphrase(PASS, NEW_PASS, kdf=KdfParams.minimum())
    register.close()
    assert register_path.read_bytes()[:4096] != before  # a new data key re-encrypted every page (tests/test_rekey.py)
    with pytest.raises(WrongPassphrase):
        open_register(register_path, PASS, policy=POLICY)
    again = open_register(register_path, NEW_PASS, policy=POLICY)
    assert "register.passphrase_changed" in _actions(again)
    again.close()


def test_recovery_code_forces_new_passphrase_and_new_code(register_path):
    register, code, _ = _create(register_path)
    register.close()
    with pytest.raises(WrongRecoveryCode):
        from ketenregie.domain.recovery_code import generate

        open_with_recovery_code(register_path, generate(), NEW_PASS, policy=POLICY, kdf=KdfParams.minimum())
    recovered, new_code = open_with_recovery_code(register_path, code.lower().replace("-", " "), NEW_PASS,
                                                  policy=POLICY, kdf=KdfParams.minimum())
    assert new_code != code
    assert "register.recovery_used" in _actions(recovered)
    recovered.close()
    with pytest.raises(WrongPassphrase):
        open_register(register_path, PASS, policy=POLICY)
    with pytest.raises(WrongRecoveryCode):
        open_with_recovery_code(register_path, code, "nog een andere wachtwoordzin", policy=POLICY,
                                kdf=KdfParams.minimum())
    open_register(register_path, NEW_PASS, policy=POLICY).close()


def test_recovery_code_typo_is_caught_before_any_kdf(register_path, monkeypatch):
    register, code, _ = _create(register_path)
    register.close()
    calls = []
    import ketenregie.vault.kdf as kdf_module

    real = kdf_module.derive
    monkeypatch.setattr(kdf_module, "derive", lambda *a, **k: calls.append(1) or real(*a, **k))
    groups = code.split("-")
    groups[2] = groups[2][:-1] + ("0" if groups[2][-1] != "0" else "1")
    with pytest.raises(RecoveryCodeInvalid) as info:
        open_with_recovery_code(register_path, "-".join(groups), NEW_PASS, policy=POLICY, kdf=KdfParams.minimum())
    assert info.value.bad_groups == [2] and "groep 3" in info.value.user_message
    assert calls == []


def test_device_secret_slot_round_trip(register_path, memory_keyring):
    register, code, notices = _create(register_path, DEVICE_POLICY)
    assert notices == [] and register.uses_device_secret
    register.close()
    assert len(memory_keyring.secrets) == 1
    open_register(register_path, PASS, policy=DEVICE_POLICY).close()
    memory_keyring.secrets.clear()  # e.g. the register was copied to another account
    with pytest.raises(DeviceSecretMissing):
        open_register(register_path, PASS, policy=DEVICE_POLICY)
    recovered, _ = open_with_recovery_code(register_path, code, NEW_PASS, policy=DEVICE_POLICY,
                                           kdf=KdfParams.minimum())
    recovered.close()
    open_register(register_path, NEW_PASS, policy=DEVICE_POLICY).close()


def test_no_keyring_backend_continues_passphrase_only_with_a_notice(register_path, tmp_path):
    keyring.set_keyring(keyring.backends.fail.Keyring())
    register, code, notices = _create(register_path, DEVICE_POLICY)
    assert len(notices) == 1 and "sleutelbos" in notices[0].lower()
    assert not register.uses_device_secret
    register.close()
    for path in register_path.parent.rglob("*"):
        if path.is_file():
            data = path.read_bytes()
            assert PASS.encode() not in data and code.encode() not in data
    open_register(register_path, PASS, policy=DEVICE_POLICY).close()
