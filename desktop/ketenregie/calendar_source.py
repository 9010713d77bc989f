"""Builds the Atw calendar from the shipped equated days plus IT policy's extra file (EquatedDaysFile)."""
from __future__ import annotations

from pathlib import Path

from ketenregie.config import Policy, load_policy
from ketenregie.domain.calendar import EQUATED_DAYS_RESOURCE, AtwCalendar, CalendarDataError
from ketenregie.resources import resource_path


class CalendarUnavailable(Exception):
    """The policy's extra calendar file is unusable; the message (Dutch) names the file."""


def load_calendar(policy: Policy | None = None, *, strict: bool = True) -> AtwCalendar:
    """The calendar every term is computed with. With strict=False a broken policy file is skipped (the shipped
    data still applies) — the UI does that and shows `doctor`'s finding instead of refusing to start."""
    policy = policy or load_policy()
    shipped = resource_path(*EQUATED_DAYS_RESOURCE)
    extra = policy.get("EquatedDaysFile") or None
    try:
        return AtwCalendar.from_files(shipped, Path(extra) if extra else None)
    except CalendarDataError as exc:
        if strict or exc.path == shipped:
            raise CalendarUnavailable(str(exc)) from None
        return AtwCalendar.from_files(shipped)
