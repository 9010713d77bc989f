"""Reading for an inzage (AVG art. 15) what other repositories do not offer: the meetings where a case was on the
agenda (date, pseudonym, named or not, the question) and the audit events about the case (found by its opaque
token, store/audit_refs.py). Reads only; the inzage itself is audited by the service (services/inzage.py)."""
from __future__ import annotations

from datetime import datetime

from ketenregie.domain.inzage import AuditEvent, MeetingMention
from ketenregie.store.audit_refs import TOKEN, case_token
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
        """Every audit row whose reference carries the case's token (case, conversation, basis, referral, ...)."""
        with self._db.exclusive() as conn:
            token = case_token(conn, case_id, create=False)
            if token is None:
                return []
            rows = conn.execute("SELECT ts, action, object_ref FROM audit_log WHERE instr(object_ref, ?) > 0 "
                                "ORDER BY id", (token,)).fetchall()
        return [AuditEvent(datetime.fromisoformat(ts), action) for ts, action, ref in rows
                if any(m.group(1) == token for m in TOKEN.finditer(ref))]
