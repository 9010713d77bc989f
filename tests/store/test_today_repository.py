"""Vandaag's own read (issue 15 item 13): TodayRepository reads only the open cases Vandaag can list
(domain/today_scope.py) instead of the whole caseload. The promise: Vandaag shows exactly what it showed when built
from every caseload row — the same cases in every list, with the same rows — on any day (weekends, Christmas and
New Year in the range, so the Algemene termijnenwet moves deadlines), with other term settings, and with cases
handed over to a colleague (left out) and cover copies (kept). Real SQLCipher file in tmp_path, demo cases."""
from __future__ import annotations

import secrets
from datetime import date, timedelta

import pytest

from ketenregie.calendar_source import load_calendar
from ketenregie.config import Policy
from ketenregie.demo import fill_demo_cases
from ketenregie.domain.caseload import TodayOverview, today_overview
from ketenregie.domain.cases import Phase
from ketenregie.store.audit_log import AuditLog
from ketenregie.store.case_repository import CaseRepository
from ketenregie.store.connection import connect
from ketenregie.store.database import Database
from ketenregie.store.migrate import apply_migrations
from ketenregie.store.partner_repository import ensure_default_partners
from ketenregie.store.team_repository import TeamRepository
from ketenregie.store.today_repository import TodayRepository

FILLED_ON = date(2026, 12, 14)  # a Monday; Christmas, the weekends and New Year follow
CALENDAR = load_calendar(Policy.defaults())
LISTS = ("overdue_terms", "due_soon_terms", "actions_due", "actions_this_week", "crisis_cases", "waiting_on_partner",
         "terms_this_week", "terms_due_soon_later")


class _Register:  # what CaseRepository and fill_demo_cases use of a Register
    def __init__(self, db: Database) -> None:
        self.db = db
        self.audit = AuditLog(db, origin="cli", actor="medewerker")


@pytest.fixture(scope="module")
def db(tmp_path_factory):
    database = Database(connect(tmp_path_factory.mktemp("today") / "r.db", secrets.token_bytes(32)))
    apply_migrations(database)
    ensure_default_partners(database)
    register = _Register(database)
    fill_demo_cases(register, 700, today=FILLED_ON)
    open_ids = [r[0] for r in database.query_all("SELECT id FROM cases WHERE phase <> 'closed' ORDER BY id")]
    team = TeamRepository(database)
    # every 9th open case handed over to a colleague, every 11th (not handed over) a cover copy of a colleague's
    assert team.mark_handed_over(open_ids[::9], "Bram Jansen", (FILLED_ON - timedelta(days=3)).isoformat()) > 0
    team.add_cover_copies([i for i in open_ids[5::11] if i not in set(open_ids[::9])], "cover-bundle-1",
                          "AB12 CD34", (FILLED_ON + timedelta(days=30)).isoformat())
    yield database
    database.close()


def _comparable(overview: TodayOverview) -> dict[str, list]:
    """Every list of the overview, rows in order; the target groups, partner ids and search key (which Vandaag
    neither shows nor filters on, and its read leaves out) set aside."""
    return {key: [row._replace(target_groups=frozenset(), partner_ids=frozenset(), search_key="")
                  for row in getattr(overview, key)] for key in LISTS}


def _both(db, day: date, **terms) -> tuple[dict, dict, int]:
    full = CaseRepository(db, AuditLog(db, origin="cli", actor="medewerker"), clock=lambda: day).list_caseload(
        today=day, calendar=CALENDAR, **terms)
    lean = TodayRepository(db).list_today(today=day, calendar=CALENDAR, **terms)
    return _comparable(today_overview(full, day)), _comparable(today_overview(lean, day)), len(lean)


def test_vandaag_from_its_own_read_equals_vandaag_from_the_whole_caseload_on_every_day(db):
    open_cases = db.query_one("SELECT count(*) FROM cases WHERE phase <> 'closed'")[0]
    left_out = []
    for offset in range(-4, 26):  # 30 days: every weekday, weekends, Christmas, New Year
        day = FILLED_ON + timedelta(days=offset)
        expected, got, read = _both(db, day)
        assert got == expected, day
        left_out.append(open_cases - read)
    # the lists are not trivially empty, and the read really leaves cases out (else it would not be leaner)
    assert all(expected[key] for key in ("overdue_terms", "actions_due", "crisis_cases", "waiting_on_partner"))
    assert min(left_out) > open_cases // 10


@pytest.mark.parametrize("terms", [{"decision_weeks": 4, "due_soon_working_days": 10},
                                   {"decision_weeks": 8, "due_soon_working_days": 0},
                                   {"decision_weeks": 1, "due_soon_working_days": 25}])
def test_the_same_with_other_term_settings(db, terms):
    for offset in (-1, 3, 10, 17, 24):
        day = FILLED_ON + timedelta(days=offset)
        expected, got, _read = _both(db, day, **terms)
        assert got == expected, (day, terms)


def test_handed_over_cases_are_not_read_and_cover_copies_are(db):
    handed = {r[0] for r in db.query_all("SELECT case_id FROM case_handed_over")}
    covers = {r[0] for r in db.query_all("SELECT case_id FROM cover_copies")}
    rows = TodayRepository(db).list_today(today=FILLED_ON, calendar=CALENDAR)
    ids = {row.case_id for row in rows}
    assert handed and not ids & handed
    assert all(row.phase != Phase.CLOSED and not row.handed_over for row in rows)
    full = CaseRepository(db, AuditLog(db, origin="cli", actor="medewerker")).list_caseload(
        today=FILLED_ON, calendar=CALENDAR)
    listed = {r.case_id for key in LISTS for r in getattr(today_overview(full, FILLED_ON), key)}
    assert covers & listed and covers & listed <= ids  # a cover copy is ours to work on: read, and listed
