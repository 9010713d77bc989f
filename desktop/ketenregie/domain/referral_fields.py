"""The personal-data fields a referral letter can carry (DOMAIN.md §8, DESIGN.md §4).

Every field a letter to a partner may hold is listed here once, with its Dutch label, its category and a stable
bit position. Recipient profiles (resources/privacy/recipient_profiles.toml) say which of these fields a partner
type may receive; consent scopes and referral records name them by `id`; the audit log records the set of shared
fields as a short hexadecimal mask of the bits (never the values). Bits are append-only: never renumber a field,
or old audit entries would read differently.

What a letter always carries and is not a field here: the case number as reference (never a name or BSN), the
letter date, sender and recipient, the basis for sharing and the list of shared fields.

Pure domain: no Qt, no database.
"""
from __future__ import annotations

from collections.abc import Iterable
from dataclasses import dataclass
from enum import StrEnum


class FieldCategory(StrEnum):
    IDENTIFYING = "identifying"
    CONTACT = "contact"
    FINANCIAL = "financial"
    CASE = "case"


CATEGORY_LABELS_NL = {
    FieldCategory.IDENTIFYING: "Identificerend",
    FieldCategory.CONTACT: "Contact",
    FieldCategory.FINANCIAL: "Financieel",
    FieldCategory.CASE: "Casus",
}


@dataclass(frozen=True, slots=True)
class LetterField:
    id: str
    label_nl: str
    category: FieldCategory
    bit: int
    # "table.column" in resources/privacy/catalogue.toml this value comes from; None for what the coordinator types
    # for one letter only and the register does not keep (the BSN, arrears, steps taken, agreements, attachments).
    catalogue_id: str | None


# Order = the order in which the composer and the letter list the fields.
LETTER_FIELDS: tuple[LetterField, ...] = (
    LetterField("name", "Naam", FieldCategory.IDENTIFYING, 0, "households.name"),
    LetterField("date_of_birth", "Geboortedatum", FieldCategory.IDENTIFYING, 1, "households.date_of_birth"),
    LetterField("bsn", "BSN", FieldCategory.IDENTIFYING, 7, None),
    LetterField("address", "Postcode en huisnummer", FieldCategory.CONTACT, 2, "households.postcode"),
    LetterField("phone", "Telefoonnummer", FieldCategory.CONTACT, 3, "households.phone"),
    LetterField("email", "E-mailadres", FieldCategory.CONTACT, 4, "households.email"),
    LetterField("contact_channel", "Voorkeur voor contact", FieldCategory.CONTACT, 5, "households.contact_channel"),
    LetterField("household", "Samenstelling huishouden", FieldCategory.CASE, 6, "households.adults"),
    LetterField("help_request", "Hulpvraag (in eigen woorden) en datum", FieldCategory.CASE, 8,
                "cases.help_request"),
    LetterField("crisis", "Crisissituatie en crisisdatum", FieldCategory.CASE, 9, "cases.crisis_kind"),
    LetterField("target_groups", "Doelgroep", FieldCategory.CASE, 16, "case_target_groups.target_group"),
    LetterField("debt_picture", "Schuldenbeeld (bandbreedte en aantal schuldeisers)", FieldCategory.FINANCIAL, 10,
                "cases.debt_band"),
    LetterField("arrears", "Bekende achterstanden met bedragen", FieldCategory.FINANCIAL, 11, None),
    LetterField("steps_taken", "Al gezette stappen", FieldCategory.CASE, 12, None),
    LetterField("other_help", "Andere betrokken hulp en wie de regie heeft", FieldCategory.CASE, 13,
                "case_partners.partner_id"),
    LetterField("agreements", "Afspraken en terugkoppeldatum", FieldCategory.CASE, 14, None),
    LetterField("attachments", "Bijlagen", FieldCategory.CASE, 15, None),
)
FIELDS_BY_ID: dict[str, LetterField] = {f.id: f for f in LETTER_FIELDS}
FIELD_IDS: frozenset[str] = frozenset(FIELDS_BY_ID)
FINANCIAL_FIELDS: frozenset[str] = frozenset(f.id for f in LETTER_FIELDS if f.category == FieldCategory.FINANCIAL)
BSN_FIELD = "bsn"

if len({f.bit for f in LETTER_FIELDS}) != len(LETTER_FIELDS):  # pragma: no cover - guards the table above
    raise RuntimeError("two letter fields share a bit")


class UnknownField(ValueError):
    pass


def field(field_id: str) -> LetterField:
    try:
        return FIELDS_BY_ID[field_id]
    except KeyError:
        raise UnknownField(f"unknown letter field {field_id!r}") from None


def ordered(field_ids: Iterable[str]) -> tuple[str, ...]:
    """The ids in the canonical order of LETTER_FIELDS (unknown ids raise UnknownField)."""
    wanted = set(field_ids)
    for field_id in wanted:
        field(field_id)
    return tuple(f.id for f in LETTER_FIELDS if f.id in wanted)


def labels_nl(field_ids: Iterable[str]) -> list[str]:
    return [FIELDS_BY_ID[i].label_nl for i in ordered(field_ids)]


def field_mask(field_ids: Iterable[str]) -> str:
    """The set as lowercase hex of its bits, e.g. "1f3": short enough for an audit reference."""
    mask = 0
    for field_id in field_ids:
        mask |= 1 << field(field_id).bit
    return format(mask, "x")


def fields_from_mask(mask: str) -> tuple[str, ...]:
    value = int(mask, 16)
    return tuple(f.id for f in LETTER_FIELDS if value >> f.bit & 1)


def serialise(field_ids: Iterable[str]) -> str:
    """Space-separated canonical ids (how the store keeps a set of fields)."""
    return " ".join(ordered(field_ids))


def deserialise(text: str) -> frozenset[str]:
    ids = frozenset(text.split())
    ordered(ids)  # validates
    return ids
