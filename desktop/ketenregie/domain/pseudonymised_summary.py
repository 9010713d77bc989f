"""The pseudonymised summary of a case for a casuïstiekoverleg (DOMAIN.md §8).

Generated from the case with only the facts the meeting's question needs — the chair picks which facts
(`SummaryFact`) — and editable before it is made final. What it can contain: an age band, the household type, the
debt band and a band for the number of creditors, the phase, the partners involved (organisations and their role),
the terms and crisis at stake (relative: "over 5 dagen", never a date that gives away the help-request date).
What it never contains: BSN, name, address, exact date of birth, case number, contact details.

`check_summary(text, case)` is the guard for the edited text: it names what looks identifying (name parts, the
case number, a date of birth, a postcode, BSN/IBAN/phone/e-mail via the note scanner) without
repeating the value, and a summary with findings cannot be made final.

Pure domain: no Qt, no database.
"""
from __future__ import annotations

from collections.abc import Iterable, Mapping, Sequence
from dataclasses import dataclass
from datetime import date
from enum import StrEnum

from ketenregie.domain.cases import Case, Household
from ketenregie.domain.outgoing_text import Audience, OutgoingKind, check_text
from ketenregie.domain.terms import TERM_UNSURE_NL, Term, TermStatus


class SummaryFact(StrEnum):
    AGE_BAND = "age_band"
    HOUSEHOLD_TYPE = "household_type"
    DEBT = "debt"
    PHASE = "phase"
    PARTNERS = "partners"
    TERMS = "terms"

    @property
    def label_nl(self) -> str:
        return _FACT_LABELS[self]


_FACT_LABELS = {
    SummaryFact.AGE_BAND: "Leeftijdscategorie",
    SummaryFact.HOUSEHOLD_TYPE: "Samenstelling huishouden",
    SummaryFact.DEBT: "Schuldenomvang (bandbreedte)",
    SummaryFact.PHASE: "Fase",
    SummaryFact.PARTNERS: "Betrokken ketenpartners",
    SummaryFact.TERMS: "Termijnen en crisis",
}
ALL_FACTS: frozenset[SummaryFact] = frozenset(SummaryFact)

# Wide bands on purpose: in a municipality of 65,000, a narrow band plus a household type can identify someone.
AGE_BANDS: tuple[tuple[int, int | None, str], ...] = (
    (0, 17, "jonger dan 18 jaar"),
    (18, 26, "18 tot 27 jaar"),
    (27, 39, "27 tot 40 jaar"),
    (40, 54, "40 tot 55 jaar"),
    (55, 66, "55 tot 67 jaar"),
    (67, None, "67 jaar of ouder"),
)


def age_on(birth: date, on: date) -> int:
    return on.year - birth.year - ((on.month, on.day) < (birth.month, birth.day))


def age_band(birth: date | None, on: date) -> str | None:
    if birth is None:
        return None
    age = age_on(birth, on)
    for low, high, label in AGE_BANDS:
        if age >= low and (high is None or age <= high):
            return label
    return None


def household_type(household: Household) -> str:
    adults, children = household.adults, household.children
    if children <= 0:
        return {1: "alleenstaand", 2: "twee volwassenen, geen kinderen"}.get(
            adults, "meerdere volwassenen, geen kinderen")
    kids = "één kind" if children == 1 else "meer kinderen"
    if adults <= 1:
        return f"eenoudergezin met {kids}"
    if adults == 2:
        return f"twee volwassenen met {kids}"
    return f"meerdere volwassenen met {kids}"


def creditor_band(count: int | None) -> str | None:
    if count is None:
        return None
    if count < 5:
        return "minder dan 5 schuldeisers"
    if count <= 10:
        return "5 tot 10 schuldeisers"
    return "meer dan 10 schuldeisers"


def _relative_days(days: int) -> str:
    if days == 0:
        return "vandaag"
    if days > 0:
        return "over 1 dag" if days == 1 else f"over {days} dagen"
    return "1 dag geleden" if days == -1 else f"{-days} dagen geleden"


@dataclass(frozen=True)
class SummaryLine:
    fact: SummaryFact
    text: str  # Dutch, one line ("Leeftijd: 27 tot 40 jaar")


@dataclass(frozen=True)
class PseudonymisedSummary:
    lines: tuple[SummaryLine, ...]

    @property
    def text(self) -> str:
        return "\n".join(line.text for line in self.lines)


def summarise(case: Case, *, on: date, facts: Iterable[SummaryFact] = ALL_FACTS,
              partner_names: Mapping[int, str] | None = None, terms: Sequence[Term] = (),
              terms_unsure: bool = False) -> PseudonymisedSummary:
    """The summary of `case` as of `on` (the meeting date) with only `facts`.

    `partner_names` maps partner ids to organisation names (organisations are not personal data); `terms` are the
    case's evaluated terms (`case.terms(on, calendar=...)`), given by the caller so the domain stays calendar-free
    here. Nothing identifying is read: not the name, date of birth (only its band), address, contact or number."""
    wanted = set(facts)
    lines: list[SummaryLine] = []
    if SummaryFact.AGE_BAND in wanted:
        band = age_band(case.household.date_of_birth, on)
        lines.append(SummaryLine(SummaryFact.AGE_BAND, f"Leeftijd: {band or 'onbekend'}"))
    if SummaryFact.HOUSEHOLD_TYPE in wanted:
        lines.append(SummaryLine(SummaryFact.HOUSEHOLD_TYPE, f"Huishouden: {household_type(case.household)}"))
    if SummaryFact.DEBT in wanted:
        parts = [case.debt.band.label_nl if case.debt.band else "omvang nog onbekend"]
        creditors = creditor_band(case.debt.creditor_count)
        if creditors:
            parts.append(creditors)
        lines.append(SummaryLine(SummaryFact.DEBT, "Schulden: " + ", ".join(parts)))
    if SummaryFact.PHASE in wanted:
        lines.append(SummaryLine(SummaryFact.PHASE, f"Fase: {case.phase.label_nl}"))
    if SummaryFact.PARTNERS in wanted:
        names = partner_names or {}
        involved = [f"{names.get(p.partner_id, 'ketenpartner')} ({p.role.label_nl.lower()}"
                    + (", regiehouder)" if p.leads else ")") for p in case.partners]
        lines.append(SummaryLine(SummaryFact.PARTNERS,
                                 "Betrokken: " + ("; ".join(involved) if involved else "nog geen ketenpartners")))
    if SummaryFact.TERMS in wanted:
        at_stake = []
        if case.crisis is not None:
            crisis = f"crisis: {case.crisis.kind.label_nl.lower()}"
            if case.crisis.date is not None:
                crisis += f" ({_relative_days((case.crisis.date - on).days)})"
            at_stake.append(crisis)
        for term in terms:
            if term.informational or term.status not in (TermStatus.OPEN, TermStatus.DUE_SOON, TermStatus.OVERDUE):
                continue
            at_stake.append(f"{term.kind.label_nl.lower()}: {term.status.label_nl.lower()} "
                            f"(termijn {_relative_days((term.deadline - on).days).replace('geleden', 'geleden verlopen')})")
        text = "Termijnen: " + ("; ".join(at_stake) if at_stake else "geen termijn in het geding")
        if terms_unsure and at_stake:
            text += f" (let op: {TERM_UNSURE_NL})"
        lines.append(SummaryLine(SummaryFact.TERMS, text))
    return PseudonymisedSummary(tuple(lines))


# --- the guard for edited text --------------------------------------------------------------------------------

class SummaryProblem(StrEnum):
    NAME = "name"
    CASE_NUMBER = "case_number"
    DATE_OF_BIRTH = "date_of_birth"
    ADDRESS = "address"
    IDENTIFIER = "identifier"  # BSN, IBAN, phone, e-mail (note scanner)
    ANY_CASE_NUMBER = "any_case_number"

    @property
    def message_nl(self) -> str:
        return _PROBLEM_MESSAGES[self]


_PROBLEM_MESSAGES = {
    SummaryProblem.NAME: "De samenvatting bevat (een deel van) de naam. Gebruik alleen het pseudoniem.",
    SummaryProblem.CASE_NUMBER: "De samenvatting bevat het casusnummer. Dat blijft in het register.",
    SummaryProblem.ANY_CASE_NUMBER: "De samenvatting bevat iets dat op een casusnummer lijkt. Haal het weg.",
    SummaryProblem.DATE_OF_BIRTH: "De samenvatting bevat de geboortedatum. Gebruik de leeftijdscategorie.",
    SummaryProblem.ADDRESS: "De samenvatting bevat een postcode. Haal het weg.",
    SummaryProblem.IDENTIFIER: "De samenvatting bevat een BSN, rekeningnummer, telefoonnummer of e-mailadres. "
                               "Haal het weg.",
}
def check_summary(text: str, case: Case | None = None) -> list[SummaryProblem]:
    """What in `text` looks identifying (each kind once, in a fixed order); empty = fine to make final.

    The same rule as everything that leaves the register for a meeting (domain/outgoing_text.py)."""
    number = case.case_number if case is not None else None
    found: set[SummaryProblem] = set()
    for finding in check_text(text, case.household if case is not None else None, audience=Audience.MEETING,
                              case_number=number):
        if finding.kind == OutgoingKind.CASE_NUMBER:
            found.add(SummaryProblem.CASE_NUMBER if number and finding.word == number
                      else SummaryProblem.ANY_CASE_NUMBER)
        else:
            found.add(_SUMMARY_KINDS[finding.kind])
    return [p for p in SummaryProblem if p in found]


_SUMMARY_KINDS = {
    OutgoingKind.NAME: SummaryProblem.NAME, OutgoingKind.DATE_OF_BIRTH: SummaryProblem.DATE_OF_BIRTH,
    OutgoingKind.ADDRESS: SummaryProblem.ADDRESS, OutgoingKind.BSN: SummaryProblem.IDENTIFIER,
    OutgoingKind.IBAN: SummaryProblem.IDENTIFIER, OutgoingKind.PHONE: SummaryProblem.IDENTIFIER,
    OutgoingKind.EMAIL: SummaryProblem.IDENTIFIER, OutgoingKind.AMOUNT: SummaryProblem.IDENTIFIER,
    OutgoingKind.CASE_NUMBER: SummaryProblem.ANY_CASE_NUMBER,
}
