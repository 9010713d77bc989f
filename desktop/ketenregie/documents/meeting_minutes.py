"""The minutes (verslag) of a casuïstiekoverleg: agreements and actions per item — who does what, when — never
the story (DOMAIN.md §8). Discussion points stay in the register. Same confidentiality, name and file-name rules
as the agenda (documents/meeting_agenda.py)."""
from __future__ import annotations

from xml.sax.saxutils import escape

from reportlab.lib import colors
from reportlab.lib.units import mm
from reportlab.platypus import KeepTogether, Paragraph, Spacer, Table, TableStyle

from ketenregie.documents.meeting_agenda import (MeetingDocumentOptions, header_flowables, item_heading,
                                                 require_meeting_text_cleared,
                                                 page_marking, retention_note, sample_meeting, sample_options)
from ketenregie.documents.pdf import PdfMetadata, render_pdf, styles
from ketenregie.domain.cases import ActionOwner
from ketenregie.domain.meetings import CaseMeeting, ItemRecord, minutes


def owner_label(record: ItemRecord, partner_names: dict[int, str] | None) -> str:
    if record.owner == ActionOwner.PARTNER:
        return (partner_names or {}).get(record.partner_id or -1, "Ketenpartner")
    if record.owner == ActionOwner.RESIDENT:
        return "Inwoner"
    return "Ketenregisseur"


def render_minutes(meeting: CaseMeeting, options: MeetingDocumentOptions | None = None, *,
                   residents=None) -> bytes:
    options = options or MeetingDocumentOptions()
    require_meeting_text_cleared(meeting, residents, agenda=False, records=True, what="Het verslag")
    s = styles()
    title = "Verslag casuïstiekoverleg" + ("" if meeting.minutes_final else " (concept)")
    story = header_flowables(meeting, options, title)
    story += [Spacer(1, 8), Paragraph("<b>Afspraken en acties</b>", s.body)]
    entries = minutes(meeting)
    if not entries:
        story.append(Paragraph("Er stonden geen casussen op de agenda.", s.body))
    for number, entry in enumerate(entries, start=1):
        block = [Paragraph(f"<b>{number}. {escape(item_heading(entry.item, meeting, options))}</b>", s.body)]
        if entry.item.status_note_nl:
            block.append(Paragraph(f"<i>{escape(entry.item.status_note_nl)}</i>", s.small))
        if not entry.agreements and not entry.actions:
            block.append(Paragraph("Geen afspraken of acties.", s.body))
        for agreement in entry.agreements:
            block.append(Paragraph("• " + escape(agreement.text), s.body))
        if entry.actions:
            block.append(_actions_table(entry.actions, dict(options.partner_names or {})))
        block.append(Spacer(1, 6))
        story.append(KeepTogether(block))
    story += [Spacer(1, 10), Paragraph(escape(
        "Dit verslag legt alleen afspraken en acties vast, niet wat er over de casus is verteld."), s.small),
              Paragraph(escape(retention_note(meeting)), s.small)]
    metadata = PdfMetadata(title=f"Verslag casuïstiekoverleg {meeting.date.isoformat()}",
                           subject="Verslag casuïstiekoverleg")
    return render_pdf(story, metadata, on_page=page_marking("Verslag casuïstiekoverleg"))


def _actions_table(actions: tuple[ItemRecord, ...], partner_names: dict[int, str]) -> Table:
    s = styles()
    data = [[Paragraph("<b>Actie</b>", s.small), Paragraph("<b>Wie</b>", s.small), Paragraph("<b>Wanneer</b>", s.small)]]
    for action in actions:
        data.append([Paragraph(escape(action.text), s.small),
                     Paragraph(escape(owner_label(action, partner_names)), s.small),
                     Paragraph(action.due.strftime("%d-%m-%Y") if action.due else "—", s.small)])
    table = Table(data, colWidths=[None, 45 * mm, 25 * mm], hAlign="LEFT", repeatRows=1)
    table.setStyle(TableStyle([("GRID", (0, 0), (-1, -1), 0.4, colors.HexColor("#999999")),
                               ("BACKGROUND", (0, 0), (-1, 0), colors.HexColor("#eeeeee")),
                               ("VALIGN", (0, 0), (-1, -1), "TOP")]))
    return table


def samples():
    from dataclasses import replace

    from ketenregie.documents.samples import SampleDocument

    return [SampleDocument("verslag-casuistiekoverleg.pdf", "Verslag casuïstiekoverleg: afspraken en acties (fictief)",
                           lambda: render_minutes(replace(sample_meeting(), minutes_final=True), sample_options()))]
