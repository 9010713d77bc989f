"""Rectification (AVG art. 16): correcting the text of a journal entry or an action in place.

The wrong text is overwritten, not kept (no history table, no "old value" in the audit log); secure_delete and a
checkpoint afterwards make sure no copy stays in freed space or in the WAL. What is kept is THAT it was corrected:
`corrected_at` and `corrected_by` on the row (migration 0009) and one audit entry `correct` whose reference names
the row through the case's opaque token ("journal:p-3f9a0c1b7d2e4f60.17"), never the text.
"""
from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass
from datetime import date, datetime, timezone

from ketenregie.domain.audit import AuditAction
from ketenregie.domain.case_validation import MAX_ACTION, CaseValidationError, Issue, journal_errors, text_warnings
from ketenregie.domain.cases import JournalEntry
from ketenregie.store.audit_log import AuditLog, current_actor
from ketenregie.store.case_guard import refuse_read_only
from ketenregie.store.database import Database

@dataclass(frozen=True)
class Correction:
    """That (not what) a journal entry or action was corrected."""

    kind: str  # "journal" | "action"
    row_id: int
    corrected_at: datetime
    corrected_by: str


class RectificationRepository:
    def __init__(self, db: Database, audit: AuditLog, *, actor: str | None = None,
                 clock: Callable[[], date] = date.today,
                 now: Callable[[], datetime] = lambda: datetime.now(timezone.utc)) -> None:
        self._db = db
        self._audit = audit
        self._actor = actor or current_actor()
        self._clock = clock
        self._now = now

    def correct_journal_entry(self, case_number: str, entry_id: int, text: str) -> tuple[Issue, ...]:
        """Replace the entry's text; returns note-scanner warnings for the new text (they never block)."""
        text = text.strip()
        self._refuse_read_only(case_number)
        row = self._row("SELECT j.entry_date FROM journal_entries j JOIN cases c ON c.id = j.case_id "
                        "WHERE c.case_number = ? AND j.id = ?", case_number, entry_id, "journaalregel")
        errors = journal_errors(JournalEntry(date.fromisoformat(row[0]), text), self._clock())
        if errors:
            raise CaseValidationError(errors)
        self._write("journal_entries", "text", "journal", case_number, entry_id, text)
        return tuple(text_warnings("journal_entry.text", text))

    def correct_action(self, case_number: str, action_id: int, description: str) -> tuple[Issue, ...]:
        description = description.strip()
        self._refuse_read_only(case_number)
        self._row("SELECT a.id FROM actions a JOIN cases c ON c.id = a.case_id WHERE c.case_number = ? AND a.id = ?",
                  case_number, action_id, "actie")
        if not description:
            raise CaseValidationError([Issue("action.description", "Beschrijf de actie.")])
        if len(description) > MAX_ACTION:
            raise CaseValidationError([Issue("action.description",
                                             f"Houd de actie kort (hoogstens {MAX_ACTION} tekens).")])
        self._write("actions", "description", "action", case_number, action_id, description)
        return tuple(text_warnings("action.description", description))

    def corrections(self, case_number: str) -> list[Correction]:
        out = []
        for kind, table in (("journal", "journal_entries"), ("action", "actions")):
            for row_id, at, by in self._db.query_all(
                    f"SELECT t.id, t.corrected_at, t.corrected_by FROM {table} t JOIN cases c ON c.id = t.case_id "
                    "WHERE c.case_number = ? AND t.corrected_at IS NOT NULL ORDER BY t.id", (case_number,)):
                out.append(Correction(kind, row_id, datetime.fromisoformat(at), by))
        return out

    def _refuse_read_only(self, case_number: str) -> None:
        """Issue 14: a handed-over case is rectified by the colleague who has it now; a cover copy's rows are the
        colleague's own (store/case_guard.py)."""
        row = self._db.query_one("SELECT id FROM cases WHERE case_number = ?", (case_number,))
        refuse_read_only(self._db, row[0] if row else None)

    def _row(self, sql: str, case_number: str, row_id: int, what: str) -> tuple:
        row = self._db.query_one(sql, (case_number, row_id))
        if row is None:
            raise CaseValidationError([Issue("correction", f"Deze {what} hoort niet (meer) bij de casus. Open de "
                                                           "casus opnieuw.")])
        return row

    def _write(self, table: str, column: str, kind: str, case_number: str, row_id: int, text: str) -> None:
        stamp = self._now().astimezone(timezone.utc).isoformat(timespec="seconds")
        with self._db.transaction() as conn:
            changed = conn.execute(
                f"UPDATE {table} SET {column} = ?, corrected_at = ?, corrected_by = ? "
                f"WHERE id = ? AND case_id = (SELECT id FROM cases WHERE case_number = ?)",
                (text, stamp, self._actor, row_id, case_number)).rowcount
            if not changed:
                raise CaseValidationError([Issue("correction", "Deze regel hoort niet (meer) bij de casus.")])
            conn.execute("UPDATE cases SET updated_at = ? WHERE case_number = ?", (stamp, case_number))
            self._audit.record(AuditAction.CORRECT, f"{kind}:{case_number}.{row_id}")
        self._db.checkpoint()  # no page image with the wrong text stays in the WAL
