"""Which open cases the Vandaag view can list on a given day, as bounds a query can test (issue 15 item 13: the
first view after unlock reads these cases instead of the whole caseload).

Vandaag (`domain.caseload.today_overview`) lists an open case that is not handed over when it has

- a current crisis (any crisis kind: the overview decides whether it is still current),
- an own open action due by Sunday of this week, or an open action that lies with a partner,
- a statutory term that is overdue, due this week, or due soon (within the due-soon working days).

The last one needs the term engine, but a term can never end before its start plus its length in calendar days
(the Algemene termijnenwet only moves an end *later*). So a case without a first conversation whose help request
lies after `help_request_until`, or a case without a decision whose first conversation lies after
`first_conversation_until`, has its term ending after the horizon (the later of Sunday and the last due-soon day):
in none of the term lists. A crisis case has a shorter first term (3 working days) and is always in scope.
The scope is a superset: the overview still decides, on exactly the rows the full caseload would build.

Pure domain: no Qt, no database.
"""
from __future__ import annotations

from dataclasses import dataclass
from datetime import date, timedelta

from ketenregie.domain.calendar import AtwCalendar
from ketenregie.domain.caseload import week_end
from ketenregie.domain.terms import (DEFAULT_DECISION_WEEKS, DEFAULT_DUE_SOON_WORKING_DAYS, FIRST_CONVERSATION_DAYS,
                                     clamp_decision_weeks)


@dataclass(frozen=True)
class TodayScope:
    today: date
    actions_until: date  # own open actions due on or before this day (Sunday of this week) count
    horizon: date  # no term ending after this day is in a Vandaag list
    help_request_until: date  # no first conversation yet (no crisis): in scope when the request is on/before this
    first_conversation_until: date  # no decision yet: in scope when the first conversation is on/before this


def today_scope(today: date, *, calendar: AtwCalendar, decision_weeks: int = DEFAULT_DECISION_WEEKS,
                due_soon_working_days: int = DEFAULT_DUE_SOON_WORKING_DAYS) -> TodayScope:
    """The bounds for `today`, with the same term settings the rows are built with."""
    sunday = week_end(today)
    due_soon = date.fromordinal(calendar.add_working_days_ordinal(today.toordinal(), max(0, due_soon_working_days)))
    horizon = max(sunday, due_soon)
    weeks = clamp_decision_weeks(decision_weeks)
    return TodayScope(today=today, actions_until=sunday, horizon=horizon,
                      help_request_until=horizon - timedelta(days=FIRST_CONVERSATION_DAYS),
                      first_conversation_until=horizon - timedelta(days=7 * weeks))
