"""Signals, the signalled household, signal cases and contact attempts (DOMAIN.md §7, §11; issue 12 §1).

Only what outreach needs is kept (signals concern people who did not ask for help): name and address to write,
phone or e-mail when the partner delivered them, postcode + house number (+ addition, birth date, sex) because the
DDAS export identifies the client by them, and the BSN only when policy `SignalBsnEnabled` allows it.
Every `__repr__` hides personal data.
"""
from __future__ import annotations

import calendar
import re
from dataclasses import dataclass, field
from datetime import date

from ketenregie.domain.signals.codes import (ContactKind, Outcome, PartOfDay, Sex, SignalPartnerKind,
                                             SignalStatus)

MAX_AMOUNT = 10_000_000  # whole euros; anything above is a typing error, not arrears
_POSTCODE = re.compile(r"^[1-9][0-9]{3}[A-Z]{2}$")
_HOUSE_NUMBER = re.compile(r"^[1-9][0-9]{0,4}$")


def add_months(day: date, months: int) -> date:
    """The same day `months` later; the 31st becomes the last day of a shorter month."""
    month0 = day.month - 1 + months
    year, month = day.year + month0 // 12, month0 % 12 + 1
    return date(year, month, min(day.day, calendar.monthrange(year, month)[1]))


def normalise_postcode(text: str | None) -> str | None:
    if text is None:
        return None
    cleaned = "".join(text.split()).upper()
    return cleaned or None


def valid_postcode(text: str) -> bool:
    return bool(_POSTCODE.match(text))


def valid_house_number(text: str) -> bool:
    return bool(_HOUSE_NUMBER.match(text))


def bsn_valid(text: str) -> bool:
    """The elfproef for a BSN: 9 digits, 9*d1 + 8*d2 + ... + 2*d8 - 1*d9 divisible by 11 (and not all zeros)."""
    if len(text) != 9 or not text.isdigit() or text == "000000000":
        return False
    total = sum(int(d) * w for d, w in zip(text, (9, 8, 7, 6, 5, 4, 3, 2, -1)))
    return total % 11 == 0


@dataclass(frozen=True, slots=True)
class SignalHousehold:
    """The signalled resident/household: the minimum outreach and the DDAS export need."""

    name: str | None = None
    street: str | None = None
    house_number: str | None = None
    house_number_addition: str | None = None
    postcode: str | None = None
    city: str | None = None
    phone: str | None = None
    email: str | None = None
    date_of_birth: date | None = None
    sex: Sex | None = None
    bsn: str | None = None
    id: int | None = None

    def __repr__(self) -> str:
        return f"SignalHousehold(id={self.id}, <personal data hidden>)"

    @property
    def match_key(self) -> str:
        """Which household a signal belongs to: the BSN when known, otherwise postcode + number + addition."""
        if self.bsn:
            return f"bsn:{self.bsn}"
        addition = (self.house_number_addition or "").strip().upper()
        return f"adr:{normalise_postcode(self.postcode) or ''}|{(self.house_number or '').strip()}|{addition}"

    @property
    def address_line(self) -> str:
        number = " ".join(p for p in (self.house_number, self.house_number_addition) if p)
        return " ".join(p for p in (self.street, number) if p)

    @property
    def place_line(self) -> str:
        return "  ".join(p for p in (self.postcode, self.city) if p)


@dataclass(frozen=True, slots=True)
class Signal:
    """One vroegsignaal from a signal partner. `external_id` is the partner's/DDAS ID (unique in the register)."""

    external_id: str
    partner_kind: SignalPartnerKind
    signal_date: date
    amount: int | None = None  # whole euros
    arrears_start: date | None = None  # ontstaansdatum
    partner_name: str | None = None  # the organisation (a directory entry's name when known)
    partner_id: int | None = None  # the partner directory entry, when matched
    crisis: bool = False
    warm_handover: bool = False
    end_of_supply_date: date | None = None  # energy's eindeleveringssignaal
    eviction_date: date | None = None
    status: SignalStatus = SignalStatus.NOT_YET_PICKED_UP
    id: int | None = None
    signal_case_id: int | None = None

    def __repr__(self) -> str:
        return f"Signal(id={self.id}, {self.partner_kind.value}, {self.signal_date.isoformat()})"

    @property
    def partner_key(self) -> str:
        """"Same partner" for the repeated-signal rule: the directory entry, else kind + organisation name."""
        if self.partner_id is not None:
            return f"dir:{self.partner_id}"
        return f"{self.partner_kind.value}:{(self.partner_name or '').strip().casefold()}"

    @property
    def is_crisis(self) -> bool:
        return self.crisis or self.end_of_supply_date is not None or self.eviction_date is not None


@dataclass(frozen=True, slots=True)
class ContactAttempt:
    kind: ContactKind
    reached: bool
    day: date
    part_of_day: PartOfDay | None = None
    id: int | None = None

    def __repr__(self) -> str:
        return f"ContactAttempt({self.kind.value}, reached={self.reached}, {self.day.isoformat()})"


@dataclass(frozen=True, slots=True)
class SignalCase:
    """A vroegsignaalzaak: the signals of one household within a matching period, the work done and the result."""

    household: SignalHousehold
    period_start: date
    period_end: date
    matching_date: date
    signals: tuple[Signal, ...] = ()
    attempts: tuple[ContactAttempt, ...] = ()
    route: str | None = None  # a triage route id (domain/signals/triage.py)
    picked_up_on: date | None = None
    outcome: Outcome | None = None
    closed_on: date | None = None
    case_number: str | None = None  # the register case it led to or was linked with
    id: int | None = None

    def __repr__(self) -> str:
        return f"SignalCase(id={self.id}, signals={len(self.signals)}, outcome={self.outcome})"

    @property
    def is_closed(self) -> bool:
        return self.outcome is not None

    @property
    def reached(self) -> bool:
        return any(a.reached for a in self.attempts)

    @property
    def object_ref(self) -> str:
        return f"signal_case:{self.id}"
