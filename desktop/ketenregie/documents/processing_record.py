"""The privacy catalogue as a printable processing record (AVG art. 30) for IT and the FG. Holds no case data."""
from __future__ import annotations

from xml.sax.saxutils import escape

from reportlab.lib import colors
from reportlab.lib.pagesizes import A4, landscape
from reportlab.lib.styles import ParagraphStyle
from reportlab.lib.units import mm
from reportlab.platypus import LongTable, Paragraph, Spacer, TableStyle

from ketenregie.documents.pdf import PdfMetadata, render_pdf, styles
from ketenregie.domain.privacy_catalogue import CATEGORIES, PrivacyCatalogue

COLUMNS = ("Gegeven", "Categorie", "Doel", "Grondslag", "Bewaartermijn", "Ontvangers")
_WIDTHS_MM = (44, 30, 70, 44, 44, 34)


def render_processing_record(catalogue: PrivacyCatalogue) -> bytes:
    s = styles()
    cell = ParagraphStyle("cell", parent=s.small, fontSize=7.5, leading=9.5)
    head = ParagraphStyle("head", parent=cell, fontName=s.heading.fontName)
    story = [
        Paragraph("Ketenregie — privacycatalogus (verwerkingsregister, AVG art. 30)", s.heading),
        Paragraph(escape(catalogue.note), s.small),
        Spacer(1, 4 * mm),
    ]
    rows = [[Paragraph(title, head) for title in COLUMNS]]
    for field in catalogue.fields:
        basis = catalogue.legal_bases[field.legal_basis]
        rule = catalogue.retention_rules[field.retention]
        term = rule.term if not rule.rules else "; ".join(
            f"{catalogue.retention_rules[r].label}: {catalogue.retention_rules[r].term}" for r in rule.rules)
        recipients = ", ".join(catalogue.recipients[r].label for r in field.recipients) or "Blijft in het register"
        rows.append([Paragraph(escape(text), cell) for text in (
            f"{field.label} ({field.key})", CATEGORIES[field.category], field.purpose,
            f"{basis.label} — {basis.article}", f"{rule.label}: {term}", recipients)])
    table = LongTable(rows, colWidths=[w * mm for w in _WIDTHS_MM], repeatRows=1)
    table.setStyle(TableStyle([
        ("VALIGN", (0, 0), (-1, -1), "TOP"),
        ("LINEBELOW", (0, 0), (-1, 0), 0.8, colors.black),
        ("LINEBELOW", (0, 1), (-1, -1), 0.25, colors.grey),
    ]))
    story.append(table)
    return render_pdf(story, PdfMetadata(title="Ketenregie privacycatalogus", subject="Verwerkingsregister"),
                      pagesize=landscape(A4))


def samples():
    from ketenregie.documents.samples import SampleDocument
    from ketenregie.domain.privacy_catalogue import CATALOGUE_RESOURCE, load_catalogue
    from ketenregie.resources import resource_path

    return [SampleDocument("privacycatalogus.pdf", "Privacycatalogus (verwerkingsregister)",
                           lambda: render_processing_record(load_catalogue(resource_path(*CATALOGUE_RESOURCE))))]
