"""Form drafts (migration 0012; domain/form_drafts.py): what was typed but not saved when the register locked.

`keep(drafts)` writes every open form's draft in ONE transaction with ONE audit entry ("form_drafts:kept=<n>",
counts only) and can be told not to wait for a busy connection (the lock must never be held up). A draft whose case
or meeting no longer exists is left out (it could not be offered back). `get`/`all` read drafts back (the values
are only shown in the form they came from); `delete` removes one after the form was saved, cancelled or the offer
dismissed (audit DELETE "form_draft:<kind>", no content).

Expiry (domain/form_drafts.py): `keep(..., drop=keys)` also removes, in the same transaction, the drafts that were
put back after the last unlock and left untouched (offered once); `purge_expired(now)` destroys drafts older than
24 hours (at unlock and by `ketenregie purge --yes`; audit PURGE "form_drafts:expired=<n>", counts only).
"""
from __future__ import annotations

from collections.abc import Callable, Sequence
from datetime import datetime, timezone

from ketenregie.domain.audit import AuditAction
from ketenregie.domain.form_drafts import (DraftError, DraftKind, FormDraft, decode_fields, encode_fields,
                                           expiry_cutoff, utc_now)
from ketenregie.store.audit_log import AuditLog
from ketenregie.store.database import Database

_COLUMNS = "kind, case_id, meeting_id, fields, updated_at"


class FormDraftRepository:
    def __init__(self, db: Database, audit: AuditLog, *, now: Callable[[], datetime] = utc_now) -> None:
        self._db = db
        self._audit = audit
        self._now = now

    def keep(self, drafts: Sequence[FormDraft], *, wait_seconds: float | None = None,
             drop: Sequence[tuple[str, str]] = ()) -> int:
        """Replace each form's draft and remove the drafts in `drop` ((kind, owner key) of restored drafts left
        untouched): one transaction, one audit entry. Returns how many were kept.
        `wait_seconds`: give up (TimeoutError, nothing written) if the connection stays busy that long."""
        if not drafts and not drop:
            return 0
        encoded = [(draft, encode_fields(draft.fields)) for draft in drafts]  # DraftError before anything is written
        stamp = _stamp(self._now())
        context = self._db.transaction() if wait_seconds is None else self._db.transaction_within(wait_seconds)
        kept = dropped = 0
        with context as conn:
            for kind, key in drop:
                dropped += conn.execute("DELETE FROM form_drafts WHERE kind = ? AND owner_key = ?",
                                        (DraftKind(kind).value, str(key))).rowcount
            for draft, fields in encoded:
                if draft.case_id is not None and conn.execute(
                        "SELECT 1 FROM cases WHERE id = ?", (draft.case_id,)).fetchone() is None:
                    continue
                if draft.meeting_id is not None and conn.execute(
                        "SELECT 1 FROM meetings WHERE id = ?", (draft.meeting_id,)).fetchone() is None:
                    continue
                conn.execute(
                    "INSERT INTO form_drafts (kind, owner_key, case_id, meeting_id, fields, updated_at) "
                    "VALUES (?, ?, ?, ?, ?, ?) ON CONFLICT (kind, owner_key) DO UPDATE SET case_id = excluded.case_id, "
                    "meeting_id = excluded.meeting_id, fields = excluded.fields, updated_at = excluded.updated_at",
                    (draft.kind.value, draft.owner_key, draft.case_id, draft.meeting_id, fields, stamp))
                kept += 1
            if kept or dropped:
                self._audit.record(AuditAction.UPDATE, f"form_drafts:kept={kept}"
                                   + (f",dropped={dropped}" if dropped else ""))
        return kept

    def purge_expired(self, now: datetime | None = None) -> int:
        """Destroy drafts older than 24 hours (domain/form_drafts.MAX_AGE): one transaction, one audit entry with the
        count when any went. Returns how many."""
        cutoff = _stamp(expiry_cutoff(now or self._now()))
        with self._db.transaction() as conn:
            gone = conn.execute("DELETE FROM form_drafts WHERE updated_at < ?", (cutoff,)).rowcount
            if gone:
                self._audit.record(AuditAction.PURGE, f"form_drafts:expired={gone}")
        return gone

    def count_expired(self, now: datetime | None = None) -> int:
        """How many drafts `purge_expired` would destroy now (reads only)."""
        return self._db.query_one("SELECT count(*) FROM form_drafts WHERE updated_at < ?",
                                  (_stamp(expiry_cutoff(now or self._now())),))[0]

    def get(self, kind: DraftKind | str, owner_key: str) -> FormDraft | None:
        row = self._db.query_one(f"SELECT {_COLUMNS} FROM form_drafts WHERE kind = ? AND owner_key = ?",
                                 (DraftKind(kind).value, owner_key))
        return _draft(row) if row is not None else None

    def all(self) -> list[FormDraft]:
        """Every kept draft, oldest first (a draft that cannot be read back is left out)."""
        rows = self._db.query_all(f"SELECT {_COLUMNS} FROM form_drafts ORDER BY updated_at, id")
        drafts = []
        for row in rows:
            try:
                drafts.append(_draft(row))
            except (DraftError, ValueError):
                continue
        return drafts

    def case_number(self, case_id: int) -> str | None:
        """The number of a draft's case (to reopen its form), None when the case is gone."""
        row = self._db.query_one("SELECT case_number FROM cases WHERE id = ?", (case_id,))
        return row[0] if row is not None else None

    def count(self) -> int:
        return self._db.query_one("SELECT count(*) FROM form_drafts")[0]

    def delete(self, kind: DraftKind | str, owner_key: str) -> bool:
        kind = DraftKind(kind)
        with self._db.transaction() as conn:
            gone = conn.execute("DELETE FROM form_drafts WHERE kind = ? AND owner_key = ?",
                                (kind.value, owner_key)).rowcount
            if gone:
                self._audit.record(AuditAction.DELETE, f"form_draft:{kind.value}")
        return bool(gone)


def _draft(row: tuple) -> FormDraft:
    kind, case_id, meeting_id, fields, updated_at = row
    return FormDraft(DraftKind(kind), decode_fields(fields), case_id=case_id, meeting_id=meeting_id,
                     updated_at=datetime.fromisoformat(updated_at))


def _stamp(moment: datetime) -> str:
    """updated_at as stored: UTC ISO 8601 to the second (compares as text in the same order as in time)."""
    return moment.astimezone(timezone.utc).isoformat(timespec="seconds")
