"""The bundle file format, version 1 (documented for IT in docs/it/teambundels.md).

Sealing is HPKE-style (RFC 9180's base mode, built from `cryptography`'s reviewed primitives, no cipher of our
own): a fresh X25519 key pair per bundle, ECDH with the recipient's public key, HKDF-SHA256 to a 256-bit key,
AES-256-GCM over the compressed payload with the header as associated data. The sender then signs everything
before the signature with Ed25519. Layout:

    MAGIC (18 bytes) | header length (4, big-endian) | header (canonical JSON, UTF-8)
    | ciphertext length (8, big-endian) | ciphertext (AES-256-GCM, tag included) | Ed25519 signature (64)

The header binds the format version, the kind, the bundle id, sender and recipient fingerprints, the app version,
the creation time, the ephemeral public key and the nonce. It holds nothing personal: no names, no case numbers.
The payload (JSON, zlib-compressed) is only readable by the recipient.
"""
from __future__ import annotations

import base64
import json
import secrets
import struct
import zlib
from collections.abc import Callable
from dataclasses import dataclass
from datetime import datetime, timezone

from cryptography.exceptions import InvalidSignature, InvalidTag
from cryptography.hazmat.primitives import hashes
from cryptography.hazmat.primitives.asymmetric.ed25519 import Ed25519PublicKey
from cryptography.hazmat.primitives.asymmetric.x25519 import X25519PrivateKey, X25519PublicKey
from cryptography.hazmat.primitives.ciphers.aead import AESGCM
from cryptography.hazmat.primitives.kdf.hkdf import HKDF
from cryptography.hazmat.primitives.serialization import Encoding, PublicFormat

from ketenregie.domain.team.errors import (BundleInvalid, BundleNotForUs, BundleTampered, BundleTooNew,
                                           BundleUnknownSender, BundleUnverifiedSender)
from ketenregie.domain.team.identity import TeamCard, TeamIdentity

MAGIC = b"KETENREGIE-BUNDEL\n"
FORMAT_VERSION = 1
MAX_BUNDLE_BYTES = 512 * 1024 * 1024
MAX_HEADER_BYTES = 4096
MAX_PAYLOAD_BYTES = 1024 * 1024 * 1024
SIGNATURE_BYTES = 64
_HKDF_INFO = b"ketenregie bundel v1"
_HEADER_KEYS = {"format", "kind", "bundle_id", "sender", "recipient", "app_version", "created_at", "ephemeral_key",
                "nonce"}


class BundleKind:
    HANDOVER = "overdracht"
    RECEIPT = "ontvangstbevestiging"
    COVER = "vervanging"
    COVER_RETURN = "vervanging-terug"
    MEETING = "overleg"                   # coordinator -> team lead: agenda items (domain/team/meeting_bundle.py)
    MEETING_RESULT = "overleg-resultaat"  # team lead -> coordinator: agreements and actions per opaque item id
    MONITOR = "monitorcijfers"            # coordinator -> team lead: the monitor's suppressed figures only
    ALL = frozenset({HANDOVER, RECEIPT, COVER, COVER_RETURN, MEETING, MEETING_RESULT, MONITOR})


@dataclass(frozen=True)
class BundleHeader:
    format: int
    kind: str
    bundle_id: str
    sender: str
    recipient: str
    app_version: str
    created_at: str
    ephemeral_key: str
    nonce: str

    def as_dict(self) -> dict:
        return {k: getattr(self, k) for k in _HEADER_KEYS}


@dataclass(frozen=True)
class OpenedBundle:
    header: BundleHeader
    payload: dict


@dataclass(frozen=True)
class KnownSender:
    signing_public: bytes
    verified: bool


def version_tuple(version: str) -> tuple[int, ...]:
    parts = []
    for part in version.split("."):
        digits = "".join(ch for ch in part if ch.isdigit()) if part else "0"
        parts.append(int(digits or 0))
    return tuple(parts)


def new_bundle_id() -> str:
    return secrets.token_hex(16)


def _derive_key(shared: bytes, ephemeral_public: bytes, recipient_public: bytes) -> bytes:
    return HKDF(algorithm=hashes.SHA256(), length=32, salt=ephemeral_public + recipient_public,
                info=_HKDF_INFO).derive(shared)


def seal(payload: dict, *, kind: str, sender: TeamIdentity, recipient: TeamCard, app_version: str,
         bundle_id: str | None = None, now: datetime | None = None) -> tuple[str, bytes]:
    """Return (bundle id, bundle bytes)."""
    if kind not in BundleKind.ALL:
        raise ValueError(f"unknown bundle kind {kind!r}")
    ephemeral = X25519PrivateKey.generate()
    ephemeral_public = ephemeral.public_key().public_bytes(Encoding.Raw, PublicFormat.Raw)
    key = _derive_key(ephemeral.exchange(recipient.encryption_key), ephemeral_public, recipient.encryption_public)
    nonce = secrets.token_bytes(12)
    header = BundleHeader(
        format=FORMAT_VERSION, kind=kind, bundle_id=bundle_id or new_bundle_id(), sender=sender.fingerprint,
        recipient=recipient.fingerprint, app_version=app_version,
        created_at=(now or datetime.now(timezone.utc)).astimezone(timezone.utc).isoformat(timespec="seconds"),
        ephemeral_key=_b64(ephemeral_public), nonce=_b64(nonce))
    header_bytes = json.dumps(header.as_dict(), sort_keys=True, separators=(",", ":")).encode("utf-8")
    prefix = MAGIC + struct.pack(">I", len(header_bytes)) + header_bytes
    plaintext = zlib.compress(json.dumps(payload, separators=(",", ":"), ensure_ascii=False).encode("utf-8"), 6)
    ciphertext = AESGCM(key).encrypt(nonce, plaintext, prefix)
    signed = prefix + struct.pack(">Q", len(ciphertext)) + ciphertext
    return header.bundle_id, signed + sender.signing_key.sign(signed)


def read_header(data: bytes) -> BundleHeader:
    """The unauthenticated header (for a first look and the refusal order); `open_bundle` authenticates it."""
    header, _prefix, _ciphertext, _signed, _signature = _frame(data)
    return header


def _frame(data: bytes) -> tuple[BundleHeader, bytes, bytes, bytes, bytes]:
    if len(data) > MAX_BUNDLE_BYTES or not data.startswith(MAGIC):
        raise BundleInvalid()
    pos = len(MAGIC)
    try:
        (header_len,) = struct.unpack_from(">I", data, pos)
        pos += 4
        if header_len > MAX_HEADER_BYTES:
            raise BundleInvalid()
        header_bytes = data[pos:pos + header_len]
        pos += header_len
        (cipher_len,) = struct.unpack_from(">Q", data, pos)
        pos += 8
    except struct.error:
        raise BundleInvalid() from None
    if len(header_bytes) != header_len or len(data) != pos + cipher_len + SIGNATURE_BYTES:
        raise BundleInvalid()
    try:
        raw = json.loads(header_bytes.decode("utf-8"))
    except (UnicodeDecodeError, ValueError):
        raise BundleInvalid() from None
    if not isinstance(raw, dict) or set(raw) != _HEADER_KEYS:
        raise BundleInvalid()
    if not isinstance(raw["format"], int) or not all(isinstance(raw[k], str) for k in _HEADER_KEYS - {"format"}):
        raise BundleInvalid()
    header = BundleHeader(**raw)
    prefix = data[:len(MAGIC) + 4 + header_len]
    ciphertext = data[pos:pos + cipher_len]
    signed = data[:pos + cipher_len]
    return header, prefix, ciphertext, signed, data[pos + cipher_len:]


def open_bundle(data: bytes, *, me: TeamIdentity, app_version: str,
                lookup_sender: Callable[[str], KnownSender | None]) -> OpenedBundle:
    """Check and decrypt; raise a TeamError subclass (Dutch message) on every refusal. Order: a file that is not
    a bundle; a newer format; meant for someone else; an unknown or unverified sender; a bad signature (any
    flipped byte); a newer app version; a failed decryption; a payload that is not what we expect."""
    header, prefix, ciphertext, signed, signature = _frame(data)
    if header.format > FORMAT_VERSION:
        raise BundleTooNew()
    if header.format != FORMAT_VERSION:
        raise BundleInvalid()
    if header.recipient != me.fingerprint:
        raise BundleNotForUs()
    sender = lookup_sender(header.sender)
    if sender is None:
        raise BundleUnknownSender()
    if not sender.verified:
        raise BundleUnverifiedSender()
    try:
        Ed25519PublicKey.from_public_bytes(sender.signing_public).verify(signature, signed)
    except InvalidSignature:
        raise BundleTampered() from None
    if version_tuple(header.app_version) > version_tuple(app_version):
        raise BundleTooNew()
    if header.kind not in BundleKind.ALL:
        raise BundleTooNew()
    try:
        ephemeral_public = _unb64(header.ephemeral_key)
        nonce = _unb64(header.nonce)
        my_public = me.card().encryption_public
        key = _derive_key(me.encryption_key.exchange(X25519PublicKey.from_public_bytes(ephemeral_public)),
                          ephemeral_public, my_public)
        plaintext = AESGCM(key).decrypt(nonce, ciphertext, prefix)
    except (ValueError, InvalidTag):
        raise BundleTampered() from None
    return OpenedBundle(header, _payload(plaintext))


def _payload(compressed: bytes) -> dict:
    inflater = zlib.decompressobj()
    try:
        raw = inflater.decompress(compressed, MAX_PAYLOAD_BYTES)
    except zlib.error:
        raise BundleInvalid() from None
    if inflater.unconsumed_tail:
        raise BundleInvalid("De bundel is groter dan Ketenregie inleest. Er is niets ingelezen.")
    try:
        payload = json.loads(raw.decode("utf-8"))
    except (UnicodeDecodeError, ValueError):
        raise BundleInvalid() from None
    if not isinstance(payload, dict):
        raise BundleInvalid()
    return payload


def _b64(data: bytes) -> str:
    return base64.b64encode(data).decode("ascii")


def _unb64(text: str) -> bytes:
    return base64.b64decode(text.encode("ascii"), validate=True)
