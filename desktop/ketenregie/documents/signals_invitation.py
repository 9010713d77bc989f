"""The B1 invitation letter after a vroegsignaal (one A4) and the SMS text; both texts are data
(resources/templates/signal_invitation.toml).

The letter says what we know and from whom (the partner and the kind of bill, never the amount), that help is free
and voluntary, and how to reach a named person. PDF metadata is neutral (document kind and signal-case number).
"""
from __future__ import annotations

from dataclasses import dataclass
from datetime import date
from string import Template
from xml.sax.saxutils import escape

from reportlab.lib.styles import ParagraphStyle
from reportlab.lib.units import mm
from reportlab.platypus import Paragraph, Spacer

from ketenregie.documents.letterhead import Letterhead, letterhead_flowables, load_template
from ketenregie.documents.pdf import SANS_BOLD, PdfMetadata, render_pdf, styles

TEMPLATE = "signal_invitation"
_REQUIRED = ("subject", "salutation", "salutation_anonymous", "intro", "why_heading", "why_text", "offer_heading",
             "offer_text", "free_text", "contact_heading", "contact_text", "contact_named", "contact_phone",
             "contact_email", "closing", "sms")
DOCUMENT_KIND = "uitnodiging-vroegsignaal"

# what the letter calls the bill, per DDAS partner kind (code -> Dutch)
KIND_WORDS = {"health": "uw zorgverzekering", "energy": "energie", "rent": "de huur", "water": "water",
              "mortgage": "de hypotheek", "tax": "belasting", "allowances": "toeslagen", "duo": "studieschuld",
              "cak_contribution": "de eigen bijdrage (CAK)", "cak_health_insurance": "uw zorgverzekering (CAK)",
              "other": "een rekening"}


@dataclass(frozen=True)
class Invitation:
    signal_case_id: int
    resident_name: str | None
    address_lines: tuple[str, ...]
    partner: str
    kind_code: str
    sender_name: str
    sender_phone: str
    sender_email: str
    letter_date: date

    def __repr__(self) -> str:
        return f"Invitation(signal_case={self.signal_case_id})"


def _values(inv: Invitation, municipality: str) -> dict[str, str]:
    return dict(name=inv.resident_name or "", partner=inv.partner, kind=KIND_WORDS.get(inv.kind_code, "een rekening"),
                sender=inv.sender_name, sender_phone=inv.sender_phone, sender_email=inv.sender_email,
                date=inv.letter_date.strftime("%d-%m-%Y"), municipality=municipality)


def sms_text(inv: Invitation, municipality: str) -> str:
    """The SMS to copy (through the clipboard guard); it names no amount and no partner."""
    t = load_template(TEMPLATE, required=_REQUIRED)
    return Template(t.texts["sms"]).safe_substitute(_values(inv, municipality))


def render_invitation(inv: Invitation, letterhead: Letterhead) -> bytes:
    t = load_template(TEMPLATE, required=_REQUIRED)
    v = _values(inv, letterhead.name)
    base = styles()
    size = 12
    body = ParagraphStyle("b1", parent=base.body, fontSize=size, leading=size * 1.4, spaceAfter=size * 0.45)
    heading = ParagraphStyle("b1h", parent=body, fontName=SANS_BOLD, fontSize=size + 1.5, leading=(size + 1.5) * 1.3,
                             spaceBefore=size * 0.6, spaceAfter=size * 0.2, keepWithNext=1)
    title = ParagraphStyle("b1t", parent=body, fontName=SANS_BOLD, fontSize=size + 4, leading=(size + 4) * 1.25)
    story: list = letterhead_flowables(letterhead, base)
    for line in ((inv.resident_name or "",) + inv.address_lines):
        if line:
            story.append(Paragraph(escape(line), body))
    story.append(Spacer(1, 6 * mm))
    story.append(Paragraph(escape(v["date"]), base.small))
    story.append(Paragraph(t.text("subject", **v), title))
    story.append(Paragraph(t.text("salutation" if inv.resident_name else "salutation_anonymous", **v), body))
    story.append(Paragraph(t.text("intro", **v), body))
    for head, text in (("why_heading", "why_text"), ("offer_heading", "offer_text")):
        story.append(Paragraph(t.text(head, **v), heading))
        story.append(Paragraph(t.text(text, **v), body))
    story.append(Paragraph(t.text("free_text", **v), body))
    story.append(Paragraph(t.text("contact_heading", **v), heading))
    story.append(Paragraph(t.text("contact_text", **v), body))
    for key, present in (("contact_named", inv.sender_name), ("contact_phone", inv.sender_phone),
                         ("contact_email", inv.sender_email)):
        if present:
            story.append(Paragraph(t.text(key, **v), body))
    story.append(Spacer(1, 4 * mm))
    story.append(Paragraph(t.text("closing", **v), body))
    if inv.sender_name:
        story.append(Paragraph(escape(inv.sender_name), body))
    return render_pdf(story, PdfMetadata(f"{t.plain('title')} {inv.signal_case_id}", DOCUMENT_KIND))


def invitation_file_name(signal_case_id: int) -> str:
    return f"{DOCUMENT_KIND}-{signal_case_id}.pdf"


def samples():
    from ketenregie.config import load_policy
    from ketenregie.documents.samples import SampleDocument

    def render() -> bytes:
        inv = Invitation(1, "M. Voorbeeld", ("Voorbeeldstraat 1", "2651 AA  Bergschenhoek"), "Zorgverzekeraar Voorbeeld",
                         "health", "K. Regisseur", "010 123 45 67", "schuldhulp@example.org", date(2026, 6, 1))
        return render_invitation(inv, Letterhead.from_policy(load_policy()))

    return [SampleDocument(f"{DOCUMENT_KIND}.pdf", "Uitnodigingsbrief na een vroegsignaal (B1)", render)]
