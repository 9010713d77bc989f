"""Encrypted backups of the register: a byte copy of the (already encrypted) database plus its key-slot file.

Also the file-level parts of restoring and re-keying: opening a copy read-only (it can neither write nor merge a
WAL), checking it, setting the current register aside, and SQLCipher's `PRAGMA rekey`. Names carry no personal
data: `<register stem>-<label>-<UTC stamp>.ketenregie` (+ `.keys`).
"""
from __future__ import annotations

import os
import re
from collections.abc import Iterator
from contextlib import contextmanager
from dataclasses import dataclass
from datetime import datetime, timezone
from pathlib import Path

from sqlcipher3 import dbapi2 as sqlcipher

from ketenregie.atomic import write_atomic
from ketenregie.paths import ensure_private_dir
from ketenregie.store.audit_log import AuditLog
from ketenregie.store.connection import Connection, apply_rekey, check_integrity, connect_readonly
from ketenregie.store.database import Database
from ketenregie.store.errors import RegisterCorrupt
from ketenregie.store.meta import read_register_id

STAMP_FORMAT = "%Y%m%dT%H%M%SZ"
KEYS_SUFFIX = ".keys"
TMP_PREFIX = ".tmp-"  # atomic.write_atomic's temp files; a kill during a write leaves one behind
_LABEL = re.compile(r"[a-z0-9]{1,16}")


@dataclass(frozen=True)
class BackupFile:
    path: Path
    label: str
    taken_at: datetime  # UTC

    @property
    def keyslots(self) -> Path:
        return self.path.with_name(self.path.name + KEYS_SUFFIX)


def backup_name(stem: str, label: str, taken_at: datetime, suffix: str) -> str:
    if not _LABEL.fullmatch(label):
        raise ValueError("backup label: 1-16 lowercase letters or digits")
    return f"{stem}-{label}-{taken_at.astimezone(timezone.utc).strftime(STAMP_FORMAT)}{suffix}"


def backup_register(db: Database, register: Path, keyslots: Path, backup_dir: Path, label: str,
                    key: bytes | bytearray | None = None, *,
                    now: datetime | None = None) -> Path:
    """Copy the register (after a WAL checkpoint, so the main file is complete) into `backup_dir`.

    The copy stays encrypted with the same data key; the key-slot file is copied with it so the backup can be
    opened with the passphrase or recovery code that was valid at the time. With `key`, the copy is read back
    (integrity of every page) before it gets its final name, so a file with a backup name is a good backup."""
    ensure_private_dir(backup_dir)
    taken_at = now or datetime.now(timezone.utc)
    target = backup_dir / backup_name(register.stem, label, taken_at, register.suffix)
    with db.exclusive():  # no write or auto-checkpoint of ours can change the file while it is copied
        db.checkpoint()
        data = register.read_bytes()
        keys = keyslots.read_bytes() if keyslots.exists() else None
    keys_target = target.with_name(target.name + KEYS_SUFFIX)
    if keys is not None:  # the key file first: a backup name never appears without its keys beside it
        write_atomic(keys_target, keys)
    try:
        write_atomic(target, data, verify=(lambda tmp: check_copy(tmp, key)) if key is not None else None)
    except BaseException:
        keys_target.unlink(missing_ok=True)
        raise
    return target


def list_backups(folder: Path, stem: str, suffix: str) -> list[BackupFile]:
    """The backups of register `stem` in `folder` (with their key file beside them), newest first."""
    pattern = re.compile(re.escape(stem) + r"-([a-z0-9]{1,16})-(\d{8}T\d{6}Z)" + re.escape(suffix))
    found = []
    try:
        entries = list(folder.iterdir())
    except (FileNotFoundError, NotADirectoryError):
        return []
    for entry in entries:
        match = pattern.fullmatch(entry.name)
        if not match or not entry.is_file():
            continue
        taken_at = datetime.strptime(match.group(2), STAMP_FORMAT).replace(tzinfo=timezone.utc)
        backup = BackupFile(entry, match.group(1), taken_at)
        if backup.keyslots.is_file():
            found.append(backup)
    return sorted(found, key=lambda b: (b.taken_at, b.path.name), reverse=True)


def delete_backup(backup: BackupFile) -> None:
    """Remove a backup (database first, so a half-deleted pair never looks like a backup)."""
    backup.path.unlink(missing_ok=True)
    backup.keyslots.unlink(missing_ok=True)


def remove_leftovers(folder: Path) -> int:
    """Delete temp files an interrupted atomic write left in `folder` (only ours: `.tmp-*` regular files).
    Returns how many went. The caller makes sure no write of ours is running (it holds the register's lock)."""
    removed = 0
    try:
        entries = list(folder.iterdir())
    except (FileNotFoundError, NotADirectoryError):
        return 0
    for entry in entries:
        if entry.name.startswith(TMP_PREFIX) and entry.is_file() and not entry.is_symlink():
            entry.unlink(missing_ok=True)
            removed += 1
    return removed


# --- reading a copy without changing it ------------------------------------------------------------------------

@contextmanager
def open_read_only(path: Path, key: bytes | bytearray) -> Iterator[Connection]:
    """A connection that cannot write and ignores any -wal beside the file (`immutable=1`), so a stale WAL is never
    merged. RegisterUnreadable when the key does not fit, RegisterCorrupt on damage."""
    conn = connect_readonly(Path(path).resolve(), key, ignore_wal=True)
    try:
        yield conn
    finally:
        conn.close()


@dataclass(frozen=True)
class CopyCheck:
    register_id: str | None
    audit_ok: bool
    audit_rows: int
    audit_message: str


def check_copy(path: Path, key: bytes | bytearray, *, audit: bool = False) -> CopyCheck:
    """Every page's HMAC and the b-tree (RegisterCorrupt), the register id, and with `audit` the audit chain."""
    with open_read_only(path, key) as conn:
        check_integrity(conn)
        db = Database(conn)
        try:
            register_id = read_register_id(db)
        except sqlcipher.DatabaseError:
            raise RegisterCorrupt() from None
        if not audit:
            return CopyCheck(register_id, True, 0, "")
        result = AuditLog(db, origin="restore").verify()
        return CopyCheck(register_id, result.ok, result.checked, result.message)


# --- re-keying and setting aside ----------------------------------------------------------------------------

def rekey_database(db: Database, new_key: bytes | bytearray) -> None:
    """Re-encrypt every page under `new_key` (SQLCipher `PRAGMA rekey`, one transaction inside SQLCipher), then
    checkpoint, so neither the main file nor a WAL keeps pages under the old key."""
    if len(new_key) != 32:
        raise ValueError("data key must be 32 bytes")
    with db.exclusive() as conn:
        db.checkpoint()
        apply_rekey(conn, new_key)  # no hex copy of the new key stays in memory
        db.checkpoint()
        conn.execute("SELECT count(*) FROM sqlite_master").fetchone()  # readable under the new key


def set_aside(register: Path, stamp: datetime) -> list[Path]:
    """Rename the register, its key file and any -wal/-shm/-journal to `<name>.replaced-<stamp>…` (kept, not
    deleted; the WAL stays with the file it belongs to). Returns the new paths."""
    tag = f".replaced-{stamp.astimezone(timezone.utc).strftime(STAMP_FORMAT)}"
    moved = []
    for suffix in ("-wal", "-shm", "-journal", KEYS_SUFFIX, ""):
        source = register.with_name(register.name + suffix)
        if source.exists():
            target = register.with_name(register.name + tag + suffix)
            os.replace(source, target)
            moved.append(target)
    return moved
