"""Referrals in the register: the record of every letter produced, its entry in the case timeline, the check-back
action, and the coordinator's sender details.

`record` is the moment personal data leaves the register, so it is one transaction with exactly one audit entry
(EXPORT, reference `referral:<case>,to=<partner id>,f=<hex mask of the shared fields>` — who/when come from the
audit row itself; never contents) plus a journal entry on the case and, when there is a check-back date, an open
action for the coordinator. The caller's `write` callback (writing the PDF file) runs inside the transaction: if
the file cannot be written nothing is recorded, and if recording fails the transaction rolls back after the
callback, so the caller removes what it wrote (see services.referral.save_referral).
"""
from __future__ import annotations

from collections.abc import Callable
from datetime import date, datetime, timezone

from ketenregie.domain.audit import AuditAction
from ketenregie.domain.referral import (ReferralLetter, ReferralRecord, SenderInfo, audit_reference,
                                        check_back_action_text, journal_text)
from ketenregie.domain.referral_fields import deserialise, serialise
from ketenregie.store.audit_log import AuditLog, current_actor
from ketenregie.store.case_guard import refuse_read_only
from ketenregie.store.database import Database
from ketenregie.store.errors import StoreError


class BasisNoLongerValid(StoreError):
    user_message = ("De grondslag voor deze brief is intussen ingetrokken of hoort niet bij deze casus en partner. "
                    "Er is niets opgeslagen; stel de brief opnieuw op.")


class ReferralCaseNotFound(StoreError):
    user_message = "Deze casus bestaat niet (meer). Vernieuw het scherm."


class ReferralRepository:
    def __init__(self, db: Database, audit: AuditLog, *, clock: Callable[[], date] = date.today,
                 now: Callable[[], datetime] = lambda: datetime.now(timezone.utc),
                 actor: str | None = None) -> None:
        self._db = db
        self._audit = audit
        self._clock = clock
        self._now = now
        self.actor = actor or current_actor()

    def record(self, letter: ReferralLetter, *, case_id: int, basis_id: int, resident_copy: bool,
               protected: bool, write: Callable[[], None] | None = None) -> int:
        now = self._now().astimezone(timezone.utc).isoformat(timespec="seconds")
        with self._db.transaction() as conn:
            row = conn.execute("SELECT case_number FROM cases WHERE id = ?", (case_id,)).fetchone()
            if row is None or row[0] != letter.case_number:
                raise ReferralCaseNotFound()
            refuse_read_only(conn, case_id)  # issue 14: handed over, or a cover copy
            basis = conn.execute("SELECT case_id, partner_id, withdrawn_on FROM sharing_bases WHERE id = ?",
                                 (basis_id,)).fetchone()
            if basis is None or basis[0] != case_id or basis[1] != letter.recipient.id or (
                    basis[2] is not None and basis[2] <= letter.letter_date.isoformat()):
                raise BasisNoLongerValid()
            referral_id = conn.execute(
                "INSERT INTO referrals (case_id, partner_id, basis_id, letter_date, fields, check_back_date, "
                "resident_copy, protected, created_by, created_at) VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?)",
                (case_id, letter.recipient.id, basis_id, letter.letter_date.isoformat(),
                 serialise(letter.shared_fields),
                 letter.check_back_date.isoformat() if letter.check_back_date else None,
                 int(resident_copy), int(protected), self.actor, now)).lastrowid
            conn.execute("INSERT INTO journal_entries (case_id, entry_date, text, created_at) VALUES (?, ?, ?, ?)",
                         (case_id, letter.letter_date.isoformat(),
                          journal_text(letter, resident_copy=resident_copy, protected=protected), now))
            if letter.check_back_date:
                conn.execute(
                    "INSERT INTO actions (case_id, description, owner, partner_id, due_date, status, done_on, "
                    "created_on) VALUES (?, ?, 'self', NULL, ?, 'open', NULL, ?)",
                    (case_id, check_back_action_text(letter), letter.check_back_date.isoformat(),
                     self._clock().isoformat()))
            conn.execute("UPDATE cases SET updated_at = ? WHERE id = ?", (now, case_id))
            self._audit.record(AuditAction.EXPORT,
                               audit_reference(letter.case_number, letter.recipient.id, letter.shared_fields))
            if write is not None:
                write()
        return referral_id

    def case_choices(self) -> list[tuple[int, str, str, str]]:
        """(case id, case number, name, phase code) of every case, newest first: the letter composer's picker.
        A case handed over to a colleague is not offered (issue 14: read-only here, store/case_guard.py)."""
        return self._db.query_all("SELECT c.id, c.case_number, h.name, c.phase FROM cases c "
                                  "JOIN households h ON h.case_id = c.id "
                                  "WHERE c.id NOT IN (SELECT case_id FROM case_handed_over) "
                                  "ORDER BY c.number_year DESC, c.number_seq DESC")

    def for_case(self, case_id: int) -> list[ReferralRecord]:
        rows = self._db.query_all(
            "SELECT id, case_id, partner_id, basis_id, letter_date, fields, check_back_date, resident_copy, "
            "protected, created_by, created_at FROM referrals WHERE case_id = ? ORDER BY letter_date, id",
            (case_id,))
        return [ReferralRecord(case_id=r[1], partner_id=r[2], basis_id=r[3], letter_date=date.fromisoformat(r[4]),
                               fields=deserialise(r[5]),
                               check_back_date=date.fromisoformat(r[6]) if r[6] else None,
                               resident_copy=bool(r[7]), protected=bool(r[8]), created_by=r[9],
                               created_at=datetime.fromisoformat(r[10]), id=r[0]) for r in rows]

    # --- the sender's own details ---------------------------------------------------------------------------

    def sender(self) -> SenderInfo | None:
        row = self._db.query_one("SELECT name, function, phone, email FROM letter_sender WHERE id = 1")
        if row is None:
            return None
        return SenderInfo(row[0], row[1] or SenderInfo.__dataclass_fields__["function"].default, row[2], row[3])

    def save_sender(self, sender: SenderInfo) -> None:
        with self._db.transaction() as conn:
            conn.execute("INSERT INTO letter_sender (id, name, function, phone, email) VALUES (1, ?, ?, ?, ?) "
                         "ON CONFLICT (id) DO UPDATE SET name = excluded.name, function = excluded.function, "
                         "phone = excluded.phone, email = excluded.email",
                         (sender.name.strip(), sender.function.strip(), sender.phone.strip(), sender.email.strip()))
            self._audit.record(AuditAction.UPDATE, "settings:letter-sender")
