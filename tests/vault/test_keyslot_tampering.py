"""A key-slot file that was damaged or deliberately rewritten never yields a key and never crashes."""
from __future__ import annotations

import base64
import json

import pytest

from ketenregie.vault.keyslots import (
    DeviceSecretMissing,
    VERSION,
    KeySlotDamaged,
    KeySlotFile,
    KeySlotFileDamaged,
    WrongPassphrase,
    create_keyslots,
    KdfParams,
    open_with_passphrase,
    open_with_recovery_code,
)
from vault_helpers import reseal, slot_of


def _doc(made) -> dict:
    return json.loads(made.raw)


def _flip(b64: str, index: int = 5) -> str:
    raw = bytearray(base64.b64decode(b64))
    raw[index] ^= 0x01
    return base64.b64encode(bytes(raw)).decode()


def _damaged(raw: bytes, tmp_path) -> KeySlotFileDamaged:
    path = tmp_path / "register.keyslots"
    path.write_bytes(raw)
    with pytest.raises(KeySlotFileDamaged) as caught:
        KeySlotFile.load(path)
    return caught.value


# --- caught when reading, before any KDF ------------------------------------------------------------------------

def _edit_without_checksum(doc):
    slot_of(doc, "passphrase")["wrapped_key"] = _flip(slot_of(doc, "passphrase")["wrapped_key"])
    return json.dumps(doc).encode()


def _lower_memory(doc):
    slot_of(doc, "passphrase")["kdf"]["memory_kib"] = 32768
    return reseal(doc)


def _lower_iterations(doc):
    slot_of(doc, "recovery")["kdf"]["iterations"] = 1
    return reseal(doc)


def _absurd_memory(doc):
    slot_of(doc, "passphrase")["kdf"]["memory_kib"] = 1 << 40
    return reseal(doc)


def _missing_field(doc):
    del slot_of(doc, "passphrase")["nonce"]
    return reseal(doc)


def _missing_top_field(doc):
    del doc["register_id"]
    return reseal(doc)


def _extra_field(doc):
    doc["note"] = "x"
    return reseal(doc)


def _second_passphrase_slot(doc):
    extra = dict(slot_of(doc, "passphrase"), id="ab" * 16)
    doc["slots"].append(extra)
    return reseal(doc)


def _recovery_slot_removed(doc):
    doc["slots"] = [slot_of(doc, "passphrase")]
    return reseal(doc)


def _string_version(doc):
    doc["version"] = "1"
    return reseal(doc)


def _other_format(doc):
    doc["format"] = "luks"
    return reseal(doc)


def _short_nonce(doc):
    slot_of(doc, "passphrase")["nonce"] = base64.b64encode(b"\x00" * 8).decode()
    return reseal(doc)


def _bad_base64(doc):
    slot_of(doc, "passphrase")["wrapped_key"] = "!!not base64!!"
    return reseal(doc)


def _short_salt(doc):
    slot_of(doc, "passphrase")["kdf"]["salt"] = base64.b64encode(b"salt").decode()
    return reseal(doc)


def _other_algorithm(doc):
    slot_of(doc, "passphrase")["kdf"]["algorithm"] = "pbkdf2"
    return reseal(doc)


def _device_secret_on_recovery(doc):
    slot = slot_of(doc, "recovery")
    slot["device_secret"] = {"service": "Ketenregie", "account": f"device-secret:{doc['register_id']}:{slot['id']}"}
    return reseal(doc)


def _foreign_device_account(doc):
    slot_of(doc, "passphrase")["device_secret"] = {"service": "Ketenregie", "account": "device-secret:other:1"}
    return reseal(doc)


def _bool_iterations(doc):
    slot_of(doc, "passphrase")["kdf"]["iterations"] = True
    return reseal(doc)


def _duplicate_key(doc):
    text = json.dumps(doc)
    return text.replace('"format": "ketenregie-keyslots"', '"format": "ketenregie-keyslots", "format": "x"', 1).encode()


def _nan(doc):
    return json.dumps(doc).replace('"version": 2', '"version": NaN', 1).encode()


def _bad_mac_syntax(doc):
    doc["mac"] = "nope"
    return json.dumps(doc).encode()


# Damage inside one slot: that slot refuses (as damage, before any KDF); the other slot still opens the register.
SLOT_TAMPERS = [
    ("passphrase", _edit_without_checksum), ("passphrase", _lower_memory), ("recovery", _lower_iterations),
    ("passphrase", _absurd_memory), ("passphrase", _missing_field), ("passphrase", _short_nonce),
    ("passphrase", _bad_base64), ("passphrase", _short_salt), ("passphrase", _other_algorithm),
    ("recovery", _device_secret_on_recovery), ("passphrase", _foreign_device_account),
    ("passphrase", _bool_iterations),
]
# Damage to the file as a whole: refused on load.
FILE_TAMPERS = [
    _missing_top_field, _extra_field, _second_passphrase_slot, _recovery_slot_removed, _string_version,
    _other_format, _duplicate_key, _nan, _bad_mac_syntax,
]


@pytest.mark.parametrize("tamper", FILE_TAMPERS, ids=lambda f: f.__name__.strip("_"))
def test_tampered_file_is_damaged_on_load(tamper, made, tmp_path, kdf_calls):
    _damaged(tamper(_doc(made)), tmp_path)
    assert kdf_calls == []


@pytest.mark.parametrize("kind,tamper", SLOT_TAMPERS, ids=lambda f: getattr(f, "__name__", f).strip("_"))
def test_tampered_slot_is_damaged_and_only_that_slot(kind, tamper, made, tmp_path, kdf_calls):
    slots = _load(tamper(_doc(made)), tmp_path)
    assert slots.damaged == (kind,)
    opener, other = ((open_with_passphrase, made.passphrase), (open_with_recovery_code, made.code))
    refused, works = (opener, other) if kind == "passphrase" else (other, opener)
    with pytest.raises(KeySlotDamaged) as caught:
        refused[0](slots, refused[1])
    assert caught.value.kind == kind and "Caps Lock" not in caught.value.user_message
    assert kdf_calls == []
    assert bytes(works[0](slots, works[1])) == made.data_key


@pytest.mark.parametrize("raw", [
    b"", b"{", b"[]", b"null", b"\xff\xfe{}", b'{"format": "ketenregie-keyslots"}', b"9" * 100,
    b"[" * 50_000, b" " * 70_000,
], ids=["empty", "truncated", "list", "null", "not-utf8", "half", "number", "deep", "huge"])
def test_broken_json_is_damaged(raw, tmp_path):
    _damaged(raw, tmp_path)


def test_truncated_real_file_is_damaged(made, tmp_path):
    _damaged(made.raw[: len(made.raw) // 2], tmp_path)


def test_newer_version_says_so(made, tmp_path):
    doc = _doc(made)
    doc["version"] = VERSION + 1
    error = _damaged(reseal(doc), tmp_path)
    assert "nieuwere versie" in error.user_message


def test_unknown_old_version_is_damaged(made, tmp_path):
    doc = _doc(made)
    doc["version"] = 0
    _damaged(reseal(doc), tmp_path)


# --- caught when unwrapping (the checksum was recomputed) -------------------------------------------------------

def _load(raw: bytes, tmp_path) -> KeySlotFile:
    path = tmp_path / "register.keyslots"
    path.write_bytes(raw)
    return KeySlotFile.load(path)


def test_flipped_wrapped_key_with_recomputed_checksum_fails_to_unwrap(made, tmp_path):
    doc = _doc(made)
    slot_of(doc, "passphrase")["wrapped_key"] = _flip(slot_of(doc, "passphrase")["wrapped_key"])
    with pytest.raises(KeySlotDamaged):  # the slot's own checksum tells
        open_with_passphrase(_load(reseal(doc), tmp_path), made.passphrase)
    with pytest.raises(WrongPassphrase):  # redone by an attacker too: the AEAD still refuses
        open_with_passphrase(_load(reseal(doc, slots=True), tmp_path), made.passphrase)


@pytest.mark.parametrize("field,value", [("iterations", 4), ("lanes", 1), ("salt", None)])
def test_edited_kdf_params_with_recomputed_checksum_fail(made, tmp_path, field, value):
    doc = _doc(made)
    kdf = slot_of(doc, "passphrase")["kdf"]
    if field == "lanes" and kdf["lanes"] == 1:
        value = 2
    kdf[field] = _flip(kdf["salt"]) if field == "salt" else value
    with pytest.raises(WrongPassphrase):
        open_with_passphrase(_load(reseal(doc, slots=True), tmp_path), made.passphrase)


def test_edited_register_id_with_recomputed_checksum_fails(made, tmp_path):
    doc = _doc(made)
    doc["register_id"] = "another-register"
    with pytest.raises(WrongPassphrase):
        open_with_passphrase(_load(reseal(doc), tmp_path), made.passphrase)


def test_added_device_secret_reference_is_caught(made, tmp_path):
    doc = _doc(made)
    slot = slot_of(doc, "passphrase")
    slot["device_secret"] = {"service": "Ketenregie", "account": f"device-secret:{doc['register_id']}:{slot['id']}"}
    slots = _load(reseal(doc, slots=True), tmp_path)
    with pytest.raises(DeviceSecretMissing):  # not in the keyring...
        open_with_passphrase(slots, made.passphrase)


def test_recomputed_checksum_but_wrong_mac_is_damaged(made, tmp_path):
    doc = _doc(made)
    slots = _load(reseal(doc, mac="0" * 64), tmp_path)  # loads fine: the mac needs the key
    with pytest.raises(KeySlotFileDamaged):
        open_with_passphrase(slots, made.passphrase)
    with pytest.raises(KeySlotFileDamaged):
        open_with_recovery_code(slots, made.code)


def test_slot_swapped_in_from_another_register_is_damaged(made, tmp_path):
    """An attacker who knows the recovery code of *their* register puts its slot into this file: the recovery
    slot then unwraps (to their key), but the mac, made with this register's key, gives it away."""
    theirs, their_key, their_code, _ = create_keyslots("reg-shared", "hun eigen wachtwoordzin",
                                                       kdf=KdfParams.minimum(), use_device_secret=False)
    their_path = tmp_path / "theirs.keyslots"
    theirs.save(their_path, their_key)
    doc = _doc(made)
    doc["slots"] = [slot_of(doc, "passphrase"), slot_of(json.loads(their_path.read_bytes()), "recovery")]
    slots = _load(reseal(doc), tmp_path)
    with pytest.raises(KeySlotFileDamaged):
        open_with_recovery_code(slots, their_code)
