"""Rotation of automatic backups and the backup horizon of retention: table tests with real calendar dates and a
property test (a backup never outlives the last day the rotation promises)."""
from __future__ import annotations

from datetime import date, datetime, timedelta, timezone

import pytest
from hypothesis import given, settings, strategies as st

from ketenregie.domain.backup_rotation import Rotation, taken_today
from ketenregie.domain.retention import backup_horizon

UTC = timezone.utc


def at(day: date, hour: int = 9) -> datetime:
    return datetime(day.year, day.month, day.day, hour, tzinfo=UTC)


def test_newest_of_each_recent_day_and_week_is_kept():
    today = date(2026, 3, 12)  # Thursday
    stamps = [at(today - timedelta(days=n), h) for n in range(30) for h in (8, 17)]
    kept = Rotation(daily=3, weekly=2).keep(stamps, today)
    assert kept == {at(date(2026, 3, 12), 17), at(date(2026, 3, 11), 17), at(date(2026, 3, 10), 17),
                    at(date(2026, 3, 8), 17)}  # last week's newest is its Sunday evening


def test_newest_backup_always_stays_even_after_a_long_break():
    old = at(date(2025, 6, 1))
    assert Rotation(daily=1, weekly=0).keep([old, old - timedelta(days=1)], date(2026, 3, 2)) == {old}
    assert Rotation().keep([], date(2026, 3, 2)) == set()


@pytest.mark.parametrize("taken_on, daily, weekly, last", [
    (date(2026, 3, 2), 7, 4, date(2026, 3, 29)),    # Monday: the weekly keeps it to the 4th Sunday
    (date(2026, 3, 8), 7, 4, date(2026, 3, 29)),    # Sunday of the same week: same end
    (date(2026, 3, 8), 30, 1, date(2026, 4, 6)),    # many dailies outlast the weekly
    (date(2026, 3, 8), 1, 0, date(2026, 3, 8)),     # one daily, no weeklies: gone the next day
    (date(2026, 12, 30), 7, 2, date(2027, 1, 10)),  # across a year end (ISO week 53)
])
def test_last_day_a_backup_can_exist(taken_on, daily, weekly, last):
    assert Rotation(daily, weekly).last_day(taken_on) == last


@settings(max_examples=60, deadline=None)
@given(st.integers(1, 10), st.integers(0, 6), st.dates(date(2024, 1, 1), date(2030, 12, 31)),
       st.integers(0, 120))
def test_no_backup_is_kept_after_its_promised_last_day(daily, weekly, start, days):
    rotation = Rotation(daily, weekly)
    today = start + timedelta(days=days)
    stamps = [at(start + timedelta(days=n)) for n in range(days + 1)]  # one backup a day, every day
    for stamp in rotation.keep(stamps, today):
        assert stamp.date() == today or rotation.last_day(stamp.date()) >= today


def test_one_backup_a_day():
    assert taken_today([at(date(2026, 3, 2), 7)], date(2026, 3, 2))
    assert not taken_today([at(date(2026, 3, 1), 23)], date(2026, 3, 2))


def test_rotation_refuses_nonsense():
    with pytest.raises(ValueError):
        Rotation(daily=0)
    with pytest.raises(ValueError):
        Rotation(weekly=-1)


def test_backup_horizon_line():
    line = backup_horizon(date(2026, 3, 2), [date(2026, 2, 8), date(2026, 3, 1)], Rotation(7, 4))
    assert (line.backups, line.oldest, line.holds_until) == (2, date(2026, 2, 8), date(2026, 3, 29))
    assert line.summary_nl.startswith("Er zijn 2 back-ups, de oudste van 08-02-2026.")
    assert "tot en met 29-03-2026" in line.summary_nl
    empty = backup_horizon(date(2026, 3, 2), [], Rotation(7, 4))
    assert empty.summary_nl.startswith("Er zijn nog geen automatische back-ups.")
