"""Device secret in the OS keyring: the happy path, a missing secret, and every flavour of "no usable keyring"."""
from __future__ import annotations

import base64
import os

import keyring
import keyring.backend
import keyring.backends.chainer
import keyring.backends.fail
import keyring.backends.null
import keyring.errors
import pytest

from ketenregie.vault import device_secret
from ketenregie.vault.device_secret import SERVICE, DeviceSecretRef
from ketenregie.vault.keyslots import (
    DeviceSecretMissing,
    DeviceSecretUnreachable,
    KdfParams,
    KeyringUnavailable,
    KeySlotFile,
    WrongPassphrase,
    create_keyslots,
    forget_device_secrets,
    obsolete_device_secrets,
    open_with_passphrase,
    open_with_recovery_code,
    rewrap_passphrase,
)

PASS = "dakgoot zeilboot margriet tandpasta"


class LockedKeyring(keyring.backend.KeyringBackend):
    priority = 1

    def get_password(self, service, username):
        raise keyring.errors.KeyringLocked("locked")

    def set_password(self, service, username, password):
        raise keyring.errors.KeyringLocked("locked")

    def delete_password(self, service, username):
        raise keyring.errors.KeyringLocked("locked")


class ForgetfulKeyring(keyring.backend.KeyringBackend):
    """Accepts writes and drops them."""

    priority = 1

    def get_password(self, service, username):
        return None

    def set_password(self, service, username, password):
        pass

    def delete_password(self, service, username):
        pass


@pytest.fixture
def device_made(tmp_path, memory_keyring):
    slots, key, code, notices = create_keyslots("reg-dev", PASS, kdf=KdfParams.minimum(), use_device_secret=True)
    assert notices == []
    path = tmp_path / "register.keyslots"
    slots.save(path, key)
    return path, bytes(key), code


def test_device_secret_lives_only_in_the_keyring(device_made, memory_keyring):
    path, key, _code = device_made
    slots = KeySlotFile.load(path)
    assert slots.has_device_secret()
    ref = slots.passphrase_slot.device_secret
    assert ref == DeviceSecretRef(SERVICE, f"device-secret:reg-dev:{slots.passphrase_slot.id}")
    assert slots.recovery_slot.device_secret is None
    [(service, account)] = memory_keyring.secrets
    assert (service, account) == (ref.service, ref.account)
    secret = base64.b64decode(memory_keyring.secrets[(service, account)])
    assert len(secret) == 32
    raw = path.read_bytes()
    assert secret not in raw and base64.b64encode(secret) not in raw and secret.hex().encode() not in raw
    assert bytes(open_with_passphrase(slots, PASS)) == key


def test_passphrase_alone_does_not_open_a_device_slot(device_made, memory_keyring):
    """Swap in a different secret (as on an attacker's machine): the right passphrase no longer unwraps."""
    path, _key, _code = device_made
    slots = KeySlotFile.load(path)
    ref = slots.passphrase_slot.device_secret
    memory_keyring.secrets[(ref.service, ref.account)] = base64.b64encode(os.urandom(32)).decode()
    with pytest.raises(WrongPassphrase):
        open_with_passphrase(slots, PASS)


def test_missing_device_secret_points_to_the_recovery_code(device_made, memory_keyring, kdf_calls):
    path, key, code = device_made
    memory_keyring.secrets.clear()  # another computer, or a new profile
    slots = KeySlotFile.load(path)
    with pytest.raises(DeviceSecretMissing) as caught:
        open_with_passphrase(slots, PASS)
    assert not isinstance(caught.value, KeyringUnavailable)
    assert "herstelcode" in caught.value.user_message
    assert kdf_calls == []  # nothing derived without the secret
    assert bytes(open_with_recovery_code(slots, code)) == key


@pytest.mark.parametrize("value", ["not base64 !", base64.b64encode(b"short").decode(), ""])
def test_unreadable_device_secret_counts_as_missing(device_made, memory_keyring, value):
    path, _key, _code = device_made
    slots = KeySlotFile.load(path)
    ref = slots.passphrase_slot.device_secret
    memory_keyring.secrets[(ref.service, ref.account)] = value
    with pytest.raises(DeviceSecretMissing):
        open_with_passphrase(slots, PASS)


@pytest.mark.parametrize("backend", [keyring.backends.fail.Keyring, LockedKeyring, keyring.backends.null.Keyring])
def test_unreachable_keyring_on_open(device_made, backend, kdf_calls):
    path, key, code = device_made
    slots = KeySlotFile.load(path)
    keyring.set_keyring(backend())
    with pytest.raises(DeviceSecretUnreachable) as caught:
        open_with_passphrase(slots, PASS)
    assert isinstance(caught.value, DeviceSecretMissing) and isinstance(caught.value, KeyringUnavailable)
    assert kdf_calls == []
    assert bytes(open_with_recovery_code(slots, code)) == key  # the recovery slot never needs the keyring


def test_rewrap_reuses_the_device_secret(device_made, memory_keyring):
    path, key, _code = device_made
    slots = KeySlotFile.load(path)
    before = dict(memory_keyring.secrets)
    new = rewrap_passphrase(slots, key, "nieuwe zin met vier woorden", kdf=KdfParams.minimum())
    assert new.passphrase_slot.device_secret == slots.passphrase_slot.device_secret
    assert memory_keyring.secrets == before
    assert obsolete_device_secrets(slots, new) == []
    new.save(path, key)
    assert bytes(open_with_passphrase(KeySlotFile.load(path), "nieuwe zin met vier woorden")) == key


def test_rewrap_after_recovery_on_a_new_computer_makes_a_new_device_secret(device_made, memory_keyring):
    path, key, code = device_made
    memory_keyring.secrets.clear()
    slots = KeySlotFile.load(path)
    recovered = open_with_recovery_code(slots, code)
    new = rewrap_passphrase(slots, recovered, "nieuwe zin op nieuwe pc", kdf=KdfParams.minimum())
    assert new.has_device_secret()
    assert new.passphrase_slot.id != slots.passphrase_slot.id
    assert len(memory_keyring.secrets) == 1
    new.save(path, recovered)
    assert bytes(open_with_passphrase(KeySlotFile.load(path), "nieuwe zin op nieuwe pc")) == key


def test_rewrap_can_drop_the_device_secret_and_tidy_the_keyring(device_made, memory_keyring):
    path, key, _code = device_made
    slots = KeySlotFile.load(path)
    new = rewrap_passphrase(slots, key, "zonder apparaatgeheim verder", kdf=KdfParams.minimum(),
                            use_device_secret=False)
    assert not new.has_device_secret()
    new.save(path, key)
    forget_device_secrets(obsolete_device_secrets(slots, new))
    assert memory_keyring.secrets == {}
    keyring.set_keyring(keyring.backends.fail.Keyring())
    assert bytes(open_with_passphrase(KeySlotFile.load(path), "zonder apparaatgeheim verder")) == key


def test_rewrap_wanting_a_device_secret_without_keyring_raises(device_made, kdf_calls):
    path, key, _code = device_made
    slots = KeySlotFile.load(path)
    keyring.set_keyring(keyring.backends.fail.Keyring())
    with pytest.raises(KeyringUnavailable):
        rewrap_passphrase(slots, key, "nieuwe zin zonder sleutelbos", kdf=KdfParams.minimum())
    assert kdf_calls == []


def test_rewrap_can_add_a_device_secret(tmp_path, made, memory_keyring):
    path = made.write(tmp_path)
    slots = KeySlotFile.load(path)
    new = rewrap_passphrase(slots, made.data_key, "nu met apparaatgeheim erbij", kdf=KdfParams.minimum(),
                            use_device_secret=True)
    assert new.has_device_secret() and len(memory_keyring.secrets) == 1


def test_forget_device_secrets_of_a_whole_file(device_made, memory_keyring):
    path, _key, _code = device_made
    forget_device_secrets(KeySlotFile.load(path))
    assert memory_keyring.secrets == {}


# --- no usable keyring at set-up -------------------------------------------------------------------------------

def _empty_chainer(monkeypatch):
    monkeypatch.setattr(keyring.backend, "get_all_keyring", lambda: [])
    return keyring.backends.chainer.ChainerBackend()


def _alt_plaintext():
    cls = type("PlaintextKeyring", (ForgetfulKeyring,), {"__module__": "keyrings.alt.file"})
    return cls()


@pytest.mark.parametrize("make", [
    lambda mp: keyring.backends.fail.Keyring(),
    lambda mp: keyring.backends.null.Keyring(),
    _empty_chainer,
    lambda mp: LockedKeyring(),
    lambda mp: ForgetfulKeyring(),
    lambda mp: _alt_plaintext(),
], ids=["fail", "null", "empty-chainer", "locked", "forgetful", "keyrings-alt"])
def test_no_usable_keyring_means_passphrase_only_with_a_notice(make, monkeypatch, tmp_path):
    keyring.set_keyring(make(monkeypatch))
    slots, key, code, notices = create_keyslots("reg-nokeyring", PASS, kdf=KdfParams.minimum(),
                                                use_device_secret=True)
    assert len(notices) == 1 and "sleutelbos" in notices[0] and "wachtwoordzin" in notices[0]
    assert not slots.has_device_secret()
    path = tmp_path / "register.keyslots"
    slots.save(path, key)
    # Nothing secret was written anywhere in clear: not the key-slot file, not a stray temp file.
    needles = _needles(PASS, code, bytes(key))
    for file in tmp_path.rglob("*"):
        if file.is_file():
            data = file.read_bytes()
            assert not [n for n in needles if n in data], file.name
    for text in notices:
        assert not [n for n in needles if n in text.encode("utf-8")]
    assert bytes(open_with_passphrase(KeySlotFile.load(path), PASS)) == key


def _needles(passphrase: str, code: str, key: bytes) -> list[bytes]:
    compact = code.replace("-", "")
    return [passphrase.encode(), code.encode(), compact.encode(), compact.lower().encode(), key, key.hex().encode(),
            base64.b64encode(key), base64.b64encode(key).rstrip(b"=")]


def test_no_keyring_without_policy_gives_no_notice(kdf_calls):
    keyring.set_keyring(keyring.backends.fail.Keyring())
    _slots, _key, _code, notices = create_keyslots("reg-x", PASS, kdf=KdfParams.minimum(), use_device_secret=False)
    assert notices == []


def test_chainer_with_a_real_backend_is_used(monkeypatch, memory_keyring):
    monkeypatch.setattr(keyring.backend, "get_all_keyring", lambda: [memory_keyring])
    keyring.set_keyring(keyring.backends.chainer.ChainerBackend())
    assert device_secret.usable_backend() is memory_keyring
    assert device_secret.is_available()


# --- describing and Windows persistence -----------------------------------------------------------------------

def test_describe_backend(memory_keyring):
    assert "InMemoryKeyring" in device_secret.describe_backend()
    keyring.set_keyring(keyring.backends.fail.Keyring())
    text = device_secret.describe_backend()
    assert "geen bruikbare" in text and "keyring.backends.fail.Keyring" in text
    assert not device_secret.is_available()
    with pytest.raises(KeyringUnavailable) as caught:
        device_secret.usable_backend()
    assert caught.value.user_message


def test_windows_credential_manager_is_asked_to_persist_locally(memory_keyring):
    class Persistence:
        def __get__(self, obj, owner=None):
            return getattr(obj, "_persist", "enterprise") if obj is not None else self

        def __set__(self, obj, value):
            obj._persist = value

    fake = type("WinVaultKeyring", (type(memory_keyring),),
                {"__module__": "keyring.backends.Windows", "persist": Persistence()})()
    keyring.set_keyring(fake)
    assert device_secret.usable_backend() is fake
    assert fake.persist == "local machine"
    assert "niet roaming" in device_secret.describe_backend()
