"""The vroegsignalering figures of the monitor (issue 13 item 2; DOMAIN.md §12), kept apart from domain/signals so a
change there is easy to follow. Input: plain tuples the monitor repository reads in three scans.

- signals per 1,000 inhabitants per month by partner type: signals dated in the period / inhabitants × 1,000 /
  months in the period (inhabitants from policy MonitorInhabitants); no rate from a hidden count;
- share that became a signal case: signals in the period whose vroegsignaalzaak was picked up;
- contact attempts in the period by kind, and their success rate (reached / attempts) per kind;
- eindresultaat distribution and "help accepted" share: vroegsignaalzaken closed in the period;
- the funnel: vroegsignaalzaken whose first signal fell in the period → picked up → reached → help accepted.
The store counts these in grouped scans (`SignalCounts`): at 50,000 signals a row per signal in Python costs more
than the whole monitor's budget.
"""
from __future__ import annotations

from collections import Counter
from dataclasses import dataclass, field

from ketenregie.domain.monitor.period import Period
from ketenregie.domain.monitor.suppression import StatTable, Statistic, Table, effective_minimum, suppress_group
from ketenregie.domain.signals.codes import ContactKind, Outcome, SignalPartnerKind


@dataclass
class SignalCounts:
    """What the figures need, counted by the store in a few grouped scans (no row per signal in Python)."""

    by_kind_month: dict[tuple[SignalPartnerKind, str], int] = field(default_factory=dict)  # (kind, "YYYY-MM")
    picked_up: int = 0  # signals in the period whose vroegsignaalzaak was picked up
    attempts: dict[tuple[ContactKind, bool], int] = field(default_factory=dict)  # (kind, reached) -> n
    outcomes: dict[Outcome, int] = field(default_factory=dict)  # zaken closed in the period
    funnel: tuple[int, int, int, int] = (0, 0, 0, 0)  # zaken started, picked up, reached, help accepted


@dataclass
class SignalFigures:
    tables: list[Table] = field(default_factory=list)
    stats: list[StatTable] = field(default_factory=list)
    per_month: list[tuple[str, int | None]] = field(default_factory=list)
    funnel: list[tuple[str, int | None]] = field(default_factory=list)


def signal_figures(counts: SignalCounts, period: Period, *, minimum: int, inhabitants: int) -> SignalFigures:
    minimum = effective_minimum(minimum)
    fig = SignalFigures()
    p = period
    by_kind: Counter = Counter()
    per_month: Counter = Counter()
    for (kind, month), n in counts.by_kind_month.items():
        by_kind[kind] += n
        per_month[month] += n
    total = sum(by_kind.values())
    kind_group = suppress_group("Soort signaalpartner", [(k.label_nl, by_kind[k]) for k in SignalPartnerKind],
                                minimum)
    fig.tables.append(Table("signals_kind", "Vroegsignalen naar soort signaalpartner", (kind_group,),
                            "Signalen met een signaaldatum in de periode."))
    month_group = suppress_group("Per maand", [(m.strftime("%Y-%m"), per_month[m.strftime("%Y-%m")])
                                               for m in p.month_starts()], minimum)
    fig.per_month = [(c.label, c.count if c.visible else None) for c in month_group.cells]
    months = max(p.months, 1e-9)
    rows = []
    for cell in kind_group.cells:
        if cell.count == 0:
            continue
        value = cell.count / inhabitants * 1000 / months if cell.visible and inhabitants > 0 else None
        rows.append(Statistic(cell.label, value, cell.count))
    rows.append(Statistic("Alle signalen", total / inhabitants * 1000 / months if inhabitants > 0 else None, total))
    fig.stats.append(StatTable("signals_rate", "Vroegsignalen per 1.000 inwoners per maand", tuple(rows),
                               f"Aantal signalen gedeeld door {inhabitants:,} inwoners (beleid "
                               "MonitorInhabitants), maal 1.000, per maand van de periode.".replace(",", "."),
                               decimals=2))
    fig.tables.append(Table("signals_month", "Vroegsignalen per maand", (month_group,), "Signalen per maand."))
    fig.tables.append(Table("signals_picked_up", "Aandeel signalen dat een opgepakte vroegsignaalzaak werd", (
        suppress_group("Signalen", [("Opgepakt", counts.picked_up),
                                    ("Niet (nog niet) opgepakt", total - counts.picked_up)], minimum),),
        "Signalen in de periode, naar of hun vroegsignaalzaak is opgepakt."))

    att_kind: Counter = Counter()
    att_reached: Counter = Counter()
    for (kind, reached), n in counts.attempts.items():
        att_kind[kind] += n
        if reached:
            att_reached[kind] += n
    all_attempts, reached = sum(att_kind.values()), sum(att_reached.values())
    att_group = suppress_group("Soort contactpoging", [(k.label_nl, att_kind[k]) for k in ContactKind], minimum)
    fig.tables.append(Table("attempts", "Contactpogingen", (
        att_group, suppress_group("Resultaat", [("Bereikt", reached), ("Niet bereikt", all_attempts - reached)],
                                  minimum)), "Contactpogingen in de periode, naar soort en resultaat."))
    visible = {c.label: c.visible for c in att_group.cells}
    success = [Statistic(k.label_nl, 100 * att_reached[k] / att_kind[k] if visible[k.label_nl] else None,
                         att_kind[k], "% bereikt") for k in ContactKind if att_kind[k]]
    fig.stats.append(StatTable("attempt_success", "Slagingspercentage per soort contactpoging", tuple(success),
                               "Bereikt gedeeld door het aantal pogingen van die soort (alleen bij genoeg "
                               "pogingen)."))

    closed = sum(counts.outcomes.values())
    fig.tables.append(Table("signal_outcomes", "Eindresultaat vroegsignaalzaken", (
        suppress_group("Eindresultaat", [(o.ddas, counts.outcomes.get(o, 0)) for o in Outcome], minimum),),
        "Vroegsignaalzaken die in de periode zijn afgerond, naar DDAS-eindresultaat."))
    accepted = sum(n for o, n in counts.outcomes.items() if o.accepts_help)
    fig.tables.append(Table("signal_help", "Aandeel dat hulp aanvaardde", (
        suppress_group("Hulp", [("Hulp aanvaard", accepted), ("Geen vervolghulp", closed - accepted)],
                       minimum),), "Afgeronde vroegsignaalzaken met vervolghulp (een casus in het register)."))
    labels = ("Vroegsignaalzaken", "Opgepakt", "Bereikt", "Hulp aanvaard")
    fig.funnel = [(label, n if n == 0 or n >= minimum else None) for label, n in zip(labels, counts.funnel)]
    return fig
