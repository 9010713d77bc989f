"""Who may receive a referral letter at all, and what a change of a partner's type means (issue 11, item 4).

The partner type decides the recipient profile, so the type is a privacy setting, not a label:

- **Signal partners** (landlords, health insurers, energy and water companies) only report arrears for early
  signalling; they never receive a referral letter (DOMAIN.md §7). A partner of a signal type cannot be retyped
  into a type that receives letters — if it really is another organisation, it is added as a new partner.
- A type change that **widens** what the partner may receive (more fields, or a basis the old type did not allow)
  must be confirmed, is audited, and voids the bases recorded under the old type: they were given for a different
  kind of recipient.

Pure domain: no Qt, no database.
"""
from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass

from ketenregie.domain.cases import PartnerType
from ketenregie.domain.recipient_profiles import RecipientProfile, RecipientProfiles

SIGNAL_PARTNER_TYPES: frozenset[PartnerType] = frozenset({
    PartnerType.HOUSING, PartnerType.HEALTH_INSURER, PartnerType.ENERGY, PartnerType.WATER})

SIGNAL_RETYPE_REFUSED = ("Een signaalpartner (verhuurder, zorgverzekeraar, energie- of drinkwaterbedrijf) krijgt "
                         "nooit een verwijsbrief, daarom kan de soort niet worden veranderd in een soort die brieven "
                         "krijgt. Is het echt een andere organisatie, voeg die dan toe als nieuwe partner.")


def is_signal_partner(partner_type: PartnerType | str) -> bool:
    return PartnerType.from_code(partner_type) in SIGNAL_PARTNER_TYPES if isinstance(partner_type, str) \
        else partner_type in SIGNAL_PARTNER_TYPES


def letter_profile(profiles: RecipientProfiles, partner_type: PartnerType | str) -> RecipientProfile | None:
    """The profile a letter to this type uses; never one for a signal partner, whatever the profiles file says."""
    code = partner_type.value if isinstance(partner_type, PartnerType) else str(partner_type)
    if is_signal_partner(code):
        return None
    return profiles.for_partner_type(code)


@dataclass(frozen=True)
class TypeChange:
    old: PartnerType
    new: PartnerType
    refused: str | None  # Dutch; set when the change may not be made at all
    widens: bool  # more fields or another basis than the old type allowed: confirm, audit, void old bases

    @property
    def question_nl(self) -> str:
        return (f"De soort verandert van '{self.old.label_nl}' in '{self.new.label_nl}'. Daarmee mag deze partner "
                "meer gegevens ontvangen, of op een andere grondslag. De grondslagen en toestemmingen die onder de "
                "oude soort zijn vastgelegd vervallen vandaag; leg zo nodig een nieuwe grondslag vast. Doorgaan?")

    @property
    def audit_suffix(self) -> str:
        return f"type={self.old.value}-{self.new.value}"


def _fields(profile: RecipientProfile | None) -> frozenset[str]:
    return profile.field_ids({"BsnEnabled": True}) if profile is not None else frozenset()


def assess_type_change(old: PartnerType, new: PartnerType, profiles: RecipientProfiles) -> TypeChange:
    if is_signal_partner(old) and not is_signal_partner(new):
        return TypeChange(old, new, SIGNAL_RETYPE_REFUSED, False)
    before, after = letter_profile(profiles, old), letter_profile(profiles, new)
    if after is None:
        widens = False
    elif before is None:
        widens = True
    else:
        widens = not _fields(after) <= _fields(before) or not after.bases <= before.bases
    return TypeChange(old, new, None, widens)


def type_change_rule(profiles: RecipientProfiles) -> Callable[[PartnerType, PartnerType], TypeChange]:
    return lambda old, new: assess_type_change(old, new, profiles)
