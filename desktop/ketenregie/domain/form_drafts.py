"""Form drafts (issue 15, item 6): what was typed but not saved in a form when the register locked.

"The lock always wins, and it never drops input." Just before the database closes, every open form that has
unsaved input hands over its values as a `FormDraft`; they are kept in the (encrypted) register and offered back
after the next unlock. A draft belongs to one form: the case dialog (a new case or an existing one), the planning
dialog of a meeting (details and agenda items), the record being typed in meeting mode, or the manual entry of a
vroegsignaal.

The values are plain JSON (strings, numbers, booleans, lists, objects) so a form can put back exactly what it
showed. Nothing here is ever written outside the register; the size is bounded so a broken form cannot fill it.
Pure domain: no Qt, no database.

How long a draft lives (the rule, also in docs/gebruik.md and the privacy catalogue's "Niet-opgeslagen invoer"):
- it is offered back ONCE: at the unlock (or start) after the lock that made it, in its form, with a notice;
- the user saves it (gone), cancels the form or throws the changes away (gone), or works on in the form — then the
  next lock keeps what the form holds then, as a new draft;
- a restored draft left untouched until the next lock is not kept again: that lock removes it (`not_acted_on`);
- whatever happens, a draft older than `MAX_AGE` (24 hours: one working day, the longest a session is expected to
  stay open) is destroyed at the next unlock and by `ketenregie purge --yes` (`expiry_cutoff`).
"""
from __future__ import annotations

import json
from dataclasses import dataclass, field
from datetime import datetime, timedelta, timezone
from enum import StrEnum
from typing import Any

MAX_FIELDS_BYTES = 2_000_000  # far above any form; a draft larger than this is refused, not cut
MAX_DEPTH = 8
MAX_AGE = timedelta(hours=24)  # a draft older than this is destroyed at unlock and by the retention purge


class DraftKind(StrEnum):
    CASE = "case"
    MEETING = "meeting"  # the planning dialog: details, participants, agenda items
    MEETING_RECORD = "meeting_record"  # meeting mode: the discussion point, agreement or action being typed
    SIGNAL = "signal"


NEW = "new"  # owner key of a form for something not saved yet (a new case, meeting or signal)


class DraftError(ValueError):
    """The values cannot be kept as a draft (not JSON, too large or too deep). Says nothing about the content."""


@dataclass(frozen=True)
class FormDraft:
    kind: DraftKind
    fields: dict[str, Any] = field(default_factory=dict)
    case_id: int | None = None  # the case the form belongs to (an existing case)
    meeting_id: int | None = None  # the meeting the form belongs to (an existing meeting)
    updated_at: datetime | None = None  # UTC; set when kept

    @property
    def owner_key(self) -> str:
        return owner_key(self.kind, case_id=self.case_id, meeting_id=self.meeting_id)

    def __repr__(self) -> str:  # never the values
        return f"FormDraft(kind={self.kind.value}, owner={self.owner_key})"


def owner_key(kind: DraftKind | str, *, case_id: int | None = None, meeting_id: int | None = None) -> str:
    """Which form a draft belongs to: 'new', 'case:<id>' or 'meeting:<id>'."""
    kind = DraftKind(kind)
    if kind == DraftKind.CASE and case_id is not None:
        return f"case:{int(case_id)}"
    if kind in (DraftKind.MEETING, DraftKind.MEETING_RECORD) and meeting_id is not None:
        return f"meeting:{int(meeting_id)}"
    return NEW


def _check(value: Any, depth: int) -> None:
    if depth > MAX_DEPTH:
        raise DraftError("form draft nested too deeply")
    if value is None or isinstance(value, (bool, int, float, str)):
        return
    if isinstance(value, (list, tuple)):
        for item in value:
            _check(item, depth + 1)
        return
    if isinstance(value, dict):
        for key, item in value.items():
            if not isinstance(key, str):
                raise DraftError("form draft keys must be text")
            _check(item, depth + 1)
        return
    raise DraftError(f"a form draft cannot hold a {type(value).__name__}")


def encode_fields(fields: dict[str, Any]) -> str:
    """The values as compact JSON; DraftError when they are not plain JSON or too large."""
    if not isinstance(fields, dict):
        raise DraftError("form draft values must be an object")
    _check(fields, 0)
    try:
        text = json.dumps(fields, ensure_ascii=False, separators=(",", ":"), allow_nan=False)
    except ValueError:  # NaN or infinity
        raise DraftError("form draft holds a number JSON cannot carry") from None
    if len(text.encode("utf-8")) > MAX_FIELDS_BYTES:
        raise DraftError("form draft too large")
    return text


def decode_fields(text: str) -> dict[str, Any]:
    """Values read back from the register; DraftError when they are not a JSON object within the limits."""
    if len(text.encode("utf-8")) > MAX_FIELDS_BYTES:
        raise DraftError("form draft too large")
    try:
        value = json.loads(text)
    except (ValueError, RecursionError):
        raise DraftError("form draft is not JSON") from None
    if not isinstance(value, dict):
        raise DraftError("form draft values must be an object")
    _check(value, 0)
    return value


def utc_now() -> datetime:
    return datetime.now(timezone.utc)


def restored_at_label(updated_at: datetime | None) -> str:
    """'HH:MM' in local time, for "Niet-opgeslagen wijzigingen van HH:MM zijn teruggezet"; a draft from another day
    also names the date ('dd-mm-jjjj HH:MM')."""
    if updated_at is None:
        return ""
    local = updated_at.astimezone()
    if local.date() != datetime.now().astimezone().date():
        return local.strftime("%d-%m-%Y %H:%M")
    return local.strftime("%H:%M")


def expiry_cutoff(now: datetime) -> datetime:
    """Drafts kept before this moment (UTC) are past `MAX_AGE` and are destroyed."""
    return now.astimezone(timezone.utc) - MAX_AGE


def is_expired(draft: FormDraft, now: datetime) -> bool:
    return draft.updated_at is not None and draft.updated_at < expiry_cutoff(now)


def not_acted_on(current: dict[str, Any], restored: dict[str, Any] | None) -> bool:
    """True when a form still shows exactly the draft that was put back into it after the unlock: the user did
    not work on it, so the next lock does not keep it again (a draft is offered back once)."""
    return restored is not None and current == restored
