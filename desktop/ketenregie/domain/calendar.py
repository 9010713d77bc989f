"""The calendar of the Algemene termijnenwet (Atw): which days a statutory term cannot end on.

A term that ends on a Saturday, Sunday or "algemeen erkende feestdag" runs on to the next day that is none of
those (Atw art. 1). The feestdagen are:

- Atw art. 3 lid 1: Nieuwjaarsdag, Tweede Paasdag, Koningsdag (27 April, or 26 April when the 27th is a
  Sunday), 5 May (every year), Hemelvaartsdag, Tweede Pinksterdag, Eerste and Tweede Kerstdag;
- Atw art. 3 lid 2: Goede Vrijdag;
- Atw art. 3 lid 3: days equated by royal decree ("KB gelijkstelling", usually one decree per three years).

The Easter-based days are computed with `dateutil.easter` (what the `holidays` package uses internally); the
rest of the list is ours, because `holidays`' Dutch calendar follows days off work, not the Atw (5 May only in
lustrum years, no equated days). The equated days are data: `resources/calendar/equated_days.toml`, which an IT
policy file in the same format can extend. Years without a known decree are reported by `warnings_for`.

This module is also the ONE place where "werkdag" is defined (for the crisis term, Wgs art. 4 lid 2): a day
that is not a Saturday, Sunday, Atw feestdag or equated day, counted from the day after the start date.

Pure domain: no Qt, no database, nothing of ours.
"""
from __future__ import annotations

import tomllib
from collections.abc import Iterable
from dataclasses import dataclass
from datetime import date, datetime, timedelta
from pathlib import Path

from dateutil.easter import EASTER_WESTERN, easter

from ketenregie import bounded_read

# Where the shipped data lives, as parts for `ketenregie.resources.resource_path(*EQUATED_DAYS_RESOURCE)`.
EQUATED_DAYS_RESOURCE: tuple[str, ...] = ("calendar", "equated_days.toml")

SOURCE_ATW_LID_1 = "Atw art. 3 lid 1"
SOURCE_ATW_LID_2 = "Atw art. 3 lid 2"
SOURCE_EQUATED = "KB gelijkstelling"
SOURCE_EQUATED_POLICY = "KB gelijkstelling (beleidsbestand)"

# The calendar refuses years it was not designed for (the King's/Queen's Day rule changed in 1980 and 2014;
# 5 May became an Atw feestdag in 1982). Within the range, years before 2014 use Queen's Day (30/29 April).
MIN_YEAR = 1982
MAX_YEAR = 2999

WEEKDAYS_NL = ("maandag", "dinsdag", "woensdag", "donderdag", "vrijdag", "zaterdag", "zondag")

_TOP_LEVEL_KEYS = frozenset({"covered_years", "equated_day"})
_ENTRY_KEYS = frozenset({"date", "name", "source"})


class CalendarDataError(ValueError):
    """A calendar data file is missing, unreadable or malformed. The message (Dutch) names the file."""

    def __init__(self, path: Path | str, problem: str) -> None:
        self.path = Path(path)
        self.problem = problem
        super().__init__(f"Kalenderbestand '{self.path}' is ongeldig: {problem}")


class CalendarRangeError(ValueError):
    """A date outside the years the Atw calendar supports."""


@dataclass(frozen=True, slots=True)
class NonWorkingDay:
    """A feestdag or equated day (weekends are not listed; they are always non-working)."""

    date: date
    name_nl: str
    source: str  # "Atw art. 3 lid 1", "Atw art. 3 lid 2", "KB gelijkstelling", "KB gelijkstelling (beleidsbestand)"


@dataclass(frozen=True, slots=True)
class EquatedDay:
    """A day equated with an Atw feestdag by royal decree (Atw art. 3 lid 3)."""

    date: date
    name_nl: str
    note: str  # where it comes from: the decree's title, as written in the data file
    from_policy: bool = False


@dataclass(frozen=True, slots=True)
class CalendarData:
    """The content of one data file."""

    equated_days: tuple[EquatedDay, ...]
    covered_years: frozenset[int]


# --- loading the data files ------------------------------------------------------------------------------------

def load_calendar_data(path: Path | str, *, from_policy: bool = False) -> CalendarData:
    """Read one equated-days TOML file; raise `CalendarDataError` naming the file when anything is wrong."""
    path = Path(path)
    try:
        raw = bounded_read.read_toml(path)
    except bounded_read.FileRefused as exc:
        raise CalendarDataError(path, exc.reason) from None
    except tomllib.TOMLDecodeError as exc:
        raise CalendarDataError(path, f"geen geldige TOML ({exc}).") from None
    return parse_calendar_data(raw, path, from_policy=from_policy)


def parse_calendar_data(raw: dict, path: Path | str, *, from_policy: bool = False) -> CalendarData:
    """Validate the parsed TOML of a data file (`path` only names the file in errors)."""
    unknown = sorted(set(raw) - _TOP_LEVEL_KEYS)
    if unknown:
        raise CalendarDataError(path, f"onbekende sleutel(s) {', '.join(unknown)}; "
                                      "toegestaan zijn covered_years en [[equated_day]].")
    covered = raw.get("covered_years", [])
    if not isinstance(covered, list):
        raise CalendarDataError(path, "covered_years moet een lijst van jaartallen zijn, bijv. [2026, 2027].")
    years: set[int] = set()
    for year in covered:
        if isinstance(year, bool) or not isinstance(year, int) or not MIN_YEAR <= year <= MAX_YEAR:
            raise CalendarDataError(path, f"covered_years bevat '{year}'; verwacht een jaartal "
                                          f"tussen {MIN_YEAR} en {MAX_YEAR}.")
        years.add(year)
    entries = raw.get("equated_day", [])
    if not isinstance(entries, list) or not all(isinstance(e, dict) for e in entries):
        raise CalendarDataError(path, "equated_day moet een lijst van tabellen zijn ([[equated_day]]).")
    days: list[EquatedDay] = []
    for number, entry in enumerate(entries, start=1):
        where = f"[[equated_day]] nr. {number}"
        unknown = sorted(set(entry) - _ENTRY_KEYS)
        if unknown:
            raise CalendarDataError(path, f"{where} heeft onbekende sleutel(s) {', '.join(unknown)}; "
                                          "toegestaan zijn date, name en source.")
        missing = sorted(_ENTRY_KEYS - set(entry))
        if missing:
            raise CalendarDataError(path, f"{where} mist {', '.join(missing)}.")
        day = _parse_date(entry["date"])
        if day is None:
            raise CalendarDataError(path, f"{where}: date '{entry['date']}' is geen datum; "
                                          "schrijf bijv. date = 2026-05-15.")
        if not MIN_YEAR <= day.year <= MAX_YEAR:
            raise CalendarDataError(path, f"{where}: {day.isoformat()} valt buiten {MIN_YEAR}–{MAX_YEAR}.")
        for key in ("name", "source"):
            if not isinstance(entry[key], str) or not entry[key].strip():
                raise CalendarDataError(path, f"{where}: {key} moet een niet-lege tekst zijn.")
        days.append(EquatedDay(day, entry["name"].strip(), entry["source"].strip(), from_policy))
    return CalendarData(tuple(days), frozenset(years))


def _parse_date(value: object) -> date | None:
    if isinstance(value, datetime):  # a TOML date-time: not a day
        return None
    if isinstance(value, date):
        return value
    if isinstance(value, str):
        try:
            return date.fromisoformat(value.strip())
        except ValueError:
            return None
    return None


# --- the Atw feestdagen ----------------------------------------------------------------------------------------

def atw_holidays(year: int) -> tuple[NonWorkingDay, ...]:
    """The feestdagen of Atw art. 3 lid 1 and 2 in `year`, in date order (equated days not included)."""
    _check_year(year)
    easter_sunday = easter(year, EASTER_WESTERN)
    if year >= 2014:
        kings_day = date(year, 4, 27)
        royal_name = "Koningsdag"
    else:
        kings_day = date(year, 4, 30)
        royal_name = "Koninginnedag"
    if kings_day.weekday() == 6:  # celebrated on the Saturday before when it falls on a Sunday
        kings_day -= timedelta(days=1)
    days = [
        NonWorkingDay(date(year, 1, 1), "Nieuwjaarsdag", SOURCE_ATW_LID_1),
        NonWorkingDay(easter_sunday - timedelta(days=2), "Goede Vrijdag", SOURCE_ATW_LID_2),
        NonWorkingDay(easter_sunday + timedelta(days=1), "Tweede Paasdag", SOURCE_ATW_LID_1),
        NonWorkingDay(kings_day, royal_name, SOURCE_ATW_LID_1),
        NonWorkingDay(date(year, 5, 5), "Bevrijdingsdag", SOURCE_ATW_LID_1),
        NonWorkingDay(easter_sunday + timedelta(days=39), "Hemelvaartsdag", SOURCE_ATW_LID_1),
        NonWorkingDay(easter_sunday + timedelta(days=50), "Tweede Pinksterdag", SOURCE_ATW_LID_1),
        NonWorkingDay(date(year, 12, 25), "Eerste Kerstdag", SOURCE_ATW_LID_1),
        NonWorkingDay(date(year, 12, 26), "Tweede Kerstdag", SOURCE_ATW_LID_1),
    ]
    days.sort(key=lambda d: d.date)  # 5 May can precede Ascension or not; keep date order
    return tuple(days)


def _check_year(year: int) -> None:
    if not MIN_YEAR <= year <= MAX_YEAR:
        raise CalendarRangeError(f"Jaar {year} valt buiten de Atw-kalender ({MIN_YEAR}–{MAX_YEAR}).")


# --- the calendar ----------------------------------------------------------------------------------------------

class _Table:
    """Dense per-day lookup over whole years [first_year, last_year], in date ordinals.

    `flags[i]` is 1 when ordinal `lo + i` is a non-working day; `before[i]` counts working days with ordinal
    < `lo + i` (so len(before) == len(flags) + 1); `workdays` lists the working-day ordinals in order.
    Immutable once built: the calendar swaps in a larger table instead of mutating one (safe for readers).
    """

    __slots__ = ("first_year", "last_year", "lo", "hi", "flags", "before", "workdays")

    def __init__(self, first_year: int, last_year: int, non_working: set[int]) -> None:
        self.first_year = first_year
        self.last_year = last_year
        self.lo = date(first_year, 1, 1).toordinal()
        self.hi = date(last_year, 12, 31).toordinal() + 1
        flags = bytearray(self.hi - self.lo)
        before = [0] * (self.hi - self.lo + 1)
        workdays: list[int] = []
        count = 0
        for i, ordinal in enumerate(range(self.lo, self.hi)):
            before[i] = count
            # date(1, 1, 1) has ordinal 1 and is a Monday: (ordinal - 1) % 7 is the weekday, 5/6 = Sat/Sun
            if (ordinal - 1) % 7 >= 5 or ordinal in non_working:
                flags[i] = 1
            else:
                workdays.append(ordinal)
                count += 1
        before[-1] = count
        self.flags = bytes(flags)
        self.before = before
        self.workdays = workdays


class AtwCalendar:
    """Atw feestdagen plus equated days, with fast working-day arithmetic.

    Build it with `AtwCalendar.from_files(shipped_path, extra_path)` (the shipped data plus, optionally, an IT
    policy file in the same format) or directly from `EquatedDay`s and covered years (tests).
    """

    def __init__(self, equated_days: Iterable[EquatedDay] = (), covered_years: Iterable[int] = ()) -> None:
        equated: dict[date, EquatedDay] = {}
        for day in equated_days:
            equated.setdefault(day.date, day)  # the first file wins on a duplicate date
        self._equated = equated
        self._covered = frozenset(covered_years)
        self._years: dict[int, tuple[NonWorkingDay, ...]] = {}
        self._table: _Table | None = None

    @classmethod
    def from_files(cls, shipped: Path | str, extra: Path | str | None = None) -> "AtwCalendar":
        """The shipped data file plus an optional IT policy file; `CalendarDataError` names a bad file."""
        data = [load_calendar_data(shipped)]
        if extra is not None:
            data.append(load_calendar_data(extra, from_policy=True))
        return cls([day for d in data for day in d.equated_days],
                   frozenset().union(*(d.covered_years for d in data)))

    # --- what the data says --------------------------------------------------------------------------------

    @property
    def covered_years(self) -> frozenset[int]:
        return self._covered

    @property
    def equated_days(self) -> tuple[EquatedDay, ...]:
        return tuple(sorted(self._equated.values(), key=lambda d: d.date))

    def year_is_covered(self, year: int) -> bool:
        """True when the equated days of `year` are known (a KB gelijkstelling for that year is in the data)."""
        return year in self._covered

    def warnings_for(self, dates: Iterable[date | None]) -> list[str]:
        """One Dutch warning per year (sorted) that one of `dates` falls in and whose equated days are unknown.

        Pass the start and the end of a term: a term can only be computed too early, never too late, when an
        equated day is missing from the data.
        """
        years = sorted({d.year for d in dates if d is not None} - self._covered)
        return [year_warning(year) for year in years]

    def non_working_days(self, year: int) -> list[NonWorkingDay]:
        """Atw feestdagen and equated days of `year`, in date order (weekends are not listed)."""
        return list(self._year_days(year))

    def _year_days(self, year: int) -> tuple[NonWorkingDay, ...]:
        cached = self._years.get(year)
        if cached is None:
            days = {d.date: d for d in atw_holidays(year)}
            for day in self._equated.values():
                if day.date.year == year and day.date not in days:
                    source = SOURCE_EQUATED_POLICY if day.from_policy else SOURCE_EQUATED
                    days[day.date] = NonWorkingDay(day.date, day.name_nl, source)
            cached = tuple(sorted(days.values(), key=lambda d: d.date))
            self._years[year] = cached
        return cached

    # --- fast day arithmetic (ordinals over a lazily grown table) -------------------------------------------

    def _table_for(self, first_ordinal: int, last_ordinal: int) -> _Table:
        table = self._table
        if table is not None and table.lo <= first_ordinal and last_ordinal < table.hi:
            return table
        first_year = date.fromordinal(max(first_ordinal, 1)).year
        last_year = date.fromordinal(min(last_ordinal, date.max.toordinal())).year
        _check_year(first_year)
        _check_year(last_year)
        # one year of margin on both sides: a roll-forward or a few working days never leave the table
        first_year = max(MIN_YEAR, first_year - 1)
        last_year = min(MAX_YEAR, last_year + 1)
        if table is not None:
            first_year = min(first_year, table.first_year)
            last_year = max(last_year, table.last_year)
        non_working = {d.date.toordinal() for year in range(first_year, last_year + 1)
                       for d in self._year_days(year)}
        table = _Table(first_year, last_year, non_working)
        self._table = table
        return table

    def is_non_working(self, day: date) -> bool:
        """Saturday, Sunday, Atw feestdag or equated day."""
        ordinal = day.toordinal()
        table = self._table_for(ordinal, ordinal)
        return table.flags[ordinal - table.lo] == 1

    def is_working_day(self, day: date) -> bool:
        return not self.is_non_working(day)

    def roll_forward(self, day: date) -> date:
        """`day` itself if it is a working day, else the next working day (the Atw art. 1 extension)."""
        return date.fromordinal(self.roll_forward_ordinal(day.toordinal()))

    def roll_forward_ordinal(self, ordinal: int) -> int:
        table = self._table
        if table is None or not table.lo <= ordinal < table.hi:
            table = self._table_for(ordinal, ordinal)
        k = table.before[ordinal - table.lo]
        if k >= len(table.workdays):
            table = self._table_for(ordinal, ordinal + 366)
            k = table.before[ordinal - table.lo]
        return table.workdays[k]

    def add_working_days(self, start: date, count: int) -> date:
        """The `count`-th working day after `start` (counting starts the day after `start`; count >= 0).

        THE reading of "werkdag" for the crisis term: skip Saturdays, Sundays, Atw feestdagen and equated days.
        With count == 0 this is `start` itself (whatever kind of day it is).
        """
        if count == 0:
            return start
        return date.fromordinal(self.add_working_days_ordinal(start.toordinal(), count))

    def add_working_days_ordinal(self, ordinal: int, count: int) -> int:
        if count < 0:
            raise ValueError("count moet 0 of groter zijn")
        if count == 0:
            return ordinal
        table = self._table
        if table is None or not table.lo <= ordinal < table.hi:
            table = self._table_for(ordinal, ordinal)
        index = table.before[ordinal - table.lo + 1] + count - 1
        while index >= len(table.workdays):
            table = self._table_for(ordinal, table.hi + 2 * count + 366)
            index = table.before[ordinal - table.lo + 1] + count - 1
        return table.workdays[index]

    def working_days_between(self, start: date, end: date) -> int:
        """Working days in (start, end]: after `start`, up to and including `end`. Negative when end < start.

        Consistent with `add_working_days`: working_days_between(s, add_working_days(s, n)) == n.
        """
        return self.working_days_between_ordinals(start.toordinal(), end.toordinal())

    def working_days_between_ordinals(self, start: int, end: int) -> int:
        if end < start:
            return -self.working_days_between_ordinals(end, start)
        table = self._table
        if table is None or not (table.lo <= start and end < table.hi):
            table = self._table_for(start, end)
        return table.before[end - table.lo + 1] - table.before[start - table.lo + 1]


def year_warning(year: int) -> str:
    return (f"Let op: voor {year} zijn geen gelijkgestelde dagen (KB gelijkstelling, Algemene termijnenwet) "
            f"bekend. Termijnen die in {year} lopen, kunnen een of meer dagen te vroeg zijn berekend. "
            "Vraag IT de lijst aan te vullen (zie docs/calendar.md).")


def format_year(calendar: AtwCalendar, year: int) -> list[str]:
    """Lines for `ketenregie calendar YEAR`: date, Dutch weekday, name and source; a warning if not covered."""
    days = calendar.non_working_days(year)
    name_width = max(len(d.name_nl) for d in days)
    lines = [f"Atw-kalender {year}: feestdagen en gelijkgestelde dagen "
             "(zaterdag en zondag zijn altijd geen werkdag)"]
    for day in days:
        lines.append(f"{day.date.isoformat()}  {WEEKDAYS_NL[day.date.weekday()]:<9}  "
                     f"{day.name_nl:<{name_width}}  {day.source}")
    if not calendar.year_is_covered(year):
        lines.append(year_warning(year))
    return lines
