"""Monitor figures on hand-made registers whose true figures were computed by hand: terms met across Easter, King's
Day and the KB day of 15 May 2026, medians, inflow and suppression. (Worked dates: DOMAIN.md §3.)"""
from __future__ import annotations

from dataclasses import replace
from datetime import date

from ketenregie.calendar_source import load_calendar
from ketenregie.config import Policy
from ketenregie.domain.cases import ClosingReason, DecisionKind, IntakeRoute, Phase, TargetGroup
from ketenregie.domain.monitor.figures import CaseRecord, case_figures, term_outcomes
from ketenregie.domain.monitor.period import quarter
from ketenregie.domain.monitor.suppression import display, display_total
from ketenregie.domain.monitor.trajectory import (Solution, SolutionKind, Trajectory, OutflowReason,
                                                  fill_implied_dates)

CALENDAR = load_calendar(Policy.defaults())
Q2 = quarter(2026, 2)
AS_OF = date(2026, 7, 15)
D = date


def rec(number, help_date, *, crisis=False, first=None, decision=None, route=IntakeRoute.SELF, **kw):
    return CaseRecord(number, Phase.INTAKE, route, help_date, crisis, first, decision,
                      DecisionKind.ADMISSION if decision else None, **kw)


# The seven hand-made cases (deadlines worked out by hand from the Atw calendar):
BASE = [
    # help Mon 30 Mar -> 4 weeks end on King's Day (Mon 27 Apr) -> Tue 28 Apr: met. Decision deadline 28 Apr + 56
    # = Tue 23 Jun; decided 30 Jun: missed (settled 24 Jun, in Q2).
    rec("A", D(2026, 3, 30), first=D(2026, 4, 28), decision=D(2026, 6, 30)),
    # crisis Thu 2 Apr -> 3 working days past Good Friday and Easter Monday -> Thu 9 Apr: met. Decision 9 Apr + 56
    # = Thu 4 Jun: met on the day.
    rec("B", D(2026, 4, 2), crisis=True, first=D(2026, 4, 9), decision=D(2026, 6, 4), route=IntakeRoute.COURT),
    # same crisis, conversation a day late: missed. No decision by 5 Jun (+56): missed, settled 6 Jun.
    rec("C", D(2026, 4, 2), crisis=True, first=D(2026, 4, 10), route=IntakeRoute.COURT),
    # help Fri 17 Apr -> +28 = Fri 15 May, a KB-equated day -> Mon 18 May: met on 18 May. Decision term ends
    # 13 Jul: outside Q2.
    rec("D", D(2026, 4, 17), first=D(2026, 5, 18)),
    # the same but 19 May: missed.
    rec("E", D(2026, 4, 17), first=D(2026, 5, 19)),
    # first conversation in Q1 (not counted in Q2); decision term 20 Mar + 56 = Fri 15 May (KB day) -> 18 May: met.
    rec("F", D(2026, 3, 2), first=D(2026, 3, 20), decision=D(2026, 5, 18)),
    # no conversation yet; the term ends 20 Jul, after as_of: not settled, not counted.
    rec("G", D(2026, 6, 20), target_groups=frozenset({TargetGroup.YOUTH})),
]


def copies(n: int) -> list[CaseRecord]:
    return [replace(r, case_number=f"{r.case_number}{i}") for i in range(n) for r in BASE]


def test_each_term_is_settled_on_the_day_worked_out_by_hand():
    got = {(o.case_number, o.term): (o.met, o.settled_on) for o in term_outcomes(BASE, calendar=CALENDAR)}
    assert got[("A", "first")] == (True, D(2026, 4, 28))
    assert got[("A", "decision")] == (False, D(2026, 6, 24))
    assert got[("B", "crisis")] == (True, D(2026, 4, 9))
    assert got[("B", "decision")] == (True, D(2026, 6, 4))
    assert got[("C", "crisis")] == (False, D(2026, 4, 10))
    assert got[("C", "decision")] == (False, D(2026, 6, 6))
    assert got[("D", "first")] == (True, D(2026, 5, 18))
    assert got[("E", "first")] == (False, D(2026, 5, 19))
    assert got[("F", "decision")] == (True, D(2026, 5, 18))
    assert got[("G", "first")] == (False, D(2026, 7, 21))


def test_terms_met_in_a_quarter_with_counts_and_the_missed_cases_for_the_drill_down():
    fig = case_figures(copies(5), Q2, minimum=5, calendar=CALENDAR, as_of=AS_OF)
    terms = next(t for t in fig.tables if t.key == "terms")
    rows = {g.label: ([display(c, 5) for c in g.cells], display_total(g, 5)) for g in terms.groups}
    # first (4 weeks): A, D met; E missed -> x5: 10 met, 5 missed
    assert rows["Eerste gesprek binnen 4 weken"] == (["10", "5"], "15")
    # crisis: B met, C missed
    assert rows["Eerste gesprek bij crisis binnen 3 werkdagen"] == (["5", "5"], "10")
    # decision in Q2: B, F met; A, C missed (D's term ends after Q2)
    assert rows["Beschikking op tijd"] == (["10", "10"], "20")
    assert terms.groups[0].share(terms.groups[0].cells[0]) == 10 / 15
    assert fig.missed["Eerste gesprek binnen 4 weken"] == sorted(f"E{i}" for i in range(5))
    assert sorted(fig.missed["Beschikking op tijd"]) == sorted([f"A{i}" for i in range(5)] +
                                                               [f"C{i}" for i in range(5)])


def test_the_same_cases_once_are_too_few_and_show_below_five():
    fig = case_figures(BASE, Q2, minimum=5, calendar=CALENDAR, as_of=AS_OF)
    terms = next(t for t in fig.tables if t.key == "terms")
    assert [display(c, 5) for c in terms.groups[0].cells] == ["<5", "<5"]
    assert display_total(terms.groups[0], 5) == "<5"
    # the coordinator's drill-down still has the real case
    assert fig.missed["Eerste gesprek binnen 4 weken"] == ["E"]


def test_lead_time_medians_by_hand():
    fig = case_figures(copies(5), Q2, minimum=5, calendar=CALENDAR, as_of=AS_OF)
    lead = {s.label: s for s in next(t for t in fig.stats if t.key == "lead_times").rows}
    # first conversations in Q2: A 29, B 7, C 8, D 31, E 32 days -> median 29
    assert lead["Hulpvraag → eerste gesprek"].value == 29 and lead["Hulpvraag → eerste gesprek"].cases == 25
    # decisions in Q2: A 63, B 56, F 59 days -> median 59
    assert lead["Eerste gesprek → beschikking"].value == 59
    assert lead["Eerste gesprek → beschikking"].text(5) == "59 dagen"


def test_inflow_and_crisis_share():
    fig = case_figures(copies(5), Q2, minimum=5, calendar=CALENDAR, as_of=AS_OF)
    crisis = next(t for t in fig.tables if t.key == "inflow_crisis").groups[0]
    # inflow in Q2: B, C, D, E, G (A and F asked in March) x5 = 25; crisis: B, C x5 = 10
    assert (crisis.total, crisis.cells[0].count) == (25, 10)
    assert crisis.share(crisis.cells[0]) == 0.4
    route = next(t for t in fig.tables if t.key == "inflow_route").groups[0]
    assert {c.label: display(c, 5) for c in route.cells if c.count} == {"Zelfmelder": "15",
                                                                       "Schuldenfunctionaris rechtbank Rotterdam": "10"}


def test_outflow_dropout_and_solutions():
    closed = [replace(r, closing_reason=ClosingReason.NO_CONTACT, closed_on=D(2026, 5, 1)) for r in copies(1)[:5]]
    solved = [replace(r, case_number=r.case_number + "s", closing_reason=ClosingReason.RESOLVED,
                      closed_on=D(2026, 6, 1),
                      trajectory=Trajectory(solutions=(Solution(SolutionKind.DEBT_MEDIATION, D(2026, 5, 20)),)))
              for r in copies(1)[:5]]
    fig = case_figures(closed + solved, Q2, minimum=5, calendar=CALENDAR, as_of=AS_OF)
    outflow = next(t for t in fig.tables if t.key == "outflow").groups[0]
    got = {c.label: c.count for c in outflow.cells if c.count}
    assert got == {"Nietverschenen": 5, "Afgerond": 5}
    dropout = next(t for t in fig.tables if t.key == "dropout").groups[0]
    # A..E reached intake (a first conversation, no decision/plan) except A and B with a decision
    assert {c.label: c.count for c in dropout.cells if c.count} == {"Intake": 3, "Plan van aanpak": 2}
    assert [display(c, 5) for c in dropout.cells if c.count] == ["<5", "<5"]
    solutions = next(t for t in fig.tables if t.key == "solutions").groups[0]
    assert {c.label: c.count for c in solutions.cells if c.count} == {"Schuldbemiddeling": 5}


def test_phase_changes_fill_implied_dates_once():
    from ketenregie.domain.cases import Case, Closing, Household
    base = Case(Household("x"), IntakeRoute.SELF, D(2026, 1, 5), phase=Phase.WITH_PARTNER)
    t = fill_implied_dates(Trajectory(), Phase.ACTION_PLAN, base, D(2026, 3, 1))
    assert t.action_plan_date == D(2026, 3, 1)
    # a later move does not overwrite what is there (the user may have corrected it)
    t2 = fill_implied_dates(replace(t, action_plan_date=D(2026, 2, 27)), Phase.ACTION_PLAN, base, D(2026, 3, 2))
    assert t2.action_plan_date == D(2026, 2, 27)
    after = fill_implied_dates(t2, Phase.WITH_PARTNER, replace(base, phase=Phase.AFTERCARE), D(2026, 9, 1))
    assert after.aftercare_start == D(2026, 9, 1)
    closed = replace(base, phase=Phase.CLOSED, closing=Closing(ClosingReason.RESOLVED, D(2026, 12, 1)))
    done = fill_implied_dates(after, Phase.AFTERCARE, closed, D(2026, 12, 2))
    assert done.aftercare_end == D(2026, 12, 1)
    assert done.outflow(closed) == OutflowReason.COMPLETED
    assert replace(done, outflow_reason=OutflowReason.SELF).outflow(closed) == OutflowReason.SELF
