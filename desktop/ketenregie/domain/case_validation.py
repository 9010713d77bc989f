"""Validation of a case before it is saved: Dutch messages that say what is wrong and how to fix it.

`validate_case(case, today=..., previous=...)` returns a `ValidationReport` with *errors* (the save is refused)
and *warnings* (shown, never blocking: e.g. a note that looks like it holds a BSN or IBAN). `check_case` is the
repository's entry point: it raises `CaseValidationError` (with the errors) or returns the warnings.

Messages never repeat a value the user typed (no names, numbers or dates from the case): they may end up in an
exception or a log line. Each issue names the field it is about (`Issue.field`, a dotted path such as
"household.postcode" or "actions.2.description") so the UI can put the message next to the right control.
"""
from __future__ import annotations

import re
from collections.abc import Iterable
from dataclasses import dataclass, replace
from datetime import date

from ketenregie.domain import note_scanner
from ketenregie.domain.cases import (EDUCATION_GROUPS, START_PHASE, Action, ActionOwner, ActionStatus, Case,
                                     CasePartner, ContactChannel, DecisionKind, ElementStatus, Household,
                                     IntegralElement, JournalEntry, Phase)

MAX_NAME = 100
MAX_HELP_REQUEST = 1000
MAX_REASON = 200
MAX_ACTION = 300
MAX_JOURNAL = 10_000
MAX_PERSONS = 20
MAX_CREDITORS = 999
MAX_AGE_YEARS = 120

_POSTCODE = re.compile(r"^([1-9]\d{3}) ?([A-Za-z]{2})$")
_HOUSE_NUMBER = re.compile(r"^\d{1,5}(?:[ -]?[A-Za-z0-9]{1,6})?$")
_EMAIL = re.compile(r"^[\w.+-]+@[A-Za-z0-9-]+(?:\.[A-Za-z0-9-]+)*\.[A-Za-z]{2,}$")
_PHONE_CHARS = re.compile(r"^\+?[\d\s\-()]{8,20}$")

# Phases in which the first conversation must have happened.
_NEEDS_FIRST_CONVERSATION = frozenset({Phase.ACTION_PLAN, Phase.WITH_PARTNER, Phase.AFTERCARE})
_AFTER_DECISION = frozenset({Phase.WITH_PARTNER, Phase.AFTERCARE})


@dataclass(frozen=True, slots=True)
class Issue:
    field: str  # dotted path to the field, e.g. "household.postcode", "journal.0.text"
    message: str  # Dutch, names no personal data


@dataclass(frozen=True, slots=True)
class ValidationReport:
    errors: tuple[Issue, ...]
    warnings: tuple[Issue, ...]

    @property
    def ok(self) -> bool:
        return not self.errors


class CaseValidationError(ValueError):
    """The case cannot be saved. `errors` per field; `user_message` joins the Dutch messages (safe to show)."""

    def __init__(self, errors: Iterable[Issue]) -> None:
        self.errors = tuple(errors)
        self.user_message = "\n".join(issue.message for issue in self.errors)
        super().__init__(self.user_message)


# --- normalisation --------------------------------------------------------------------------------------------

def normalise_postcode(value: str | None) -> str | None:
    """"2651ss" -> "2651 SS"; empty -> None; anything else is returned stripped (validation reports it)."""
    if value is None or not value.strip():
        return None
    match = _POSTCODE.match(value.strip())
    if not match:
        return value.strip()
    return f"{match.group(1)} {match.group(2).upper()}"


def _clean(value: str | None) -> str | None:
    if value is None:
        return None
    value = value.strip()
    return value or None


def normalise_case(case: Case) -> Case:
    """Trim text, format the postcode, empty strings to None. The repository saves the normalised case."""
    h = case.household
    household = replace(h, name=" ".join(h.name.split()), phone=_clean(h.phone), email=_clean(h.email),
                        postcode=normalise_postcode(h.postcode), house_number=_clean(h.house_number))
    return replace(
        case, household=household, help_request=case.help_request.strip(),
        special_reasons={group: reason.strip() for group, reason in case.special_reasons.items()},
        actions=tuple(replace(a, description=a.description.strip()) for a in case.actions),
        journal=tuple(replace(j, text=j.text.strip()) for j in case.journal))


# --- the case -------------------------------------------------------------------------------------------------

def validate_case(case: Case, *, today: date, previous: Case | None = None) -> ValidationReport:
    """All errors and warnings for saving `case` on `today`. `previous` is the stored version (None = new)."""
    errors: list[Issue] = []
    warnings: list[Issue] = []
    errors += _household_errors(case.household, today)
    errors += _date_errors(case, today)
    errors += _phase_errors(case, previous)
    errors += _target_group_errors(case)
    errors += _element_errors(case)
    errors += _partner_errors(case.partners)
    partner_ids = {p.partner_id for p in case.partners}
    for index, action in enumerate(case.actions):
        errors += action_errors(action, today, field=f"actions.{index}")
        if action.owner == ActionOwner.PARTNER and action.partner_id is not None \
                and action.partner_id not in partner_ids:
            warnings.append(Issue(f"actions.{index}.partner_id",
                                  "Deze actie ligt bij een partner die nog niet bij de casus betrokken is. Voeg de "
                                  "partner toe onder 'Betrokken partners'."))
    for index, entry in enumerate(case.journal):
        errors += journal_errors(entry, today, field=f"journal.{index}")
    errors += _debt_errors(case)
    if len(case.help_request) > MAX_HELP_REQUEST:
        errors.append(Issue("help_request", f"Beschrijf de hulpvraag in hoogstens {MAX_HELP_REQUEST} tekens."))
    warnings += _phase_warnings(case)
    warnings += free_text_warnings(case)
    return ValidationReport(tuple(errors), tuple(warnings))


def check_case(case: Case, *, today: date, previous: Case | None = None) -> tuple[Issue, ...]:
    """Raise `CaseValidationError` when the case cannot be saved; else return the warnings."""
    report = validate_case(case, today=today, previous=previous)
    if report.errors:
        raise CaseValidationError(report.errors)
    return report.warnings


def check_phase_transition(old: Phase, new: Phase) -> Issue | None:
    """None when `old` -> `new` is allowed (or unchanged), else the Dutch reason."""
    if old.can_move_to(new):
        return None
    allowed = ", ".join(p.label_nl for p in sorted(old.allowed_next, key=lambda p: p.order))
    return Issue("phase", f"Een casus kan niet van fase '{old.label_nl}' naar '{new.label_nl}'. "
                          f"Vanuit '{old.label_nl}' kan de casus naar: {allowed}.")


def _household_errors(h: Household, today: date) -> list[Issue]:
    errors = []
    if not h.name.strip():
        errors.append(Issue("household.name", "Vul de naam of de initialen van de inwoner in."))
    elif len(h.name) > MAX_NAME:
        errors.append(Issue("household.name", f"De naam is te lang (hoogstens {MAX_NAME} tekens)."))
    if h.date_of_birth is not None:
        if h.date_of_birth > today:
            errors.append(Issue("household.date_of_birth", "De geboortedatum ligt in de toekomst."))
        elif today.year - h.date_of_birth.year > MAX_AGE_YEARS:
            errors.append(Issue("household.date_of_birth",
                                "De geboortedatum ligt te ver terug. Controleer het jaartal."))
    if not 1 <= h.adults <= MAX_PERSONS:
        errors.append(Issue("household.adults", f"Het aantal volwassenen moet tussen 1 en {MAX_PERSONS} liggen."))
    if not 0 <= h.children <= MAX_PERSONS:
        errors.append(Issue("household.children", f"Het aantal kinderen moet tussen 0 en {MAX_PERSONS} liggen."))
    if h.postcode and not _POSTCODE.match(h.postcode):
        errors.append(Issue("household.postcode", "De postcode is niet geldig. Schrijf bijvoorbeeld 2651 AB."))
    if h.house_number and not _HOUSE_NUMBER.match(h.house_number):
        errors.append(Issue("household.house_number",
                            "Het huisnummer is niet geldig. Schrijf bijvoorbeeld 12, 12a of 12-2."))
    if h.house_number and not h.postcode:
        errors.append(Issue("household.postcode", "Vul bij een huisnummer ook de postcode in."))
    if h.phone and not _valid_phone(h.phone):
        errors.append(Issue("household.phone",
                            "Het telefoonnummer is niet geldig. Schrijf bijvoorbeeld 06-12345678 of +31 6 12345678."))
    if h.email and not _EMAIL.match(h.email):
        errors.append(Issue("household.email",
                            "Het e-mailadres is niet geldig. Schrijf bijvoorbeeld naam@voorbeeld.nl."))
    if h.contact_channel in (ContactChannel.PHONE, ContactChannel.SMS) and not h.phone:
        errors.append(Issue("household.phone",
                            "Vul een telefoonnummer in, of kies een ander contactkanaal."))
    if h.contact_channel == ContactChannel.EMAIL and not h.email:
        errors.append(Issue("household.email", "Vul een e-mailadres in, of kies een ander contactkanaal."))
    return errors


def _valid_phone(value: str) -> bool:
    if not _PHONE_CHARS.match(value):
        return False
    digits = re.sub(r"[\s\-()]", "", value)
    if digits.startswith("+"):
        return 9 <= len(digits) - 1 <= 15
    return len(digits) == 10 and digits.startswith("0")


def _date_errors(case: Case, today: date) -> list[Issue]:
    errors = []
    help_request = case.help_request_date
    if help_request > today:
        errors.append(Issue("help_request_date", "De datum van de hulpvraag ligt in de toekomst."))
    first = case.first_conversation_date
    if first is not None:
        if first < help_request:
            errors.append(Issue("first_conversation_date",
                                "Het eerste gesprek ligt vóór de datum van de hulpvraag. Controleer beide datums."))
        if first > today:
            errors.append(Issue("first_conversation_date",
                                "Het eerste gesprek ligt in de toekomst. Vul de datum in als het gesprek is "
                                "gevoerd; plan het tot die tijd als actie."))
    if case.decision is not None:
        if first is None:
            errors.append(Issue("decision", "Een beschikking kan pas na het eerste gesprek. Vul eerst de datum van "
                                            "het eerste gesprek in."))
        elif case.decision.date < first:
            errors.append(Issue("decision", "De beschikking ligt vóór het eerste gesprek. Controleer beide datums."))
        if case.decision.date < help_request:
            errors.append(Issue("decision", "De beschikking ligt vóór de datum van de hulpvraag."))
        if case.decision.date > today:
            errors.append(Issue("decision", "De datum van de beschikking ligt in de toekomst."))
    if case.closing is not None:
        if case.closing.closed_on < help_request:
            errors.append(Issue("closing", "De datum van afsluiten ligt vóór de datum van de hulpvraag."))
        if case.closing.closed_on > today:
            errors.append(Issue("closing", "De datum van afsluiten ligt in de toekomst."))
        for label, value in (("het eerste gesprek", first), ("de beschikking",
                                                              case.decision.date if case.decision else None)):
            if value is not None and case.closing.closed_on < value:
                errors.append(Issue("closing", f"De datum van afsluiten ligt vóór {label}."))
    return errors


def _phase_errors(case: Case, previous: Case | None) -> list[Issue]:
    errors = []
    if previous is None:
        if case.phase != START_PHASE:
            errors.append(Issue("phase", f"Een nieuwe casus begint in de fase '{START_PHASE.label_nl}'."))
    else:
        problem = check_phase_transition(previous.phase, case.phase)
        if problem:
            errors.append(problem)
    if case.phase == Phase.CLOSED:
        if case.closing is None:
            errors.append(Issue("closing", "Kies een sluitreden en de datum van afsluiten om de casus af te sluiten."))
    elif case.closing is not None:
        errors.append(Issue("closing", "Een sluitreden hoort alleen bij een afgesloten casus. Kies de fase "
                                       "'Afgesloten' of haal de sluitreden weg."))
    if case.phase in _NEEDS_FIRST_CONVERSATION and case.first_conversation_date is None:
        errors.append(Issue("first_conversation_date",
                            f"Vul de datum van het eerste gesprek in voordat de casus naar '{case.phase.label_nl}' "
                            "gaat."))
    return errors


def _phase_warnings(case: Case) -> list[Issue]:
    warnings = []
    if case.phase in _AFTER_DECISION:
        if case.decision is None:
            warnings.append(Issue("decision", "Er is nog geen beschikking vastgelegd voor deze casus."))
        elif case.decision.kind == DecisionKind.REJECTION:
            warnings.append(Issue("decision", "De beschikking is een afwijzing, maar de casus loopt nog bij een "
                                              "partner of in nazorg."))
    return warnings


def _target_group_errors(case: Case) -> list[Issue]:
    errors = []
    for group in sorted(case.target_groups, key=lambda g: g.value):
        reason = case.special_reasons.get(group, "").strip()
        if group.special_category and not reason:
            errors.append(Issue(f"special_reasons.{group.value}",
                                f"Leg kort vast waarom '{group.label_nl}' voor de hulp van belang is. Zonder reden "
                                "wordt dit gegeven niet vastgelegd."))
        elif len(reason) > MAX_REASON:
            errors.append(Issue(f"special_reasons.{group.value}",
                                f"Houd de reden kort (hoogstens {MAX_REASON} tekens)."))
    for group in case.special_reasons:
        if group not in case.target_groups or not group.special_category:
            errors.append(Issue(f"special_reasons.{group.value}",
                                f"Een reden hoort alleen bij een gekozen bijzondere doelgroep ('{group.label_nl}')."))
    if len(case.target_groups & EDUCATION_GROUPS) > 1:
        errors.append(Issue("target_groups", "Kies hoogstens één opleidingsniveau."))
    return errors


def _element_errors(case: Case) -> list[Issue]:
    errors = []
    for element, status in case.elements.items():
        if not isinstance(element, IntegralElement) or not isinstance(status, ElementStatus):
            errors.append(Issue("elements", "Een integraal onderdeel heeft een onbekende status."))
    return errors


def _partner_errors(partners: tuple[CasePartner, ...]) -> list[Issue]:
    errors = []
    ids = [p.partner_id for p in partners]
    if len(ids) != len(set(ids)):
        errors.append(Issue("partners", "Een partner staat twee keer bij de casus. Haal de dubbele regel weg."))
    if sum(1 for p in partners if p.leads) > 1:
        errors.append(Issue("partners", "Er kan maar één partner de regie over het traject hebben (leidend)."))
    return errors


def _debt_errors(case: Case) -> list[Issue]:
    count = case.debt.creditor_count
    if count is not None and not 0 <= count <= MAX_CREDITORS:
        return [Issue("debt.creditor_count", f"Het aantal schuldeisers moet tussen 0 en {MAX_CREDITORS} liggen.")]
    return []


# --- actions and journal entries (also used for quick adds) -------------------------------------------------------

def action_errors(action: Action, today: date, *, field: str = "action") -> list[Issue]:
    errors = []
    if not action.description.strip():
        errors.append(Issue(f"{field}.description", "Beschrijf de actie."))
    elif len(action.description) > MAX_ACTION:
        errors.append(Issue(f"{field}.description", f"Houd de actie kort (hoogstens {MAX_ACTION} tekens)."))
    if action.owner == ActionOwner.PARTNER and action.partner_id is None:
        errors.append(Issue(f"{field}.partner_id", "Kies de partner die deze actie uitvoert."))
    if action.owner != ActionOwner.PARTNER and action.partner_id is not None:
        errors.append(Issue(f"{field}.partner_id", "Alleen een actie van een partner hoort bij een partner."))
    if action.done_on is not None:
        if action.status != ActionStatus.DONE:
            errors.append(Issue(f"{field}.done_on", "Alleen een gedane actie heeft een datum van afronden."))
        elif action.done_on > today:
            errors.append(Issue(f"{field}.done_on", "De datum van afronden ligt in de toekomst."))
    return errors


def journal_errors(entry: JournalEntry, today: date, *, field: str = "journal_entry") -> list[Issue]:
    errors = []
    if not entry.text.strip():
        errors.append(Issue(f"{field}.text", "Schrijf iets in de journaalregel of laat hem weg."))
    elif len(entry.text) > MAX_JOURNAL:
        errors.append(Issue(f"{field}.text", f"De journaalregel is te lang (hoogstens {MAX_JOURNAL} tekens)."))
    if entry.entry_date > today:
        errors.append(Issue(f"{field}.entry_date", "De datum van de journaalregel ligt in de toekomst."))
    return errors


def check_action(action: Action, *, today: date) -> tuple[Issue, ...]:
    """Raise `CaseValidationError` for an action that cannot be saved; else return its free-text warnings."""
    errors = action_errors(action, today)
    if errors:
        raise CaseValidationError(errors)
    return tuple(text_warnings("action.description", action.description))


def check_journal_entry(entry: JournalEntry, *, today: date) -> tuple[Issue, ...]:
    errors = journal_errors(entry, today)
    if errors:
        raise CaseValidationError(errors)
    return tuple(text_warnings("journal_entry.text", entry.text))


# --- free text ------------------------------------------------------------------------------------------------

def text_warnings(field: str, text: str) -> list[Issue]:
    return [Issue(field, message) for message in note_scanner.warnings_for(text)]


def free_text_warnings(case: Case) -> list[Issue]:
    """Note-scanner warnings (BSN, IBAN, phone, e-mail) for every free-text field of the case."""
    warnings = text_warnings("help_request", case.help_request)
    for group, reason in case.special_reasons.items():
        warnings += text_warnings(f"special_reasons.{group.value}", reason)
    for index, action in enumerate(case.actions):
        warnings += text_warnings(f"actions.{index}.description", action.description)
    for index, entry in enumerate(case.journal):
        warnings += text_warnings(f"journal.{index}.text", entry.text)
    return warnings
