"""Key-slot damage through the register service (issue 10.4): a damaged passphrase slot is reported as damage
(not "Caps Lock"), the recovery code still opens the register and writes a whole key file again; a damaged
recovery slot leaves the passphrase working; a key file from a newer version keeps its own message."""
from __future__ import annotations

import json
import re

import pytest

from ketenregie.services.register import (KeySlotDamaged, KeySlotsDamaged, RegisterFiles, open_register,
                                          open_with_recovery_code)
from ketenregie.vault.kdf import KdfParams
from ketenregie.vault.keyslots import VERSION, KeySlotFile
from register_faults import PASS, POLICY, make_register

NEW_PASS = "een heel andere wachtwoordzin 42"


@pytest.fixture
def created(tmp_path):
    path = tmp_path / "data" / "register.ketenregie"
    return path, make_register(path)


def _damage_slot(path, kind: str) -> None:
    """One character of the slot's wrapped key changed, nothing recomputed (as a disk or an editor would)."""
    keys = RegisterFiles(path).keyslots
    text = keys.read_text()
    chunk = next(m for m in re.finditer(r"^    \{\n.*?^    \}", text, re.M | re.S) if f'"kind": "{kind}"' in m.group(0))
    at = chunk.start() + chunk.group(0).index('"wrapped_key": "') + len('"wrapped_key": "') + 4
    keys.write_text(text[:at] + ("A" if text[at] != "A" else "B") + text[at + 1:])


def test_damaged_passphrase_slot_is_damage_and_the_recovery_code_still_opens(created):
    path, code = created
    _damage_slot(path, "passphrase")
    with pytest.raises(KeySlotDamaged) as caught:
        open_register(path, PASS, policy=POLICY)
    assert "Caps Lock" not in caught.value.user_message and "herstelcode" in caught.value.user_message
    register, new_code = open_with_recovery_code(path, code, NEW_PASS, policy=POLICY, kdf=KdfParams.minimum())
    assert register.is_open
    register.close()
    assert KeySlotFile.load(RegisterFiles(path).keyslots).damaged == ()  # a whole key file again
    open_register(path, NEW_PASS, policy=POLICY).close()
    assert new_code != code


def test_damaged_passphrase_slot_does_not_count_as_a_failed_attempt(created):
    from ketenregie.services.register import failed_unlocks

    path, _ = created
    _damage_slot(path, "passphrase")
    for _ in range(5):
        with pytest.raises(KeySlotDamaged):
            open_register(path, PASS, policy=POLICY)
    assert failed_unlocks(path) == 0


def test_damaged_recovery_slot_leaves_the_passphrase_working_and_says_so(created):
    path, code = created
    _damage_slot(path, "recovery")
    with pytest.raises(KeySlotDamaged):
        open_with_recovery_code(path, code, NEW_PASS, policy=POLICY, kdf=KdfParams.minimum())
    register = open_register(path, PASS, policy=POLICY)
    assert any("herstelcode" in notice for notice in register.notices)
    with pytest.raises(KeySlotDamaged):  # first a new recovery code: a whole key file cannot be written before
        register.change_passphrase(PASS, NEW_PASS, kdf=KdfParams.minimum())
    new_code = register.renew_recovery_code(kdf=KdfParams.minimum())
    register.close()
    assert KeySlotFile.load(RegisterFiles(path).keyslots).damaged == ()
    register, _ = open_with_recovery_code(path, new_code, NEW_PASS, policy=POLICY, kdf=KdfParams.minimum())
    register.close()


def test_key_file_from_a_newer_version_keeps_its_own_message(created):
    path, _ = created
    keys = RegisterFiles(path).keyslots
    document = json.loads(keys.read_text())
    document["version"] = VERSION + 1
    keys.write_text(json.dumps(document))
    with pytest.raises(KeySlotsDamaged) as caught:
        open_register(path, PASS, policy=POLICY)
    assert "nieuwere versie" in caught.value.user_message


def test_audit_verify_names_slot_damage(created, tmp_path, capsys):
    from ketenregie.cli import main

    path, _ = created
    _damage_slot(path, "passphrase")
    secret = tmp_path / "pass.txt"
    secret.write_text(PASS, encoding="utf-8")
    assert main(["audit", "verify", "--register", str(path), "--passphrase-file", str(secret)]) == 3
    assert "herstelcode" in capsys.readouterr().err
