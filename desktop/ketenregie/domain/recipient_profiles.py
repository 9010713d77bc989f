"""Recipient profiles: per partner type, which letter fields a document to that partner may contain, and why.

The profiles are data (resources/privacy/recipient_profiles.toml), read and checked here. A partner type without
a profile cannot receive a referral letter at all (e.g. signal partners: they may only learn *that* a signal was
not picked up, DOMAIN.md §7). A field with `requires_policy = "BsnEnabled"` is only shareable when that policy
is on: nobody gets a BSN unless IT enabled it *and* the profile allows it.

Pure domain: no Qt, no database.
"""
from __future__ import annotations

import tomllib
from collections.abc import Mapping
from dataclasses import dataclass
from pathlib import Path
from types import MappingProxyType

from ketenregie import bounded_read
from ketenregie.domain.consent import BasisKind
from ketenregie.domain.referral_fields import FIELD_IDS, ordered

RECIPIENT_PROFILES_RESOURCE = ("privacy", "recipient_profiles.toml")
POLICY_SWITCHES = frozenset({"BsnEnabled"})  # policy keys a profile field may depend on


class ProfileDataError(ValueError):
    """The profiles file is unusable; the message (English, for developers and IT) says where."""


@dataclass(frozen=True, slots=True)
class ProfileField:
    field_id: str
    reason: str  # Dutch: why this partner needs it (shown in the composer as the basis of sharing this field)
    requires_policy: str | None = None


@dataclass(frozen=True, slots=True)
class RecipientProfile:
    partner_type: str  # a PartnerType code (domain/cases.py)
    label: str  # Dutch
    purpose: str  # Dutch: what the referral to this kind of partner is for
    bases: frozenset[BasisKind]  # which bases may be recorded for sharing with this kind of partner
    fields: tuple[ProfileField, ...]

    def field_ids(self, policy_switches: Mapping[str, bool] | None = None) -> frozenset[str]:
        """The fields this profile allows, given the policy switches that are on."""
        switches = policy_switches or {}
        return frozenset(f.field_id for f in self.fields
                         if f.requires_policy is None or switches.get(f.requires_policy, False))

    def entry(self, field_id: str) -> ProfileField | None:
        return next((f for f in self.fields if f.field_id == field_id), None)

    def allows_basis(self, kind: BasisKind) -> bool:
        return kind in self.bases


@dataclass(frozen=True)
class RecipientProfiles:
    profiles: Mapping[str, RecipientProfile]

    def for_partner_type(self, partner_type: str) -> RecipientProfile | None:
        return self.profiles.get(str(partner_type))

    def __iter__(self):
        return iter(self.profiles.values())


def parse_profiles(raw: Mapping, *, known_partner_types: frozenset[str] | None = None,
                   source: str = "recipient_profiles.toml") -> RecipientProfiles:
    """Check and build profiles from parsed TOML. Every problem is an error: a profile that is half-right would
    share the wrong thing."""
    if raw.get("version") != 1:
        raise ProfileDataError(f"{source}: expected version = 1")
    table = raw.get("profiles")
    if not isinstance(table, Mapping) or not table:
        raise ProfileDataError(f"{source}: no [profiles] table")
    profiles: dict[str, RecipientProfile] = {}
    for partner_type, body in table.items():
        where = f"{source}: profiles.{partner_type}"
        if known_partner_types is not None and partner_type not in known_partner_types:
            raise ProfileDataError(f"{where}: unknown partner type")
        if not isinstance(body, Mapping):
            raise ProfileDataError(f"{where}: not a table")
        label, purpose = body.get("label"), body.get("purpose")
        if not isinstance(label, str) or not label.strip() or not isinstance(purpose, str) or not purpose.strip():
            raise ProfileDataError(f"{where}: label and purpose are required")
        try:
            bases = frozenset(BasisKind(b) for b in body.get("bases", []))
        except ValueError:
            raise ProfileDataError(f"{where}: unknown basis in 'bases'") from None
        if not bases:
            raise ProfileDataError(f"{where}: at least one basis is required")
        fields: list[ProfileField] = []
        for item in body.get("fields", []):
            if not isinstance(item, Mapping):
                raise ProfileDataError(f"{where}: a field entry is not a table")
            field_id, reason = item.get("field"), item.get("reason")
            if field_id not in FIELD_IDS:
                raise ProfileDataError(f"{where}: unknown field {field_id!r}")
            if not isinstance(reason, str) or not reason.strip():
                raise ProfileDataError(f"{where}: field {field_id!r} needs a reason")
            switch = item.get("requires_policy")
            if switch is not None and switch not in POLICY_SWITCHES:
                raise ProfileDataError(f"{where}: field {field_id!r} requires unknown policy {switch!r}")
            if field_id == "bsn" and switch != "BsnEnabled":
                raise ProfileDataError(f"{where}: the BSN may only be listed with requires_policy = \"BsnEnabled\"")
            if any(f.field_id == field_id for f in fields):
                raise ProfileDataError(f"{where}: field {field_id!r} listed twice")
            fields.append(ProfileField(field_id, reason.strip(), switch))
        if not fields:
            raise ProfileDataError(f"{where}: no fields")
        order = ordered(f.field_id for f in fields)
        fields.sort(key=lambda f: order.index(f.field_id))
        profiles[partner_type] = RecipientProfile(partner_type, label.strip(), purpose.strip(), bases,
                                                  tuple(fields))
    return RecipientProfiles(MappingProxyType(profiles))


def load_profiles(path: Path, *, known_partner_types: frozenset[str] | None = None) -> RecipientProfiles:
    try:
        raw = bounded_read.read_toml(path)
    except (bounded_read.FileRefused, tomllib.TOMLDecodeError) as exc:
        raise ProfileDataError(f"{path.name}: unreadable ({exc})") from None
    return parse_profiles(raw, known_partner_types=known_partner_types, source=path.name)
