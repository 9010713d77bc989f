"""The monitor's tables as rows for CSV and Excel (.xlsx), with the "<5" and "x" markers; never a hidden count,
never the drill-down. One row per cell: table, group, category, value, share."""
from __future__ import annotations

import csv
import io

from openpyxl import Workbook
from openpyxl.styles import Font

from ketenregie.domain.monitor.report import MonitorReport
from ketenregie.domain.monitor.suppression import display, display_share, display_total

HEADER = ["Tabel", "Groep", "Categorie", "Waarde", "Aandeel"]


def table_rows(report: MonitorReport) -> list[list[str]]:
    m = report.minimum
    rows: list[list[str]] = []
    for table in report.tables:
        for group in table.groups:
            for cell in group.cells:
                rows.append([table.title, group.label, cell.label, display(cell, m),
                             display_share(group, cell) if table.with_share else ""])
            if group.additive or group.total:
                rows.append([table.title, group.label, "Totaal", display_total(group, m), ""])
    for stat_table in report.stats:
        for stat in stat_table.rows:
            rows.append([stat_table.title, "", stat.label, stat.text(m, stat_table.decimals), ""])
    return rows


def render_csv(report: MonitorReport) -> bytes:
    buffer = io.StringIO()
    writer = csv.writer(buffer, delimiter=";", lineterminator="\r\n")
    writer.writerow([f"Monitor schuldhulpverlening {report.period.label_nl()}"])
    writer.writerow([report.suppression_rule])
    writer.writerow(HEADER)
    writer.writerows(table_rows(report))
    return buffer.getvalue().encode("utf-8-sig")  # Excel opens UTF-8 CSV with a BOM correctly


def render_xlsx(report: MonitorReport) -> bytes:
    """One sheet per table (title shortened to Excel's 31 characters) plus an explanation sheet."""
    m = report.minimum
    book = Workbook()
    info = book.active
    info.title = "Toelichting"
    info.append([f"Monitor schuldhulpverlening {report.period.label_nl()}"])
    info["A1"].font = Font(bold=True)
    info.append([f"Periode: {report.period.start.isoformat()} t/m {report.period.end.isoformat()}"])
    info.append([report.suppression_rule])
    used: set[str] = {"Toelichting"}

    def sheet(title: str):
        name = "".join(ch for ch in title if ch not in "[]:*?/\\")[:31]
        base, n = name, 2
        while name in used:
            name = f"{base[:28]} {n}"
            n += 1
        used.add(name)
        return book.create_sheet(name)

    for table in report.tables:
        ws = sheet(table.title)
        ws.append([table.title])
        ws["A1"].font = Font(bold=True)
        ws.append([table.explanation])
        ws.append(["Groep", "Categorie", "Waarde", "Aandeel"])
        for group in table.groups:
            for cell in group.cells:
                value = display(cell, m)
                ws.append([group.label, cell.label, int(value) if value.isdigit() else value,
                           display_share(group, cell) if table.with_share else ""])
            if group.additive or group.total:
                total = display_total(group, m)
                ws.append([group.label, "Totaal", int(total) if total.isdigit() else total, ""])
    for stat_table in report.stats:
        ws = sheet(stat_table.title)
        ws.append([stat_table.title])
        ws["A1"].font = Font(bold=True)
        ws.append([stat_table.explanation])
        ws.append(["Onderwerp", "Waarde", "Aantal achter de waarde"])
        for stat in stat_table.rows:
            ws.append([stat.label, stat.text(m, stat_table.decimals),
                       stat.cases if stat.cases == 0 or stat.cases >= m else f"<{m}"])
    buffer = io.BytesIO()
    book.save(buffer)
    return buffer.getvalue()
