"""The resident's copy of a referral, in B1 language (DOMAIN.md §5, §8): one A4, short sentences, a named contact
person, the resident's actions in a box that stands out, which data went to whom, and how to object or withdraw.

It renders a `domain.referral.ResidentCopy`: it names which *kinds* of data were shared, never the values (no
amounts, no BSN). Texts come from resources/templates/referral_resident_copy.toml. If the texts grow beyond one
page the renderer shrinks the type a step rather than spill onto a second page (`fits_one_page` tells the tests).
"""
from __future__ import annotations

from datetime import date
from xml.sax.saxutils import escape

from reportlab.lib import colors
from reportlab.lib.styles import ParagraphStyle
from reportlab.lib.units import mm
from reportlab.platypus import Paragraph, Spacer, Table, TableStyle

from ketenregie.documents.letterhead import Letterhead, LetterTemplate, letterhead_flowables, load_template
from ketenregie.documents.pdf import SANS, SANS_BOLD, PdfMetadata, render_pdf, styles
from ketenregie.domain.consent import BasisKind
from ketenregie.domain.referral import ResidentCopy, long_date_nl

TEMPLATE = "referral_resident_copy"
DOCUMENT_KIND = "kopie-inwoner"
_REQUIRED = ("title", "subject", "salutation", "salutation_anonymous", "intro", "who_heading", "who_named",
             "who_unnamed", "who_phone", "actions_heading", "no_actions", "shared_heading", "shared_intro",
             "shared_basis_consent", "shared_basis_task", "next_heading", "check_back", "no_check_back",
             "others_intro", "object_heading", "object_text", "contact_heading", "contact_text", "contact_phone",
             "contact_email", "regards", "footer")
_SIZES = (11.5, 10.5, 9.5, 8.5)  # B1: large, calm type; shrink a step only if the texts do not fit one A4


def _d(day: date | None) -> str:
    return long_date_nl(day) if day else ""


def _story(copy: ResidentCopy, letterhead: Letterhead, t: LetterTemplate, size: float) -> list:
    base = styles()
    body = ParagraphStyle("b1", parent=base.body, fontSize=size, leading=size * 1.4, spaceAfter=size * 0.45)
    heading = ParagraphStyle("b1h", parent=body, fontName=SANS_BOLD, fontSize=size + 1.5, leading=(size + 1.5) * 1.3,
                             spaceBefore=size * 0.6, spaceAfter=size * 0.2, keepWithNext=1)
    title = ParagraphStyle("b1t", parent=body, fontName=SANS_BOLD, fontSize=size + 5, leading=(size + 5) * 1.25,
                           spaceAfter=size * 0.3)
    small = ParagraphStyle("b1s", parent=base.small, fontSize=size - 2, leading=(size - 2) * 1.35)
    bullet = ParagraphStyle("b1bullet", parent=body, leftIndent=6 * mm, bulletIndent=1 * mm, spaceAfter=2,
                            bulletFontName=SANS, bulletFontSize=size)
    v = dict(name=copy.resident_name or "", partner=copy.partner_name, partner_contact=copy.partner_contact,
             partner_phone=copy.partner_phone, case_number=copy.case_number, date=_d(copy.letter_date),
             sender=copy.sender.name, sender_phone=copy.sender.phone, sender_email=copy.sender.email,
             check_back=_d(copy.check_back_date), basis=copy.basis_given_on_text)

    story: list = letterhead_flowables(letterhead, base)
    story.append(Paragraph(t.text("subject", **v), title))
    story.append(Paragraph(f"{escape(_d(copy.letter_date))} · kenmerk {escape(copy.case_number)}", small))
    story.append(Spacer(1, 2 * mm))
    story.append(Paragraph(t.text("salutation" if copy.resident_name else "salutation_anonymous", **v), body))
    story.append(Paragraph(t.text("intro", **v), body))

    story.append(Paragraph(t.text("who_heading", **v), heading))
    story.append(Paragraph(t.text("who_named" if copy.partner_contact else "who_unnamed", **v), body))
    if copy.partner_phone:
        story.append(Paragraph(t.text("who_phone", **v), body))

    # The actions box: what the resident has to do stands out (B1: one thing per line, with the date in bold).
    box_content = [Paragraph(t.text("actions_heading", **v), heading)]
    if copy.resident_actions:
        for action in copy.resident_actions:
            due = f" <b>Vóór {escape(_d(action.due))}.</b>" if action.due else ""
            box_content.append(Paragraph(f"{escape(action.text)}{due}", bullet, bulletText="☐"))
    else:
        box_content.append(Paragraph(t.text("no_actions", **v), body))
    box = Table([[box_content]], colWidths=["100%"])
    box.setStyle(TableStyle([("FONTNAME", (0, 0), (-1, -1), SANS),
        ("BOX", (0, 0), (-1, -1), 1.2, colors.HexColor("#1f4e79")),
        ("BACKGROUND", (0, 0), (-1, -1), colors.HexColor("#eef4fa")),
        ("LEFTPADDING", (0, 0), (-1, -1), 4 * mm), ("RIGHTPADDING", (0, 0), (-1, -1), 4 * mm),
        ("TOPPADDING", (0, 0), (-1, -1), 1 * mm), ("BOTTOMPADDING", (0, 0), (-1, -1), 3 * mm),
    ]))
    story.append(Spacer(1, 2 * mm))
    story.append(box)

    story.append(Paragraph(t.text("next_heading", **v), heading))
    story.append(Paragraph(t.text("check_back" if copy.check_back_date else "no_check_back", **v), body))
    if copy.other_agreements:
        story.append(Paragraph(t.text("others_intro", **v), body))
        for agreement in copy.other_agreements:
            story.append(Paragraph(escape(agreement.text), bullet, bulletText="•"))

    story.append(Paragraph(t.text("shared_heading", **v), heading))
    story.append(Paragraph(t.text("shared_intro", **v), body))
    story.append(Paragraph(escape(", ".join(label.lower() if i else label
                                            for i, label in enumerate(copy.shared_labels))) + ".", body))
    basis_key = "shared_basis_consent" if copy.basis_kind == BasisKind.CONSENT else "shared_basis_task"
    story.append(Paragraph(t.text(basis_key, **v), body))

    story.append(Paragraph(t.text("object_heading", **v), heading))
    story.append(Paragraph(t.text("object_text", **v), body))

    story.append(Paragraph(t.text("contact_heading", **v), heading))
    contact = [t.text("contact_text", **v)]
    if copy.sender.phone:
        contact.append(t.text("contact_phone", **v))
    if copy.sender.email:
        contact.append(t.text("contact_email", **v))
    story.append(Paragraph("<br/>".join(contact), body))
    return story


def render_resident_copy(copy: ResidentCopy, letterhead: Letterhead, template: LetterTemplate | None = None) -> bytes:
    t = template or load_template(TEMPLATE, required=_REQUIRED)
    metadata = PdfMetadata(title=f"{t.plain('title')} {copy.case_number}", subject="Kopie voor de inwoner")
    data = b""
    for size in _SIZES:
        data = render_pdf(_story(copy, letterhead, t, size), metadata)
        if fits_one_page(data):
            break
    return data


def fits_one_page(data: bytes) -> bool:
    from io import BytesIO

    from pypdf import PdfReader

    return len(PdfReader(BytesIO(data)).pages) == 1


def samples():
    from ketenregie.config import load_policy
    from ketenregie.documents.sample_referrals import sample_case, sample_letter
    from ketenregie.documents.samples import SampleDocument
    from ketenregie.domain.referral import compose_resident_copy

    def render() -> bytes:
        policy = load_policy()
        letter = sample_letter("debt_help", policy)
        return render_resident_copy(compose_resident_copy(letter, sample_case()), Letterhead.from_policy(policy))

    return [SampleDocument("kopie-inwoner-verwijzing.pdf",
                           "Kopie van een verwijzing voor de inwoner (B1), fictieve inwoner", render)]
