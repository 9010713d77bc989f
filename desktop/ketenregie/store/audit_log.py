"""Append-only, hash-chained audit log inside the register.

Each row's hash covers its fields and the previous row's hash, so editing or deleting a row breaks the chain
from there on; the head (last id + hash) is kept in `meta` in the same transaction, so cutting rows off the
end is detected too. Triggers refuse UPDATE/DELETE; someone with the key can drop them, the chain still tells."""
from __future__ import annotations

import getpass
import hashlib
from collections.abc import Callable
from datetime import datetime, timezone

from ketenregie.domain.audit import AuditEntry, AuditVerification, check_entry
from ketenregie.store.audit_refs import opaque_ref, readable_ref, resolve_refs
from ketenregie.store.database import Database

GENESIS = "0" * 64
_HEAD_KEY = "audit_head"


def _row_hash(row_id: int, ts: str, actor: str, action: str, object_ref: str, result: str, origin: str,
              prev_hash: str) -> str:
    material = "\x1f".join([str(row_id), ts, actor, action, object_ref, result, origin, prev_hash])
    return hashlib.sha256(material.encode("utf-8")).hexdigest()


def current_actor() -> str:
    try:
        return getpass.getuser()
    except Exception:  # no user name in the environment (service accounts, containers)
        return "onbekend"


class AuditLog:
    def __init__(self, db: Database, *, origin: str, actor: str | None = None,
                 clock: Callable[[], datetime] = lambda: datetime.now(timezone.utc)) -> None:
        self._db = db
        self._origin = origin
        self._actor = actor or current_actor()
        self._clock = clock

    def record(self, action: str, object_ref: str = "", result: str = "ok") -> None:
        """Append one entry; joins the caller's transaction when there is one (one action, one transaction)."""
        checked = check_entry(action, object_ref, result)
        ts = self._clock().astimezone(timezone.utc).isoformat(timespec="milliseconds")
        with self._db.transaction() as conn:
            object_ref = opaque_ref(conn, object_ref)  # never a case number in the log (audit_refs.py)
            last = conn.execute("SELECT id, hash FROM audit_log ORDER BY id DESC LIMIT 1").fetchone()
            row_id, prev = (last[0] + 1, last[1]) if last else (1, GENESIS)
            digest = _row_hash(row_id, ts, self._actor, checked.value, object_ref, result, self._origin, prev)
            conn.execute(
                "INSERT INTO audit_log (id, ts, actor, action, object_ref, result, origin, prev_hash, hash)"
                " VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?)",
                (row_id, ts, self._actor, checked.value, object_ref, result, self._origin, prev, digest),
            )
            conn.execute("INSERT OR REPLACE INTO meta (key, value) VALUES (?, ?)", (_HEAD_KEY, f"{row_id}:{digest}"))

    def recent(self, limit: int = 200) -> list[AuditEntry]:
        rows = self._db.query_all(
            "SELECT id, ts, actor, action, object_ref, result, origin FROM audit_log ORDER BY id DESC LIMIT ?",
            (limit,),
        )
        return self._entries(rows)

    def _entries(self, rows: list[tuple]) -> list[AuditEntry]:
        """Rows as entries, with the tokens of cases that still exist shown as their case numbers."""
        with self._db.exclusive() as conn:
            numbers = resolve_refs(conn, (r[4] for r in rows))
        return [AuditEntry(r[0], datetime.fromisoformat(r[1]), r[2], r[3], readable_ref(r[4], numbers), r[5], r[6])
                for r in rows]

    def count(self) -> int:
        return self._db.query_one("SELECT count(*) FROM audit_log")[0]

    def verify(self) -> AuditVerification:
        expected_id, prev = 1, GENESIS
        cursor = self._db.execute(
            "SELECT id, ts, actor, action, object_ref, result, origin, prev_hash, hash FROM audit_log ORDER BY id")
        for row_id, ts, actor, action, object_ref, result, origin, prev_hash, digest in cursor:
            if row_id != expected_id:
                return _broken(expected_id, expected_id - 1, f"Regel {expected_id} ontbreekt (verwijderd).")
            if prev_hash != prev:
                return _broken(row_id, row_id - 1, f"Regel {row_id} sluit niet aan op de vorige regel.")
            if _row_hash(row_id, ts, actor, action, object_ref, result, origin, prev_hash) != digest:
                return _broken(row_id, row_id - 1, f"Regel {row_id} is gewijzigd.")
            prev, expected_id = digest, expected_id + 1
        checked = expected_id - 1
        head = self._db.query_one("SELECT value FROM meta WHERE key = ?", (_HEAD_KEY,))
        expected_head = f"{checked}:{prev}" if checked else None
        if (head[0] if head else None) != expected_head:
            return _broken(checked + 1, checked,
                           f"De laatste regel(s) na regel {checked} zijn verwijderd of de kop klopt niet.")
        return AuditVerification(True, checked, None, f"De auditlog is intact ({checked} regels gecontroleerd).")


def _broken(row_id: int, checked: int, message: str) -> AuditVerification:
    return AuditVerification(False, checked, row_id, message + f" Eerste afwijkende regel: {row_id}.")
