"""A real demo register (create_demo_register, 60 cases): besides cases it holds meetings, conversations with
bridge progress, sharing bases and referrals — all stored through the repositories, audited, and fictitious."""
from __future__ import annotations

from datetime import date

import pytest

from ketenregie.checklist_source import active_bridge
from ketenregie.config import Policy
from ketenregie.demo import create_demo_register, fill_demo_activity
from ketenregie.domain.demo_data import is_fictitious_name
from ketenregie.domain.meetings import MeetingStatus, RecordKind
from ketenregie.domain.note_scanner import FindingKind, scan_text
from ketenregie.services.register import open_register
from ketenregie.store.case_repository import CaseRepository
from ketenregie.store.consent_repository import ConsentRepository
from ketenregie.store.conversation_repository import ConversationRepository
from ketenregie.store.meeting_repository import MeetingRepository
from ketenregie.store.referral_repository import ReferralRepository

TODAY = date(2026, 3, 30)
PASS = "een demo wachtwoordzin voor de test"
POLICY = Policy.defaults()


@pytest.fixture
def demo(tmp_path):
    path = tmp_path / "demo.ketenregie"
    create_demo_register(path, PASS, cases=60, today=TODAY, seed=11)
    register = open_register(path, PASS, policy=POLICY)
    yield register
    register.close("quit")


def test_meetings_upcoming_and_held_with_minutes(demo):
    meetings = MeetingRepository(demo.db, demo.audit, clock=lambda: TODAY)
    rows = meetings.list_meetings()
    planned = [r for r in rows if r.status == MeetingStatus.PLANNED]
    held = [r for r in rows if r.status == MeetingStatus.HELD]
    assert len(planned) == 3 and len(held) == 2
    assert all(r.starts_at.date() > TODAY for r in planned) and all(r.starts_at.date() < TODAY for r in held)
    assert all(3 <= r.item_count <= 5 for r in rows) and all(r.minutes_final for r in held)
    for row in held:
        meeting = meetings.get(row.id, audit=False)
        assert all(i.summary and i.summary_final for i in meeting.items)
        actions = [r for i in meeting.items for r in i.records if r.kind == RecordKind.ACTION]
        assert actions and all(r.case_action_id is not None for r in actions)  # landed in the case's actions
        assert meeting.items[0].consent is not None
    assert len({meetings.get(r.id, audit=False).series.id for r in rows}) == 1  # one biweekly series
    assert sum(c.marked for c in meetings.candidates()) == 2  # marked "voor overleg" for the next one


def test_conversations_with_bridge_progress_and_a_draft(demo):
    conversations = ConversationRepository(demo.db, demo.audit, clock=lambda: TODAY)
    bridge = active_bridge(POLICY).bridge
    numbers = [n for n, _, _ in conversations.case_choices()]
    with_talks = {n: conversations.list_for_case(n) for n in numbers}
    with_talks = {n: talks for n, talks in with_talks.items() if any(not t.is_draft for t in talks)}
    assert 3 <= len(with_talks) <= 8  # ~10% of the open cases
    progress = [conversations.progress(n, bridge) for n in with_talks]
    assert all(not p.is_empty for p in progress)
    assert any(len(p.snapshots) >= 2 for p in progress)
    assert all(t.held_on <= TODAY for talks in with_talks.values() for t in talks)
    assert len(conversations.drafts()) == 1
    cases = CaseRepository(demo.db, demo.audit, clock=lambda: TODAY)
    number = next(n for n, talks in with_talks.items() if any(t.goals for t in talks))
    case = cases.get(number, audit=False)
    assert any("gesprek" in j.text.lower() for j in case.journal)  # finished conversations are on the timeline


def test_referrals_with_a_recorded_basis_for_some_cases(demo):
    referrals = ReferralRepository(demo.db, demo.audit)
    consents = ConsentRepository(demo.db, demo.audit)
    found = []
    for case_id, number, _name, _phase in referrals.case_choices():
        for record in referrals.for_case(case_id):
            basis = consents.get(record.basis_id)
            assert basis.case_id == case_id and basis.partner_id == record.partner_id
            assert basis.is_active_on(record.letter_date) and "bsn" not in record.fields
            found.append(number)
    assert 1 <= len(found) <= 5
    assert referrals.sender().name == "Demi Voorbeeldt"
    exports = [e for e in demo.audit.recent(2000) if e.action == "export"]
    assert len(exports) == len(found)


def test_audit_chain_verifies_and_references_carry_no_content(demo):
    assert demo.audit.verify().ok
    refs = [e.object_ref for e in demo.audit.recent(2000)]
    assert any(r.startswith("meeting:") for r in refs) and any(r.startswith("conversation:") for r in refs)
    assert any(r.startswith("basis:") for r in refs) and any(r.startswith("referral:") for r in refs)
    assert not [r for r in refs if " " in r]  # references only, never a name or a text


def test_no_real_looking_data_anywhere(demo):
    names = [r[0] for r in demo.db.query_all("SELECT name FROM households")]
    assert names and all(is_fictitious_name(n) for n in names)
    texts = [r[0] for r in demo.db.query_all(
        "SELECT text FROM journal_entries UNION ALL SELECT description FROM actions "
        "UNION ALL SELECT question || ' ' || summary FROM agenda_items UNION ALL SELECT text FROM agenda_item_records "
        "UNION ALL SELECT purpose || ' ' || location || ' ' || chair FROM meetings "
        "UNION ALL SELECT participants || ' ' || documents || ' ' || contact_name || ' ' || next_appointment_place "
        "FROM conversations UNION ALL SELECT text FROM conversation_goals "
        "UNION ALL SELECT description FROM conversation_goal_steps")]
    assert len(texts) > 100
    for text in texts:
        assert not [f for f in scan_text(text) if f.kind in (FindingKind.BSN, FindingKind.IBAN)], text
    for participant in demo.db.query_all("SELECT organisation FROM meeting_participants"):
        assert not scan_text(participant[0])


def test_activity_needs_open_cases_and_is_deterministic(tmp_path):
    path = tmp_path / "leeg.ketenregie"
    create_demo_register(path, PASS, cases=0, today=TODAY)
    register = open_register(path, PASS, policy=POLICY)
    try:
        assert fill_demo_activity(register, today=TODAY).meetings == 0
        assert MeetingRepository(register.db, register.audit).list_meetings() == []
    finally:
        register.close("quit")
    shapes = []
    for name in ("a", "b"):
        path = tmp_path / f"{name}.ketenregie"
        create_demo_register(path, PASS, cases=30, today=TODAY, seed=3)
        register = open_register(path, PASS, policy=POLICY)
        try:
            shapes.append((
                register.db.query_all("SELECT starts_at, purpose, location FROM meetings ORDER BY id"),
                register.db.query_all("SELECT a.pseudonym, c.case_number, a.question FROM agenda_items a "
                                      "JOIN cases c ON c.id = a.case_id ORDER BY a.id"),
                register.db.query_all("SELECT c.case_number, v.held_on, v.kind FROM conversations v "
                                      "JOIN cases c ON c.id = v.case_id ORDER BY v.id"),
                register.db.query_all("SELECT conversation_id, sub_area_id, step FROM conversation_bridge "
                                      "ORDER BY 1, 2"),
                register.db.query_all("SELECT letter_date, fields FROM referrals ORDER BY id")))
        finally:
            register.close("quit")
    assert shapes[0] == shapes[1] and shapes[0][0]


def test_a_year_of_signals_fills_every_queue_with_the_real_mix(demo):
    from collections import Counter

    from ketenregie.domain.signals.codes import SignalPartnerKind
    from ketenregie.domain.signals.triage import Queue
    from ketenregie.services.signals import SignalService

    service = SignalService(demo, clock=lambda: TODAY)
    cases = service.repo.all_cases()
    signals = [s for c in cases for s in c.signals]
    assert 1100 <= len(signals) <= 1300  # about 100 a month
    mix = Counter(s.partner_kind for s in signals)
    assert 0.38 <= mix[SignalPartnerKind.HEALTH] / len(signals) <= 0.52
    assert {SignalPartnerKind.ENERGY, SignalPartnerKind.RENT, SignalPartnerKind.WATER} <= set(mix)
    queues = Counter(r.queue for r in service.repo.queue_rows())
    assert all(queues[q] > 0 for q in Queue), queues
    assert all(is_fictitious_name(c.household.name) for c in cases)
    assert min(s.signal_date for s in signals) >= date(2025, 3, 30)
