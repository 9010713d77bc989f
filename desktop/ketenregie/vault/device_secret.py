"""Device secret: 32 random bytes in the OS keyring, mixed into the passphrase slot when IT policy asks for it.

A copied register (share, USB stick, backup) then cannot be attacked offline away from this user account. The
keyring holds only this short secret, base64, under service "Ketenregie" and account
``device-secret:<register_id>:<slot_id>``. When no usable keyring exists we say so (`KeyringUnavailable`) and the
caller goes passphrase-only: the secret is never stored anywhere else.
"""
from __future__ import annotations

import base64
import binascii
import secrets
from dataclasses import dataclass

import keyring
import keyring.backend
import keyring.errors
from keyring.backends import chainer, fail, null

from ketenregie.vault.datakey import zero
from ketenregie.vault.errors import DeviceSecretMissing, DeviceSecretUnreachable, KeyringUnavailable

SERVICE = "Ketenregie"
ACCOUNT_PREFIX = "device-secret"
SECRET_BYTES = 32

_FRIENDLY_NAMES = {
    "keyring.backends.Windows.WinVaultKeyring": "Windows Referentiebeheer",
    "keyring.backends.macOS.Keyring": "macOS-sleutelhanger",
    "keyring.backends.SecretService.Keyring": "Secret Service (bijv. GNOME-sleutelbos)",
    "keyring.backends.libsecret.Keyring": "libsecret (bijv. GNOME-sleutelbos)",
    "keyring.backends.kwallet.DBusKeyring": "KWallet",
}
_NO_BACKEND_MESSAGE = ("Er is geen bruikbare sleutelbos van het besturingssysteem gevonden, dus Ketenregie kan "
                       "hier geen apparaatgeheim bewaren.")
_ERROR_MESSAGE = ("De sleutelbos van het besturingssysteem gaf een fout of is vergrendeld, dus Ketenregie kan het "
                  "apparaatgeheim niet bewaren of lezen.")


@dataclass(frozen=True)
class DeviceSecretRef:
    """Where a slot's device secret lives in the keyring (stored in the key-slot file; not secret itself)."""

    service: str
    account: str

    @classmethod
    def for_slot(cls, register_id: str, slot_id: str) -> "DeviceSecretRef":
        return cls(SERVICE, f"{ACCOUNT_PREFIX}:{register_id}:{slot_id}")

    def to_json(self) -> dict[str, str]:
        return {"service": self.service, "account": self.account}


def _qualified(backend: keyring.backend.KeyringBackend) -> str:
    cls = type(backend)
    return f"{cls.__module__}.{cls.__name__}"


def _allowed(backend: keyring.backend.KeyringBackend) -> bool:
    if isinstance(backend, (fail.Keyring, null.Keyring, chainer.ChainerBackend)):
        return False
    # keyrings.alt holds plaintext/file-based stores: that would be "storing the secret somewhere else".
    return not type(backend).__module__.startswith("keyrings.alt")


def _current() -> keyring.backend.KeyringBackend | None:
    try:
        return keyring.get_keyring()
    except Exception:  # a broken keyringrc or plug-in; treated as "no keyring"
        return None


def _select(backend: keyring.backend.KeyringBackend | None) -> keyring.backend.KeyringBackend | None:
    if backend is None:
        return None
    if isinstance(backend, chainer.ChainerBackend):
        try:
            inner = list(backend.backends)
        except Exception:
            return None
        return next((b for b in inner if _allowed(b)), None)
    return backend if _allowed(backend) else None


def _prefer_local_persistence(backend: keyring.backend.KeyringBackend) -> None:
    """Windows Credential Manager defaults to 'enterprise' persistence, which roams with the profile; keep the
    device secret on this machine only."""
    if type(backend).__module__ != "keyring.backends.Windows" or not hasattr(type(backend), "persist"):
        return
    try:
        backend.persist = "local machine"  # CRED_PERSIST_LOCAL_MACHINE
    except Exception:  # pragma: no cover - Windows only; an old backend without the constant keeps its default
        pass


def usable_backend() -> keyring.backend.KeyringBackend:
    """The keyring backend we would use, or `KeyringUnavailable`. Does not touch any secret."""
    backend = _select(_current())
    if backend is None:
        raise KeyringUnavailable(_NO_BACKEND_MESSAGE)
    _prefer_local_persistence(backend)
    return backend


def is_available() -> bool:
    return _select(_current()) is not None


def create(ref: DeviceSecretRef) -> bytearray:
    """Generate a new device secret, store it under `ref` and read it back. Raises `KeyringUnavailable`."""
    backend = usable_backend()
    secret = bytearray(secrets.token_bytes(SECRET_BYTES))
    encoded = base64.b64encode(secret).decode("ascii")
    try:
        backend.set_password(ref.service, ref.account, encoded)
        stored = backend.get_password(ref.service, ref.account)
    except Exception:
        zero(secret)
        raise KeyringUnavailable(_ERROR_MESSAGE) from None  # `from None`: backend errors may echo arguments
    if stored != encoded:  # a backend that silently drops writes is no keyring
        zero(secret)
        _delete_quietly(backend, ref)
        raise KeyringUnavailable(_NO_BACKEND_MESSAGE)
    return secret


def load(ref: DeviceSecretRef) -> bytearray:
    """The stored device secret. `DeviceSecretMissing` when the entry is absent or unreadable,
    `DeviceSecretUnreachable` (a `DeviceSecretMissing` and a `KeyringUnavailable`) when the keyring is not usable."""
    backend = _select(_current())
    if backend is None:
        raise DeviceSecretUnreachable()
    _prefer_local_persistence(backend)
    try:
        encoded = backend.get_password(ref.service, ref.account)
    except Exception:
        raise DeviceSecretUnreachable() from None
    if encoded is None:
        raise DeviceSecretMissing()
    try:
        secret = bytearray(base64.b64decode(encoded.encode("ascii"), validate=True))
    except (binascii.Error, UnicodeError, ValueError, AttributeError):
        raise DeviceSecretMissing() from None
    if len(secret) != SECRET_BYTES:
        zero(secret)
        raise DeviceSecretMissing()
    return secret


def delete(ref: DeviceSecretRef) -> None:
    """Remove the entry (best effort: a missing entry or an unavailable keyring is not an error)."""
    backend = _select(_current())
    if backend is not None:
        _delete_quietly(backend, ref)


def _delete_quietly(backend: keyring.backend.KeyringBackend, ref: DeviceSecretRef) -> None:
    try:
        backend.delete_password(ref.service, ref.account)
    except Exception:
        pass


def describe_backend() -> str:
    """One line for `ketenregie doctor`: which keyring backend is in use and whether it is usable."""
    current = _current()
    if current is None:
        return "Sleutelbos: niet te laden (configuratie of plug-in defect); apparaatgeheim niet mogelijk."
    selected = _select(current)
    if selected is None:
        return f"Sleutelbos: geen bruikbare ({_qualified(current)}); apparaatgeheim niet mogelijk."
    name = _FRIENDLY_NAMES.get(_qualified(selected), selected.name)
    text = f"Sleutelbos: {name} ({_qualified(selected)})"
    if type(selected).__module__ == "keyring.backends.Windows":
        _prefer_local_persistence(selected)
        text += ", alleen op deze computer (niet roaming)"
    return text + "."
