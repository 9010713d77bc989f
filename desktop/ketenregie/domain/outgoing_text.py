"""The one rule for free text that leaves the register (DESIGN.md §8 "Free text is data").

Help requests, steps taken, agreements, attachments and arrears lines in letters, agenda questions and summaries,
what the chair records in meeting mode and the minutes: whatever free text goes out is checked *at the moment it
leaves*, not only when it was typed. The check is the note scanner (BSN, IBAN, phone number, e-mail address) PLUS
what identifies the resident of this case: their own name (each part of it), their date of birth and their
address (postcode, with or without the house number). For a meeting (agenda, minutes, the shared screen) the case
number, anything that looks like a case number and any Dutch postcode count as well: a meeting sees pseudonyms.

A text with findings is not produced: the letter or agenda waits until the text is edited. The composer shows
which words and why (`OutgoingFinding.word` — for the screen inside the register only); error messages, logs and
audit entries name the field and the kind of finding, never the word.

The case form keeps *warning* while typing (the register itself may hold what the work needs); this rule decides
only what may leave. `RULE_NL` says so in the UI.

Pure domain: no Qt, no database.
"""
from __future__ import annotations

import re
from collections.abc import Iterable, Mapping
from dataclasses import dataclass
from datetime import date
from enum import StrEnum

from ketenregie.domain.cases import Household
from ketenregie.domain.meetings import CaseMeeting, RecordKind
from ketenregie.domain.note_scanner import FindingKind, scan_text

RULE_NL = ("Vrije tekst die het register verlaat (brief, agenda, verslag, vergadermodus) mag geen BSN, "
           "rekeningnummer, telefoonnummer of e-mailadres bevatten, en niet de naam, geboortedatum of het adres van "
           "de inwoner. Ketenregie controleert dat op het moment dat de tekst het register verlaat; pas de tekst aan "
           "tot de controle slaagt.")


class Audience(StrEnum):
    PARTNER = "partner"  # a letter (or export) to a named recipient
    MEETING = "meeting"  # agenda, minutes and the shared meeting-mode screen: pseudonyms only


class OutgoingKind(StrEnum):
    BSN = "bsn"
    IBAN = "iban"
    PHONE = "phone"
    EMAIL = "email"
    NAME = "name"
    DATE_OF_BIRTH = "date_of_birth"
    ADDRESS = "address"
    CASE_NUMBER = "case_number"
    AMOUNT = "amount"

    @property
    def label_nl(self) -> str:
        return _LABELS[self]

    @property
    def reason_nl(self) -> str:
        return _REASONS[self]


_LABELS = {
    OutgoingKind.BSN: "BSN",
    OutgoingKind.IBAN: "rekeningnummer (IBAN)",
    OutgoingKind.PHONE: "telefoonnummer",
    OutgoingKind.EMAIL: "e-mailadres",
    OutgoingKind.NAME: "naam van de inwoner",
    OutgoingKind.DATE_OF_BIRTH: "geboortedatum van de inwoner",
    OutgoingKind.ADDRESS: "adres (postcode)",
    OutgoingKind.CASE_NUMBER: "casusnummer",
    OutgoingKind.AMOUNT: "bedrag",
}
_REASONS = {
    OutgoingKind.BSN: "Een BSN gaat alleen mee in het BSN-veld, als het beleid en het ontvangersprofiel dat toestaan.",
    OutgoingKind.IBAN: "Rekeningnummers horen niet in vrije tekst.",
    OutgoingKind.PHONE: "Contactgegevens gaan alleen mee in hun eigen veld, als de ontvanger ze mag krijgen.",
    OutgoingKind.EMAIL: "Contactgegevens gaan alleen mee in hun eigen veld, als de ontvanger ze mag krijgen.",
    OutgoingKind.NAME: "De naam gaat alleen mee in het naamveld (of, in een overleg, helemaal niet).",
    OutgoingKind.DATE_OF_BIRTH: "De geboortedatum gaat alleen mee in haar eigen veld, als de ontvanger die mag "
                                "krijgen.",
    OutgoingKind.ADDRESS: "Het adres gaat alleen mee in het adresveld, als de ontvanger het mag krijgen.",
    OutgoingKind.CASE_NUMBER: "Het casusnummer blijft in het register; een overleg kent alleen het pseudoniem.",
    OutgoingKind.AMOUNT: "Deze ontvanger krijgt geen financiële gegevens (niet in het ontvangersprofiel).",
}
_SCANNER_KINDS = {FindingKind.BSN: OutgoingKind.BSN, FindingKind.IBAN: OutgoingKind.IBAN,
                  FindingKind.PHONE: OutgoingKind.PHONE, FindingKind.EMAIL: OutgoingKind.EMAIL}

_MONTHS_NL = ("januari", "februari", "maart", "april", "mei", "juni", "juli", "augustus", "september", "oktober",
              "november", "december")
# Particles that are part of many names but also ordinary Dutch words.
_NAME_PARTICLES = frozenset({"van", "de", "der", "den", "het", "ter", "ten", "te", "la", "le", "du", "da", "el",
                             "al", "op", "in", "t", "'t", "bin", "von", "en"})
_CASE_NUMBER_LIKE = re.compile(r"\b(?:19|20)\d{2}\s*[-/]\s*\d{3,}\b")
_ANY_POSTCODE = re.compile(r"\b[1-9]\d{3}\s?[A-Za-z]{2}\b")
_AMOUNT = re.compile(r"(?:€|\beur\b|\beuro\b)\s*-?\d[\d.,]*(?:,-)?|\b\d[\d.,]*(?:,-)?\s*(?:€|euro\b|eur\b)",
                     re.IGNORECASE)


@dataclass(frozen=True, slots=True)
class OutgoingFinding:
    kind: OutgoingKind
    start: int
    end: int
    word: str  # what was found: for the composer on screen only, never for messages, logs or the audit log

    def __repr__(self) -> str:
        return f"OutgoingFinding({self.kind.value}, {self.start}-{self.end})"


@dataclass(frozen=True, slots=True)
class TextProblem:
    """One free-text field that may not leave as it is: which field (Dutch label) and what was found in it."""

    field_label: str
    findings: tuple[OutgoingFinding, ...]

    def __repr__(self) -> str:
        return f"TextProblem({self.field_label!r}, {len(self.findings)} findings)"

    @property
    def kinds(self) -> tuple[OutgoingKind, ...]:
        return tuple(dict.fromkeys(f.kind for f in self.findings))

    @property
    def message_nl(self) -> str:
        """Which field and which kinds — never the words themselves."""
        kinds = [k.label_nl for k in self.kinds]
        listed = kinds[0] if len(kinds) == 1 else ", ".join(kinds[:-1]) + " en " + kinds[-1]
        return f"'{self.field_label}' bevat: {listed}."

    @property
    def detail_nl(self) -> str:
        """For the composer screen (inside the register): the words found, each with why it may not go out."""
        return "; ".join(f"\u201c{f.word}\u201d: {f.kind.label_nl} \u2014 {f.kind.reason_nl}" for f in self.findings)


class OutgoingTextBlocked(Exception):
    """Free text did not pass the check; nothing is produced. `user_message` names fields and kinds only."""

    def __init__(self, problems: Iterable[TextProblem], what: str = "De brief") -> None:
        self.problems = tuple(problems)
        self.user_message = (f"{what} wordt niet gemaakt: " + " ".join(p.message_nl for p in self.problems)
                             + " Pas de tekst aan; vrije tekst die het register verlaat mag de inwoner niet "
                               "identificeren.")
        super().__init__(self.user_message)


def name_parts(name: str) -> list[str]:
    """The parts of a name worth looking for: two or more letters, not a particle like "van"."""
    parts = re.findall(r"[^\W\d_]+(?:['\u2019-][^\W\d_]+)*", name or "")
    found: list[str] = []
    for part in parts:
        for piece in [part, *re.split(r"['\u2019-]", part)]:
            if len(piece) >= 2 and piece.casefold() not in _NAME_PARTICLES and piece not in found:
                found.append(piece)
    return found


def _date_patterns(d: date) -> list[str]:
    day, month, year = d.day, d.month, d.year
    month_name = _MONTHS_NL[month - 1]
    return [
        rf"(?<!\d)0?{day}\s*[-/.]\s*0?{month}\s*[-/.]\s*{year}(?!\d)",
        rf"(?<!\d)0?{day}\s*[-/.]\s*0?{month}\s*[-/.]\s*{year % 100:02d}(?!\d)",
        rf"(?<!\d){year}\s*[-/.]\s*0?{month}\s*[-/.]\s*0?{day}(?!\d)",
        rf"(?<!\d)0?{day}\s+{month_name}\s+{year}(?!\d)",
        rf"(?<!\d)0?{day}\s+{month_name[:3]}\.?\s+{year}(?!\d)",
        rf"(?<!\d)0?{day}{month:02d}{year}(?!\d)",
    ]


def check_text(text: str, resident: Household | None = None, *, audience: Audience = Audience.PARTNER,
               case_number: str | None = None, amounts: bool = False) -> list[OutgoingFinding]:
    """Everything in `text` that may not leave the register for `audience`, in order of position. `amounts`:
    also money amounts (for a recipient whose profile holds no financial fields)."""
    if not text or not text.strip():
        return []
    findings: list[OutgoingFinding] = []
    taken: list[tuple[int, int]] = []

    def add(kind: OutgoingKind, start: int, end: int) -> None:
        if any(start < e and s < end for s, e in taken):
            return
        taken.append((start, end))
        findings.append(OutgoingFinding(kind, start, end, text[start:end]))

    for finding in scan_text(text):
        add(_SCANNER_KINDS[finding.kind], finding.start, finding.end)
    if resident is not None:
        for part in name_parts(resident.name):
            for match in re.finditer(rf"(?<!\w){re.escape(part)}(?!\w)", text, re.IGNORECASE):
                add(OutgoingKind.NAME, *match.span())
        if resident.date_of_birth is not None:
            for pattern in _date_patterns(resident.date_of_birth):
                for match in re.finditer(pattern, text, re.IGNORECASE):
                    add(OutgoingKind.DATE_OF_BIRTH, *match.span())
        postcode = re.sub(r"\s+", "", resident.postcode or "")
        if len(postcode) >= 4:
            spaced = r"\s*".join(re.escape(ch) for ch in postcode)
            for match in re.finditer(rf"(?<!\w){spaced}(?!\w)", text, re.IGNORECASE):
                add(OutgoingKind.ADDRESS, *match.span())
    if amounts:
        for match in _AMOUNT.finditer(text):
            add(OutgoingKind.AMOUNT, *match.span())
    if audience == Audience.MEETING:
        if case_number:
            for match in re.finditer(re.escape(case_number), text):
                add(OutgoingKind.CASE_NUMBER, *match.span())
        for match in _CASE_NUMBER_LIKE.finditer(text):
            add(OutgoingKind.CASE_NUMBER, *match.span())
        for match in _ANY_POSTCODE.finditer(text):
            add(OutgoingKind.ADDRESS, *match.span())
    findings.sort(key=lambda f: f.start)
    return findings


def check_fields(fields: Iterable[tuple[str, str]], resident: Household | None = None, *,
                 audience: Audience = Audience.PARTNER, case_number: str | None = None,
                 amounts: bool = False) -> list[TextProblem]:
    """`fields` = (Dutch label, text) pairs; one `TextProblem` per field with findings."""
    problems = []
    for label, text in fields:
        found = check_text(text, resident, audience=audience, case_number=case_number, amounts=amounts)
        if found:
            problems.append(TextProblem(label, tuple(found)))
    return problems


def require_clean(fields: Iterable[tuple[str, str]], resident: Household | None = None, *,
                  audience: Audience = Audience.PARTNER, case_number: str | None = None,
                  what: str = "De brief") -> None:
    """Raise `OutgoingTextBlocked` when any field has findings."""
    problems = check_fields(fields, resident, audience=audience, case_number=case_number)
    if problems:
        raise OutgoingTextBlocked(problems, what)


def mask_identifiers(text: str, resident: Household | None = None) -> str:
    """The text with every finding replaced by a neutral marker (presentatiemodus: free text on screen)."""
    findings = check_text(text, resident, audience=Audience.MEETING)
    if not findings:
        return text
    out, last = [], 0
    for finding in findings:
        out.append(text[last:finding.start])
        out.append(_MASKS[finding.kind])
        last = finding.end
    out.append(text[last:])
    return "".join(out)


_MASKS = {
    OutgoingKind.BSN: "[BSN]", OutgoingKind.IBAN: "[IBAN]", OutgoingKind.PHONE: "[telefoon]",
    OutgoingKind.EMAIL: "[e-mail]", OutgoingKind.NAME: "[naam]", OutgoingKind.DATE_OF_BIRTH: "[geboortedatum]",
    OutgoingKind.ADDRESS: "[adres]", OutgoingKind.CASE_NUMBER: "[casusnummer]", OutgoingKind.AMOUNT: "[bedrag]",
}


# --- meetings: agenda, minutes and the shared screen ----------------------------------------------------------

QUESTION_LABEL = "Vraag aan het overleg"
SUMMARY_LABEL = "Samenvatting"
RECORD_LABEL = "Afspraak of actie"
WITHHELD_NL = ("[Niet getoond: deze tekst is (nog) niet door de controle gekomen. Pas hem aan in de planning van "
               "het overleg.]")


def check_item_text(text: str, resident: Household | None, case_number: str | None) -> list[OutgoingFinding]:
    """The meeting audience's check for one text of one agenda item."""
    return check_text(text, resident, audience=Audience.MEETING, case_number=case_number)


def check_meeting(meeting: CaseMeeting, residents: Mapping[int, tuple[Household | None, str | None]] | None = None, *,
                  agenda: bool = True, records: bool = True) -> list[TextProblem]:
    """With `agenda` every question and summary, with `records` every agreement and action of `meeting`, each
    against the resident of its own case (`residents`: agenda item id -> (household, case number); missing = only
    what needs no case). Labels name the pseudonym, never the case."""
    residents = residents or {}
    problems: list[TextProblem] = []
    for item in meeting.items:
        resident, number = residents.get(item.id, (None, None))
        texts = [(QUESTION_LABEL, item.question), (SUMMARY_LABEL, item.summary)] if agenda else []
        if records:
            texts += [(RECORD_LABEL, r.text) for r in item.records if r.kind != RecordKind.DISCUSSION]
        for label, text in texts:
            found = check_item_text(text, resident, number)
            if found:
                problems.append(TextProblem(f"{item.pseudonym} \u2014 {label}", tuple(found)))
    return problems
