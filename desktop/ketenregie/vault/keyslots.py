"""Key slots (like LUKS): a small JSON file beside the register holding the data key wrapped for each way in.

File layout (UTF-8 JSON, written atomically, user-only)::

    {"format": "ketenregie-keyslots", "version": 2, "register_id": "...",
     "anchor": null | {"audit_count": ..., "audit_hash": "<64 hex>", "attempts_seq": ...},
     "slots": [{"id": "<32 hex>", "kind": "passphrase" | "recovery",
                "kdf": {"algorithm": "argon2id", "memory_kib": ..., "iterations": ..., "lanes": ..., "salt": "<b64>"},
                "device_secret": null | {"service": "Ketenregie", "account": "device-secret:<register_id>:<id>"},
                "nonce": "<b64, 12 bytes>", "wrapped_key": "<b64, 32 + 16 bytes>",
                "checksum": "<sha256 hex of the canonical slot without its checksum>"}],
     "checksum": "<sha256 hex of the canonical body>", "mac": "<hmac-sha256 hex, see below>"}

The *body* is everything except checksum and mac; canonical = sorted keys, no whitespace, ASCII.
Version 1 files (no anchor, no slot checksums, mac over the whole body) are still read; every save writes
version 2.

- Wrapping: AES-256-GCM under a KEK. KEK = Argon2id(passphrase) or Argon2id(normalized recovery code); with a
  device secret KEK = HKDF-SHA256(Argon2id(passphrase) || device_secret, info="ketenregie passphrase+device").
  The associated data binds format, version, register id, slot id, kind, KDF parameters and the device-secret
  reference, so editing any of them makes unwrapping fail.
- `checksum` catches accidental damage before any KDF runs. `mac` (key = HKDF of the data key) is checked after a
  successful unwrap and catches a deliberately rewritten file (e.g. a slot swapped or removed, checksum redone).
- Each slot stands on its own (version 2): its own checksum, and the mac covers the slots only through those
  checksums (mac = HMAC over format, version, register id, anchor and the list of slot checksums). So a damaged
  passphrase slot is reported as damage (not as a wrong passphrase) and the recovery slot still opens the
  register *and* proves the file authentic: the damaged slot's stored checksum stands in for its content.
- The `anchor` holds the head of the register's audit chain (row count + hash) and the sequence number of the
  failed-unlock record, both under the mac: a cut-off audit tail, a lost WAL or a reset failure counter shows.
- The file always has exactly one passphrase slot and one recovery slot. The recovery slot never uses the device
  secret, so the recovery code also works on another computer.

Nothing secret reaches an exception message, repr or log line.
"""
from __future__ import annotations

import base64
import binascii
import hashlib
import hmac
import itertools
import json
import re
import secrets
import unicodedata
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from cryptography.exceptions import InvalidTag
from cryptography.hazmat.primitives import hashes
from cryptography.hazmat.primitives.ciphers.aead import AESGCM
from cryptography.hazmat.primitives.kdf.hkdf import HKDF

from ketenregie.atomic import write_atomic
from ketenregie.domain import recovery_code as _recovery
from ketenregie.domain.recovery_code import RecoveryCodeFormatError
from ketenregie.vault import device_secret as _device
from ketenregie.vault import kdf as _kdf
from ketenregie.vault.datakey import DATA_KEY_BYTES, new_data_key, wipe_immutable, zero
from ketenregie.vault.device_secret import DeviceSecretRef
from ketenregie.vault.errors import (
    DeviceSecretMissing,
    DeviceSecretUnreachable,
    KeyringUnavailable,
    KeySlotDamaged,
    KeySlotFileDamaged,
    VaultError,
    WrongPassphrase,
    WrongRecoveryCode,
)
from ketenregie.vault.kdf import KdfParams, calibrate

__all__ = [
    "FORMAT", "VERSION", "PASSPHRASE", "RECOVERY",
    "VaultError", "WrongPassphrase", "WrongRecoveryCode", "KeySlotFileDamaged", "KeySlotDamaged", "Anchor", "KeyringUnavailable",
    "DeviceSecretMissing", "DeviceSecretUnreachable", "RecoveryCodeFormatError",
    "KdfParams", "calibrate", "KeySlot", "KeySlotFile", "DeviceSecretRef",
    "create_keyslots", "open_with_passphrase", "open_with_recovery_code", "rewrap_passphrase",
    "replace_recovery_code", "rekey", "verify_mac", "forget_device_secrets", "obsolete_device_secrets",
    "new_data_key", "zero",
]

FORMAT = "ketenregie-keyslots"
VERSION = 2
_SLOT_AD_VERSION = 1  # the associated data of a wrapped key keeps saying 1: slots carry over from version 1 files
PASSPHRASE = "passphrase"
RECOVERY = "recovery"
KINDS = (PASSPHRASE, RECOVERY)

NONCE_BYTES = 12
WRAPPED_BYTES = DATA_KEY_BYTES + 16  # + GCM tag
MAX_FILE_BYTES = 64 * 1024
_SLOT_ID = re.compile(r"[0-9a-f]{32}")
_REGISTER_ID = re.compile(r"[A-Za-z0-9._-]{1,128}")
_HEX64 = re.compile(r"[0-9a-f]{64}")
_DEVICE_INFO = b"ketenregie passphrase+device"
_MAC_INFO = b"ketenregie keyslots mac v1"
_TOP_KEYS_V1 = frozenset({"format", "version", "register_id", "slots", "checksum", "mac"})
_TOP_KEYS = _TOP_KEYS_V1 | {"anchor"}
_SLOT_KEYS = frozenset({"id", "kind", "kdf", "device_secret", "nonce", "wrapped_key"})
_ANCHOR_KEYS = frozenset({"audit_count", "audit_hash", "attempts_seq"})
_SLOT_CHUNK = re.compile(r"^    \{\n.*?^    \}", re.M | re.S)  # one slot object as `save` indents it
_STORED_CHECKSUM = re.compile(r'"checksum": "([0-9a-f]{64})"')
_STORED_KIND = re.compile(r'"kind": "(passphrase|recovery)"')
_KDF_KEYS = frozenset({"algorithm", "memory_kib", "iterations", "lanes", "salt"})

_NEWER_VERSION_MESSAGE = ("Het sleutelbestand van dit register is gemaakt door een nieuwere versie van Ketenregie. "
                          "Werk Ketenregie bij om dit register te openen.")
_PASSPHRASE_SLOT_DAMAGED = ("Het deel van het sleutelbestand voor de wachtwoordzin is beschadigd (dit ligt niet aan "
                            "uw wachtwoordzin). Open het register met uw herstelcode; Ketenregie schrijft daarna een "
                            "nieuw sleutelbestand. Er is niets gewijzigd.")
_RECOVERY_SLOT_DAMAGED = ("Het deel van het sleutelbestand voor de herstelcode is beschadigd. Open het register met "
                          "uw wachtwoordzin en maak daarna een nieuwe herstelcode. Er is niets gewijzigd.")
_KEYRING_NOTICE = ("Ketenregie beveiligt dit register daarom alleen met uw wachtwoordzin (en de herstelcode), "
                   "zonder apparaatgeheim.")


@dataclass(frozen=True)
class KeySlot:
    id: str
    kind: str
    kdf: KdfParams
    device_secret: DeviceSecretRef | None
    nonce: bytes = field(repr=False)
    wrapped_key: bytes = field(repr=False)

    def body(self) -> dict[str, Any]:
        return {
            "id": self.id,
            "kind": self.kind,
            "kdf": _kdf_json(self.kdf),
            "device_secret": self.device_secret.to_json() if self.device_secret else None,
            "nonce": _b64(self.nonce),
            "wrapped_key": _b64(self.wrapped_key),
        }


@dataclass(frozen=True)
class Anchor:
    """What the key-slot file remembers about the register under its mac: the audit chain's head (row count and
    hash of the last row) and the sequence number of the failed-unlock record at the last successful unlock."""
    audit_count: int
    audit_hash: str
    attempts_seq: int = 0

    def __post_init__(self) -> None:
        for value in (self.audit_count, self.attempts_seq):
            if isinstance(value, bool) or not isinstance(value, int) or not 0 <= value < 1 << 62:
                raise ValueError("anchor counts must be non-negative integers")
        if not isinstance(self.audit_hash, str) or not _HEX64.fullmatch(self.audit_hash):
            raise ValueError("anchor hash must be 64 hex characters")

    def to_json(self) -> dict[str, Any]:
        return {"audit_count": self.audit_count, "audit_hash": self.audit_hash, "attempts_seq": self.attempts_seq}


@dataclass
class KeySlotFile:
    register_id: str
    slots: list[KeySlot]  # the usable slots (a damaged slot is left out and named in `damaged`)
    anchor: Anchor | None = None
    # HMAC over the body as read from disk (or as computed when built in memory); checked by `verify_mac`.
    mac: str | None = field(default=None, repr=False, compare=False)
    damaged: tuple[str, ...] = ()  # kinds of slots that were found damaged when the file was read
    # Per slot (file order) the checksums the mac may have been made over; None = computed from `slots`.
    _mac_digests: list[tuple[str, ...]] | None = field(default=None, repr=False, compare=False)
    _legacy_body: bytes | None = field(default=None, repr=False, compare=False)  # version 1: mac over this

    # --- reading and writing -------------------------------------------------------------------------------
    @classmethod
    def load(cls, path: Path) -> "KeySlotFile":
        """Parse and check a key-slot file (no KDF runs). `KeySlotFileDamaged` when no slot can be used;
        a file with one damaged slot loads and names it in `damaged`. `FileNotFoundError`/`OSError` pass
        through."""
        from ketenregie import bounded_read  # regular file, size limit: a FIFO or a folder never hangs or crashes

        try:
            raw = bounded_read.read_bytes(path, max_bytes=MAX_FILE_BYTES)
        except bounded_read.FileMissing:
            raise FileNotFoundError(path) from None
        except bounded_read.FileRefused as exc:
            raise KeySlotFileDamaged(f"Het sleutelbestand naast het register: {exc.reason} Er is niets "
                                     "gewijzigd.") from None
        return cls.from_bytes(raw)

    @classmethod
    def from_bytes(cls, raw: bytes) -> "KeySlotFile":
        document = _parse_json(raw)
        chunks_damaged: dict[int, str] = {}
        if document is None:  # broken JSON: maybe only inside one slot (a version 2 file as `save` writes it)
            document, chunks_damaged = _salvage_json(raw)
        if not isinstance(document, dict):
            raise KeySlotFileDamaged()
        if document.get("format") != FORMAT:
            raise KeySlotFileDamaged()
        version = document.get("version")
        if not isinstance(version, int) or isinstance(version, bool) or version < 1:
            raise KeySlotFileDamaged()
        if version > VERSION:
            raise KeySlotFileDamaged(_NEWER_VERSION_MESSAGE)
        if version == 1 and not chunks_damaged:
            return _from_v1(document)
        if version != VERSION or set(document) != _TOP_KEYS:
            raise KeySlotFileDamaged()
        checksum, mac = document["checksum"], document["mac"]
        if not (isinstance(mac, str) and _HEX64.fullmatch(mac)):
            raise KeySlotFileDamaged()
        body = {key: value for key, value in document.items() if key not in ("checksum", "mac")}
        try:
            whole_ok = not chunks_damaged and isinstance(checksum, str) and hmac.compare_digest(
                hashlib.sha256(_canonical(body)).hexdigest(), checksum)
        except (TypeError, ValueError):
            whole_ok = False
        try:
            register_id = document["register_id"]
            _check_register_id(register_id)
            anchor = _parse_anchor(document["anchor"])
            raw_slots = document["slots"]
            if not isinstance(raw_slots, list) or len(raw_slots) != len(KINDS):
                raise ValueError("slots")
        except (KeyError, TypeError, ValueError):
            raise KeySlotFileDamaged() from None
        slots: list[KeySlot] = []
        damaged: list[str] = []
        digests: list[tuple[str, ...]] = []
        for index, raw_slot in enumerate(raw_slots):
            slot, digest = _checked_slot(register_id, raw_slot) if index not in chunks_damaged else (None, None)
            if slot is not None and digest is not None:
                slots.append(slot)
                digests.append((digest,))
                continue
            # The mac was made over the slot's checksum as written: the stored one if the content broke, the
            # content's own if the stored checksum is what broke.
            options = [chunks_damaged.get(index, "")] if index in chunks_damaged else [
                _stored_checksum(raw_slot), _content_digest(raw_slot)]
            digests.append(tuple(dict.fromkeys(option for option in options if option)))
            damaged.append(_stored_kind(raw_slot) if index not in chunks_damaged else "")
        if not whole_ok and not damaged:  # the damage is outside the slots (register id, anchor): trust nothing
            raise KeySlotFileDamaged()
        kinds_ok = [slot.kind for slot in slots]
        if not slots or len(set(kinds_ok)) != len(kinds_ok):
            raise KeySlotFileDamaged()
        missing = [kind for kind in KINDS if kind not in kinds_ok]
        if damaged:  # a damaged slot is the kind the intact ones are not (its own "kind" may be what broke)
            damaged = missing
        if len(damaged) != len(missing) or len(set(slot.id for slot in slots)) != len(slots):
            raise KeySlotFileDamaged()
        return cls(register_id, slots, anchor, mac, tuple(damaged), digests, None)

    def save(self, path: Path, data_key: bytes | bytearray) -> None:
        """Write atomically (0600) with a fresh checksum and mac. If this object carries a mac (it was loaded or
        built by this module), the data key must match it — so a wrong key can never be sealed into the file."""
        _check_structure(self)
        if self.mac is not None:
            try:
                verify_mac(self, data_key)
            except KeySlotFileDamaged:
                raise ValueError("data key does not belong to this key-slot file") from None
        mac = _compute_mac(self, data_key)
        body = self.body()
        document = dict(body, checksum=hashlib.sha256(_canonical(body)).hexdigest(), mac=mac)
        write_atomic(Path(path), (json.dumps(document, indent=2, ensure_ascii=True) + "\n").encode("utf-8"))
        self.mac, self._mac_digests, self._legacy_body = mac, None, None

    def body(self) -> dict[str, Any]:
        return {"format": FORMAT, "version": VERSION, "register_id": self.register_id,
                "anchor": self.anchor.to_json() if self.anchor else None,
                "slots": [dict(slot.body(), checksum=_slot_digest(slot)) for slot in self.slots]}

    def with_anchor(self, data_key: bytes | bytearray, anchor: Anchor) -> "KeySlotFile":
        """The same slots with a new anchor, sealed with `data_key` (which must belong to this file). Nothing is
        written: call `save`. `KeySlotFileDamaged` if a slot is damaged (a complete file cannot be written)."""
        verify_mac(self, data_key)
        if self.damaged:
            raise KeySlotDamaged(kind=self.damaged[0])
        result = KeySlotFile(self.register_id, list(self.slots), anchor)
        result.mac = _compute_mac(result, data_key)
        return result

    # --- queries -------------------------------------------------------------------------------------------
    def has_device_secret(self) -> bool:
        return any(slot.device_secret is not None for slot in self.slots)

    @property
    def passphrase_slot(self) -> KeySlot:
        return self._slot(PASSPHRASE)

    @property
    def recovery_slot(self) -> KeySlot:
        return self._slot(RECOVERY)

    def slot_or_none(self, kind: str) -> KeySlot | None:
        matches = [slot for slot in self.slots if slot.kind == kind]
        return matches[0] if len(matches) == 1 else None

    def _slot(self, kind: str) -> KeySlot:
        if kind in self.damaged:
            message = _PASSPHRASE_SLOT_DAMAGED if kind == PASSPHRASE else _RECOVERY_SLOT_DAMAGED
            raise KeySlotDamaged(message, kind)
        matches = [slot for slot in self.slots if slot.kind == kind]
        if len(matches) != 1:
            raise KeySlotFileDamaged()
        return matches[0]


def _parse_json(raw: bytes) -> Any:
    try:
        return json.loads(raw.decode("utf-8"), object_pairs_hook=_no_duplicates, parse_constant=_reject_constant)
    except (UnicodeDecodeError, ValueError, RecursionError):
        return None


def _salvage_json(raw: bytes) -> tuple[Any, dict[int, str]]:
    """The file's JSON with each slot object that does not parse on its own replaced by a placeholder; returns
    (document, {slot index: the damaged slot's stored checksum or ""}). (None, {}) if that does not help."""
    text = raw.decode("utf-8", errors="replace")
    damaged: dict[int, str] = {}
    pieces: list[str] = []
    position = 0
    for index, match in enumerate(_SLOT_CHUNK.finditer(text)):
        chunk = match.group(0)
        if _parse_json(chunk.encode("utf-8")) is None:
            stored = _STORED_CHECKSUM.findall(chunk)
            damaged[index] = stored[0] if len(stored) == 1 else ""
            pieces.append(text[position:match.start()] + "    {}")
            position = match.end()
    if not damaged:
        return None, {}
    pieces.append(text[position:])
    document = _parse_json("".join(pieces).encode("utf-8"))
    return (document, damaged) if isinstance(document, dict) else (None, {})


def _from_v1(document: dict[str, Any]) -> KeySlotFile:
    """Version 1: one checksum and one mac over the whole body (no per-slot checks, no anchor)."""
    if set(document) != _TOP_KEYS_V1:
        raise KeySlotFileDamaged()
    checksum, mac = document["checksum"], document["mac"]
    if not (isinstance(checksum, str) and _HEX64.fullmatch(checksum)
            and isinstance(mac, str) and _HEX64.fullmatch(mac)):
        raise KeySlotFileDamaged()
    body = {key: value for key, value in document.items() if key not in ("checksum", "mac")}
    if not hmac.compare_digest(hashlib.sha256(_canonical(body)).hexdigest(), checksum):
        raise KeySlotFileDamaged()
    try:
        register_id = body["register_id"]
        _check_register_id(register_id)
        raw_slots = body["slots"]
        if not isinstance(raw_slots, list):
            raise TypeError("slots")
        parsed = KeySlotFile(register_id, [_parse_slot(register_id, raw, _SLOT_KEYS) for raw in raw_slots])
        _check_structure(parsed)
    except (KeyError, TypeError, ValueError, binascii.Error):
        raise KeySlotFileDamaged() from None
    parsed.mac = mac
    parsed._legacy_body = _canonical(body)
    return parsed


def _checked_slot(register_id: str, raw: Any) -> tuple[KeySlot | None, str | None]:
    """(slot, digest) when the slot's own checksum matches and it parses; (None, None) when it is damaged."""
    if not isinstance(raw, dict):
        return None, None
    stored = raw.get("checksum")
    content = {key: value for key, value in raw.items() if key != "checksum"}
    try:
        digest = hashlib.sha256(_canonical(content)).hexdigest()
    except (TypeError, ValueError):
        return None, None
    if not (isinstance(stored, str) and hmac.compare_digest(digest, stored)):
        return None, None
    try:
        return _parse_slot(register_id, content, _SLOT_KEYS), digest
    except (KeyError, TypeError, ValueError, binascii.Error):
        return None, None


def _stored_checksum(raw: Any) -> str:
    stored = raw.get("checksum") if isinstance(raw, dict) else None
    return stored if isinstance(stored, str) and _HEX64.fullmatch(stored) else ""


def _content_digest(raw: Any) -> str:
    if not isinstance(raw, dict):
        return ""
    try:
        return hashlib.sha256(_canonical({k: v for k, v in raw.items() if k != "checksum"})).hexdigest()
    except (TypeError, ValueError):
        return ""


def _stored_kind(raw: Any) -> str:
    kind = raw.get("kind") if isinstance(raw, dict) else None
    return kind if kind in KINDS else ""


def _parse_anchor(raw: Any) -> Anchor | None:
    if raw is None:
        return None
    if not isinstance(raw, dict) or set(raw) != _ANCHOR_KEYS:
        raise ValueError("anchor")
    return Anchor(raw["audit_count"], raw["audit_hash"], raw["attempts_seq"])


def _slot_digest(slot: KeySlot) -> str:
    return hashlib.sha256(_canonical(slot.body())).hexdigest()


# --- public operations ---------------------------------------------------------------------------------------

def create_keyslots(register_id: str, passphrase: str, *, kdf: KdfParams,
                    use_device_secret: bool) -> tuple[KeySlotFile, bytearray, str, list[str]]:
    """A new data key, wrapped for the passphrase and for a fresh recovery code.

    Returns (file, data_key, recovery_code, notices). `kdf` gives the cost; every slot gets its own salt. When
    `use_device_secret` is set but no usable keyring exists, the file is passphrase-only and `notices` says so
    (Dutch, for the user). Nothing is written to disk: call `file.save(path, data_key)`."""
    _check_register_id(register_id)
    secret_text = _passphrase_bytes(passphrase)
    notices: list[str] = []
    data_key = new_data_key()
    created_ref: DeviceSecretRef | None = None
    try:
        slot_id = _new_slot_id()
        device: bytearray | None = None
        if use_device_secret:
            ref = DeviceSecretRef.for_slot(register_id, slot_id)
            try:
                device = _device.create(ref)
                created_ref = ref
            except KeyringUnavailable as exc:
                notices.append(f"{exc.user_message} {_KEYRING_NOTICE}")
        passphrase_slot = _wrap(register_id, slot_id, PASSPHRASE, kdf.with_fresh_salt(), created_ref,
                                secret_text, device, data_key)
        code = _recovery.generate()
        recovery_slot = _wrap(register_id, _new_slot_id(), RECOVERY, kdf.with_fresh_salt(), None,
                              bytearray(_recovery.normalize(code).encode("ascii")), None, data_key)
        slots = KeySlotFile(register_id, [passphrase_slot, recovery_slot])
        slots.mac = _compute_mac(slots, data_key)
        return slots, data_key, code, notices
    except BaseException:
        zero(data_key)
        if created_ref is not None:
            _device.delete(created_ref)
        raise
    finally:
        zero(secret_text)


def open_with_passphrase(slots: KeySlotFile, passphrase: str) -> bytearray:
    """The data key, or `WrongPassphrase` / `DeviceSecretMissing` (incl. `DeviceSecretUnreachable`) /
    `KeySlotFileDamaged`. Runs one Argon2id derivation (off the UI thread, please)."""
    slot = slots.passphrase_slot
    if not isinstance(passphrase, str) or not passphrase:
        raise WrongPassphrase()
    secret_text = _passphrase_bytes(passphrase)
    device: bytearray | None = None
    try:
        if slot.device_secret is not None:
            device = _device.load(slot.device_secret)  # before the KDF: no point deriving without it
        data_key = _unwrap(slots.register_id, slot, secret_text, device, WrongPassphrase)
    finally:
        zero(secret_text)
        zero(device)
    _verify_or_wipe(slots, data_key)
    return data_key


def open_with_recovery_code(slots: KeySlotFile, code: str) -> bytearray:
    """The data key, or `RecoveryCodeFormatError` (checked first, no KDF runs) / `WrongRecoveryCode` /
    `KeySlotFileDamaged`."""
    compact = _recovery.require_valid(code)
    slot = slots.recovery_slot
    secret_text = bytearray(compact.encode("ascii"))
    try:
        data_key = _unwrap(slots.register_id, slot, secret_text, None, WrongRecoveryCode)
    finally:
        zero(secret_text)
    _verify_or_wipe(slots, data_key)
    return data_key


def rewrap_passphrase(slots: KeySlotFile, data_key: bytes | bytearray, new_passphrase: str, *, kdf: KdfParams,
                      use_device_secret: bool | None = None) -> KeySlotFile:
    """A new file whose passphrase slot opens with `new_passphrase`; the data key (and database) stay the same.

    Device-secret use stays as before unless `use_device_secret` says otherwise. The existing device secret is
    reused when it is in the keyring; when it is missing (e.g. the user came in with the recovery code on a new
    computer) a new one is created. `KeyringUnavailable` if a device secret is wanted and the keyring cannot be
    used — retry with `use_device_secret=False` to go passphrase-only. Nothing is written: save the result, then
    call `forget_device_secrets(obsolete_device_secrets(old, new))` to tidy the keyring."""
    verify_mac(slots, data_key)
    old = slots.slot_or_none(PASSPHRASE)  # None when it was damaged: this call replaces it
    had_device = old is not None and old.device_secret is not None
    want_device = had_device if use_device_secret is None else use_device_secret
    secret_text = _passphrase_bytes(new_passphrase)
    device: bytearray | None = None
    created_ref: DeviceSecretRef | None = None
    try:
        slot_id, ref = _new_slot_id(), None
        if want_device:
            if old is not None and old.device_secret is not None:
                try:
                    device = _device.load(old.device_secret)
                    slot_id, ref = old.id, old.device_secret
                except DeviceSecretUnreachable:
                    raise
                except DeviceSecretMissing:
                    device = None
            if device is None:
                ref = DeviceSecretRef.for_slot(slots.register_id, slot_id)
                device = _device.create(ref)  # KeyringUnavailable propagates
                created_ref = ref
        new_slot = _wrap(slots.register_id, slot_id, PASSPHRASE, kdf.with_fresh_salt(), ref, secret_text, device,
                         data_key)
        return _replaced(slots, new_slot, data_key)
    except BaseException:
        if created_ref is not None:
            _device.delete(created_ref)
        raise
    finally:
        zero(secret_text)
        zero(device)


def replace_recovery_code(slots: KeySlotFile, data_key: bytes | bytearray, *,
                          kdf: KdfParams) -> tuple[KeySlotFile, str]:
    """A new file with a fresh recovery code (returned once, to show and print); the old code stops working as
    soon as the new file is saved."""
    verify_mac(slots, data_key)
    code = _recovery.generate()
    secret_text = bytearray(_recovery.normalize(code).encode("ascii"))
    try:
        new_slot = _wrap(slots.register_id, _new_slot_id(), RECOVERY, kdf.with_fresh_salt(), None, secret_text,
                         None, data_key)
    finally:
        zero(secret_text)
    return _replaced(slots, new_slot, data_key), code


def _replaced(slots: KeySlotFile, new_slot: KeySlot, data_key: bytes | bytearray) -> KeySlotFile:
    """`slots` with the slot of `new_slot`'s kind replaced (or put back, when it was damaged); passphrase first."""
    kept = [slot for slot in slots.slots if slot.kind != new_slot.kind]
    ordered = sorted([new_slot, *kept], key=lambda slot: KINDS.index(slot.kind))
    result = KeySlotFile(slots.register_id, ordered, slots.anchor,
                         damaged=tuple(kind for kind in slots.damaged if kind != new_slot.kind))
    if not result.damaged:
        result.mac = _compute_mac(result, data_key)
    return result


def verify_mac(slots: KeySlotFile, data_key: bytes | bytearray) -> None:
    """`KeySlotFileDamaged` unless the file's mac matches this data key. For a file with a damaged slot the
    slot's stored checksum stands in for it, so the intact slot still proves the file authentic."""
    if slots.mac is None:
        raise KeySlotFileDamaged()
    try:
        if slots._legacy_body is not None:
            candidates = [_hmac(data_key, slots._legacy_body)]
        else:
            options = slots._mac_digests or [(_slot_digest(slot),) for slot in slots.slots]
            candidates = [_hmac(data_key, _mac_material(slots, combo)) for combo in itertools.product(*options)]
    except (TypeError, ValueError):
        raise KeySlotFileDamaged() from None
    if not any(hmac.compare_digest(candidate, slots.mac) for candidate in candidates):
        raise KeySlotFileDamaged()


def obsolete_device_secrets(old: KeySlotFile, new: KeySlotFile) -> list[DeviceSecretRef]:
    """Keyring entries `old` used that `new` no longer does (delete them after `new` is saved)."""
    keep = {slot.device_secret for slot in new.slots if slot.device_secret is not None}
    return [slot.device_secret for slot in old.slots
            if slot.device_secret is not None and slot.device_secret not in keep]


def forget_device_secrets(refs: list[DeviceSecretRef] | KeySlotFile) -> None:
    """Delete device secrets from the keyring (best effort), e.g. when a register is removed."""
    if isinstance(refs, KeySlotFile):
        refs = [slot.device_secret for slot in refs.slots if slot.device_secret is not None]
    for ref in refs:
        _device.delete(ref)


def rekey(slots: KeySlotFile, old_key: bytes | bytearray, new_passphrase: str, *,
          kdf: KdfParams, use_device_secret: bool | None = None) -> tuple[KeySlotFile, bytearray, str]:
    """A NEW data key wrapped for `new_passphrase` and a fresh recovery code: returns (file, new key, new code).

    Used when the database itself is re-keyed (passphrase change, recovery): afterwards an old copy of this file
    (e.g. beside a backup) with the old passphrase or code yields only the old key, which no longer opens the
    register. The device secret stays as in `rewrap_passphrase` (`KeyringUnavailable`: retry with
    `use_device_secret=False`). Nothing is written; the caller re-keys the
    database, saves the result with the new key and tidies the keyring (`obsolete_device_secrets`)."""
    verify_mac(slots, old_key)
    new_key = new_data_key()
    try:
        # Same slots, sealed under the new key for a moment, so the rewrap/replace steps (which check the mac
        # against the key they wrap) can be reused: each of them then replaces one slot with one for the new key.
        # Built afresh (not copied): a file read with a damaged slot carries the digests it was read with, which
        # belong to the old mac; the interim mac covers just the usable slots, as `verify_mac` then checks.
        interim = KeySlotFile(slots.register_id, list(slots.slots), slots.anchor, damaged=slots.damaged)
        interim.mac = _compute_mac(interim, new_key)
        result = rewrap_passphrase(interim, new_key, new_passphrase, kdf=kdf, use_device_secret=use_device_secret)
        result, code = replace_recovery_code(result, new_key, kdf=kdf)
    except BaseException:
        zero(new_key)
        raise
    return result, new_key, code


# --- internals -----------------------------------------------------------------------------------------------

def _new_slot_id() -> str:
    return secrets.token_hex(16)


def _check_register_id(register_id: str) -> None:
    if not isinstance(register_id, str) or not _REGISTER_ID.fullmatch(register_id):
        raise ValueError("register_id must be 1-128 characters from A-Z, a-z, 0-9, '.', '_' and '-'")


def _passphrase_bytes(passphrase: str) -> bytearray:
    if not isinstance(passphrase, str) or not passphrase:
        raise ValueError("passphrase must be a non-empty string")
    # NFC: the same passphrase typed on Windows and macOS gives the same bytes.
    normalized = unicodedata.normalize("NFC", passphrase)
    encoded = normalized.encode("utf-8")
    try:
        return bytearray(encoded)
    finally:  # the immutable copies made here never outlive this call (datakey.wipe_immutable)
        wipe_immutable(encoded)
        if normalized is not passphrase:
            wipe_immutable(normalized)


def _b64(data: bytes) -> str:
    return base64.b64encode(data).decode("ascii")


def _unb64(text: Any, length: int | None = None, *, min_length: int = 0, max_length: int = 1 << 16) -> bytes:
    if not isinstance(text, str):
        raise TypeError("base64 field must be a string")
    data = base64.b64decode(text.encode("ascii"), validate=True)
    if _b64(data) != text:
        raise ValueError("non-canonical base64")
    if length is not None and len(data) != length:
        raise ValueError("wrong length")
    if not min_length <= len(data) <= max_length:
        raise ValueError("wrong length")
    return data


def _canonical(value: Any) -> bytes:
    return json.dumps(value, sort_keys=True, separators=(",", ":"), ensure_ascii=True,
                      allow_nan=False).encode("ascii")


def _no_duplicates(pairs: list[tuple[str, Any]]) -> dict[str, Any]:
    result: dict[str, Any] = {}
    for key, value in pairs:
        if key in result:
            raise ValueError("duplicate key")
        result[key] = value
    return result


def _reject_constant(_name: str) -> Any:
    raise ValueError("NaN/Infinity not allowed")


def _kdf_json(params: KdfParams) -> dict[str, Any]:
    return {"algorithm": "argon2id", "memory_kib": params.memory_kib, "iterations": params.iterations,
            "lanes": params.lanes, "salt": _b64(params.salt)}


def _parse_slot(register_id: str, raw: Any, keys: frozenset[str] = _SLOT_KEYS) -> KeySlot:
    if not isinstance(raw, dict) or set(raw) != keys:
        raise ValueError("slot keys")
    slot_id, kind = raw["id"], raw["kind"]
    if not isinstance(slot_id, str) or not _SLOT_ID.fullmatch(slot_id) or kind not in KINDS:
        raise ValueError("slot id/kind")
    raw_kdf = raw["kdf"]
    if not isinstance(raw_kdf, dict) or set(raw_kdf) != _KDF_KEYS or raw_kdf["algorithm"] != "argon2id":
        raise ValueError("kdf")
    salt = _unb64(raw_kdf["salt"], min_length=_kdf.SALT_MIN_BYTES, max_length=_kdf.SALT_MAX_BYTES)
    params = KdfParams(raw_kdf["memory_kib"], raw_kdf["iterations"], raw_kdf["lanes"], salt)  # floor enforced
    ref = None
    raw_ref = raw["device_secret"]
    if raw_ref is not None:
        expected = DeviceSecretRef.for_slot(register_id, slot_id)
        if kind != PASSPHRASE or raw_ref != expected.to_json():
            raise ValueError("device secret reference")
        ref = expected
    return KeySlot(slot_id, kind, params, ref, _unb64(raw["nonce"], NONCE_BYTES),
                   _unb64(raw["wrapped_key"], WRAPPED_BYTES))


def _check_structure(slots: KeySlotFile) -> None:
    if slots.damaged:
        raise ValueError("a key-slot file with a damaged slot cannot be written")
    kinds = [slot.kind for slot in slots.slots]
    ids = [slot.id for slot in slots.slots]
    if sorted(kinds) != [PASSPHRASE, RECOVERY] or len(set(ids)) != len(ids):
        raise ValueError("a key-slot file has exactly one passphrase slot and one recovery slot")


def _associated_data(register_id: str, slot_id: str, kind: str, params: KdfParams,
                     ref: DeviceSecretRef | None) -> bytes:
    return _canonical({"format": FORMAT, "version": _SLOT_AD_VERSION, "register_id": register_id, "id": slot_id,
                       "kind": kind, "kdf": _kdf_json(params), "device_secret": ref.to_json() if ref else None})


def _kek(secret_text: bytearray, params: KdfParams, device: bytearray | None) -> bytearray:
    stretched = _kdf.derive(secret_text, params)
    if device is None:
        return stretched
    mixed = bytearray(stretched) + device
    kek = bytearray(32)
    try:
        HKDF(algorithm=hashes.SHA256(), length=32, salt=None, info=_DEVICE_INFO).derive_into(mixed, kek)
    finally:
        zero(stretched)
        zero(mixed)
    return kek


def _wrap(register_id: str, slot_id: str, kind: str, params: KdfParams, ref: DeviceSecretRef | None,
          secret_text: bytearray, device: bytearray | None, data_key: bytes | bytearray) -> KeySlot:
    if len(data_key) != DATA_KEY_BYTES:
        raise ValueError("data key must be 32 bytes")
    if (ref is None) != (device is None):
        raise ValueError("device secret and its reference go together")
    nonce = secrets.token_bytes(NONCE_BYTES)
    kek = _kek(secret_text, params, device)
    try:
        wrapped = AESGCM(kek).encrypt(nonce, data_key,
                                      _associated_data(register_id, slot_id, kind, params, ref))
    finally:
        zero(kek)
    return KeySlot(slot_id, kind, params, ref, nonce, wrapped)


def _unwrap(register_id: str, slot: KeySlot, secret_text: bytearray, device: bytearray | None,
            failure: type[VaultError]) -> bytearray:
    kek = _kek(secret_text, slot.kdf, device)
    data_key = bytearray(DATA_KEY_BYTES)
    try:
        AESGCM(kek).decrypt_into(slot.nonce, slot.wrapped_key,
                                 _associated_data(register_id, slot.id, slot.kind, slot.kdf, slot.device_secret),
                                 data_key)
    except InvalidTag:
        zero(data_key)
        raise failure() from None
    finally:
        zero(kek)
    return data_key


def _mac_key(data_key: bytes | bytearray) -> bytearray:
    if len(data_key) != DATA_KEY_BYTES:
        raise ValueError("data key must be 32 bytes")
    key = bytearray(32)
    HKDF(algorithm=hashes.SHA256(), length=32, salt=None, info=_MAC_INFO).derive_into(data_key, key)
    return key


def _mac_material(slots: KeySlotFile, digests: list[str] | tuple[str, ...]) -> bytes:
    return _canonical({"format": FORMAT, "version": VERSION, "register_id": slots.register_id,
                       "anchor": slots.anchor.to_json() if slots.anchor else None, "slots": list(digests)})


def _hmac(data_key: bytes | bytearray, material: bytes) -> str:
    key = _mac_key(data_key)
    try:
        return hmac.new(key, material, hashlib.sha256).hexdigest()
    finally:
        zero(key)


def _compute_mac(slots: KeySlotFile, data_key: bytes | bytearray) -> str:
    """The version 2 mac of a complete file (both slots intact)."""
    return _hmac(data_key, _mac_material(slots, [_slot_digest(slot) for slot in slots.slots]))


def _verify_or_wipe(slots: KeySlotFile, data_key: bytearray) -> None:
    try:
        verify_mac(slots, data_key)
    except BaseException:
        zero(data_key)
        raise
