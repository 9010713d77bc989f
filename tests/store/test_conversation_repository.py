"""Conversations in a real SQLCipher register: drafts round-trip (scores, goals, steps, stage), finishing turns
steps into case actions and puts the conversation in the timeline and audit log, locking mid-conversation loses
nothing, recognition marks earlier steps done."""
from __future__ import annotations

from dataclasses import replace
from datetime import date, datetime

import pytest

from ketenregie.config import Policy
from ketenregie.domain.cases import ActionOwner, ActionStatus, Case, Household, IntakeRoute
from ketenregie.domain.checklists import BRIDGE_RESOURCE, load_bridge
from ketenregie.domain.conversations import (ConversationError, ConversationKind, ConversationStatus, Goal,
                                             GoalStep, Stage)
from ketenregie.services.register import create_register, open_register
from ketenregie.resources import resource_path
from ketenregie.store.case_repository import CaseRepository
from ketenregie.store.conversation_repository import ConversationNotFound, ConversationRepository
from ketenregie.vault.kdf import KdfParams

TODAY = date(2026, 3, 17)
PASSPHRASE = "een lange wachtwoordzin voor tests"


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


def _repos(register):
    cases = CaseRepository(register.db, register.audit, clock=lambda: TODAY)
    return cases, ConversationRepository(register.db, register.audit, cases=cases, clock=lambda: TODAY)


def _case(cases: CaseRepository) -> str:
    return cases.create(Case(household=Household(name="Zwanhilde Kanarievogel"), intake_route=IntakeRoute.SELF,
                             help_request_date=date(2026, 3, 2)))


def _filled(conversation):
    c = conversation.with_tick("one_topic", ticked=True).with_tick("calm_setting", note="kamer 2, rustig")
    c = c.with_placement("debts", 1).with_placement("buffer", 2).with_placement("housing", 3)
    goals = (
        Goal("Overzicht over de post", "financial_management", (
            GoalStep("Brieven in de map doen", ActionOwner.RESIDENT, date(2026, 3, 24)),
            GoalStep("Map meenemen naar de afspraak", ActionOwner.RESIDENT, date(2026, 3, 31)),
        )),
        Goal("Toeslagen op orde", "employment", (
            GoalStep("Aanvraag huurtoeslag klaarzetten", ActionOwner.SELF, date(2026, 3, 20)),
        )),
    )
    return replace(c, goals=goals, participants=("u", "uw zus"), contact_name="Sanne Bakker",
                   contact_phone="010 - 000 00 00", next_appointment=datetime(2026, 3, 31, 10, 0),
                   next_appointment_place="gemeentehuis", decision_discussed=True, stage=Stage.GOALS, position=1)


def test_draft_round_trips_through_the_register(register):
    cases, repo = _repos(register)
    number = _case(cases)
    draft = repo.start(number, ConversationKind.INTAKE)
    assert draft.status == ConversationStatus.DRAFT and draft.held_on == TODAY and draft.stage == Stage.KIND
    saved = repo.save_draft(_filled(draft))
    again = repo.get(saved.id)
    assert again == saved
    assert dict(again.placements) == {"debts": 1, "buffer": 2, "housing": 3}
    assert again.ticks["calm_setting"].note == "kamer 2, rustig" and again.ticks["one_topic"].ticked
    assert [g.text for g in again.goals] == ["Overzicht over de post", "Toeslagen op orde"]
    assert [s.description for s in again.goals[0].steps] == ["Brieven in de map doen", "Map meenemen naar de afspraak"]
    assert again.goals[1].steps[0].owner == ActionOwner.SELF
    assert again.next_appointment == datetime(2026, 3, 31, 10, 0)
    assert (again.stage, again.position) == (Stage.GOALS, 1)
    assert repo.drafts()[0].conversation_id == saved.id
    # nothing became an action yet: a draft is only a draft
    assert cases.get(number, audit=False).actions == ()


def test_locking_mid_conversation_loses_nothing(register_path):
    reg = open_register(register_path, PASSPHRASE, policy=Policy.defaults())
    cases, repo = _repos(reg)
    number = _case(cases)
    draft = repo.save_draft(replace(_filled(repo.start(number)), stage=Stage.BRIDGE, position=3))
    reg.close("idle")  # the lock manager closes the register: the draft is already in it
    reg = open_register(register_path, PASSPHRASE, policy=Policy.defaults())
    try:
        _cases, repo = _repos(reg)
        resumed = repo.resume(draft.id)
        assert resumed == draft
        assert (resumed.stage, resumed.position) == (Stage.BRIDGE, 3)
        assert reg.audit.recent(1)[0].object_ref == f"conversation:{number}.{draft.id}"
    finally:
        reg.close()


def test_finishing_turns_steps_into_actions_and_adds_timeline_and_audit(register):
    cases, repo = _repos(register)
    number = _case(cases)
    conversation = repo.save_draft(_filled(repo.start(number)))
    before = register.audit.count()
    result = repo.finish(conversation)
    case = cases.get(number, audit=False)
    assert len(result.action_ids) == 3
    by_id = {a.id: a for a in case.actions}
    assert [by_id[i].description for i in result.action_ids] == [
        "Brieven in de map doen", "Map meenemen naar de afspraak", "Aanvraag huurtoeslag klaarzetten"]
    assert by_id[result.action_ids[0]].owner == ActionOwner.RESIDENT and by_id[result.action_ids[0]].due == date(2026, 3, 24)
    assert all(a.status == ActionStatus.OPEN for a in case.actions)
    # the timeline (journal) holds counts, never content
    entry = [j for j in case.journal if j.id == result.journal_entry_id][0]
    assert entry.entry_date == TODAY and "Intakegesprek gevoerd: 2 doelen en 3 stappen" in entry.text
    assert "Brieven" not in entry.text
    refs = [(e.action, e.object_ref) for e in register.audit.recent(register.audit.count() - before)]
    assert ("update", f"conversation:{number}.{conversation.id}") in refs
    finished = repo.get(conversation.id)
    assert finished.status == ConversationStatus.FINISHED and finished.finished_at is not None
    assert [s.action_id for s in finished.goals[0].steps] == list(result.action_ids[:2])
    with pytest.raises(ConversationError, match="al afgerond"):
        repo.save_draft(finished)
    with pytest.raises(ConversationError):
        repo.delete_draft(finished.id)
    assert conversation.id not in [d.conversation_id for d in repo.drafts()]


def test_finishing_an_incomplete_conversation_saves_nothing(register):
    cases, repo = _repos(register)
    number = _case(cases)
    conversation = repo.save_draft(replace(_filled(repo.start(number)), contact_name=""))
    with pytest.raises(ConversationError, match="contactpersoon"):
        repo.finish(conversation)
    assert cases.get(number, audit=False).actions == ()
    assert repo.get(conversation.id).status == ConversationStatus.DRAFT


def test_recognition_marks_earlier_steps_done_and_progress_spans_conversations(register):
    cases, repo = _repos(register)
    number = _case(cases)
    first = repo.save_draft(_filled(repo.start(number, held_on=date(2026, 3, 3))))
    repo.finish(first)
    open_steps = repo.open_steps(number)
    assert len(open_steps) == 3 and open_steps[0].agreed_on == date(2026, 3, 3)
    second = repo.start(number, ConversationKind.PROGRESS)
    assert second.contact_name == "Sanne Bakker"  # prefilled from the last conversation
    second = second.with_recognition(open_steps[0].action_id, True, "zelf gedaan")
    second = second.with_placement("debts", 2).with_placement("buffer", 2)
    second = replace(second, participants=("u",), goals=(Goal("Rust in de post", None, (
        GoalStep("Eén keer per week de post openen", ActionOwner.RESIDENT, date(2026, 3, 27)),)),))
    result = repo.finish(repo.save_draft(second))
    assert result.recognised == 1
    done = {a.id: a for a in cases.get(number, audit=False).actions}[open_steps[0].action_id]
    assert done.status == ActionStatus.DONE and done.done_on == TODAY
    assert len(repo.open_steps(number)) == 3  # two old ones + the new one
    # the first conversation's step reads back as done: the next step of its goal moves on
    reread = repo.get(first.id)
    assert open_steps[0].description == "Aanvraag huurtoeslag klaarzetten"  # earliest due first
    assert reread.goals[1].steps[0].done and reread.goals[1].next_step is None
    assert reread.goals[0].next_step.description == "Brieven in de map doen"
    bridge = load_bridge(resource_path(*BRIDGE_RESOURCE), built_in=True)
    progress = repo.progress(number, bridge)
    assert [s.held_on for s in progress.snapshots] == [date(2026, 3, 3), TODAY]
    finance = [s for s in progress.series if s.pillar.id == "financial_management"][0]
    assert finance.values == (1.5, 2)


def test_recognising_an_action_of_another_case_is_refused(register):
    cases, repo = _repos(register)
    other = _case(cases)
    first = repo.save_draft(_filled(repo.start(other)))
    foreign_action = repo.finish(first).action_ids[0]
    number = _case(cases)
    draft = repo.start(number).with_recognition(foreign_action, True)
    with pytest.raises(ConversationError, match="hoort niet"):
        repo.save_draft(draft)


def test_delete_draft_and_case_cascade(register):
    cases, repo = _repos(register)
    number = _case(cases)
    draft = repo.save_draft(_filled(repo.start(number)))
    repo.delete_draft(draft.id)
    with pytest.raises(ConversationNotFound):
        repo.get(draft.id)
    kept = repo.save_draft(_filled(repo.start(number)))
    cases.delete(number)
    with pytest.raises(ConversationNotFound):
        repo.get(kept.id)
    assert register.db.query_one("SELECT count(*) FROM conversation_goal_steps s JOIN conversation_goals g "
                                 "ON g.id = s.goal_id WHERE g.conversation_id = ?", (kept.id,))[0] == 0


def test_partner_owner_and_documents_round_trip_and_the_partner_reaches_the_action(register):
    from ketenregie.store.partner_repository import PartnerRepository

    cases, repo = _repos(register)
    number = _case(cases)
    partner = PartnerRepository(register.db).list_partners()[0]
    draft = _filled(repo.start(number))
    goals = draft.goals[:1] + (Goal("Hulp bij de schulden", "financial_management", (
        GoalStep("Aanmelding voor schuldregeling beoordelen", ActionOwner.PARTNER, date(2026, 3, 27), partner.id),
    )),)
    draft = replace(draft, goals=goals).with_document("loonstrook of uitkering").with_document(
        "brief van de deurwaarder").with_document("  kopie   huurcontract ").with_document("Loonstrook of uitkering")
    assert draft.documents == ("brief van de deurwaarder", "kopie huurcontract", "Loonstrook of uitkering")
    saved = repo.save_draft(draft)
    again = repo.get(saved.id)
    assert again == saved
    assert again.documents == ("brief van de deurwaarder", "kopie huurcontract", "Loonstrook of uitkering")
    step = again.goals[1].steps[0]
    assert (step.owner, step.partner_id) == (ActionOwner.PARTNER, partner.id)
    # removing a document and a register round trip once more
    again = repo.save_draft(again.with_document("kopie huurcontract", present=False))
    assert repo.get(again.id).documents == ("brief van de deurwaarder", "Loonstrook of uitkering")

    result = repo.finish(again)
    action = {a.id: a for a in cases.get(number, audit=False).actions}[result.action_ids[-1]]
    assert (action.owner, action.partner_id) == (ActionOwner.PARTNER, partner.id)
    assert repo.get(again.id).documents == ("brief van de deurwaarder", "Loonstrook of uitkering")


def test_too_many_or_too_long_documents_are_refused_with_a_dutch_message(register):
    cases, repo = _repos(register)
    draft = repo.start(_case(cases))
    with pytest.raises(ConversationError, match="hooguit 8 papieren"):
        repo.save_draft(replace(draft, documents=tuple(f"papier {i}" for i in range(9))))
    with pytest.raises(ConversationError, match="te lang"):
        repo.save_draft(replace(draft, documents=("x" * 61,)))
    assert repo.get(draft.id).documents == ()
