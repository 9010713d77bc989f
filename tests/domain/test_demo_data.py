"""Demo data: seeded, clearly fictitious, valid, and spread over every state the caseload can show."""
from __future__ import annotations

from collections import Counter
from datetime import date

import pytest

from ketenregie.domain.calendar import AtwCalendar, EquatedDay
from ketenregie.domain.case_validation import validate_case
from ketenregie.domain.cases import ActionOwner, IntakeRoute, Partner, PartnerType, Phase
from ketenregie.domain.demo_data import FICTITIOUS_SURNAMES, generate_cases, is_fictitious_name
from ketenregie.domain.note_scanner import FindingKind, scan_text
from ketenregie.domain.terms import TermStatus

TODAY = date(2026, 3, 30)
CALENDAR = AtwCalendar([EquatedDay(date(2026, 5, 15), "Vrijdag na Hemelvaartsdag", "KB")], {2026})
PARTNERS = [Partner(i + 1, code, code.title(), kind) for i, (code, kind) in enumerate([
    ("plangroep", PartnerType.DEBT_HELP), ("kwadraad", PartnerType.SOCIAL_WORK), ("rbz", PartnerType.ENTREPRENEURS),
    ("kredietbank", PartnerType.CREDIT_BANK), ("bewind", PartnerType.ADMINISTRATOR), ("ggz", PartnerType.CARE)])]


@pytest.fixture(scope="module")
def cases():
    return generate_cases(600, today=TODAY, partners=PARTNERS)


def test_same_seed_same_cases_other_seed_other_cases():
    assert generate_cases(20, today=TODAY, partners=PARTNERS) == generate_cases(20, today=TODAY, partners=PARTNERS)
    assert generate_cases(20, today=TODAY, partners=PARTNERS, seed=1) != generate_cases(20, today=TODAY,
                                                                                        partners=PARTNERS)
    assert generate_cases(0, today=TODAY) == []


def test_every_case_is_valid(cases):
    for case in cases:
        report = validate_case(case, today=TODAY, previous=case)
        assert report.ok, (case, report.errors)


def test_everything_is_clearly_fictitious(cases):
    for case in cases:
        h = case.household
        assert is_fictitious_name(h.name)
        assert h.postcode[-2:] in {"SA", "SD", "SS"}  # letter pairs PostNL never issues
        assert h.email is None or h.email.endswith("@example.org")
        assert h.phone is None or h.phone.startswith("06-00")
        texts = [case.help_request, *(a.description for a in case.actions), *(j.text for j in case.journal),
                 *case.special_reasons.values()]
        for text in texts:
            assert not [f for f in scan_text(text) if f.kind in (FindingKind.BSN, FindingKind.IBAN)]
    assert len(set(FICTITIOUS_SURNAMES)) == len(FICTITIOUS_SURNAMES)


def test_spread_over_phases_routes_partners_terms_and_actions(cases):
    phases = Counter(c.phase for c in cases)
    assert set(phases) == set(Phase) and min(phases.values()) >= 20
    assert len({c.intake_route for c in cases}) >= len(IntakeRoute) - 1
    assert sum(1 for c in cases if c.crisis) >= 20
    assert {p.partner_id for c in cases for p in c.partners} >= {1, 2, 3}
    assert sum(1 for c in cases if c.target_groups) >= 100
    owners = Counter(a.owner for c in cases for a in c.actions if a.is_open)
    assert all(owners[o] > 10 for o in ActionOwner)
    statuses = Counter()
    for case in cases:
        if case.phase != Phase.CLOSED:
            statuses.update(t.status for t in case.terms(TODAY, calendar=CALENDAR) if not t.informational)
    assert statuses[TermStatus.OVERDUE] >= 10 and statuses[TermStatus.DUE_SOON] >= 10
    assert statuses[TermStatus.OPEN] >= 10 and statuses[TermStatus.MET] >= 10
    assert [c.registered_on for c in cases] == sorted(c.registered_on for c in cases)


def test_without_partners_no_partner_actions():
    for case in generate_cases(50, today=TODAY):
        assert case.partners == () and all(a.partner_id is None for a in case.actions)
        assert validate_case(case, today=TODAY, previous=case).ok


# --- activity around the cases (domain/demo_activity.py) ----------------------------------------------------------

from dataclasses import replace  # noqa: E402
from types import MappingProxyType  # noqa: E402

from ketenregie.domain.consent import BasisKind  # noqa: E402
from ketenregie.domain.conversations import Conversation, finish_problems  # noqa: E402
from ketenregie.domain.demo_activity import (ALL_TEXTS, COORDINATOR_EMAIL, COORDINATOR_NAME,  # noqa: E402
                                             MAX_CONVERSATION_CASES, MAX_REFERRAL_CASES, DemoCase, activity_sizes,
                                             generate_activity)
from ketenregie.domain.meetings import MeetingStatus, RecordKind, validate_meeting  # noqa: E402
from ketenregie.domain.pseudonymised_summary import check_summary  # noqa: E402

SUB_AREAS = {"financial_management": ["debts", "buffer"], "family_stability": ["housing", "care_for_others"],
             "employment": ["income", "work"]}
BASES = {PartnerType.DEBT_HELP: frozenset({BasisKind.WGS_TASK, BasisKind.CONSENT}),
         PartnerType.SOCIAL_WORK: frozenset({BasisKind.CONSENT}),
         PartnerType.CREDIT_BANK: frozenset({BasisKind.WGS_TASK, BasisKind.CONSENT})}


def _demo_cases(cases):
    return [DemoCase(i + 1, f"2026-{i + 1:04d}", c.phase, c.help_request_date, c.first_conversation_date,
                     tuple(p.partner_id for p in sorted(c.partners, key=lambda p: not p.leads)), c.is_closed)
            for i, c in enumerate(cases)]


def _activity(cases, seed=5):
    return generate_activity(_demo_cases(cases[:200]), today=TODAY, partners=PARTNERS, sub_areas=SUB_AREAS,
                             referral_bases=BASES, seed=seed)


def test_activity_is_deterministic_and_empty_without_open_cases(cases):
    assert _activity(cases) == _activity(cases)
    assert _activity(cases) != _activity(cases, seed=6)
    closed = [c for c in cases if c.phase == Phase.CLOSED][:20]
    assert generate_activity(_demo_cases(closed), today=TODAY, partners=PARTNERS, sub_areas=SUB_AREAS,
                             referral_bases=BASES).meetings == ()
    assert activity_sizes(0) == (0, 0) and activity_sizes(3) == (1, 1)
    assert activity_sizes(100_000) == (MAX_CONVERSATION_CASES, MAX_REFERRAL_CASES)


def test_meetings_three_upcoming_two_held_with_valid_agendas(cases):
    activity = _activity(cases)
    held = [p for p in activity.meetings if p.held]
    upcoming = [p for p in activity.meetings if not p.held]
    assert len(held) == 2 and len(upcoming) == 3
    assert all(p.meeting.date < TODAY for p in held) and all(p.meeting.date > TODAY for p in upcoming)
    for plan in activity.meetings:
        meeting = plan.meeting
        assert 3 <= len(meeting.items) <= 5 and meeting.status == MeetingStatus.PLANNED
        assert validate_meeting(meeting) == []
        assert all(not check_summary(i.question) for i in meeting.items)
    for plan in held:
        kinds = {r.kind for _, r in plan.records}
        assert {RecordKind.DISCUSSION, RecordKind.AGREEMENT} <= kinds
        assert all(r.due >= plan.meeting.date for _, r in plan.records if r.kind == RecordKind.ACTION)
    marked = {n for n, _ in activity.marks}
    assert len(marked) == 2 and not marked & {c.case_number for c in _demo_cases(cases[:200])
                                              if any(i.case_id == c.case_id for p in upcoming for i in p.meeting.items)}


def test_conversations_finishable_with_rising_bridge_and_one_draft(cases):
    activity = _activity(cases)
    finished = [c for c in activity.conversations if c.finish]
    drafts = [c for c in activity.conversations if not c.finish]
    open_count = sum(1 for c in cases[:200] if c.phase != Phase.CLOSED)
    assert len({c.case_number for c in finished}) == activity_sizes(open_count)[0] and len(drafts) == 1
    by_case = {}
    for plan in finished:
        assert plan.held_on <= TODAY and set(plan.placements) <= {s for v in SUB_AREAS.values() for s in v}
        conversation = Conversation(case_id=1, kind=plan.kind, held_on=plan.held_on, participants=plan.participants,
                                    placements=MappingProxyType(dict(plan.placements)), goals=plan.goals,
                                    contact_name=COORDINATOR_NAME)
        assert finish_problems(conversation) == []
        by_case.setdefault(plan.case_number, []).append(plan)
    assert any(len(plans) >= 2 for plans in by_case.values())
    for plans in by_case.values():  # the bridge never goes down in the demo
        for before, after in zip(plans, plans[1:]):
            assert before.held_on <= after.held_on
            assert all(after.placements[k] >= v for k, v in before.placements.items())


def test_referrals_have_a_basis_the_profile_allows(cases):
    activity = _activity(cases)
    partner_types = {p.id: p.type for p in PARTNERS}
    assert activity.referrals
    for plan in activity.referrals:
        assert plan.basis_kind in BASES[partner_types[plan.partner_id]]
        assert (plan.form is None) == (plan.basis_kind == BasisKind.WGS_TASK)
        assert plan.given_on <= plan.letter_date <= TODAY
        assert plan.content.bsn is None and plan.content.check_back_date > plan.letter_date


def test_activity_texts_are_fictitious_and_never_identifying():
    assert is_fictitious_name(COORDINATOR_NAME) and COORDINATOR_EMAIL.endswith("@example.org")
    for text in ALL_TEXTS:
        assert check_summary(text) == [], text  # no BSN, IBAN, phone, e-mail, postcode or case number
