"""Validation of a case: Dutch errors per field (the save is refused), warnings that never block (note scanner),
and messages that never repeat what the user typed."""
from __future__ import annotations

from dataclasses import replace
from datetime import date, timedelta

import pytest
from hypothesis import given
from hypothesis import strategies as st

from ketenregie.domain.case_validation import (CaseValidationError, check_action, check_case,
                                               check_journal_entry, check_phase_transition, normalise_case,
                                               normalise_postcode, validate_case)
from ketenregie.domain.cases import (Action, ActionOwner, ActionStatus, Case, CasePartner, Closing, ClosingReason,
                                     ContactChannel, Crisis, CrisisKind, DebtPicture, Decision, DecisionKind,
                                     Household, IntakeRoute, JournalEntry, PartnerRole, Phase, TargetGroup)

TODAY = date(2026, 3, 30)
HELP = date(2026, 3, 2)
NAME = "Jansen-Canary"


def _case(**changes) -> Case:
    base = Case(Household(NAME, postcode="2651 SS", house_number="12"), IntakeRoute.SELF, HELP,
                help_request="Ik kom niet meer rond.")
    return replace(base, **changes)


def _fields(report) -> list[str]:
    return [issue.field for issue in report.errors]


def test_a_plain_new_case_is_valid():
    report = validate_case(_case(), today=TODAY)
    assert report.ok and report.errors == () and report.warnings == ()


@pytest.mark.parametrize("changes,field,fragment", [
    ({"first_conversation_date": HELP - timedelta(days=1)}, "first_conversation_date",
     "vóór de datum van de hulpvraag"),
    ({"first_conversation_date": TODAY + timedelta(days=1)}, "first_conversation_date", "in de toekomst"),
    ({"help_request_date": TODAY + timedelta(days=1)}, "help_request_date", "in de toekomst"),
    ({"decision": Decision(HELP, DecisionKind.ADMISSION)}, "decision", "pas na het eerste gesprek"),
    ({"first_conversation_date": HELP + timedelta(days=5), "decision": Decision(HELP + timedelta(days=2),
                                                                               DecisionKind.ADMISSION)},
     "decision", "vóór het eerste gesprek"),
    ({"closing": Closing(ClosingReason.NO_CONTACT, TODAY)}, "closing", "hoort alleen bij een afgesloten casus"),
    ({"phase": Phase.INTAKE}, "phase", "begint in de fase 'Aanmelding'"),
    ({"household": Household("")}, "household.name", "naam of de initialen"),
    ({"household": Household("A", postcode="0651 AB")}, "household.postcode", "postcode is niet geldig"),
    ({"household": Household("A", house_number="12")}, "household.postcode", "ook de postcode"),
    ({"household": Household("A", phone="12345")}, "household.phone", "telefoonnummer is niet geldig"),
    ({"household": Household("A", email="geen-adres")}, "household.email", "e-mailadres is niet geldig"),
    ({"household": Household("A", contact_channel=ContactChannel.PHONE)}, "household.phone", "ander contactkanaal"),
    ({"household": Household("A", contact_channel=ContactChannel.EMAIL)}, "household.email", "ander contactkanaal"),
    ({"household": Household("A", adults=0)}, "household.adults", "volwassenen"),
    ({"household": Household("A", date_of_birth=TODAY + timedelta(days=1))}, "household.date_of_birth",
     "in de toekomst"),
    ({"household": Household("A", date_of_birth=date(1890, 1, 1))}, "household.date_of_birth", "te ver terug"),
    ({"target_groups": frozenset({TargetGroup.MILD_INTELLECTUAL_DISABILITY})},
     "special_reasons.mild_intellectual_disability", "waarom"),
    ({"target_groups": frozenset({TargetGroup.YOUTH}), "special_reasons": {TargetGroup.YOUTH: "x"}},
     "special_reasons.youth", "alleen bij een gekozen bijzondere doelgroep"),
    ({"target_groups": frozenset({TargetGroup.EDUCATION_LOW, TargetGroup.EDUCATION_HIGH})}, "target_groups",
     "opleidingsniveau"),
    ({"partners": (CasePartner(1, PartnerRole.WSNP), CasePartner(1, PartnerRole.OTHER))}, "partners", "twee keer"),
    ({"partners": (CasePartner(1, PartnerRole.WSNP, True), CasePartner(2, PartnerRole.OTHER, True))}, "partners",
     "maar één partner"),
    ({"actions": (Action(""),)}, "actions.0.description", "Beschrijf de actie"),
    ({"actions": (Action("Bellen", owner=ActionOwner.PARTNER),)}, "actions.0.partner_id", "Kies de partner"),
    ({"actions": (Action("Bellen", partner_id=3),)}, "actions.0.partner_id", "Alleen een actie van een partner"),
    ({"actions": (Action("Bellen", done_on=TODAY),)}, "actions.0.done_on", "Alleen een gedane actie"),
    ({"actions": (Action("Bellen", status=ActionStatus.DONE, done_on=TODAY + timedelta(days=1)),)},
     "actions.0.done_on", "in de toekomst"),
    ({"journal": (JournalEntry(TODAY + timedelta(days=1), "Gebeld."),)}, "journal.0.entry_date", "in de toekomst"),
    ({"journal": (JournalEntry(TODAY, "  "),)}, "journal.0.text", "Schrijf iets"),
    ({"debt": DebtPicture(creditor_count=-1)}, "debt.creditor_count", "schuldeisers"),
    ({"help_request": "x" * 1001}, "help_request", "hoogstens 1000"),
])
def test_errors_name_the_field_and_say_what_to_do(changes, field, fragment):
    report = validate_case(_case(**changes), today=TODAY)
    assert field in _fields(report)
    message = next(i.message for i in report.errors if i.field == field)
    assert fragment in message
    assert NAME not in message


@pytest.mark.parametrize("old,new", [(Phase.REGISTRATION, Phase.WITH_PARTNER), (Phase.INTAKE, Phase.AFTERCARE),
                                     (Phase.CLOSED, Phase.AFTERCARE)])
def test_a_phase_jump_is_refused_with_the_allowed_phases(old, new):
    previous = _case(phase=old, first_conversation_date=HELP + timedelta(days=3),
                     decision=Decision(HELP + timedelta(days=10), DecisionKind.ADMISSION),
                     closing=Closing(ClosingReason.MOVED, TODAY) if old == Phase.CLOSED else None)
    report = validate_case(replace(previous, phase=new, closing=None), today=TODAY, previous=previous)
    issue = next(i for i in report.errors if i.field == "phase")
    assert f"'{old.label_nl}' naar '{new.label_nl}'" in issue.message
    for allowed in old.allowed_next:
        assert allowed.label_nl in issue.message


def test_the_route_step_by_step_is_valid():
    case = _case()
    steps = [
        dict(phase=Phase.INTAKE),
        dict(phase=Phase.ACTION_PLAN, first_conversation_date=HELP + timedelta(days=7)),
        dict(phase=Phase.WITH_PARTNER, decision=Decision(HELP + timedelta(days=20), DecisionKind.ADMISSION)),
        dict(phase=Phase.AFTERCARE),
        dict(phase=Phase.CLOSED, closing=Closing(ClosingReason.RESOLVED, TODAY)),
        dict(phase=Phase.INTAKE, closing=None),  # reopened
    ]
    for step in steps:
        new = replace(case, **step)
        report = validate_case(new, today=TODAY, previous=case)
        assert report.ok, report.errors
        case = new


def test_closing_needs_a_reason_and_a_sensible_date():
    previous = _case(phase=Phase.INTAKE)
    assert "closing" in _fields(validate_case(replace(previous, phase=Phase.CLOSED), today=TODAY,
                                              previous=previous))
    early = replace(previous, phase=Phase.CLOSED, closing=Closing(ClosingReason.NO_CONTACT, HELP - timedelta(1)))
    assert any("vóór de datum van de hulpvraag" in i.message for i in validate_case(
        early, today=TODAY, previous=previous).errors)


def test_later_phases_need_the_first_conversation():
    previous = _case(phase=Phase.INTAKE)
    report = validate_case(replace(previous, phase=Phase.ACTION_PLAN), today=TODAY, previous=previous)
    assert "first_conversation_date" in _fields(report)


def test_phase_warnings_do_not_block():
    previous = _case(phase=Phase.ACTION_PLAN, first_conversation_date=HELP + timedelta(days=2))
    report = validate_case(replace(previous, phase=Phase.WITH_PARTNER), today=TODAY, previous=previous)
    assert report.ok and any(w.field == "decision" for w in report.warnings)


def test_notes_with_identifiers_warn_but_never_block_and_never_repeat_the_value():
    bsn, iban = "111222333", "NL91ABNA0417164300"
    case = _case(journal=(JournalEntry(TODAY, f"BSN {bsn}, rekening {iban}"),),
                 actions=(Action("Bel 06-12345678 of mail jan@voorbeeld.nl"),),
                 help_request="Mijn BSN is 111222333")
    report = validate_case(case, today=TODAY)
    assert report.ok
    fields = [w.field for w in report.warnings]
    assert fields.count("journal.0.text") == 2 and fields.count("actions.0.description") == 2
    assert "help_request" in fields
    for warning in report.warnings:
        assert bsn not in warning.message and iban not in warning.message and "06-1234" not in warning.message
    assert check_case(case, today=TODAY) == report.warnings


def test_check_case_raises_with_a_dutch_user_message():
    with pytest.raises(CaseValidationError) as info:
        check_case(_case(first_conversation_date=HELP - timedelta(days=1)), today=TODAY)
    assert "eerste gesprek" in info.value.user_message
    assert info.value.errors[0].field == "first_conversation_date"
    assert NAME not in str(info.value)


def test_a_crisis_date_may_lie_ahead():
    report = validate_case(_case(crisis=Crisis(CrisisKind.EVICTION, TODAY + timedelta(days=30))), today=TODAY)
    assert report.ok


def test_normalisation():
    case = normalise_case(_case(household=Household("  J.  de   Vries ", phone=" ", email="", postcode="2651ss",
                                                    house_number=" 12a ")))
    h = case.household
    assert (h.name, h.phone, h.email, h.postcode, h.house_number) == ("J. de Vries", None, None, "2651 SS", "12a")
    assert normalise_postcode("  ") is None and normalise_postcode("2651 ab") == "2651 AB"
    assert normalise_postcode("nonsense") == "nonsense"  # left for validation to report


def test_phone_formats():
    for ok in ("06-12345678", "010 123 4567", "+31 6 12345678", "(010) 1234567", "+32 470 12 34 56"):
        assert validate_case(_case(household=Household("A", phone=ok)), today=TODAY).ok, ok
    for bad in ("12345678", "06-1234", "telefoon", "+1"):
        assert not validate_case(_case(household=Household("A", phone=bad)), today=TODAY).ok, bad


def test_single_action_and_journal_checks():
    assert check_action(Action("Bel 06-12345678"), today=TODAY)[0].field == "action.description"
    with pytest.raises(CaseValidationError):
        check_action(Action("x", owner=ActionOwner.PARTNER), today=TODAY)
    assert check_journal_entry(JournalEntry(TODAY, "Gebeld."), today=TODAY) == ()
    with pytest.raises(CaseValidationError):
        check_journal_entry(JournalEntry(TODAY, ""), today=TODAY)
    assert check_phase_transition(Phase.INTAKE, Phase.ACTION_PLAN) is None


@given(help_offset=st.integers(-60, 0), first_offset=st.integers(-60, 10))
def test_first_conversation_error_iff_before_the_help_request_or_in_the_future(help_offset, first_offset):
    help_day, first_day = TODAY + timedelta(help_offset), TODAY + timedelta(first_offset)
    report = validate_case(_case(help_request_date=help_day, first_conversation_date=first_day), today=TODAY)
    expected = first_day < help_day or first_day > TODAY
    assert ("first_conversation_date" in _fields(report)) is expected
