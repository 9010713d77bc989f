"""The Vandaag read (issue 15 item 13): what needs attention today, read in one go for the first view after unlock
and after every save — only the cases Vandaag can list (store/today_repository.py), and the overview built from
them (domain.caseload.today_overview), so the UI thread only fills its lists.

Imports no Qt: safe to run on a worker thread (the Database serialises access)."""
from __future__ import annotations

from dataclasses import dataclass
from datetime import date
from typing import Any

from ketenregie.domain.calendar import AtwCalendar
from ketenregie.domain.caseload import TodayOverview, today_overview
from ketenregie.domain.terms import DEFAULT_DECISION_WEEKS, DEFAULT_DUE_SOON_WORKING_DAYS
from ketenregie.store.partner_repository import PartnerRepository
from ketenregie.store.today_repository import TodayRepository


@dataclass
class TodaySnapshot:
    overview: TodayOverview
    today: date
    partners: list[Any]  # domain.cases.Partner, active ones, sorted by name (the case dialog's choice list)


def read_today(register: Any, *, today: date, calendar: AtwCalendar, decision_weeks: int = DEFAULT_DECISION_WEEKS,
               due_soon_working_days: int = DEFAULT_DUE_SOON_WORKING_DAYS) -> TodaySnapshot:
    """Vandaag on `today` for an open register, with the policy's term settings."""
    rows = TodayRepository(register.db).list_today(today=today, calendar=calendar, decision_weeks=decision_weeks,
                                                   due_soon_working_days=due_soon_working_days)
    partners = PartnerRepository(register.db).list_partners()
    return TodaySnapshot(today_overview(rows, today), today, partners)
