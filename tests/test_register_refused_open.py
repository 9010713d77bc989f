"""A refused open writes nothing (issue 10.2): with a WAL left by a crash and one flipped byte in the register,
`audit verify` and the unlock refuse with the damage message, and the register file and the WAL keep every byte."""
from __future__ import annotations

import pytest

from ketenregie.cli import main
from ketenregie.services.register import RegisterDamaged, open_register, verify_register
from register_faults import PASS, POLICY, crash_with_wal, flip_byte, make_register, snapshot


@pytest.fixture
def damaged_with_wal(tmp_path):
    path = tmp_path / "data" / "register.ketenregie"
    make_register(path)
    crash_with_wal(path)
    flip_byte(path, 2 * 4096 + 100)  # inside page 3 of the main file
    return path


def test_unlock_of_a_damaged_register_keeps_file_and_wal_byte_for_byte(damaged_with_wal):
    before = snapshot(damaged_with_wal.parent)
    assert "register.ketenregie-wal" in before
    with pytest.raises(RegisterDamaged) as caught:
        open_register(damaged_with_wal, PASS, policy=POLICY)
    assert snapshot(damaged_with_wal.parent) == before
    message = caught.value.user_message
    assert "Er is niets gewijzigd" in message
    assert "Back-up terugzetten" in message and "ketenregie restore" in message


def test_audit_verify_of_a_damaged_register_keeps_file_and_wal(damaged_with_wal, tmp_path, capsys):
    before = snapshot(damaged_with_wal.parent)
    secret = tmp_path / "pass.txt"
    secret.write_text(PASS + "\n", encoding="utf-8")
    assert main(["audit", "verify", "--register", str(damaged_with_wal), "--passphrase-file", str(secret)]) == 3
    assert "Back-up terugzetten" in capsys.readouterr().err
    assert snapshot(damaged_with_wal.parent) == before


def test_audit_verify_of_a_healthy_register_appends_nothing(tmp_path):
    path = tmp_path / "data" / "register.ketenregie"
    make_register(path)
    crash_with_wal(path, entries=3)  # even the crash-left WAL stays as it is: verifying is reading
    before = snapshot(path.parent)
    result = verify_register(path, PASS, policy=POLICY)
    assert result.ok and result.checked == 2 + 1 + 3  # created, locked, unlocked, 3 views
    assert snapshot(path.parent) == before


def test_unlock_after_a_crash_recovers_the_wal_when_the_register_is_sound(tmp_path):
    path = tmp_path / "data" / "register.ketenregie"
    make_register(path)
    crash_with_wal(path, entries=5)
    register = open_register(path, PASS, policy=POLICY)
    try:
        recovered = register.audit.recent(7)[1:6]  # the five rows that were only in the WAL
        assert [e.action for e in recovered] == ["view"] * 5
        # the numbers name no case in this register, so each became an unlinked opaque token (audit_refs.py)
        assert all(e.object_ref.startswith("case:p-") for e in recovered)
        assert register.audit.verify().ok
    finally:
        register.close()
