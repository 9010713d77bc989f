"""Test helper for the resident's rights (issue 11): a real register with one case that has data in every place a
case can leave data — household, help request, journal, actions, a conversation draft with notes and a goal, a
sharing basis with a referral, a meeting mark, and an agenda item with question, summary and minutes records —
each carrying a canary. Uses the repositories; the referral row goes in by SQL (as tests/store/
test_retention_purge.py does) because a letter needs the whole composer."""
from __future__ import annotations

from dataclasses import replace
from datetime import date, datetime, timedelta

from ketenregie.checklist_source import active_bridge
from ketenregie.config import Policy
from ketenregie.domain.cases import Action, Case, Household, IntakeRoute, JournalEntry
from ketenregie.domain.conversations import Goal, GoalStep
from ketenregie.domain.meetings import (CaseMeeting, ItemRecord, MeetingKind, Participant, ParticipantRole,
                                        RecordKind)
from ketenregie.services.register import create_register
from ketenregie.store.case_repository import CaseRepository
from ketenregie.store.conversation_repository import ConversationRepository
from ketenregie.store.meeting_repository import MeetingRepository
from ketenregie.store.partner_repository import PartnerRepository, ensure_default_partners
from ketenregie.vault.kdf import KdfParams

TODAY = date(2026, 5, 12)
PASSPHRASE = "een lange wachtwoordzin voor tests"
CANARY_NAME = "Zwanhilde Kanarievogel-Qx"
CANARY_BSN = "111222333"            # passes the elfproef
CANARY_IBAN = "NL91ABNA0417164300"
CANARY_PHONE = "06-98765432"
CANARY_NOTE = "Kanarienotitie-Vlinderstruik"
CANARIES = (CANARY_NAME, CANARY_BSN, CANARY_IBAN, CANARY_PHONE, CANARY_NOTE)


def new_register(path):
    register, _code, _ = create_register(path, PASSPHRASE, policy=Policy.defaults(), kdf=KdfParams.minimum())
    ensure_default_partners(register.db)
    return register


def register_key(register) -> bytes:
    """The raw data key (tests only: to decrypt the register's pages and look at every byte)."""
    return bytes(register._key)


def full_case(register, *, name: str = CANARY_NAME, note: str = CANARY_NOTE, bsn: str = CANARY_BSN,
              iban: str = CANARY_IBAN, phone: str = CANARY_PHONE, today: date = TODAY) -> str:
    """A case with canary data in every table a case reaches; returns its case number."""
    start = today - timedelta(days=20)
    cases = CaseRepository(register.db, register.audit, clock=lambda: today)
    partner = next(iter(PartnerRepository(register.db).by_code().values()))
    number = cases.create(Case(
        household=Household(name=name, date_of_birth=date(1980, 2, 3), phone=phone,
                            email="zwanhilde@example.nl", postcode="2651 AB", house_number="12"),
        intake_route=IntakeRoute.SELF, help_request_date=start,
        help_request=f"Hulp bij betalingsachterstand, rekening {iban}. {note}",
        actions=(Action(f"Bel de verhuurder over {note}"),),
        journal=(JournalEntry(start, f"Eerste gesprek: BSN {bsn} gezien. {note}"),)))
    case = cases.get(number, audit=False)
    conversations = ConversationRepository(register.db, register.audit, cases=cases, clock=lambda: today)
    draft = conversations.start(number)
    bridge = active_bridge(register.policy).bridge
    draft = replace(draft, participants=("u", f"buurvrouw van {name}"),
                    placements={bridge.sub_areas[0].id: 3},
                    goals=(Goal(f"Rust in de post {note}", steps=(GoalStep(f"Map maken {note}"),)),))
    conversations.save_draft(draft)
    meetings = MeetingRepository(register.db, register.audit, cases=cases, clock=lambda: today)
    meetings.mark_for_meeting(number, f"Wie neemt de regie? {note}")
    meeting = CaseMeeting(starts_at=datetime.combine(today, datetime.min.time()).replace(hour=9),
                          purpose="Vastgelopen trajecten", chair="Teamleider", kind=MeetingKind.WITH_PARTNERS,
                          location="Raadhuis", participants=(Participant("Gemeente", ParticipantRole.CHAIR),
                                                             Participant("Kwadraad", ParticipantRole.MEMBER)))
    meeting_id = meetings.save(meeting)
    saved = meetings.get(meeting_id, audit=False)
    with_case = meetings.add_cases(saved, [case.id])
    items = tuple(replace(i, summary=i.summary + f" {note}") for i in with_case.items)
    meetings.save(replace(with_case, items=items))
    saved = meetings.get(meeting_id, audit=False)
    meetings.record(meeting_id, saved.items[0].id, ItemRecord(RecordKind.AGREEMENT, f"Afspraak {note}"))
    with register.db.transaction() as conn:
        basis = conn.execute(
            "INSERT INTO sharing_bases (case_id, partner_id, kind, given_on, form, scope, recorded_by, recorded_at) "
            "VALUES (?, ?, 'consent', ?, 'written', 'name help_request', 'test', "
            "'2026-05-01T00:00:00+00:00')", (case.id, partner.id, start.isoformat())).lastrowid
        conn.execute("INSERT INTO referrals (case_id, partner_id, basis_id, letter_date, fields, created_by, "
                     "created_at) VALUES (?, ?, ?, ?, 'name help_request', 'test', "
                     "'2026-05-01T00:00:00+00:00')", (case.id, partner.id, basis, start.isoformat()))
    return number
