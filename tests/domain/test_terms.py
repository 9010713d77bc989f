"""The Wgs term engine: table tests with real dates, statuses and properties (DOMAIN.md §3)."""
from __future__ import annotations

from datetime import date, timedelta

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from ketenregie.domain.calendar import EQUATED_DAYS_RESOURCE, AtwCalendar
from ketenregie.domain.terms import (
    Term,
    TermKind,
    TermStatus,
    atw_deadline,
    decision_deadline,
    evaluate_terms,
    first_conversation_deadline,
    objection_deadline,
    term_warnings,
    working_days_between,
)
from ketenregie.resources import resource_path

CAL = AtwCalendar.from_files(resource_path(*EQUATED_DAYS_RESOURCE))


def first(help_request: date, crisis: bool = False) -> date:
    return first_conversation_deadline(help_request, crisis, calendar=CAL)


# --- the worked examples of DOMAIN.md §3 -----------------------------------------------------------------------

def test_worked_example_crisis_over_easter():
    # Thu 2 Apr 2026: Good Friday 3, weekend, Easter Monday 6 -> Tue 7, Wed 8, Thu 9
    assert first(date(2026, 4, 2), crisis=True) == date(2026, 4, 9)


def test_worked_example_four_weeks_ending_on_kings_day():
    # Mon 30 Mar 2026 + 28 days = Mon 27 Apr 2026 (Koningsdag) -> Tue 28 Apr 2026
    assert date(2026, 3, 30) + timedelta(days=28) == date(2026, 4, 27)
    assert first(date(2026, 3, 30)) == date(2026, 4, 28)


# --- four weeks (28 days) with the Atw roll-forward ------------------------------------------------------------

@pytest.mark.parametrize(("help_request", "deadline", "why"), [
    (date(2026, 3, 31), date(2026, 4, 28), "plain Tuesday"),
    (date(2026, 4, 7), date(2026, 5, 6), "ends Tue 5 May 2026 (not a lustrum year) -> Wed 6 May"),
    (date(2026, 3, 6), date(2026, 4, 7), "ends on Good Friday -> weekend -> Easter Monday -> Tue 7 Apr"),
    (date(2025, 12, 5), date(2026, 1, 5), "ends on equated Fri 2 Jan 2026 -> Mon 5 Jan"),
    (date(2026, 4, 17), date(2026, 5, 18), "ends on equated Fri 15 May 2026 -> Mon 18 May"),
    (date(2026, 4, 16), date(2026, 5, 18), "ends on Ascension Thu 14 May, then the equated Friday"),
    (date(2026, 4, 27), date(2026, 5, 26), "ends on Whit Monday 25 May -> Tue 26 May"),
    (date(2026, 11, 27), date(2026, 12, 28), "ends on Christmas Fri 25 Dec, Boxing Day Sat, Sunday -> Mon 28"),
    (date(2027, 11, 28), date(2027, 12, 27), "ends Sun 26 Dec 2027 -> Mon 27 Dec"),
    (date(2026, 12, 4), date(2027, 1, 4), "ends on New Year's Day Fri 1 Jan 2027 -> Mon 4 Jan"),
    (date(2022, 12, 3), date(2023, 1, 2), "ends Sat 31 Dec 2022, New Year's Day Sunday -> Mon 2 Jan 2023"),
    (date(2028, 12, 2), date(2029, 1, 2), "ends Sat 30 Dec 2028 -> Sun, New Year Mon 1 Jan 2029 -> Tue 2 Jan"),
    (date(2025, 3, 30), date(2025, 4, 28), "ends Sun 27 Apr 2025 (King's Day was Sat 26) -> Mon 28 Apr"),
    (date(2027, 4, 9), date(2027, 5, 10), "ends Fri 7 May 2027 (equated) -> Mon 10 May"),
    (date(2027, 4, 8), date(2027, 5, 10), "ends on Ascension Thu 6 May 2027 -> equated Fri 7 -> Mon 10"),
    (date(2028, 3, 31), date(2028, 5, 1), "ends on equated Fri 28 Apr 2028 -> Mon 1 May"),
])
def test_four_week_term(help_request, deadline, why):
    assert first(help_request) == deadline, why


# --- three working days in a crisis ----------------------------------------------------------------------------

@pytest.mark.parametrize(("help_request", "deadline", "why"), [
    (date(2026, 3, 12), date(2026, 3, 17), "Thu -> Fri, Mon, Tue"),
    (date(2026, 3, 13), date(2026, 3, 18), "Fri -> Mon, Tue, Wed"),
    (date(2026, 4, 4), date(2026, 4, 9), "Saturday before Easter Monday"),
    (date(2026, 4, 1), date(2026, 4, 8), "Wed 1 Apr: Thu 2, (Good Friday, weekend, Easter Monday), Tue 7, Wed 8"),
    (date(2026, 5, 13), date(2026, 5, 20), "Ascension Thu 14 and equated Fri 15 May 2026 skipped"),
    (date(2026, 5, 12), date(2026, 5, 19), "Tue 12: Wed 13, (Ascension, equated Friday, weekend) Mon 18, Tue 19"),
    (date(2026, 5, 22), date(2026, 5, 28), "Whit Monday 25 May skipped"),
    (date(2026, 4, 30), date(2026, 5, 6), "Thu 30 Apr: Fri 1 May, Mon 4, (5 May) Wed 6"),
    (date(2027, 5, 5), date(2027, 5, 12), "Wed 5 May 2027: Ascension 6 and equated 7 May skipped"),
    (date(2025, 12, 24), date(2025, 12, 31), "Christmas and Boxing Day skipped"),
    (date(2025, 12, 30), date(2026, 1, 6), "Wed 31, (New Year, equated Fri 2 Jan) Mon 5, Tue 6 Jan 2026"),
])
def test_crisis_term(help_request, deadline, why):
    assert first(help_request, crisis=True) == deadline, why
    assert working_days_between(help_request, deadline, calendar=CAL) == 3


# --- decision and objection terms ------------------------------------------------------------------------------

@pytest.mark.parametrize(("first_conversation", "weeks", "deadline"), [
    (date(2026, 4, 20), 8, date(2026, 6, 15)),
    (date(2026, 3, 20), 8, date(2026, 5, 18)),   # ends on equated Fri 15 May 2026
    (date(2025, 11, 7), 8, date(2026, 1, 5)),    # ends on equated Fri 2 Jan 2026, across the year boundary
    (date(2026, 4, 20), 6, date(2026, 6, 1)),
    (date(2026, 4, 20), 12, date(2026, 6, 15)),  # above the law's cap: clamped to 8 weeks
])
def test_decision_term(first_conversation, weeks, deadline):
    assert decision_deadline(first_conversation, calendar=CAL, decision_weeks=weeks) == deadline


def test_decision_weeks_below_one_is_refused():
    with pytest.raises(ValueError):
        decision_deadline(date(2026, 4, 20), calendar=CAL, decision_weeks=0)


def test_objection_term_is_six_weeks():
    assert objection_deadline(date(2026, 6, 1), calendar=CAL) == date(2026, 7, 13)
    assert objection_deadline(date(2026, 11, 13), calendar=CAL) == date(2026, 12, 28)  # Christmas, Boxing Day


# --- statuses --------------------------------------------------------------------------------------------------

HELP = date(2026, 3, 30)  # first conversation deadline Tue 28 Apr 2026


def statuses(today, first_conversation=None, decision=None, crisis=False, **kwargs):
    terms = evaluate_terms(HELP, crisis, first_conversation, decision, today, calendar=CAL, **kwargs)
    return [(t.kind, t.status) for t in terms]


@pytest.mark.parametrize(("today", "status"), [
    (date(2026, 3, 30), TermStatus.OPEN),
    (date(2026, 4, 17), TermStatus.OPEN),       # Fri: 5 working days ahead is Fri 24 Apr
    (date(2026, 4, 20), TermStatus.DUE_SOON),   # Mon: 21, 22, 23, 24, (King's Day) 28 -> 5 working days
    (date(2026, 4, 27), TermStatus.DUE_SOON),   # King's Day itself
    (date(2026, 4, 28), TermStatus.DUE_SOON),   # the last day
    (date(2026, 4, 29), TermStatus.OVERDUE),
    (date(2026, 9, 1), TermStatus.OVERDUE),
])
def test_first_conversation_status_without_a_conversation(today, status):
    assert statuses(today) == [(TermKind.FIRST_CONVERSATION, status)]


def test_due_soon_window_is_configurable():
    assert statuses(date(2026, 4, 20), due_soon_working_days=3) == [(TermKind.FIRST_CONVERSATION, TermStatus.OPEN)]
    assert statuses(date(2026, 4, 8), due_soon_working_days=15) == [
        (TermKind.FIRST_CONVERSATION, TermStatus.DUE_SOON)]
    assert statuses(date(2026, 4, 24), due_soon_working_days=0) == [(TermKind.FIRST_CONVERSATION, TermStatus.OPEN)]
    assert statuses(date(2026, 4, 28), due_soon_working_days=0) == [
        (TermKind.FIRST_CONVERSATION, TermStatus.DUE_SOON)]


@pytest.mark.parametrize(("held_on", "status"), [
    (date(2026, 4, 2), TermStatus.MET),
    (date(2026, 4, 28), TermStatus.MET),      # on the (rolled-forward) last day
    (date(2026, 4, 29), TermStatus.MISSED),
])
def test_first_conversation_met_or_missed(held_on, status):
    terms = evaluate_terms(HELP, False, held_on, None, date(2026, 5, 4), calendar=CAL)
    assert terms[0].status is status
    assert terms[0].met_on == held_on
    assert terms[1].kind is TermKind.DECISION  # the decision term starts once a first conversation happened


def test_crisis_status_and_label():
    terms = evaluate_terms(date(2026, 4, 2), True, None, None, date(2026, 4, 7), calendar=CAL)
    assert terms == [Term(TermKind.FIRST_CONVERSATION, date(2026, 4, 9), TermStatus.DUE_SOON,
                          "Eerste gesprek (crisis, 3 werkdagen)", None, False)]
    late = evaluate_terms(date(2026, 4, 2), True, date(2026, 4, 10), None, date(2026, 4, 10), calendar=CAL)
    assert late[0].status is TermStatus.MISSED


def test_full_case_lifecycle():
    first_conversation = date(2026, 4, 20)  # decision due Mon 15 Jun 2026
    assert statuses(date(2026, 5, 1), first_conversation) == [
        (TermKind.FIRST_CONVERSATION, TermStatus.MET), (TermKind.DECISION, TermStatus.OPEN)]
    assert statuses(date(2026, 6, 10), first_conversation) == [
        (TermKind.FIRST_CONVERSATION, TermStatus.MET), (TermKind.DECISION, TermStatus.DUE_SOON)]
    assert statuses(date(2026, 6, 16), first_conversation) == [
        (TermKind.FIRST_CONVERSATION, TermStatus.MET), (TermKind.DECISION, TermStatus.OVERDUE)]
    terms = evaluate_terms(HELP, False, first_conversation, date(2026, 6, 1), date(2026, 6, 2), calendar=CAL)
    assert [(t.kind, t.status, t.deadline) for t in terms] == [
        (TermKind.FIRST_CONVERSATION, TermStatus.MET, date(2026, 4, 28)),
        (TermKind.DECISION, TermStatus.MET, date(2026, 6, 15)),
        (TermKind.OBJECTION, TermStatus.OPEN, date(2026, 7, 13)),
    ]
    assert terms[2].informational and not terms[0].informational
    assert statuses(date(2026, 6, 17), first_conversation, date(2026, 6, 16)) == [
        (TermKind.FIRST_CONVERSATION, TermStatus.MET), (TermKind.DECISION, TermStatus.MISSED),
        (TermKind.OBJECTION, TermStatus.OPEN)]
    assert statuses(date(2026, 8, 1), first_conversation, date(2026, 6, 1))[-1] == (
        TermKind.OBJECTION, TermStatus.OVERDUE)


def test_decision_weeks_configured_and_clamped():
    kwargs = dict(calendar=CAL)
    six = evaluate_terms(HELP, False, date(2026, 4, 20), None, date(2026, 5, 1), decision_weeks=6, **kwargs)
    assert six[1].deadline == date(2026, 6, 1)
    assert "6 weken" in six[1].label_nl
    twelve = evaluate_terms(HELP, False, date(2026, 4, 20), None, date(2026, 5, 1), decision_weeks=12, **kwargs)
    assert twelve[1].deadline == date(2026, 6, 15)
    assert "8 weken" in twelve[1].label_nl


def test_dutch_labels():
    assert [s.label_nl for s in TermStatus] == ["Open", "Bijna verlopen", "Verlopen", "Gehaald", "Niet gehaald"]
    assert TermKind.FIRST_CONVERSATION.label_nl == "Eerste gesprek"
    assert TermKind.DECISION.label_nl == "Beschikking"


def test_warning_for_an_uncovered_year():
    terms = evaluate_terms(date(2031, 3, 3), False, None, None, date(2031, 3, 4), calendar=CAL)
    warnings = term_warnings(date(2031, 3, 3), terms, calendar=CAL)
    assert len(warnings) == 1 and "2031" in warnings[0]
    covered = evaluate_terms(HELP, False, None, None, date(2026, 4, 1), calendar=CAL)
    assert term_warnings(HELP, covered, calendar=CAL) == []
    # a term that starts in a covered year and ends in an uncovered one
    crossing = evaluate_terms(date(2028, 12, 2), False, None, None, date(2028, 12, 3), calendar=CAL)
    assert crossing[0].deadline == date(2029, 1, 2)
    assert ["2029" in w for w in term_warnings(date(2028, 12, 2), crossing, calendar=CAL)] == [True]


# --- properties ------------------------------------------------------------------------------------------------

STARTS = st.dates(min_value=date(2023, 1, 1), max_value=date(2031, 12, 31))
LENGTHS = st.sampled_from([28, 42, 56, 35, 49, 7, 1, 0])


@settings(max_examples=400, deadline=None)
@given(STARTS, LENGTHS)
def test_deadline_is_never_a_non_working_day_nor_before_the_naive_date(start, days):
    deadline = atw_deadline(start, days, calendar=CAL)
    naive = start + timedelta(days=days)
    assert CAL.is_working_day(deadline)
    assert deadline >= naive
    assert deadline - naive < timedelta(days=10)  # the longest run of non-working days is short
    assert all(CAL.is_non_working(naive + timedelta(days=i)) for i in range((deadline - naive).days))


@settings(max_examples=400, deadline=None)
@given(STARTS, st.integers(min_value=0, max_value=40), st.booleans())
def test_first_conversation_deadline_is_monotone_in_the_start_date(start, later_by, crisis):
    later = start + timedelta(days=later_by)
    assert first(start, crisis) <= first(later, crisis)


@settings(max_examples=300, deadline=None)
@given(STARTS, st.integers(min_value=0, max_value=40), st.integers(min_value=1, max_value=12))
def test_decision_deadline_is_monotone_and_never_non_working(start, later_by, weeks):
    a = decision_deadline(start, calendar=CAL, decision_weeks=weeks)
    b = decision_deadline(start + timedelta(days=later_by), calendar=CAL, decision_weeks=weeks)
    assert a <= b
    assert CAL.is_working_day(a)
    assert a >= start + timedelta(days=7 * min(weeks, 8))


@settings(max_examples=400, deadline=None)
@given(STARTS)
def test_crisis_deadline_is_three_working_days_after_the_request(start):
    deadline = first(start, crisis=True)
    assert CAL.is_working_day(deadline)
    assert working_days_between(start, deadline, calendar=CAL) == 3
    assert working_days_between(start, deadline - timedelta(days=1), calendar=CAL) == 2
    assert start + timedelta(days=3) <= deadline


@settings(max_examples=300, deadline=None)
@given(STARTS, st.integers(min_value=-60, max_value=90), st.integers(min_value=0, max_value=20))
def test_status_is_consistent_with_the_deadline(help_request, offset, due_soon):
    today = help_request + timedelta(days=offset)
    term = evaluate_terms(help_request, False, None, None, today, calendar=CAL,
                          due_soon_working_days=due_soon)[0]
    if today > term.deadline:
        assert term.status is TermStatus.OVERDUE
    elif working_days_between(today, term.deadline, calendar=CAL) <= due_soon:
        assert term.status is TermStatus.DUE_SOON
    else:
        assert term.status is TermStatus.OPEN
