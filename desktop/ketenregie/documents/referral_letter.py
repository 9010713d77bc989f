"""The referral letter (verwijsbrief, warme overdracht) to a chain partner — DOMAIN.md §8.

It renders a `domain.referral.ReferralLetter`, which holds the values of the shared fields only: a section whose
data was not shared is left out, so this module cannot print what the recipient profile and the basis did not
allow. Texts come from resources/templates/referral_letter.toml, the letterhead from IT policy. Metadata is
neutral ("Verwijsbrief 2026-0042", author = the application) and the output is byte-identical for identical input
(reportlab invariant mode, see documents/pdf.py).
"""
from __future__ import annotations

from datetime import date
from xml.sax.saxutils import escape

from reportlab.lib import colors
from reportlab.lib.styles import ParagraphStyle
from reportlab.lib.units import mm
from reportlab.platypus import KeepTogether, Paragraph, Spacer, Table, TableStyle

from ketenregie.documents.letterhead import Letterhead, LetterTemplate, letterhead_flowables, load_template
from ketenregie.documents.pdf import SANS, SANS_BOLD, PdfMetadata, Styles, render_pdf, styles
from ketenregie.domain.consent import BasisKind
from ketenregie.domain.referral import AgreementOwner, ReferralLetter, check_letter_shape, format_euro, long_date_nl

TEMPLATE = "referral_letter"
DOCUMENT_KIND = "verwijsbrief"
_REQUIRED = ("title", "subject", "salutation", "salutation_named", "intro", "basis_heading", "basis_wgs_task",
             "basis_consent", "shared_heading", "shared_intro", "shared_outro", "resident_heading",
             "help_request_heading", "help_request_date", "urgency_heading", "crisis_line", "crisis_date_line",
             "debts_heading", "arrears_intro", "steps_heading", "other_help_heading", "lead_line",
             "agreements_heading", "check_back", "attachments_heading", "closing", "regards", "footer")


class LetterStyles:
    def __init__(self, s: Styles) -> None:
        self.base = s
        self.body = ParagraphStyle("letter_body", parent=s.body, fontSize=10, leading=13.5, spaceAfter=5)
        self.small = ParagraphStyle("letter_small", parent=s.small, fontSize=8.5, leading=11)
        self.section = ParagraphStyle("section", parent=self.body, fontName=SANS_BOLD, fontSize=11, leading=14,
                                      spaceBefore=8, spaceAfter=3, keepWithNext=1)
        self.bullet = ParagraphStyle("bullet", parent=self.body, leftIndent=5 * mm, bulletIndent=1 * mm,
                                     spaceAfter=2, bulletFontName=SANS)
        self.quote = ParagraphStyle("quote", parent=self.body, leftIndent=5 * mm, rightIndent=5 * mm,
                                    textColor=colors.HexColor("#222222"), borderPadding=(2, 0, 2, 4),
                                    borderColor=colors.HexColor("#999999"), borderWidth=0)
        self.cell = ParagraphStyle("cell", parent=self.body, spaceAfter=0)
        self.cell_label = ParagraphStyle("cell_label", parent=self.cell, fontName=SANS_BOLD)


def _d(day: date | None) -> str:
    return long_date_nl(day) if day else ""


def _bullets(items: list[str], st: LetterStyles) -> list:
    return [Paragraph(item, st.bullet, bulletText="•") for item in items]


def _two_columns(items: list) -> Table:
    half = (len(items) + 1) // 2
    table = Table([[items[:half], items[half:]]], colWidths=["50%", "50%"])
    table.setStyle(TableStyle([("FONTNAME", (0, 0), (-1, -1), SANS), ("VALIGN", (0, 0), (-1, -1), "TOP"),
                               ("LEFTPADDING", (0, 0), (-1, -1), 0),
                               ("TOPPADDING", (0, 0), (-1, -1), 0), ("BOTTOMPADDING", (0, 0), (-1, -1), 0)]))
    return table


def _key_values(rows: list[tuple[str, str]], st: LetterStyles) -> Table:
    table = Table([[Paragraph(escape(k), st.cell_label), Paragraph(escape(v), st.cell)] for k, v in rows],
                  colWidths=[52 * mm, None])
    table.setStyle(TableStyle([("FONTNAME", (0, 0), (-1, -1), SANS),
        ("VALIGN", (0, 0), (-1, -1), "TOP"),
        ("LEFTPADDING", (0, 0), (-1, -1), 0),
        ("BOTTOMPADDING", (0, 0), (-1, -1), 2),
        ("TOPPADDING", (0, 0), (-1, -1), 1),
    ]))
    return table


def _footer(text: str):
    def draw(canvas, doc) -> None:
        canvas.saveState()
        canvas.setFont(SANS, 8)
        canvas.setFillColor(colors.HexColor("#555555"))
        canvas.drawString(doc.leftMargin, 10 * mm, text)
        canvas.drawRightString(doc.pagesize[0] - doc.rightMargin, 10 * mm, f"pagina {doc.page}")
        canvas.restoreState()
    return draw


def recipient_block(letter: ReferralLetter, st: LetterStyles) -> list:
    r = letter.recipient
    lines = [f"<b>{escape(r.name)}</b>"]
    if r.contact_person:
        lines.append(f"t.a.v. {escape(r.contact_person)}")
    lines += [escape(line) for line in r.address_lines]
    return [Paragraph("<br/>".join(lines), st.body), Spacer(1, 6 * mm)]


def letter_story(letter: ReferralLetter, letterhead: Letterhead, template: LetterTemplate | None = None) -> list:
    t = template or load_template(TEMPLATE, required=_REQUIRED)
    st = LetterStyles(styles())
    values = dict(partner=letter.recipient.name, contact=letter.recipient.contact_person,
                  case_number=letter.case_number, date=_d(letter.letter_date), sender=letter.sender.name,
                  sender_function=letter.sender.function, basis=letter.basis_text, purpose=letter.purpose,
                  check_back=_d(letter.check_back_date), lead=letter.lead or "",
                  help_request_date=_d(letter.help_request_date), crisis=letter.crisis or "",
                  crisis_date=_d(letter.crisis_date))
    story: list = letterhead_flowables(letterhead, st.base)
    story += recipient_block(letter, st)
    story.append(_key_values([("Datum", _d(letter.letter_date)), ("Ons kenmerk", letter.case_number),
                              ("Onderwerp", t.plain("subject", **values))], st))
    story.append(Spacer(1, 6 * mm))
    salutation = "salutation_named" if letter.recipient.contact_person else "salutation"
    story.append(Paragraph(t.text(salutation, **values), st.body))
    story.append(Paragraph(t.text("intro", **values), st.body))

    story.append(Paragraph(t.text("basis_heading", **values), st.section))
    basis_key = "basis_wgs_task" if letter.basis_kind == BasisKind.WGS_TASK else "basis_consent"
    story.append(Paragraph(t.text(basis_key, **values), st.body))
    if letter.basis_note:
        story.append(Paragraph(escape(letter.basis_note), st.body))

    story.append(Paragraph(t.text("shared_heading", **values), st.section))
    story.append(Paragraph(t.text("shared_intro", **values), st.body))
    story.append(_two_columns(_bullets([escape(label) for label in letter.shared_labels], st)))
    story.append(Paragraph(t.text("shared_outro", **values), st.small))

    person = [(label, value) for label, value in (
        ("Naam", letter.name),
        ("Geboortedatum", letter.date_of_birth.strftime("%d-%m-%Y") if letter.date_of_birth else None),
        ("BSN", letter.bsn),
        ("Postcode en huisnummer", letter.address),
        ("Telefoon", letter.phone),
        ("E-mail", letter.email),
        ("Voorkeur voor contact", letter.contact_channel),
        ("Huishouden", letter.household),
        ("Doelgroep", ", ".join(letter.target_groups) if letter.target_groups else None),
    ) if value]
    if person:
        story.append(Paragraph(t.text("resident_heading", **values), st.section))
        story.append(_key_values(person, st))

    if letter.help_request:
        story.append(Paragraph(t.text("help_request_heading", **values), st.section))
        story.append(Paragraph(f"“{escape(letter.help_request)}”", st.quote))
        if letter.help_request_date:
            story.append(Paragraph(t.text("help_request_date", **values), st.small))

    if letter.crisis:
        block = [Paragraph(t.text("urgency_heading", **values), st.section),
                 Paragraph(t.text("crisis_line", **values), st.body)]
        if letter.crisis_date:
            block.append(Paragraph(t.text("crisis_date_line", **values), st.body))
        story.append(KeepTogether(block))

    if letter.debt_picture or letter.arrears:
        story.append(Paragraph(t.text("debts_heading", **values), st.section))
        if letter.debt_picture:
            story.append(Paragraph(escape(letter.debt_picture[:1].upper() + letter.debt_picture[1:]) + ".",
                                   st.body))
        if letter.arrears:
            story.append(Paragraph(t.text("arrears_intro", **values), st.body))
            rows = [[Paragraph("<b>Bij</b>", st.cell), Paragraph("<b>Bedrag</b>", st.cell),
                     Paragraph("<b>Sinds</b>", st.cell)]]
            for item in letter.arrears:
                rows.append([Paragraph(escape(item.creditor), st.cell),
                             Paragraph(format_euro(item.amount_cents) if item.amount_cents is not None
                                       else "onbekend", st.cell),
                             Paragraph(item.since.strftime("%d-%m-%Y") if item.since else "", st.cell)])
            table = Table(rows, colWidths=[80 * mm, 35 * mm, None], repeatRows=1)
            table.setStyle(TableStyle([("FONTNAME", (0, 0), (-1, -1), SANS),
                ("LINEBELOW", (0, 0), (-1, 0), 0.5, colors.HexColor("#888888")),
                ("VALIGN", (0, 0), (-1, -1), "TOP"),
                ("LEFTPADDING", (0, 0), (-1, -1), 0),
            ]))
            story.append(table)

    if letter.steps_taken:
        story.append(Paragraph(t.text("steps_heading", **values), st.section))
        story.append(Paragraph(escape(letter.steps_taken).replace("\n", "<br/>"), st.body))

    if letter.other_help:
        story.append(Paragraph(t.text("other_help_heading", **values), st.section))
        story += _bullets([escape(item) for item in letter.other_help], st)
        if letter.lead:
            story.append(Paragraph(t.text("lead_line", **values), st.body))

    if letter.agreements or letter.check_back_date:
        story.append(Paragraph(t.text("agreements_heading", **values), st.section))
        items = []
        for agreement in letter.agreements:
            due = f" (vóór {agreement.due.strftime('%d-%m-%Y')})" if agreement.due else ""
            who = AgreementOwner(agreement.owner).label_nl
            items.append(f"<b>{escape(who)}:</b> {escape(agreement.text)}{due}")
        story += _bullets(items, st)
        if letter.check_back_date:
            story.append(Paragraph(t.text("check_back", **values), st.body))

    if letter.attachments:
        story.append(Paragraph(t.text("attachments_heading", **values), st.section))
        story += _bullets([escape(a) for a in letter.attachments], st)

    story.append(Spacer(1, 4 * mm))
    story.append(Paragraph(t.text("closing", **values), st.body))
    sender = [t.text("regards", **values), "", f"<b>{escape(letter.sender.name)}</b>",
              escape(letter.sender.function)]
    sender += [escape(x) for x in (letter.sender.phone, letter.sender.email) if x]
    story.append(KeepTogether([Paragraph("<br/>".join(sender), st.body)]))
    return story


def render_referral_letter(letter: ReferralLetter, letterhead: Letterhead,
                           template: LetterTemplate | None = None) -> bytes:
    check_letter_shape(letter)  # defence in depth: only shared fields, no identifiers in free text
    t = template or load_template(TEMPLATE, required=_REQUIRED)
    story = letter_story(letter, letterhead, t)
    metadata = PdfMetadata(title=f"{t.plain('title')} {letter.case_number}", subject="Warme overdracht")
    return render_pdf(story, metadata, on_page=_footer(t.plain("footer", case_number=letter.case_number)))


# --- samples (`ketenregie sample-documents`) ------------------------------------------------------------------

def samples():
    from ketenregie.config import load_policy
    from ketenregie.documents.sample_referrals import sample_letter
    from ketenregie.documents.samples import SampleDocument

    def render(kind: str):
        def go() -> bytes:
            policy = load_policy()
            return render_referral_letter(sample_letter(kind, policy), Letterhead.from_policy(policy))
        return go

    return [
        SampleDocument("verwijsbrief-schuldhulpverlening.pdf",
                       "Verwijsbrief aan formele schuldhulpverlening (zoals PLANgroep), fictieve inwoner",
                       render("debt_help")),
        SampleDocument("verwijsbrief-maatschappelijk-werk.pdf",
                       "Verwijsbrief aan maatschappelijk werk (zoals Kwadraad), fictieve inwoner",
                       render("social_work")),
    ]
