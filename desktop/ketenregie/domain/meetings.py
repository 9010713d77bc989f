"""Casuïstiekoverleg: meetings, agenda items, what was recorded per item, and the rules around them
(DOMAIN.md §8 sharing, §9 retention; DESIGN.md §4 pseudonyms per meeting).

- A `CaseMeeting` has a date and time, a place or an online link description, a chair, the participating
  organisations and their roles, a purpose set in advance, and optionally belongs to a recurring series.
- An `AgendaItem` is one case on the agenda with the question to the meeting, a pseudonym drawn for this meeting
  (domain/pseudonyms.py), a pseudonymised summary (domain/pseudonymised_summary.py) that is edited and then made
  final, a time box, and optionally a recorded `NamedDiscussionConsent` (date, scope, which participants it
  covers). The link to the case (`case_id`) lives only in the register.
- During the meeting the chair records per item `ItemRecord`s: discussion points (kept in the register only),
  agreements and actions (owner self/partner/resident, due date). The minutes are the agreements and actions —
  not the story.
- A name is shown only where consent for a named discussion is recorded, and only to the participants it covers.
  The shared screen (meeting mode) never shows a name.

Pure domain: no Qt, no database.
"""
from __future__ import annotations

import calendar as _calendar
import secrets
from dataclasses import dataclass, field, replace
from datetime import date, datetime, timedelta

from ketenregie.domain.cases import ActionOwner
from ketenregie.domain.labels import LabelledEnum, register_labels
from ketenregie.domain.pseudonyms import PseudonymStyle, draw_pseudonyms


# --- enums ----------------------------------------------------------------------------------------------------

class MeetingKind(LabelledEnum):
    """Decides retention (Selectielijst gemeenten 2020, DOMAIN.md §9)."""

    WITH_PARTNERS = "with_partners"  # with third parties, chaired by the municipality: 5 years
    INTERNAL = "internal"  # 1 year


register_labels(MeetingKind, {
    MeetingKind.WITH_PARTNERS: "Met ketenpartners (voorzitter gemeente)",
    MeetingKind.INTERNAL: "Intern overleg",
})


class MeetingStatus(LabelledEnum):
    PLANNED = "planned"
    HELD = "held"
    CANCELLED = "cancelled"


register_labels(MeetingStatus, {
    MeetingStatus.PLANNED: "Gepland",
    MeetingStatus.HELD: "Gehouden",
    MeetingStatus.CANCELLED: "Afgelast",
})


class Recurrence(LabelledEnum):
    WEEKLY = "weekly"
    BIWEEKLY = "biweekly"
    FOUR_WEEKLY = "four_weekly"
    MONTHLY = "monthly"


register_labels(Recurrence, {
    Recurrence.WEEKLY: "Elke week",
    Recurrence.BIWEEKLY: "Elke twee weken",
    Recurrence.FOUR_WEEKLY: "Elke vier weken",
    Recurrence.MONTHLY: "Elke maand",
})


class ParticipantRole(LabelledEnum):
    CHAIR = "chair"
    MINUTE_TAKER = "minute_taker"
    MEMBER = "member"
    ADVISOR = "advisor"
    GUEST = "guest"


register_labels(ParticipantRole, {
    ParticipantRole.CHAIR: "Voorzitter",
    ParticipantRole.MINUTE_TAKER: "Notulist",
    ParticipantRole.MEMBER: "Deelnemer",
    ParticipantRole.ADVISOR: "Adviseur",
    ParticipantRole.GUEST: "Gast (eenmalig)",
})


class CaseState(LabelledEnum):
    """What became of the case behind an agenda item (the item itself always stays readable)."""

    ACTIVE = "active"
    CLOSED = "closed"
    DELETED = "deleted"


register_labels(CaseState, {
    CaseState.ACTIVE: "Lopend",
    CaseState.CLOSED: "De casus is inmiddels afgesloten.",
    CaseState.DELETED: "De casus is verwijderd uit het register (bijvoorbeeld na de bewaartermijn).",
})


class RecordKind(LabelledEnum):
    DISCUSSION = "discussion"  # kept in the register, never in the minutes
    AGREEMENT = "agreement"
    ACTION = "action"


register_labels(RecordKind, {
    RecordKind.DISCUSSION: "Bespreekpunt",
    RecordKind.AGREEMENT: "Afspraak",
    RecordKind.ACTION: "Actie",
})


class MeetingRetention(LabelledEnum):
    """Retention classes; the ids match the meetings section of resources/privacy/catalogue.toml."""

    WITH_PARTNERS = "meeting_external"
    INTERNAL = "meeting_internal"


register_labels(MeetingRetention, {
    MeetingRetention.WITH_PARTNERS: "Agenda's en verslagen van overleg met derden (voorzitter gemeente): 5 jaar",
    MeetingRetention.INTERNAL: "Agenda's en verslagen van intern overleg: 1 jaar",
})
DEFAULT_RETENTION_YEARS = {MeetingRetention.WITH_PARTNERS: 5, MeetingRetention.INTERNAL: 1}


# --- value objects --------------------------------------------------------------------------------------------

def new_participant_key() -> str:
    """A random key that identifies a participant within its meeting (consent refers to it)."""
    return secrets.token_hex(8)


@dataclass(frozen=True, slots=True)
class Participant:
    """A participating organisation and its role (organisations, not people: no personal data here)."""

    organisation: str
    role: ParticipantRole = ParticipantRole.MEMBER
    partner_id: int | None = None  # when the organisation is in the partner directory
    key: str = field(default_factory=new_participant_key)
    id: int | None = None

    @property
    def label_nl(self) -> str:
        return f"{self.organisation} ({self.role.label_nl.lower()})"


@dataclass(frozen=True, slots=True)
class NamedDiscussionConsent:
    """The resident agreed to be discussed by name: when, for what (scope), and with which participants."""

    given_on: date
    scope: str
    participant_keys: frozenset[str]

    def covers(self, participant_keys: frozenset[str] | set[str]) -> bool:
        return bool(participant_keys) and set(participant_keys) <= self.participant_keys

    def __repr__(self) -> str:
        return f"NamedDiscussionConsent(given_on={self.given_on}, covers={len(self.participant_keys)})"


@dataclass(frozen=True, slots=True)
class ItemRecord:
    kind: RecordKind
    text: str
    owner: ActionOwner | None = None  # actions only
    partner_id: int | None = None  # actions owned by a partner
    due: date | None = None  # actions only
    case_action_id: int | None = None  # the action in the case's action list, once saved
    id: int | None = None

    def __repr__(self) -> str:
        return f"ItemRecord(id={self.id}, kind={self.kind.value})"


@dataclass(frozen=True, slots=True)
class AgendaItem:
    pseudonym: str
    question: str = ""
    summary: str = ""
    summary_final: bool = False
    time_box_minutes: int = 15
    consent: NamedDiscussionConsent | None = None
    case_id: int | None = None  # the mapping pseudonym -> case; register only. None once the case is deleted.
    case_state: CaseState = CaseState.ACTIVE
    records: tuple[ItemRecord, ...] = ()
    id: int | None = None

    def __repr__(self) -> str:  # the pseudonym is safe; the question and summary stay out of logs anyway
        return f"AgendaItem(id={self.id}, {self.pseudonym})"

    def records_of(self, kind: RecordKind) -> list[ItemRecord]:
        return [r for r in self.records if r.kind == kind]

    @property
    def status_note_nl(self) -> str:
        """Empty for a running case; otherwise what became of the case, for every view and document."""
        return "" if self.case_state == CaseState.ACTIVE else self.case_state.label_nl


@dataclass(frozen=True, slots=True)
class Series:
    recurrence: Recurrence
    title: str = ""  # e.g. "Casuïstiekoverleg schuldhulp" (no personal data)
    id: int | None = None


@dataclass(frozen=True, slots=True)
class CaseMeeting:
    starts_at: datetime
    purpose: str
    chair: str  # the chairing employee or function, e.g. "Teamleider schuldhulpverlening"
    location: str = ""  # a place, or how to join online (no links with personal data)
    online: bool = False
    duration_minutes: int = 90
    kind: MeetingKind = MeetingKind.WITH_PARTNERS
    status: MeetingStatus = MeetingStatus.PLANNED
    pseudonym_style: PseudonymStyle = PseudonymStyle.LETTERS
    participants: tuple[Participant, ...] = ()
    items: tuple[AgendaItem, ...] = ()
    series: Series | None = None
    minutes_final: bool = False
    id: int | None = None

    def __repr__(self) -> str:
        return f"CaseMeeting(id={self.id}, {self.starts_at:%Y-%m-%d %H:%M}, items={len(self.items)})"

    @property
    def date(self) -> date:
        return self.starts_at.date()

    @property
    def ends_at(self) -> datetime:
        return self.starts_at + timedelta(minutes=self.duration_minutes)

    @property
    def object_ref(self) -> str:
        if self.id is None:
            raise ValueError("meeting has not been saved yet")
        return f"meeting:{self.id}"

    @property
    def participant_keys(self) -> frozenset[str]:
        return frozenset(p.key for p in self.participants)

    def is_upcoming(self, now: datetime) -> bool:
        return self.status == MeetingStatus.PLANNED and self.ends_at >= now

    def item_by_pseudonym(self, pseudonym: str) -> AgendaItem | None:
        return next((i for i in self.items if i.pseudonym == pseudonym), None)

    @property
    def retention(self) -> MeetingRetention:
        return MeetingRetention.WITH_PARTNERS if self.kind == MeetingKind.WITH_PARTNERS else MeetingRetention.INTERNAL


# --- agenda building ------------------------------------------------------------------------------------------

def add_cases(meeting: CaseMeeting, case_ids: list[int], *, time_box_minutes: int = 15) -> CaseMeeting:
    """Put cases on the agenda, each with a fresh random pseudonym for this meeting. A case already on the agenda
    is not added twice."""
    present = {i.case_id for i in meeting.items if i.case_id is not None}
    new_ids = [cid for cid in dict.fromkeys(case_ids) if cid not in present]
    pseudonyms = draw_pseudonyms(len(new_ids), style=meeting.pseudonym_style,
                                 taken=[i.pseudonym for i in meeting.items])
    added = tuple(AgendaItem(pseudonym=p, case_id=cid, time_box_minutes=time_box_minutes)
                  for cid, p in zip(new_ids, pseudonyms))
    return replace(meeting, items=meeting.items + added)


def move_item(meeting: CaseMeeting, index: int, offset: int) -> CaseMeeting:
    items = list(meeting.items)
    target = index + offset
    if not (0 <= index < len(items) and 0 <= target < len(items)):
        return meeting
    items[index], items[target] = items[target], items[index]
    return replace(meeting, items=tuple(items))


@dataclass(frozen=True)
class ScheduledItem:
    item: AgendaItem
    starts_at: datetime
    ends_at: datetime


def schedule(meeting: CaseMeeting) -> list[ScheduledItem]:
    """Start and end time of each item from the time boxes, in agenda order."""
    start, out = meeting.starts_at, []
    for item in meeting.items:
        end = start + timedelta(minutes=max(item.time_box_minutes, 0))
        out.append(ScheduledItem(item, start, end))
        start = end
    return out


def total_time_box(meeting: CaseMeeting) -> int:
    return sum(max(i.time_box_minutes, 0) for i in meeting.items)


# --- who may see a name ---------------------------------------------------------------------------------------

def may_show_name(item: AgendaItem, audience: frozenset[str] | set[str], *, shared_screen: bool = False) -> bool:
    """True only where consent for a named discussion is recorded and covers every participant in `audience`.

    `audience` is the set of participant keys that will see the output (a document for all participants: all
    keys). A shared screen (meeting mode) never shows a name, consent or not."""
    if shared_screen or item.consent is None or item.case_state == CaseState.DELETED:
        return False
    return item.consent.covers(frozenset(audience))


# --- validation -----------------------------------------------------------------------------------------------

MAX_TIME_BOX = 180


def validate_meeting(meeting: CaseMeeting) -> list[str]:
    """Dutch messages: what is wrong and how to fix it. Empty = may be saved."""
    problems: list[str] = []
    if not meeting.purpose.strip():
        problems.append("Vul het doel van het overleg in (wat moet het overleg opleveren?).")
    if not meeting.chair.strip():
        problems.append("Vul in wie het overleg voorzit.")
    if not meeting.location.strip():
        problems.append("Vul de plaats in, of bij een online overleg hoe deelnemers inbellen.")
    if not 15 <= meeting.duration_minutes <= 8 * 60:
        problems.append("De duur van het overleg ligt tussen 15 minuten en 8 uur.")
    if meeting.kind == MeetingKind.WITH_PARTNERS and not any(
            p.role != ParticipantRole.CHAIR for p in meeting.participants):
        problems.append("Voeg minstens één deelnemende organisatie toe.")
    if any(not p.organisation.strip() for p in meeting.participants):
        problems.append("Elke deelnemer heeft een organisatie nodig.")
    pseudonyms = [i.pseudonym for i in meeting.items]
    if len(set(pseudonyms)) != len(pseudonyms):
        problems.append("Twee agendapunten hebben hetzelfde pseudoniem.")
    cases = [i.case_id for i in meeting.items if i.case_id is not None]
    if len(set(cases)) != len(cases):
        problems.append("Een casus staat twee keer op de agenda.")
    keys = meeting.participant_keys
    for item in meeting.items:
        problems += [f"{item.pseudonym}: {p}" for p in validate_item(item, keys, meeting.date)]
    return problems


def validate_item(item: AgendaItem, participant_keys: frozenset[str], meeting_date: date) -> list[str]:
    problems: list[str] = []
    if not 1 <= item.time_box_minutes <= MAX_TIME_BOX:
        problems.append(f"De tijd voor een agendapunt ligt tussen 1 en {MAX_TIME_BOX} minuten.")
    if item.consent is not None:
        problems += validate_consent(item.consent, participant_keys, meeting_date)
    for record in item.records:
        problems += validate_record(record, meeting_date)
    return problems


def validate_consent(consent: NamedDiscussionConsent, participant_keys: frozenset[str],
                     meeting_date: date) -> list[str]:
    problems: list[str] = []
    if consent.given_on > meeting_date:
        problems.append("De toestemming moet gegeven zijn vóór of op de dag van het overleg.")
    if not consent.scope.strip():
        problems.append("Beschrijf waarvoor de inwoner toestemming gaf (bijvoorbeeld: bespreking met naam in dit "
                        "overleg).")
    if not consent.participant_keys:
        problems.append("Kies met welke deelnemers de casus met naam besproken mag worden.")
    elif not consent.participant_keys <= participant_keys:
        problems.append("De toestemming noemt een deelnemer die niet (meer) aan dit overleg deelneemt.")
    return problems


def validate_record(record: ItemRecord, meeting_date: date | None = None) -> list[str]:
    problems: list[str] = []
    if not record.text.strip():
        problems.append(f"Vul de tekst van de {record.kind.label_nl.lower()} in.")
    if record.kind == RecordKind.ACTION:
        if record.owner is None:
            problems.append("Kies wie de actie uitvoert.")
        elif record.owner == ActionOwner.PARTNER and record.partner_id is None:
            problems.append("Kies de ketenpartner die de actie uitvoert.")
        if record.due is None:
            problems.append("Vul de datum in waarop de actie klaar moet zijn.")
        elif meeting_date is not None and record.due < meeting_date:
            problems.append("De einddatum van een actie ligt niet vóór de datum van het overleg.")
    elif record.owner is not None or record.due is not None or record.partner_id is not None:
        problems.append("Alleen een actie heeft een uitvoerder en een einddatum.")
    return problems


# --- minutes --------------------------------------------------------------------------------------------------

@dataclass(frozen=True)
class MinutesItem:
    item: AgendaItem
    agreements: tuple[ItemRecord, ...]
    actions: tuple[ItemRecord, ...]


def minutes(meeting: CaseMeeting) -> list[MinutesItem]:
    """Agreements and actions per item, in agenda order. Discussion points never reach the minutes."""
    return [MinutesItem(i, tuple(i.records_of(RecordKind.AGREEMENT)), tuple(i.records_of(RecordKind.ACTION)))
            for i in meeting.items]


# --- series ---------------------------------------------------------------------------------------------------

def _add_months(d: datetime, months: int) -> datetime:
    month0 = d.month - 1 + months
    year, month = d.year + month0 // 12, month0 % 12 + 1
    day = min(d.day, _calendar.monthrange(year, month)[1])
    return d.replace(year=year, month=month, day=day)


def next_occurrences(start: datetime, recurrence: Recurrence, count: int) -> list[datetime]:
    """The `count` occurrences after `start` (monthly: same day number, clamped to the month's last day)."""
    step = {Recurrence.WEEKLY: 7, Recurrence.BIWEEKLY: 14, Recurrence.FOUR_WEEKLY: 28}.get(recurrence)
    if step is not None:
        return [start + timedelta(days=step * n) for n in range(1, count + 1)]
    return [_add_months(start, n) for n in range(1, count + 1)]


def follow_up(meeting: CaseMeeting, starts_at: datetime) -> CaseMeeting:
    """The next meeting of a series: same purpose, chair, place and participating organisations (with new keys),
    an empty agenda — pseudonyms and consent never carry over from one meeting to the next."""
    participants = tuple(replace(p, key=new_participant_key(), id=None) for p in meeting.participants)
    return replace(meeting, starts_at=starts_at, participants=participants, items=(), status=MeetingStatus.PLANNED,
                   minutes_final=False, id=None)


# --- retention ------------------------------------------------------------------------------------------------

def retention_until(meeting: CaseMeeting, years: dict[MeetingRetention, int] | None = None) -> date:
    """The first day the agenda and minutes may be destroyed: the meeting date plus the retention term."""
    term = (years or DEFAULT_RETENTION_YEARS)[meeting.retention]
    d = meeting.date
    try:
        return d.replace(year=d.year + term)
    except ValueError:  # 29 February
        return d.replace(year=d.year + term, day=28)


def due_for_destruction(meetings: list[CaseMeeting], today: date,
                        years: dict[MeetingRetention, int] | None = None) -> list[CaseMeeting]:
    return [m for m in meetings if retention_until(m, years) <= today]
