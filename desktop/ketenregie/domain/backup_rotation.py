"""Rotation of the automatic backups: which backups stay, and until when a backup can exist at the latest.

Calendar-based (grandfather-father style), so a backup's end is known the day it is taken:
- a *daily* backup: the newest backup of each of the last `daily` calendar days (today included);
- a *weekly* backup: the newest backup of each of the last `weekly` ISO weeks (this week included);
- the newest backup of all is always kept, so there is one even after a long holiday.
Everything else is deleted when the rotation runs (after each automatic backup, so at the first unlock of a
day). The rotation covers every backup in the backup folder, also those taken before a migration or re-key,
because any backup holds the data of its day and must expire with the rest (DESIGN.md §8: backups are part of
retention).

Pure domain: no Qt, no files. Datetimes are aware; days and weeks are counted in the zone the caller converts to
(the user's local time).
"""
from __future__ import annotations

from collections.abc import Iterable
from dataclasses import dataclass
from datetime import date, datetime, timedelta

DEFAULT_DAILY = 7
DEFAULT_WEEKLY = 4


@dataclass(frozen=True, slots=True)
class Rotation:
    daily: int = DEFAULT_DAILY
    weekly: int = DEFAULT_WEEKLY

    def __post_init__(self) -> None:
        if isinstance(self.daily, bool) or not isinstance(self.daily, int) or self.daily < 1:
            raise ValueError("daily must be a whole number, at least 1")
        if isinstance(self.weekly, bool) or not isinstance(self.weekly, int) or self.weekly < 0:
            raise ValueError("weekly must be a whole number, at least 0")

    def keep(self, taken: Iterable[datetime], today: date) -> set[datetime]:
        """The moments (from `taken`) whose backups stay on `today`."""
        stamps = sorted(set(taken), reverse=True)
        if not stamps:
            return set()
        kept = {stamps[0]}
        first_day = today - timedelta(days=self.daily - 1)
        first_monday = _monday(today) - timedelta(weeks=self.weekly - 1) if self.weekly else None
        seen_days: set[date] = set()
        seen_weeks: set[date] = set()
        for stamp in stamps:  # newest first: the first of a day/week is its newest
            day = stamp.date()
            if first_day <= day <= today and day not in seen_days:
                seen_days.add(day)
                kept.add(stamp)
            week = _monday(day)
            if first_monday is not None and first_monday <= week <= _monday(today) and week not in seen_weeks:
                seen_weeks.add(week)
                kept.add(stamp)
        return kept

    def last_day(self, taken_on: date) -> date:
        """The last day a backup taken on `taken_on` can still exist under this rotation (when it is the newest
        of its day and of its week); it is deleted at the first rotation after that day."""
        end = taken_on + timedelta(days=self.daily - 1)
        if self.weekly:
            end = max(end, _monday(taken_on) + timedelta(weeks=self.weekly - 1, days=6))
        return end


def _monday(day: date) -> date:
    return day - timedelta(days=day.weekday())


def taken_today(taken: Iterable[datetime], today: date) -> bool:
    """At most one automatic backup a day: True when one was taken on `today` already."""
    return any(stamp.date() == today for stamp in taken)
