"""Meetings (casuïstiekoverleg) in the register: plan, fill the agenda, record in the meeting, finish the minutes.

The mapping pseudonym -> case lives only here (agenda_items.case_id). Every user action is one transaction with
audit entries that carry references only ("meeting:12", "case:2026-0042"). An action agreed in the meeting goes,
in the same transaction, into the case's action list and its journal (the case timeline) through the case
repository, so the case shows it exactly like an action entered on the case itself.

A meeting whose case was closed or deleted still opens: the item's `case_state` says CLOSED or DELETED
(case_id became NULL by ON DELETE SET NULL) and nothing about the case is needed to show the item.
"""
from __future__ import annotations

from collections.abc import Callable, Iterable, Sequence
from dataclasses import dataclass, replace
from datetime import date, datetime, timezone

from ketenregie.domain.audit import AuditAction
from ketenregie.domain.calendar import AtwCalendar
from ketenregie.domain.cases import Action, ActionOwner, Case, JournalEntry, Phase
from ketenregie.domain.meetings import (AgendaItem, CaseMeeting, CaseState, ItemRecord, MeetingKind,
                                        MeetingRetention, MeetingStatus, NamedDiscussionConsent, Participant,
                                        ParticipantRole, RecordKind, Recurrence, Series, add_cases,
                                        may_show_name, validate_meeting, validate_record)
from ketenregie.domain.pseudonymised_summary import ALL_FACTS, SummaryFact, check_summary, summarise
from ketenregie.domain.pseudonyms import PseudonymStyle
from ketenregie.domain.terms import terms_unsure
from ketenregie.store.audit_log import AuditLog
from ketenregie.store.case_repository import CaseRepository
from ketenregie.store.case_guard import refuse_handed_over
from ketenregie.store.database import Database
from ketenregie.store.errors import StoreError


class MeetingNotFound(StoreError):
    user_message = "Dit overleg bestaat niet (meer). Vernieuw de lijst met overleggen."


class MeetingValidationError(StoreError):
    """Dutch problems, each saying what is wrong and how to fix it; nothing was saved."""

    user_message = "Het overleg is niet opgeslagen."

    def __init__(self, problems: Sequence[str]) -> None:
        super().__init__(" ".join(problems))
        self.problems = list(problems)
        self.user_message = "\n".join(problems)


@dataclass(frozen=True)
class MeetingRow:
    """One line of the meeting list (no case data)."""

    id: int
    starts_at: datetime
    purpose: str
    kind: MeetingKind
    status: MeetingStatus
    item_count: int
    online: bool
    location: str
    minutes_final: bool


@dataclass(frozen=True)
class CaseCandidate:
    """A case that can be put on an agenda (for the planning dialog; the UI applies privacy mode to the name)."""

    case_id: int
    case_number: str
    name: str
    phase: Phase
    marked: bool
    question: str

    def __repr__(self) -> str:
        return f"CaseCandidate({self.case_number})"


@dataclass(frozen=True)
class RecordOutcome:
    record_id: int
    case_action_id: int | None  # None when the case no longer exists (the action is only in the minutes)


def _iso(value: date | None) -> str | None:
    return value.isoformat() if value is not None else None


def _date(text: str | None) -> date | None:
    return date.fromisoformat(text) if text else None


class MeetingRepository:
    def __init__(self, db: Database, audit: AuditLog, *, cases: CaseRepository | None = None,
                 clock: Callable[[], date] = date.today,
                 now: Callable[[], datetime] = lambda: datetime.now(timezone.utc),
                 calendar: AtwCalendar | None = None) -> None:
        self._db = db
        self._audit = audit
        self._clock = clock
        self._now = now
        self._cases = cases or CaseRepository(db, audit, clock=clock, now=now)
        self._calendar = calendar or AtwCalendar()

    def _stamp(self) -> str:
        return self._now().astimezone(timezone.utc).isoformat(timespec="seconds")

    # --- the list -----------------------------------------------------------------------------------------------

    def list_meetings(self) -> list[MeetingRow]:
        rows = self._db.query_all(
            "SELECT m.id, m.starts_at, m.purpose, m.kind, m.status, "
            "(SELECT count(*) FROM agenda_items a WHERE a.meeting_id = m.id), m.online, m.location, m.minutes_final "
            "FROM meetings m ORDER BY m.starts_at DESC, m.id DESC")
        return [MeetingRow(r[0], datetime.fromisoformat(r[1]), r[2], MeetingKind.from_code(r[3]),
                           MeetingStatus.from_code(r[4]), r[5], bool(r[6]), r[7], bool(r[8])) for r in rows]

    # --- saving -------------------------------------------------------------------------------------------------

    def save(self, meeting: CaseMeeting) -> int:
        """Create or update a meeting with its participants and agenda items (records are added with `record`).
        Returns the id. One transaction, one audit entry (CREATE or UPDATE meeting:N)."""
        problems = validate_meeting(meeting)
        problems += self._final_summary_problems(meeting)
        if problems:
            raise MeetingValidationError(problems)
        with self._db.transaction() as conn:
            series_id = self._save_series(conn, meeting.series)
            values = (series_id, meeting.starts_at.isoformat(timespec="minutes"), meeting.duration_minutes,
                      meeting.location.strip(), int(meeting.online), meeting.chair.strip(), meeting.purpose.strip(),
                      meeting.kind.value, meeting.status.value, meeting.pseudonym_style.value,
                      int(meeting.minutes_final), self._stamp())
            if meeting.id is None:
                meeting_id = conn.execute(
                    "INSERT INTO meetings (series_id, starts_at, duration_minutes, location, online, chair, purpose, "
                    "kind, status, pseudonym_style, minutes_final, updated_at) VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, "
                    "?, ?)", values).lastrowid
                action = AuditAction.CREATE
            else:
                meeting_id = meeting.id
                changed = conn.execute(
                    "UPDATE meetings SET series_id = ?, starts_at = ?, duration_minutes = ?, location = ?, "
                    "online = ?, chair = ?, purpose = ?, kind = ?, status = ?, pseudonym_style = ?, "
                    "minutes_final = ?, updated_at = ? WHERE id = ?", (*values, meeting_id)).rowcount
                if not changed:
                    raise MeetingNotFound()
                action = AuditAction.UPDATE
            participant_ids = self._sync_participants(conn, meeting_id, meeting.participants)
            self._sync_items(conn, meeting_id, meeting.items, participant_ids)
            self._audit.record(action, f"meeting:{meeting_id}")
        return meeting_id

    def _final_summary_problems(self, meeting: CaseMeeting) -> list[str]:
        """A summary (and question) made final must pass the identifying-content guard against its own case."""
        problems = []
        for item in meeting.items:
            if not item.summary_final:
                continue
            case = self._case_by_id(item.case_id) if item.case_id is not None else None
            found = check_summary(item.question + "\n" + item.summary, case)
            problems += [f"{item.pseudonym}: {p.message_nl}" for p in found]
        return problems

    def _save_series(self, conn, series: Series | None) -> int | None:
        if series is None:
            return None
        if series.id is not None:
            conn.execute("UPDATE meeting_series SET recurrence = ?, title = ? WHERE id = ?",
                         (series.recurrence.value, series.title, series.id))
            return series.id
        return conn.execute("INSERT INTO meeting_series (recurrence, title) VALUES (?, ?)",
                            (series.recurrence.value, series.title)).lastrowid

    def _sync_participants(self, conn, meeting_id: int, participants: Iterable[Participant]) -> dict[str, int]:
        existing = {key: pid for pid, key in conn.execute(
            "SELECT id, key FROM meeting_participants WHERE meeting_id = ?", (meeting_id,))}
        ids: dict[str, int] = {}
        for position, p in enumerate(participants):
            values = (position, p.organisation.strip(), p.role.value, p.partner_id)
            if p.key in existing:
                conn.execute("UPDATE meeting_participants SET position = ?, organisation = ?, role = ?, "
                             "partner_id = ? WHERE id = ?", (*values, existing[p.key]))
                ids[p.key] = existing[p.key]
            else:
                ids[p.key] = conn.execute(
                    "INSERT INTO meeting_participants (meeting_id, key, position, organisation, role, partner_id) "
                    "VALUES (?, ?, ?, ?, ?, ?)", (meeting_id, p.key, *values)).lastrowid
        for key, pid in existing.items():
            if key not in ids:
                conn.execute("DELETE FROM meeting_participants WHERE id = ?", (pid,))
        return ids

    def _sync_items(self, conn, meeting_id: int, items: Iterable[AgendaItem], participant_ids: dict[str, int]) -> None:
        existing = {row[0] for row in conn.execute("SELECT id FROM agenda_items WHERE meeting_id = ?", (meeting_id,))}
        kept: set[int] = set()
        # Positions and pseudonyms are unique per meeting: park the existing ones first so a reorder cannot clash.
        conn.execute("UPDATE agenda_items SET position = -id WHERE meeting_id = ?", (meeting_id,))
        for position, item in enumerate(items):
            consent = item.consent
            values = (position, item.question.strip(), item.summary.strip(), int(item.summary_final),
                      item.time_box_minutes, _iso(consent.given_on) if consent else None,
                      consent.scope.strip() if consent else None)
            if item.id is not None and item.id in existing:
                conn.execute("UPDATE agenda_items SET position = ?, question = ?, summary = ?, summary_final = ?, "
                             "time_box_minutes = ?, consent_given_on = ?, consent_scope = ? WHERE id = ?",
                             (*values, item.id))
                item_id = item.id
            elif item.id is None:
                refuse_handed_over(conn, item.case_id)
                item_id = conn.execute(
                    "INSERT INTO agenda_items (meeting_id, position, question, summary, summary_final, "
                    "time_box_minutes, consent_given_on, consent_scope, pseudonym, case_id) "
                    "VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?)",
                    (meeting_id, *values, item.pseudonym, item.case_id)).lastrowid
            else:
                raise MeetingValidationError(["Een agendapunt hoort niet (meer) bij dit overleg. Open het overleg "
                                              "opnieuw."])
            kept.add(item_id)
            conn.execute("DELETE FROM agenda_item_consent_participants WHERE agenda_item_id = ?", (item_id,))
            if consent is not None:
                for key in sorted(consent.participant_keys):
                    conn.execute("INSERT INTO agenda_item_consent_participants (agenda_item_id, participant_id) "
                                 "VALUES (?, ?)", (item_id, participant_ids[key]))
        for item_id in existing - kept:
            conn.execute("DELETE FROM agenda_items WHERE id = ?", (item_id,))

    def delete(self, meeting_id: int) -> None:
        with self._db.transaction() as conn:
            if not conn.execute("DELETE FROM meetings WHERE id = ?", (meeting_id,)).rowcount:
                raise MeetingNotFound()
            self._audit.record(AuditAction.DELETE, f"meeting:{meeting_id}")

    # --- reading ------------------------------------------------------------------------------------------------

    def get(self, meeting_id: int, *, audit: bool = True) -> CaseMeeting:
        with self._db.transaction():
            meeting = self._load(meeting_id)
            if audit:
                self._audit.record(AuditAction.VIEW, f"meeting:{meeting_id}")
        return meeting

    def _load(self, meeting_id: int) -> CaseMeeting:
        db = self._db
        row = db.query_one(
            "SELECT m.starts_at, m.duration_minutes, m.location, m.online, m.chair, m.purpose, m.kind, m.status, "
            "m.pseudonym_style, m.minutes_final, s.id, s.recurrence, s.title FROM meetings m "
            "LEFT JOIN meeting_series s ON s.id = m.series_id WHERE m.id = ?", (meeting_id,))
        if row is None:
            raise MeetingNotFound()
        (starts, duration, location, online, chair, purpose, kind, status, style, final, series_id, recurrence,
         title) = row
        participants = db.query_all("SELECT id, key, organisation, role, partner_id FROM meeting_participants "
                                    "WHERE meeting_id = ? ORDER BY position", (meeting_id,))
        key_by_id = {pid: key for pid, key, *_ in participants}
        items = db.query_all(
            "SELECT a.id, a.pseudonym, a.case_id, a.question, a.summary, a.summary_final, a.time_box_minutes, "
            "a.consent_given_on, a.consent_scope, c.phase FROM agenda_items a LEFT JOIN cases c ON c.id = a.case_id "
            "WHERE a.meeting_id = ? ORDER BY a.position", (meeting_id,))
        consent_rows = db.query_all(
            "SELECT cp.agenda_item_id, cp.participant_id FROM agenda_item_consent_participants cp "
            "JOIN agenda_items a ON a.id = cp.agenda_item_id WHERE a.meeting_id = ?", (meeting_id,))
        record_rows = db.query_all(
            "SELECT r.id, r.agenda_item_id, r.kind, r.text, r.owner, r.partner_id, r.due_date, r.case_action_id "
            "FROM agenda_item_records r JOIN agenda_items a ON a.id = r.agenda_item_id WHERE a.meeting_id = ? "
            "ORDER BY r.id", (meeting_id,))
        covered: dict[int, set[str]] = {}
        for item_id, pid in consent_rows:
            covered.setdefault(item_id, set()).add(key_by_id[pid])
        records: dict[int, list[ItemRecord]] = {}
        for rid, item_id, record_kind, text, owner, partner_id, due, action_id in record_rows:
            records.setdefault(item_id, []).append(ItemRecord(
                RecordKind.from_code(record_kind), text, ActionOwner.from_code(owner) if owner else None, partner_id,
                _date(due), action_id, rid))
        agenda = []
        for item_id, pseudonym, case_id, question, summary, s_final, box, given_on, scope, phase in items:
            state = (CaseState.DELETED if case_id is None
                     else CaseState.CLOSED if phase == Phase.CLOSED.value else CaseState.ACTIVE)
            consent = (NamedDiscussionConsent(date.fromisoformat(given_on), scope,
                                              frozenset(covered.get(item_id, ()))) if given_on else None)
            agenda.append(AgendaItem(pseudonym, question, summary, bool(s_final), box, consent, case_id, state,
                                     tuple(records.get(item_id, ())), item_id))
        return CaseMeeting(
            starts_at=datetime.fromisoformat(starts), purpose=purpose, chair=chair, location=location,
            online=bool(online), duration_minutes=duration, kind=MeetingKind.from_code(kind),
            status=MeetingStatus.from_code(status), pseudonym_style=PseudonymStyle(style),
            participants=tuple(Participant(org, ParticipantRole.from_code(role), partner_id, key, pid)
                               for pid, key, org, role, partner_id in participants),
            items=tuple(agenda),
            series=Series(Recurrence.from_code(recurrence), title, series_id) if series_id is not None else None,
            minutes_final=bool(final), id=meeting_id)

    # --- cases on the agenda --------------------------------------------------------------------------------------

    def candidates(self, *, include_closed: bool = False) -> list[CaseCandidate]:
        """Cases that can be put on an agenda; marked ("voor overleg") cases first."""
        # issue 14: a handed-over case is no longer this register's case
        where = "WHERE c.id NOT IN (SELECT case_id FROM case_handed_over)"
        where += "" if include_closed else " AND c.phase <> 'closed'"
        rows = self._db.query_all(
            "SELECT c.id, c.case_number, h.name, c.phase, m.case_id IS NOT NULL, coalesce(m.question, '') "
            "FROM cases c JOIN households h ON h.case_id = c.id LEFT JOIN case_meeting_marks m ON m.case_id = c.id "
            f"{where} ORDER BY m.case_id IS NULL, c.case_number")
        return [CaseCandidate(r[0], r[1], r[2], Phase.from_code(r[3]), bool(r[4]), r[5]) for r in rows]

    def mark_for_meeting(self, case_number: str, question: str = "") -> None:
        """Mark a case "voor overleg" with the question for the next meeting (again: replaces the question)."""
        with self._db.transaction() as conn:
            case_id = self._case_id(conn, case_number)
            refuse_handed_over(conn, case_id)  # issue 14 (a cover copy may be discussed: decisions travel back)
            conn.execute("INSERT INTO case_meeting_marks (case_id, question, marked_on) VALUES (?, ?, ?) "
                         "ON CONFLICT (case_id) DO UPDATE SET question = excluded.question",
                         (case_id, question.strip(), self._clock().isoformat()))
            self._audit.record(AuditAction.UPDATE, f"case:{case_number}")

    def unmark(self, case_number: str) -> None:
        with self._db.transaction() as conn:
            case_id = self._case_id(conn, case_number)
            conn.execute("DELETE FROM case_meeting_marks WHERE case_id = ?", (case_id,))
            self._audit.record(AuditAction.UPDATE, f"case:{case_number}")

    def marked_case_ids(self) -> list[int]:
        return [r[0] for r in self._db.query_all("SELECT case_id FROM case_meeting_marks ORDER BY marked_on, case_id")]

    def add_cases(self, meeting: CaseMeeting, case_ids: Sequence[int], *,
                  facts: Iterable[SummaryFact] = ALL_FACTS, time_box_minutes: int = 15) -> CaseMeeting:
        """The meeting with these cases added (not saved yet): each gets a fresh random pseudonym, the question
        from its "voor overleg" mark, and a generated pseudonymised summary to edit before it is final."""
        for case_id in case_ids:
            refuse_handed_over(self._db, case_id)  # issue 14: no longer this register's case
        before = {i.pseudonym for i in meeting.items}
        meeting = add_cases(meeting, list(case_ids), time_box_minutes=time_box_minutes)
        marks = dict(self._db.query_all("SELECT case_id, question FROM case_meeting_marks"))
        items = []
        for item in meeting.items:
            if item.pseudonym not in before and item.case_id is not None:
                item = replace(item, question=marks.get(item.case_id, ""),
                               summary=self.generate_summary(item.case_id, meeting.date, facts))
            items.append(item)
        return replace(meeting, items=tuple(items))

    def generate_summary(self, case_id: int, on: date, facts: Iterable[SummaryFact] = ALL_FACTS) -> str:
        case = self._case_by_id(case_id)
        if case is None:
            return ""
        names = dict(self._db.query_all("SELECT id, name FROM partners"))
        terms = case.terms(on, calendar=self._calendar) if not case.is_closed else []
        unsure = terms_unsure(case.help_request_date, terms, calendar=self._calendar)
        return summarise(case, on=on, facts=facts, partner_names=names, terms=terms, terms_unsure=unsure).text

    def _case_by_id(self, case_id: int) -> Case | None:
        row = self._db.query_one("SELECT case_number FROM cases WHERE id = ?", (case_id,))
        return self._cases.get(row[0], audit=False) if row else None

    @staticmethod
    def _case_id(conn, case_number: str) -> int:
        row = conn.execute("SELECT id FROM cases WHERE case_number = ?", (case_number,)).fetchone()
        if row is None:
            from ketenregie.store.case_repository import CaseNotFound

            raise CaseNotFound()
        return row[0]

    # --- in the meeting -----------------------------------------------------------------------------------------

    def record(self, meeting_id: int, item_id: int, record: ItemRecord) -> RecordOutcome:
        """Record a discussion point, agreement or action for an agenda item. An action also lands in the case's
        action list, and agreements and actions in the case's journal (timeline) — in the same transaction."""
        if record.id is not None:
            raise ValueError("a new record has no id yet")
        with self._db.transaction() as conn:
            row = conn.execute(
                "SELECT m.starts_at, a.case_id, c.case_number FROM agenda_items a JOIN meetings m ON m.id = "
                "a.meeting_id LEFT JOIN cases c ON c.id = a.case_id WHERE a.id = ? AND a.meeting_id = ?",
                (item_id, meeting_id)).fetchone()
            if row is None:
                raise MeetingNotFound()
            meeting_day = datetime.fromisoformat(row[0]).date()
            problems = validate_record(record, meeting_day)
            # Records are shown on the shared screen and go into the minutes: no name, number or identifier.
            case = self._case_by_id(row[1]) if row[1] is not None else None
            problems += [p.message_nl.replace("De samenvatting", "De tekst")
                         for p in check_summary(record.text, case)]
            if problems:
                raise MeetingValidationError(problems)
            case_number = row[2]
            refuse_handed_over(conn, row[1])  # issue 14: also a discussion point only
            action_id = None
            if case_number is not None and record.kind != RecordKind.DISCUSSION:
                journal_day = min(meeting_day, self._clock())
                if record.kind == RecordKind.ACTION:
                    action_id = self._cases.add_action(case_number, Action(
                        record.text.strip(), record.owner, record.partner_id, record.due))
                    text = f"Casuïstiekoverleg {meeting_day:%d-%m-%Y}: actie afgesproken — {record.text.strip()}"
                else:
                    text = f"Casuïstiekoverleg {meeting_day:%d-%m-%Y}: afspraak — {record.text.strip()}"
                self._cases.add_journal_entry(case_number, JournalEntry(journal_day, text))
            record_id = conn.execute(
                "INSERT INTO agenda_item_records (agenda_item_id, kind, text, owner, partner_id, due_date, "
                "case_action_id, created_at) VALUES (?, ?, ?, ?, ?, ?, ?, ?)",
                (item_id, record.kind.value, record.text.strip(), record.owner.value if record.owner else None,
                 record.partner_id, _iso(record.due), action_id, self._stamp())).lastrowid
            self._audit.record(AuditAction.UPDATE, f"meeting:{meeting_id}")
        return RecordOutcome(record_id, action_id)

    def delete_record(self, meeting_id: int, record_id: int) -> None:
        """Remove a record; an action it created in the case is cancelled there (not deleted: the case keeps its
        history)."""
        from ketenregie.domain.cases import ActionStatus

        with self._db.transaction() as conn:
            row = conn.execute(
                "SELECT r.case_action_id, c.case_number FROM agenda_item_records r JOIN agenda_items a ON a.id = "
                "r.agenda_item_id LEFT JOIN cases c ON c.id = a.case_id WHERE r.id = ? AND a.meeting_id = ?",
                (record_id, meeting_id)).fetchone()
            if row is None:
                raise MeetingNotFound()
            action_id, case_number = row
            if action_id is not None and case_number is not None:
                self._cases.set_action_status(case_number, action_id, ActionStatus.CANCELLED)
            conn.execute("DELETE FROM agenda_item_records WHERE id = ?", (record_id,))
            self._audit.record(AuditAction.UPDATE, f"meeting:{meeting_id}")

    def finish(self, meeting_id: int) -> None:
        """The meeting was held and its minutes are final."""
        with self._db.transaction() as conn:
            changed = conn.execute("UPDATE meetings SET status = ?, minutes_final = 1, updated_at = ? WHERE id = ?",
                                   (MeetingStatus.HELD.value, self._stamp(), meeting_id)).rowcount
            if not changed:
                raise MeetingNotFound()
            conn.execute("DELETE FROM case_meeting_marks WHERE case_id IN "
                         "(SELECT case_id FROM agenda_items WHERE meeting_id = ? AND case_id IS NOT NULL)",
                         (meeting_id,))
            self._audit.record(AuditAction.UPDATE, f"meeting:{meeting_id}")

    # --- documents ----------------------------------------------------------------------------------------------

    def names_for_document(self, meeting: CaseMeeting, audience: frozenset[str] | None = None) -> dict[str, str]:
        """pseudonym -> resident name, only for items whose consent covers the whole audience (None = all
        participants). Everything else stays a pseudonym; the documents apply the same rule again."""
        keys = meeting.participant_keys if audience is None else frozenset(audience)
        names = {}
        for item in meeting.items:
            if item.case_id is not None and may_show_name(item, keys):
                row = self._db.query_one("SELECT name FROM households WHERE case_id = ?", (item.case_id,))
                if row:
                    names[item.pseudonym] = row[0]
        return names

    def residents(self, meeting: CaseMeeting) -> dict[int, tuple]:
        """agenda item id -> (household, case number) of its case, for the outgoing-text rule (register only)."""
        found = {}
        for item in meeting.items:
            if item.id is not None and item.case_id is not None:
                case = self._case_by_id(item.case_id)
                if case is not None:
                    found[item.id] = (case.household, case.case_number)
        return found

    def partner_names(self) -> dict[int, str]:
        return dict(self._db.query_all("SELECT id, name FROM partners"))

    def log_document(self, meeting_id: int, kind: str) -> None:
        """One PRINT audit entry per agenda/minutes produced ("meeting:12", kind in the result is not allowed, so
        the kind goes into the reference)."""
        self._audit.record(AuditAction.PRINT, f"meeting:{meeting_id}.{kind}")
