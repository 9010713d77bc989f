""""Wat hebben we afgesproken?": the one-page summary a resident takes home after a conversation, in B1.

It holds only the fields of its catalogue profile (`SUMMARY_PROFILE`: the fields of resources/privacy/catalogue.toml
with the recipient "resident_summary") plus the case number as reference: the date, who was there, at most three
next steps with owner and date, the documents to bring or send as a tick-box list ("Meenemen of opsturen", at most
eight short items), the next appointment, a named contact, and — when a decision was discussed — the objection and
complaint route in plain words. Never the checklist notes, the bridge placements, goals' wording beyond the steps, or anything of the
case beyond its number. `ResidentSummary.from_conversation` is the only way in, so nothing else can slip through.

The readability check (domain/readability.py) warns about long sentences and words; it never blocks printing.
"""
from __future__ import annotations

from dataclasses import dataclass
from datetime import date, datetime
from xml.sax.saxutils import escape

from reportlab.lib import colors
from reportlab.lib.styles import ParagraphStyle
from reportlab.lib.units import mm
from reportlab.platypus import KeepTogether, Paragraph, Spacer, Table, TableStyle

from ketenregie.documents.pdf import SANS_BOLD, PdfMetadata, render_pdf, styles
from ketenregie.domain.bridge import format_date_nl
from ketenregie.domain.cases import ActionOwner
from ketenregie.domain.conversations import MAX_DOCUMENTS, MAX_SUMMARY_STEPS, Conversation
from ketenregie.domain.readability import ReadabilityReport, check_texts

TITLE = "Wat hebben we afgesproken?"

# The catalogue fields (table.column) this document may carry: resources/privacy/catalogue.toml, recipient
# "resident_summary". tests/documents/test_resident_summary.py keeps the two equal.
SUMMARY_PROFILE: frozenset[str] = frozenset({
    "conversations.held_on",
    "conversations.participants",
    "conversation_goal_steps.description",
    "conversation_goal_steps.owner",
    "conversation_goal_steps.partner_id",  # shown as the partner's name
    "conversation_goal_steps.due_date",
    "conversations.next_appointment",
    "conversations.next_appointment_place",
    "conversations.contact_name",
    "conversations.contact_phone",
    "conversations.decision_discussed",
    "conversations.documents",  # "Meenemen / opsturen" (migration 0006)
})
# Besides these fields the document carries the case number as its reference (like every outgoing document).

_WEEKDAYS = ("maandag", "dinsdag", "woensdag", "donderdag", "vrijdag", "zaterdag", "zondag")


@dataclass(frozen=True, slots=True)
class SummaryStep:
    description: str
    who: str  # "U", "Uw ketenregisseur (naam)", a partner's name
    due: date | None


@dataclass(frozen=True)
class ResidentSummary:
    case_number: str
    held_on: date
    participants: tuple[str, ...]
    steps: tuple[SummaryStep, ...]
    next_appointment: datetime | None
    next_appointment_place: str
    contact_name: str
    contact_phone: str
    decision_discussed: bool
    organisation: str = "de gemeente"
    documents: tuple[str, ...] = ()  # "Meenemen of opsturen": printed as a tick-box list

    def __repr__(self) -> str:
        return f"ResidentSummary({self.case_number})"

    @classmethod
    def from_conversation(cls, case_number: str, conversation: Conversation, *,
                          partner_names: dict[int, str] | None = None,
                          organisation: str = "de gemeente") -> "ResidentSummary":
        partner_names = partner_names or {}
        steps = []
        for step in conversation.summary_steps()[:MAX_SUMMARY_STEPS]:
            steps.append(SummaryStep(step.description.strip(), _who(step.owner, step.partner_id, partner_names,
                                                                  conversation.contact_name), step.due))
        return cls(case_number, conversation.held_on, tuple(p.strip() for p in conversation.participants if p.strip()),
                   tuple(steps), conversation.next_appointment, conversation.next_appointment_place.strip(),
                   conversation.contact_name.strip(), conversation.contact_phone.strip(),
                   conversation.decision_discussed, organisation,
                   tuple(d.strip() for d in conversation.documents[:MAX_DOCUMENTS] if d.strip()))

    # --- the texts, also used by the readability check ---
    def step_sentences(self) -> list[str]:
        return [f"{s.description.rstrip('.')}. Wie: {s.who}. Wanneer: {_due_text(s.due)}." for s in self.steps]

    def documents_intro(self) -> str:
        return "Wilt u deze papieren meenemen of opsturen? Zet een vinkje als het klaar is." if self.documents else ""

    def appointment_text(self) -> str:
        if self.next_appointment is None:
            return "We hebben nog geen nieuwe afspraak gemaakt. Wij bellen u om een afspraak te maken."
        when = self.next_appointment
        text = f"Op {_WEEKDAYS[when.weekday()]} {format_date_nl(when.date())} om {when:%H.%M} uur"
        if self.next_appointment_place:
            text += f", {self.next_appointment_place}"
        return text + "."

    def contact_text(self) -> str:
        text = f"Heeft u een vraag? Bel of mail {self.contact_name}"
        if self.contact_phone:
            text += f". Telefoon: {self.contact_phone}"
        return text + "."

    def objection_texts(self) -> list[str]:
        if not self.decision_discussed:
            return []
        return [
            f"Bent u het niet eens met een besluit van {self.organisation}? Dan kunt u bezwaar maken.",
            "Doe dat binnen 6 weken na de datum van het besluit. Schrijf in een brief of mail waarom u het er niet "
            "mee eens bent.",
            f"Wilt u hulp bij het bezwaar? Bel {self.contact_name}.",
            f"Bent u niet tevreden over hoe wij u helpen? Zeg het ons. U kunt ook een klacht indienen bij "
            f"{self.organisation}.",
        ]

    def texts(self) -> list[str]:
        documents = [self.documents_intro(), *self.documents] if self.documents else []
        return [*self.step_sentences(), *documents, self.appointment_text(), self.contact_text(),
                *self.objection_texts()]

    def readability(self) -> ReadabilityReport:
        return check_texts(self.texts())


def _who(owner: ActionOwner, partner_id: int | None, partner_names: dict[int, str], contact: str) -> str:
    if owner == ActionOwner.RESIDENT:
        return "U"
    if owner == ActionOwner.SELF:
        return contact.strip() or "Uw ketenregisseur"
    return partner_names.get(partner_id or -1, "De hulpverlener")


def _due_text(due: date | None) -> str:
    return f"vóór {_WEEKDAYS[due.weekday()]} {format_date_nl(due)}" if due else "zo snel als het kan"


def _styles():
    s = styles()
    body = ParagraphStyle("b1", parent=s.body, fontSize=12, leading=17, spaceAfter=7)
    return {
        "title": ParagraphStyle("b1title", parent=s.heading, fontSize=20, leading=25, spaceAfter=6),
        "h": ParagraphStyle("b1h", parent=body, fontName=SANS_BOLD, fontSize=14, leading=19, spaceBefore=10,
                            spaceAfter=5),
        "body": body,
        "step": ParagraphStyle("b1step", parent=body, fontSize=13, leading=18, spaceAfter=2),
        "small": s.small,
    }


def render_resident_summary(summary: ResidentSummary) -> bytes:
    st = _styles()
    story: list = [
        Paragraph(TITLE, st["title"]),
        Paragraph(f"Gesprek van {_WEEKDAYS[summary.held_on.weekday()]} {format_date_nl(summary.held_on)}",
                  st["body"]),
    ]
    if summary.participants:
        story.append(Paragraph("<b>Wie waren er:</b> " + escape(", ".join(summary.participants)) + ".", st["body"]))
    story.append(Paragraph("Wat gaan we doen?", st["h"]))
    if summary.steps:
        rows = []
        for n, step in enumerate(summary.steps, start=1):
            rows.append([Paragraph(f"<b>{n}</b>", st["step"]), [
                Paragraph(f"<b>{escape(step.description)}</b>", st["step"]),
                Paragraph(f"Wie: {escape(step.who)}. Wanneer: {escape(_due_text(step.due))}.", st["body"]),
            ]])
        table = Table(rows, colWidths=[10 * mm, 156 * mm])
        table.setStyle(TableStyle([
            ("VALIGN", (0, 0), (-1, -1), "TOP"),
            ("LINEBELOW", (0, 0), (-1, -1), 0.6, colors.Color(0.55, 0.55, 0.55)),
            ("TOPPADDING", (0, 0), (-1, -1), 5),
            ("BOTTOMPADDING", (0, 0), (-1, -1), 5),
        ]))
        story.append(table)
    else:
        story.append(Paragraph("We hebben deze keer geen nieuwe stappen afgesproken.", st["body"]))
    if summary.documents:
        story.append(KeepTogether([Paragraph("Meenemen of opsturen", st["h"]),
                                   Paragraph(escape(summary.documents_intro()), st["body"]),
                                   _tick_boxes(summary.documents, st)]))
    story += [
        Paragraph("Onze volgende afspraak", st["h"]),
        Paragraph(escape(summary.appointment_text()), st["body"]),
        Paragraph("Vragen?", st["h"]),
        Paragraph(escape(summary.contact_text()), st["body"]),
    ]
    objection = summary.objection_texts()
    if objection:
        story.append(KeepTogether([Paragraph("Niet eens met een besluit?", st["h"])]
                                  + [Paragraph(escape(t), st["body"]) for t in objection]))
    story += [Spacer(1, 8), Paragraph(f"Kenmerk: {escape(summary.case_number)}", st["small"])]
    return render_pdf(story, PdfMetadata(title=f"Samenvatting gesprek {summary.case_number}",
                                         subject="Wat hebben we afgesproken"))


TICK_BOX = "\u2610"  # ☐ BALLOT BOX (in the embedded DejaVu Sans): printed, the resident ticks it by hand


def _tick_boxes(items: tuple[str, ...], st) -> Table:
    """Two columns of "☐ item" so a list of up to eight stays short enough for one A4."""
    cells = [Paragraph(f"{TICK_BOX}\u00a0 {escape(item)}", st["body"]) for item in items]
    half = (len(cells) + 1) // 2
    rows = [[cells[i], cells[i + half] if i + half < len(cells) else ""] for i in range(half)]
    table = Table(rows, colWidths=[83 * mm, 83 * mm])
    table.setStyle(TableStyle([
        ("VALIGN", (0, 0), (-1, -1), "TOP"),
        ("LEFTPADDING", (0, 0), (-1, -1), 0),
        ("TOPPADDING", (0, 0), (-1, -1), 1),
        ("BOTTOMPADDING", (0, 0), (-1, -1), 1),
    ]))
    return table


def file_name(case_number: str, held_on: date) -> str:
    """No personal data: case number + document kind + date."""
    return f"{case_number}_samenvatting-gesprek_{held_on.isoformat()}.pdf"


def sample_summary() -> ResidentSummary:
    return ResidentSummary(
        case_number="2026-0001",
        held_on=date(2026, 3, 17),
        participants=("u", "uw zus", "Sanne Bakker (ketenregisseur)"),
        steps=(
            SummaryStep("De brieven van de deurwaarder in de map doen", "U", date(2026, 3, 20)),
            SummaryStep("Toeslagen aanvragen bij de Belastingdienst", "U", date(2026, 3, 27)),
            SummaryStep("De aanmelding bij PLANgroep klaarzetten", "Sanne Bakker", date(2026, 3, 24)),
        ),
        next_appointment=datetime(2026, 3, 31, 10, 0),
        next_appointment_place="in het gemeentehuis",
        contact_name="Sanne Bakker",
        contact_phone="010 - 000 00 00",
        decision_discussed=True,
        organisation="de gemeente Lansingerland",
        documents=("loonstrook of uitkering", "brief van de deurwaarder", "brieven met een aanmaning"),
    )


def samples():
    from ketenregie.documents.samples import SampleDocument

    return [SampleDocument("samenvatting-gesprek.pdf", "Wat hebben we afgesproken? (fictief gesprek)",
                           lambda: render_resident_summary(sample_summary()))]
