"""Form drafts for the UI (issue 15, item 6): keep what open forms hold when the register locks, offer it back
after the unlock, forget it once the form is saved, cancelled or the offer dismissed.

`keep_at_lock` is called on the lock path, before the database closes: one short transaction that does not wait
for a busy connection; any failure is reported to the caller (which logs the kind only and locks anyway).
Imports no Qt; never logs or prints the values.
"""
from __future__ import annotations

from collections.abc import Sequence
from datetime import datetime

from ketenregie.domain.form_drafts import DraftKind, FormDraft, owner_key
from ketenregie.store.form_draft_repository import FormDraftRepository

LOCK_WAIT_SECONDS = 0.5  # the lock waits at most this long for a background task that holds the connection


class FormDraftService:
    def __init__(self, register) -> None:
        self.repository = FormDraftRepository(register.db, register.audit)

    def keep_at_lock(self, drafts: Sequence[FormDraft], drop: Sequence[tuple[str, str]] = ()) -> int:
        """Keep the open forms' drafts and remove `drop` (restored drafts left untouched): one short transaction."""
        return self.repository.keep(drafts, wait_seconds=LOCK_WAIT_SECONDS, drop=drop)

    def purge_expired(self, now: datetime | None = None) -> int:
        """Destroy drafts older than 24 hours (at unlock, and by `ketenregie purge --yes`)."""
        return self.repository.purge_expired(now)

    def count_expired(self, now: datetime | None = None) -> int:
        return self.repository.count_expired(now)

    def keep(self, drafts: Sequence[FormDraft]) -> int:
        return self.repository.keep(drafts)

    def draft_for(self, kind: DraftKind, *, case_id: int | None = None,
                  meeting_id: int | None = None) -> FormDraft | None:
        return self.repository.get(kind, owner_key(kind, case_id=case_id, meeting_id=meeting_id))

    def all(self) -> list[FormDraft]:
        return self.repository.all()

    def discard(self, kind: DraftKind, *, case_id: int | None = None, meeting_id: int | None = None) -> bool:
        return self.repository.delete(kind, owner_key(kind, case_id=case_id, meeting_id=meeting_id))

    def case_number(self, case_id: int) -> str | None:
        return self.repository.case_number(case_id)
