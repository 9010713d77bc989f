"""Report periods: month, quarter, half-year, year or custom (inclusive start and end dates)."""
from __future__ import annotations

from dataclasses import dataclass
from datetime import date, timedelta
from enum import StrEnum

_MONTHS_NL = ("januari", "februari", "maart", "april", "mei", "juni", "juli", "augustus", "september", "oktober",
              "november", "december")


class PeriodKind(StrEnum):
    MONTH = "month"
    QUARTER = "quarter"
    HALF_YEAR = "half_year"
    YEAR = "year"
    CUSTOM = "custom"


PERIOD_LABELS_NL = {PeriodKind.MONTH: "Maand", PeriodKind.QUARTER: "Kwartaal", PeriodKind.HALF_YEAR: "Halfjaar",
                    PeriodKind.YEAR: "Jaar", PeriodKind.CUSTOM: "Zelf kiezen"}


class PeriodError(ValueError):
    """A Dutch message: the period cannot be used."""


@dataclass(frozen=True, slots=True)
class Period:
    start: date
    end: date  # inclusive
    kind: PeriodKind = PeriodKind.CUSTOM

    def __post_init__(self) -> None:
        if self.end < self.start:
            raise PeriodError("De begindatum ligt na de einddatum.")

    @property
    def days(self) -> int:
        return (self.end - self.start).days + 1

    @property
    def months(self) -> float:
        """Length in months (a whole calendar month = 1.0), for per-month rates."""
        return self.days / 30.4375

    def contains(self, day: date | None) -> bool:
        return day is not None and self.start <= day <= self.end

    def label_nl(self) -> str:
        s, e = self.start, self.end
        if self.kind == PeriodKind.MONTH:
            return f"{_MONTHS_NL[s.month - 1]} {s.year}"
        if self.kind == PeriodKind.QUARTER:
            return f"{(s.month - 1) // 3 + 1}e kwartaal {s.year}"
        if self.kind == PeriodKind.HALF_YEAR:
            return f"{1 if s.month == 1 else 2}e halfjaar {s.year}"
        if self.kind == PeriodKind.YEAR:
            return str(s.year)
        return f"{s.day} {_MONTHS_NL[s.month - 1]} {s.year} t/m {e.day} {_MONTHS_NL[e.month - 1]} {e.year}"

    def month_starts(self) -> list[date]:
        """The first day of every calendar month the period touches."""
        out, day = [], date(self.start.year, self.start.month, 1)
        while day <= self.end:
            out.append(day)
            day = date(day.year + day.month // 12, day.month % 12 + 1, 1)
        return out


def _month_end(year: int, month: int) -> date:
    return date(year + month // 12, month % 12 + 1, 1) - timedelta(days=1)


def month(year: int, month_: int) -> Period:
    return Period(date(year, month_, 1), _month_end(year, month_), PeriodKind.MONTH)


def quarter(year: int, number: int) -> Period:
    if not 1 <= number <= 4:
        raise PeriodError("Een kwartaal is 1, 2, 3 of 4.")
    return Period(date(year, 3 * number - 2, 1), _month_end(year, 3 * number), PeriodKind.QUARTER)


def half_year(year: int, number: int) -> Period:
    if number not in (1, 2):
        raise PeriodError("Een halfjaar is 1 of 2.")
    return Period(date(year, 6 * number - 5, 1), _month_end(year, 6 * number), PeriodKind.HALF_YEAR)


def year(year_: int) -> Period:
    return Period(date(year_, 1, 1), date(year_, 12, 31), PeriodKind.YEAR)


def custom(start: date, end: date) -> Period:
    return Period(start, end, PeriodKind.CUSTOM)


def last_complete(kind: PeriodKind, today: date) -> Period:
    """The last complete period of `kind` before `today` (e.g. "last quarter")."""
    if kind == PeriodKind.MONTH:
        prev = date(today.year, today.month, 1) - timedelta(days=1)
        return month(prev.year, prev.month)
    if kind == PeriodKind.QUARTER:
        q = (today.month - 1) // 3 + 1
        return quarter(today.year, q - 1) if q > 1 else quarter(today.year - 1, 4)
    if kind == PeriodKind.HALF_YEAR:
        return half_year(today.year - 1, 2) if today.month <= 6 else half_year(today.year, 1)
    if kind == PeriodKind.YEAR:
        return year(today.year - 1)
    return custom(today - timedelta(days=29), today)
