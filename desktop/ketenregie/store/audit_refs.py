"""How the audit log names cases: by an opaque token, never by the case number (issue 11 item 9).

Written: `opaque_ref` replaces every case number inside an object reference ("case:2026-0042",
"conversation:2026-0042.5", "referral:2026-0042,to=3,f=1f") by the case's token ("case:p-3f9a0c1b7d2e4f60").
The token -> case link lives in `audit_subjects` (0009) and is deleted with the case (ON DELETE CASCADE), so after
a retention purge or an erasure on request no audit row can be traced back to the case, while the hash chain —
computed over the stored, opaque reference — still verifies. A number that names no (longer existing) case gets a
fresh token that is linked to nothing.

Read: `resolve_refs` turns linked tokens back into case numbers for display (audit view, inzage); an unlinked
token stays as it is. `case_token` gives the token of one case, for counting its audit rows (inzage).
"""
from __future__ import annotations

import re
import secrets
from collections.abc import Iterable

# A case number inside a reference: "2026-0042" (four-digit year, at least four digits of sequence).
_CASE_NUMBER = re.compile(r"(?<![0-9A-Za-z])(\d{4}-\d{4,})(?![0-9])")
# A token as written: "p-" + 16 hex digits.
TOKEN = re.compile(r"(?<![0-9A-Za-z])(p-[0-9a-f]{16})(?![0-9a-f])")


def _new_token() -> str:
    return "p-" + secrets.token_hex(8)


def case_token(conn, case_id: int, *, create: bool = True) -> str | None:
    """The audit token of case `case_id` (inside the caller's transaction); created on first use."""
    row = conn.execute("SELECT token FROM audit_subjects WHERE case_id = ?", (case_id,)).fetchone()
    if row is not None:
        return row[0]
    if not create:
        return None
    token = _new_token()
    conn.execute("INSERT INTO audit_subjects (token, case_id) VALUES (?, ?)", (token, case_id))
    return token


def opaque_ref(conn, object_ref: str) -> str:
    """`object_ref` with every case number replaced by its case's token (call inside the write transaction)."""
    if not _CASE_NUMBER.search(object_ref):
        return object_ref

    def token_for(match: re.Match) -> str:
        row = conn.execute("SELECT id FROM cases WHERE case_number = ?", (match.group(1),)).fetchone()
        return case_token(conn, row[0]) if row is not None else _new_token()

    return _CASE_NUMBER.sub(token_for, object_ref)


def resolve_refs(conn, refs: Iterable[str]) -> dict[str, str]:
    """token -> case number for every linked token found in `refs` (unlinked tokens are left out)."""
    tokens = sorted({m.group(1) for ref in refs for m in TOKEN.finditer(ref)})
    found: dict[str, str] = {}
    for start in range(0, len(tokens), 500):
        chunk = tokens[start:start + 500]
        found.update(conn.execute(
            f"SELECT s.token, c.case_number FROM audit_subjects s JOIN cases c ON c.id = s.case_id "
            f"WHERE s.token IN ({', '.join('?' * len(chunk))})", chunk).fetchall())
    return found


def readable_ref(object_ref: str, numbers: dict[str, str]) -> str:
    """`object_ref` with linked tokens shown as their case numbers."""
    return TOKEN.sub(lambda m: numbers.get(m.group(1), m.group(1)), object_ref)
