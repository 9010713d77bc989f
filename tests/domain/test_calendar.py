"""The Atw calendar: feestdagen (Atw art. 3), equated days as data, coverage warnings, working-day counting."""
from __future__ import annotations

from datetime import date, timedelta

import holidays
import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from ketenregie.domain.calendar import (
    EQUATED_DAYS_RESOURCE,
    SOURCE_ATW_LID_1,
    SOURCE_ATW_LID_2,
    SOURCE_EQUATED,
    SOURCE_EQUATED_POLICY,
    AtwCalendar,
    CalendarDataError,
    CalendarRangeError,
    atw_holidays,
    format_year,
    load_calendar_data,
)
from ketenregie.resources import resource_path

SHIPPED = resource_path(*EQUATED_DAYS_RESOURCE)
CAL = AtwCalendar.from_files(SHIPPED)

KNOWN_EQUATED = [date(2026, 1, 2), date(2026, 5, 15), date(2027, 5, 7), date(2028, 4, 28), date(2028, 5, 26)]


def dates_of(year: int, calendar: AtwCalendar = CAL) -> set[date]:
    return {d.date for d in calendar.non_working_days(year)}


# --- the list for a year ---------------------------------------------------------------------------------------

def test_full_list_2026():
    assert [(d.date, d.name_nl, d.source) for d in CAL.non_working_days(2026)] == [
        (date(2026, 1, 1), "Nieuwjaarsdag", SOURCE_ATW_LID_1),
        (date(2026, 1, 2), "Vrijdag na Nieuwjaarsdag", SOURCE_EQUATED),
        (date(2026, 4, 3), "Goede Vrijdag", SOURCE_ATW_LID_2),
        (date(2026, 4, 6), "Tweede Paasdag", SOURCE_ATW_LID_1),
        (date(2026, 4, 27), "Koningsdag", SOURCE_ATW_LID_1),
        (date(2026, 5, 5), "Bevrijdingsdag", SOURCE_ATW_LID_1),
        (date(2026, 5, 14), "Hemelvaartsdag", SOURCE_ATW_LID_1),
        (date(2026, 5, 15), "Vrijdag na Hemelvaartsdag", SOURCE_EQUATED),
        (date(2026, 5, 25), "Tweede Pinksterdag", SOURCE_ATW_LID_1),
        (date(2026, 12, 25), "Eerste Kerstdag", SOURCE_ATW_LID_1),
        (date(2026, 12, 26), "Tweede Kerstdag", SOURCE_ATW_LID_1),
    ]


@pytest.mark.parametrize(("year", "kings_day"), [
    (2025, date(2025, 4, 26)),  # 27 April 2025 is a Sunday
    (2031, date(2031, 4, 26)),  # 27 April 2031 is a Sunday
    (2026, date(2026, 4, 27)),
    (2028, date(2028, 4, 27)),
])
def test_kings_day_moves_to_the_26th_when_the_27th_is_a_sunday(year, kings_day):
    names = {d.date: d.name_nl for d in CAL.non_working_days(year)}
    assert names[kings_day] == "Koningsdag"
    assert (date(year, 4, 27) in names) == (kings_day.day == 27)


@pytest.mark.parametrize("year", [2026, 2027, 2028, 2029, 2031])
def test_5_may_is_an_atw_holiday_every_year_not_only_in_lustrum_years(year):
    assert year % 5 != 0
    assert CAL.is_non_working(date(year, 5, 5))
    assert date(year, 5, 5) in dates_of(year)


@pytest.mark.parametrize(("year", "good_friday"), [
    (2025, date(2025, 4, 18)), (2026, date(2026, 4, 3)), (2027, date(2027, 3, 26)), (2028, date(2028, 4, 14)),
])
def test_good_friday(year, good_friday):
    days = {d.date: d for d in CAL.non_working_days(year)}
    assert days[good_friday].name_nl == "Goede Vrijdag"
    assert days[good_friday].source == SOURCE_ATW_LID_2
    assert good_friday.weekday() == 4
    assert CAL.is_non_working(good_friday)


@pytest.mark.parametrize("day", KNOWN_EQUATED)
def test_known_equated_days_come_from_the_shipped_data(day):
    assert day.weekday() == 4  # all Fridays
    assert CAL.is_non_working(day)
    entry = {d.date: d for d in CAL.non_working_days(day.year)}[day]
    assert entry.source == SOURCE_EQUATED
    # without the data they are ordinary working days
    assert AtwCalendar().is_working_day(day)


@pytest.mark.parametrize(("day", "working"), [
    (date(2026, 4, 4), False),   # Saturday
    (date(2026, 4, 5), False),   # Sunday (Easter Sunday: a Sunday, not listed)
    (date(2026, 4, 7), True),    # Tuesday after Easter
    (date(2026, 5, 4), True),    # Dodenherdenking is no feestdag
    (date(2026, 12, 24), True),  # Christmas Eve is no feestdag
    (date(2026, 12, 31), True),
    (date(2027, 1, 1), False),
])
def test_is_non_working(day, working):
    assert CAL.is_working_day(day) is working
    assert CAL.is_non_working(day) is not working


def test_weekends_are_not_listed_as_non_working_days():
    for year in (2025, 2026, 2031):
        listed = [d.name_nl for d in CAL.non_working_days(year)]
        assert "Eerste Paasdag" not in listed and "Eerste Pinksterdag" not in listed


def test_easter_based_days_agree_with_the_holidays_library_base():
    for year in range(1990, 2101):
        lib = holidays.NL(years=year)
        ours = {d.name_nl: d.date for d in atw_holidays(year)}
        easter_sunday = ours["Goede Vrijdag"] + timedelta(days=2)
        assert easter_sunday in lib, year
        for name in ("Tweede Paasdag", "Hemelvaartsdag", "Tweede Pinksterdag"):
            assert ours[name] in lib, (year, name)


@pytest.mark.parametrize("year", [2026, 2027, 2028, 2031])
def test_holidays_library_is_not_the_atw_calendar(year):
    """`holidays`' Dutch calendar follows days off work: 5 May only in lustrum years, no equated days."""
    library = set(holidays.NL(years=year))
    atw = dates_of(year)
    only_atw = atw - library
    assert date(year, 5, 5) in only_atw  # not a lustrum year
    assert {d for d in KNOWN_EQUATED if d.year == year} <= only_atw
    # Good Friday (Atw art. 3 lid 2) is ours whatever the library version says
    assert any(d.name_nl == "Goede Vrijdag" for d in CAL.non_working_days(year))
    # what the library has and the Atw list lacks is only Sundays (Easter Sunday, Whit Sunday)
    assert all(d.weekday() == 6 for d in library - atw)


def test_lustrum_year_5_may_is_in_both():
    assert date(2030, 5, 5) in set(holidays.NL(years=2030))
    assert date(2030, 5, 5) in dates_of(2030)


def test_years_outside_the_supported_range_are_refused():
    with pytest.raises(CalendarRangeError):
        CAL.non_working_days(1950)
    with pytest.raises(CalendarRangeError):
        CAL.is_non_working(date(3100, 1, 1))


# --- coverage and warnings -------------------------------------------------------------------------------------

@pytest.mark.parametrize(("year", "covered"), [
    (2022, False), (2023, True), (2025, True), (2026, True), (2027, True), (2028, True), (2029, False),
    (2031, False),
])
def test_year_is_covered(year, covered):
    assert CAL.year_is_covered(year) is covered


def test_warning_for_2031():
    warnings = CAL.warnings_for([date(2031, 3, 2), date(2031, 3, 30), None])
    assert len(warnings) == 1
    assert "2031" in warnings[0]
    assert "gelijkgestelde dagen" in warnings[0]


def test_no_warning_for_covered_years_and_one_per_uncovered_year():
    assert CAL.warnings_for([date(2026, 1, 5), date(2028, 12, 1)]) == []
    warnings = CAL.warnings_for([date(2030, 1, 1), date(2029, 2, 2), date(2029, 3, 3), date(2026, 1, 1)])
    assert [w.split()[3] for w in warnings] == ["2029", "2030"]


def test_shipped_data_is_consistent():
    data = load_calendar_data(SHIPPED)
    assert {2026, 2027, 2028} <= data.covered_years
    for day in data.equated_days:
        assert day.date.year in data.covered_years
        assert day.date.weekday() < 5, "an equated weekend day would be pointless"
        assert day.date not in {d.date for d in atw_holidays(day.date.year)}
        assert day.note.startswith("Besluit gelijkstelling"), "every entry names its decree"
    assert set(KNOWN_EQUATED) <= {d.date for d in data.equated_days}


# --- format_year (for `ketenregie calendar YEAR`) -------------------------------------------------------------

def test_format_year_covered():
    lines = format_year(CAL, 2026)
    assert "2026" in lines[0]
    assert any(line.startswith("2026-04-03  vrijdag") and "Goede Vrijdag" in line and "Atw art. 3 lid 2" in line
               for line in lines)
    assert any(line.startswith("2026-05-15  vrijdag") and "KB gelijkstelling" in line for line in lines)
    assert any(line.startswith("2026-04-27  maandag") and "Koningsdag" in line for line in lines)
    assert not any("Let op" in line for line in lines)
    assert len(lines) == 1 + len(CAL.non_working_days(2026))


def test_format_year_uncovered_ends_with_warning():
    lines = format_year(CAL, 2031)
    assert any(line.startswith("2031-04-26  zaterdag") and "Koningsdag" in line for line in lines)
    assert lines[-1] == CAL.warnings_for([date(2031, 1, 1)])[0]


# --- the data loader -------------------------------------------------------------------------------------------

POLICY_EXTRA = """
covered_years = [2029]

[[equated_day]]
date = 2029-05-11
name = "Vrijdag na Hemelvaartsdag"
source = "Besluit gelijkstelling (voorbeeld voor de test)"
"""


def test_policy_file_extends_the_shipped_data(tmp_path):
    extra = tmp_path / "extra_dagen.toml"
    extra.write_text(POLICY_EXTRA, encoding="utf-8")
    calendar = AtwCalendar.from_files(SHIPPED, extra)
    assert calendar.year_is_covered(2029) and calendar.year_is_covered(2026)
    assert calendar.is_non_working(date(2029, 5, 11))
    assert calendar.is_non_working(date(2026, 5, 15))  # shipped days stay
    entry = {d.date: d for d in calendar.non_working_days(2029)}[date(2029, 5, 11)]
    assert entry.source == SOURCE_EQUATED_POLICY
    assert not any("Let op" in line for line in format_year(calendar, 2029))
    assert not CAL.is_non_working(date(2029, 5, 11))  # the shipped-only calendar is untouched


@pytest.mark.parametrize(("content", "fragment"), [
    ("covered_years = [2029", "geen geldige TOML"),
    ("covered_years = 2029", "covered_years"),
    ("covered_years = ['2029']", "covered_years"),
    ("covered_yeers = [2029]", "onbekende sleutel"),
    ("[[equated_day]]\ndate = 2029-05-11\nname = 'x'\n", "mist source"),
    ("[[equated_day]]\ndate = 'elf mei'\nname = 'x'\nsource = 'y'\n", "geen datum"),
    ("[[equated_day]]\ndate = 2029-05-11T00:00:00\nname = 'x'\nsource = 'y'\n", "geen datum"),
    ("[[equated_day]]\ndate = 2029-05-11\nname = ''\nsource = 'y'\n", "name"),
    ("[[equated_day]]\ndate = 2029-05-11\nname = 'x'\nsource = 'y'\nextra = 1\n", "onbekende sleutel"),
    ("equated_day = 5", "equated_day"),
])
def test_malformed_file_raises_an_error_naming_the_file(tmp_path, content, fragment):
    bad = tmp_path / "kapotte_kalender.toml"
    bad.write_text(content, encoding="utf-8")
    with pytest.raises(CalendarDataError) as info:
        AtwCalendar.from_files(SHIPPED, bad)
    message = str(info.value)
    assert str(bad) in message
    assert fragment in message
    assert info.value.path == bad


def test_missing_and_undecodable_files_are_named(tmp_path):
    missing = tmp_path / "bestaat_niet.toml"
    with pytest.raises(CalendarDataError, match="bestaat niet") as info:
        AtwCalendar.from_files(SHIPPED, missing)
    assert str(missing) in str(info.value)
    binary = tmp_path / "binair.toml"
    binary.write_bytes(b"\xff\xfe\x00covered")
    with pytest.raises(CalendarDataError) as info:
        AtwCalendar.from_files(SHIPPED, binary)
    assert str(binary) in str(info.value)


def test_string_dates_are_accepted(tmp_path):
    extra = tmp_path / "extra.toml"
    extra.write_text("[[equated_day]]\ndate = '2030-05-31'\nname = 'x'\nsource = 'y'\n", encoding="utf-8")
    assert AtwCalendar.from_files(SHIPPED, extra).is_non_working(date(2030, 5, 31))


# --- working days ----------------------------------------------------------------------------------------------

DAYS = st.dates(min_value=date(2023, 1, 1), max_value=date(2031, 12, 31))


def brute_force_working_days(start: date, end: date) -> int:
    return sum(1 for i in range(1, (end - start).days + 1) if CAL.is_working_day(start + timedelta(days=i)))


@settings(max_examples=300, deadline=None)
@given(DAYS, st.integers(min_value=0, max_value=120))
def test_working_days_between_counts_days_after_start_up_to_end(start, span):
    end = start + timedelta(days=span)
    assert CAL.working_days_between(start, end) == brute_force_working_days(start, end)
    assert CAL.working_days_between(end, start) == -CAL.working_days_between(start, end)


@settings(max_examples=300, deadline=None)
@given(DAYS, st.integers(min_value=1, max_value=60))
def test_add_working_days_is_consistent_with_counting(start, count):
    end = CAL.add_working_days(start, count)
    assert end > start
    assert CAL.is_working_day(end)
    assert CAL.working_days_between(start, end) == count
    assert CAL.working_days_between(start, end - timedelta(days=1)) == count - 1


@settings(max_examples=200, deadline=None)
@given(DAYS, st.integers(min_value=0, max_value=90), st.integers(min_value=0, max_value=90))
def test_working_days_between_is_additive(a, x, y):
    b = a + timedelta(days=x)
    c = b + timedelta(days=y)
    assert CAL.working_days_between(a, b) + CAL.working_days_between(b, c) == CAL.working_days_between(a, c)


@settings(max_examples=300, deadline=None)
@given(DAYS)
def test_roll_forward_gives_the_first_working_day_on_or_after(day):
    rolled = CAL.roll_forward(day)
    assert rolled >= day and CAL.is_working_day(rolled)
    assert all(CAL.is_non_working(day + timedelta(days=i)) for i in range((rolled - day).days))


def test_table_grows_in_both_directions():
    calendar = AtwCalendar.from_files(SHIPPED)
    assert calendar.add_working_days(date(2026, 4, 2), 3) == date(2026, 4, 9)
    assert calendar.add_working_days(date(1990, 4, 12), 3) == date(1990, 4, 19)  # Good Friday, Easter Monday
    assert calendar.add_working_days(date(2026, 1, 1), 2000) > date(2033, 1, 1)
    assert calendar.add_working_days(date(2026, 4, 2), 0) == date(2026, 4, 2)
    with pytest.raises(ValueError):
        calendar.add_working_days(date(2026, 4, 2), -1)
