"""Encrypted backups of the register: a byte copy of the (already encrypted) database plus its key-slot file."""
from __future__ import annotations

from datetime import datetime, timezone
from pathlib import Path

from ketenregie.atomic import write_atomic
from ketenregie.paths import ensure_private_dir
from ketenregie.store.database import Database


def backup_register(db: Database, register: Path, keyslots: Path, backup_dir: Path, label: str) -> Path:
    """Copy the register (after a WAL checkpoint, so the main file is complete) into `backup_dir`.

    The copy stays encrypted with the same data key; the key-slot file is copied with it so the backup can be
    opened with the passphrase or recovery code that was valid at the time. Names carry no personal data."""
    ensure_private_dir(backup_dir)
    stamp = datetime.now(timezone.utc).strftime("%Y%m%dT%H%M%SZ")
    target = backup_dir / f"{register.stem}-{label}-{stamp}{register.suffix}"
    with db.exclusive():  # no write or auto-checkpoint of ours can change the file while it is copied
        db.checkpoint()
        data = register.read_bytes()
        keys = keyslots.read_bytes() if keyslots.exists() else None
    write_atomic(target, data)
    if keys is not None:
        write_atomic(target.with_name(target.name + ".keys"), keys)
    return target


