"""Letter drafts per case (migration 0008; domain/referral_draft.py).

`save` replaces the case's draft in one transaction with one audit entry (UPDATE "letter_draft:<case number>",
no content); an empty draft deletes it. `get` reads it back (the case view is audited by whoever opened the case).
`delete` removes it after the letter was saved (audit DELETE). A draft goes with its case (ON DELETE CASCADE).
"""
from __future__ import annotations

from collections.abc import Callable
from datetime import date, datetime, timezone

from ketenregie.domain.audit import AuditAction
from ketenregie.domain.referral_draft import LetterDraft
from ketenregie.store.audit_log import AuditLog
from ketenregie.store.case_guard import refuse_read_only
from ketenregie.store.database import Database
from ketenregie.store.errors import StoreError


class DraftCaseNotFound(StoreError):
    user_message = "Deze casus bestaat niet (meer); het concept is niet bewaard."


class LetterDraftRepository:
    def __init__(self, db: Database, audit: AuditLog, *,
                 now: Callable[[], datetime] = lambda: datetime.now(timezone.utc)) -> None:
        self._db = db
        self._audit = audit
        self._now = now

    def get(self, case_id: int) -> LetterDraft | None:
        row = self._db.query_one("SELECT partner_id, arrears, steps_taken, agreements, attachments, check_back_date "
                                 "FROM letter_drafts WHERE case_id = ?", (case_id,))
        if row is None:
            return None
        partner_id, arrears, steps, agreements, attachments, check_back = row
        return LetterDraft(partner_id, arrears, steps, agreements, attachments,
                           date.fromisoformat(check_back) if check_back else None)

    def save(self, case_id: int, draft: LetterDraft) -> None:
        with self._db.transaction() as conn:
            row = conn.execute("SELECT case_number FROM cases WHERE id = ?", (case_id,)).fetchone()
            if row is None:
                raise DraftCaseNotFound()
            if not draft.is_empty:
                refuse_read_only(conn, case_id)  # issue 14: no letter from a handed-over case or a cover copy
            if draft.is_empty:
                conn.execute("DELETE FROM letter_drafts WHERE case_id = ?", (case_id,))
            else:
                partner = draft.partner_id
                if partner is not None and conn.execute("SELECT 1 FROM partners WHERE id = ?",
                                                        (partner,)).fetchone() is None:
                    partner = None
                conn.execute(
                    "INSERT OR REPLACE INTO letter_drafts (case_id, partner_id, arrears, steps_taken, agreements, "
                    "attachments, check_back_date, updated_at) VALUES (?, ?, ?, ?, ?, ?, ?, ?)",
                    (case_id, partner, draft.arrears, draft.steps_taken, draft.agreements, draft.attachments,
                     draft.check_back_date.isoformat() if draft.check_back_date else None,
                     self._now().astimezone(timezone.utc).isoformat(timespec="seconds")))
            self._audit.record(AuditAction.UPDATE, f"letter_draft:{row[0]}")

    def delete(self, case_id: int) -> bool:
        with self._db.transaction() as conn:
            row = conn.execute("SELECT c.case_number FROM letter_drafts d JOIN cases c ON c.id = d.case_id "
                               "WHERE d.case_id = ?", (case_id,)).fetchone()
            if row is None:
                return False
            conn.execute("DELETE FROM letter_drafts WHERE case_id = ?", (case_id,))
            self._audit.record(AuditAction.DELETE, f"letter_draft:{row[0]}")
        return True
