"""The printable client-experience questionnaire (B1, anonymous: no name, no case number) — issue 13 item 6."""
from __future__ import annotations

from xml.sax.saxutils import escape

from reportlab.lib import colors
from reportlab.platypus import Paragraph, Spacer, Table, TableStyle

from ketenregie.documents.letterhead import Letterhead, letterhead_flowables
from ketenregie.documents.pdf import SANS, SANS_BOLD, PdfMetadata, render_pdf, styles
from ketenregie.domain.monitor.survey import QUESTIONS, SCORE_LABELS, SCORES

DOCUMENT_KIND = "vragenlijst-clientervaring"


def render_questionnaire(letterhead: Letterhead) -> bytes:
    s = styles()
    story: list = letterhead_flowables(letterhead, s)
    story.append(Paragraph("Wat vond u van onze hulp?", s.heading))
    story.append(Paragraph("Wij willen onze hulp beter maken. Wilt u deze vragen invullen? Het duurt 5 minuten. "
                           "U schrijft uw naam niet op. Niemand weet wat u heeft ingevuld.", s.body))
    story.append(Paragraph("Zet bij elke zin een kruisje in één vakje.", s.body))
    header = ["", *[f"{n}\n{SCORE_LABELS[n]}" for n in SCORES]]
    data = [[Paragraph(escape(h).replace("\n", "<br/>"), s.small) for h in header]]
    for i, q in enumerate(QUESTIONS, start=1):
        data.append([Paragraph(escape(f"{i}. {q.text}"), s.body), *["☐" for _ in SCORES]])
    table = Table(data, colWidths=[200, 52, 52, 52, 52, 52], repeatRows=1)
    table.setStyle(TableStyle([("FONTNAME", (0, 0), (-1, -1), SANS), ("FONTNAME", (0, 0), (-1, 0), SANS_BOLD),
                               ("FONTSIZE", (1, 1), (-1, -1), 16), ("ALIGN", (1, 0), (-1, -1), "CENTER"),
                               ("VALIGN", (0, 0), (-1, -1), "MIDDLE"),
                               ("GRID", (0, 0), (-1, -1), 0.5, colors.HexColor("#666666"))]))
    story += [table, Spacer(1, 10),
              Paragraph("Dank u wel! Doe het formulier in de envelop of geef het aan uw hulpverlener.", s.body)]
    return render_pdf(story, PdfMetadata("Vragenlijst clientervaring", DOCUMENT_KIND))


def samples():
    from ketenregie.config import load_policy
    from ketenregie.documents.samples import SampleDocument

    return [SampleDocument(f"{DOCUMENT_KIND}.pdf", "Vragenlijst cliëntervaring (B1)",
                           lambda: render_questionnaire(Letterhead.from_policy(load_policy())))]
