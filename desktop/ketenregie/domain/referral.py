"""Referral (warme overdracht): what may leave the register for one partner, and the letter's content.

The flow, all pure:

1. `plan_disclosure(profile, basis, ...)` decides per letter field whether it is shared and on which basis — the
   composer shows this plan *before* anything is produced. A field outside the recipient profile cannot be
   selected (`FieldNotAllowed`); the BSN only with policy `BsnEnabled` *and* a profile that lists it; consent
   limits the fields to its scope; the coordinator can untick fields (share less, never more).
2. `compose_referral(...)` builds a `ReferralLetter` that holds the values of the shared fields ONLY. Every other
   value stays None, so the PDF renderer cannot print what it never received. Without an active basis it refuses
   (`NoSharingBasis`, with a Dutch explanation of what to record).
3. `compose_resident_copy(...)` derives the B1 copy for the resident: who receives what, what they agreed, a
   named contact, what the resident has to do, and how to withdraw consent.

Pure domain: no Qt, no database.
"""
from __future__ import annotations

from collections.abc import Iterable, Mapping
from dataclasses import dataclass, replace
from datetime import date
from enum import StrEnum

from ketenregie.domain.cases import Case, PartnerType
from ketenregie.domain.consent import (BasisKind, SharingBasis, active_basis, missing_basis_message,
                                      withdrawal_note)
from ketenregie.domain.note_scanner import is_valid_bsn
from ketenregie.domain.outgoing_text import Audience, OutgoingTextBlocked, TextProblem, check_fields
from ketenregie.domain.recipient_profiles import RecipientProfile
from ketenregie.domain.referral_partners import is_signal_partner
from ketenregie.domain.referral_fields import (BSN_FIELD, FIELD_IDS, FINANCIAL_FIELDS, LETTER_FIELDS, LetterField,
                                              field_mask, labels_nl, ordered)


# --- errors -----------------------------------------------------------------------------------------------------

class ReferralRefused(Exception):
    """Nothing is produced; `user_message` (Dutch) says why and what to do. It never holds personal data."""

    def __init__(self, user_message: str) -> None:
        self.user_message = user_message
        super().__init__(user_message)


class NoProfile(ReferralRefused):
    pass


class NoSharingBasis(ReferralRefused):
    pass


class FieldNotAllowed(ReferralRefused):
    pass


class ContentInvalid(ReferralRefused):
    pass


class TextNotCleared(ReferralRefused):
    """Free text in the letter did not pass the outgoing-text check (domain/outgoing_text.py); `problems` name the
    fields and kinds (the composer shows the words on screen)."""

    def __init__(self, problems: tuple[TextProblem, ...]) -> None:
        self.problems = problems
        super().__init__(OutgoingTextBlocked(problems, "De brief").user_message)


class LetterChanged(ReferralRefused):
    """A letter object no longer matches what its profile, basis and the register allow (changed after composing,
    or the register changed since): it is neither rendered nor saved."""


# --- input the coordinator gives for one letter -------------------------------------------------------------------

class AgreementOwner(StrEnum):
    RESIDENT = "resident"
    PARTNER = "partner"
    COORDINATOR = "coordinator"

    @property
    def label_nl(self) -> str:
        return {"resident": "Inwoner", "partner": "Partner", "coordinator": "Ketenregisseur"}[self.value]


@dataclass(frozen=True, slots=True)
class Agreement:
    text: str
    owner: AgreementOwner = AgreementOwner.PARTNER
    due: date | None = None


@dataclass(frozen=True, slots=True)
class ArrearsItem:
    """A known arrear: creditor (or kind: "huur", "energie"), amount in cents when known, since when."""

    creditor: str
    amount_cents: int | None = None
    since: date | None = None

    def __repr__(self) -> str:
        return "ArrearsItem(<hidden>)"


@dataclass(frozen=True, slots=True)
class ReferralContent:
    """What the coordinator adds for this letter on top of the case. `bsn` is typed for this letter only (when
    policy and profile allow it) and never stored in the register."""

    arrears: tuple[ArrearsItem, ...] = ()
    steps_taken: str = ""
    agreements: tuple[Agreement, ...] = ()
    check_back_date: date | None = None
    attachments: tuple[str, ...] = ()
    bsn: str | None = None

    def __repr__(self) -> str:
        return "ReferralContent(<hidden>)"


@dataclass(frozen=True, slots=True)
class PartnerInfo:
    """The recipient as the letter needs it (from the partner directory)."""

    id: int
    name: str
    type: str  # PartnerType code
    contact_person: str = ""
    address_lines: tuple[str, ...] = ()
    phone: str = ""
    email: str = ""


@dataclass(frozen=True, slots=True)
class SenderInfo:
    """The coordinator who signs the letter and is the resident's named contact."""

    name: str
    function: str = "Ketenregisseur schuldhulpverlening"
    phone: str = ""
    email: str = ""


# --- the disclosure plan ------------------------------------------------------------------------------------------

class FieldStatus(StrEnum):
    SHARED = "shared"
    NOT_IN_PROFILE = "not_in_profile"
    POLICY_OFF = "policy_off"
    OUTSIDE_SCOPE = "outside_scope"
    DESELECTED = "deselected"
    NOT_KNOWN = "not_known"


_STATUS_NL = {
    FieldStatus.SHARED: "Wordt gedeeld",
    FieldStatus.NOT_IN_PROFILE: "Niet in het ontvangersprofiel: kan niet worden toegevoegd",
    FieldStatus.POLICY_OFF: "Het BSN staat uit in het IT-beleid",
    FieldStatus.OUTSIDE_SCOPE: "Valt buiten de vastgelegde toestemming",
    FieldStatus.DESELECTED: "Door u uitgezet",
    FieldStatus.NOT_KNOWN: "Niet ingevuld",
}


@dataclass(frozen=True, slots=True)
class FieldDecision:
    field: LetterField
    status: FieldStatus
    reason: str  # Dutch: the profile's reason when shared or shareable, else why not

    @property
    def shared(self) -> bool:
        return self.status == FieldStatus.SHARED

    @property
    def selectable(self) -> bool:
        """May the coordinator switch this field on or off in the composer?"""
        return self.status in (FieldStatus.SHARED, FieldStatus.DESELECTED)

    @property
    def status_nl(self) -> str:
        return _STATUS_NL[self.status]


@dataclass(frozen=True)
class DisclosurePlan:
    profile: RecipientProfile
    basis: SharingBasis | None
    decisions: tuple[FieldDecision, ...]
    refusal: str | None = None  # Dutch; set when there is no active basis
    text_problems: tuple[TextProblem, ...] = ()  # shared free text that may not leave as it is

    @property
    def shared_fields(self) -> tuple[str, ...]:
        return tuple(d.field.id for d in self.decisions if d.shared)

    @property
    def shared_labels(self) -> list[str]:
        return labels_nl(self.shared_fields)

    @property
    def basis_text(self) -> str:
        return self.basis.describe_nl() if self.basis else "Geen grondslag vastgelegd"

    @property
    def field_mask(self) -> str:
        return field_mask(self.shared_fields)

    def decision(self, field_id: str) -> FieldDecision:
        return next(d for d in self.decisions if d.field.id == field_id)


def plan_disclosure(profile: RecipientProfile, basis: SharingBasis | None, *, bsn_enabled: bool,
                    available: Iterable[str], selected: Iterable[str] | None = None,
                    refusal: str | None = None) -> DisclosurePlan:
    """Decide per field. `available` = fields that have a value for this case and letter; `selected` = what the
    coordinator left switched on (None: everything that may be shared)."""
    profile_all = frozenset(f.field_id for f in profile.fields)
    allowed = profile.field_ids({"BsnEnabled": bsn_enabled})
    available = frozenset(available)
    if selected is not None:
        selected = frozenset(selected)
        outside = selected - allowed
        if outside:
            raise FieldNotAllowed("Deze gegevens mogen niet naar dit soort partner en kunnen niet worden "
                                  "toegevoegd: " + ", ".join(labels_nl(outside)) + ".")
    scope = basis.scope if basis is not None else allowed
    decisions = []
    for letter_field in LETTER_FIELDS:
        entry = profile.entry(letter_field.id)
        if letter_field.id not in profile_all:
            status, reason = FieldStatus.NOT_IN_PROFILE, f"{profile.label} heeft dit niet nodig."
        elif letter_field.id not in allowed:
            status, reason = FieldStatus.POLICY_OFF, entry.reason
        elif letter_field.id not in scope:
            status, reason = FieldStatus.OUTSIDE_SCOPE, entry.reason
        elif letter_field.id not in available:
            status, reason = FieldStatus.NOT_KNOWN, entry.reason
        elif selected is not None and letter_field.id not in selected:
            status, reason = FieldStatus.DESELECTED, entry.reason
        else:
            status, reason = FieldStatus.SHARED, entry.reason
        decisions.append(FieldDecision(letter_field, status, reason))
    return DisclosurePlan(profile, basis, tuple(decisions), refusal if basis is None else None)


def available_fields(case: Case, content: ReferralContent, recipient: PartnerInfo | None = None,
                     partners: Mapping[int, PartnerInfo] | None = None) -> frozenset[str]:
    """Which letter fields have a value for this case and letter (an empty field is never "shared")."""
    values = _values(case, content, recipient or PartnerInfo(0, "", PartnerType.OTHER.value), partners or {})
    return frozenset(k for k, v in values.items() if v not in (None, "", (), []))


# --- the letter ---------------------------------------------------------------------------------------------------

@dataclass(frozen=True)
class ReferralLetter:
    """Everything the PDF may print. Values of fields that are not shared are None/empty by construction."""

    case_number: str
    letter_date: date
    recipient: PartnerInfo
    sender: SenderInfo
    profile_label: str
    purpose: str
    basis_kind: BasisKind
    basis_text: str
    shared_fields: tuple[str, ...]
    basis_id: int | None = None
    basis_note: str | None = None  # after a withdrawal: what was withdrawn and what basis is left
    name: str | None = None
    date_of_birth: date | None = None
    bsn: str | None = None
    address: str | None = None
    phone: str | None = None
    email: str | None = None
    contact_channel: str | None = None
    household: str | None = None
    help_request: str | None = None
    help_request_date: date | None = None
    crisis: str | None = None
    crisis_date: date | None = None
    target_groups: tuple[str, ...] = ()
    debt_picture: str | None = None
    arrears: tuple[ArrearsItem, ...] = ()
    steps_taken: str | None = None
    other_help: tuple[str, ...] = ()
    lead: str | None = None
    agreements: tuple[Agreement, ...] = ()
    check_back_date: date | None = None
    attachments: tuple[str, ...] = ()

    def __repr__(self) -> str:
        return f"ReferralLetter({self.case_number}, fields={self.field_mask})"

    @property
    def shared_labels(self) -> list[str]:
        return labels_nl(self.shared_fields)

    @property
    def field_mask(self) -> str:
        return field_mask(self.shared_fields)


def compose_referral(case: Case, recipient: PartnerInfo, profile: RecipientProfile | None,
                     bases: Iterable[SharingBasis], content: ReferralContent, *, sender: SenderInfo,
                     letter_date: date, bsn_enabled: bool, partner_names: Mapping[int, PartnerInfo] | None = None,
                     selected: Iterable[str] | None = None) -> ReferralLetter:
    """The letter for one recipient, holding only what its profile, the basis and the selection allow."""
    bases = list(bases)
    plan = plan_for(case, recipient, profile, bases, content, bsn_enabled=bsn_enabled, letter_date=letter_date,
                    selected=selected, partner_names=partner_names)
    if plan.basis is None:
        raise NoSharingBasis(plan.refusal or "Er is geen grondslag vastgelegd.")
    if plan.text_problems:
        raise TextNotCleared(plan.text_problems)
    if not case.case_number:
        raise ContentInvalid("Sla de casus eerst op; een brief verwijst naar het casusnummer.")
    if not sender.name.strip():
        raise ContentInvalid("Vul uw naam als afzender in: de partner en de inwoner moeten weten wie hun "
                             "contactpersoon is.")
    shared = frozenset(plan.shared_fields)
    values = _values(case, content, recipient, partner_names or {})
    kept = {key: value for key, value in values.items() if key in shared}
    help_request, help_request_date = kept.pop("help_request", (None, None))
    crisis, crisis_date = kept.pop("crisis", (None, None))
    other_help, lead = kept.pop("other_help", ((), None))
    agreements, check_back = kept.pop("agreements", ((), None))
    return ReferralLetter(
        case_number=case.case_number, letter_date=letter_date, recipient=recipient, sender=sender,
        profile_label=profile.label, purpose=profile.purpose, basis_kind=plan.basis.kind,
        basis_text=plan.basis_text, shared_fields=plan.shared_fields, basis_id=plan.basis.id,
        basis_note=withdrawal_note(bases, recipient.id, letter_date, profile.bases),
        help_request=help_request, help_request_date=help_request_date, crisis=crisis, crisis_date=crisis_date,
        other_help=other_help, lead=lead, agreements=agreements, check_back_date=check_back, **kept)


# Which ReferralLetter attributes carry each field's value (a field that is not shared leaves all of them empty).
LETTER_ATTRIBUTES: dict[str, tuple[str, ...]] = {
    "name": ("name",), "date_of_birth": ("date_of_birth",), "bsn": ("bsn",), "address": ("address",),
    "phone": ("phone",), "email": ("email",), "contact_channel": ("contact_channel",), "household": ("household",),
    "help_request": ("help_request", "help_request_date"), "crisis": ("crisis", "crisis_date"),
    "target_groups": ("target_groups",), "debt_picture": ("debt_picture",), "arrears": ("arrears",),
    "steps_taken": ("steps_taken",), "other_help": ("other_help", "lead"),
    "agreements": ("agreements", "check_back_date"), "attachments": ("attachments",),
}


def check_letter_shape(letter: ReferralLetter) -> None:
    """Defence in depth for renderers: a letter holds values for its shared fields only, and its free text carries
    no BSN, IBAN, phone number or e-mail address. Raises `LetterChanged` otherwise."""
    shared = frozenset(letter.shared_fields)
    if not shared <= FIELD_IDS or letter.basis_id is None:
        raise LetterChanged("Deze brief klopt niet met zijn ontvangersprofiel en grondslag en wordt niet gemaakt. "
                            "Stel de brief opnieuw op.")
    for field_id, attributes in LETTER_ATTRIBUTES.items():
        if field_id in shared:
            continue
        if any(getattr(letter, name) not in (None, "", ()) for name in attributes):
            raise LetterChanged("De brief bevat gegevens die niet gedeeld worden en wordt niet gemaakt. Stel de "
                                "brief opnieuw op.")
    texts = [letter.help_request or "", letter.steps_taken or "", *(a.text for a in letter.agreements),
             *letter.attachments, *(a.creditor for a in letter.arrears)]
    if any(check_fields([("", text)]) for text in texts):
        raise LetterChanged("De vrije tekst in de brief is niet gecontroleerd en wordt niet gemaakt. Stel de brief "
                            "opnieuw op.")


def letter_content(letter: ReferralLetter) -> ReferralContent:
    """What the coordinator typed for this letter, as far as the letter carries it (to compose it again)."""
    return ReferralContent(arrears=letter.arrears, steps_taken=letter.steps_taken or "",
                           agreements=letter.agreements, check_back_date=letter.check_back_date,
                           attachments=letter.attachments, bsn=letter.bsn)


def plan_for(case: Case, recipient: PartnerInfo, profile: RecipientProfile | None, bases: Iterable[SharingBasis],
             content: ReferralContent, *, bsn_enabled: bool, letter_date: date,
             selected: Iterable[str] | None = None,
             partner_names: Mapping[int, PartnerInfo] | None = None) -> DisclosurePlan:
    """The plan the composer shows: which fields, on which basis (refusal text when there is none)."""
    if is_signal_partner(recipient.type):
        profile = None  # signal partners never receive a referral letter, whatever profile was passed
    if profile is None:
        raise NoProfile(f"Voor {recipient.name} is geen ontvangersprofiel: naar dit soort partner kan Ketenregie "
                        "geen verwijsbrief maken. Signaalpartners horen alleen dát een signaal niet is opgepakt.")
    _check_content(content, bsn_enabled and BSN_FIELD in profile.field_ids({"BsnEnabled": True}))
    bases = list(bases)
    basis = active_basis(bases, recipient.id, letter_date)
    refusal = None
    if basis is not None and not profile.allows_basis(basis.kind):
        basis = None
    if basis is None:
        refusal = missing_basis_message(recipient.name, profile.bases, bases, recipient.id, letter_date)
    available = available_fields(case, content, recipient, partner_names)
    plan = plan_disclosure(profile, basis, bsn_enabled=bsn_enabled, available=available,
                           selected=selected, refusal=refusal)
    financial = bool(FINANCIAL_FIELDS & profile.field_ids({"BsnEnabled": bsn_enabled}))
    problems = outgoing_text_problems(case, content, plan.shared_fields, amounts=not financial)
    return replace(plan, text_problems=tuple(problems)) if problems else plan


def outgoing_text_fields(case: Case, content: ReferralContent, shared: Iterable[str]) -> list[tuple[str, str]]:
    """(Dutch label, text) of every free text that would leave with the shared fields."""
    shared = frozenset(shared)
    label = {f.id: f.label_nl for f in LETTER_FIELDS}
    fields: list[tuple[str, str]] = []
    if "help_request" in shared:
        fields.append(("Hulpvraag", case.help_request))
    if "steps_taken" in shared:
        fields.append((label["steps_taken"], content.steps_taken))
    if "arrears" in shared:
        fields += [(label["arrears"], item.creditor) for item in content.arrears]
    if "agreements" in shared:
        fields += [(label["agreements"], item.text) for item in content.agreements]
    if "attachments" in shared:
        fields += [(label["attachments"], item) for item in content.attachments]
    return fields


def outgoing_text_problems(case: Case, content: ReferralContent, shared: Iterable[str], *,
                           amounts: bool = False) -> list[TextProblem]:
    """The outgoing-text rule on this letter's free text, against this case's resident (one problem per field
    label, findings merged). `amounts`: money amounts count too (a recipient without financial fields)."""
    merged: dict[str, list] = {}
    for problem in check_fields(outgoing_text_fields(case, content, shared), case.household,
                                audience=Audience.PARTNER, amounts=amounts):
        merged.setdefault(problem.field_label, []).extend(problem.findings)
    return [TextProblem(label, tuple(found)) for label, found in merged.items()]


def _check_content(content: ReferralContent, bsn_possible: bool) -> None:
    # A BSN that policy or profile does not allow is simply never shared (like any field outside the profile);
    # one that would be shared must pass the elfproef.
    if content.bsn and bsn_possible:
        if not is_valid_bsn(content.bsn.replace(" ", "").replace(".", "")):
            raise ContentInvalid("Het BSN klopt niet (de elfproef faalt); controleer het nummer.")
    for item in content.arrears:
        if item.amount_cents is not None and item.amount_cents < 0:
            raise ContentInvalid("Een achterstand kan geen negatief bedrag hebben.")
        if not item.creditor.strip():
            raise ContentInvalid("Vul bij elke achterstand in bij wie die is (schuldeiser of soort).")
    for agreement in content.agreements:
        if not agreement.text.strip():
            raise ContentInvalid("Een afspraak mag niet leeg zijn.")


def _values(case: Case, content: ReferralContent, recipient: PartnerInfo,
            partners: Mapping[int, PartnerInfo]) -> dict[str, object]:
    household = case.household
    address = " ".join(p for p in (household.postcode or "", household.house_number or "") if p).strip() or None
    composition = None
    if household.adults or household.children:
        parts = [f"{household.adults} volwassene{'n' if household.adults != 1 else ''}"]
        if household.children:
            parts.append(f"{household.children} kind{'eren' if household.children != 1 else ''}")
        composition = ", ".join(parts)
    debt = None
    if case.debt.band is not None or case.debt.creditor_count is not None:
        pieces = []
        if case.debt.band is not None:
            pieces.append(f"totaal {case.debt.band.label_nl}")
        if case.debt.creditor_count is not None:
            pieces.append(f"{case.debt.creditor_count} schuldeiser{'s' if case.debt.creditor_count != 1 else ''}")
        debt = ", ".join(pieces)
    other, lead = [], None
    for involved in case.partners:
        info = partners.get(involved.partner_id)
        if info is None or info.type == PartnerType.CARE.value:
            continue  # care providers are never named in a letter: that would reveal health data
        if info.id == recipient.id:
            if involved.leads:
                lead = f"{info.name} (u)"
            continue
        other.append(f"{info.name} — {involved.role.label_nl}")
        if involved.leads:
            lead = info.name
    if other and lead is None:
        lead = "de ketenregisseur van de gemeente"
    agreements = tuple(content.agreements)
    return {
        "name": household.name or None,
        "date_of_birth": household.date_of_birth,
        "bsn": (content.bsn or "").replace(" ", "").replace(".", "") or None,
        "address": address,
        "phone": household.phone or None,
        "email": household.email or None,
        "contact_channel": household.contact_channel.label_nl if household.contact_channel else None,
        "household": composition,
        "help_request": (case.help_request.strip(), case.help_request_date) if case.help_request.strip() else None,
        "crisis": (case.crisis.kind.label_nl, case.crisis.date) if case.crisis else None,
        "target_groups": tuple(g.label_nl for g in sorted(case.target_groups, key=lambda g: g.value)
                               if not g.special_category),
        "debt_picture": debt,
        "arrears": tuple(content.arrears),
        "steps_taken": content.steps_taken.strip() or None,
        "other_help": (tuple(other), lead) if other else None,
        "agreements": (agreements, content.check_back_date) if agreements or content.check_back_date else None,
        "attachments": tuple(a.strip() for a in content.attachments if a.strip()),
    }


# --- the resident's copy ------------------------------------------------------------------------------------------

@dataclass(frozen=True)
class ResidentCopy:
    """The B1 copy for the resident: short, named contact, actions stand out."""

    case_number: str
    letter_date: date
    resident_name: str | None
    partner_name: str
    partner_contact: str
    partner_phone: str
    shared_labels: tuple[str, ...]
    basis_kind: BasisKind
    basis_given_on_text: str
    resident_actions: tuple[Agreement, ...]
    other_agreements: tuple[Agreement, ...]
    check_back_date: date | None
    sender: SenderInfo

    def __repr__(self) -> str:
        return f"ResidentCopy({self.case_number})"


def presentation_letter(letter: ReferralLetter) -> ReferralLetter:
    """The letter as presentatiemodus may show it in a preview: the resident's name as initials, identifiers and
    contact details masked (the date of birth left out), free text with identifiers masked and the name as
    initials, the partner's contact person as initials. Never saved: `verify` refuses it."""
    from ketenregie.domain.privacy_display import MASK, initials, redact_free_text

    name = letter.name or ""
    shown = (lambda text: redact_free_text(text, name) if text else text)
    recipient = letter.recipient
    if recipient.contact_person:
        recipient = replace(recipient, contact_person=initials(recipient.contact_person))
    return replace(
        letter, recipient=recipient, name=initials(name) if name else None, date_of_birth=None,
        bsn=MASK if letter.bsn else None, address=MASK if letter.address else None,
        phone=MASK if letter.phone else None, email=MASK if letter.email else None,
        help_request=shown(letter.help_request), steps_taken=shown(letter.steps_taken),
        agreements=tuple(replace(a, text=shown(a.text)) for a in letter.agreements),
        attachments=tuple(shown(a) for a in letter.attachments),
        arrears=tuple(replace(a, creditor=shown(a.creditor)) for a in letter.arrears))


def compose_resident_copy(letter: ReferralLetter, case: Case) -> ResidentCopy:
    """The resident's own copy of a referral: what was shared with whom, and what happens next. It names the
    resident (it is their own letter) but repeats no figures, BSN or other values — only which data went."""
    resident_actions = tuple(a for a in letter.agreements if a.owner == AgreementOwner.RESIDENT)
    others = tuple(a for a in letter.agreements if a.owner != AgreementOwner.RESIDENT)
    return ResidentCopy(
        case_number=letter.case_number, letter_date=letter.letter_date,
        resident_name=case.household.name or None, partner_name=letter.recipient.name,
        partner_contact=letter.recipient.contact_person, partner_phone=letter.recipient.phone,
        shared_labels=tuple(letter.shared_labels), basis_kind=letter.basis_kind,
        basis_given_on_text=letter.basis_text, resident_actions=resident_actions, other_agreements=others,
        check_back_date=letter.check_back_date, sender=letter.sender)


# --- formatting helpers shared by documents and UI ----------------------------------------------------------------

_MONTHS_NL = ("januari", "februari", "maart", "april", "mei", "juni", "juli", "augustus", "september",
              "oktober", "november", "december")


def long_date_nl(day: date) -> str:
    """"12 maart 2026"."""
    return f"{day.day} {_MONTHS_NL[day.month - 1]} {day.year}"


def format_euro(cents: int) -> str:
    """"€ 1.250,00" (Dutch grouping and decimal comma)."""
    euros, rest = divmod(abs(cents), 100)
    grouped = f"{euros:,}".replace(",", ".")
    return f"{'-' if cents < 0 else ''}€ {grouped},{rest:02d}"


def parse_euro(text: str) -> int:
    """Cents from "1.250,00", "€ 1250", "1250.5"; ValueError (no content in the message) otherwise."""
    cleaned = text.replace("€", "").replace(" ", "").strip()
    if not cleaned:
        raise ValueError("empty amount")
    if "," in cleaned:
        cleaned = cleaned.replace(".", "").replace(",", ".")
    elif cleaned.count(".") == 1 and len(cleaned.split(".")[1]) == 3:
        cleaned = cleaned.replace(".", "")  # "1.250" is thousands
    try:
        value = round(float(cleaned) * 100)
    except ValueError:
        raise ValueError("not an amount") from None
    if value < 0:
        raise ValueError("negative amount")
    return value


def referral_file_name(case_number: str, kind: str, day: date, *, extension: str = "pdf") -> str:
    """"2026-0042_verwijsbrief_2026-03-12.pdf": case number, document kind and date — never a name."""
    from ketenregie.domain.cases import parse_case_number

    parse_case_number(case_number)
    if not kind.replace("-", "").isalnum() or not kind.islower():
        raise ValueError("document kind must be a lowercase word")
    return f"{case_number}_{kind}_{day.isoformat()}.{extension}"


def audit_reference(case_number: str, partner_id: int, shared_fields: Iterable[str]) -> str:
    """The audit object reference of a referral: case, recipient and the fields shared (as a bit mask) —
    never contents. E.g. "referral:2026-0042,to=3,f=1f3"."""
    return f"referral:{case_number},to={partner_id},f={field_mask(ordered(shared_fields))}"


# --- the record of a referral -------------------------------------------------------------------------------------

@dataclass(frozen=True, slots=True)
class ReferralRecord:
    """What the register keeps about a referral: who, when, to whom, which fields — not the contents."""

    case_id: int
    partner_id: int
    basis_id: int
    letter_date: date
    fields: frozenset[str]
    check_back_date: date | None
    resident_copy: bool
    protected: bool
    created_by: str
    created_at: object = None  # datetime (UTC)
    id: int | None = None


def journal_text(letter: ReferralLetter, *, resident_copy: bool, protected: bool) -> str:
    """The case timeline entry for a referral: kinds of data, never their values."""
    parts = [f"Verwijzing (warme overdracht) naar {letter.recipient.name}: brief gemaakt.",
             f"Gedeeld: {', '.join(label.lower() for label in letter.shared_labels)}.",
             f"Grondslag: {letter.basis_text}."]
    if letter.check_back_date:
        parts.append(f"Terugkoppeling op {letter.check_back_date.strftime('%d-%m-%Y')}.")
    parts.append("Kopie voor de inwoner gemaakt." if resident_copy else "Geen kopie voor de inwoner.")
    if protected:
        parts.append("Opgeslagen met wachtwoord.")
    return " ".join(parts)


def check_back_action_text(letter: ReferralLetter) -> str:
    return f"Terugkoppeling verwijzing {letter.recipient.name}"
