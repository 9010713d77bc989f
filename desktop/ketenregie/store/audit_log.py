"""Append-only, hash-chained audit log inside the register.

Each row's hash covers its fields and the previous row's hash, so editing or deleting a row breaks the chain
from there on; the head (last id + hash) is kept in `meta` in the same transaction, so cutting rows off the
end is detected too. Triggers refuse UPDATE/DELETE; someone with the key can drop them, the chain still tells.
The register also anchors the head outside the database, in the key-slot file under its mac (`head`,
`check_anchor`), so rows lost together with their in-database head (a cut-off tail, a lost WAL, an older copy)
show as well."""
from __future__ import annotations

import getpass
import hashlib
import hmac
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
        expected_id, prev = chain_start(self._db)  # after a retention purge: from the last removed row
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


    def head(self) -> tuple[int, str]:
        """(number of rows, hash of the last row): what the key-slot file anchors outside the database."""
        last = self._db.query_one("SELECT id, hash FROM audit_log ORDER BY id DESC LIMIT 1")
        return (last[0], last[1]) if last else (0, GENESIS)

    def check_anchor(self, count: int, digest: str) -> AuditVerification:
        """Does the chain still hold the head that was anchored outside the database (at the last unlock or lock)?
        Rows added after it are fine (e.g. after a crash); fewer rows or another row in its place are not: a cut-off
        tail, a lost WAL, or a chain rewritten from an older copy. Run `verify` first (this checks the head only)."""
        if count == 0:
            return AuditVerification(True, 0, None, "Geen anker om te vergelijken.")
        last = self._db.query_one("SELECT max(id) FROM audit_log")[0] or 0
        if last < count:
            return _broken(last + 1, last,
                           f"De auditlog eindigt bij regel {last}, maar buiten het register is vastgelegd dat hij "
                           f"{count} regels telde: regel {last + 1} tot en met {count} ontbreken (afgesneden, een "
                           f"verloren WAL-bestand of een oudere kopie van het register).")
        row = self._db.query_one("SELECT hash FROM audit_log WHERE id = ?", (count,))
        if row is None or not hmac.compare_digest(row[0], digest):
            return _broken(count, count - 1,
                           f"Regel {count} van de auditlog is niet de regel die buiten het register is vastgelegd: "
                           f"de log is herschreven, bijvoorbeeld vanuit een oudere kopie.")
        return AuditVerification(True, count, None, f"De auditlog bevat het vastgelegde anker (regel {count}).")
# --- the audit log's own retention term (issue 11 item 9) ----------------------------------------------------------
# Rows older than the term go with the retention purge. Before deleting, the id and hash of the last row removed are
# kept in `meta` ("audit_base"); verification starts there, so the remaining chain still verifies and an edit or a
# deletion in it is still found. The delete trigger (0009) refuses deleting any row above that base.

_BASE_KEY = "audit_base"


def chain_start(db: Database) -> tuple[int, str]:
    """(first row id to expect, hash it must chain to): (1, GENESIS) until rows were removed by retention."""
    row = db.query_one("SELECT value FROM meta WHERE key = ?", (_BASE_KEY,))
    if row is None:
        return 1, GENESIS
    last_id, _, digest = row[0].partition(":")
    return int(last_id) + 1, digest


def count_before(db: Database, cutoff: datetime) -> tuple[int, int]:
    """(rows, last row id) of the oldest rows that were ALL written before `cutoff` (UTC): only such a prefix of
    the chain is ever removed, so a row written later than the cutoff never goes, whatever a clock did."""
    stamp = cutoff.astimezone(timezone.utc).isoformat(timespec="milliseconds")
    young = db.query_one("SELECT min(id) FROM audit_log WHERE ts >= ?", (stamp,))[0]
    last = (young - 1) if young is not None else db.query_one("SELECT coalesce(max(id), 0) FROM audit_log")[0]
    rows = db.query_one("SELECT count(*) FROM audit_log WHERE id <= ?", (last,))[0]
    return rows, (last if rows else 0)


def prune_through(conn, last_id: int) -> int:
    """Remove the rows up to and including `last_id` (inside the caller's transaction); returns how many."""
    row = conn.execute("SELECT hash FROM audit_log WHERE id = ?", (last_id,)).fetchone()
    if row is None:
        return 0
    conn.execute("INSERT OR REPLACE INTO meta (key, value) VALUES (?, ?)", (_BASE_KEY, f"{last_id}:{row[0]}"))
    return conn.execute("DELETE FROM audit_log WHERE id <= ?", (last_id,)).rowcount


def _broken(row_id: int, checked: int, message: str) -> AuditVerification:
    return AuditVerification(False, checked, row_id, message + f" Eerste afwijkende regel: {row_id}.")
