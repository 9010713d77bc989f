"""Feedback to a signal partner (PDF): per signal only WHETHER it was picked up, never why (DOMAIN.md §7).

Rows carry the partner's own signal ID and the signal date; no name, no address, no outcome."""
from __future__ import annotations

from collections.abc import Sequence
from datetime import date
from xml.sax.saxutils import escape

from reportlab.lib import colors
from reportlab.platypus import Paragraph, Table, TableStyle

from ketenregie.documents.letterhead import Letterhead, letterhead_flowables
from ketenregie.documents.pdf import SANS, SANS_BOLD, PdfMetadata, render_pdf, styles

DOCUMENT_KIND = "terugkoppeling-signaalpartner"


def render_feedback(rows: Sequence, partner: str, start: date, end: date, letterhead: Letterhead) -> bytes:
    """`rows`: FeedbackRow-like (external_id, signal_date, picked_up)."""
    s = styles()
    story: list = letterhead_flowables(letterhead, s)
    story.append(Paragraph("Terugkoppeling vroegsignalen", s.heading))
    story.append(Paragraph(escape(f"{partner} · {start:%d-%m-%Y} t/m {end:%d-%m-%Y}"), s.body))
    story.append(Paragraph("Per signaal alleen of de gemeente het heeft opgepakt. Waarom wel of niet, mogen wij "
                           "niet delen.", s.small))
    picked = sum(1 for r in rows if r.picked_up)
    story.append(Paragraph(f"Signalen: {len(rows)} · opgepakt: {picked} · niet opgepakt: {len(rows) - picked}",
                           s.body))
    data = [["ID", "Signaaldatum", "Opgepakt"]] + [[r.external_id, r.signal_date.strftime("%d-%m-%Y"),
                                                    "ja" if r.picked_up else "nee"] for r in rows]
    table = Table(data, repeatRows=1)
    table.setStyle(TableStyle([("FONTNAME", (0, 0), (-1, -1), SANS), ("FONTNAME", (0, 0), (-1, 0), SANS_BOLD),
                               ("GRID", (0, 0), (-1, -1), 0.25, colors.HexColor("#999999"))]))
    story.append(table)
    return render_pdf(story, PdfMetadata(f"Terugkoppeling vroegsignalen {start.isoformat()}", DOCUMENT_KIND))
