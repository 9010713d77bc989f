"""Reading for an inzage (AVG art. 15) what other repositories do not offer: the meetings where a case was on the
agenda (date, pseudonym, named or not, the question) and the audit events about the case (found by its opaque
token, store/audit_refs.py). Reads only; the inzage itself is audited by the service (services/inzage.py)."""
from __future__ import annotations

import re
from datetime import datetime

from ketenregie.domain.inzage import AuditEvent, MeetingMention
from ketenregie.store.audit_refs import case_token
from ketenregie.store.database import Database


class InzageRepository:
    def __init__(self, db: Database) -> None:
        self._db = db

    def meetings(self, case_id: int) -> list[MeetingMention]:
        rows = self._db.query_all(
            "SELECT m.starts_at, a.pseudonym, a.consent_given_on IS NOT NULL, a.question FROM agenda_items a "
            "JOIN meetings m ON m.id = a.meeting_id WHERE a.case_id = ? ORDER BY m.starts_at", (case_id,))
        return [MeetingMention(datetime.fromisoformat(starts), pseudonym, bool(named), question or "")
                for starts, pseudonym, named, question in rows]

    def audit_events(self, case_id: int) -> list[AuditEvent]:
        """Every audit row whose reference carries the case's token (case, conversation, basis, referral, ...), and
        rows written before migration 0009 that still name the case number itself."""
        with self._db.exclusive() as conn:
            number = conn.execute("SELECT case_number FROM cases WHERE id = ?", (case_id,)).fetchone()
            token = case_token(conn, case_id, create=False)
            wanted = [t for t in (token, number[0] if number else None) if t]
            if not wanted:
                return []
            rows = conn.execute(
                "SELECT ts, action, object_ref FROM audit_log WHERE "
                + " OR ".join("instr(object_ref, ?) > 0" for _ in wanted) + " ORDER BY id", wanted).fetchall()
        pattern = re.compile(r"(?<![0-9A-Za-z])(" + "|".join(re.escape(t) for t in wanted) + r")(?![0-9a-f])")
        return [AuditEvent(datetime.fromisoformat(ts), action) for ts, action, ref in rows if pattern.search(ref)]
