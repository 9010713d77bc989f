"""Backups as a use case: automatic rotating backups, clean-up after a crash, the last good backup, and restore.

- `automatic_backup(register)`: after unlock (the GUI runs it off the UI thread): removes leftover `.tmp-*` files,
  takes at most one backup a day into the policy's folder (`AutomaticBackups`, `BackupFolder`), then rotates
  (`BackupDailyCount`, `BackupWeeklyCount`; domain/backup_rotation.py).
- `clean_leftovers(path)`: at start, when no process has the register open.
- `last_backup(path, policy)`: the newest good backup (a file with a backup name is one that was read back).
- `restore_backup(...)`: verify the backup (key slots, every page, register id, audit chain) on a private copy
  opened read-only, then set the current register aside (renamed, never deleted, with its WAL) and put the copy in
  its place; then open it the normal way and record the restore.

No Qt here; no personal data in any name, message or log line.
"""
from __future__ import annotations

import logging
import os
import shutil
import tempfile
from dataclasses import dataclass
from datetime import date, datetime, timezone
from pathlib import Path
from typing import TYPE_CHECKING

from ketenregie.config import Policy
from ketenregie.domain.audit import AuditAction
from ketenregie.domain.backup_rotation import Rotation, taken_today
from ketenregie.errors import UserFacingError
from ketenregie.paths import ensure_private_dir
from ketenregie.services.register import (Register, RegisterError, RegisterFiles, RegisterInUse, open_register)
from ketenregie.store import errors as store_errors
from ketenregie.store.backup import (TMP_PREFIX, BackupFile, check_copy, delete_backup, list_backups,
                                     remove_leftovers, set_aside)
from ketenregie.store.instance_lock import InstanceLock
from ketenregie.vault import keyslots as vault
from ketenregie.vault.datakey import zero

if TYPE_CHECKING:
    from ketenregie.domain.retention import BackupHorizon

log = logging.getLogger(__name__)

AUTO_LABEL = "auto"


class RestoreError(UserFacingError):
    user_message = "De back-up kon niet worden teruggezet. Er is niets vervangen."


# --- where and how many -----------------------------------------------------------------------------------------

@dataclass(frozen=True)
class BackupPlace:
    folder: Path
    rotation: Rotation
    automatic: bool


def backup_place(register_path: Path, policy: Policy) -> BackupPlace:
    files = RegisterFiles(Path(register_path))
    configured = str(policy.get("BackupFolder") or "").strip()
    folder = Path(os.path.expandvars(configured)).expanduser() if configured else files.backup_dir
    return BackupPlace(folder, Rotation(policy.get("BackupDailyCount"), policy.get("BackupWeeklyCount")),
                       bool(policy.get("AutomaticBackups")))


def _backups(register_path: Path, folder: Path) -> list[BackupFile]:
    register_path = Path(register_path)
    return list_backups(folder, register_path.stem, register_path.suffix)


def _local(moment: datetime) -> datetime:
    return moment.astimezone()


# --- automatic backups ------------------------------------------------------------------------------------------

@dataclass(frozen=True)
class AutoBackupOutcome:
    taken: Path | None  # the new backup, or None (already one today, or switched off)
    rotated_away: int
    leftovers_removed: int


def automatic_backup(register: Register, *, now: datetime | None = None) -> AutoBackupOutcome:
    """Clean leftovers, take today's backup if there is none yet (and policy wants them), rotate. Runs on a
    worker thread; the register's connection lock keeps it apart from the UI's writes."""
    moment = now or datetime.now(timezone.utc)
    place = backup_place(register.files.register, register.policy)
    leftovers = remove_leftovers(register.files.register.parent)
    if place.folder != register.files.register.parent:
        leftovers += remove_leftovers(place.folder)
    taken = None
    today = _local(moment).date()
    existing = _backups(register.files.register, place.folder)
    if place.automatic and not taken_today((_local(b.taken_at) for b in existing), today):
        taken = register.backup(place.folder, AUTO_LABEL, now=moment)
    rotated = rotate(register.files.register, place, today)
    return AutoBackupOutcome(taken, rotated, leftovers)


def rotate(register_path: Path, place: BackupPlace, today: date) -> int:
    """Delete the backups the rotation no longer keeps; returns how many went."""
    backups = _backups(register_path, place.folder)
    keep = place.rotation.keep((_local(b.taken_at) for b in backups), today)
    removed = 0
    for backup in backups:
        if _local(backup.taken_at) not in keep:
            delete_backup(backup)
            removed += 1
    return removed


def clean_leftovers(register_path: Path, policy: Policy) -> int:
    """At start: remove `.tmp-*` files a killed write left beside the register and in the backup folder — only
    when no process has the register open (its writes might still be running)."""
    files = RegisterFiles(Path(register_path))
    if not files.register.parent.is_dir():
        return 0
    try:
        lock = InstanceLock(files.lock).acquire()
    except (store_errors.RegisterInUse, OSError):
        return 0
    try:
        folders = {files.register.parent, backup_place(files.register, policy).folder}
        return sum(remove_leftovers(folder) for folder in folders)
    finally:
        lock.release()


def last_backup(register_path: Path, policy: Policy) -> datetime | None:
    """When the newest good backup in the backup folder was taken (UTC), or None."""
    backups = _backups(register_path, backup_place(register_path, policy).folder)
    return backups[0].taken_at if backups else None


def horizon(register_path: Path, policy: Policy, today: date) -> "BackupHorizon":
    """For the retention view: how many backups exist, the oldest, and until when they can hold today's data."""
    from ketenregie.domain.retention import backup_horizon  # load late: the start needs only clean_leftovers

    place = backup_place(register_path, policy)
    backups = _backups(register_path, place.folder)
    return backup_horizon(today, [_local(b.taken_at).date() for b in backups], place.rotation)


# --- restore ----------------------------------------------------------------------------------------------------

@dataclass(frozen=True)
class RestoreOutcome:
    register: Register  # the restored register, open (the caller owns it)
    set_aside: list[Path]  # the previous register's files, renamed


def restore_backup(register_path: Path, backup: Path, passphrase: str, *, policy: Policy, origin: str = "gui",
                   now: datetime | None = None) -> RestoreOutcome:
    """Put `backup` (+ its `.keys`) in the register's place, after checking it completely.

    The passphrase is the one that was valid when the backup was made. Everything is checked on a private copy
    beside the register, opened read-only (no WAL is read or merged): key slots, every page, the register id,
    the audit chain. Only then is the current register (with its key file and any WAL) renamed to
    `<name>.replaced-<time>…` and the copy renamed into place. `RestoreError` (Dutch) on any problem, with
    nothing replaced."""
    files = RegisterFiles(Path(register_path))
    source = Path(backup)
    source_keys = source.with_name(source.name + ".keys")
    if not source.is_file() or not source_keys.is_file():
        raise RestoreError("Dit is geen back-up van Ketenregie: het bestand of het sleutelbestand ernaast "
                           "(.keys) ontbreekt. Er is niets vervangen.")
    if files.register.exists() and _same_file(source, files.register):
        raise RestoreError("Dit is het register zelf, geen back-up. Er is niets vervangen.")
    try:
        slots = vault.KeySlotFile.load(source_keys)
        key = vault.open_with_passphrase(slots, passphrase)
    except vault.WrongPassphrase:
        raise RestoreError("De wachtwoordzin past niet bij deze back-up. Gebruik de wachtwoordzin die gold toen "
                           "de back-up werd gemaakt. Er is niets vervangen.") from None
    except vault.VaultError as exc:
        raise RestoreError(f"{exc.user_message} (sleutelbestand van de back-up) Er is niets vervangen.") from None
    except OSError:
        raise RestoreError("De back-up kan niet worden gelezen. Er is niets vervangen.") from None
    if not files.register.parent.exists():
        ensure_private_dir(files.register.parent)  # a folder we create is ours: user-only
    try:
        lock = InstanceLock(files.lock).acquire()
    except store_errors.RegisterInUse:
        zero(key)
        raise RestoreError(RegisterInUse.user_message + " Vergrendel of sluit het eerst; er is niets "
                                                        "vervangen.") from None
    copy_db = copy_keys = None
    try:
        copy_db = _private_copy(source, files.register.parent)
        copy_keys = _private_copy(source_keys, files.register.parent)
        _verify(copy_db, key, slots.register_id)
        stamp = now or datetime.now(timezone.utc)
        moved = set_aside(files.register, stamp)
        os.replace(copy_keys, files.keyslots)
        os.replace(copy_db, files.register)
        copy_db = copy_keys = None
        _fsync_dir(files.register.parent)
    finally:
        zero(key)
        for leftover in (copy_db, copy_keys):
            if leftover is not None:
                leftover.unlink(missing_ok=True)
        lock.release()
    log.info("backup restored; previous register set aside (%d files)", len(moved))
    register = open_register(files.register, passphrase, policy=policy, origin=origin)
    try:
        register.audit.record(AuditAction.RESTORED, f"backup:{_stamp_of(source)}")
    except BaseException:
        register.close("quit")
        raise
    return RestoreOutcome(register, moved)


def _verify(copy: Path, key: bytearray, register_id: str) -> None:
    try:
        checked = check_copy(copy, key, audit=True)
    except store_errors.RegisterUnreadable:
        raise RestoreError("De back-up hoort niet bij het sleutelbestand ernaast. Er is niets vervangen.") from None
    except store_errors.StoreError:
        raise RestoreError("De back-up is beschadigd (de controle van de pagina's faalt). Er is niets "
                           "vervangen.") from None
    if checked.register_id != register_id:
        raise RestoreError("Het sleutelbestand hoort niet bij deze back-up. Er is niets vervangen.")
    if not checked.audit_ok:
        raise RestoreError(f"De auditlog in de back-up is niet intact: {checked.audit_message} Er is niets "
                           "vervangen.")


def _private_copy(source: Path, folder: Path) -> Path:
    """A 0600 copy named like every temp file of ours (`.tmp-*`, cleaned up after a crash)."""
    fd, name = tempfile.mkstemp(prefix=TMP_PREFIX, dir=folder)
    try:
        with os.fdopen(fd, "wb") as out, open(source, "rb") as src:
            shutil.copyfileobj(src, out, 1024 * 1024)
            out.flush()
            os.fsync(out.fileno())
    except BaseException:
        Path(name).unlink(missing_ok=True)
        raise
    return Path(name)


def _same_file(a: Path, b: Path) -> bool:
    try:
        return os.path.samefile(a, b)
    except OSError:
        return False


def _stamp_of(backup: Path) -> str:
    """The backup's UTC stamp for the audit reference (no name, no path)."""
    tail = backup.stem.rsplit("-", 1)[-1]
    return tail if tail.isalnum() and len(tail) <= 32 else "extern"


def _fsync_dir(folder: Path) -> None:
    if os.name != "posix":
        return
    fd = os.open(folder, os.O_RDONLY)
    try:
        os.fsync(fd)
    finally:
        os.close(fd)


__all__ = ["AUTO_LABEL", "AutoBackupOutcome", "BackupPlace", "RestoreError", "RestoreOutcome", "RegisterError",
           "automatic_backup", "backup_place", "clean_leftovers", "horizon", "last_backup", "restore_backup",
           "rotate"]
