"""The agenda of a casuïstiekoverleg for its participants (PDF).

Confidential marking on every page, the meeting details (date, time, place or online, chair, purpose, the
participating organisations and roles), and per item: the pseudonym, the question, the pseudonymised summary and
its time box. The mapping pseudonym -> case never leaves the register: the document has no case number and no case
reference, not even in its metadata or file name.

A name appears only where the caller passes it in `names` (pseudonym -> name, looked up by the repository for items
with consent) AND `may_show_name` allows it for this document's audience — the rule is applied here again, so a
caller cannot print a name the consent does not cover. Rendered for all participants (the default), a name shows
only when the consent covers every participant.
"""
from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass
from datetime import date, datetime
from xml.sax.saxutils import escape

from reportlab.lib import colors
from reportlab.lib.units import mm
from reportlab.platypus import KeepTogether, Paragraph, Spacer, Table, TableStyle

from ketenregie.documents.letterhead import Letterhead, letterhead_flowables
from ketenregie.documents.pdf import SANS, SANS_BOLD, PdfMetadata, render_pdf, styles
from ketenregie.domain.outgoing_text import OutgoingTextBlocked, check_meeting
from ketenregie.domain.meetings import (AgendaItem, CaseMeeting, MeetingKind, Participant, may_show_name,
                                        retention_until, schedule)

CONFIDENTIAL = "VERTROUWELIJK — alleen voor de deelnemers aan dit overleg. Niet doorsturen."
DEFAULT_LETTERHEAD: tuple[str, ...] = ("Schuldhulpverlening — ketenregie",)
_WEEKDAYS = ("maandag", "dinsdag", "woensdag", "donderdag", "vrijdag", "zaterdag", "zondag")
_MONTHS = ("januari", "februari", "maart", "april", "mei", "juni", "juli", "augustus", "september", "oktober",
           "november", "december")


# --- shared with the minutes ----------------------------------------------------------------------------------

@dataclass(frozen=True)
class MeetingDocumentOptions:
    """What the caller decides: who the document is for, which names consent allows, the letterhead."""

    audience: frozenset[str] | None = None  # participant keys; None = all participants of the meeting
    names: Mapping[str, str] | None = None  # pseudonym -> resident name, only for items with consent
    partner_names: Mapping[int, str] | None = None  # partner id -> organisation (action owners)
    letterhead: Letterhead | None = None  # the policy letterhead (same as the letters); None: a neutral line


def require_meeting_text_cleared(meeting: CaseMeeting, residents=None, *, agenda: bool, records: bool,
                                 what: str) -> None:
    """Defence in depth: no agenda or minutes with text that did not pass the meeting audience's check."""
    problems = check_meeting(meeting, residents, agenda=agenda, records=records)
    if problems:
        raise OutgoingTextBlocked(problems, what)


def long_date(d: date) -> str:
    return f"{_WEEKDAYS[d.weekday()]} {d.day} {_MONTHS[d.month - 1]} {d.year}"


def audience_keys(meeting: CaseMeeting, options: MeetingDocumentOptions) -> frozenset[str]:
    return meeting.participant_keys if options.audience is None else frozenset(options.audience)


def audience_label(meeting: CaseMeeting, options: MeetingDocumentOptions) -> str:
    if options.audience is None:
        return "alle deelnemers"
    chosen = [p.organisation for p in meeting.participants if p.key in options.audience]
    return ", ".join(chosen) or "—"


def item_heading(item: AgendaItem, meeting: CaseMeeting, options: MeetingDocumentOptions) -> str:
    """The pseudonym, or "Name (pseudonym)" where consent covers this document's whole audience."""
    name = (options.names or {}).get(item.pseudonym)
    if name and may_show_name(item, audience_keys(meeting, options)):
        return f"{name} ({item.pseudonym})"
    return item.pseudonym


def page_marking(kind: str):
    """on_page callback: confidential marking at the top and "kind — page n" at the bottom of every page."""

    def draw(canvas, doc) -> None:
        canvas.saveState()
        width, height = doc.pagesize
        canvas.setFont(SANS_BOLD, 8)
        canvas.setFillColor(colors.HexColor("#9b1c1c"))
        canvas.drawString(doc.leftMargin, height - 12 * mm, CONFIDENTIAL)
        canvas.setFont(SANS, 8)
        canvas.setFillColor(colors.HexColor("#333333"))
        canvas.drawRightString(width - doc.rightMargin, 10 * mm, f"{kind} — pagina {doc.page}")
        canvas.restoreState()

    return draw


def header_flowables(meeting: CaseMeeting, options: MeetingDocumentOptions, title: str) -> list:
    s = styles()
    if options.letterhead is not None and options.letterhead.name:
        story: list = letterhead_flowables(options.letterhead, s)
    else:
        story = [Paragraph(escape(line), s.small) for line in DEFAULT_LETTERHEAD] + [Spacer(1, 4)]
    story.append(Paragraph(escape(title), s.heading))
    when = (f"{long_date(meeting.date)}, {meeting.starts_at:%H.%M}–{meeting.ends_at:%H.%M} uur")
    where = ("Online: " if meeting.online else "") + meeting.location
    rows = [("Datum en tijd", when), ("Plaats", where), ("Voorzitter", meeting.chair),
            ("Doel", meeting.purpose), ("Bestemd voor", audience_label(meeting, options))]
    if meeting.series is not None:
        rows.append(("Reeks", meeting.series.recurrence.label_nl))
    story.append(_details_table(rows))
    if meeting.participants:
        story.append(Spacer(1, 6))
        story.append(Paragraph("<b>Deelnemende organisaties</b>", s.body))
        story += [Paragraph("• " + escape(_participant_line(p)), s.body) for p in meeting.participants]
    return story


def retention_note(meeting: CaseMeeting) -> str:
    kind = "overleg met ketenpartners" if meeting.kind == MeetingKind.WITH_PARTNERS else "intern overleg"
    return (f"Bewaartermijn ({kind}): tot {retention_until(meeting).strftime('%d-%m-%Y')}; daarna vernietigen. "
            "De koppeling tussen pseudoniem en casus staat alleen in het register van de ketenregisseur.")


def _participant_line(p: Participant) -> str:
    return f"{p.organisation} — {p.role.label_nl.lower()}"


def _details_table(rows: list[tuple[str, str]]) -> Table:
    s = styles()
    data = [[Paragraph(f"<b>{escape(k)}</b>", s.body), Paragraph(escape(v), s.body)] for k, v in rows]
    table = Table(data, colWidths=[38 * mm, None], hAlign="LEFT")
    table.setStyle(TableStyle([("VALIGN", (0, 0), (-1, -1), "TOP"), ("LEFTPADDING", (0, 0), (-1, -1), 0),
                               ("BOTTOMPADDING", (0, 0), (-1, -1), 1), ("TOPPADDING", (0, 0), (-1, -1), 1)]))
    return table


def _multiline(text: str) -> str:
    return "<br/>".join(escape(line) for line in text.splitlines() if line.strip())


def file_name(kind: str, meeting: CaseMeeting) -> str:
    """No personal data and no case numbers: the document kind and the meeting date (and id, when saved)."""
    ref = f"-{meeting.id}" if meeting.id is not None else ""
    return f"overleg{ref}-{kind}-{meeting.date.isoformat()}.pdf"


# --- the agenda -----------------------------------------------------------------------------------------------

def render_agenda(meeting: CaseMeeting, options: MeetingDocumentOptions | None = None, *,
                  residents=None) -> bytes:
    """`residents` (agenda item id -> (household, case number)) lets the outgoing-text rule check each text
    against its own resident; without it the rule still refuses identifiers, case numbers and postcodes."""
    options = options or MeetingDocumentOptions()
    require_meeting_text_cleared(meeting, residents, agenda=True, records=False, what="De agenda")
    s = styles()
    story = header_flowables(meeting, options, "Agenda casuïstiekoverleg")
    story += [Spacer(1, 8), Paragraph("<b>Agendapunten</b>", s.body)]
    if not meeting.items:
        story.append(Paragraph("Er staan nog geen casussen op de agenda.", s.body))
    for number, slot in enumerate(schedule(meeting), start=1):
        item = slot.item
        block = [Paragraph(f"<b>{number}. {escape(item_heading(item, meeting, options))}</b> — "
                           f"{slot.starts_at:%H.%M}–{slot.ends_at:%H.%M} uur ({item.time_box_minutes} min.)",
                           s.body)]
        if item.status_note_nl:
            block.append(Paragraph(f"<i>{escape(item.status_note_nl)}</i>", s.small))
        block.append(Paragraph("<b>Vraag aan het overleg:</b> " + (escape(item.question) or "—"), s.body))
        if item.summary.strip():
            block.append(Paragraph("<b>Samenvatting:</b><br/>" + _multiline(item.summary), s.body))
        block.append(Spacer(1, 4))
        story.append(KeepTogether(block))
    story += [Spacer(1, 10), Paragraph(escape(
        "Casussen staan op deze agenda onder een pseudoniem dat alleen voor dit overleg geldt. Een naam staat er "
        "alleen als de inwoner toestemming gaf voor bespreking met naam, met de deelnemers voor wie die "
        "toestemming geldt."), s.small), Paragraph(escape(retention_note(meeting)), s.small)]
    metadata = PdfMetadata(title=f"Agenda casuïstiekoverleg {meeting.date.isoformat()}",
                           subject="Agenda casuïstiekoverleg")
    return render_pdf(story, metadata, on_page=page_marking("Agenda casuïstiekoverleg"))


# --- samples --------------------------------------------------------------------------------------------------

def sample_meeting() -> CaseMeeting:
    """A fictitious meeting with five cases, agreements and actions (also used by the minutes sample)."""
    from dataclasses import replace as _replace

    from ketenregie.domain.cases import ActionOwner
    from ketenregie.domain.meetings import ItemRecord, RecordKind, Recurrence, Series
    from ketenregie.domain.meetings import CaseState, ParticipantRole as Role

    participants = (
        Participant("Gemeente (ketenregie)", Role.CHAIR, key="p-gem"),
        Participant("PLANgroep", Role.MEMBER, partner_id=1, key="p-plan"),
        Participant("Kwadraad maatschappelijk werk", Role.MEMBER, partner_id=2, key="p-kw"),
        Participant("GGZ-instelling", Role.ADVISOR, partner_id=3, key="p-ggz"),
        Participant("Bewindvoerderskantoor", Role.GUEST, partner_id=4, key="p-bew"),
    )
    questions = [
        ("Wie neemt de regie nu de schuldregeling stilligt?", "Leeftijd: 27 tot 40 jaar\nHuishouden: eenoudergezin "
         "met meer kinderen\nSchulden: € 15.000 tot € 30.000, meer dan 10 schuldeisers\nFase: Traject bij partner"),
        ("Is beschermingsbewind passend?", "Leeftijd: 55 tot 67 jaar\nHuishouden: alleenstaand\nSchulden: € 5.000 "
         "tot € 15.000\nTermijnen: crisis: dreigende huisuitzetting (over 9 dagen)"),
        ("Hoe krijgen we weer contact?", "Leeftijd: 18 tot 27 jaar\nHuishouden: alleenstaand\nFase: Intake"),
        ("Kan de zorg en de schuldhulp beter op elkaar aansluiten?", "Huishouden: twee volwassenen met één kind\n"
         "Betrokken: Kwadraad (maatschappelijk werk / begeleiding); GGZ-instelling (zorg)"),
        ("Afronding: kan de casus naar nazorg?", "Fase: Traject bij partner\nSchulden: minder dan € 5.000"),
    ]
    items = tuple(AgendaItem(pseudonym=p, question=q, summary=s, summary_final=True, time_box_minutes=t, id=n)
                  for n, (p, (q, s), t) in enumerate(zip(["Casus K", "Casus D", "Casus R", "Casus B", "Casus W"],
                                                         questions, [20, 15, 10, 15, 10]), start=1))
    records = {
        0: (ItemRecord(RecordKind.AGREEMENT, "PLANgroep blijft regiehouder; de ketenregisseur bewaakt de termijnen."),
            ItemRecord(RecordKind.ACTION, "Stand van de schuldregeling delen", owner=ActionOwner.PARTNER, partner_id=1,
                       due=date(2026, 5, 26))),
        1: (ItemRecord(RecordKind.AGREEMENT, "Aanvraag beschermingsbewind wordt voorbereid."),
            ItemRecord(RecordKind.ACTION, "Gesprek over bewind plannen", owner=ActionOwner.SELF, due=date(2026, 5, 19))),
        2: (ItemRecord(RecordKind.ACTION, "Huisbezoek Vroeg erop af", owner=ActionOwner.PARTNER, partner_id=2,
                       due=date(2026, 5, 22)),),
        4: (ItemRecord(RecordKind.AGREEMENT, "De casus gaat naar nazorg."),),
    }
    items = tuple(_replace(item, records=records.get(i, ())) for i, item in enumerate(items))
    items = items[:3] + (_replace(items[3], case_state=CaseState.CLOSED),) + items[4:]
    return CaseMeeting(starts_at=datetime(2026, 5, 12, 9, 30), purpose="Vastgelopen trajecten doorbreken en "
                       "afspraken maken over de regie", chair="Teamleider schuldhulpverlening",
                       location="Raadhuis, vergaderkamer 2", duration_minutes=90, participants=participants,
                       items=items, series=Series(Recurrence.FOUR_WEEKLY, "Casuïstiekoverleg schuldhulp"))


SAMPLE_PARTNERS = {1: "PLANgroep", 2: "Kwadraad", 3: "GGZ-instelling", 4: "Bewindvoerderskantoor"}


def samples():
    from ketenregie.documents.samples import SampleDocument

    return [SampleDocument("agenda-casuistiekoverleg.pdf", "Agenda casuïstiekoverleg (fictief, pseudoniemen)",
                           lambda: render_agenda(sample_meeting(), sample_options()))]


def sample_options() -> MeetingDocumentOptions:
    from ketenregie.config import load_policy

    return MeetingDocumentOptions(partner_names=SAMPLE_PARTNERS, letterhead=Letterhead.from_policy(load_policy()))
