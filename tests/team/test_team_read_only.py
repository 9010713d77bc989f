"""Item (a): a handed-over case is read-only on every surface, refused in the store/service layer with one Dutch
message (not only greyed out in the UI); a cover copy takes journal notes and actions but nothing else. The AVG
rights that do not change the case (inzage, erasure on request) keep working. Real registers, real repositories."""
from __future__ import annotations

from dataclasses import replace
from datetime import date, timedelta

import pytest

from ketenregie.documents.sample_referrals import (SAMPLE_PARTNERS, sample_basis, sample_case, sample_content,
                                                   sample_sender, shipped_profiles)
from ketenregie.domain.cases import Action, ActionOwner, ActionStatus, JournalEntry
from ketenregie.domain.consent import BasisKind
from ketenregie.domain.referral_draft import LetterDraft
from ketenregie.domain.meetings import ItemRecord, RecordKind
from ketenregie.domain.referral import compose_referral
from ketenregie.store.case_guard import CaseHandedOver, CaseIsCoverCopy
from ketenregie.store.case_repository import CaseRepository
from ketenregie.store.consent_repository import ConsentRepository
from ketenregie.store.conversation_repository import ConversationRepository
from ketenregie.store.letter_draft_repository import LetterDraftRepository
from ketenregie.store.meeting_repository import MeetingRepository
from ketenregie.store.rectification_repository import RectificationRepository
from ketenregie.store.referral_repository import ReferralRepository

from team_helpers import introduce

MESSAGE = CaseHandedOver.user_message
_TABLES = ("cases", "households", "journal_entries", "actions", "conversations", "conversation_checklist",
           "sharing_bases", "referrals", "letter_drafts", "case_meeting_marks", "agenda_items", "agenda_item_records",
           "signal_cases")


def _snapshot(member) -> dict:
    """Every row of the case tables (so 'nothing changed' means nothing, not only counts) and the audit length."""
    db = member.register.db
    rows = {t: db.query_all(f"SELECT * FROM {t} ORDER BY 1") for t in _TABLES}
    rows["audit"] = db.query_one("SELECT count(*) FROM audit_log")[0]
    return rows


def _case_number(member, case_id: int) -> str:
    return member.register.db.query_one("SELECT case_number FROM cases WHERE id = ?", (case_id,))[0]


@pytest.fixture
def handed(anna, bram):
    """Anna's case with the sharing basis (and a conversation draft), and a case on a meeting agenda, handed over
    to Bram and marked at once."""
    bram_id, _ = introduce(anna, bram)
    db = anna.register.db
    basis_case = db.query_one("SELECT case_id FROM sharing_bases ORDER BY id LIMIT 1")[0]
    item_id, meeting_id, item_case = db.query_one(
        "SELECT id, meeting_id, case_id FROM agenda_items WHERE case_id IS NOT NULL AND case_id <> ? ORDER BY id"
        " LIMIT 1", (basis_case,))
    conversations = ConversationRepository(db, anna.register.audit)
    draft = conversations.start(_case_number(anna, basis_case))
    numbers = [_case_number(anna, basis_case), _case_number(anna, item_case)]
    anna.team.make_handover(bram_id, case_numbers=numbers, mark_now=True)
    return {"number": numbers[0], "case_id": basis_case, "draft": draft, "meeting_id": meeting_id,
            "item_id": item_id, "item_number": numbers[1], "item_case": item_case}


def _refused(call, exc=CaseHandedOver):
    with pytest.raises(exc) as caught:
        call()
    assert caught.value.user_message == exc.user_message
    return caught.value


def test_every_surface_refuses_a_handed_over_case_and_nothing_changes(anna, handed):
    db, audit = anna.register.db, anna.register.audit
    number, case_id = handed["number"], handed["case_id"]
    cases = CaseRepository(db, audit)
    case = cases.get(number, audit=False)
    before = _snapshot(anna)
    # case fields, journal, actions
    _refused(lambda: cases.update(case))
    _refused(lambda: cases.add_journal_entry(number, JournalEntry(date.today(), "Nog een notitie")))
    _refused(lambda: cases.add_action(number, Action("Bellen", ActionOwner.SELF, None, date.today())))
    if case.actions:
        _refused(lambda: cases.set_action_status(number, case.actions[0].id, ActionStatus.DONE))
    # conversations: start, continue (save the draft), finish, throw the draft away
    conversations = ConversationRepository(db, audit, cases=cases)
    draft = handed["draft"]
    _refused(lambda: conversations.start(number))
    _refused(lambda: conversations.save_draft(draft))
    _refused(lambda: conversations.finish(draft))
    _refused(lambda: conversations.delete_draft(draft.id))
    # consents: record a new one, withdraw the existing one
    consents = ConsentRepository(db, audit)
    existing = consents.for_case(case_id)[0]
    _refused(lambda: consents.withdraw(existing.id))
    _refused(lambda: consents.withdraw_all([existing]))
    _refused(lambda: consents.record(replace(existing, id=None), allowed_kinds=list(BasisKind),
                                     profile_fields=existing.scope))
    # referral letters: the record of a letter, and a letter draft
    partner = SAMPLE_PARTNERS["social_work"]
    profile = shipped_profiles().for_partner_type("social_work")
    letter = compose_referral(sample_case(), partner, profile,
                              [sample_basis(partner, BasisKind.CONSENT, profile.field_ids({}))], sample_content(),
                              sender=sample_sender(), letter_date=date.today(), bsn_enabled=False,
                              partner_names={p.id: p for p in SAMPLE_PARTNERS.values()})
    letter = replace(letter, case_number=number)
    _refused(lambda: ReferralRepository(db, audit).record(letter, case_id=case_id, basis_id=existing.id,
                                                          resident_copy=False, protected=False))
    _refused(lambda: LetterDraftRepository(db, audit).save(case_id, LetterDraft(None, "120,00", "", "", "", None)))
    # meetings: mark "voor overleg", add to an agenda, record a decision (or only a discussion point)
    meetings = MeetingRepository(db, audit, cases=cases)
    _refused(lambda: meetings.mark_for_meeting(number, "Hoe verder?"))
    meeting = meetings.get(handed["meeting_id"], audit=False)
    _refused(lambda: meetings.add_cases(meeting, [case_id]))
    assert case_id not in {c.case_id for c in meetings.candidates(include_closed=True)}
    for kind in (RecordKind.AGREEMENT, RecordKind.DISCUSSION):
        _refused(lambda kind=kind: meetings.record(handed["meeting_id"], handed["item_id"],
                                                   ItemRecord(kind, "Afgesproken: nog een gesprek")))
    # rectification (AVG art. 16) goes to the colleague who has the case now
    rectify = RectificationRepository(db, audit)
    journal_id = case.journal[0].id
    _refused(lambda: rectify.correct_journal_entry(number, journal_id, "Gecorrigeerde tekst"))
    if case.actions:
        _refused(lambda: rectify.correct_action(number, case.actions[0].id, "Gecorrigeerde actie"))
    assert _snapshot(anna) == before  # nothing half-written, no audit entry


def test_a_signal_cannot_be_linked_to_a_handed_over_case(anna, bram, tmp_path):
    from ketenregie.domain.signals.codes import Outcome
    from ketenregie.services.signals import SignalService

    bram_id, _ = introduce(anna, bram)
    db = anna.register.db
    case_id, number, postcode, house = db.query_one(
        "SELECT c.id, c.case_number, h.postcode, h.house_number FROM cases c JOIN households h ON h.case_id = c.id"
        " WHERE c.phase <> 'closed' AND h.postcode IS NOT NULL AND h.house_number IS NOT NULL ORDER BY c.id LIMIT 1")
    anna.team.make_handover(bram_id, case_numbers=[number], mark_now=True)
    import sys
    from pathlib import Path

    sys.path.insert(0, str(Path(__file__).resolve().parents[1] / "signals"))
    from signal_helpers import row, write_csv

    signals = SignalService(anna.register)
    signals.import_parsed(signals.read_file(write_csv(tmp_path / "s.csv", [
        row("S1", day=(date.today() - timedelta(days=5)).isoformat(),
            start=(date.today() - timedelta(days=60)).isoformat(), postcode=postcode, number=str(house))])))
    signal_case = db.query_one("SELECT id FROM signal_cases ORDER BY id DESC LIMIT 1")[0]
    assert signals.repo.known_case_id(signals.repo.get(signal_case).household) == case_id
    before = _snapshot(anna)
    _refused(lambda: signals.close(signal_case, Outcome.FOLLOW_UP))
    assert _snapshot(anna) == before


def test_inzage_and_erasure_on_request_still_work_on_a_handed_over_case(anna, handed):
    from ketenregie.services.erasure import ErasureService
    from ketenregie.services.inzage import InzageService

    number = handed["number"]
    report = InzageService(anna.register).build(number)
    assert report is not None
    ErasureService(anna.register).erase(number, number)
    assert anna.register.db.query_one("SELECT count(*) FROM cases WHERE case_number = ?", (number,))[0] == 0
    assert anna.register.db.query_one("SELECT count(*) FROM case_handed_over WHERE case_id = ?",
                                      (handed["case_id"],))[0] == 0


def test_a_cover_copy_takes_notes_and_actions_but_nothing_else(anna, bram):
    bram_id, _ = introduce(anna, bram)
    db = anna.register.db
    case_id = db.query_one("SELECT case_id FROM sharing_bases ORDER BY id LIMIT 1")[0]
    number = _case_number(anna, case_id)
    until = date.today() + timedelta(days=7)
    _cid, data, _ = anna.team.make_cover(bram_id, case_numbers=[number], until=until)
    bram.team.receive_cover(bram.team.open_bundle(data))
    bdb, baudit = bram.register.db, bram.register.audit
    local_id = bdb.query_one("SELECT id FROM cases WHERE case_number = ?", (number,))[0]
    cases = CaseRepository(bdb, baudit)
    case = cases.get(number, audit=False)
    before = _snapshot(bram)
    _refused(lambda: cases.update(case), CaseIsCoverCopy)
    conversations = ConversationRepository(bdb, baudit, cases=cases)
    _refused(lambda: conversations.start(number), CaseIsCoverCopy)
    consents = ConsentRepository(bdb, baudit)
    existing = consents.for_case(local_id)[0]
    _refused(lambda: consents.withdraw(existing.id), CaseIsCoverCopy)
    _refused(lambda: LetterDraftRepository(bdb, baudit).save(local_id, LetterDraft(None, "1,00", "", "", "", None)),
             CaseIsCoverCopy)
    _refused(lambda: RectificationRepository(bdb, baudit).correct_journal_entry(number, case.journal[0].id, "x"),
             CaseIsCoverCopy)
    assert _snapshot(bram) == before
    # what travels back is allowed: journal notes, actions, and a meeting's decisions (they land as both)
    cases.add_journal_entry(number, JournalEntry(date.today(), "Gebeld tijdens de vervanging"))
    cases.add_action(number, Action("Brief opvragen", ActionOwner.SELF, None, until))
    MeetingRepository(bdb, baudit, cases=cases).mark_for_meeting(number, "Vraag voor het overleg")
