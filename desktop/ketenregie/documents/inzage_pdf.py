"""The inzage (AVG art. 15) as a readable PDF for the resident: B1 Dutch, one section per kind of data, each a
short explanation and a table. Renders a `domain.inzage.InzageReport` — the same object the JSON file is made
from. Metadata stays neutral (document kind and case number, never a name: documents/pdf.py)."""
from __future__ import annotations

from xml.sax.saxutils import escape

from reportlab.lib import colors
from reportlab.lib.pagesizes import A4, landscape
from reportlab.lib.styles import ParagraphStyle
from reportlab.lib.units import mm
from reportlab.platypus import LongTable, Paragraph, Spacer, TableStyle

from ketenregie.documents.pdf import PdfMetadata, render_pdf, styles
from ketenregie.domain.inzage import InzageReport

_PAGE_WIDTH_MM = 297 - 2 * 14  # landscape A4 minus the margins render_pdf uses for it


def _text(value: str) -> str:
    return escape(value).replace("\n", "<br/>")


def _widths(columns: int, first_wide: bool) -> list[float]:
    if columns == 4 and first_wide:  # the fields table: label, value, purpose, retention
        shares = (0.22, 0.24, 0.30, 0.24)
    else:
        shares = tuple(1 / columns for _ in range(columns))
    return [share * _PAGE_WIDTH_MM * mm for share in shares]


def render_inzage(report: InzageReport) -> bytes:
    s = styles()
    cell = ParagraphStyle("cell", parent=s.small, fontSize=8.5, leading=11)
    head = ParagraphStyle("head", parent=cell, fontName=s.heading.fontName)
    section_heading = ParagraphStyle("section", parent=s.heading, fontSize=13, leading=17, spaceBefore=8,
                                     spaceAfter=4)
    story = [Paragraph(_text(f"Inzage in uw gegevens — casus {report.case_number}"), s.heading)]
    story += [Paragraph(_text(line), s.body) for line in report.introduction]
    for section in report.sections:
        story.append(Paragraph(_text(section.title), section_heading))
        if section.explanation:
            story.append(Paragraph(_text(section.explanation), s.body))
        if not section.rows:
            story.append(Paragraph(_text(section.empty), s.body))
            continue
        rows = [[Paragraph(_text(c), head) for c in section.columns]]
        rows += [[Paragraph(_text(value), cell) for value in row] for row in section.rows]
        table = LongTable(rows, colWidths=_widths(len(section.columns), section.id == "fields"), repeatRows=1)
        table.setStyle(TableStyle([
            ("VALIGN", (0, 0), (-1, -1), "TOP"),
            ("LINEBELOW", (0, 0), (-1, 0), 0.8, colors.black),
            ("LINEBELOW", (0, 1), (-1, -1), 0.25, colors.grey),
        ]))
        story += [table, Spacer(1, 3 * mm)]
    return render_pdf(story, PdfMetadata(title=f"Inzage {report.case_number}", subject="Inzage (AVG art. 15)"),
                      pagesize=landscape(A4))


def samples():
    from datetime import date

    from ketenregie.documents.samples import SampleDocument
    from ketenregie.domain.cases import Case, Household, IntakeRoute, JournalEntry
    from ketenregie.domain.inzage import InzageData, build_inzage
    from ketenregie.domain.privacy_catalogue import CATALOGUE_RESOURCE, load_catalogue
    from ketenregie.resources import resource_path

    def render() -> bytes:
        case = Case(Household("J. Voorbeeld", phone="06-00000000"), IntakeRoute.SELF, date(2026, 3, 2),
                    help_request="Ik krijg veel brieven en weet niet waar ik moet beginnen.",
                    journal=(JournalEntry(date(2026, 3, 9), "Eerste gesprek gehad; post samen geordend.", 1),),
                    case_number="2026-0042", id=1, registered_on=date(2026, 3, 2))
        report = build_inzage(InzageData(case), load_catalogue(resource_path(*CATALOGUE_RESOURCE)),
                              date(2026, 5, 12))
        return render_inzage(report)

    return [SampleDocument("inzage.pdf", "Inzage in de eigen gegevens (AVG art. 15)", render)]
