"""Key slots: round trips, wrong secrets, rewrapping and replacing the recovery code (real files in tmp_path)."""
from __future__ import annotations

import base64
import os
import stat
import sys
import unicodedata

import pytest

from ketenregie.domain import recovery_code
from ketenregie.domain.recovery_code import RecoveryCodeFormatError
from ketenregie.vault import keyslots
from ketenregie.vault.datakey import zero
from ketenregie.vault.keyslots import (
    KdfParams,
    KeySlotFile,
    KeySlotFileDamaged,
    WrongPassphrase,
    WrongRecoveryCode,
    create_keyslots,
    open_with_passphrase,
    open_with_recovery_code,
    replace_recovery_code,
    rewrap_passphrase,
    verify_mac,
)


def test_create_returns_a_random_32_byte_key_a_valid_code_and_no_notices(tmp_path, made):
    slots = KeySlotFile.load(made.write(tmp_path))
    assert len(made.data_key) == 32 and made.data_key != bytes(32)
    assert recovery_code.validate(made.code) == []
    assert [s.kind for s in slots.slots] == ["passphrase", "recovery"]
    assert not slots.has_device_secret()
    assert slots.slots[0].kdf.salt != slots.slots[1].kdf.salt  # every slot its own salt


def test_passphrase_round_trip_through_a_real_file(tmp_path, made, kdf_calls):
    slots = KeySlotFile.load(made.write(tmp_path))
    key = open_with_passphrase(slots, made.passphrase)
    assert isinstance(key, bytearray) and bytes(key) == made.data_key
    assert len(kdf_calls) == 1


def test_passphrase_is_unicode_normalized(tmp_path, made):
    slots = KeySlotFile.load(made.write(tmp_path))
    decomposed = unicodedata.normalize("NFD", made.passphrase)
    assert decomposed != made.passphrase
    assert bytes(open_with_passphrase(slots, decomposed)) == made.data_key


def test_recovery_round_trip_accepts_sloppy_typing(tmp_path, made):
    slots = KeySlotFile.load(made.write(tmp_path))
    sloppy = " " + made.code.lower().replace("-", "  ").replace("0", "o").replace("1", "l") + "\n"
    assert bytes(open_with_recovery_code(slots, sloppy)) == made.data_key


def test_wrong_passphrase(tmp_path, made):
    slots = KeySlotFile.load(made.write(tmp_path))
    with pytest.raises(WrongPassphrase) as caught:
        open_with_passphrase(slots, made.passphrase + "!")
    assert caught.value.user_message == str(caught.value)
    assert made.passphrase not in str(caught.value)


def test_empty_passphrase_is_wrong_without_running_the_kdf(tmp_path, made, kdf_calls):
    slots = KeySlotFile.load(made.write(tmp_path))
    with pytest.raises(WrongPassphrase):
        open_with_passphrase(slots, "")
    assert kdf_calls == []


def test_recovery_code_of_another_register_is_wrong(tmp_path, made):
    slots = KeySlotFile.load(made.write(tmp_path))
    with pytest.raises(WrongRecoveryCode):
        open_with_recovery_code(slots, recovery_code.generate())


def _typo(code: str, position: int) -> str:
    chars = list(code)
    chars[position] = next(c for c in recovery_code.ALPHABET if c != chars[position])
    return "".join(chars)


def test_recovery_code_typo_is_caught_before_any_kdf(tmp_path, made, kdf_calls):
    slots = KeySlotFile.load(made.write(tmp_path))
    with pytest.raises(RecoveryCodeFormatError) as caught:
        open_with_recovery_code(slots, _typo(made.code, 8))  # group 2 (index 1)
    assert caught.value.bad_groups == [1]
    assert "groep 2" in caught.value.user_message
    assert made.code not in caught.value.user_message
    with pytest.raises(RecoveryCodeFormatError):
        open_with_recovery_code(slots, made.code[:-6])  # a group too short
    with pytest.raises(RecoveryCodeFormatError):
        open_with_recovery_code(slots, made.code.replace(made.code[0], "U", 1))
    assert kdf_calls == []


def test_rewrap_keeps_the_data_key_and_retires_the_old_passphrase(tmp_path, made, kdf_calls):
    path = made.write(tmp_path)
    slots = KeySlotFile.load(path)
    key = open_with_passphrase(slots, made.passphrase)
    new = rewrap_passphrase(slots, key, "een heel andere wachtwoordzin", kdf=KdfParams.minimum())
    new.save(path, key)
    reloaded = KeySlotFile.load(path)
    assert bytes(open_with_passphrase(reloaded, "een heel andere wachtwoordzin")) == made.data_key
    with pytest.raises(WrongPassphrase):
        open_with_passphrase(reloaded, made.passphrase)
    assert bytes(open_with_recovery_code(reloaded, made.code)) == made.data_key  # recovery slot untouched
    assert reloaded.recovery_slot == slots.recovery_slot
    assert len(kdf_calls) == 5


def test_replace_recovery_code_invalidates_the_old_code(tmp_path, made):
    path = made.write(tmp_path)
    slots = KeySlotFile.load(path)
    new, code = replace_recovery_code(slots, made.data_key, kdf=KdfParams.minimum())
    assert code != made.code and recovery_code.validate(code) == []
    new.save(path, made.data_key)
    reloaded = KeySlotFile.load(path)
    with pytest.raises(WrongRecoveryCode):
        open_with_recovery_code(reloaded, made.code)
    assert bytes(open_with_recovery_code(reloaded, code)) == made.data_key
    assert reloaded.passphrase_slot == slots.passphrase_slot


def test_operations_refuse_a_data_key_that_does_not_belong_to_the_file(tmp_path, made, kdf_calls):
    path = made.write(tmp_path)
    slots = KeySlotFile.load(path)
    other = os.urandom(32)
    with pytest.raises(KeySlotFileDamaged):
        verify_mac(slots, other)
    with pytest.raises(KeySlotFileDamaged):
        rewrap_passphrase(slots, other, "iets nieuws en lang genoeg", kdf=KdfParams.minimum())
    with pytest.raises(KeySlotFileDamaged):
        replace_recovery_code(slots, other, kdf=KdfParams.minimum())
    with pytest.raises(ValueError):
        slots.save(path, other)  # would seal a wrong key into the file
    assert path.read_bytes() == made.raw
    assert kdf_calls == []


def test_save_is_private_and_complete(tmp_path, made):
    slots = KeySlotFile.load(made.write(tmp_path))
    target = tmp_path / "copy.keyslots"
    slots.save(target, made.data_key)
    assert KeySlotFile.load(target) == slots
    assert [p.name for p in tmp_path.iterdir() if p.name.startswith(".tmp")] == []
    if sys.platform != "win32":
        assert stat.S_IMODE(target.stat().st_mode) == 0o600


def test_reprs_and_messages_hold_no_secrets(tmp_path, made):
    slots = KeySlotFile.load(made.write(tmp_path))
    text = repr(slots) + repr(slots.slots) + str(slots)
    for slot in slots.slots:
        for secret in (slot.kdf.salt, slot.nonce, slot.wrapped_key):
            assert base64.b64encode(secret).decode() not in text
            assert secret.hex() not in text
            assert repr(secret) not in text
    assert slots.mac not in text
    assert made.data_key.hex() not in text


def test_zero_wipes_the_key_in_place():
    key = bytearray(os.urandom(32))
    view = key
    zero(key)
    assert view == bytearray(32)


def test_create_rejects_bad_input_without_touching_anything(kdf_calls, memory_keyring):
    for register_id in ("", "a/b", "naam met spatie", "x" * 129, "a:b"):
        with pytest.raises(ValueError):
            create_keyslots(register_id, "lang genoeg en geheim", kdf=KdfParams.minimum(), use_device_secret=True)
    with pytest.raises(ValueError):
        create_keyslots("reg", "", kdf=KdfParams.minimum(), use_device_secret=True)
    assert kdf_calls == [] and memory_keyring.secrets == {}


def test_slots_use_the_given_cost(kdf_calls):
    params = KdfParams(65536 + 1024, 4, 1, os.urandom(16))
    slots, key, _code, _ = create_keyslots("reg-cost", "lang genoeg en geheim", kdf=params,
                                           use_device_secret=False)
    assert kdf_calls == [(65536 + 1024, 4, 1)] * 2
    assert all(s.kdf.salt != params.salt for s in slots.slots)
    assert keyslots.FORMAT == "ketenregie-keyslots" and keyslots.VERSION == 2
