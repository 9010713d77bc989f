"""Cases on a real SQLCipher register: numbering per year inside the save, one transaction + one audit entry per
save, nothing half-written on failure, the caseload in set-based queries, quick actions and saved views."""
from __future__ import annotations

import secrets
from dataclasses import replace
from datetime import date, timedelta

import pytest

from ketenregie.calendar_source import load_calendar
from ketenregie.config import Policy
from ketenregie.domain.audit import AuditAction
from ketenregie.domain.case_validation import CaseValidationError
from ketenregie.domain.caseload import CaseloadFilter, SavedView
from ketenregie.domain.cases import (Action, ActionOwner, ActionStatus, Case, CasePartner, Closing, ClosingReason,
                                     ContactChannel, Crisis, CrisisKind, DebtBand, DebtPicture, ElementStatus,
                                     Household, IntakeRoute, IntegralElement, JournalEntry, PartnerRole, Phase,
                                     TargetGroup)
from ketenregie.domain.terms import TermKind, TermStatus
from ketenregie.store.audit_log import AuditLog
from ketenregie.store.case_repository import CaseNotFound, CaseRepository, SavedViewNotFound
from ketenregie.store.connection import connect
from ketenregie.store.database import Database
from ketenregie.store.migrate import apply_migrations
from ketenregie.store.partner_repository import (PartnerRepository, default_partner_seeds,
                                                 ensure_default_partners)

TODAY = date(2026, 3, 30)
NAME = "Jansen-Canary"
CALENDAR = load_calendar(Policy.defaults())


class Clock:
    def __init__(self, today: date) -> None:
        self.today = today

    def __call__(self) -> date:
        return self.today


@pytest.fixture
def db(tmp_path):
    database = Database(connect(tmp_path / "r.db", secrets.token_bytes(32)))
    apply_migrations(database)
    ensure_default_partners(database)
    yield database
    database.close()


@pytest.fixture
def clock():
    return Clock(TODAY)


@pytest.fixture
def audit(db):
    return AuditLog(db, origin="cli", actor="medewerker")


@pytest.fixture
def repo(db, audit, clock):
    return CaseRepository(db, audit, clock=clock)


@pytest.fixture
def partners(db):
    return {p.code: p.id for p in PartnerRepository(db).list_partners()}


def _case(**changes) -> Case:
    base = Case(Household(NAME, date(1980, 5, 17), ContactChannel.PHONE, "06-12345678", "jc@example.org",
                          "2651ss", "12a", 2, 1),
                IntakeRoute.EARLY_SIGNALLING, TODAY - timedelta(days=10), help_request="Huurachterstand.",
                target_groups=frozenset({TargetGroup.MILD_INTELLECTUAL_DISABILITY, TargetGroup.YOUTH}),
                special_reasons={TargetGroup.MILD_INTELLECTUAL_DISABILITY: "Uitleg in eenvoudige taal."},
                crisis=Crisis(CrisisKind.EVICTION, TODAY + timedelta(days=20)),
                debt=DebtPicture(DebtBand.FROM_5000, 6),
                journal=(JournalEntry(TODAY - timedelta(days=9), "Aanmelding via vroegsignalering."),),
                actions=(Action("Bellen", due=TODAY + timedelta(days=1)),))
    return replace(base, **changes)


def _audit_trail(audit) -> list[tuple[str, str]]:
    return [(e.action, e.object_ref) for e in reversed(audit.recent(1000))]


def _counts(db) -> dict[str, int]:
    tables = ["cases", "households", "case_target_groups", "case_partners", "actions", "journal_entries",
              "case_number_counters", "audit_log"]
    return {t: db.query_one(f"SELECT count(*) FROM {t}")[0] for t in tables}


# --- numbering and round trip -------------------------------------------------------------------------------

def test_numbers_per_year_are_allocated_on_save_and_never_reused(repo, clock):
    assert repo.next_case_number(2026) == "2026-0001"
    assert repo.create(_case()) == "2026-0001"
    assert repo.create(_case()) == "2026-0002"
    repo.delete("2026-0002")
    assert repo.next_case_number(2026) == "2026-0003"
    assert repo.create(_case()) == "2026-0003"
    clock.today = date(2027, 1, 4)
    assert repo.create(_case(help_request_date=date(2026, 12, 30), crisis=None)) == "2027-0001"


def test_create_and_get_round_trip(repo, partners):
    case = _case(partners=(CasePartner(partners["kwadraad"], PartnerRole.REFERRER),))
    number = repo.create(case)
    loaded = repo.get(number)
    assert loaded.case_number == number and loaded.id and loaded.registered_on == TODAY
    assert loaded.household.postcode == "2651 SS"  # normalised on save
    expected = replace(case, household=replace(case.household, postcode="2651 SS"), case_number=number,
                       id=loaded.id, registered_on=TODAY,
                       actions=(replace(case.actions[0], id=loaded.actions[0].id),),
                       journal=(replace(case.journal[0], id=loaded.journal[0].id),))
    assert loaded == expected


def test_every_save_is_one_audit_entry_with_a_reference_only(repo, audit):
    before = audit.count()
    number = repo.create(_case())
    case = repo.get(number)
    repo.update(replace(case, phase=Phase.INTAKE))
    assert _audit_trail(audit)[before:] == [
        ("create", f"case:{number}"), ("view", f"case:{number}"), ("update", f"case:{number}")]
    repo.delete(number)
    trail = _audit_trail(audit)[before:]
    # once the case is gone its audit rows no longer resolve to its number (issue 11 item 9): not even the delete
    assert [action for action, _ref in trail] == ["create", "view", "update", "delete"]
    assert all(ref.startswith("case:p-") for _action, ref in trail)
    assert not any(number in ref for _action, ref in _audit_trail(audit))
    assert audit.verify().ok
    assert NAME not in repr(audit.recent(100))


def test_get_without_audit_and_unknown_cases(repo, audit):
    number = repo.create(_case())
    before = audit.count()
    repo.get(number, audit=False)
    assert audit.count() == before
    with pytest.raises(CaseNotFound) as info:
        repo.get("2026-9999")
    assert "bestaat niet" in info.value.user_message
    with pytest.raises(CaseNotFound):
        repo.delete("2026-9999")
    assert not repo.exists("2026-9999") and repo.exists(number)


# --- validation and failed saves --------------------------------------------------------------------------------

def test_invalid_case_writes_nothing_and_uses_no_number(repo, db):
    before = _counts(db)
    with pytest.raises(CaseValidationError) as info:
        repo.create(_case(first_conversation_date=TODAY - timedelta(days=20)))
    assert "eerste gesprek" in info.value.user_message and NAME not in info.value.user_message
    assert _counts(db) == before
    assert repo.next_case_number(2026) == "2026-0001"


def test_a_failure_inside_the_save_leaves_nothing_half_written(repo, db, audit, monkeypatch):
    repo.create(_case())
    before = _counts(db)

    def broken(*args, **kwargs):
        raise RuntimeError("disk full")

    monkeypatch.setattr(audit, "record", broken)
    with pytest.raises(RuntimeError):
        repo.create(_case())
    number = "2026-0001"
    case = repo.get(number, audit=False)
    with pytest.raises(RuntimeError):
        repo.update(replace(case, phase=Phase.INTAKE, journal=()))
    monkeypatch.undo()
    assert _counts(db) == before
    assert repo.next_case_number(2026) == "2026-0002"
    assert repo.get(number, audit=False) == case


def test_phase_jump_is_refused_on_update(repo):
    number = repo.create(_case())
    case = repo.get(number)
    with pytest.raises(CaseValidationError) as info:
        repo.update(replace(case, phase=Phase.WITH_PARTNER))
    assert "'Aanmelding' naar 'Traject bij partner'" in info.value.user_message
    assert repo.get(number, audit=False).phase == Phase.REGISTRATION


def test_unknown_partner_is_refused(repo):
    with pytest.raises(CaseValidationError, match="partnerlijst"):
        repo.create(_case(partners=(CasePartner(9999, PartnerRole.OTHER),)))


def test_warnings_never_block_a_save(repo):
    number = repo.create(_case(journal=(JournalEntry(TODAY, "BSN 111222333 genoteerd"),)))
    assert repo.get(number).journal[0].text == "BSN 111222333 genoteerd"


# --- updates of the children -------------------------------------------------------------------------------------

def test_update_keeps_action_and_journal_ids_and_deletes_what_was_removed(repo, db, partners):
    plan = partners["plangroep"]
    number = repo.create(_case(actions=(Action("Eén"), Action("Twee")),
                               journal=(JournalEntry(TODAY, "A"), JournalEntry(TODAY, "B"))))
    case = repo.get(number)
    one, two = case.actions
    changed = replace(
        case, phase=Phase.INTAKE, first_conversation_date=TODAY - timedelta(days=2),
        partners=(CasePartner(plan, PartnerRole.DEBT_SETTLEMENT, leads=True),),
        actions=(replace(one, status=ActionStatus.DONE, done_on=TODAY),
                 Action("Drie", owner=ActionOwner.PARTNER, partner_id=plan)),
        journal=(replace(case.journal[1], text="B, aangevuld"),),
        elements={IntegralElement.DEBT_SETTLEMENT: ElementStatus.IN_PROGRESS},
        target_groups=frozenset({TargetGroup.YOUTH}), special_reasons={})
    repo.update(changed)
    again = repo.get(number)
    assert [a.id for a in again.actions][0] == one.id and two.id not in [a.id for a in again.actions]
    assert [a.description for a in again.actions] == ["Eén", "Drie"]
    assert again.actions[0].status == ActionStatus.DONE and again.actions[1].partner_id == plan
    assert [(j.id, j.text) for j in again.journal] == [(case.journal[1].id, "B, aangevuld")]
    assert again.lead_partner_id == plan and again.target_groups == {TargetGroup.YOUTH}
    assert again.element_status(IntegralElement.DEBT_SETTLEMENT) == ElementStatus.IN_PROGRESS
    assert again.element_status(IntegralElement.SELF_RELIANCE) == ElementStatus.NOT_STARTED
    assert db.query_one("SELECT count(*) FROM case_target_groups")[0] == 1


def test_an_action_of_another_case_cannot_be_smuggled_in(repo):
    first = repo.create(_case())
    second = repo.get(repo.create(_case(actions=())))
    foreign = repo.get(first).actions[0]
    with pytest.raises(CaseValidationError, match="hoort niet"):
        repo.update(replace(second, actions=(foreign,)))


def test_delete_cascades(repo, db):
    number = repo.create(_case())
    repo.delete(number)
    counts = _counts(db)
    assert all(counts[t] == 0 for t in ("cases", "households", "case_target_groups", "actions", "journal_entries"))


def test_closing_and_reopening(repo):
    number = repo.create(_case())
    case = repo.get(number)
    closed = replace(case, phase=Phase.CLOSED, closing=Closing(ClosingReason.NO_CONTACT, TODAY))
    repo.update(closed)
    assert repo.get(number).closing == Closing(ClosingReason.NO_CONTACT, TODAY)
    repo.update(replace(closed, phase=Phase.INTAKE, closing=None))
    assert repo.get(number).phase == Phase.INTAKE


# --- quick actions -------------------------------------------------------------------------------------------

def test_quick_actions_and_journal_are_audited_as_updates(repo, audit, partners):
    number = repo.create(_case(actions=()))
    before = audit.count()
    action_id = repo.add_action(number, Action("Verwijsbrief sturen", due=TODAY))
    repo.set_action_status(number, action_id, ActionStatus.DONE)
    entry_id = repo.add_journal_entry(number, JournalEntry(TODAY, "Brief verstuurd."))
    assert _audit_trail(audit)[before:] == [("update", f"case:{number}")] * 3
    case = repo.get(number)
    assert case.actions[0].status == ActionStatus.DONE and case.actions[0].done_on == TODAY
    assert case.journal[-1].id == entry_id
    with pytest.raises(CaseValidationError):
        repo.add_action(number, Action("", owner=ActionOwner.SELF))
    with pytest.raises(CaseValidationError):
        repo.add_action(number, Action("x", owner=ActionOwner.PARTNER, partner_id=9999))
    with pytest.raises(CaseValidationError):
        repo.set_action_status(number, 9999, ActionStatus.DONE)
    with pytest.raises(CaseNotFound):
        repo.add_journal_entry("2026-9999", JournalEntry(TODAY, "x"))
    repo.set_action_status(number, action_id, ActionStatus.OPEN)
    assert repo.get(number, audit=False).actions[0].done_on is None


# --- the caseload --------------------------------------------------------------------------------------------

def test_caseload_rows(repo, partners):
    plan = partners["plangroep"]
    a = repo.create(_case(partners=(CasePartner(plan, PartnerRole.DEBT_SETTLEMENT, True),),
                          actions=(Action("Partner", owner=ActionOwner.PARTNER, partner_id=plan,
                                          due=TODAY + timedelta(days=3)),
                                   Action("Eigen", due=TODAY - timedelta(days=1)))))
    b = repo.create(_case(crisis=None, help_request_date=TODAY - timedelta(days=40), actions=(),
                          household=Household("Piet Fictief"), target_groups=frozenset(), special_reasons={}))
    rows = {r.case_number: r for r in repo.list_caseload(today=TODAY, calendar=CALENDAR)}
    ra, rb = rows[a], rows[b]
    assert ra.name == NAME and ra.phase == Phase.REGISTRATION and ra.intake_route == IntakeRoute.EARLY_SIGNALLING
    assert (ra.lead_partner_id, ra.lead_partner_name) == (plan, "PLANgroep") and ra.partner_ids == {plan}
    assert ra.crisis_kind == CrisisKind.EVICTION and ra.term_kind == TermKind.FIRST_CONVERSATION
    assert ra.term_status == TermStatus.OVERDUE  # crisis: 3 working days after a request 10 days ago
    assert (ra.next_action, ra.next_action_owner) == ("Eigen", ActionOwner.SELF)
    assert ra.my_action_due == TODAY - timedelta(days=1)
    assert ra.waiting_on_partner and ra.partner_action_due == TODAY + timedelta(days=3)
    assert ra.target_groups == {TargetGroup.MILD_INTELLECTUAL_DISABILITY, TargetGroup.YOUTH}
    assert rb.term_status == TermStatus.OVERDUE and not rb.crisis and rb.next_action is None
    assert rb.display_name(True) == "P.F."


def test_caseload_follows_policy_and_skips_closed_when_asked(repo):
    number = repo.create(_case(crisis=None, help_request_date=TODAY - timedelta(days=30)))
    case = repo.get(number)
    repo.update(replace(case, phase=Phase.INTAKE, first_conversation_date=TODAY - timedelta(days=29)))
    # 8 weeks after 1 March: Sunday 26 April -> King's Day -> Tuesday 28 April; 4 weeks: 30 March
    row = repo.list_caseload(today=TODAY + timedelta(days=20), calendar=CALENDAR)[0]
    assert (row.term_kind, row.term_status, row.term_deadline) == (TermKind.DECISION, TermStatus.OPEN,
                                                                   date(2026, 4, 28))
    row = repo.list_caseload(today=TODAY + timedelta(days=20), calendar=CALENDAR, decision_weeks=4)[0]
    assert row.term_status == TermStatus.OVERDUE
    other = repo.get(repo.create(_case()))
    repo.update(replace(other, phase=Phase.CLOSED, closing=Closing(ClosingReason.WITHDRAWN, TODAY)))
    assert len(repo.list_caseload(today=TODAY, calendar=CALENDAR)) == 2
    assert [r.case_number for r in repo.list_caseload(today=TODAY, calendar=CALENDAR, include_closed=False)] \
        == [number]
    assert repo.count_by_phase()[Phase.CLOSED] == 1 and repo.count() == 2


def test_caseload_search_in_the_store(repo):
    first = repo.create(_case(household=Household("Anne de Verzonnen")))
    repo.create(_case(household=Household("Bram Fictief")))
    def hits(text):
        return sorted(r.case_number for r in repo.list_caseload(today=TODAY, calendar=CALENDAR, search=text))
    assert hits("verz") == [first] and hits("Anne") == [first] and hits("de ver") == [first]
    assert hits("2026-0001") == [first] and len(hits("2026")) == 2
    assert hits("erzonnen") == [] and hits("%") == [] and hits("_") == []
    # the side queries are limited to the cases found: the row still has its actions
    assert repo.list_caseload(today=TODAY, calendar=CALENDAR, search="anne")[0].next_action == "Bellen"


def test_caseload_search_with_many_hits_matches_the_full_caseload(repo, db, monkeypatch):
    from ketenregie.domain.demo_data import generate_cases
    from ketenregie.store import case_repository

    repo.bulk_insert(generate_cases(200, today=TODAY, partners=PartnerRepository(db).list_partners()))
    everything = {r.case_number: r for r in repo.list_caseload(today=TODAY, calendar=CALENDAR)}
    small = repo.list_caseload(today=TODAY, calendar=CALENDAR, search="verz")
    monkeypatch.setattr(case_repository, "_SMALL_RESULT", 0)  # force the sub-select path
    large = repo.list_caseload(today=TODAY, calendar=CALENDAR, search="verz")
    assert small and small == large
    assert all(row == everything[row.case_number] for row in large)


# --- saved views ---------------------------------------------------------------------------------------------

def test_saved_views(repo, audit):
    flt = CaseloadFilter(text=NAME, phases=frozenset({Phase.INTAKE}), crisis_only=True)
    view_id = repo.save_view(SavedView("Crisis in intake", flt, "term_deadline"))
    [view] = repo.list_views()
    assert view.id == view_id and view.filter == replace(flt, text="") and view.sort_column == "term_deadline"
    repo.save_view(replace(view, name="Crisis (intake)", sort_descending=True))
    assert repo.list_views()[0].name == "Crisis (intake)" and repo.list_views()[0].sort_descending
    with pytest.raises(CaseValidationError, match="al een weergave"):
        repo.save_view(SavedView("crisis (INTAKE)", CaseloadFilter()))
    with pytest.raises(CaseValidationError):
        repo.save_view(SavedView("  ", CaseloadFilter()))
    repo.delete_view(view_id)
    assert repo.list_views() == []
    with pytest.raises(SavedViewNotFound):
        repo.delete_view(view_id)
    assert [a for a, _ in _audit_trail(audit)][-3:] == ["create", "update", "delete"]
    assert NAME not in repr(audit.recent(10))


# --- bulk and partners ---------------------------------------------------------------------------------------

def test_bulk_insert_is_one_transaction_with_one_audit_entry(repo, audit, db):
    from ketenregie.domain.demo_data import generate_cases

    partners = PartnerRepository(db).list_partners()
    before = audit.count()
    numbers = repo.bulk_insert(generate_cases(300, today=TODAY, partners=partners))
    assert audit.count() == before + 1 and audit.recent(1)[0].object_ref == "demo:cases=300"
    assert len(set(numbers)) == 300 and repo.count() == 300
    assert repo.create(_case()) == f"2026-{sum(n.startswith('2026') for n in numbers) + 1:04d}"
    rows = repo.list_caseload(today=TODAY, calendar=CALENDAR)
    assert len(rows) == 301
    case = repo.get(numbers[123])  # a bulk case loads as a full case
    assert case.case_number == numbers[123]


def test_default_partners_are_seeded_once(db):
    partners = PartnerRepository(db).list_partners()
    assert len(partners) == len(default_partner_seeds())
    assert {"PLANgroep", "Kwadraad (maatschappelijk werk)", "Regionaal Bureau Zelfstandigen",
            "Schuldenknooppunt", "Team MO"} <= {p.name for p in partners}
    assert ensure_default_partners(db) == 0
    plan = PartnerRepository(db).by_code()["plangroep"]
    assert PartnerRepository(db).get(plan.id) == plan


def test_partner_directory_errors(tmp_path):
    from ketenregie.store.partner_repository import PartnerDirectoryError, load_partner_directory

    bad = tmp_path / "p.toml"
    bad.write_text('[[partner]]\ncode = "x"\nname = "X"\ntype = "spaceship"\n', encoding="utf-8")
    with pytest.raises(PartnerDirectoryError, match="onbekend type"):
        load_partner_directory(bad)
    bad.write_text('[[partner]]\ncode = "X Y"\nname = "X"\ntype = "other"\n', encoding="utf-8")
    with pytest.raises(PartnerDirectoryError, match="code"):
        load_partner_directory(bad)


def test_a_new_register_has_the_default_partners(tmp_path):
    from ketenregie.services.register import create_register
    from ketenregie.vault.kdf import KdfParams

    register, _, _ = create_register(tmp_path / "r.ketenregie", "correct paard batterij nietje",
                                     policy=Policy.defaults(), kdf=KdfParams.minimum())
    with register:
        assert len(PartnerRepository(register.db).list_partners()) == len(default_partner_seeds())
        assert [e.action for e in register.audit.recent(5)] == [AuditAction.REGISTER_CREATED.value]
