"""Retention rules (Selectielijst gemeenten 2020, DOMAIN.md §9) with real calendar dates, leap days included."""
from __future__ import annotations

from datetime import date, datetime, timedelta

import pytest
from hypothesis import given, strategies as st

from ketenregie.config import Policy
from ketenregie.domain.cases import ClosingReason, RetentionClass
from ketenregie.domain.meetings import MeetingKind
from ketenregie.domain.retention import (ClosedCase, MeetingStub, PurgeCounts, PurgePlan, RetentionTerms, add_years,
                                         case_destroy_from, cases_due, meeting_destroy_from, meetings_due)


@pytest.mark.parametrize("reason, closed_on, first_day", [
    # help provided: 5 years after the help ended (the closing date)
    (ClosingReason.RESOLVED, date(2021, 3, 15), date(2026, 3, 15)),
    (ClosingReason.REFERRED_WSNP, date(2020, 12, 31), date(2025, 12, 31)),
    (ClosingReason.REFERRED_ADMINISTRATION, date(2021, 1, 1), date(2026, 1, 1)),
    (ClosingReason.REFERRED_OTHER, date(2019, 7, 4), date(2024, 7, 4)),
    # ended or refused: 5 years after closing
    (ClosingReason.REJECTED, date(2021, 6, 30), date(2026, 6, 30)),
    (ClosingReason.NO_LONGER_NEEDED, date(2021, 5, 1), date(2026, 5, 1)),
    (ClosingReason.MOVED, date(2022, 2, 28), date(2027, 2, 28)),
    (ClosingReason.DECEASED, date(2021, 11, 11), date(2026, 11, 11)),
    # aborted: 1 year
    (ClosingReason.NO_CONTACT, date(2025, 5, 12), date(2026, 5, 12)),
    (ClosingReason.WITHDRAWN, date(2025, 12, 31), date(2026, 12, 31)),
    # leap days: 29 February has no twin in a common year -> 28 February
    (ClosingReason.WITHDRAWN, date(2024, 2, 29), date(2025, 2, 28)),
    (ClosingReason.RESOLVED, date(2024, 2, 29), date(2029, 2, 28)),
    (ClosingReason.NO_CONTACT, date(2027, 2, 28), date(2028, 2, 28)),  # into a leap year: same day, not the 29th
    (ClosingReason.NO_CONTACT, date(2027, 3, 1), date(2028, 3, 1)),
])
def test_case_term_per_closing_reason(reason, closed_on, first_day):
    assert case_destroy_from(reason, closed_on) == first_day
    case = ClosedCase("2020-0001", reason, closed_on)
    assert cases_due([case], first_day - timedelta(days=1)) == []
    [due] = cases_due([case], first_day)
    assert (due.case_number, due.closed_on, due.retention, due.destroy_from) == (
        "2020-0001", closed_on, reason.retention, first_day)


def test_rule_labels_come_from_the_closing_reason():
    [due] = cases_due([ClosedCase("2024-0003", ClosingReason.NO_CONTACT, date(2024, 1, 2))], date(2026, 1, 1))
    assert due.retention == RetentionClass.ABORTED
    assert due.rule_nl == "Afgebroken: 1 jaar na afsluiten"


@pytest.mark.parametrize("kind, held, first_day", [
    (MeetingKind.WITH_PARTNERS, datetime(2021, 5, 12, 9, 30), date(2026, 5, 12)),
    (MeetingKind.INTERNAL, datetime(2025, 5, 12, 14, 0), date(2026, 5, 12)),
    (MeetingKind.INTERNAL, datetime(2024, 2, 29, 10, 0), date(2025, 2, 28)),
    (MeetingKind.WITH_PARTNERS, datetime(2024, 2, 29, 10, 0), date(2029, 2, 28)),
    (MeetingKind.WITH_PARTNERS, datetime(2023, 12, 31, 23, 59), date(2028, 12, 31)),
])
def test_meeting_terms(kind, held, first_day):
    assert meeting_destroy_from(kind, held.date()) == first_day
    stub = MeetingStub(7, held, kind)
    assert meetings_due([stub], first_day - timedelta(days=1)) == []
    [due] = meetings_due([stub], first_day)
    assert due.meeting_id == 7 and due.held_on == held.date() and due.destroy_from == first_day


def test_terms_from_policy_defaults_are_the_law():
    terms = RetentionTerms.from_policy(Policy.defaults())
    assert terms == RetentionTerms(5, 1, 5, 1)
    assert RetentionTerms.from_policy(None) == terms


def test_terms_from_policy_follow_it_policy_and_are_clamped():
    policy = Policy.from_mapping({"RetentionCaseYears": 7, "RetentionAbortedCaseYears": 2,
                                  "RetentionMeetingExternalYears": 99, "RetentionMeetingInternalYears": 0}, "test")
    terms = RetentionTerms.from_policy(policy)
    assert terms == RetentionTerms(7, 2, 10, 1)
    assert case_destroy_from(ClosingReason.RESOLVED, date(2020, 2, 29), terms) == date(2027, 2, 28)
    assert case_destroy_from(ClosingReason.NO_CONTACT, date(2024, 2, 29), terms) == date(2026, 2, 28)


def test_terms_refuse_nonsense():
    with pytest.raises(ValueError):
        RetentionTerms(case_years=0)
    with pytest.raises(ValueError):
        RetentionTerms(meeting_internal_years=True)


def test_due_cases_are_sorted_longest_overdue_first_and_only_due_ones():
    today = date(2026, 5, 12)
    cases = [ClosedCase("2021-0002", ClosingReason.RESOLVED, date(2021, 5, 12)),  # due today
             ClosedCase("2021-0001", ClosingReason.RESOLVED, date(2021, 5, 13)),  # tomorrow
             ClosedCase("2024-0009", ClosingReason.WITHDRAWN, date(2024, 8, 1)),  # long overdue
             ClosedCase("2025-0001", ClosingReason.NO_CONTACT, date(2025, 5, 12))]  # due today
    assert [d.case_number for d in cases_due(cases, today)] == ["2024-0009", "2021-0002", "2025-0001"]


def test_plan_counts_per_rule_and_audit_reference_has_counts_only():
    today = date(2026, 5, 12)
    plan = PurgePlan(today, tuple(cases_due([ClosedCase("2021-0002", ClosingReason.RESOLVED, date(2021, 1, 2)),
                                             ClosedCase("2021-0003", ClosingReason.REJECTED, date(2021, 1, 2)),
                                             ClosedCase("2024-0004", ClosingReason.NO_CONTACT, date(2024, 1, 2))],
                                            today)),
                     tuple(meetings_due([MeetingStub(1, datetime(2020, 1, 1, 9), MeetingKind.WITH_PARTNERS)], today)))
    assert dict(plan.counts_by_rule()) == {
        RetentionClass.HELP_PROVIDED.label_nl: 1, RetentionClass.ENDED_OR_REFUSED.label_nl: 1,
        RetentionClass.ABORTED.label_nl: 1,
        "Agenda's en verslagen van overleg met derden (voorzitter gemeente): 5 jaar": 1}
    assert not plan.is_empty and PurgePlan(today).is_empty
    assert PurgeCounts(12, 3).object_ref == "purge:cases=12,meetings=3"
    assert PurgeCounts(1, 1).summary_nl == "1 casus en 1 overleg vernietigd."


@given(st.dates(min_value=date(1990, 1, 1), max_value=date(2090, 12, 31)), st.integers(1, 10))
def test_add_years_lands_in_the_right_year_and_never_later_than_the_same_day(day, years):
    result = add_years(day, years)
    assert result.year == day.year + years and result.month == day.month
    assert result.day == day.day or (day.month, day.day, result.day) == (2, 29, 28)


@given(st.sampled_from(list(ClosingReason)), st.dates(min_value=date(2000, 1, 1), max_value=date(2040, 12, 31)),
       st.dates(min_value=date(2000, 1, 1), max_value=date(2060, 12, 31)))
def test_a_case_is_due_exactly_from_its_first_day(reason, closed_on, today):
    due = cases_due([ClosedCase("2000-0001", reason, closed_on)], today)
    assert bool(due) == (case_destroy_from(reason, closed_on) <= today)
    assert not cases_due([ClosedCase("2000-0001", reason, closed_on)], closed_on)  # never on the closing day
