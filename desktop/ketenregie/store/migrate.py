"""Numbered schema migrations (store/migrations/NNNN_name.sql), applied in one transaction at open."""
from __future__ import annotations

import re
from collections.abc import Callable
from dataclasses import dataclass
from pathlib import Path

from sqlcipher3 import dbapi2 as sqlcipher

from ketenregie.store.database import Database
from ketenregie.store.errors import MigrationFailed, RegisterTooNew

MIGRATIONS_DIR = Path(__file__).with_name("migrations")
_NAME = re.compile(r"^(\d{4})_[a-z0-9_]+\.sql$")


@dataclass(frozen=True)
class Migration:
    number: int
    name: str
    path: Path

    def statements(self) -> list[str]:
        """Split the script into complete statements (triggers contain ';' inside BEGIN..END)."""
        statements, buffer = [], ""
        for line in self.path.read_text(encoding="utf-8").splitlines(keepends=True):
            if not buffer and (not line.strip() or line.lstrip().startswith("--")):
                continue
            buffer += line
            if sqlcipher.complete_statement(buffer):
                statements.append(buffer.strip())
                buffer = ""
        if buffer.strip():
            raise ValueError(f"incomplete statement at the end of {self.path.name}")
        return statements


def all_migrations() -> list[Migration]:
    found = []
    for path in sorted(MIGRATIONS_DIR.iterdir()):
        match = _NAME.match(path.name)
        if match:
            found.append(Migration(int(match.group(1)), path.stem, path))
    numbers = [m.number for m in found]
    if len(set(numbers)) != len(numbers):
        raise RuntimeError("two migrations share a number")
    return found  # sorted by name = by number; tests/store/test_migrations.py also demands no gaps


def latest_version() -> int:
    found = all_migrations()
    return found[-1].number if found else 0


def schema_version(db: Database) -> int:
    return db.query_one("PRAGMA user_version")[0]


def pending_migrations(db: Database) -> list[Migration]:
    current = schema_version(db)
    if current > latest_version():
        raise RegisterTooNew()
    return [m for m in all_migrations() if m.number > current]


def apply_migrations(db: Database, before_first: Callable[[int], None] | None = None) -> list[Migration]:
    """Apply every pending migration in ONE transaction; `before_first(old_version)` runs first (the backup)."""
    pending = pending_migrations(db)
    if not pending:
        return []
    if before_first is not None:
        before_first(schema_version(db))
    try:
        with db.transaction() as conn:
            for migration in pending:
                for statement in migration.statements():
                    conn.execute(statement)
            conn.execute(f"PRAGMA user_version = {pending[-1].number}")
    except sqlcipher.DatabaseError as exc:
        raise MigrationFailed() from exc
    return pending
