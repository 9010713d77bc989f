"""The failed-unlock record beside the register (`<register>.attempts`): outside the encrypted database, because
it must be counted before anyone can open it. User-only (0600), written atomically, never any content: a count,
a sequence number and two timestamps.

Tamper evidence, as far as it goes without a secret (nothing can be signed before the unlock): the sequence
number only grows (one per failure) and the key-slot file anchors, under its mac, the number seen at the last
successful unlock. At the next successful unlock a record that was deleted (after failures were ever recorded),
put back from an older copy, or is not ours shows, and is audited. Someone who edits the count by hand while
keeping the sequence is not caught; a restored backup (older anchor, newer record) is not mistaken for tampering."""
from __future__ import annotations

import json
from datetime import datetime
from pathlib import Path

from ketenregie.atomic import write_atomic
from ketenregie.domain.unlock_throttle import AttemptState

FORMAT = "ketenregie-unlock-attempts"
MAX_BYTES = 4096


class AttemptRecordUnreadable(Exception):
    """The record exists but is not one we wrote (damaged or edited)."""


def read_attempts(path: Path) -> AttemptState | None:
    """The record, None when there is none; AttemptRecordUnreadable when it is not ours."""
    try:
        with open(path, "rb") as handle:
            raw = handle.read(MAX_BYTES + 1)
    except FileNotFoundError:
        return None
    except OSError:
        raise AttemptRecordUnreadable() from None
    try:
        if len(raw) > MAX_BYTES:
            raise ValueError("too large")
        document = json.loads(raw.decode("utf-8"))
        if not isinstance(document, dict) or document.get("format") != FORMAT:
            raise ValueError("format")
        seq, failures = document["seq"], document["failures"]
        for value in (seq, failures):
            if isinstance(value, bool) or not isinstance(value, int) or not 0 <= value < 1 << 62:
                raise ValueError("count")
        first, last = (_time(document.get(key)) for key in ("first_failure", "last_failure"))
        if failures > seq or (failures > 0) != (last is not None):
            raise ValueError("inconsistent")
        return AttemptState(seq, failures, first, last)
    except (UnicodeDecodeError, ValueError, KeyError, TypeError, RecursionError):
        raise AttemptRecordUnreadable() from None


def write_attempts(path: Path, state: AttemptState) -> None:
    document = {"format": FORMAT, "seq": state.seq, "failures": state.failures,
                "first_failure": state.first_failure.isoformat() if state.first_failure else None,
                "last_failure": state.last_failure.isoformat() if state.last_failure else None}
    write_atomic(path, (json.dumps(document) + "\n").encode("ascii"))


def _time(value: object) -> datetime | None:
    if value is None:
        return None
    if not isinstance(value, str) or len(value) > 40:
        raise ValueError("time")
    parsed = datetime.fromisoformat(value)
    if parsed.tzinfo is None:
        raise ValueError("naive time")
    return parsed


def read_attempts_or_strictest(path: Path, now: datetime) -> AttemptState | None:
    """The record for throttling; an unreadable one counts as the strictest wait (it was tampered with)."""
    from ketenregie.domain.unlock_throttle import FREE_ATTEMPTS

    try:
        return read_attempts(path)
    except AttemptRecordUnreadable:
        return AttemptState(0, FREE_ATTEMPTS + 5, now, now)


def wait_seconds(path: Path, now: datetime) -> int:
    """Seconds before the next unlock attempt may run (0 = now). Light on purpose: the unlock screen asks it at
    start, before the vault and SQLCipher are loaded."""
    state = read_attempts_or_strictest(path, now)
    return state.wait_left(now) if state else 0
