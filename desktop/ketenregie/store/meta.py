"""Register metadata (the `meta` table): identity of the register, bound to its key-slot file."""
from __future__ import annotations

from ketenregie.store.database import Database


def read_register_id(db: Database) -> str | None:
    row = db.query_one("SELECT value FROM meta WHERE key = 'register_id'")
    return row[0] if row else None


def write_register_id(db: Database, register_id: str) -> None:
    db.execute("INSERT INTO meta (key, value) VALUES ('register_id', ?)", (register_id,))
