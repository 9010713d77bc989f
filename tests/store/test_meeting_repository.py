"""Meetings in a real SQLCipher register: save and reload, pseudonym mapping only in the register, agreed actions
land in the case's action list and journal, closed/deleted cases keep the meeting readable, retention purge."""
from __future__ import annotations

from dataclasses import replace
from datetime import date, datetime

import pytest

from ketenregie.config import Policy
from ketenregie.domain.cases import (ActionOwner, ActionStatus, Case, CasePartner, Closing, ClosingReason,
                                     DebtBand, DebtPicture, Household, IntakeRoute, PartnerRole, Phase)
from ketenregie.domain.meetings import (CaseMeeting, CaseState, ItemRecord, MeetingKind, MeetingStatus,
                                        NamedDiscussionConsent, Participant, ParticipantRole, RecordKind, Recurrence,
                                        Series)
from ketenregie.services.register import create_register
from ketenregie.store.case_repository import CaseRepository
from ketenregie.store.meeting_repository import MeetingRepository, MeetingValidationError
from ketenregie.store.partner_repository import PartnerRepository, ensure_default_partners
from ketenregie.vault.kdf import KdfParams

TODAY = date(2026, 5, 12)
NAMES = ["Zwanhilde Kanarievogel", "Piet Puk", "Anna de Wit", "Karel Bos", "Fatima El Amrani"]


@pytest.fixture(scope="module")
def register(tmp_path_factory):
    path = tmp_path_factory.mktemp("reg") / "register.krg"
    reg, _, _ = create_register(path, "een lange wachtwoordzin voor tests", policy=Policy.defaults(),
                                kdf=KdfParams.minimum())
    ensure_default_partners(reg.db)
    yield reg
    reg.close()


@pytest.fixture(scope="module")
def repos(register):
    cases = CaseRepository(register.db, register.audit, clock=lambda: TODAY)
    return cases, MeetingRepository(register.db, register.audit, cases=cases, clock=lambda: TODAY)


@pytest.fixture(scope="module")
def partners(register):
    return PartnerRepository(register.db).by_code()


def _new_case(cases: CaseRepository, name: str, partner_id: int) -> Case:
    number = cases.create(Case(household=Household(name=name, date_of_birth=date(1984, 3, 7), postcode="2651 AB",
                                                   adults=1, children=1),
                               intake_route=IntakeRoute.SELF, help_request_date=date(2026, 4, 1),
                               debt=DebtPicture(DebtBand.FROM_5000, 4),
                               partners=(CasePartner(partner_id, PartnerRole.DEBT_SETTLEMENT, leads=True),)))
    return cases.get(number, audit=False)


def _plan(repo: MeetingRepository, case_ids, partners) -> CaseMeeting:
    meeting = CaseMeeting(starts_at=datetime(2026, 5, 12, 9, 30), purpose="Vastgelopen trajecten", chair="Teamleider",
                          location="Raadhuis", series=Series(Recurrence.FOUR_WEEKLY, "Casuïstiekoverleg"),
                          participants=(Participant("Gemeente", ParticipantRole.CHAIR),
                                        Participant("PLANgroep", partner_id=partners["plangroep"].id),
                                        Participant("Kwadraad", partner_id=partners["kwadraad"].id)))
    return repo.add_cases(meeting, case_ids)


def test_plan_five_cases_save_reload_and_record_actions(repos, partners, register):
    cases, meetings = repos
    plan_id = partners["plangroep"].id
    made = [_new_case(cases, name, plan_id) for name in NAMES]
    meetings.mark_for_meeting(made[0].case_number, "Wie neemt de regie?")
    meeting = _plan(meetings, [c.id for c in made], partners)
    assert [i.case_id for i in meeting.items] == [c.id for c in made]
    assert meeting.items[0].question == "Wie neemt de regie?"
    summary = meeting.items[0].summary
    assert "Leeftijd: 40 tot 55 jaar" in summary and "PLANgroep" in summary
    assert "Kanarievogel" not in summary and made[0].case_number not in summary

    meeting = replace(meeting, items=tuple(replace(i, summary_final=True) for i in meeting.items))
    meeting_id = meetings.save(meeting)
    loaded = meetings.get(meeting_id)
    assert [(i.pseudonym, i.case_id, i.summary_final) for i in loaded.items] == [
        (i.pseudonym, i.case_id, True) for i in meeting.items]
    assert loaded.series.recurrence == Recurrence.FOUR_WEEKLY
    assert [p.organisation for p in loaded.participants] == ["Gemeente", "PLANgroep", "Kwadraad"]

    # In the meeting: per item an agreement and an action for the partner; a discussion point stays local.
    for item in loaded.items:
        meetings.record(meeting_id, item.id, ItemRecord(RecordKind.DISCUSSION, "Zorgen over de huur"))
        meetings.record(meeting_id, item.id, ItemRecord(RecordKind.AGREEMENT, "PLANgroep houdt de regie"))
        outcome = meetings.record(meeting_id, item.id, ItemRecord(
            RecordKind.ACTION, "Stand schuldregeling delen", owner=ActionOwner.PARTNER, partner_id=plan_id,
            due=date(2026, 5, 26)))
        assert outcome.case_action_id is not None
    meetings.finish(meeting_id)

    for case in made:
        after = cases.get(case.case_number, audit=False)
        (action,) = after.actions
        assert action.description == "Stand schuldregeling delen" and action.owner == ActionOwner.PARTNER
        assert action.due == date(2026, 5, 26) and action.status == ActionStatus.OPEN
        texts = [j.text for j in after.journal]
        assert any("afspraak — PLANgroep houdt de regie" in t for t in texts)
        assert any("actie afgesproken — Stand schuldregeling delen" in t for t in texts)
        assert not any("Zorgen over de huur" in t for t in texts)
        assert not any(i.pseudonym in " ".join(texts) for i in loaded.items)  # no pseudonym in the case
    final = meetings.get(meeting_id, audit=False)
    assert final.status == MeetingStatus.HELD and final.minutes_final
    assert meetings.marked_case_ids() == []
    assert all(len(i.records) == 3 for i in final.items)
    refs = [e.object_ref for e in register.audit.recent(400)]
    assert f"meeting:{meeting_id}" in refs
    assert all("Kanarievogel" not in r for r in refs)


def test_deleting_a_recorded_action_cancels_it_in_the_case(repos, partners):
    cases, meetings = repos
    case = _new_case(cases, "Els Verwijder", partners["plangroep"].id)
    meeting_id = meetings.save(_plan(meetings, [case.id], partners))
    item = meetings.get(meeting_id).items[0]
    outcome = meetings.record(meeting_id, item.id, ItemRecord(RecordKind.ACTION, "Bellen", owner=ActionOwner.SELF,
                                                              due=date(2026, 5, 14)))
    meetings.delete_record(meeting_id, outcome.record_id)
    (action,) = cases.get(case.case_number, audit=False).actions
    assert action.status == ActionStatus.CANCELLED
    assert meetings.get(meeting_id).items[0].records == ()


def test_meeting_with_closed_and_deleted_cases_still_opens_and_says_so(repos, partners):
    cases, meetings = repos
    closed = _new_case(cases, "Carla Gesloten", partners["plangroep"].id)
    gone = _new_case(cases, "Gert Weg", partners["plangroep"].id)
    meeting_id = meetings.save(_plan(meetings, [closed.id, gone.id], partners))
    cases.update(replace(closed, phase=Phase.CLOSED, closing=Closing(ClosingReason.RESOLVED, TODAY)))
    cases.delete(gone.case_number)
    loaded = meetings.get(meeting_id)
    states = [i.case_state for i in loaded.items]
    assert states == [CaseState.CLOSED, CaseState.DELETED]
    assert loaded.items[1].case_id is None and "verwijderd" in loaded.items[1].status_note_nl
    # An agreement can still be recorded for the deleted case's item; it only goes into the minutes.
    outcome = meetings.record(meeting_id, loaded.items[1].id, ItemRecord(RecordKind.AGREEMENT, "Afgerond"))
    assert outcome.case_action_id is None
    meetings.save(meetings.get(meeting_id))  # re-saving with a deleted case works too


def test_named_consent_is_stored_and_names_only_where_covered(repos, partners):
    cases, meetings = repos
    case = _new_case(cases, "Zwanhilde Benoemd", partners["plangroep"].id)
    meeting = _plan(meetings, [case.id], partners)
    plan_key = meeting.participants[1].key
    consent = NamedDiscussionConsent(date(2026, 5, 1), "Bespreking met naam", frozenset({plan_key}))
    meeting = replace(meeting, items=(replace(meeting.items[0], consent=consent),))
    loaded = meetings.get(meetings.save(meeting))
    assert loaded.items[0].consent.participant_keys == {plan_key}
    assert meetings.names_for_document(loaded) == {}  # for all participants: not covered
    assert meetings.names_for_document(loaded, frozenset({plan_key})) == {
        loaded.items[0].pseudonym: "Zwanhilde Benoemd"}
    # Removing the covered participant removes them from the consent (cascade) -> the form check refuses it.
    without = replace(loaded, participants=loaded.participants[:1] + loaded.participants[2:])
    with pytest.raises(MeetingValidationError):
        meetings.save(without)


def test_final_summary_with_a_name_is_refused_and_nothing_is_saved(repos, partners, register):
    cases, meetings = repos
    case = _new_case(cases, "Hendrik Lekvrij", partners["plangroep"].id)
    meeting = _plan(meetings, [case.id], partners)
    bad = replace(meeting, items=(replace(meeting.items[0], summary="Hendrik woont alleen", summary_final=True),))
    before = len(meetings.list_meetings())
    with pytest.raises(MeetingValidationError) as raised:
        meetings.save(bad)
    assert "naam" in raised.value.user_message and "Hendrik" not in raised.value.user_message
    assert len(meetings.list_meetings()) == before


def test_same_case_gets_different_pseudonyms_in_different_meetings(repos, partners):
    cases, meetings = repos
    case = _new_case(cases, "Herhaal Casus", partners["plangroep"].id)
    pseudonyms = set()
    for _ in range(12):
        meeting = meetings.get(meetings.save(_plan(meetings, [case.id], partners)), audit=False)
        pseudonyms.add(meeting.items[0].pseudonym)
    assert len(pseudonyms) > 4  # 12 independent draws from 26 letters


def test_a_record_with_the_residents_name_is_refused(repos, partners):
    cases, meetings = repos
    case = _new_case(cases, "Berend Naamloos", partners["plangroep"].id)
    meeting_id = meetings.save(_plan(meetings, [case.id], partners))
    item = meetings.get(meeting_id).items[0]
    with pytest.raises(MeetingValidationError) as raised:
        meetings.record(meeting_id, item.id, ItemRecord(RecordKind.AGREEMENT, "Berend belt de verhuurder"))
    assert "naam" in raised.value.user_message
    assert cases.get(case.case_number, audit=False).journal == ()
