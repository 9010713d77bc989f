"""The case model: Dutch labels for every enum, phase transitions, case numbers, terms through the engine, and
no personal data in reprs."""
from __future__ import annotations

from ketenregie.domain.labels import LabelledEnum

from datetime import date

import pytest

from ketenregie.domain import cases as model
from ketenregie.domain.calendar import AtwCalendar, EquatedDay
from ketenregie.domain.cases import (ALLOWED_TRANSITIONS, Action, ActionOwner, ActionStatus, Case, ClosingReason,
                                     Crisis, CrisisKind, Household, IntakeRoute, Phase, RetentionClass,
                                     TargetGroup, case_ref, format_case_number, parse_case_number)
from ketenregie.domain.terms import TermKind, TermStatus

CALENDAR = AtwCalendar([EquatedDay(date(2026, 5, 15), "Vrijdag na Hemelvaartsdag", "KB")], {2026})
ENUMS = [obj for obj in vars(model).values()
         if isinstance(obj, type) and issubclass(obj, LabelledEnum) and obj is not LabelledEnum]


def _case(**changes) -> Case:
    base = Case(Household("J. de Vries"), IntakeRoute.SELF, date(2026, 3, 30))
    return Case(**{**{f: getattr(base, f) for f in base.__dataclass_fields__}, **changes})


@pytest.mark.parametrize("enum", ENUMS, ids=lambda e: e.__name__)
def test_every_enum_has_a_dutch_label_and_stable_lower_case_codes(enum):
    for member in enum:
        assert member.label_nl and member.label_nl.strip() == member.label_nl
        assert member.value == member.value.lower() and " " not in member.value
        assert enum.from_code(member.value) is member
    assert len({m.label_nl for m in enum}) == len(enum), "two members share a label"
    assert [code for code, _ in enum.choices_nl()] == [m.value for m in enum]


def test_enums_sharing_a_code_keep_their_own_labels():
    # StrEnum members with the same value compare equal; labels must not bleed between enums
    assert model.IntakeRoute.SOCIAL_WORK.label_nl == "Kwadraad (Vroeg erop af)"
    assert model.PartnerRole.SOCIAL_WORK.label_nl == "Maatschappelijk werk / begeleiding"
    assert model.PartnerType.SOCIAL_WORK.label_nl == "Maatschappelijk werk"
    assert model.PartnerType.OTHER.label_nl == "Overig" and model.IntakeRoute.OTHER.label_nl == "Anders"


def test_unknown_code_is_refused_without_echoing_it():
    with pytest.raises(ValueError) as info:
        Phase.from_code("J. de Vries")
    assert "Vries" not in str(info.value)


def test_the_phases_in_order():
    assert [p.label_nl for p in model.PHASES_IN_ORDER] == [
        "Aanmelding", "Intake", "Plan van aanpak", "Traject bij partner", "Nazorg", "Afgesloten"]
    assert model.OPEN_PHASES == frozenset(model.PHASES_IN_ORDER[:-1])


@pytest.mark.parametrize("old,new,allowed", [
    (Phase.REGISTRATION, Phase.INTAKE, True),
    (Phase.REGISTRATION, Phase.ACTION_PLAN, False),
    (Phase.REGISTRATION, Phase.WITH_PARTNER, False),
    (Phase.INTAKE, Phase.ACTION_PLAN, True),
    (Phase.INTAKE, Phase.REGISTRATION, True),
    (Phase.ACTION_PLAN, Phase.WITH_PARTNER, True),
    (Phase.ACTION_PLAN, Phase.AFTERCARE, False),
    (Phase.WITH_PARTNER, Phase.AFTERCARE, True),
    (Phase.WITH_PARTNER, Phase.ACTION_PLAN, True),
    (Phase.AFTERCARE, Phase.WITH_PARTNER, True),
    (Phase.AFTERCARE, Phase.REGISTRATION, False),
    (Phase.CLOSED, Phase.INTAKE, True),
    (Phase.CLOSED, Phase.AFTERCARE, False),
    (Phase.INTAKE, Phase.INTAKE, True),
])
def test_phase_transitions(old, new, allowed):
    assert old.can_move_to(new) is allowed


def test_every_open_phase_can_close_and_every_phase_is_reachable():
    for phase in model.OPEN_PHASES:
        assert Phase.CLOSED in ALLOWED_TRANSITIONS[phase]
    reachable, frontier = {model.START_PHASE}, [model.START_PHASE]
    while frontier:
        for nxt in ALLOWED_TRANSITIONS[frontier.pop()]:
            if nxt not in reachable:
                reachable.add(nxt)
                frontier.append(nxt)
    assert reachable == set(Phase)


def test_every_closing_reason_has_a_retention_class():
    assert {r.retention for r in ClosingReason} == set(RetentionClass)
    assert ClosingReason.RESOLVED.retention == RetentionClass.HELP_PROVIDED
    assert ClosingReason.NO_CONTACT.retention == RetentionClass.ABORTED
    assert ClosingReason.REJECTED.retention == RetentionClass.ENDED_OR_REFUSED


def test_special_target_groups_and_statutory_crises():
    assert {g for g in TargetGroup if g.special_category} == {
        TargetGroup.MILD_INTELLECTUAL_DISABILITY, TargetGroup.NEWLY_DISABLED}
    assert {c for c in CrisisKind if c.statutory} == {
        CrisisKind.EVICTION, CrisisKind.UTILITY_DISCONNECTION, CrisisKind.HEALTH_INSURANCE_CANCELLED}


@pytest.mark.parametrize("year,seq,text", [(2026, 42, "2026-0042"), (2026, 1, "2026-0001"),
                                           (2027, 12345, "2027-12345")])
def test_case_numbers(year, seq, text):
    assert format_case_number(year, seq) == text
    assert parse_case_number(text) == (year, seq)
    assert case_ref(text) == f"case:{text}"


@pytest.mark.parametrize("bad", ["2026-42", "26-0042", "2026_0042", "abcd-0042", "", "2026-00a2"])
def test_bad_case_numbers_are_refused(bad):
    with pytest.raises(ValueError):
        parse_case_number(bad)


def test_reprs_never_show_personal_data():
    case = _case(case_number="2026-0042", journal=(model.JournalEntry(date(2026, 3, 30), "Jansen-Canary"),),
                 actions=(Action("Bel Jansen-Canary"),))
    for text in (repr(case), repr(case.household), repr(case.actions), repr(case.journal), str(case)):
        assert "Vries" not in text and "Canary" not in text
    assert "2026-0042" in repr(case)
    assert case.object_ref == "case:2026-0042"


def test_terms_come_from_the_term_engine_domain_examples():
    # DOMAIN.md §3: crisis request Thu 2 Apr 2026 -> first conversation by Thu 9 Apr 2026
    crisis = _case(help_request_date=date(2026, 4, 2), crisis=Crisis(CrisisKind.EVICTION, date(2026, 4, 20)))
    first = crisis.terms(date(2026, 4, 3), calendar=CALENDAR)[0]
    assert first.kind == TermKind.FIRST_CONVERSATION and first.deadline == date(2026, 4, 9)
    assert first.status == TermStatus.DUE_SOON
    # help request Mon 30 Mar 2026 -> 4 weeks end on King's Day -> Tue 28 Apr 2026
    normal = _case(help_request_date=date(2026, 3, 30))
    assert normal.terms(date(2026, 3, 30), calendar=CALENDAR)[0].deadline == date(2026, 4, 28)
    assert normal.terms(date(2026, 4, 29), calendar=CALENDAR)[0].status == TermStatus.OVERDUE


def test_open_actions_are_sorted_by_due_date_with_undated_last():
    actions = (Action("c", due=None, id=3), Action("a", due=date(2026, 4, 2), id=2),
               Action("b", due=date(2026, 4, 1), id=5), Action("x", status=ActionStatus.DONE, id=1),
               Action("d", owner=ActionOwner.RESIDENT, due=date(2026, 4, 1), id=4))
    assert [a.description for a in _case(actions=actions).open_actions()] == ["d", "b", "a", "c"]


def test_default_elements_are_not_started_and_lead_partner():
    case = _case(partners=(model.CasePartner(3, model.PartnerRole.SOCIAL_WORK),
                           model.CasePartner(1, model.PartnerRole.DEBT_SETTLEMENT, leads=True)))
    assert all(case.element_status(e) == model.ElementStatus.NOT_STARTED for e in model.IntegralElement)
    assert case.lead_partner_id == 1
