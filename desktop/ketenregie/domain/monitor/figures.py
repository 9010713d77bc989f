"""Every case figure of the monitor for a period, from plain records (issue 13 item 2; DOMAIN.md §12).

Which cases count where (each rule in one place, so the report can state it):
- inflow: help request in the period;
- terms: a term counts in the period in which it was settled: met on the day of the event (first conversation
  or decision, on or before the deadline), missed on the day after the deadline (whether or not the event came
  later). Only terms settled on or before `as_of` count, and not a term that was still running when the case
  closed (the resident left before it ran out). Deadlines by the Atw calendar (domain/terms.py);
- lead times: medians in calendar days of the steps that ended in the period;
- support: partners of cases active in the period; solutions, guidance, moratoria and crisis interventions that
  started in the period;
- outcomes, uitstroom and dropout: cases closed in the period; dropout = no contact or withdrawn, by the phase the
  case had reached (derived from its dates);
- integral elements: cases active at the end of the period (or closed in it), by status per element;
- bridge movement: cases whose latest finished conversation fell in the period and that have at least two,
  average change in steps per pillar between the first and the latest.
Counts pass through `suppression.suppress_group`; medians and averages are shown only over at least `minimum`
cases. The drill-down (case numbers per missed term) is for the coordinator's screen only and is never exported.
"""
from __future__ import annotations

from collections import Counter
from collections.abc import Iterable, Mapping, Sequence
from dataclasses import dataclass, field
from datetime import date, timedelta
from statistics import median

from ketenregie.domain.bridge import Bridge, pillar_value
from ketenregie.domain.calendar import AtwCalendar
from ketenregie.domain.cases import (ClosingReason, DecisionKind, ElementStatus, IntakeRoute, IntegralElement,
                                     Phase, TargetGroup)
from ketenregie.domain.monitor.period import Period
from ketenregie.domain.monitor.suppression import Group, StatTable, Statistic, Table, suppress_group
from ketenregie.domain.monitor.trajectory import GuidanceKind, OutflowReason, SolutionKind, Trajectory, \
    default_outflow
from ketenregie.domain.terms import (CRISIS_WORKING_DAYS, DEFAULT_DECISION_WEEKS, FIRST_CONVERSATION_DAYS,
                                     clamp_decision_weeks)

DROPOUT_REASONS = frozenset({ClosingReason.NO_CONTACT, ClosingReason.WITHDRAWN})
ELEMENTS = (IntegralElement.DEBT_SETTLEMENT, IntegralElement.PERSONAL_SUPPORT, IntegralElement.SELF_RELIANCE)


@dataclass(frozen=True, slots=True)
class CaseRecord:
    """What the monitor reads of one case (no name, no contact details)."""

    case_number: str
    phase: Phase
    intake_route: IntakeRoute
    help_request: date
    crisis: bool
    first_conversation: date | None = None
    decision: date | None = None
    decision_kind: DecisionKind | None = None
    closing_reason: ClosingReason | None = None
    closed_on: date | None = None
    target_groups: frozenset[TargetGroup] = frozenset()
    elements: tuple[ElementStatus, ElementStatus, ElementStatus] = (ElementStatus.NOT_STARTED,) * 3
    partners: frozenset[str] = frozenset()  # partner names
    trajectory: Trajectory = Trajectory()
    conversations: tuple[tuple[date, Mapping[str, int]], ...] = ()  # finished ones: (held_on, sub-area steps)

    def __repr__(self) -> str:
        return f"CaseRecord({self.case_number})"

    def active_in(self, period: Period) -> bool:
        return self.help_request <= period.end and (self.closed_on is None or self.closed_on >= period.start)

    def reached_phase(self) -> Phase:
        """The furthest phase the dates show (for dropout per phase)."""
        t = self.trajectory
        if t.aftercare_start is not None:
            return Phase.AFTERCARE
        if t.action_plan_date is not None or t.solutions:
            return Phase.WITH_PARTNER
        if self.decision is not None:
            return Phase.ACTION_PLAN
        if self.first_conversation is not None:
            return Phase.INTAKE
        return Phase.REGISTRATION


@dataclass(frozen=True, slots=True)
class TermOutcome:
    term: str  # "first", "crisis", "decision"
    case_number: str
    settled_on: date
    met: bool
    deadline: date


@dataclass
class CaseFigures:
    tables: list[Table] = field(default_factory=list)
    stats: list[StatTable] = field(default_factory=list)
    missed: dict[str, list[str]] = field(default_factory=dict)  # term label -> case numbers (drill-down only)
    chart_data: dict[str, list[tuple[str, int | None]]] = field(default_factory=dict)


TERM_LABELS = {"first": "Eerste gesprek binnen 4 weken", "crisis": "Eerste gesprek bij crisis binnen 3 werkdagen",
               "decision": "Beschikking op tijd"}


def term_outcomes(records: Iterable[CaseRecord], *, calendar: AtwCalendar,
                  decision_weeks: int = DEFAULT_DECISION_WEEKS) -> list[TermOutcome]:
    """Every statutory term of every case with the day it was settled (see the module doc)."""
    weeks = clamp_decision_weeks(decision_weeks)
    roll = calendar.roll_forward_ordinal
    out = []
    for r in records:
        start = r.help_request.toordinal()
        if r.crisis:
            deadline = calendar.add_working_days_ordinal(start, CRISIS_WORKING_DAYS)
            kind = "crisis"
        else:
            deadline = roll(start + FIRST_CONVERSATION_DAYS)
            kind = "first"
        closed = r.closed_on
        outcome = _settle(kind, r.case_number, deadline, r.first_conversation)
        if closed is None or outcome.settled_on <= closed:
            out.append(outcome)
        if r.first_conversation is not None:
            deadline = roll(r.first_conversation.toordinal() + 7 * weeks)
            outcome = _settle("decision", r.case_number, deadline, r.decision)
            if closed is None or outcome.settled_on <= closed:
                out.append(outcome)
    return out


def _settle(kind: str, number: str, deadline: int, event: date | None) -> TermOutcome:
    if event is not None and event.toordinal() <= deadline:
        return TermOutcome(kind, number, event, True, date.fromordinal(deadline))
    return TermOutcome(kind, number, date.fromordinal(deadline + 1), False, date.fromordinal(deadline))


def _median_days(pairs: Iterable[tuple[date, date]]) -> tuple[float | None, int]:
    values = [(b - a).days for a, b in pairs if b >= a]
    return (median(values) if values else None), len(values)


def case_figures(records: Sequence[CaseRecord], period: Period, *, minimum: int, calendar: AtwCalendar,
                 as_of: date, decision_weeks: int = DEFAULT_DECISION_WEEKS, bridge: Bridge | None = None
                 ) -> CaseFigures:
    fig = CaseFigures()
    p = period
    inflow = [r for r in records if p.contains(r.help_request)]
    closed = [r for r in records if p.contains(r.closed_on)]
    active = [r for r in records if r.active_in(p)]

    # --- inflow ---------------------------------------------------------------------------------------------
    routes = Counter(r.intake_route for r in inflow)
    route_group = suppress_group("Aanmeldroute", [(k.label_nl, routes[k]) for k in IntakeRoute], minimum)
    per_month = Counter(date(r.help_request.year, r.help_request.month, 1) for r in inflow)
    month_group = suppress_group("Per maand", [(m.strftime("%Y-%m"), per_month[m]) for m in p.month_starts()],
                                 minimum)
    fig.tables.append(Table("inflow_route", "Instroom naar aanmeldroute", (route_group, month_group),
                            "Nieuwe hulpvragen in de periode (datum hulpvraag), naar de route waarlangs de inwoner "
                            "binnenkwam en per maand."))
    fig.chart_data["inflow_month"] = [(c.label, c.count if c.visible else None) for c in month_group.cells]
    groups = Counter(g for r in inflow for g in r.target_groups)
    fig.tables.append(Table("inflow_target_group", "Instroom naar doelgroep", (
        suppress_group("Doelgroep", [(g.label_nl, groups[g]) for g in TargetGroup], minimum, total=len(inflow),
                       additive=False),),
        "Een casus kan bij meer doelgroepen horen; de aandelen tellen daarom niet op tot 100%. De totale instroom "
        "staat als totaal.", with_share=True))
    crisis = sum(r.crisis for r in inflow)
    fig.tables.append(Table("inflow_crisis", "Aandeel crisis bij aanmelding", (
        suppress_group("Crisis", [("Crisis", crisis), ("Geen crisis", len(inflow) - crisis)], minimum),),
        "Hulpvragen met een crisissituatie (Wgs art. 4 lid 2) bij de aanmelding."))

    # --- terms ----------------------------------------------------------------------------------------------
    outcomes = [o for o in term_outcomes(records, calendar=calendar, decision_weeks=decision_weeks)
                if p.contains(o.settled_on) and o.settled_on <= as_of]
    term_groups = []
    for kind, label in TERM_LABELS.items():
        mine = [o for o in outcomes if o.term == kind]
        met = sum(o.met for o in mine)
        group = suppress_group(label, [("Gehaald", met), ("Niet gehaald", len(mine) - met)], minimum)
        term_groups.append(group)
        fig.missed[label] = sorted(o.case_number for o in mine if not o.met)
        fig.chart_data[f"term_{kind}"] = [(c.label, c.count if c.visible else None) for c in group.cells]
    weeks = clamp_decision_weeks(decision_weeks)
    fig.tables.append(Table("terms", "Wettelijke termijnen gehaald", tuple(term_groups),
                            "Een termijn telt in de periode waarin hij is afgelopen: gehaald op de dag van het "
                            "gesprek of de beschikking, niet gehaald op de dag na de uiterste datum. Termijnen "
                            "volgens de Algemene termijnenwet (weekend, feestdagen en gelijkgestelde dagen "
                            f"schuiven de uiterste datum op). Beschikking: {weeks} weken na het eerste gesprek."))

    # --- lead times -----------------------------------------------------------------------------------------
    rows = []
    value, n = _median_days((r.help_request, r.first_conversation) for r in records
                            if p.contains(r.first_conversation))
    rows.append(Statistic("Hulpvraag → eerste gesprek", value, n, "dagen"))
    value, n = _median_days((r.first_conversation, r.decision) for r in records
                            if p.contains(r.decision) and r.first_conversation is not None)
    rows.append(Statistic("Eerste gesprek → beschikking", value, n, "dagen"))
    pairs = []
    total_pairs = []
    for r in records:
        first_solution = min((s.start for s in r.trajectory.solutions), default=None)
        if p.contains(first_solution):
            total_pairs.append((r.help_request, first_solution))
            if r.decision is not None:
                pairs.append((r.decision, first_solution))
    value, n = _median_days(pairs)
    rows.append(Statistic("Beschikking → oplossing", value, n, "dagen"))
    value, n = _median_days(total_pairs)
    rows.append(Statistic("Hulpvraag → oplossing (totaal)", value, n, "dagen"))
    fig.stats.append(StatTable("lead_times", "Doorlooptijden (mediaan)", tuple(rows),
                               "Mediaan in kalenderdagen van de stappen die in de periode zijn afgerond. Een "
                               "mediaan staat er alleen als er genoeg casussen achter zitten."))

    # --- support deployed -----------------------------------------------------------------------------------
    partners = Counter(name for r in active for name in r.partners)
    fig.tables.append(Table("partners", "Ingezette ketenpartners", (
        suppress_group("Ketenpartner", sorted(partners.items(), key=lambda kv: (-kv[1], kv[0])), minimum,
                       total=len(active), additive=False),),
        "Casussen die in de periode liepen, naar betrokken ketenpartner (een casus kan meer partners hebben).",
        with_share=False))
    solutions = Counter(s.kind for r in records for s in r.trajectory.solutions if p.contains(s.start))
    guidance = Counter(g.kind for r in records for g in r.trajectory.guidance if p.contains(g.start))
    fig.tables.append(Table("solutions", "Oplossingen en begeleiding gestart", (
        suppress_group("Oplossing", [(k.label_nl, solutions[k]) for k in SolutionKind], minimum),
        suppress_group("Begeleiding", [(k.label_nl, guidance[k]) for k in GuidanceKind], minimum)),
        "Oplossingen (DDAS-soorten) en begeleiding die in de periode begonnen."))
    moratoria = sum(p.contains(m.requested_on) for r in records for m in r.trajectory.moratoria)
    interventions = sum(p.contains(c.start) for r in records for c in r.trajectory.crisis_interventions)
    stabilised = sum(p.contains(r.trajectory.stabilisation_start) for r in records)
    arrangements = sum(p.contains(r.trajectory.arrangement_submitted) for r in records)
    aftercare = sum(p.contains(r.trajectory.aftercare_start) for r in records)
    fig.tables.append(Table("support", "Overige inzet", (
        suppress_group("Inzet", [("Moratorium aangevraagd", moratoria), ("Crisisinterventie", interventions),
                                 ("Stabilisatie gestart", stabilised), ("Schuldregeling ingediend", arrangements),
                                 ("Nazorg gestart", aftercare)], minimum, total=0, additive=False),),
        "Aantallen die in de periode begonnen; een casus kan in meer regels voorkomen.", with_share=False))

    # --- outcomes, uitstroom, dropout -------------------------------------------------------------------------
    reasons = Counter(r.closing_reason for r in closed)
    fig.tables.append(Table("closing", "Uitstroom naar sluitreden", (
        suppress_group("Sluitreden", [(k.label_nl, reasons[k]) for k in ClosingReason], minimum),),
        "Casussen die in de periode zijn afgesloten."))
    outflow = Counter((r.trajectory.outflow_reason or default_outflow(r.closing_reason)) for r in closed
                      if r.closing_reason is not None)
    fig.tables.append(Table("outflow", "Uitstroomreden (DDAS)", (
        suppress_group("Uitstroomreden", [(k.ddas, outflow[k]) for k in OutflowReason], minimum),),
        "Dezelfde casussen volgens de landelijke lijst van uitstroomredenen."))
    dropped = Counter(r.reached_phase() for r in closed if r.closing_reason in DROPOUT_REASONS)
    fig.tables.append(Table("dropout", "Uitval per fase", (
        suppress_group("Fase", [(ph.label_nl, dropped[ph]) for ph in Phase if ph != Phase.CLOSED], minimum),),
        "Afgesloten met 'geen contact meer' of 'teruggetrokken', naar de fase die de casus had bereikt."))

    # --- integral elements ------------------------------------------------------------------------------------
    element_groups = []
    for i, element in enumerate(ELEMENTS):
        statuses = Counter(r.elements[i] for r in active)
        element_groups.append(suppress_group(element.label_nl, [(s.label_nl, statuses[s]) for s in ElementStatus],
                                             minimum))
    fig.tables.append(Table("elements", "De drie integrale elementen", tuple(element_groups),
                            "Casussen die in de periode liepen, naar de stand van elk integraal element."))

    # --- bridge movement --------------------------------------------------------------------------------------
    if bridge is not None:
        rows = []
        movers = [r for r in records if len(r.conversations) >= 2
                  and p.contains(max(d for d, _ in r.conversations))]
        for pillar in bridge.pillars:
            changes = []
            for r in movers:
                ordered = sorted(r.conversations, key=lambda c: c[0])
                first = pillar_value(pillar, ordered[0][1])
                last = pillar_value(pillar, ordered[-1][1])
                if first is not None and last is not None:
                    changes.append(last - first)
            value = sum(changes) / len(changes) if changes else None
            rows.append(Statistic(pillar.label, value, len(changes), "treden"))
        fig.stats.append(StatTable("bridge", "Beweging op de brug naar zelfredzaamheid", tuple(rows),
                                   "Gemiddelde verandering in treden per pijler tussen het eerste en het laatste "
                                   "gesprek (anoniem; alleen bij genoeg casussen).", decimals=1))
    return fig
