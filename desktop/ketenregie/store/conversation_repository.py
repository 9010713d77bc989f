"""Conversations in the register: drafts saved after every change, finishing, reading back, progress.

- `start` creates a draft (audit CREATE, reference "conversation:2026-0042.7");
- `save_draft` stores the whole draft — kind, stage and position, ticks and notes, placements, goals and steps
  (with their owner: resident, ketenregisseur or a partner), recognitions, the "Meenemen / opsturen" documents
  (0006) — in one transaction. It is called after every change in conversation mode, so it is not audited
  (the audit log would fill with keystrokes); opening a draft to resume it is (VIEW);
- `finish` checks `domain.conversations.finish_problems`, then in ONE transaction: an intake records the case's
  first conversation (date; Aanmelding moves to Intake), so the Wgs term stops; every goal step becomes an
  action of the case (through CaseRepository, so the case's own validation and partner checks apply), every
  recognised step's action is marked done, a journal entry puts the conversation in the case's timeline (counts
  only, no content), and the conversation is marked finished (audit UPDATE). If anything fails, nothing is saved.
- `delete_draft` removes a draft (audit DELETE); a finished conversation is kept with its case.

Errors: `ConversationNotFound`, `domain.conversations.ConversationError` (Dutch, says what to fix), and the case
repository's `CaseNotFound` / `CaseValidationError`.
"""
from __future__ import annotations

import json
from collections.abc import Callable
from dataclasses import dataclass
from datetime import date, datetime, timezone
from types import MappingProxyType

from ketenregie.domain.audit import AuditAction
from ketenregie.domain.bridge import Bridge, BridgeProgress, bridge_progress
from ketenregie.domain.cases import Action, ActionOwner, ActionStatus, JournalEntry
from ketenregie.domain.conversations import (ChecklistTick, Conversation, ConversationError, ConversationKind,
                                             ConversationStatus, Goal, GoalStep, OpenStep, Recognition, Stage,
                                             finish_problems, intake_problems, intake_records_first_conversation,
                                             progress_snapshots, validate_draft)
from ketenregie.store.audit_log import AuditLog
from ketenregie.store.case_repository import CaseNotFound, CaseRepository
from ketenregie.store.case_guard import refuse_read_only
from ketenregie.store.database import Database
from ketenregie.store.errors import StoreError


class ConversationNotFound(StoreError):
    user_message = "Dit gesprek bestaat niet (meer)."


@dataclass(frozen=True, slots=True)
class DraftInfo:
    """A draft to resume: enough to show "Verder met het gesprek van ..." without loading it."""

    conversation_id: int
    case_number: str
    kind: ConversationKind
    held_on: date
    stage: Stage
    updated_at: datetime


@dataclass(frozen=True, slots=True)
class FinishResult:
    action_ids: tuple[int, ...]
    recognised: int
    journal_entry_id: int


def conversation_ref(case_number: str, conversation_id: int) -> str:
    return f"conversation:{case_number}.{conversation_id}"


def _iso(value: date | None) -> str | None:
    return value.isoformat() if value is not None else None


def _date(text: str | None) -> date | None:
    return date.fromisoformat(text) if text else None


_HEAD_COLUMNS = ("kind", "held_on", "status", "stage", "position", "participants", "next_appointment",
                 "next_appointment_place", "contact_name", "contact_phone", "decision_discussed", "documents")


class ConversationRepository:
    def __init__(self, db: Database, audit: AuditLog, *, cases: CaseRepository | None = None,
                 clock: Callable[[], date] = date.today,
                 now: Callable[[], datetime] = lambda: datetime.now(timezone.utc)) -> None:
        self._db = db
        self._audit = audit
        self._clock = clock
        self._now = now
        self._cases = cases or CaseRepository(db, audit, clock=clock, now=now)

    def _stamp(self) -> str:
        return self._now().astimezone(timezone.utc).isoformat(timespec="seconds")

    # --- drafts -----------------------------------------------------------------------------------------------

    def start(self, case_number: str, kind: ConversationKind = ConversationKind.INTAKE, *,
              held_on: date | None = None, contact_name: str | None = None) -> Conversation:
        """A new draft for the case (audit CREATE). The contact name defaults to the one of the last conversation."""
        held_on = held_on or self._clock()
        name, phone = self.last_contact() if contact_name is None else (contact_name, "")
        with self._db.transaction() as conn:
            case_id = self._case_id(case_number)
            refuse_read_only(conn, case_id)  # issue 14: handed over, or a cover copy
            stamp = self._stamp()
            conversation_id = conn.execute(
                "INSERT INTO conversations (case_id, kind, held_on, contact_name, contact_phone, created_at, "
                "updated_at) VALUES (?, ?, ?, ?, ?, ?, ?)",
                (case_id, kind.value, held_on.isoformat(), name, phone, stamp, stamp)).lastrowid
            self._audit.record(AuditAction.CREATE, conversation_ref(case_number, conversation_id))
        return self._load(conversation_id)

    def save_draft(self, conversation: Conversation) -> Conversation:
        """Store the whole draft (one transaction; not audited: it runs after every change). Returns it with ids."""
        if conversation.id is None:
            raise ValueError("save_draft needs a started conversation (use start)")
        validate_draft(conversation)
        with self._db.transaction() as conn:
            row = conn.execute("SELECT status, case_id FROM conversations WHERE id = ?",
                               (conversation.id,)).fetchone()
            if row is None:
                raise ConversationNotFound()
            if row[0] != ConversationStatus.DRAFT.value:
                raise ConversationError("Dit gesprek is al afgerond en kan niet meer worden gewijzigd.")
            if row[1] != conversation.case_id:
                raise ConversationError("Dit gesprek hoort bij een andere casus.")
            refuse_read_only(conn, row[1])
            self._check_recognitions(conn, conversation)
            conn.execute(
                f"UPDATE conversations SET {', '.join(c + ' = ?' for c in _HEAD_COLUMNS)}, updated_at = ? "
                "WHERE id = ?", (*self._head_values(conversation), self._stamp(), conversation.id))
            self._write_children(conn, conversation)
        return self._load(conversation.id)

    def _head_values(self, c: Conversation) -> tuple:
        return (c.kind.value, c.held_on.isoformat(), c.status.value, c.stage.value, max(0, c.position),
                json.dumps(list(c.participants), ensure_ascii=False),
                c.next_appointment.strftime("%Y-%m-%dT%H:%M") if c.next_appointment else None,
                c.next_appointment_place.strip(), c.contact_name.strip(), c.contact_phone.strip(),
                int(c.decision_discussed),
                json.dumps([" ".join(d.split()) for d in c.documents if d.strip()], ensure_ascii=False))

    def _write_children(self, conn, c: Conversation) -> None:
        conn.execute("DELETE FROM conversation_checklist WHERE conversation_id = ?", (c.id,))
        conn.executemany(
            "INSERT INTO conversation_checklist (conversation_id, item_id, ticked, note) VALUES (?, ?, ?, ?)",
            [(c.id, t.item_id, int(t.ticked), t.note.strip()) for t in c.ticks.values()
             if t.ticked or t.note.strip()])
        conn.execute("DELETE FROM conversation_bridge WHERE conversation_id = ?", (c.id,))
        conn.executemany("INSERT INTO conversation_bridge (conversation_id, sub_area_id, step) VALUES (?, ?, ?)",
                         [(c.id, sub, step) for sub, step in c.placements.items()])
        conn.execute("DELETE FROM conversation_goals WHERE conversation_id = ?", (c.id,))  # steps cascade
        for g, goal in enumerate(c.goals):
            goal_id = conn.execute(
                "INSERT INTO conversation_goals (conversation_id, position, text, pillar_id) VALUES (?, ?, ?, ?)",
                (c.id, g, goal.text.strip(), goal.pillar_id)).lastrowid
            conn.executemany(
                "INSERT INTO conversation_goal_steps (goal_id, position, description, owner, partner_id, due_date)"
                " VALUES (?, ?, ?, ?, ?, ?)",
                [(goal_id, s, step.description.strip(), step.owner.value,
                  step.partner_id if step.owner == ActionOwner.PARTNER else None, _iso(step.due))
                 for s, step in enumerate(goal.steps)])
        conn.execute("DELETE FROM conversation_recognitions WHERE conversation_id = ?", (c.id,))
        conn.executemany(
            "INSERT INTO conversation_recognitions (conversation_id, action_id, note) VALUES (?, ?, ?)",
            [(c.id, r.action_id, r.note.strip()) for r in c.recognitions])

    def _check_recognitions(self, conn, c: Conversation) -> None:
        for rec in c.recognitions:
            row = conn.execute("SELECT case_id FROM actions WHERE id = ?", (rec.action_id,)).fetchone()
            if row is None or row[0] != c.case_id:
                raise ConversationError("Een gelukte stap hoort niet (meer) bij deze casus. Open het gesprek opnieuw.")

    def resume(self, conversation_id: int) -> Conversation:
        """Open a draft (or a finished conversation) to work on or look at; audited as VIEW."""
        with self._db.transaction():
            conversation = self._load(conversation_id)
            self._audit.record(AuditAction.VIEW, conversation_ref(self._case_number(conversation.case_id),
                                                                  conversation_id))
        return conversation

    def delete_draft(self, conversation_id: int) -> None:
        with self._db.transaction() as conn:
            row = conn.execute("SELECT status, case_id FROM conversations WHERE id = ?",
                               (conversation_id,)).fetchone()
            if row is None:
                raise ConversationNotFound()
            if row[0] != ConversationStatus.DRAFT.value:
                raise ConversationError("Een afgerond gesprek blijft bij de casus; alleen een concept kan weg.")
            refuse_read_only(conn, row[1])
            conn.execute("DELETE FROM conversations WHERE id = ?", (conversation_id,))
            self._audit.record(AuditAction.DELETE, conversation_ref(self._case_number(row[1]), conversation_id))

    def drafts(self) -> list[DraftInfo]:
        rows = self._db.query_all(
            "SELECT v.id, c.case_number, v.kind, v.held_on, v.stage, v.updated_at FROM conversations v "
            "JOIN cases c ON c.id = v.case_id WHERE v.status = 'draft' ORDER BY v.updated_at DESC, v.id DESC")
        return [DraftInfo(i, number, ConversationKind(kind), date.fromisoformat(held), Stage(stage),
                          datetime.fromisoformat(updated)) for i, number, kind, held, stage, updated in rows]

    # --- finishing --------------------------------------------------------------------------------------------

    def finish(self, conversation: Conversation) -> FinishResult:
        """Save and finish: steps become actions, recognised steps are done, the timeline gets an entry."""
        today = self._clock()
        refuse_read_only(self._db, conversation.case_id)  # issue 14: before asking to complete the form
        problems = finish_problems(conversation)
        if conversation.held_on > today:
            problems.append("De datum van het gesprek ligt in de toekomst.")
        case_number = self._case_number(conversation.case_id)
        problems += intake_problems(self._cases.get(case_number, audit=False), conversation)
        if problems:
            raise ConversationError(" ".join(problems))
        with self._db.transaction() as conn:
            saved = self.save_draft(conversation)
            action_ids = []
            for goal in saved.goals:
                for step in goal.steps:
                    action_id = self._cases.add_action(case_number, Action(
                        step.description, step.owner, step.partner_id if step.owner == ActionOwner.PARTNER else None,
                        step.due))
                    conn.execute("UPDATE conversation_goal_steps SET action_id = ? WHERE id = ?",
                                 (action_id, step.id))
                    action_ids.append(action_id)
            for rec in saved.recognitions:
                self._cases.set_action_status(case_number, rec.action_id, ActionStatus.DONE,
                                              done_on=min(saved.held_on, today))
            steps = len(action_ids)
            text = (f"{saved.kind.label_nl} gevoerd: {len(saved.goals)} "
                    f"doel{'en' if len(saved.goals) != 1 else ''} en {steps} "
                    f"stap{'pen' if steps != 1 else ''} afgesproken")
            if saved.recognitions:
                text += f", {len(saved.recognitions)} gelukte stap{'pen' if len(saved.recognitions) != 1 else ''}"
            text += f" (gesprek {saved.id})."
            journal_id = self._cases.add_journal_entry(case_number, JournalEntry(saved.held_on, text))
            # an intake is the Wgs first conversation: record it on the case (no second entry in the case form)
            recorded = intake_records_first_conversation(self._cases.get(case_number, audit=False), saved)
            if recorded is not None:
                self._cases.update(recorded)
            conn.execute("UPDATE conversations SET status = 'finished', finished_at = ?, updated_at = ? "
                         "WHERE id = ?", (self._stamp(), self._stamp(), saved.id))
            self._audit.record(AuditAction.UPDATE, conversation_ref(case_number, saved.id))
        return FinishResult(tuple(action_ids), len(saved.recognitions), journal_id)

    # --- reading ----------------------------------------------------------------------------------------------

    def get(self, conversation_id: int) -> Conversation:
        return self._load(conversation_id)

    def list_for_case(self, case_number: str) -> list[Conversation]:
        case_id = self._case_id(case_number)
        ids = self._db.query_all("SELECT id FROM conversations WHERE case_id = ? ORDER BY held_on, id", (case_id,))
        return [self._load(i) for (i,) in ids]

    def open_steps(self, case_number: str) -> list[OpenStep]:
        """Open actions that came from goal steps of finished conversations: candidates for recognition."""
        case_id = self._case_id(case_number)
        rows = self._db.query_all(
            "SELECT a.id, a.description, a.owner, a.due_date, v.held_on FROM conversation_goal_steps s "
            "JOIN conversation_goals g ON g.id = s.goal_id JOIN conversations v ON v.id = g.conversation_id "
            "JOIN actions a ON a.id = s.action_id "
            "WHERE v.case_id = ? AND v.status = 'finished' AND a.status = 'open' ORDER BY a.due_date, a.id",
            (case_id,))
        return [OpenStep(i, desc, ActionOwner.from_code(owner), _date(due), date.fromisoformat(held))
                for i, desc, owner, due, held in rows]

    def case_choices(self) -> list[tuple[str, str, str]]:
        """(case number, recorded name, phase code) of every case, newest first: the list conversation mode picks
        a case from (read-only on the case tables of 0002). A case handed over to a colleague is not offered
        (issue 14: a new conversation on it would be refused, store/case_guard.py)."""
        return [tuple(r) for r in self._db.query_all(
            "SELECT c.case_number, h.name, c.phase FROM cases c JOIN households h ON h.case_id = c.id "
            "WHERE c.id NOT IN (SELECT case_id FROM case_handed_over) "
            "ORDER BY c.number_year DESC, c.number_seq DESC")]

    def progress(self, case_number: str, bridge: Bridge) -> BridgeProgress:
        return bridge_progress(bridge, progress_snapshots(self.list_for_case(case_number)))

    def last_contact(self) -> tuple[str, str]:
        """(name, phone) of the contact person of the most recent conversation: the user's own, to prefill."""
        row = self._db.query_one("SELECT contact_name, contact_phone FROM conversations WHERE contact_name <> '' "
                                 "ORDER BY updated_at DESC, id DESC LIMIT 1")
        return (row[0], row[1]) if row else ("", "")

    def case_number_of(self, conversation: Conversation) -> str:
        return self._case_number(conversation.case_id)

    def _case_id(self, case_number: str) -> int:
        row = self._db.query_one("SELECT id FROM cases WHERE case_number = ?", (case_number,))
        if row is None:
            raise CaseNotFound()
        return row[0]

    def _case_number(self, case_id: int) -> str:
        row = self._db.query_one("SELECT case_number FROM cases WHERE id = ?", (case_id,))
        if row is None:
            raise CaseNotFound()
        return row[0]

    def _load(self, conversation_id: int) -> Conversation:
        db = self._db
        row = db.query_one(f"SELECT case_id, {', '.join(_HEAD_COLUMNS)}, finished_at FROM conversations "
                           "WHERE id = ?", (conversation_id,))
        if row is None:
            raise ConversationNotFound()
        (case_id, kind, held_on, status, stage, position, participants, next_appt, place, contact, phone,
         decision, documents, finished_at) = row
        ticks = {item: ChecklistTick(item, bool(ticked), note) for item, ticked, note in db.query_all(
            "SELECT item_id, ticked, note FROM conversation_checklist WHERE conversation_id = ?", (conversation_id,))}
        placements = dict(db.query_all("SELECT sub_area_id, step FROM conversation_bridge WHERE conversation_id = ?",
                                       (conversation_id,)))
        goals = []
        for goal_id, text, pillar in db.query_all(
                "SELECT id, text, pillar_id FROM conversation_goals WHERE conversation_id = ? ORDER BY position",
                (conversation_id,)):
            steps = tuple(
                GoalStep(desc, ActionOwner.from_code(owner), _date(due), partner, action_id,
                         status == ActionStatus.DONE.value, step_id)
                for step_id, desc, owner, partner, due, action_id, status in db.query_all(
                    "SELECT s.id, s.description, s.owner, s.partner_id, s.due_date, s.action_id, a.status "
                    "FROM conversation_goal_steps s LEFT JOIN actions a ON a.id = s.action_id "
                    "WHERE s.goal_id = ? ORDER BY s.position", (goal_id,)))
            goals.append(Goal(text, pillar, steps, goal_id))
        recognitions = tuple(Recognition(a, note) for a, note in db.query_all(
            "SELECT action_id, note FROM conversation_recognitions WHERE conversation_id = ? ORDER BY action_id",
            (conversation_id,)))
        return Conversation(
            case_id=case_id, kind=ConversationKind(kind), held_on=date.fromisoformat(held_on),
            status=ConversationStatus(status), stage=Stage(stage), position=position,
            participants=tuple(json.loads(participants)), ticks=MappingProxyType(ticks),
            placements=MappingProxyType(placements), goals=tuple(goals), recognitions=recognitions,
            next_appointment=datetime.fromisoformat(next_appt) if next_appt else None,
            next_appointment_place=place, contact_name=contact, contact_phone=phone,
            decision_discussed=bool(decision), documents=tuple(json.loads(documents)), id=conversation_id,
            finished_at=datetime.fromisoformat(finished_at) if finished_at else None)

