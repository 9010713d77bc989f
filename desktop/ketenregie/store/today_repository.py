"""The Vandaag read (issue 15 item 13): the caseload rows of the open cases Vandaag can list today — not the whole
caseload — in one snapshot. Same records and the same row builder as the caseload (store/case_repository.py,
domain/caseload.py), so a row here equals that case's caseload row; only the target groups, partner ids and
search key, which Vandaag neither shows nor filters on, are left empty (two fewer queries, less work per row).

Which cases: domain/today_scope.py (a superset of what `today_overview` lists; the overview still decides)."""
from __future__ import annotations

from datetime import date

from ketenregie.domain.calendar import AtwCalendar
from ketenregie.domain.caseload import CaseloadRow, build_rows
from ketenregie.domain.terms import DEFAULT_DECISION_WEEKS, DEFAULT_DUE_SOON_WORKING_DAYS
from ketenregie.domain.today_scope import TodayScope, today_scope
from ketenregie.store.case_repository import _CASELOAD_ACTIONS, _CASELOAD_CASES
from ketenregie.store.database import Database

# Open, not handed over (issue 14: the colleague's work), and in scope. The action subquery is not correlated
# (SQLite builds its list once): per-case subqueries cost ~15 µs each under SQLCipher (see case_repository.py).
_IN_SCOPE = """
 WHERE c.phase <> 'closed'
   AND c.id NOT IN (SELECT case_id FROM case_handed_over)
   AND (c.crisis_kind IS NOT NULL
        OR (c.first_conversation_date IS NULL AND c.help_request_date <= ?)
        OR (c.first_conversation_date IS NOT NULL AND c.decision_date IS NULL AND c.first_conversation_date <= ?)
        OR c.id IN (SELECT case_id FROM actions
                     WHERE status = 'open' AND (owner = 'partner' OR (owner = 'self' AND due_date <= ?))))
"""


def _params(scope: TodayScope) -> tuple[str, str, str]:
    return (scope.help_request_until.isoformat(), scope.first_conversation_until.isoformat(),
            scope.actions_until.isoformat())


class TodayRepository:
    def __init__(self, db: Database) -> None:
        self._db = db

    def records(self, scope: TodayScope) -> tuple[list[tuple], list[tuple]]:
        """(case records, their open actions) of the cases in `scope`, in build_rows' orders, one snapshot."""
        with self._db.transaction():
            cases = self._db.query_all(_CASELOAD_CASES + _IN_SCOPE, _params(scope))
            # Every open action, kept for the cases read: ~8 ms at 10,000 cases, where asking SQLite for the
            # scope's actions (the scope again as a subquery) takes 15-30 ms.
            actions = self._db.query_all(_CASELOAD_ACTIONS) if cases else []
        ids = {record[0] for record in cases}
        return cases, [action for action in actions if action[0] in ids]

    def list_today(self, *, today: date, calendar: AtwCalendar, decision_weeks: int = DEFAULT_DECISION_WEEKS,
                   due_soon_working_days: int = DEFAULT_DUE_SOON_WORKING_DAYS) -> list[CaseloadRow]:
        """Caseload rows (terms evaluated on `today`) of the cases Vandaag can list; pass the policy's
        DecisionTermWeeks and DueSoonWorkingDays, as for CaseRepository.list_caseload."""
        scope = today_scope(today, calendar=calendar, decision_weeks=decision_weeks,
                            due_soon_working_days=due_soon_working_days)
        cases, actions = self.records(scope)
        return build_rows(cases, open_actions=actions, today=today, calendar=calendar, decision_weeks=decision_weeks,
                          due_soon_working_days=due_soon_working_days, search_keys=False)
