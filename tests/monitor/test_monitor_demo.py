"""Demo monitor facts: consistent with each case (every trajectory passes the same checks as a user's save), and a
demo register's monitor has content for three years."""
from __future__ import annotations

from datetime import date

from ketenregie.domain.cases import Case, Closing, Crisis, Decision, Household
from ketenregie.domain.demo_data import generate_cases
from ketenregie.domain.monitor.demo import demo_survey, demo_trajectories
from ketenregie.domain.monitor.figures import CaseRecord
from ketenregie.domain.monitor.period import year
from ketenregie.domain.monitor.trajectory import check_trajectory

TODAY = date(2026, 7, 15)


def record(i: int, c: Case) -> CaseRecord:
    return CaseRecord(f"n{i}", c.phase, c.intake_route, c.help_request_date, c.crisis is not None,
                      c.first_conversation_date, c.decision.date if c.decision else None,
                      c.decision.kind if c.decision else None, c.closing.reason if c.closing else None,
                      c.closing.closed_on if c.closing else None)


def test_demo_trajectories_pass_the_checks_a_user_save_gets():
    cases = generate_cases(600, today=TODAY)
    records = [record(i, c) for i, c in enumerate(cases)]
    trajectories = demo_trajectories(records, today=TODAY)
    problems = [(n, p) for (n, t), c in zip(trajectories.items(), cases)
                for p in check_trajectory(t, c, today=TODAY)]
    assert problems == []
    assert sum(bool(t.solutions) for t in trajectories.values()) > 50
    assert sum(bool(t.guidance) for t in trajectories.values()) > 50
    assert sum(bool(t.moratoria) for t in trajectories.values()) > 10
    # three years of help requests and solutions
    for y in (2024, 2025, 2026):
        assert any(year(y).contains(c.help_request_date) for c in cases)
        assert any(year(y).contains(s.start) for t in trajectories.values() for s in t.solutions)


def test_demo_survey_totals_are_plausible():
    totals = demo_survey(2025)
    assert all(60 <= sum(scores.values()) <= 90 for scores in totals.values())


def test_a_demo_register_fills_the_monitor_for_three_years(service):
    from ketenregie.demo import fill_demo_cases, fill_demo_monitor

    fill_demo_cases(service.register, 400, today=TODAY)
    assert fill_demo_monitor(service.register, today=TODAY) == 400
    for y in (2024, 2025, 2026):
        report = service.report(year(y))
        inflow = next(t for t in report.tables if t.key == "inflow_route").groups[0]
        solutions = next(t for t in report.tables if t.key == "solutions").groups[0]
        assert inflow.total > 0 and solutions.total > 0, y
    assert service.survey_totals(2024) and service.survey_totals(2026)
