"""Retention purge (DOMAIN.md §9, DESIGN.md §4): preview what is past its term, then destroy it in one transaction
and log counts only.

`preview(today, terms)` lists the due closed cases (case number, closing date, rule and — for the UI, which shows
initials only — the household name) and the due meetings. `purge(plan)` deletes what the person approved, but only
what is STILL due inside the purge transaction (a case reopened between preview and purge stays). Deleting a case
runs the erasure steps of store/case_erasure.py — the same code path as an erasure on request — (household, target
groups, partners on the case, actions, journal, sharing bases, referrals, conversations with their checklists, goals
and steps, the "voor overleg" mark, the audit token link); agenda items that pointed at it keep their pseudonym in
their meeting but lose the link and every text about the case. Deleting a meeting
takes its participants, agenda items and records; a series without meetings left goes too.

A case handed over to a colleague (issue 14, `case_handed_over`) is due under its own rule, months after the
handover (domain/retention.handed_over_due), open or closed, and goes the same way.

One audit entry `purge` with `purge:cases=N,meetings=M` (",handed_over=K" of those cases when handed-over cases went): never a case number, never a name. secure_delete (set on
every connection) overwrites the freed pages.
"""
from __future__ import annotations

from dataclasses import dataclass
from datetime import date, datetime, time, timezone

from ketenregie.domain.audit import AuditAction
from ketenregie.domain.cases import ClosingReason, Phase
from ketenregie.domain.meetings import MeetingKind
from ketenregie.domain.retention import (CaseDue, ClosedCase, HandedOverCase, MeetingStub, PurgeCounts, PurgePlan,
                                         RetentionTerms, cases_due, handed_over_due, meetings_due)
from ketenregie.domain.signals.retention import signal_cases_due
from ketenregie.store.audit_log import AuditLog, count_before, prune_through
from ketenregie.store.case_erasure import erase_cases
from ketenregie.store.database import Database
from ketenregie.store.signal_repository import purge_signal_cases, signal_retention_stubs


@dataclass(frozen=True)
class PurgePreview:
    """The plan plus the household names of the due cases, for the UI to show as initials only."""

    plan: PurgePlan
    names: dict[str, str]  # case number -> household name

    def __repr__(self) -> str:  # never print names
        return f"PurgePreview(cases={len(self.plan.cases)}, meetings={len(self.plan.meetings)})"


def _start_of(day: date) -> datetime:
    return datetime.combine(day, time.min, tzinfo=timezone.utc)


class RetentionRepository:
    def __init__(self, db: Database, audit: AuditLog) -> None:
        self._db = db
        self._audit = audit

    # --- preview ------------------------------------------------------------------------------------------------

    def plan(self, today: date, terms: RetentionTerms = RetentionTerms()) -> PurgePlan:
        """What a purge on `today` would destroy (reads only; no audit entry)."""
        audit_rows, audit_last_id = count_before(self._db, _start_of(terms.audit_cutoff(today)))
        return PurgePlan(today, tuple(self._cases_due(today, terms)),
                         tuple(meetings_due(self._meetings(), today, terms)), audit_rows, audit_last_id,
                         terms.audit_log_years,
                         tuple(signal_cases_due(signal_retention_stubs(self._db), today, terms.signal_terms)))

    def preview(self, today: date, terms: RetentionTerms = RetentionTerms()) -> PurgePreview:
        plan = self.plan(today, terms)
        names: dict[str, str] = {}
        if plan.cases:
            wanted = {c.case_number for c in plan.cases}
            for number, name in self._db.query_all(
                    "SELECT c.case_number, h.name FROM cases c JOIN households h ON h.case_id = c.id "
                    "WHERE (c.phase = 'closed' AND c.closed_on IS NOT NULL) "
                    "OR c.id IN (SELECT case_id FROM case_handed_over)"):
                if number in wanted:
                    names[number] = name
        return PurgePreview(plan, names)

    def _closed_cases(self, conn=None) -> list[ClosedCase]:
        sql = ("SELECT case_number, closing_reason, closed_on FROM cases "
               "WHERE phase = ? AND closing_reason IS NOT NULL AND closed_on IS NOT NULL")
        rows = (conn.execute(sql, (Phase.CLOSED.value,)).fetchall() if conn is not None
                else self._db.query_all(sql, (Phase.CLOSED.value,)))
        return [ClosedCase(number, ClosingReason.from_code(reason), date.fromisoformat(closed_on))
                for number, reason, closed_on in rows]

    def _cases_due(self, today: date, terms: RetentionTerms, conn=None) -> list[CaseDue]:
        """Closed cases past their term, then handed-over cases past theirs (issue 14; a case due under both
        rules is listed once, under its closing rule)."""
        closed = cases_due(self._closed_cases(conn), today, terms)
        return closed + handed_over_due(self._handed_over(conn), today, terms,
                                        already=[c.case_number for c in closed])

    def _handed_over(self, conn=None) -> list[HandedOverCase]:
        sql = ("SELECT c.case_number, o.handed_over_on FROM case_handed_over o JOIN cases c ON c.id = o.case_id")
        rows = conn.execute(sql).fetchall() if conn is not None else self._db.query_all(sql)
        return [HandedOverCase(number, date.fromisoformat(day)) for number, day in rows]

    def _meetings(self, conn=None) -> list[MeetingStub]:
        sql = "SELECT id, starts_at, kind FROM meetings"
        rows = conn.execute(sql).fetchall() if conn is not None else self._db.query_all(sql)
        return [MeetingStub(mid, datetime.fromisoformat(starts), MeetingKind.from_code(kind))
                for mid, starts, kind in rows]

    # --- purge --------------------------------------------------------------------------------------------------

    def purge(self, approved: PurgePlan, terms: RetentionTerms = RetentionTerms()) -> PurgeCounts:
        """Destroy what `approved` lists and is still due on `approved.today`: one transaction, one audit entry
        with counts only. Anything failing rolls the whole purge back (nothing deleted, nothing logged)."""
        with self._db.transaction() as conn:
            still = {c.case_number: c for c in self._cases_due(approved.today, terms, conn)}
            still_meetings = {m.meeting_id for m in meetings_due(self._meetings(conn), approved.today, terms)}
            case_numbers = [c.case_number for c in approved.cases if c.case_number in still]
            meeting_ids = [m.meeting_id for m in approved.meetings if m.meeting_id in still_meetings]
            case_ids, handed_over = [], 0
            for number in case_numbers:
                if still[number].handed_over:  # open or closed: it is the colleague's case now
                    row = conn.execute("SELECT c.id FROM cases c JOIN case_handed_over o ON o.case_id = c.id"
                                       " WHERE c.case_number = ?", (number,)).fetchone()
                    handed_over += row is not None
                else:
                    row = conn.execute("SELECT id FROM cases WHERE case_number = ? AND phase = ?",
                                       (number, Phase.CLOSED.value)).fetchone()
                if row is not None:
                    case_ids.append(row[0])
            # the same steps as an erasure on request (store/case_erasure.py), once for all due cases
            cases = erase_cases(conn, case_ids, count=False)["case"] if case_ids else 0
            meetings = sum(conn.execute("DELETE FROM meetings WHERE id = ?", (mid,)).rowcount
                           for mid in meeting_ids)
            if meetings:
                conn.execute("DELETE FROM meeting_series WHERE id NOT IN "
                             "(SELECT series_id FROM meetings WHERE series_id IS NOT NULL)")
            signal_cases = purge_signal_cases(conn, [s.signal_case_id for s in approved.signal_cases],
                                              approved.today, terms.signal_terms)
            audit_rows = 0
            if approved.audit_last_id:  # the audit log's own term: only rows still past it, never beyond the plan
                _rows, still_last = count_before(self._db, _start_of(terms.audit_cutoff(approved.today)))
                audit_rows = prune_through(conn, min(still_last, approved.audit_last_id)) if still_last else 0
            counts = PurgeCounts(cases, meetings, audit_rows, signal_cases, handed_over)
            self._audit.record(AuditAction.PURGE, counts.object_ref)
        return counts

