"""Fictitious monitor facts for the demo register (issue 13 item 7): trajectories consistent with each demo case's
phase and dates (plan van aanpak after the decision, a solution and guidance for cases with a partner, moratoria,
crisis interventions for crisis cases, stabilisation, schuldregeling dates, aftercare), and three years of survey
totals. Every date lies between the help request and the closing date (or today)."""
from __future__ import annotations

import random
from collections.abc import Sequence
from datetime import date, timedelta

from ketenregie.domain.cases import ClosingReason, DecisionKind, Phase
from ketenregie.domain.monitor.figures import CaseRecord
from ketenregie.domain.monitor.survey import QUESTIONS, SCORES
from ketenregie.domain.monitor.trajectory import (CrisisIntervention, Guidance, GuidanceKind, Moratorium,
                                                  Solution, SolutionKind, Trajectory)

_SOLUTIONS = ((SolutionKind.DEBT_MEDIATION, 45), (SolutionKind.RESTRUCTURING_CREDIT, 25),
              (SolutionKind.PAYMENT_ARRANGEMENT, 20), (SolutionKind.ZERO_PERCENT_OFFER, 5),
              (SolutionKind.REFINANCING, 5))
_GUIDANCE = ((GuidanceKind.BUDGET_COACHING, 35), (GuidanceKind.BUDGET_MANAGEMENT, 30),
             (GuidanceKind.PROTECTIVE_ADMINISTRATION, 15), (GuidanceKind.BUDGET_GUIDANCE, 15),
             (GuidanceKind.LONG_TERM_GUIDANCE, 5))
_SOLVED = {ClosingReason.RESOLVED, ClosingReason.REFERRED_WSNP, ClosingReason.REFERRED_ADMINISTRATION}


def _pick(rng: random.Random, table):
    return rng.choices([k for k, _ in table], weights=[w for _, w in table])[0]


def demo_trajectory(case: CaseRecord, today: date, rng: random.Random) -> Trajectory:
    end = case.closed_on or today
    start = case.help_request

    def within(day: date) -> date:
        return max(start, min(day, end))

    t: dict = {}
    if case.crisis and rng.random() < 0.7:
        s = within(start + timedelta(days=rng.randint(0, 3)))
        e = within(s + timedelta(days=rng.randint(3, 14)))
        t["crisis_interventions"] = (CrisisIntervention(s, e if e > s else None),)
    if case.first_conversation and rng.random() < 0.6:
        t["stabilisation_start"] = within(case.first_conversation + timedelta(days=rng.randint(0, 14)))
    if rng.random() < 0.12 and case.first_conversation:
        requested = within(case.first_conversation + timedelta(days=rng.randint(1, 30)))
        approved = within(requested + timedelta(days=rng.randint(1, 10)))
        t["moratoria"] = (Moratorium(requested, approved, approved,
                                     within(approved + timedelta(days=rng.randint(60, 180)))),)
    decided = case.decision is not None and case.decision_kind == DecisionKind.ADMISSION
    progressed = case.phase in (Phase.WITH_PARTNER, Phase.AFTERCARE) or (
        case.closing_reason in _SOLVED)
    if decided and progressed:
        plan = within(case.decision + timedelta(days=rng.randint(3, 21)))
        t["action_plan_date"] = plan
        if rng.random() < 0.6:
            t["guidance"] = (Guidance(_pick(rng, _GUIDANCE), within(plan + timedelta(days=rng.randint(0, 30)))),)
        if rng.random() < 0.75:
            kind = _pick(rng, _SOLUTIONS)
            solution_start = within(plan + timedelta(days=rng.randint(20, 150)))
            if kind in (SolutionKind.DEBT_MEDIATION, SolutionKind.RESTRUCTURING_CREDIT):
                t["arrangement_submitted"] = within(solution_start - timedelta(days=rng.randint(10, 40)))
                if t["arrangement_submitted"] < plan:
                    t["arrangement_submitted"] = plan
                t["arrangement_granted"] = solution_start
            t["solutions"] = (Solution(kind, solution_start),)
            if t.get("stabilisation_start") and t["stabilisation_start"] <= solution_start:
                t["stabilisation_end"] = solution_start
    if case.phase == Phase.AFTERCARE or (case.closing_reason == ClosingReason.RESOLVED
                                         and rng.random() < 0.5 and t.get("action_plan_date")):
        t["aftercare_start"] = within(end - timedelta(days=rng.randint(30, 180)))
        if t["aftercare_start"] < t.get("action_plan_date", start):
            t["aftercare_start"] = t.get("action_plan_date", start)
        if case.closed_on:
            t["aftercare_end"] = end
    if case.closed_on and t.get("stabilisation_start") and not t.get("stabilisation_end"):
        t["stabilisation_end"] = max(end, t["stabilisation_start"])
    return Trajectory(**t)


def demo_trajectories(records: Sequence[CaseRecord], *, today: date, seed: int = 13) -> dict[str, Trajectory]:
    rng = random.Random(seed)
    return {r.case_number: demo_trajectory(r, today, rng) for r in records}


def demo_survey(year: int, seed: int = 13) -> dict[str, dict[int, int]]:
    """Plausible totals for one year (mostly positive answers, ~60-90 respondents)."""
    rng = random.Random(seed + year)
    out = {}
    for q in QUESTIONS:
        n = rng.randint(60, 90)
        weights = [1, 2, 5, 14, 12]
        counts = dict.fromkeys(SCORES, 0)
        for score in rng.choices(SCORES, weights=weights, k=n):
            counts[score] += 1
        out[q.id] = counts
    return out
