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
