"""Helpers for the vault tests (imported by name; pytest puts this folder on sys.path)."""
from __future__ import annotations

import hashlib
import json
from dataclasses import dataclass
from pathlib import Path

PASSPHRASE = "Fietsbel wolk pannenkoek caf\u00e9 ladder"  # contains an NFC 'é' on purpose


@dataclass(frozen=True)
class Made:
    raw: bytes  # the saved key-slot file
    data_key: bytes
    code: str
    passphrase: str

    def write(self, folder: Path, raw: bytes | None = None) -> Path:
        path = folder / "register.keyslots"
        path.write_bytes(self.raw if raw is None else raw)
        return path


def canonical(value) -> bytes:
    return json.dumps(value, sort_keys=True, separators=(",", ":"), ensure_ascii=True).encode("ascii")


def reseal(document: dict, *, mac: str | None = None, slots: bool = False) -> bytes:
    """Recompute the checksum like an attacker (or a careless tool) would; keep or replace the mac.
    `slots=True` recomputes each slot's own checksum too (a thorough attacker)."""
    if slots:
        for slot in document["slots"]:
            content = {k: v for k, v in slot.items() if k != "checksum"}
            slot["checksum"] = hashlib.sha256(canonical(content)).hexdigest()
    body = {k: v for k, v in document.items() if k not in ("checksum", "mac")}
    out = dict(body, checksum=hashlib.sha256(canonical(body)).hexdigest(),
               mac=document.get("mac") if mac is None else mac)
    return json.dumps(out).encode("utf-8")


def slot_of(document: dict, kind: str) -> dict:
    return next(s for s in document["slots"] if s["kind"] == kind)
