"""Reading the composer's short text inputs into letter content, with Dutch messages that say which line is wrong
(never repeating the line itself).

Arrears, one per line:      "Huur woningcorporatie; 2.480,00; 01-11-2025"  (amount and date optional)
Agreements, one per line:   "inwoner: verzamelt de brieven; 19-03-2026"     (who: inwoner | partner | ik)
Attachments, one per line:  "Overzicht schuldeisers"

Pure domain: no Qt, no database.
"""
from __future__ import annotations

import re
from datetime import date, datetime

from ketenregie.domain.referral import Agreement, AgreementOwner, ArrearsItem, parse_euro

_OWNERS = {
    "inwoner": AgreementOwner.RESIDENT, "bewoner": AgreementOwner.RESIDENT,
    "partner": AgreementOwner.PARTNER,
    "ik": AgreementOwner.COORDINATOR, "ketenregisseur": AgreementOwner.COORDINATOR, "gemeente": AgreementOwner.COORDINATOR,
}


class InputInvalid(ValueError):
    """`field`: which input is wrong ("arrears", "agreements"), so the UI shows the message next to it."""

    def __init__(self, problems: list[str], field: str = "") -> None:
        self.problems = problems
        self.field = field
        super().__init__(" ".join(problems))


_DATE_WORDS = re.compile(r"^(sinds|vanaf|per|op|tot|uiterlijk)\s+", re.IGNORECASE)
_EURO_WORDS = re.compile(r"(?i)\b(euro|eur)\b|,-$|,--$")


def _date(text: str) -> date:
    """"01-09-2026", also "sinds 01-09-2026" (as the placeholder itself says) and "1-9-2026"."""
    return datetime.strptime(_DATE_WORDS.sub("", text.strip()), "%d-%m-%Y").date()


def _amount(text: str) -> int:
    """Cents from "2.480,00", "1.250 euro", "EUR 1250", "€ 1.250,-"."""
    return parse_euro(_EURO_WORDS.sub("", text.strip()).strip())


def _lines(text: str) -> list[tuple[int, str]]:
    return [(n, line.strip()) for n, line in enumerate(text.splitlines(), start=1) if line.strip()]


def parse_arrears(text: str) -> tuple[ArrearsItem, ...]:
    items, problems = [], []
    for number, line in _lines(text):
        parts = [p.strip() for p in line.split(";")]
        if len(parts) > 3 or not parts[0]:
            problems.append(f"Achterstanden, regel {number}: schrijf 'bij wie; bedrag; sinds (dd-mm-jjjj)'.")
            continue
        amount = since = None
        try:
            if len(parts) > 1 and parts[1]:
                amount = _amount(parts[1])
        except ValueError:
            problems.append(f"Achterstanden, regel {number}: het bedrag is geen bedrag (bijvoorbeeld 1.250,00).")
            continue
        try:
            if len(parts) > 2 and parts[2]:
                since = _date(parts[2])
        except ValueError:
            problems.append(f"Achterstanden, regel {number}: schrijf de datum als dd-mm-jjjj.")
            continue
        items.append(ArrearsItem(parts[0], amount, since))
    if problems:
        raise InputInvalid(problems, "arrears")
    return tuple(items)


def parse_agreements(text: str) -> tuple[Agreement, ...]:
    items, problems = [], []
    for number, line in _lines(text):
        who, sep, rest = line.partition(":")
        owner = _OWNERS.get(who.strip().lower()) if sep else None
        if owner is None:
            problems.append(f"Afspraken, regel {number}: begin met 'inwoner:', 'partner:' of 'ik:'.")
            continue
        what, _, when = rest.partition(";")
        if not what.strip():
            problems.append(f"Afspraken, regel {number}: wat is de afspraak?")
            continue
        due = None
        if when.strip():
            try:
                due = _date(when)
            except ValueError:
                problems.append(f"Afspraken, regel {number}: schrijf de datum als dd-mm-jjjj.")
                continue
        items.append(Agreement(what.strip(), owner, due))
    if problems:
        raise InputInvalid(problems, "agreements")
    return tuple(items)


def parse_attachments(text: str) -> tuple[str, ...]:
    return tuple(line for _, line in _lines(text))
