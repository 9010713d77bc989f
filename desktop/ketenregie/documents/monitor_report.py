"""The jaarrapportage / zomerrapportage PDF (issue 13 item 5): period, the suppression rule, every table with its
short neutral explanation, the charts (reportlab graphics from the shared chart model) each with its text
alternative. Anonymous totals only: no case number, no name, never the drill-down."""
from __future__ import annotations

from xml.sax.saxutils import escape

from reportlab.lib import colors
from reportlab.platypus import KeepTogether, Paragraph, Spacer, Table, TableStyle

from ketenregie.documents.letterhead import Letterhead, letterhead_flowables
from ketenregie.documents.monitor_charts import chart_drawing
from ketenregie.documents.pdf import SANS, SANS_BOLD, PdfMetadata, render_pdf, styles
from ketenregie.domain.monitor.report import MonitorReport
from ketenregie.domain.monitor.suppression import display, display_share, display_total

DOCUMENT_KIND = "monitor-rapportage"
_GRID = [("FONTNAME", (0, 0), (-1, -1), SANS), ("FONTNAME", (0, 0), (-1, 0), SANS_BOLD),
         ("FONTSIZE", (0, 0), (-1, -1), 8.5), ("GRID", (0, 0), (-1, -1), 0.25, colors.HexColor("#999999")),
         ("ALIGN", (2, 1), (-1, -1), "RIGHT"), ("VALIGN", (0, 0), (-1, -1), "TOP")]


def render_report(report: MonitorReport, letterhead: Letterhead, *, title: str | None = None) -> bytes:
    s = styles()
    m = report.minimum
    heading = title or f"Monitor schuldhulpverlening — {report.period.label_nl()}"
    story: list = letterhead_flowables(letterhead, s)
    story.append(Paragraph(escape(heading), s.heading))
    story.append(Paragraph(escape(f"Periode: {report.period.start:%d-%m-%Y} t/m {report.period.end:%d-%m-%Y}."),
                           s.body))
    story.append(Paragraph(escape("Over de cijfers: " + report.suppression_rule), s.small))
    for warning in report.warnings:
        story.append(Paragraph(escape(warning), s.small))
    story.append(Spacer(1, 6))
    for chart in report.charts:
        story.append(KeepTogether([chart_drawing(chart), Paragraph(escape(chart.text_alternative()), s.small),
                                   Spacer(1, 6)]))
    for table in report.tables:
        data = [["Groep", "Categorie", "Aantal", "Aandeel" if table.with_share else ""]]
        for group in table.groups:
            for cell in group.cells:
                data.append([Paragraph(escape(group.label), s.small), Paragraph(escape(cell.label), s.small),
                             display(cell, m), display_share(group, cell) if table.with_share else ""])
            if group.additive or group.total:
                data.append([Paragraph(escape(group.label), s.small), "Totaal", display_total(group, m), ""])
        grid = Table(data, colWidths=[120, 210, 60, 60], repeatRows=1)
        grid.setStyle(TableStyle(_GRID))
        story += [Paragraph(escape(table.title), s.body), Paragraph(escape(table.explanation), s.small), grid,
                  Spacer(1, 8)]
    for stat_table in report.stats:
        data = [["Onderwerp", "Waarde"]] + [[Paragraph(escape(st.label), s.small), st.text(m, stat_table.decimals)]
                                            for st in stat_table.rows]
        grid = Table(data, colWidths=[330, 120], repeatRows=1)
        grid.setStyle(TableStyle(_GRID))
        story += [Paragraph(escape(stat_table.title), s.body), Paragraph(escape(stat_table.explanation), s.small),
                  grid, Spacer(1, 8)]
    return render_pdf(story, PdfMetadata(f"Monitor {report.period.start.isoformat()} - {report.period.end.isoformat()}",
                                         DOCUMENT_KIND))


def samples():
    from datetime import date

    from ketenregie.config import load_policy
    from ketenregie.calendar_source import load_calendar
    from ketenregie.documents.samples import SampleDocument
    from ketenregie.domain.monitor.period import quarter
    from ketenregie.domain.monitor.report import build_report

    def render() -> bytes:
        policy = load_policy()
        report = build_report([], None, None, quarter(2026, 1), minimum=5,
                              calendar=load_calendar(policy, strict=False), as_of=date(2026, 4, 1),
                              inhabitants=63000)
        return render_report(report, Letterhead.from_policy(policy))

    return [SampleDocument(f"{DOCUMENT_KIND}.pdf", "Monitorrapportage (voorbeeld zonder gegevens)", render)]
