"""What a case records for the monitor and the DDAS SHV delivery beyond the case itself (issue 13 item 1).

Kinds are stable English codes with the exact DDAS code (`ddas`) and a Dutch label. The uitstroom reason is derived
from the case's closing reason (`default_outflow`) unless the user chose another DDAS reason: nothing is asked
twice. `fill_implied_dates` fills the dates a phase change already implies (the user can correct them).
"""
from __future__ import annotations

from dataclasses import dataclass, replace
from datetime import date

from ketenregie.domain.cases import Case, ClosingReason, Phase
from ketenregie.domain.signals.codes import DdasEnum, _register

MORATORIUM_MAX_DAYS = 183  # "at most 6 months" (DOMAIN.md §3), counted generously as half a year


class SolutionKind(DdasEnum):
    PAYMENT_ARRANGEMENT = "payment_arrangement"
    REFINANCING = "refinancing"
    RESTRUCTURING_CREDIT = "restructuring_credit"
    DEBT_MEDIATION = "debt_mediation"
    ZERO_PERCENT_OFFER = "zero_percent_offer"


_register(SolutionKind, {
    SolutionKind.PAYMENT_ARRANGEMENT: "Betalingsregeling",
    SolutionKind.REFINANCING: "Herfinanciering",
    SolutionKind.RESTRUCTURING_CREDIT: "Saneringskrediet",
    SolutionKind.DEBT_MEDIATION: "Schuldbemiddeling",
    SolutionKind.ZERO_PERCENT_OFFER: "0%-aanbod",
})


class GuidanceKind(DdasEnum):
    BUDGET_COACHING = "budget_coaching"
    BUDGET_MANAGEMENT = "budget_management"
    PROTECTIVE_ADMINISTRATION = "protective_administration"
    LONG_TERM_GUIDANCE = "long_term_guidance"
    BUDGET_GUIDANCE = "budget_guidance"


_register(GuidanceKind, {
    GuidanceKind.BUDGET_COACHING: "Budgetcoaching",
    GuidanceKind.BUDGET_MANAGEMENT: "Budgetbeheer",
    GuidanceKind.PROTECTIVE_ADMINISTRATION: "Beschermingsbewind",
    GuidanceKind.LONG_TERM_GUIDANCE: "Lange Termijn Begeleiding (DFD)",
    GuidanceKind.BUDGET_GUIDANCE: "Budgetbegeleiding",
}, {GuidanceKind.LONG_TERM_GUIDANCE: "Lange Termijn Begeleiding"})


class OutflowReason(DdasEnum):
    DECEASED = "deceased"
    MOVED = "moved"
    DID_NOT_APPEAR = "did_not_appear"
    WITHDRAWN = "withdrawn"
    NOT_SUITABLE = "not_suitable"
    OTHER = "other"
    NOT_ELIGIBLE = "not_eligible"
    COMPLETED = "completed"
    SELF = "self"


_register(OutflowReason, {
    OutflowReason.DECEASED: "Overleden",
    OutflowReason.MOVED: "Verhuisd",
    OutflowReason.DID_NOT_APPEAR: "Nietverschenen",
    OutflowReason.WITHDRAWN: "Ingetrokken",
    OutflowReason.NOT_SUITABLE: "Niet passend",
    OutflowReason.OTHER: "Overig",
    OutflowReason.NOT_ELIGIBLE: "Voldoet niet",
    OutflowReason.COMPLETED: "Afgerond",
    OutflowReason.SELF: "Zelf",
}, {
    OutflowReason.DID_NOT_APPEAR: "Niet verschenen / geen contact",
    OutflowReason.NOT_SUITABLE: "Niet passend (doorverwezen)",
    OutflowReason.NOT_ELIGIBLE: "Voldoet niet (afgewezen)",
    OutflowReason.SELF: "Zelf opgelost / geen hulp meer nodig",
})

# The closing reason of a case mapped to the DDAS uitstroom list (DOMAIN.md §6 and §11). A referral to the Wsnp or
# to bewind ends the municipal traject with the debts being handled: "Afgerond"; a referral elsewhere is "Niet
# passend".
OUTFLOW_BY_CLOSING: dict[ClosingReason, OutflowReason] = {
    ClosingReason.RESOLVED: OutflowReason.COMPLETED,
    ClosingReason.REFERRED_WSNP: OutflowReason.COMPLETED,
    ClosingReason.REFERRED_ADMINISTRATION: OutflowReason.COMPLETED,
    ClosingReason.REFERRED_OTHER: OutflowReason.NOT_SUITABLE,
    ClosingReason.NO_LONGER_NEEDED: OutflowReason.SELF,
    ClosingReason.NO_CONTACT: OutflowReason.DID_NOT_APPEAR,
    ClosingReason.WITHDRAWN: OutflowReason.WITHDRAWN,
    ClosingReason.MOVED: OutflowReason.MOVED,
    ClosingReason.DECEASED: OutflowReason.DECEASED,
    ClosingReason.REJECTED: OutflowReason.NOT_ELIGIBLE,
}
assert set(OUTFLOW_BY_CLOSING) == set(ClosingReason)


def default_outflow(reason: ClosingReason) -> OutflowReason:
    return OUTFLOW_BY_CLOSING[reason]


@dataclass(frozen=True, slots=True)
class Solution:
    kind: SolutionKind
    start: date
    end: date | None = None


@dataclass(frozen=True, slots=True)
class Guidance:
    kind: GuidanceKind
    start: date
    end: date | None = None


@dataclass(frozen=True, slots=True)
class Moratorium:
    requested_on: date
    approved_on: date | None = None
    start: date | None = None
    end: date | None = None


@dataclass(frozen=True, slots=True)
class CrisisIntervention:
    start: date
    end: date | None = None


@dataclass(frozen=True, slots=True)
class Trajectory:
    """The monitor facts of one case. Empty by default; `outflow_reason` None = derived from the closing reason."""

    action_plan_date: date | None = None
    stabilisation_start: date | None = None
    stabilisation_end: date | None = None
    arrangement_submitted: date | None = None
    arrangement_granted: date | None = None
    arrangement_refused: date | None = None
    arrangement_withdrawn: date | None = None
    forced_settlement_requested: date | None = None
    forced_settlement: bool = False
    aftercare_start: date | None = None
    aftercare_end: date | None = None
    outflow_reason: OutflowReason | None = None
    solutions: tuple[Solution, ...] = ()
    guidance: tuple[Guidance, ...] = ()
    moratoria: tuple[Moratorium, ...] = ()
    crisis_interventions: tuple[CrisisIntervention, ...] = ()

    def outflow(self, case: Case) -> OutflowReason | None:
        """The DDAS uitstroom reason of a closed case: the user's choice, else mapped from the closing reason."""
        if case.closing is None:
            return None
        return self.outflow_reason or default_outflow(case.closing.reason)

    @property
    def latest_solution(self) -> Solution | None:
        return max(self.solutions, key=lambda s: s.start, default=None)


def fill_implied_dates(trajectory: Trajectory, previous: Phase | None, case: Case, day: date) -> Trajectory:
    """The dates the move from `previous` to `case.phase` implies, filled only where still empty.

    - leaving the action-plan phase forward (to the partner) completes the plan van aanpak on `day`;
    - entering aftercare starts aftercare on `day`;
    - closing ends an open aftercare, stabilisation, guidance and crisis intervention on the closing date.
    """
    if previous == case.phase:
        return trajectory
    changes: dict = {}
    if case.phase == Phase.WITH_PARTNER and previous == Phase.ACTION_PLAN and trajectory.action_plan_date is None:
        changes["action_plan_date"] = day
    if case.phase == Phase.AFTERCARE and trajectory.aftercare_start is None:
        changes["aftercare_start"] = day
    if case.phase == Phase.CLOSED and case.closing is not None:
        closed = case.closing.closed_on
        if trajectory.aftercare_start is not None and trajectory.aftercare_end is None \
                and trajectory.aftercare_start <= closed:
            changes["aftercare_end"] = closed
        if trajectory.stabilisation_start is not None and trajectory.stabilisation_end is None \
                and trajectory.stabilisation_start <= closed:
            changes["stabilisation_end"] = closed
        changes["guidance"] = tuple(replace(g, end=closed) if g.end is None and g.start <= closed else g
                                    for g in trajectory.guidance)
        changes["crisis_interventions"] = tuple(
            replace(c, end=closed) if c.end is None and c.start <= closed else c
            for c in trajectory.crisis_interventions)
    return replace(trajectory, **changes) if changes else trajectory


def check_trajectory(trajectory: Trajectory, case: Case, *, today: date) -> list[tuple[str, str]]:
    """(field, Dutch message) for every problem: dates in the future, an end before its start, a date before the
    help request, a moratorium longer than 6 months. Empty when all is well."""
    issues: list[tuple[str, str]] = []
    start = case.help_request_date

    def check(field: str, label: str, value: date | None) -> None:
        if value is None:
            return
        if value > today:
            issues.append((field, f"{label} ligt in de toekomst."))
        elif value < start:
            issues.append((field, f"{label} ligt vóór de hulpvraag."))

    def pair(field: str, label: str, begin: date | None, end: date | None) -> None:
        if begin is not None and end is not None and end < begin:
            issues.append((field, f"{label}: de einddatum ligt vóór de begindatum."))

    t = trajectory
    for name, label in (("action_plan_date", "Datum plan van aanpak"),
                        ("stabilisation_start", "Begin stabilisatie"), ("stabilisation_end", "Einde stabilisatie"),
                        ("arrangement_submitted", "Schuldregeling ingediend"),
                        ("arrangement_granted", "Schuldregeling toegekend"),
                        ("arrangement_refused", "Schuldregeling afgewezen"),
                        ("arrangement_withdrawn", "Schuldregeling ingetrokken"),
                        ("forced_settlement_requested", "Verzoek dwangakkoord"),
                        ("aftercare_start", "Begin nazorg"), ("aftercare_end", "Einde nazorg")):
        check(name, label, getattr(t, name))
    if t.stabilisation_end is not None and t.stabilisation_start is None:
        issues.append(("stabilisation_start", "Vul eerst het begin van de stabilisatie in."))
    if t.aftercare_end is not None and t.aftercare_start is None:
        issues.append(("aftercare_start", "Vul eerst het begin van de nazorg in."))
    pair("stabilisation_end", "Stabilisatie", t.stabilisation_start, t.stabilisation_end)
    pair("aftercare_end", "Nazorg", t.aftercare_start, t.aftercare_end)
    for outcome, label in ((t.arrangement_granted, "toegekend"), (t.arrangement_refused, "afgewezen"),
                           (t.arrangement_withdrawn, "ingetrokken")):
        if outcome is not None and (t.arrangement_submitted is None or outcome < t.arrangement_submitted):
            issues.append(("arrangement_submitted",
                           f"Schuldregeling {label}: vul een indieningsdatum in die er niet na ligt."))
    if t.forced_settlement and t.forced_settlement_requested is None:
        issues.append(("forced_settlement_requested", "Vul de datum van het verzoek om een dwangakkoord in."))
    for i, s in enumerate(t.solutions):
        check(f"solutions.{i}", f"Oplossing {s.kind.label_nl}", s.start)
        pair(f"solutions.{i}", f"Oplossing {s.kind.label_nl}", s.start, s.end)
    for i, g in enumerate(t.guidance):
        check(f"guidance.{i}", f"Begeleiding {g.kind.label_nl}", g.start)
        pair(f"guidance.{i}", f"Begeleiding {g.kind.label_nl}", g.start, g.end)
    for i, m in enumerate(t.moratoria):
        check(f"moratoria.{i}", "Aanvraag moratorium", m.requested_on)
        if m.approved_on is not None and m.approved_on < m.requested_on:
            issues.append((f"moratoria.{i}", "Moratorium: de goedkeuring ligt vóór de aanvraag."))
        pair(f"moratoria.{i}", "Moratorium", m.start, m.end)
        if m.start is not None and m.end is not None and (m.end - m.start).days > MORATORIUM_MAX_DAYS:
            issues.append((f"moratoria.{i}", "Een moratorium duurt hoogstens zes maanden."))
    for i, c in enumerate(t.crisis_interventions):
        check(f"crisis_interventions.{i}", "Crisisinterventie", c.start)
        pair(f"crisis_interventions.{i}", "Crisisinterventie", c.start, c.end)
    return issues
