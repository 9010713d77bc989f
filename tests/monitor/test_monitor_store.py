"""Trajectory facts on a real SQLCipher register: one transaction and one audit entry per save, nothing
half-written on bad input, the phase change's implied dates, and the records the figures read."""
from __future__ import annotations

from dataclasses import replace
from datetime import date

import pytest

from ketenregie.domain.case_validation import CaseValidationError
from ketenregie.domain.cases import ClosingReason, Phase
from ketenregie.domain.monitor.trajectory import (CrisisIntervention, Guidance, GuidanceKind, Moratorium,
                                                  OutflowReason, Solution, SolutionKind, Trajectory)

from monitor_helpers import make_case

D = date


def audit_count(service) -> int:
    return service.register.audit.count()


def test_a_trajectory_round_trips_and_one_save_is_one_audit_entry(service):
    number = service.cases.bulk_insert([make_case(1)])[0]
    case = service.cases.get(number, audit=False)
    t = Trajectory(action_plan_date=D(2026, 5, 20), stabilisation_start=D(2026, 4, 21),
                   arrangement_submitted=D(2026, 6, 1), arrangement_granted=D(2026, 6, 20),
                   forced_settlement_requested=D(2026, 6, 5), forced_settlement=True,
                   outflow_reason=OutflowReason.SELF,
                   solutions=(Solution(SolutionKind.RESTRUCTURING_CREDIT, D(2026, 6, 20)),),
                   guidance=(Guidance(GuidanceKind.BUDGET_MANAGEMENT, D(2026, 5, 1), D(2026, 6, 30)),),
                   moratoria=(Moratorium(D(2026, 4, 22), D(2026, 4, 24), D(2026, 4, 24), D(2026, 10, 23)),),
                   crisis_interventions=(CrisisIntervention(D(2026, 4, 21), D(2026, 4, 30)),))
    before = audit_count(service)
    service.save_trajectory(case, t)
    assert audit_count(service) == before + 1
    assert service.trajectory(number) == t
    # replacing drops what is no longer there
    service.save_trajectory(case, replace(t, guidance=(), moratoria=()))
    assert service.trajectory(number).guidance == () and service.trajectory(number).moratoria == ()


def test_bad_dates_are_refused_in_dutch_and_nothing_is_written(service):
    number = service.cases.bulk_insert([make_case(2)])[0]
    case = service.cases.get(number, audit=False)
    before = audit_count(service)
    bad = Trajectory(solutions=(Solution(SolutionKind.DEBT_MEDIATION, D(2026, 6, 1), D(2026, 5, 1)),),
                     moratoria=(Moratorium(D(2026, 5, 1), None, D(2026, 5, 1), D(2026, 12, 31)),))
    with pytest.raises(CaseValidationError) as caught:
        service.save_trajectory(case, bad)
    text = caught.value.user_message
    assert "einddatum ligt vóór de begindatum" in text and "hoogstens zes maanden" in text
    assert audit_count(service) == before
    assert service.register.db.query_one("SELECT count(*) FROM case_solutions")[0] == 0


def test_case_and_trajectory_save_together_with_implied_dates_in_one_transaction(service):
    number = service.cases.bulk_insert([make_case(3)])[0]
    case = service.cases.get(number, audit=False)
    before = audit_count(service)
    moved = replace(case, phase=Phase.WITH_PARTNER)
    filled = service.save_case(moved, Trajectory(), Phase.ACTION_PLAN)
    assert filled.action_plan_date == service.clock()
    assert audit_count(service) == before + 1  # one user action, one entry
    assert service.trajectory(number).action_plan_date == service.clock()
    assert service.cases.get(number, audit=False).phase == Phase.WITH_PARTNER


def test_a_failing_trajectory_rolls_back_the_case_change_too(service):
    number = service.cases.bulk_insert([make_case(4)])[0]
    case = service.cases.get(number, audit=False)
    before = audit_count(service)
    bad = Trajectory(stabilisation_start=D(2026, 6, 1), stabilisation_end=D(2026, 5, 1))
    with pytest.raises(CaseValidationError):
        service.save_case(replace(case, phase=Phase.WITH_PARTNER), bad, Phase.ACTION_PLAN)
    assert service.cases.get(number, audit=False).phase == Phase.ACTION_PLAN
    assert audit_count(service) == before


def test_case_records_carry_no_name_and_the_trajectory(service):
    number = service.cases.bulk_insert([make_case(5, closed=D(2026, 7, 1), phase=Phase.CLOSED)])[0]
    case = service.cases.get(number, audit=False)
    service.save_trajectory(case, Trajectory(aftercare_start=D(2026, 6, 1)))
    [record] = service.repo.case_records()
    assert record.case_number == number and record.trajectory.aftercare_start == D(2026, 6, 1)
    assert "Kanarievogel" not in repr(record)
    assert record.closing_reason == ClosingReason.RESOLVED


def test_survey_totals_are_replaced_per_year_and_audited(service):
    before = audit_count(service)
    service.save_survey_totals(2026, {"listened": {4: 12, 5: 20}, "fast": {2: 3, 4: 9}})
    service.save_survey_totals(2026, {"listened": {4: 13, 5: 20}})
    assert service.survey_totals(2026) == {"listened": {4: 13, 5: 20}}
    assert audit_count(service) == before + 2
