"""Meeting bundles, result bundles and monitor figures between a coordinator and a team lead (migration 0013).

Coordinator side: which opaque item id stands for which agenda item (and so, through agenda_items.case_id, for
which case), and putting a result's agreements and actions into the cases. Team lead side: the received meeting
without any case, what the team lead records per item, and the received monitor figures. The callers (services/
team_meeting.py) hold the transaction and write the one audit entry.
"""
from __future__ import annotations

import json
from collections.abc import Iterable
from dataclasses import dataclass
from datetime import date, datetime, timezone

from ketenregie.domain.meetings import RecordKind
from ketenregie.domain.team.meeting_bundle import MeetingPayload, MonitorPayload, ResultAction
from ketenregie.store.database import Database


def _now() -> str:
    return datetime.now(timezone.utc).isoformat(timespec="seconds")


@dataclass(frozen=True)
class MatchedItem:
    item_uid: str
    position: int
    agenda_item_id: int
    case_id: int


@dataclass(frozen=True)
class TeamMeetingRow:
    """One line of the team lead's list of received meetings (no case data, no names)."""

    id: int
    starts_at: datetime
    purpose: str
    chair: str
    sender_fingerprint: str
    item_count: int
    finished: bool
    result_sent_at: str | None


@dataclass(frozen=True)
class TeamRecordRow:
    id: int
    item_id: int
    kind: str
    text: str
    owner: str | None
    partner_ref: int | None
    due: date | None


@dataclass(frozen=True)
class MonitorFigures:
    bundle_id: str
    sender_fingerprint: str
    period_start: date
    period_end: date
    title: str
    rows: list[list[str]]
    pdf: bytes
    received_at: str


class TeamMeetingRepository:
    def __init__(self, db: Database) -> None:
        self._db = db

    # --- coordinator: sent meeting bundles ------------------------------------------------------------------

    def record_meeting_sent(self, bundle_id: str, meeting_id: int, colleague_id: int,
                            items: Iterable[tuple[str, int, int]]) -> None:
        """`items`: (opaque item id, position, agenda item id)."""
        with self._db.transaction() as conn:
            conn.execute("INSERT INTO team_meeting_sent (bundle_id, meeting_id, colleague_id, created_at)"
                         " VALUES (?, ?, ?, ?)", (bundle_id, meeting_id, colleague_id, _now()))
            conn.executemany("INSERT INTO team_meeting_sent_items (item_uid, bundle_id, position, agenda_item_id)"
                             " VALUES (?, ?, ?, ?)", [(uid, bundle_id, pos, aid) for uid, pos, aid in items])

    def meeting_sent(self, bundle_id: str) -> tuple[int | None, int | None, str | None] | None:
        """(meeting id, colleague id, result time) of a meeting bundle this register sent, or None."""
        return self._db.query_one("SELECT meeting_id, colleague_id, result_at FROM team_meeting_sent"
                                  " WHERE bundle_id = ?", (bundle_id,))

    def sent_positions(self, bundle_id: str) -> dict[str, int]:
        return dict(self._db.query_all("SELECT item_uid, position FROM team_meeting_sent_items WHERE bundle_id = ?",
                                       (bundle_id,)))

    def matched_items(self, bundle_id: str) -> dict[str, MatchedItem]:
        """The items of a sent bundle that still lead to a case of this register: the agenda item still exists,
        its case still exists and was not handed over to a colleague."""
        rows = self._db.query_all(
            "SELECT s.item_uid, s.position, a.id, a.case_id FROM team_meeting_sent_items s"
            " JOIN agenda_items a ON a.id = s.agenda_item_id"
            " JOIN cases c ON c.id = a.case_id"
            " WHERE s.bundle_id = ? AND c.id NOT IN (SELECT case_id FROM case_handed_over)", (bundle_id,))
        return {r[0]: MatchedItem(r[0], r[1], r[2], r[3]) for r in rows}

    def meeting_starts_at(self, meeting_id: int) -> datetime | None:
        row = self._db.query_one("SELECT starts_at FROM meetings WHERE id = ?", (meeting_id,))
        return datetime.fromisoformat(row[0]) if row else None

    def partner_exists(self, partner_id: int) -> bool:
        return self._db.query_one("SELECT 1 FROM partners WHERE id = ?", (partner_id,)) is not None

    def add_result(self, item: MatchedItem, journal_day: date, meeting_day: date, agreements: Iterable[str],
                   actions: Iterable[ResultAction], today: date) -> tuple[int, int]:
        """Agreements -> journal entries and minutes records; actions -> case actions, journal entries and minutes
        records (as if recorded in meeting mode). Returns (agreements, actions) added."""
        stamp = _now()
        added_agreements = added_actions = 0
        with self._db.transaction() as conn:
            for text in agreements:
                text = text.strip()
                conn.execute("INSERT INTO journal_entries (case_id, entry_date, text, created_at) VALUES (?, ?, ?, ?)",
                             (item.case_id, journal_day.isoformat(),
                              f"Casuïstiekoverleg {meeting_day:%d-%m-%Y}: afspraak — {text}", stamp))
                conn.execute("INSERT INTO agenda_item_records (agenda_item_id, kind, text, created_at)"
                             " VALUES (?, ?, ?, ?)", (item.agenda_item_id, RecordKind.AGREEMENT.value, text, stamp))
                added_agreements += 1
            for action in actions:
                text = action.text.strip()
                action_id = conn.execute(
                    "INSERT INTO actions (case_id, description, owner, partner_id, due_date, status, done_on,"
                    " created_on) VALUES (?, ?, ?, ?, ?, 'open', NULL, ?)",
                    (item.case_id, text, action.owner, action.partner, action.due.isoformat(),
                     today.isoformat())).lastrowid
                conn.execute("INSERT INTO journal_entries (case_id, entry_date, text, created_at) VALUES (?, ?, ?, ?)",
                             (item.case_id, journal_day.isoformat(),
                              f"Casuïstiekoverleg {meeting_day:%d-%m-%Y}: actie afgesproken — {text}", stamp))
                conn.execute("INSERT INTO agenda_item_records (agenda_item_id, kind, text, owner, partner_id,"
                             " due_date, case_action_id, created_at) VALUES (?, ?, ?, ?, ?, ?, ?, ?)",
                             (item.agenda_item_id, RecordKind.ACTION.value, text, action.owner, action.partner,
                              action.due.isoformat(), action_id, stamp))
                added_actions += 1
            conn.execute("UPDATE cases SET updated_at = ? WHERE id = ?", (stamp, item.case_id))
        return added_agreements, added_actions

    def mark_meeting_held(self, meeting_id: int, held_at: str) -> bool:
        """The team lead held this planned meeting (its result came back): held, minutes final, stamped with the
        result's time; the agenda's cases were discussed, so their "voor overleg" marks go (as when the meeting is
        finished here; not on a case handed over since, which changes no more). A meeting that is not planned (held
        already, or cancelled) stays as it is. Returns whether it changed."""
        with self._db.transaction() as conn:
            changed = conn.execute(
                "UPDATE meetings SET status = 'held', minutes_final = 1, updated_at = ? WHERE id = ? AND status ="
                " 'planned'", (held_at, meeting_id)).rowcount
            if changed:
                conn.execute("DELETE FROM case_meeting_marks WHERE case_id IN (SELECT case_id FROM agenda_items"
                             " WHERE meeting_id = ? AND case_id IS NOT NULL) AND case_id NOT IN"
                             " (SELECT case_id FROM case_handed_over)", (meeting_id,))
        return bool(changed)

    def mark_result_imported(self, bundle_id: str) -> None:
        with self._db.transaction() as conn:
            conn.execute("UPDATE team_meeting_sent SET result_at = ? WHERE bundle_id = ?", (_now(), bundle_id))

    # --- team lead: received meetings -----------------------------------------------------------------------

    def add_team_meeting(self, bundle_id: str, sender_fingerprint: str, meeting: MeetingPayload) -> int:
        with self._db.transaction() as conn:
            meeting_id = conn.execute(
                "INSERT INTO team_meetings (bundle_id, sender_fingerprint, starts_at, duration_minutes, location,"
                " online, chair, purpose, kind, received_at) VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?)",
                (bundle_id, sender_fingerprint, meeting.starts_at.isoformat(timespec="minutes"),
                 meeting.duration_minutes, meeting.location, int(meeting.online), meeting.chair, meeting.purpose,
                 meeting.kind, _now())).lastrowid
            conn.executemany(
                "INSERT INTO team_meeting_participants (team_meeting_id, position, organisation, role, partner_ref)"
                " VALUES (?, ?, ?, ?, ?)",
                [(meeting_id, n, p.organisation, p.role, p.partner) for n, p in enumerate(meeting.participants)])
            conn.executemany(
                "INSERT INTO team_meeting_items (team_meeting_id, position, item_uid, pseudonym, heading, question,"
                " summary, time_box_minutes, status_note) VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?)",
                [(meeting_id, n, i.item_id, i.pseudonym, i.heading, i.question, i.summary, i.time_box_minutes,
                  i.status_note) for n, i in enumerate(meeting.items)])
        return meeting_id

    def team_meetings(self) -> list[TeamMeetingRow]:
        rows = self._db.query_all(
            "SELECT m.id, m.starts_at, m.purpose, m.chair, m.sender_fingerprint,"
            " (SELECT count(*) FROM team_meeting_items i WHERE i.team_meeting_id = m.id),"
            " m.finished_at IS NOT NULL, m.result_sent_at FROM team_meetings m ORDER BY m.starts_at DESC, m.id DESC")
        return [TeamMeetingRow(r[0], datetime.fromisoformat(r[1]), r[2], r[3], r[4], r[5], bool(r[6]), r[7])
                for r in rows]

    def team_meeting(self, meeting_id: int) -> tuple | None:
        """(bundle id, sender fingerprint, starts_at, duration, location, online, chair, purpose, kind,
        finished_at, result_sent_at)."""
        return self._db.query_one(
            "SELECT bundle_id, sender_fingerprint, starts_at, duration_minutes, location, online, chair, purpose,"
            " kind, finished_at, result_sent_at FROM team_meetings WHERE id = ?", (meeting_id,))

    def team_participants(self, meeting_id: int) -> list[tuple[int, str, str, int | None]]:
        return self._db.query_all("SELECT id, organisation, role, partner_ref FROM team_meeting_participants"
                                  " WHERE team_meeting_id = ? ORDER BY position", (meeting_id,))

    def team_items(self, meeting_id: int) -> list[tuple]:
        """(id, item uid, pseudonym, heading, question, summary, time box, status note) in agenda order."""
        return self._db.query_all(
            "SELECT id, item_uid, pseudonym, heading, question, summary, time_box_minutes, status_note"
            " FROM team_meeting_items WHERE team_meeting_id = ? ORDER BY position", (meeting_id,))

    def team_records(self, meeting_id: int) -> list[TeamRecordRow]:
        rows = self._db.query_all(
            "SELECT r.id, r.item_id, r.kind, r.text, r.owner, r.partner_ref, r.due_date FROM team_meeting_records r"
            " JOIN team_meeting_items i ON i.id = r.item_id WHERE i.team_meeting_id = ? ORDER BY r.id",
            (meeting_id,))
        return [TeamRecordRow(r[0], r[1], r[2], r[3], r[4], r[5], date.fromisoformat(r[6]) if r[6] else None)
                for r in rows]

    def item_belongs(self, meeting_id: int, item_id: int) -> bool:
        return self._db.query_one("SELECT 1 FROM team_meeting_items WHERE id = ? AND team_meeting_id = ?",
                                  (item_id, meeting_id)) is not None

    def add_team_record(self, item_id: int, kind: str, text: str, owner: str | None, partner_ref: int | None,
                        due: date | None) -> int:
        with self._db.transaction() as conn:
            return conn.execute(
                "INSERT INTO team_meeting_records (item_id, kind, text, owner, partner_ref, due_date, created_at)"
                " VALUES (?, ?, ?, ?, ?, ?, ?)",
                (item_id, kind, text, owner, partner_ref, due.isoformat() if due else None, _now())).lastrowid

    def delete_team_record(self, meeting_id: int, record_id: int) -> bool:
        with self._db.transaction() as conn:
            return bool(conn.execute(
                "DELETE FROM team_meeting_records WHERE id = ? AND item_id IN"
                " (SELECT id FROM team_meeting_items WHERE team_meeting_id = ?)", (record_id, meeting_id)).rowcount)

    def finish_team_meeting(self, meeting_id: int) -> bool:
        with self._db.transaction() as conn:
            return bool(conn.execute("UPDATE team_meetings SET finished_at = coalesce(finished_at, ?) WHERE id = ?",
                                     (_now(), meeting_id)).rowcount)

    def mark_result_sent(self, meeting_id: int, result_bundle_id: str) -> None:
        with self._db.transaction() as conn:
            conn.execute("UPDATE team_meetings SET result_bundle_id = ?, result_sent_at = ?,"
                         " finished_at = coalesce(finished_at, ?) WHERE id = ?",
                         (result_bundle_id, _now(), _now(), meeting_id))

    def team_meeting_stubs(self) -> list[tuple[int, datetime, str]]:
        """(id, starts_at, kind code) of every received meeting, for the retention rule."""
        return [(r[0], datetime.fromisoformat(r[1]), r[2])
                for r in self._db.query_all("SELECT id, starts_at, kind FROM team_meetings")]

    def delete_team_meetings(self, meeting_ids: Iterable[int]) -> int:
        with self._db.transaction() as conn:
            return sum(conn.execute("DELETE FROM team_meetings WHERE id = ?", (mid,)).rowcount for mid in meeting_ids)

    # --- team lead: monitor figures -------------------------------------------------------------------------

    def add_monitor_figures(self, bundle_id: str, sender_fingerprint: str, figures: MonitorPayload) -> None:
        with self._db.transaction() as conn:
            conn.execute(
                "INSERT INTO team_monitor_figures (bundle_id, sender_fingerprint, period_start, period_end, title,"
                " rows, pdf, received_at) VALUES (?, ?, ?, ?, ?, ?, ?, ?)",
                (bundle_id, sender_fingerprint, figures.period_start.isoformat(), figures.period_end.isoformat(),
                 figures.title, json.dumps([list(r) for r in figures.rows], ensure_ascii=False), figures.pdf,
                 _now()))

    def monitor_figures(self) -> list[MonitorFigures]:
        rows = self._db.query_all("SELECT bundle_id, sender_fingerprint, period_start, period_end, title, rows, pdf,"
                                  " received_at FROM team_monitor_figures ORDER BY received_at DESC, period_end DESC")
        return [MonitorFigures(r[0], r[1], date.fromisoformat(r[2]), date.fromisoformat(r[3]), r[4],
                               json.loads(r[5]), bytes(r[6]), r[7]) for r in rows]
