"""Issue 14: which changes a case still takes in this register.

- A case handed over to a colleague (`case_handed_over`, "Overgedragen aan … op …") is no longer this register's
  case: nothing on it changes here any more — fields, journal, actions, conversations, referrals and letter drafts,
  sharing bases, meeting marks and decisions, signal links, rectification. What stays possible are the resident's
  rights that do not change the case: inzage, erasure on request, and the retention purge (which also removes it
  after its own term, domain/retention.py).
- A cover copy (`cover_copies`, vervanging) is a colleague's case: its fields and everything that would not travel
  back are read-only; journal notes and actions may be added (they go back in the return bundle).

Every write path of the store calls one of these guards inside its own transaction, so the UI, the CLI and any
later caller get the same refusal with the same Dutch message, and nothing is half-written.
"""
from __future__ import annotations

from ketenregie.store.errors import StoreError


class CaseHandedOver(StoreError):
    user_message = ("Deze casus is overgedragen aan een collega en kan hier alleen nog worden ingezien. "
                    "Er is niets gewijzigd.")


class CaseIsCoverCopy(StoreError):
    user_message = ("Dit is een kopie van de casus van een collega die u vervangt: u kunt journaalnotities en "
                    "acties toevoegen, de gegevens zelf niet wijzigen. Er is niets gewijzigd.")


def _one(db_or_conn, sql: str, params: tuple):
    if hasattr(db_or_conn, "query_one"):
        return db_or_conn.query_one(sql, params)
    return db_or_conn.execute(sql, params).fetchone()


def is_handed_over(db_or_conn, case_id: int) -> bool:
    return _one(db_or_conn, "SELECT 1 FROM case_handed_over WHERE case_id = ?", (case_id,)) is not None


def is_cover_copy(db_or_conn, case_id: int) -> bool:
    return _one(db_or_conn, "SELECT 1 FROM cover_copies WHERE case_id = ?", (case_id,)) is not None


def refuse_handed_over(db_or_conn, case_id: int | None) -> None:
    """Journal notes and actions: refused on a handed-over case only (a cover copy takes them)."""
    if case_id is not None and is_handed_over(db_or_conn, case_id):
        raise CaseHandedOver()


def refuse_read_only(db_or_conn, case_id: int | None) -> None:
    """Everything else that changes a case: refused on a handed-over case and on a cover copy."""
    refuse_handed_over(db_or_conn, case_id)
    if case_id is not None and is_cover_copy(db_or_conn, case_id):
        raise CaseIsCoverCopy()
