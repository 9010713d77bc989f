"""Erasure on request (AVG art. 17): "Casus verwijderen op verzoek" for the UI and the CLI.

`preview(case_number)` says what goes, per kind of data, as counts (store/case_erasure.py's steps — the same steps
the retention purge runs). `erase(case_number, typed)` destroys it only when `typed` is the case number itself (a
typed confirmation, not a click): one transaction, one audit entry with counts only ("erase:cases=1,rows=37"),
then a WAL checkpoint so no page image from before the erasure stays beside the register. secure_delete (on for
every connection) overwrites the deleted records in the database file itself.

Imports no Qt; never logs or prints personal data.
"""
from __future__ import annotations

from dataclasses import dataclass

from ketenregie.domain.audit import AuditAction
from ketenregie.errors import UserFacingError
from ketenregie.store import case_erasure
from ketenregie.store.case_erasure import case_id_of, erase_case, preview_case


class CaseGone(UserFacingError):
    user_message = "Deze casus bestaat niet (meer); er is niets verwijderd."


class ConfirmationMismatch(UserFacingError):
    user_message = ("Het getypte casusnummer klopt niet; er is niets verwijderd. Typ het casusnummer precies zoals "
                    "het er staat.")


@dataclass(frozen=True)
class ErasureReport:
    """What an erasure destroys (preview) or destroyed: rows per step, in the steps' order, with Dutch labels."""

    case_number: str
    rows: tuple[tuple[str, str, int], ...]  # (step key, Dutch label, rows)

    @property
    def total(self) -> int:
        return sum(n for _key, _label, n in self.rows)

    def count(self, key: str) -> int:
        return next((n for k, _label, n in self.rows if k == key), 0)

    @property
    def object_ref(self) -> str:
        """The audit reference: counts only, never the case number."""
        return f"erase:cases={self.count('case')},rows={self.total}"

    def lines_nl(self) -> list[str]:
        return [f"{label}: {n}" for _key, label, n in self.rows if n]


def _report(case_number: str, counts: dict[str, int]) -> ErasureReport:
    return ErasureReport(case_number, tuple((s.key, s.label_nl, counts.get(s.key, 0)) for s in case_erasure.ERASURE_STEPS))


class ErasureService:
    def __init__(self, register) -> None:
        self._db = register.db
        self._audit = register.audit

    def _case_id(self, conn, case_number: str) -> int:
        case_id = case_id_of(conn, case_number)
        if case_id is None:
            raise CaseGone()
        return case_id

    def preview(self, case_number: str) -> ErasureReport:
        """What erasing the case would destroy (reads only, no audit entry: it shows counts, no content)."""
        with self._db.transaction() as conn:
            return _report(case_number, preview_case(conn, self._case_id(conn, case_number)))

    def erase(self, case_number: str, typed_confirmation: str) -> ErasureReport:
        """Destroy the case with everything of it. Refused (nothing changes) unless `typed_confirmation` is the
        case number. One transaction; anything failing rolls it all back."""
        if typed_confirmation.strip() != case_number:
            raise ConfirmationMismatch()
        with self._db.transaction() as conn:
            report = _report(case_number, erase_case(conn, self._case_id(conn, case_number)))
            self._audit.record(AuditAction.ERASE, report.object_ref)
        self._db.checkpoint()  # the WAL's pre-erasure page images go; the database pages were overwritten
        return report
