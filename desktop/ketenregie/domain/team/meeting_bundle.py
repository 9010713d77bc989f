"""The payloads of the team lead's bundle kinds (issue 14 item 5), inside the bundle format of bundle.py.

- "overleg" (coordinator -> team lead): one planned casuïstiekoverleg with its agenda items exactly as the agenda
  PDF shows them (heading = pseudonym, or "name (pseudonym)" only where consent covers all participants; the
  question, the pseudonymised summary, the time box and times, the case's state note). Each item carries an
  OPAQUE random item id; the coordinator's register alone maps it to the agenda item (and so to the case).
  Never a case number, never a case id.
- "overleg-resultaat" (team lead -> coordinator): per opaque item id the agreements (texts) and actions (text,
  owner, optional partner reference, due date). Discussion points stay in the team lead's register.
- "monitorcijfers" (coordinator -> team lead): the monitor's suppressed figures as rows (the same rows as the CSV
  export) and the monitor report PDF. Anonymous totals only.

Parsing is strict: exactly the known keys, the right types, bounded sizes; anything else is BundleInvalid.
Pure domain: no Qt, no database.
"""
from __future__ import annotations

import base64
import binascii
import re
from dataclasses import dataclass, field
from datetime import date, datetime

from ketenregie.domain.meetings import MeetingKind, ParticipantRole
from ketenregie.domain.team.errors import BundleInvalid

ITEM_ID = re.compile(r"^[0-9a-f]{32}$")
MAX_ITEMS = 200
MAX_TEXT = 20_000
MAX_RECORDS = 200
OWNERS = ("self", "partner", "resident")
RECORD_AGREEMENT, RECORD_ACTION = "agreement", "action"


@dataclass(frozen=True)
class MeetingParticipantPayload:
    organisation: str
    role: str
    partner: int | None  # the partner's row id in the coordinator's register (an action's owner), or None


@dataclass(frozen=True)
class MeetingItemPayload:
    item_id: str
    pseudonym: str
    heading: str
    question: str
    summary: str
    time_box_minutes: int
    starts: str  # "09.30", as on the agenda
    ends: str
    status_note: str

    @property
    def named(self) -> bool:
        return self.heading != self.pseudonym

    @property
    def name(self) -> str | None:
        """The resident's name where consent allowed it (the heading is "name (pseudonym)"), else None."""
        suffix = f" ({self.pseudonym})"
        return self.heading[:-len(suffix)] if self.named and self.heading.endswith(suffix) else None


@dataclass(frozen=True)
class MeetingPayload:
    starts_at: datetime
    duration_minutes: int
    location: str
    online: bool
    chair: str
    purpose: str
    kind: str
    participants: tuple[MeetingParticipantPayload, ...]
    items: tuple[MeetingItemPayload, ...]

    def as_dict(self) -> dict:
        return {
            "meeting": {"starts_at": self.starts_at.isoformat(timespec="minutes"),
                        "duration_minutes": self.duration_minutes, "location": self.location,
                        "online": self.online, "chair": self.chair, "purpose": self.purpose, "kind": self.kind},
            "participants": [{"organisation": p.organisation, "role": p.role, "partner": p.partner}
                             for p in self.participants],
            "items": [{"item_id": i.item_id, "pseudonym": i.pseudonym, "heading": i.heading,
                       "question": i.question, "summary": i.summary, "time_box_minutes": i.time_box_minutes,
                       "starts": i.starts, "ends": i.ends, "status_note": i.status_note} for i in self.items],
        }


@dataclass(frozen=True)
class ResultAction:
    text: str
    owner: str
    partner: int | None
    due: date


@dataclass(frozen=True)
class ResultItem:
    item_id: str
    agreements: tuple[str, ...] = ()
    actions: tuple[ResultAction, ...] = ()


@dataclass(frozen=True)
class ResultPayload:
    meeting_bundle_id: str
    items: tuple[ResultItem, ...] = field(default_factory=tuple)

    def as_dict(self) -> dict:
        return {"meeting_bundle_id": self.meeting_bundle_id,
                "items": [{"item_id": i.item_id, "agreements": list(i.agreements),
                           "actions": [{"text": a.text, "owner": a.owner, "partner": a.partner,
                                        "due": a.due.isoformat()} for a in i.actions]} for i in self.items]}


@dataclass(frozen=True)
class MonitorPayload:
    title: str
    period_start: date
    period_end: date
    rule: str
    rows: tuple[tuple[str, str, str, str, str], ...]
    pdf: bytes

    def as_dict(self) -> dict:
        return {"title": self.title, "period_start": self.period_start.isoformat(),
                "period_end": self.period_end.isoformat(), "rule": self.rule, "rows": [list(r) for r in self.rows],
                "pdf": base64.b64encode(self.pdf).decode("ascii")}


# --- strict parsing -------------------------------------------------------------------------------------------

def _keys(raw, keys: set[str]) -> dict:
    if not isinstance(raw, dict) or set(raw) != keys:
        raise BundleInvalid()
    return raw


def _text(value, limit: int = MAX_TEXT) -> str:
    if not isinstance(value, str) or len(value) > limit:
        raise BundleInvalid()
    return value


def _int(value, low: int, high: int) -> int:
    if not isinstance(value, int) or isinstance(value, bool) or not low <= value <= high:
        raise BundleInvalid()
    return value


def _optional_int(value) -> int | None:
    return None if value is None else _int(value, 1, 2 ** 62)


def _list(value, limit: int) -> list:
    if not isinstance(value, list) or len(value) > limit:
        raise BundleInvalid()
    return value


def _item_id(value) -> str:
    if not isinstance(value, str) or not ITEM_ID.match(value):
        raise BundleInvalid()
    return value


def parse_meeting(payload: dict) -> MeetingPayload:
    raw = _keys(payload, {"meeting", "participants", "items"})
    m = _keys(raw["meeting"], {"starts_at", "duration_minutes", "location", "online", "chair", "purpose", "kind"})
    try:
        starts_at = datetime.fromisoformat(_text(m["starts_at"], 40))
    except ValueError:
        raise BundleInvalid() from None
    if not isinstance(m["online"], bool) or m["kind"] not in {k.value for k in MeetingKind}:
        raise BundleInvalid()
    participants = tuple(
        MeetingParticipantPayload(_text(p["organisation"], 500), _text(p["role"], 40), _optional_int(p["partner"]))
        for p in (_keys(x, {"organisation", "role", "partner"}) for x in _list(raw["participants"], MAX_ITEMS)))
    items = []
    for x in _list(raw["items"], MAX_ITEMS):
        i = _keys(x, {"item_id", "pseudonym", "heading", "question", "summary", "time_box_minutes", "starts",
                      "ends", "status_note"})
        items.append(MeetingItemPayload(_item_id(i["item_id"]), _text(i["pseudonym"], 100), _text(i["heading"], 300),
                                        _text(i["question"]), _text(i["summary"]),
                                        _int(i["time_box_minutes"], 1, 24 * 60), _text(i["starts"], 10),
                                        _text(i["ends"], 10), _text(i["status_note"], 500)))
    if any(p.role not in {r.value for r in ParticipantRole} for p in participants):
        raise BundleInvalid()
    ids = [i.item_id for i in items]
    pseudonyms = [i.pseudonym for i in items]
    if len(set(ids)) != len(ids) or len(set(pseudonyms)) != len(pseudonyms) or not all(pseudonyms):
        raise BundleInvalid()
    return MeetingPayload(starts_at, _int(m["duration_minutes"], 1, 24 * 60), _text(m["location"], 1000),
                          m["online"], _text(m["chair"], 500), _text(m["purpose"], 2000), _text(m["kind"], 40),
                          participants, tuple(items))


def parse_result(payload: dict) -> ResultPayload:
    raw = _keys(payload, {"meeting_bundle_id", "items"})
    bundle_id = raw["meeting_bundle_id"]
    if not isinstance(bundle_id, str) or not ITEM_ID.match(bundle_id):
        raise BundleInvalid()
    items = []
    for x in _list(raw["items"], MAX_ITEMS):
        i = _keys(x, {"item_id", "agreements", "actions"})
        agreements = tuple(_text(t) for t in _list(i["agreements"], MAX_RECORDS))
        actions = []
        for y in _list(i["actions"], MAX_RECORDS):
            a = _keys(y, {"text", "owner", "partner", "due"})
            if a["owner"] not in OWNERS:
                raise BundleInvalid()
            try:
                due = date.fromisoformat(_text(a["due"], 10))
            except ValueError:
                raise BundleInvalid() from None
            partner = _optional_int(a["partner"])
            if (a["owner"] == "partner") != (partner is not None):
                raise BundleInvalid()
            actions.append(ResultAction(_text(a["text"]), a["owner"], partner, due))
        if any(not t.strip() for t in agreements) or any(not a.text.strip() for a in actions):
            raise BundleInvalid()
        items.append(ResultItem(_item_id(i["item_id"]), agreements, tuple(actions)))
    ids = [i.item_id for i in items]
    if len(set(ids)) != len(ids):
        raise BundleInvalid()
    return ResultPayload(bundle_id, tuple(items))


def parse_monitor(payload: dict) -> MonitorPayload:
    raw = _keys(payload, {"title", "period_start", "period_end", "rule", "rows", "pdf"})
    try:
        start = date.fromisoformat(_text(raw["period_start"], 10))
        end = date.fromisoformat(_text(raw["period_end"], 10))
        pdf = base64.b64decode(_text(raw["pdf"], 64 * 1024 * 1024).encode("ascii"), validate=True)
    except (ValueError, binascii.Error):
        raise BundleInvalid() from None
    rows = []
    for row in _list(raw["rows"], 20_000):
        if not isinstance(row, list) or len(row) != 5:
            raise BundleInvalid()
        rows.append(tuple(_text(v, 1000) for v in row))
    if not pdf.startswith(b"%PDF-"):
        raise BundleInvalid()
    return MonitorPayload(_text(raw["title"], 300), start, end, _text(raw["rule"], 2000), tuple(rows), pdf)
