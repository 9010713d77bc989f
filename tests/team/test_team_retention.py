"""Item (b): a handed-over case has its own retention: kept read-only for RetentionHandedOverCaseMonths (default 12)
after the handover, then destroyed by the ordinary purge, listed under its own rule. Real registers, a clock."""
from __future__ import annotations

from datetime import date, datetime, timezone

from ketenregie.config import Policy
from ketenregie.domain.retention import RetentionTerms
from ketenregie.services.team import TeamService
from ketenregie.store.retention_repository import RetentionRepository

from team_helpers import introduce

HANDED_ON = date(2026, 3, 16)


def _hand_over(anna, bram, count=1):
    bram_id, _ = introduce(anna, bram)
    numbers = [r[0] for r in anna.register.db.query_all(
        "SELECT case_number FROM cases WHERE closed_on IS NULL ORDER BY id LIMIT ?", (count,))]
    team = TeamService(anna.register, clock=lambda: datetime(2026, 3, 16, 11, 0, tzinfo=timezone.utc))
    team.make_handover(bram_id, case_numbers=numbers, mark_now=True)
    return numbers


def test_a_handed_over_case_is_purged_twelve_months_after_the_handover(anna, bram):
    [number] = _hand_over(anna, bram)
    repo = RetentionRepository(anna.register.db, anna.register.audit)
    total = anna.register.db.query_one("SELECT count(*) FROM cases")[0]
    terms = RetentionTerms()
    assert terms.handed_over_months == 12
    day_before = repo.plan(date(2027, 3, 15), terms)
    assert number not in {c.case_number for c in day_before.cases}
    plan = repo.plan(date(2027, 3, 16), terms)
    [due] = [c for c in plan.cases if c.case_number == number]
    assert due.handed_over and due.closed_on == HANDED_ON and due.destroy_from == date(2027, 3, 16)
    assert due.rule_nl == "Overgedragen aan een collega: 12 maanden na de overdracht"
    assert plan.counts_by_rule()[due.rule_nl] == 1
    preview = repo.preview(date(2027, 3, 16), terms)
    assert number in preview.names  # an open case: its initials still show in the view
    counts = repo.purge(plan, terms)
    assert counts.handed_over == 1
    db = anna.register.db
    assert db.query_one("SELECT count(*) FROM cases WHERE case_number = ?", (number,))[0] == 0
    assert db.query_one("SELECT count(*) FROM case_handed_over")[0] == 0
    assert db.query_one("SELECT count(*) FROM cases")[0] == total - counts.cases
    last = anna.register.audit.recent(1)[0]
    assert last.action == "purge" and "handed_over=1" in last.object_ref


def test_the_term_is_it_policy_and_a_closed_case_due_earlier_goes_under_its_own_rule(anna, bram):
    numbers = _hand_over(anna, bram, count=2)
    policy = Policy.from_mapping({"RetentionHandedOverCaseMonths": 3}, "test")
    terms = RetentionTerms.from_policy(policy)
    assert terms.handed_over_months == 3
    repo = RetentionRepository(anna.register.db, anna.register.audit)
    assert {c.case_number for c in repo.plan(date(2026, 6, 16), terms).cases if c.handed_over} == set(numbers)
    assert not [c for c in repo.plan(date(2026, 6, 15), terms).cases if c.handed_over]
    # one of them was closed (aborted) before the handover: due under its own 1-year rule when that comes first
    anna.register.db.execute("UPDATE cases SET phase = 'closed', closing_reason = 'no_contact', closed_on = ?"
                             " WHERE case_number = ?", ("2025-01-10", numbers[0]))
    plan = repo.plan(date(2026, 6, 16), terms)
    listed = [c for c in plan.cases if c.case_number == numbers[0]]
    assert len(listed) == 1 and not listed[0].handed_over


def test_the_retention_view_lists_it_with_its_own_reason(anna, bram):
    from ketenregie.ui.retention.view import due_rows

    [number] = _hand_over(anna, bram)
    repo = RetentionRepository(anna.register.db, anna.register.audit)
    rows = [r for r in due_rows(repo.preview(date(2027, 3, 16))) if r.reference == number]
    assert [(r.kind, r.rule, r.day) for r in rows] == [
        ("handed_over", "Overgedragen aan een collega: 12 maanden na de overdracht", HANDED_ON)]
    assert "Vroeg" not in rows[0].name and len(rows[0].name) <= 6  # initials only


def test_purge_by_command_line_counts_the_handed_over_case(anna, bram, capsys):
    from ketenregie.cli import _purge

    from team_helpers import PASSPHRASE

    _hand_over(anna, bram)
    path = anna.path
    anna.register.close("quit")
    secret = path.parent / "secret.txt"
    secret.write_text(PASSPHRASE, encoding="utf-8")
    assert _purge(path, secret, confirmed=False, today=date(2027, 3, 16)) == 0
    out = capsys.readouterr().out
    assert "Overgedragen aan een collega: 12 maanden na de overdracht" in out


def test_the_retention_table_says_casus_overgedragen(anna, bram, qapp):
    from ketenregie.ui.retention.view import DueModel, due_rows

    [number] = _hand_over(anna, bram)
    model = DueModel()
    model.set_rows(due_rows(RetentionRepository(anna.register.db, anna.register.audit).preview(date(2027, 3, 16))))
    row = next(r for r in range(model.rowCount()) if model.data(model.index(r, 1)) == number)
    assert model.data(model.index(row, 0)) == "Casus (overgedragen)"
    assert model.data(model.index(row, 4)) == "Overgedragen aan een collega: 12 maanden na de overdracht"
    assert model.data(model.index(row, 3)) == "16-03-2026"
