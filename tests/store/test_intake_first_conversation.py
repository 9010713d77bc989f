"""Issue 15 item 3: finishing an intake conversation records the case's first conversation (date; Aanmelding
moves to Intake), so the Wgs term stops — no second entry in the case form, and no false "verlopen" for a case
whose intake was held in time. A real register; the caseload row (what the views show) is read back."""
from __future__ import annotations

from dataclasses import replace
from datetime import date

import pytest

from ketenregie.calendar_source import load_calendar
from ketenregie.config import Policy
from ketenregie.domain.cases import Case, Household, IntakeRoute, Phase
from ketenregie.domain.conversations import ConversationError, ConversationKind, ConversationStatus
from ketenregie.domain.terms import TermKind, TermStatus
from ketenregie.services.register import create_register, open_register
from ketenregie.store.case_repository import CaseRepository
from ketenregie.store.conversation_repository import ConversationRepository
from ketenregie.vault.kdf import KdfParams
from test_conversation_repository import PASSPHRASE, _filled

HELP_REQUEST = date(2026, 3, 2)


@pytest.fixture(scope="module")
def register_path(tmp_path_factory):
    path = tmp_path_factory.mktemp("reg") / "register.krg"
    reg, _, _ = create_register(path, PASSPHRASE, policy=Policy.defaults(), kdf=KdfParams.minimum())
    reg.close()
    return path


@pytest.fixture
def register(register_path):
    reg = open_register(register_path, PASSPHRASE, policy=Policy.defaults())
    yield reg
    reg.close()


def repos(register, today: date):
    cases = CaseRepository(register.db, register.audit, clock=lambda: today)
    return cases, ConversationRepository(register.db, register.audit, cases=cases, clock=lambda: today)


def new_case(cases, **changes) -> str:
    return cases.create(replace(Case(household=Household(name="Zwanhilde Kanarievogel"),
                                     intake_route=IntakeRoute.SELF, help_request_date=HELP_REQUEST), **changes))


def first_term(cases, number: str, today: date):
    case = cases.get(number, audit=False)
    terms = case.terms(today, calendar=load_calendar(Policy.defaults(), strict=False))
    return next(t for t in terms if t.kind == TermKind.FIRST_CONVERSATION)


def test_an_intake_records_the_first_conversation_and_moves_aanmelding_to_intake(register):
    cases, repo = repos(register, date(2026, 3, 10))
    number = new_case(cases)
    conversation = repo.save_draft(replace(_filled(repo.start(number, ConversationKind.INTAKE)),
                                           held_on=date(2026, 3, 9)))
    repo.finish(conversation)
    case = cases.get(number, audit=False)
    assert case.first_conversation_date == date(2026, 3, 9)
    assert case.phase == Phase.INTAKE
    assert repo.get(conversation.id).status == ConversationStatus.FINISHED


def test_the_term_stops_and_never_shows_verlopen_after_a_timely_intake(register):
    # held in time (day 7), finished late (day 40): the caseload says "gehouden", never "verlopen"
    cases, repo = repos(register, date(2026, 4, 20))
    number = new_case(cases)
    conversation = repo.save_draft(replace(_filled(repo.start(number)), held_on=date(2026, 3, 9)))
    repo.finish(conversation)
    first = first_term(cases, number, date(2026, 4, 20))
    assert first.status == TermStatus.MET and first.met_on == date(2026, 3, 9)


def test_an_earlier_recorded_first_conversation_is_kept_no_double_entry(register):
    cases, repo = repos(register, date(2026, 3, 20))
    number = new_case(cases, phase=Phase.REGISTRATION)
    case = cases.get(number, audit=False)
    cases.update(replace(case, first_conversation_date=date(2026, 3, 5), phase=Phase.INTAKE))
    later = repo.save_draft(replace(_filled(repo.start(number)), held_on=date(2026, 3, 19)))
    repo.finish(later)
    assert cases.get(number, audit=False).first_conversation_date == date(2026, 3, 5)


def test_a_progress_conversation_does_not_record_a_first_conversation(register):
    cases, repo = repos(register, date(2026, 3, 20))
    number = new_case(cases)
    conversation = repo.save_draft(replace(_filled(repo.start(number, ConversationKind.PROGRESS)),
                                           kind=ConversationKind.PROGRESS, held_on=date(2026, 3, 19)))
    repo.finish(conversation)
    case = cases.get(number, audit=False)
    assert case.first_conversation_date is None and case.phase == Phase.REGISTRATION


def test_an_intake_before_the_help_request_is_refused_and_nothing_is_saved(register):
    cases, repo = repos(register, date(2026, 3, 20))
    number = new_case(cases)
    conversation = repo.save_draft(replace(_filled(repo.start(number)), held_on=date(2026, 2, 27)))
    before = register.audit.count()
    with pytest.raises(ConversationError, match="vóór de datum van de hulpvraag"):
        repo.finish(conversation)
    case = cases.get(number, audit=False)
    assert case.first_conversation_date is None and case.actions == ()
    assert repo.get(conversation.id).status == ConversationStatus.DRAFT
    assert register.audit.count() == before
