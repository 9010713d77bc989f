"""The whole monitor for one period: case figures, signal figures, survey totals and charts, in report order."""
from __future__ import annotations

from collections.abc import Mapping, Sequence
from dataclasses import dataclass, field
from datetime import date

from ketenregie.domain.bridge import Bridge
from ketenregie.domain.calendar import AtwCalendar
from ketenregie.domain.monitor.charts import Chart, bar_chart, funnel_chart, line_chart
from ketenregie.domain.monitor.figures import TERM_LABELS, CaseRecord, case_figures
from ketenregie.domain.monitor.period import Period
from ketenregie.domain.monitor.signal_figures import SignalCounts, signal_figures
from ketenregie.domain.monitor.suppression import StatTable, Table, effective_minimum, small_mark
from ketenregie.domain.monitor.survey import survey_table


@dataclass
class MonitorReport:
    period: Period
    minimum: int
    tables: list[Table] = field(default_factory=list)
    stats: list[StatTable] = field(default_factory=list)
    charts: list[Chart] = field(default_factory=list)
    missed: dict[str, list[str]] = field(default_factory=dict)  # drill-down: coordinator's screen only
    warnings: list[str] = field(default_factory=list)

    def __repr__(self) -> str:
        return f"MonitorReport({self.period.start}..{self.period.end}, tables={len(self.tables)})"

    @property
    def suppression_rule(self) -> str:
        m = self.minimum
        return (f"Aantallen van 1 tot en met {m - 1} staan er als '{small_mark(m)}'. Waar een totaal zo'n verborgen "
                f"aantal zou verraden, is ook een ander aantal verborgen ('x'). Percentages, medianen en "
                f"gemiddelden staan er alleen als er minstens {m} casussen achter zitten. Zo is niemand te "
                f"herkennen.")


def build_report(records: Sequence[CaseRecord], signals: SignalCounts | None,
                 survey: Mapping[str, Mapping[int, int]] | None, period: Period, *,
                 minimum: int, calendar: AtwCalendar, as_of: date, inhabitants: int, decision_weeks: int = 8,
                 bridge: Bridge | None = None) -> MonitorReport:
    minimum = effective_minimum(minimum)
    hidden = small_mark(minimum)
    report = MonitorReport(period, minimum)
    cf = case_figures(records, period, minimum=minimum, calendar=calendar, as_of=as_of,
                      decision_weeks=decision_weeks, bridge=bridge)
    sf = signal_figures(signals or SignalCounts(), period, minimum=minimum, inhabitants=inhabitants)
    report.tables = cf.tables + sf.tables
    report.stats = cf.stats + sf.stats
    report.missed = cf.missed
    terms = []
    for kind, label in TERM_LABELS.items():
        met = dict(cf.chart_data[f"term_{kind}"]).get("Gehaald")
        terms.append((label.replace("Eerste gesprek", "1e gesprek"), met))
    report.charts = [
        bar_chart("terms", "Termijnen gehaald (aantal)", terms, hidden),
        bar_chart("inflow", "Instroom per maand", cf.chart_data["inflow_month"], hidden),
        line_chart("signals_month", "Vroegsignalen per maand", sf.per_month, hidden),
        funnel_chart("signal_funnel", "Van vroegsignaal naar hulp", sf.funnel, hidden),
    ]
    if survey:
        report.tables.append(survey_table(period.end.year, survey, minimum))
    report.warnings = calendar.warnings_for([period.start, period.end])
    return report
