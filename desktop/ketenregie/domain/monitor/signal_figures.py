"""The vroegsignalering figures of the monitor (issue 13 item 2; DOMAIN.md §12), kept apart from domain/signals so a
change there is easy to follow. Input: plain tuples the monitor repository reads in three scans.

- signals per 1,000 inhabitants per month by partner type: signals dated in the period / inhabitants × 1,000 /
  months in the period (inhabitants from policy MonitorInhabitants); no rate from a hidden count;
- share that became a signal case: signals in the period whose vroegsignaalzaak was picked up;
- contact attempts in the period by kind, and their success rate (reached / attempts) per kind;
- eindresultaat distribution and "help accepted" share: vroegsignaalzaken closed in the period;
- the funnel: vroegsignaalzaken whose first signal fell in the period → picked up → reached → help accepted.
"""
from __future__ import annotations

from collections import Counter
from collections.abc import Sequence
from dataclasses import dataclass, field
from datetime import date

from ketenregie.domain.monitor.period import Period
from ketenregie.domain.monitor.suppression import StatTable, Statistic, Table, effective_minimum, suppress_group
from ketenregie.domain.signals.codes import ContactKind, Outcome, SignalPartnerKind


@dataclass(frozen=True, slots=True)
class SignalRow:
    signal_date: date
    partner_kind: SignalPartnerKind
    signal_case_id: int


@dataclass(frozen=True, slots=True)
class SignalCaseRow:
    id: int
    first_signal: date | None
    picked_up_on: date | None
    outcome: Outcome | None
    closed_on: date | None
    reached: bool


@dataclass(frozen=True, slots=True)
class AttemptRow:
    kind: ContactKind
    reached: bool
    day: date


@dataclass
class SignalFigures:
    tables: list[Table] = field(default_factory=list)
    stats: list[StatTable] = field(default_factory=list)
    per_month: list[tuple[str, int | None]] = field(default_factory=list)
    funnel: list[tuple[str, int | None]] = field(default_factory=list)


def signal_figures(signals: Sequence[SignalRow], cases: Sequence[SignalCaseRow], attempts: Sequence[AttemptRow],
                   period: Period, *, minimum: int, inhabitants: int) -> SignalFigures:
    minimum = effective_minimum(minimum)
    fig = SignalFigures()
    p = period
    in_period = [s for s in signals if p.contains(s.signal_date)]
    by_kind = Counter(s.partner_kind for s in in_period)
    kind_group = suppress_group("Soort signaalpartner", [(k.label_nl, by_kind[k]) for k in SignalPartnerKind],
                                minimum)
    fig.tables.append(Table("signals_kind", "Vroegsignalen naar soort signaalpartner", (kind_group,),
                            "Signalen met een signaaldatum in de periode."))
    per_month = Counter(date(s.signal_date.year, s.signal_date.month, 1) for s in in_period)
    month_group = suppress_group("Per maand", [(m.strftime("%Y-%m"), per_month[m]) for m in p.month_starts()],
                                 minimum)
    fig.per_month = [(c.label, c.count if c.visible else None) for c in month_group.cells]
    months = max(p.months, 1e-9)
    rows = []
    for cell in kind_group.cells:
        if cell.count == 0:
            continue
        value = cell.count / inhabitants * 1000 / months if cell.visible and inhabitants > 0 else None
        rows.append(Statistic(cell.label, value, cell.count))
    total_rate = len(in_period) / inhabitants * 1000 / months if inhabitants > 0 else None
    rows.append(Statistic("Alle signalen", total_rate, len(in_period)))
    fig.stats.append(StatTable("signals_rate", "Vroegsignalen per 1.000 inwoners per maand", tuple(rows),
                               f"Aantal signalen gedeeld door {inhabitants:,} inwoners (beleid "
                               "MonitorInhabitants), maal 1.000, per maand van de periode.".replace(",", "."),
                               decimals=2))
    fig.tables.append(Table("signals_month", "Vroegsignalen per maand", (month_group,), "Signalen per maand."))

    case_by_id = {c.id: c for c in cases}
    picked = sum(1 for s in in_period if (c := case_by_id.get(s.signal_case_id)) and c.picked_up_on is not None)
    fig.tables.append(Table("signals_picked_up", "Aandeel signalen dat een opgepakte vroegsignaalzaak werd", (
        suppress_group("Signalen", [("Opgepakt", picked), ("Niet (nog niet) opgepakt", len(in_period) - picked)],
                       minimum),), "Signalen in de periode, naar of hun vroegsignaalzaak is opgepakt."))

    mine = [a for a in attempts if p.contains(a.day)]
    att_kind = Counter(a.kind for a in mine)
    att_group = suppress_group("Soort contactpoging", [(k.label_nl, att_kind[k]) for k in ContactKind], minimum)
    reached = sum(a.reached for a in mine)
    fig.tables.append(Table("attempts", "Contactpogingen", (
        att_group, suppress_group("Resultaat", [("Bereikt", reached), ("Niet bereikt", len(mine) - reached)],
                                  minimum)), "Contactpogingen in de periode, naar soort en resultaat."))
    success = []
    for k in ContactKind:
        n = att_kind[k]
        if n:
            ok = sum(a.reached for a in mine if a.kind == k)
            success.append(Statistic(k.label_nl, 100 * ok / n, n, "% bereikt"))
    fig.stats.append(StatTable("attempt_success", "Slagingspercentage per soort contactpoging", tuple(success),
                               "Bereikt gedeeld door het aantal pogingen van die soort (alleen bij genoeg "
                               "pogingen)."))

    closed = [c for c in cases if p.contains(c.closed_on) and c.outcome is not None]
    outcomes = Counter(c.outcome for c in closed)
    fig.tables.append(Table("signal_outcomes", "Eindresultaat vroegsignaalzaken", (
        suppress_group("Eindresultaat", [(o.ddas, outcomes[o]) for o in Outcome], minimum),),
        "Vroegsignaalzaken die in de periode zijn afgerond, naar DDAS-eindresultaat."))
    accepted = sum(c.outcome.accepts_help for c in closed)
    fig.tables.append(Table("signal_help", "Aandeel dat hulp aanvaardde", (
        suppress_group("Hulp", [("Hulp aanvaard", accepted), ("Geen vervolghulp", len(closed) - accepted)],
                       minimum),), "Afgeronde vroegsignaalzaken met vervolghulp (een casus in het register)."))

    started = [c for c in cases if p.contains(c.first_signal)]
    stages = [("Vroegsignaalzaken", len(started)),
              ("Opgepakt", sum(c.picked_up_on is not None for c in started)),
              ("Bereikt", sum(c.reached for c in started)),
              ("Hulp aanvaard", sum(c.outcome is not None and c.outcome.accepts_help for c in started))]
    fig.funnel = [(label, n if n == 0 or n >= minimum else None) for label, n in stages]
    return fig
