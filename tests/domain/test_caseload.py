"""Caseload rows from the store's records: the most urgent term, next action, lead partner, filters, saved-view
data and the "Vandaag" overview."""
from __future__ import annotations

from datetime import date, timedelta

from ketenregie.domain.calendar import AtwCalendar, EquatedDay
from ketenregie.domain.caseload import (CASE_RECORD_FIELDS, DEFAULT_FILTER, OPEN_ACTION_FIELDS, CaseloadFilter,
                                        build_rows, filter_rows, fold, today_overview, urgency_key, week_end)
from ketenregie.domain.cases import ActionOwner, CrisisKind, IntakeRoute, Phase, TargetGroup
from ketenregie.domain.terms import TermKind, TermStatus

CALENDAR = AtwCalendar([EquatedDay(date(2026, 5, 15), "Vrijdag na Hemelvaartsdag", "KB")], {2026})
TODAY = date(2026, 4, 1)  # a Wednesday


def _record(case_id, *, name="Jan Verzonnen", phase="registration", route="self", help_request="2026-03-25",
            crisis=None, crisis_date=None, first=None, decision=None, lead=(None, None)):
    return (case_id, f"2026-{case_id:04d}", name, phase, route, help_request, crisis, crisis_date, first, decision,
            *lead)


def _rows(records, groups=(), partners=(), actions=()):
    return build_rows(records, target_groups=groups, partner_links=partners, open_actions=actions, today=TODAY,
                      calendar=CALENDAR)


def test_record_layouts():
    assert len(_record(1)) == len(CASE_RECORD_FIELDS)
    assert len(OPEN_ACTION_FIELDS) == 5


def test_terms_worst_first_and_none_for_closed_cases():
    rows = _rows([
        _record(1, help_request="2026-03-01"),                       # 28 days -> deadline 30 Mar: overdue
        _record(2, help_request="2026-03-31", crisis="eviction"),     # crisis: 3 working days (Good Friday, Easter
                                                                      # Monday skipped) -> 7 Apr: due soon
        _record(3, help_request="2026-03-31"),                       # 28 Apr: open
        _record(4, help_request="2026-01-05", first="2026-01-20", decision="2026-02-10"),  # met; objection ignored
        _record(5, phase="closed", help_request="2026-01-01"),
        _record(6, help_request="2026-01-05", first="2026-02-20"),   # first conversation missed, decision open
    ])
    status = {r.case_id: (r.term_kind, r.term_status) for r in rows}
    assert status[1] == (TermKind.FIRST_CONVERSATION, TermStatus.OVERDUE)
    assert status[2] == (TermKind.FIRST_CONVERSATION, TermStatus.DUE_SOON)
    assert rows[1].term_deadline == date(2026, 4, 7) and rows[1].crisis and rows[1].crisis_kind == CrisisKind.EVICTION
    assert status[3] == (TermKind.FIRST_CONVERSATION, TermStatus.OPEN)
    assert status[4][1] == TermStatus.MET
    assert status[5] == (None, None) and rows[4].closed
    assert status[6] == (TermKind.DECISION, TermStatus.OPEN)  # a running term outranks a missed one


def test_decision_weeks_and_due_soon_come_from_policy():
    record = [_record(1, help_request="2026-02-01", first="2026-02-25")]
    eight = build_rows(record, today=TODAY, calendar=CALENDAR)[0]
    four = build_rows(record, today=TODAY, calendar=CALENDAR, decision_weeks=4)[0]
    assert eight.term_status == TermStatus.OPEN and four.term_status == TermStatus.OVERDUE


def test_actions_groups_partners_and_lead():
    rows = _rows(
        [_record(1, lead=(7, "PLANgroep")), _record(2)],
        groups=[(1, "youth"), (1, "migrants")],
        partners=[(1, 7), (1, 3)],
        actions=[
            (1, 10, "self", None, "zonder datum"),
            (1, 11, "partner", "2026-04-10", "partner later"),
            (1, 12, "self", "2026-04-03", "eigen actie"),
            (1, 13, "resident", "2026-04-02", "inwoner eerst"),
            (1, 14, "partner", None, "partner zonder datum"),
        ])
    one, two = rows
    assert (one.next_action, one.next_action_due, one.next_action_owner) == (
        "inwoner eerst", date(2026, 4, 2), ActionOwner.RESIDENT)
    assert one.my_action_due == date(2026, 4, 3)
    assert one.waiting_on_partner and one.partner_action_due == date(2026, 4, 10)
    assert one.target_groups == {TargetGroup.YOUTH, TargetGroup.MIGRANTS} and one.partner_ids == {3, 7}
    assert (one.lead_partner_id, one.lead_partner_name) == (7, "PLANgroep")
    assert two.next_action is None and not two.waiting_on_partner and two.partner_ids == frozenset()


def test_text_search_on_word_prefixes_and_case_numbers():
    rows = _rows([_record(1, name="Anne-Marie van den Berg"), _record(2, name="Özlem Yılmaz"),
                  _record(42, name="J. de Vries")])
    def hits(text):
        return [rows[i].case_id for i in filter_rows(rows, CaseloadFilter(text=text), TODAY)]
    assert hits("marie") == [1] and hits("BERG") == [1] and hits("van den") == [1]
    assert hits("ozlem") == [2] and hits("yil") == [2]
    assert hits("2026-004") == [42] and hits("0042") == [42] and hits("42") == []
    assert hits("vries") == [42] and hits("ries") == []
    assert hits("") == [1, 2, 42]
    assert fold("Anne-Marie  Çelik") == "anne marie celik"


def test_filters_combine():
    rows = _rows(
        [_record(1, phase="intake", route="court", lead=(7, "PLANgroep")),
         _record(2, help_request="2026-03-31", crisis="eviction"),
         _record(3, phase="closed"), _record(4, phase="with_partner", first="2026-03-26", decision="2026-03-30")],
        groups=[(1, "youth")], partners=[(1, 7), (4, 3)],
        actions=[(1, 1, "self", "2026-03-20", "te laat"), (2, 2, "self", "2026-04-06", "volgende week"),
                 (4, 3, "partner", None, "partner")])
    def hits(**kw):
        return [rows[i].case_id for i in filter_rows(rows, CaseloadFilter(**kw), TODAY)]
    assert hits() == [1, 2, 3, 4]
    assert hits(phases=frozenset({Phase.INTAKE, Phase.CLOSED})) == [1, 3]
    assert [rows[i].case_id for i in filter_rows(rows, DEFAULT_FILTER, TODAY)] == [1, 2, 4]
    assert hits(intake_routes=frozenset({IntakeRoute.COURT})) == [1]
    assert hits(target_groups=frozenset({TargetGroup.YOUTH, TargetGroup.MIGRANTS})) == [1]
    assert hits(partner_ids=frozenset({3})) == [4]
    assert hits(crisis_only=True) == [2]
    assert hits(my_actions_this_week=True) == [1]  # overdue counts; next Monday's action does not
    assert hits(waiting_on_partner=True) == [4]
    assert hits(term_statuses=frozenset({TermStatus.DUE_SOON})) == [2]
    assert hits(phases=frozenset({Phase.INTAKE}), crisis_only=True) == []


def test_saved_filter_keeps_codes_and_never_the_search_text():
    flt = CaseloadFilter(text="Jansen", phases=frozenset({Phase.INTAKE}), partner_ids=frozenset({3, 1}),
                         term_statuses=frozenset({TermStatus.OVERDUE}), crisis_only=True)
    data = flt.to_saved()
    assert "Jansen" not in repr(data) and "text" not in data
    assert data["partner_ids"] == [1, 3]
    back = CaseloadFilter.from_saved(data)
    assert back == CaseloadFilter(phases=flt.phases, partner_ids=flt.partner_ids, term_statuses=flt.term_statuses,
                                  crisis_only=True)
    assert CaseloadFilter.from_saved({"phases": ["intake", "no_such_phase"]}).phases == {Phase.INTAKE}


def test_today_overview():
    rows = _rows(
        [_record(1, help_request="2026-03-01"),                                   # overdue term
         _record(2, help_request="2026-03-31", crisis="eviction"),                # due soon + crisis
         _record(3, phase="with_partner", help_request="2026-01-05", first="2026-01-06", decision="2026-01-20",
                 crisis="wage_seizure", crisis_date="2026-02-01"),                # old crisis: not current
         _record(4, phase="closed", help_request="2026-03-01", crisis="eviction")],
        actions=[(1, 1, "self", "2026-04-01", "vandaag"), (2, 2, "self", "2026-04-04", "zaterdag"),
                 (3, 3, "partner", "2026-03-25", "partner te laat"), (4, 4, "self", "2026-03-01", "gesloten")])
    overview = today_overview(rows, TODAY)
    ids = lambda items: [r.case_id for r in items]  # noqa: E731
    assert ids(overview.overdue_terms) == [1]
    assert ids(overview.due_soon_terms) == [2]
    assert ids(overview.actions_due) == [1]
    assert ids(overview.actions_this_week) == [2]
    assert ids(overview.crisis_cases) == [2]
    assert ids(overview.waiting_on_partner) == [3]
    assert not overview.is_empty and today_overview([], TODAY).is_empty


def test_urgency_and_week_end():
    rows = _rows([_record(1, help_request="2026-03-31"), _record(2, help_request="2026-03-01"),
                  _record(3, help_request="2026-03-31", crisis="eviction")])
    assert [r.case_id for r in sorted(rows, key=urgency_key)] == [2, 3, 1]
    assert week_end(TODAY) == date(2026, 4, 5) and week_end(date(2026, 4, 5)) == date(2026, 4, 5)


def test_display_name_in_privacy_mode():
    row = _rows([_record(1, name="J. de Vries")])[0]
    assert row.display_name(True) == "J.d.V." and row.display_name(False) == "J. de Vries"


def test_terms_this_week_are_due_from_today_to_sunday_and_never_overdue():
    """Issue 15 item 7, with a fixed clock on a Friday: the card "Termijnen deze week" counts the terms due from
    today up to Sunday; a term due Monday (due soon, 1 working day away) is counted apart, an overdue one not."""
    friday = date(2026, 12, 4)
    records = [_record(1, help_request="2026-10-30"),   # first conversation due Fri 27-11: overdue
               _record(2, help_request="2026-11-06"),   # due Fri 04-12: today
               _record(3, help_request="2026-11-09"),   # due Mon 07-12: due soon, next week
               _record(4, help_request="2026-11-20"),   # due Fri 18-12: open, later
               _record(5, phase="closed", help_request="2026-11-06")]
    rows = build_rows(records, target_groups=(), partner_links=(), open_actions=(), today=friday, calendar=CALENDAR)
    by_id = {r.case_id: r for r in rows}
    assert [by_id[i].term_deadline for i in (1, 2, 3, 4)] == [date(2026, 12, 4) - timedelta(days=7), friday,
                                                              date(2026, 12, 7), date(2026, 12, 18)]
    overview = today_overview(rows, friday)
    ids = lambda items: [r.case_id for r in items]  # noqa: E731
    assert ids(overview.overdue_terms) == [1]
    assert ids(overview.terms_this_week) == [2]
    assert ids(overview.terms_due_soon_later) == [3]
    assert ids(overview.due_soon_terms) == [2, 3]  # the due-soon status itself is unchanged
    # a term due on Sunday of a Wednesday's week is this week; seen on Monday it is next week's
    wednesday = date(2026, 12, 2)
    rows = build_rows([_record(6, help_request="2026-11-09")], target_groups=(), partner_links=(), open_actions=(),
                      today=wednesday, calendar=CALENDAR)
    assert ids(today_overview(rows, wednesday).terms_this_week) == [] and rows[0].term_deadline == date(2026, 12, 7)
