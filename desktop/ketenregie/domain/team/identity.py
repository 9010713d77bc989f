"""Team identity and team card.

Each register has an X25519 key pair (others encrypt bundles to it) and an Ed25519 key pair (it signs the bundles
it makes). The team card carries the two PUBLIC keys, a display name and a role, and nothing else; it is
self-signed, so a card whose name or role was edited after it was made is refused.

The fingerprint is what two colleagues compare by phone, like a Signal safety number: SHA-256 over a fixed label
and both public keys, read as a number, its lowest 60 decimal digits in 12 groups of 5 (about 199 bits).
"""
from __future__ import annotations

import base64
import hashlib
import json
from dataclasses import dataclass
from enum import StrEnum

from cryptography.exceptions import InvalidSignature
from cryptography.hazmat.primitives.asymmetric.ed25519 import Ed25519PrivateKey, Ed25519PublicKey
from cryptography.hazmat.primitives.asymmetric.x25519 import X25519PrivateKey, X25519PublicKey
from cryptography.hazmat.primitives.serialization import Encoding, PublicFormat

from ketenregie.domain.team.errors import CardInvalid

CARD_FORMAT = "ketenregie-teamkaart"
CARD_VERSION = 1
CARD_MAX_BYTES = 16 * 1024
NAME_MAX = 80
_FINGERPRINT_LABEL = b"ketenregie teamkaart v1\x00"


class TeamRole(StrEnum):
    KETENREGISSEUR = "ketenregisseur"
    TEAMLEIDER = "teamleider"


ROLE_LABELS_NL = {TeamRole.KETENREGISSEUR: "Ketenregisseur", TeamRole.TEAMLEIDER: "Teamleider"}


def _raw_public(key: X25519PublicKey | Ed25519PublicKey) -> bytes:
    return key.public_bytes(Encoding.Raw, PublicFormat.Raw)


def fingerprint(encryption_public: bytes, signing_public: bytes) -> str:
    """60 digits, no spaces (see `format_fingerprint`)."""
    digest = hashlib.sha256(_FINGERPRINT_LABEL + encryption_public + signing_public).digest()
    return f"{int.from_bytes(digest, 'big') % 10 ** 60:060d}"


def format_fingerprint(digits: str) -> str:
    """'12345 67890 ...' in three lines of four groups, for reading aloud."""
    groups = [digits[i:i + 5] for i in range(0, len(digits), 5)]
    return "\n".join(" ".join(groups[i:i + 4]) for i in range(0, len(groups), 4))


def check_display_name(name: str) -> str:
    name = " ".join((name or "").split())
    if not name:
        raise CardInvalid("Vul een naam in voor je teamkaart.")
    if len(name) > NAME_MAX:
        raise CardInvalid(f"Een naam op de teamkaart is hoogstens {NAME_MAX} tekens.")
    return name


def check_role(role: str) -> TeamRole:
    try:
        return TeamRole(role)
    except ValueError:
        raise CardInvalid("De rol moet 'ketenregisseur' of 'teamleider' zijn.") from None


@dataclass(frozen=True)
class TeamIdentity:
    """This register's own keys (private) with the name and role on its card."""

    encryption_private: bytes
    signing_private: bytes
    display_name: str
    role: TeamRole

    @classmethod
    def generate(cls, display_name: str, role: str) -> "TeamIdentity":
        enc = X25519PrivateKey.generate().private_bytes_raw()
        sign = Ed25519PrivateKey.generate().private_bytes_raw()
        return cls(enc, sign, check_display_name(display_name), check_role(role))

    @property
    def encryption_key(self) -> X25519PrivateKey:
        return X25519PrivateKey.from_private_bytes(self.encryption_private)

    @property
    def signing_key(self) -> Ed25519PrivateKey:
        return Ed25519PrivateKey.from_private_bytes(self.signing_private)

    def card(self) -> "TeamCard":
        return TeamCard(_raw_public(self.encryption_key.public_key()), _raw_public(self.signing_key.public_key()),
                        self.display_name, self.role)

    @property
    def fingerprint(self) -> str:
        return self.card().fingerprint

    def card_bytes(self) -> bytes:
        card = self.card()
        body = card.signed_body()
        signature = self.signing_key.sign(_canonical(body))
        return json.dumps({**body, "signature": _b64(signature)}, ensure_ascii=False, indent=2).encode("utf-8")


@dataclass(frozen=True)
class TeamCard:
    encryption_public: bytes
    signing_public: bytes
    display_name: str
    role: TeamRole

    @property
    def fingerprint(self) -> str:
        return fingerprint(self.encryption_public, self.signing_public)

    def signed_body(self) -> dict:
        return {"format": CARD_FORMAT, "version": CARD_VERSION, "display_name": self.display_name,
                "role": self.role.value, "encryption_key": _b64(self.encryption_public),
                "signing_key": _b64(self.signing_public)}

    @property
    def encryption_key(self) -> X25519PublicKey:
        return X25519PublicKey.from_public_bytes(self.encryption_public)

    @property
    def signing_key(self) -> Ed25519PublicKey:
        return Ed25519PublicKey.from_public_bytes(self.signing_public)


_CARD_KEYS = {"format", "version", "display_name", "role", "encryption_key", "signing_key", "signature"}


def parse_card(data: bytes) -> TeamCard:
    """A card read from outside: bounded, exactly the known keys, valid keys, a valid self-signature."""
    if len(data) > CARD_MAX_BYTES:
        raise CardInvalid()
    try:
        body = json.loads(data.decode("utf-8-sig"))
    except (UnicodeDecodeError, ValueError):
        raise CardInvalid() from None
    if not isinstance(body, dict) or set(body) != _CARD_KEYS or body.get("format") != CARD_FORMAT:
        raise CardInvalid()
    if body["version"] != CARD_VERSION:
        raise CardInvalid("Deze teamkaart is gemaakt met een nieuwere versie van Ketenregie; werk Ketenregie bij.")
    if not all(isinstance(body[k], str) for k in _CARD_KEYS - {"version"}):
        raise CardInvalid()
    try:
        enc, sign, signature = (_unb64(body[k]) for k in ("encryption_key", "signing_key", "signature"))
        card = TeamCard(enc, sign, check_display_name(body["display_name"]), check_role(body["role"]))
        card.encryption_key  # noqa: B018 - validates the key bytes
        card.signing_key.verify(signature, _canonical({k: v for k, v in body.items() if k != "signature"}))
    except (ValueError, InvalidSignature):
        raise CardInvalid() from None
    if card.display_name != body["display_name"]:
        raise CardInvalid()
    return card


def _canonical(body: dict) -> bytes:
    return json.dumps(body, sort_keys=True, separators=(",", ":"), ensure_ascii=False).encode("utf-8")


def _b64(data: bytes) -> str:
    return base64.b64encode(data).decode("ascii")


def _unb64(text: str) -> bytes:
    return base64.b64decode(text.encode("ascii"), validate=True)
