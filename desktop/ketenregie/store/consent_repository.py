"""The basis for sharing per case and recipient (consent or Wgs task) and its withdrawal.

Recording and withdrawing are each one transaction with one audit entry: CREATE / UPDATE with the reference
"basis:<case number>.<id>" — kind, dates and scope stay in the row, never in the log. Validation happens in the
domain (`consent.check_basis`); the caller passes the recipient profile's allowed bases and fields.
"""
from __future__ import annotations

from collections.abc import Callable, Iterable
from dataclasses import replace
from datetime import date, datetime, timezone

from ketenregie.domain.audit import AuditAction
from ketenregie.domain.consent import BasisInvalid, BasisKind, ConsentForm, SharingBasis, check_basis
from ketenregie.domain.referral_fields import deserialise, serialise
from ketenregie.store.audit_log import AuditLog, current_actor
from ketenregie.store.case_guard import refuse_read_only
from ketenregie.store.database import Database
from ketenregie.store.errors import StoreError

_COLUMNS = ("id, case_id, partner_id, kind, given_on, form, scope, recorded_by, recorded_at, withdrawn_on, "
            "withdrawal_recorded_by")


class BasisNotFound(StoreError):
    user_message = "Deze grondslag bestaat niet (meer). Vernieuw het scherm."


def _row(row: tuple) -> SharingBasis:
    (bid, case_id, partner_id, kind, given_on, form, scope, recorded_by, recorded_at, withdrawn_on,
     withdrawn_by) = row
    return SharingBasis(case_id=case_id, partner_id=partner_id, kind=BasisKind(kind),
                        given_on=date.fromisoformat(given_on), scope=deserialise(scope), recorded_by=recorded_by,
                        form=ConsentForm(form) if form else None, recorded_at=datetime.fromisoformat(recorded_at),
                        withdrawn_on=date.fromisoformat(withdrawn_on) if withdrawn_on else None,
                        withdrawal_recorded_by=withdrawn_by, id=bid)


class ConsentRepository:
    def __init__(self, db: Database, audit: AuditLog, *, clock: Callable[[], date] = date.today,
                 now: Callable[[], datetime] = lambda: datetime.now(timezone.utc),
                 actor: str | None = None) -> None:
        self._db = db
        self._audit = audit
        self._clock = clock
        self._now = now
        self.actor = actor or current_actor()

    def _case_number(self, case_id: int) -> str:
        row = self._db.query_one("SELECT case_number FROM cases WHERE id = ?", (case_id,))
        if row is None:
            raise BasisNotFound()
        return row[0]

    def record(self, basis: SharingBasis, *, allowed_kinds: Iterable[BasisKind],
               profile_fields: Iterable[str]) -> SharingBasis:
        """Validate and store a new basis (recorded_by = the OS user). Raises domain BasisInvalid (Dutch)."""
        if basis.id is not None:
            raise ValueError("a new basis has no id yet")
        recorded_at = self._now().astimezone(timezone.utc).replace(microsecond=0)
        basis = replace(basis, recorded_by=self.actor, recorded_at=recorded_at, withdrawn_on=None,
                        withdrawal_recorded_by=None)
        check_basis(basis, allowed_kinds=allowed_kinds, profile_fields=profile_fields, today=self._clock())
        with self._db.transaction() as conn:
            number = self._case_number(basis.case_id)
            refuse_read_only(conn, basis.case_id)  # issue 14: handed over, or a cover copy
            if conn.execute("SELECT 1 FROM partners WHERE id = ?", (basis.partner_id,)).fetchone() is None:
                raise BasisInvalid(["Deze partner staat niet (meer) in de partnerlijst."])
            basis_id = conn.execute(
                "INSERT INTO sharing_bases (case_id, partner_id, kind, given_on, form, scope, recorded_by, "
                "recorded_at) VALUES (?, ?, ?, ?, ?, ?, ?, ?)",
                (basis.case_id, basis.partner_id, basis.kind.value, basis.given_on.isoformat(),
                 basis.form.value if basis.form else None, serialise(basis.scope), basis.recorded_by,
                 basis.recorded_at.isoformat(timespec="seconds"))).lastrowid
            self._audit.record(AuditAction.CREATE, f"basis:{number}.{basis_id}")
        return replace(basis, id=basis_id)

    def withdraw(self, basis_id: int, on: date | None = None) -> SharingBasis:
        """Record the withdrawal of a consent (or the end of a task basis) on `on` (default today)."""
        on = on or self._clock()
        if on > self._clock():
            raise BasisInvalid(["De datum van intrekken ligt in de toekomst."])
        with self._db.transaction() as conn:
            basis = self.get(basis_id)
            refuse_read_only(conn, basis.case_id)
            withdrawn = basis.withdraw(on, self.actor)
            conn.execute("UPDATE sharing_bases SET withdrawn_on = ?, withdrawal_recorded_by = ? WHERE id = ?",
                         (on.isoformat(), self.actor, basis_id))
            self._audit.record(AuditAction.UPDATE, f"basis:{self._case_number(basis.case_id)}.{basis_id}")
        return withdrawn

    def withdraw_all(self, bases: Iterable[SharingBasis], on: date | None = None) -> list[SharingBasis]:
        """Withdraw several bases of one case in ONE transaction with ONE audit entry ("basis:<case>.<id>,<id>");
        all or nothing."""
        on = on or self._clock()
        if on > self._clock():
            raise BasisInvalid(["De datum van intrekken ligt in de toekomst."])
        bases = list(bases)
        if not bases:
            return []
        if len({b.case_id for b in bases}) != 1:
            raise ValueError("withdraw_all works on the bases of one case")
        withdrawn: list[SharingBasis] = []
        with self._db.transaction() as conn:
            for basis in bases:
                current = self.get(basis.id)
                refuse_read_only(conn, current.case_id)
                withdrawn.append(current.withdraw(on, self.actor))
                conn.execute("UPDATE sharing_bases SET withdrawn_on = ?, withdrawal_recorded_by = ? WHERE id = ?",
                             (on.isoformat(), self.actor, basis.id))
            number = self._case_number(bases[0].case_id)
            reference = f"basis:{number}.{','.join(str(b.id) for b in bases)}"
            if len(reference) > 64:  # the audit log's reference limit: then the count, never contents
                reference = f"basis:{number},n={len(bases)}"
            self._audit.record(AuditAction.UPDATE, reference)
        return withdrawn

    def get(self, basis_id: int) -> SharingBasis:
        row = self._db.query_one(f"SELECT {_COLUMNS} FROM sharing_bases WHERE id = ?", (basis_id,))
        if row is None:
            raise BasisNotFound()
        return _row(row)

    def for_case(self, case_id: int, partner_id: int | None = None) -> list[SharingBasis]:
        sql = f"SELECT {_COLUMNS} FROM sharing_bases WHERE case_id = ?"
        params: tuple = (case_id,)
        if partner_id is not None:
            sql += " AND partner_id = ?"
            params += (partner_id,)
        return [_row(r) for r in self._db.query_all(sql + " ORDER BY given_on, id", params)]
