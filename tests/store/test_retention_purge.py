"""Retention purge in a real SQLCipher register: due cases go with everything that cascades, the rest stays, the audit
entry carries counts only, and a failure halfway rolls the whole purge back."""
from __future__ import annotations

from dataclasses import replace
from datetime import date, datetime, timedelta

import pytest

from ketenregie.config import Policy
from ketenregie.domain.audit import AuditAction
from ketenregie.domain.cases import (Action, Case, Closing, ClosingReason, Household, IntakeRoute, JournalEntry,
                                     Phase)
from ketenregie.domain.meetings import CaseMeeting, MeetingKind, Participant, ParticipantRole, Recurrence, Series
from ketenregie.domain.retention import PurgePlan, RetentionTerms
from ketenregie.services.register import create_register
from ketenregie.store.case_repository import CaseRepository
from ketenregie.store.conversation_repository import ConversationRepository
from ketenregie.store.meeting_repository import MeetingRepository
from ketenregie.store.partner_repository import PartnerRepository, ensure_default_partners
from ketenregie.store.retention_repository import RetentionRepository
from ketenregie.vault.kdf import KdfParams

TODAY = date(2026, 5, 12)
CHILD_TABLES = ("households", "actions", "journal_entries", "referrals", "sharing_bases", "conversations",
                "case_meeting_marks")


@pytest.fixture
def register(tmp_path):
    reg, _, _ = create_register(tmp_path / "register.krg", "een lange wachtwoordzin voor tests",
                                policy=Policy.defaults(), kdf=KdfParams.minimum())
    ensure_default_partners(reg.db)
    yield reg
    reg.close()


def closed_case(register, name: str, reason: ClosingReason | None, closed_on: date) -> str:
    """A case with an action, a journal entry, a sharing basis + referral, a conversation and a meeting mark,
    closed on `closed_on` (None: left open)."""
    day = [closed_on - timedelta(days=40)]
    cases = CaseRepository(register.db, register.audit, clock=lambda: day[0])
    number = cases.create(Case(household=Household(name=name, phone="06-12345678"), intake_route=IntakeRoute.SELF,
                               help_request_date=day[0], actions=(Action("Bel de verhuurder"),),
                               journal=(JournalEntry(day[0], "Eerste contact"),)))
    ConversationRepository(register.db, register.audit, cases=cases, clock=lambda: day[0]).start(number)
    MeetingRepository(register.db, register.audit, cases=cases, clock=lambda: day[0]).mark_for_meeting(number, "?")
    partner_id = next(iter(PartnerRepository(register.db).by_code().values())).id
    with register.db.transaction() as conn:
        case_id = conn.execute("SELECT id FROM cases WHERE case_number = ?", (number,)).fetchone()[0]
        basis = conn.execute(
            "INSERT INTO sharing_bases (case_id, partner_id, kind, given_on, scope, recorded_by, recorded_at) "
            "VALUES (?, ?, 'wgs_task', ?, 'help_request', 'test', '2020-01-01T00:00:00+00:00')",
            (case_id, partner_id, day[0].isoformat())).lastrowid
        conn.execute("INSERT INTO referrals (case_id, partner_id, basis_id, letter_date, fields, created_by, "
                     "created_at) VALUES (?, ?, ?, ?, 'help_request', 'test', '2020-01-01T00:00:00+00:00')",
                     (case_id, partner_id, basis, day[0].isoformat()))
    if reason is not None:
        day[0] = closed_on
        case = cases.get(number, audit=False)
        cases.update(replace(case, phase=Phase.CLOSED, closing=Closing(reason, closed_on)))
    return number


def meeting(register, kind: MeetingKind, held: datetime, case_ids=(), series: Series | None = None) -> int:
    repo = MeetingRepository(register.db, register.audit, clock=lambda: held.date())
    m = CaseMeeting(starts_at=held, purpose="Vastgelopen trajecten", chair="Teamleider", kind=kind, series=series,
                    location="Raadhuis", participants=(Participant("Gemeente", ParticipantRole.CHAIR),
                                                       Participant("Kwadraad", ParticipantRole.MEMBER)))
    meeting_id = repo.save(m)
    if case_ids:
        repo.save(repo.add_cases(repo.get(meeting_id, audit=False), list(case_ids)))
    return meeting_id


def count_for(register, table: str, case_number: str) -> int:
    return register.db.query_one(
        f"SELECT count(*) FROM {table} t JOIN cases c ON c.id = t.case_id WHERE c.case_number = ?",
        (case_number,))[0]


def counts(register) -> dict[str, int]:
    return {t: register.db.query_one(f"SELECT count(*) FROM {t}")[0]
            for t in ("cases", *CHILD_TABLES, "meetings", "agenda_items", "meeting_series")}


def test_purge_removes_due_cases_with_everything_and_leaves_the_rest(register):
    old_help = closed_case(register, "Zwanhilde Kanarievogel", ClosingReason.RESOLVED, date(2021, 5, 12))  # due
    old_abort = closed_case(register, "Piet Puk", ClosingReason.NO_CONTACT, date(2024, 2, 29))  # due 2025-02-28
    young_help = closed_case(register, "Anna de Wit", ClosingReason.REJECTED, date(2021, 5, 13))  # due tomorrow
    young_abort = closed_case(register, "Karel Bos", ClosingReason.WITHDRAWN, date(2025, 5, 13))
    still_open = closed_case(register, "Fatima El Amrani", None, date(2019, 1, 1))
    cases = CaseRepository(register.db, register.audit)
    old_help_id = cases.get(old_help, audit=False).id
    young_id = cases.get(young_help, audit=False).id
    external_old = meeting(register, MeetingKind.WITH_PARTNERS, datetime(2021, 5, 12, 9, 30), [old_help_id, young_id],
                           series=Series(Recurrence.MONTHLY, "Casuïstiekoverleg"))
    internal_old = meeting(register, MeetingKind.INTERNAL, datetime(2025, 5, 12, 14, 0))  # due today
    external_young = meeting(register, MeetingKind.WITH_PARTNERS, datetime(2022, 1, 1, 9, 0), [young_id])
    internal_young = meeting(register, MeetingKind.INTERNAL, datetime(2025, 5, 13, 14, 0))
    repo = RetentionRepository(register.db, register.audit)

    preview = repo.preview(TODAY)
    plan = preview.plan
    assert [c.case_number for c in plan.cases] == [old_abort, old_help]
    assert {m.meeting_id for m in plan.meetings} == {external_old, internal_old}
    assert preview.names == {old_help: "Zwanhilde Kanarievogel", old_abort: "Piet Puk"}
    assert "Zwanhilde" not in repr(preview)
    before = counts(register)
    audit_before = register.audit.count()

    result = repo.purge(plan)

    assert (result.cases, result.meetings) == (2, 2)
    remaining = {r[0] for r in register.db.query_all("SELECT case_number FROM cases")}
    assert remaining == {young_help, young_abort, still_open}
    for number in (young_help, young_abort, still_open):
        for table in CHILD_TABLES:
            assert count_for(register, table, number) == 1, (table, number)
    after = counts(register)
    for table in CHILD_TABLES:
        assert after[table] == before[table] - 2, table  # exactly the two purged cases' rows
    assert after["meetings"] == before["meetings"] - 2
    assert after["meeting_series"] == 0  # the series lost its only meeting
    meeting_ids = {r[0] for r in register.db.query_all("SELECT id FROM meetings")}
    assert meeting_ids == {external_young, internal_young}
    # the young meeting still lists the young case; nothing orphaned anywhere
    assert register.db.query_one("SELECT count(*) FROM agenda_items WHERE case_id IS NULL")[0] == 0
    assert register.db.query_all("PRAGMA foreign_key_check") == []
    # one audit entry, counts only
    assert register.audit.count() == audit_before + 1
    entry = register.audit.recent(1)[0]
    assert (entry.action, entry.object_ref) == (AuditAction.PURGE.value, "purge:cases=2,meetings=2")
    assert register.audit.verify().ok
    # nothing is due any more
    assert repo.plan(TODAY).is_empty


def test_agenda_item_of_a_purged_case_in_a_kept_meeting_loses_only_the_link(register):
    number = closed_case(register, "Piet Puk", ClosingReason.WITHDRAWN, date(2025, 1, 6))
    case_id = CaseRepository(register.db, register.audit).get(number, audit=False).id
    kept = meeting(register, MeetingKind.WITH_PARTNERS, datetime(2025, 1, 6, 9, 0), [case_id])
    repo = RetentionRepository(register.db, register.audit)
    assert repo.purge(repo.plan(TODAY)).cases == 1
    items = register.db.query_all("SELECT pseudonym, case_id FROM agenda_items WHERE meeting_id = ?", (kept,))
    assert len(items) == 1 and items[0][1] is None


def test_purge_deletes_only_what_is_still_due(register):
    number = closed_case(register, "Piet Puk", ClosingReason.NO_CONTACT, date(2024, 3, 1))
    other = closed_case(register, "Karel Bos", ClosingReason.NO_CONTACT, date(2024, 3, 1))
    repo = RetentionRepository(register.db, register.audit)
    plan = repo.plan(TODAY)
    assert len(plan.cases) == 2
    # reopened between preview and approval: it stays
    cases = CaseRepository(register.db, register.audit, clock=lambda: TODAY)
    case = cases.get(number, audit=False)
    cases.update(replace(case, phase=Phase.INTAKE, closing=None))
    assert repo.purge(plan).cases == 1
    assert cases.exists(number) and not cases.exists(other)
    # an approved plan never reaches beyond itself, and longer policy terms protect what the plan listed
    young = closed_case(register, "Anna de Wit", ClosingReason.NO_CONTACT, date(2024, 3, 1))
    assert repo.purge(PurgePlan(TODAY)).cases == 0
    assert repo.purge(repo.plan(TODAY), RetentionTerms(aborted_case_years=3)).cases == 0
    assert cases.exists(young)
    assert register.audit.recent(1)[0].object_ref == "purge:cases=0,meetings=0"


def test_a_failure_rolls_the_whole_purge_back(register):
    numbers = [closed_case(register, n, ClosingReason.RESOLVED, date(2020, 1, 2)) for n in ("Piet Puk", "Karel Bos")]
    meeting(register, MeetingKind.INTERNAL, datetime(2020, 1, 2, 9, 0))
    repo = RetentionRepository(register.db, register.audit)
    plan = repo.plan(TODAY)
    before, audit_before = counts(register), register.audit.count()
    # a real failure inside the transaction: the database refuses deleting the second case's journal (a cascade)
    second_id = CaseRepository(register.db, register.audit).get(numbers[1], audit=False).id
    register.db.execute(
        f"CREATE TEMP TRIGGER refuse_journal_delete BEFORE DELETE ON journal_entries WHEN old.case_id = {second_id} "
        "BEGIN SELECT RAISE(ABORT, 'refused'); END")
    with pytest.raises(Exception, match="refused"):
        repo.purge(plan)
    assert counts(register) == before
    assert register.audit.count() == audit_before
    register.db.execute("DROP TRIGGER refuse_journal_delete")
    assert repo.purge(plan).cases == 2
