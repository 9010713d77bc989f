"""Meeting rules: agenda building, time boxes, who may see a name, validation, minutes, series, retention."""
from __future__ import annotations

from dataclasses import replace
from datetime import date, datetime

import pytest

from ketenregie.domain.cases import ActionOwner
from ketenregie.domain.meetings import (AgendaItem, CaseMeeting, CaseState, ItemRecord, MeetingKind,
                                        MeetingRetention, NamedDiscussionConsent, Participant, ParticipantRole,
                                        RecordKind, Recurrence, add_cases, due_for_destruction, follow_up,
                                        may_show_name, minutes, move_item, next_occurrences, retention_until,
                                        schedule, total_time_box, validate_meeting, validate_record)

START = datetime(2026, 5, 12, 9, 30)
GGZ = Participant("GGZ Delfland", ParticipantRole.MEMBER, key="ggz")
PLAN = Participant("PLANgroep", ParticipantRole.MEMBER, partner_id=1, key="plan")
CHAIR = Participant("Gemeente Lansingerland", ParticipantRole.CHAIR, key="gem")


def _meeting(**changes) -> CaseMeeting:
    base = CaseMeeting(starts_at=START, purpose="Vastgelopen trajecten doorbreken", chair="Teamleider schuldhulp",
                       location="Raadhuis, kamer 2.14", participants=(CHAIR, GGZ, PLAN))
    return replace(base, **changes)


def test_a_complete_meeting_is_valid():
    meeting = add_cases(_meeting(), [1, 2, 3, 4, 5])
    assert validate_meeting(meeting) == []
    assert len(meeting.items) == 5 and total_time_box(meeting) == 75


@pytest.mark.parametrize("changes, fragment", [
    (dict(purpose=" "), "doel"),
    (dict(chair=""), "voorzit"),
    (dict(location=""), "plaats"),
    (dict(duration_minutes=5), "duur"),
    (dict(participants=(CHAIR,)), "organisatie"),
])
def test_missing_meeting_details_are_named_in_dutch(changes, fragment):
    problems = validate_meeting(_meeting(**changes))
    assert any(fragment in p for p in problems), problems


def test_internal_meeting_needs_no_partners():
    assert validate_meeting(_meeting(kind=MeetingKind.INTERNAL, participants=())) == []


def test_schedule_follows_time_boxes():
    meeting = add_cases(_meeting(), [1, 2])
    meeting = replace(meeting, items=(replace(meeting.items[0], time_box_minutes=20), meeting.items[1]))
    slots = schedule(meeting)
    assert [(s.starts_at.strftime("%H:%M"), s.ends_at.strftime("%H:%M")) for s in slots] == [
        ("09:30", "09:50"), ("09:50", "10:05")]


def test_move_item_swaps_and_ignores_out_of_range():
    meeting = add_cases(_meeting(), [1, 2, 3])
    moved = move_item(meeting, 0, 1)
    assert [i.case_id for i in moved.items] == [2, 1, 3]
    assert move_item(meeting, 2, 1) == meeting


def test_names_only_with_consent_and_only_for_the_participants_it_covers():
    consent = NamedDiscussionConsent(date(2026, 5, 1), "Bespreking met naam in dit overleg", frozenset({"gem", "plan"}))
    item = AgendaItem("Casus K", case_id=7, consent=consent)
    assert may_show_name(item, {"plan"})
    assert may_show_name(item, {"gem", "plan"})
    assert not may_show_name(item, {"gem", "plan", "ggz"})  # a document for everyone: GGZ is not covered
    assert not may_show_name(item, set())
    assert not may_show_name(item, {"plan"}, shared_screen=True)  # meeting mode: never
    assert not may_show_name(replace(item, consent=None), {"plan"})
    assert not may_show_name(replace(item, case_state=CaseState.DELETED), {"plan"})


def test_consent_must_be_dated_scoped_and_cover_participants_of_this_meeting():
    meeting = add_cases(_meeting(), [1])
    bad = NamedDiscussionConsent(date(2026, 6, 1), "", frozenset({"someone-else"}))
    meeting = replace(meeting, items=(replace(meeting.items[0], consent=bad),))
    problems = " ".join(validate_meeting(meeting))
    assert "vóór of op de dag" in problems and "waarvoor" in problems and "niet (meer)" in problems


@pytest.mark.parametrize("record, fragment", [
    (ItemRecord(RecordKind.ACTION, "Aanvraag bijzondere bijstand", owner=None, due=date(2026, 6, 1)), "wie"),
    (ItemRecord(RecordKind.ACTION, "Bellen met verhuurder", owner=ActionOwner.PARTNER, due=date(2026, 6, 1)),
     "ketenpartner"),
    (ItemRecord(RecordKind.ACTION, "Bellen", owner=ActionOwner.SELF), "datum"),
    (ItemRecord(RecordKind.ACTION, "Bellen", owner=ActionOwner.SELF, due=date(2026, 5, 1)), "vóór"),
    (ItemRecord(RecordKind.AGREEMENT, " "), "tekst"),
    (ItemRecord(RecordKind.AGREEMENT, "Afspraak", due=date(2026, 6, 1)), "Alleen een actie"),
])
def test_record_validation(record, fragment):
    assert any(fragment in p for p in validate_record(record, START.date()))


def test_valid_action_records():
    assert validate_record(ItemRecord(RecordKind.ACTION, "Bellen", owner=ActionOwner.PARTNER, partner_id=1,
                                      due=date(2026, 5, 19)), START.date()) == []
    assert validate_record(ItemRecord(RecordKind.DISCUSSION, "Zorgen over huur"), START.date()) == []


def test_minutes_hold_agreements_and_actions_never_discussion_points():
    meeting = add_cases(_meeting(), [1])
    records = (ItemRecord(RecordKind.DISCUSSION, "Het verhaal"), ItemRecord(RecordKind.AGREEMENT, "PLANgroep neemt regie"),
               ItemRecord(RecordKind.ACTION, "Moratorium aanvragen", owner=ActionOwner.SELF, due=date(2026, 5, 20)))
    meeting = replace(meeting, items=(replace(meeting.items[0], records=records),))
    (entry,) = minutes(meeting)
    assert [r.text for r in entry.agreements] == ["PLANgroep neemt regie"]
    assert [r.text for r in entry.actions] == ["Moratorium aanvragen"]


def test_series_dates():
    assert next_occurrences(START, Recurrence.BIWEEKLY, 2) == [datetime(2026, 5, 26, 9, 30),
                                                                datetime(2026, 6, 9, 9, 30)]
    assert next_occurrences(datetime(2026, 1, 31, 14, 0), Recurrence.MONTHLY, 2) == [
        datetime(2026, 2, 28, 14, 0), datetime(2026, 3, 31, 14, 0)]


def test_follow_up_gets_fresh_participant_keys_and_no_items():
    meeting = add_cases(_meeting(), [1, 2])
    nxt = follow_up(meeting, datetime(2026, 5, 26, 9, 30))
    assert [p.organisation for p in nxt.participants] == [p.organisation for p in meeting.participants]
    assert not nxt.participant_keys & meeting.participant_keys
    assert nxt.items == ()


def test_retention_per_selectielijst():
    external = _meeting(id=1)
    internal = _meeting(id=2, kind=MeetingKind.INTERNAL)
    assert external.retention == MeetingRetention.WITH_PARTNERS
    assert retention_until(external) == date(2031, 5, 12)
    assert retention_until(internal) == date(2027, 5, 12)
    assert retention_until(_meeting(starts_at=datetime(2028, 2, 29, 9, 0), kind=MeetingKind.INTERNAL)) == date(2029, 2, 28)
    assert due_for_destruction([external, internal], date(2027, 5, 12)) == [internal]
    assert retention_until(internal, {MeetingRetention.INTERNAL: 2, MeetingRetention.WITH_PARTNERS: 5}) == date(2028, 5, 12)


def test_status_note_for_closed_or_deleted_cases():
    assert AgendaItem("Casus A").status_note_nl == ""
    assert "afgesloten" in AgendaItem("Casus A", case_state=CaseState.CLOSED).status_note_nl
    assert "verwijderd" in AgendaItem("Casus A", case_state=CaseState.DELETED).status_note_nl


def test_reprs_hold_no_content():
    item = AgendaItem("Casus A", question="Mevrouw Kanarievogel?", summary="geheim")
    assert "Kanarievogel" not in repr(item) and "geheim" not in repr(item)
    assert "Kanarievogel" not in repr(ItemRecord(RecordKind.AGREEMENT, "Kanarievogel"))


def test_retention_ids_and_meeting_columns_are_in_the_privacy_catalogue():
    from pathlib import Path

    from ketenregie.domain.privacy_catalogue import load_catalogue

    catalogue = load_catalogue(Path(__file__).resolve().parents[2] / "resources" / "privacy" / "catalogue.toml")
    for rule in MeetingRetention:
        assert rule.value in catalogue.retention_rules
    for column in ("case_id", "pseudonym", "question", "summary", "consent_given_on", "consent_scope"):
        field = catalogue.field("agenda_items", column)
        assert field.retention == "meeting_documents"
    assert catalogue.field("agenda_items", "case_id").recipients == ()  # the mapping never leaves the register
