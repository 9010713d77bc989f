"""The register: creating, unlocking and closing the one encrypted register a user works in.

An open, unlocked register is one `Register` object. It joins the key slots (vault) and the SQLCipher database
(store); the UI and the CLI hold it only while unlocked, and `close()` drops the key and the connection.
Every failure becomes a `RegisterError` whose Dutch `user_message` is safe to show and names no resident.
"""
from __future__ import annotations

import os
import uuid
from collections.abc import Callable
from dataclasses import dataclass
from datetime import datetime
from pathlib import Path

from ketenregie.config import Policy
from ketenregie.errors import UserFacingError
from ketenregie.domain import recovery_code as recovery_codes
from ketenregie.domain.audit import AuditAction
from ketenregie.domain.passphrase_policy import PassphraseAssessment, check as check_passphrase
from ketenregie.paths import ensure_private_dir
from ketenregie.store import errors as store_errors
from ketenregie.store.audit_log import AuditLog
from ketenregie.store.backup import backup_register, rekey_database
from ketenregie.store.connection import check_integrity, connect
from ketenregie.store.database import Database
from ketenregie.store.instance_lock import InstanceLock
from ketenregie.store.meta import read_register_id, write_register_id
from ketenregie.store.migrate import apply_migrations, pending_migrations
from ketenregie.store.partner_repository import ensure_default_partners
from ketenregie.vault import keyslots as vault
from ketenregie.vault.kdf import KdfParams, calibrate
from ketenregie.vault.datakey import zero

KEYSLOT_SUFFIX = ".keys"
LOCK_SUFFIX = ".lock"
PENDING_SUFFIX = ".new"


# --- errors ------------------------------------------------------------------------------------------------

class RegisterError(UserFacingError):
    user_message = "Het register kon niet worden geopend."


class RegisterNotFound(RegisterError):
    user_message = "Er is op deze plek geen register gevonden."


class RegisterAlreadyExists(RegisterError):
    user_message = "Op deze plek staat al een register; er is niets overschreven."


class RegisterInUse(RegisterError):
    user_message = store_errors.RegisterInUse.user_message


class RegisterDamaged(RegisterError):
    user_message = store_errors.RegisterCorrupt.user_message


class RegisterTooNew(RegisterError):
    user_message = store_errors.RegisterTooNew.user_message


class MigrationFailed(RegisterError):
    user_message = store_errors.MigrationFailed.user_message


class KeySlotsDamaged(RegisterError):
    user_message = ("Het sleutelbestand naast het register ontbreekt, is beschadigd of is gewijzigd. "
                    "Er is niets gewijzigd. Zet het sleutelbestand uit een back-up terug.")


class WrongPassphrase(RegisterError):
    user_message = "De wachtwoordzin klopt niet. Let op hoofdletters en de Caps Lock-toets."


class WrongRecoveryCode(RegisterError):
    user_message = "Deze herstelcode hoort niet bij dit register."


class RecoveryCodeInvalid(RegisterError):
    user_message = "De herstelcode is niet goed overgenomen."

    def __init__(self, user_message: str | None = None, bad_groups: list[int] | None = None) -> None:
        super().__init__(user_message)
        self.bad_groups = bad_groups or []


class DeviceSecretMissing(RegisterError):
    user_message = ("Het apparaatgeheim van dit register staat niet (meer) in de sleutelbos van dit account. "
                    "Open het register met de herstelcode.")


class WeakPassphrase(RegisterError):
    user_message = "De nieuwe wachtwoordzin voldoet niet."


_STORE_ERRORS: dict[type, type[RegisterError]] = {
    store_errors.RegisterInUse: RegisterInUse,
    store_errors.RegisterCorrupt: RegisterDamaged,
    store_errors.RegisterTooNew: RegisterTooNew,
    store_errors.MigrationFailed: MigrationFailed,
}
_VAULT_ERRORS: dict[type, type[RegisterError]] = {
    vault.WrongPassphrase: WrongPassphrase,
    vault.WrongRecoveryCode: WrongRecoveryCode,
    vault.KeySlotFileDamaged: KeySlotsDamaged,
    vault.DeviceSecretMissing: DeviceSecretMissing,
}


def _translate(exc: Exception) -> RegisterError:
    if isinstance(exc, vault.DeviceSecretUnreachable):  # the keyring is locked or gone: say that, not "missing"
        return DeviceSecretMissing(exc.user_message)
    for table in (_STORE_ERRORS, _VAULT_ERRORS):
        for source, target in table.items():
            if isinstance(exc, source):
                return target()
    if isinstance(exc, store_errors.RegisterUnreadable):
        # The key was authenticated by its slot, so a page-1 decryption failure means damage or a mix-up.
        return RegisterDamaged("Het register is beschadigd of hoort niet bij het sleutelbestand ernaast. "
                               "Er is niets gewijzigd.")
    raise exc


# --- files -------------------------------------------------------------------------------------------------

@dataclass(frozen=True)
class RegisterFiles:
    register: Path

    @property
    def keyslots(self) -> Path:
        return self.register.with_name(self.register.name + KEYSLOT_SUFFIX)

    @property
    def pending_keyslots(self) -> Path:
        """The new key-slot file while a re-key is under way (see `_settle_interrupted_rekey`)."""
        return self.register.with_name(self.register.name + KEYSLOT_SUFFIX + PENDING_SUFFIX)

    @property
    def lock(self) -> Path:
        return self.register.with_name(self.register.name + LOCK_SUFFIX)

    @property
    def backup_dir(self) -> Path:
        return self.register.parent / "backups"

    @property
    def display_name(self) -> str:
        return self.register.stem

    def exists(self) -> bool:
        return self.register.exists()


def register_exists(path: Path) -> bool:
    return RegisterFiles(Path(path)).exists()


# --- the open register -------------------------------------------------------------------------------------

class Register:
    def __init__(self, files: RegisterFiles, register_id: str, db: Database, slots: vault.KeySlotFile,
                 key: bytearray, lock: InstanceLock, audit: AuditLog, policy: Policy) -> None:
        self.files = files
        self.register_id = register_id
        self.db = db
        self.audit = audit
        self.policy = policy
        self._slots = slots
        self._key: bytearray | None = key
        self._lock = lock
        self.notices: list[str] = []  # Dutch, for the user: e.g. the device secret could not be kept

    @property
    def name(self) -> str:
        return self.files.display_name

    @property
    def is_open(self) -> bool:
        return self._key is not None and self.db.is_open

    @property
    def uses_device_secret(self) -> bool:
        return self._slots.has_device_secret()

    def change_passphrase(self, current: str, new: str, *, kdf: KdfParams | None = None,
                          progress: Progress | None = None) -> str:
        """Re-key: a new data key for the database (SQLCipher `rekey`) and new key slots for the new passphrase
        and a NEW recovery code, which is returned (show it once). Old key files (e.g. beside a backup) with the
        old passphrase or code keep opening only those old backups, never this register again."""
        self._require_key()
        report = progress or _no_progress
        report(0, REKEY_STEPS, "Huidige wachtwoordzin controleren…")
        try:
            zero(vault.open_with_passphrase(self._slots, current))  # proves the current passphrase only
        except vault.VaultError as exc:
            raise _translate(exc) from None
        _require_strong(new, self.policy)
        return self._rekey(new, kdf or calibrate_kdf(self.policy), AuditAction.PASSPHRASE_CHANGED, report)

    def _rekey(self, new_passphrase: str, kdf: KdfParams, action: AuditAction, report: "Progress") -> str:
        """New data key + SQLCipher rekey + new slots (new passphrase, new recovery code); one audit entry.

        Crash-safe order: the new slots are written beside the old ones (`<register>.keys.new`) before the
        database is re-keyed in its own transaction, and renamed over the old ones after; an unlock after a crash
        in between finds which of the two key files opens the database (`_settle_interrupted_rekey`)."""
        old_key = self._require_key()
        report(1, REKEY_STEPS, "Nieuwe sleutels maken…")
        new_slots, new_key, code = _rekey_slots(self._slots, old_key, new_passphrase, kdf, self.notices)
        pending = self.files.pending_keyslots
        try:
            new_slots.save(pending, new_key)
            report(2, REKEY_STEPS, "Het register opnieuw versleutelen…")
            rekey_database(self.db, new_key)
        except BaseException:
            pending.unlink(missing_ok=True)  # the database still has the old key
            zero(new_key)
            vault.forget_device_secrets(vault.obsolete_device_secrets(new_slots, self._slots))
            raise
        # From here the database opens only with the new key: hold it at once, whatever happens next.
        zero(old_key)
        self._key = new_key
        old_slots, self._slots = self._slots, new_slots
        report(3, REKEY_STEPS, "Sleutelbestand vervangen…")
        try:
            _promote_pending(self.files)
            promoted = True
        except OSError:
            promoted = False
        with self.db.transaction():  # the re-key happened either way: it is audited either way
            self.audit.record(action, "rekey:new_data_key")
        if not promoted:
            raise RegisterError("Het register is opnieuw versleuteld, maar het sleutelbestand kon niet worden "
                                "vervangen. Bij het volgende openen met de nieuwe wachtwoordzin wordt dat "
                                "afgerond.")
        vault.forget_device_secrets(vault.obsolete_device_secrets(old_slots, new_slots))
        report(REKEY_STEPS, REKEY_STEPS, "Klaar.")
        return code

    def backup(self, folder: Path | None = None, label: str = "backup", *, now: datetime | None = None) -> Path:
        """An encrypted copy (database + key-slot file) in `folder` (default: the backups folder beside the
        register); it opens with the passphrase or recovery code valid now. The copy is read back (every page)
        before it gets its name, so a backup file is a good backup."""
        target = backup_register(self.db, self.files.register, self.files.keyslots,
                                 Path(folder) if folder else self.files.backup_dir, label, self._require_key(),
                                 now=now)
        self.audit.record(AuditAction.BACKUP, f"backup:{label}")
        return target

    def close(self, reason: str = "manual") -> None:
        """Audit the lock, close the database and zero the key we hold. Safe to call twice."""
        if self._key is None:
            return
        try:
            if self.db.is_open:
                self.audit.record(AuditAction.LOCKED, f"reason:{reason}")
        finally:
            try:
                self.db.close()
            finally:
                zero(self._key)
                self._key = None
                self._lock.release()

    def _require_key(self) -> bytearray:
        if self._key is None:
            raise RegisterError("Het register is vergrendeld.")
        return self._key

    def __enter__(self) -> "Register":
        return self

    def __exit__(self, *exc_info: object) -> None:
        self.close("quit")


# --- creating and opening ----------------------------------------------------------------------------------

def assess_passphrase(passphrase: str, policy: Policy) -> PassphraseAssessment:
    return check_passphrase(passphrase, policy.get("PassphraseMinLength"))


def calibrate_kdf(policy: Policy) -> KdfParams:
    """Argon2id parameters that take about the policy's target time on this machine (never below the floor)."""
    return calibrate(target_seconds=policy.get("KdfTargetMilliseconds") / 1000)


def _require_strong(passphrase: str, policy: Policy) -> None:
    assessment = assess_passphrase(passphrase, policy)
    if not assessment.ok:
        raise WeakPassphrase(" ".join(assessment.problems) or WeakPassphrase.user_message)


def create_register(path: Path, passphrase: str, *, policy: Policy, kdf: KdfParams | None = None,
                    origin: str = "gui") -> tuple[Register, str, list[str]]:
    """Create a new register; returns (open register, recovery code to show once, notices for the user)."""
    files = RegisterFiles(Path(path))
    if files.register.exists() or files.keyslots.exists():
        raise RegisterAlreadyExists()
    _require_strong(passphrase, policy)
    ensure_private_dir(files.register.parent)
    lock = _acquire(files)
    key: bytearray | None = None
    slots: vault.KeySlotFile | None = None
    db: Database | None = None
    created = False
    try:
        register_id = uuid.uuid4().hex
        slots, key, code, notices = vault.create_keyslots(
            register_id, passphrase, kdf=kdf or calibrate_kdf(policy),
            use_device_secret=bool(policy.get("DeviceSecret")))
        # Create the file ourselves so it is user-only from the first byte (SQLite's WAL copies its mode).
        os.close(os.open(files.register, os.O_RDWR | os.O_CREAT | os.O_EXCL, 0o600))
        created = True
        db = Database(connect(files.register, key))
        apply_migrations(db)
        audit = AuditLog(db, origin=origin)
        with db.transaction():
            write_register_id(db, register_id)
            ensure_default_partners(db)
            audit.record(AuditAction.REGISTER_CREATED)
        slots.save(files.keyslots, key)
        return Register(files, register_id, db, slots, key, lock, audit, policy), code, notices
    except BaseException as exc:
        if db is not None:
            db.close()
        if key is not None:
            zero(key)
        if slots is not None:
            vault.forget_device_secrets(slots)
        if created:
            for leftover in (files.register, files.keyslots, *_sidecars(files.register)):
                leftover.unlink(missing_ok=True)
        lock.release()
        if isinstance(exc, (store_errors.StoreError, vault.VaultError)):
            raise _translate(exc) from None
        raise


def open_register(path: Path, passphrase: str, *, policy: Policy, origin: str = "gui",
                  failed_attempts: int = 0) -> Register:
    """Unlock with the passphrase. `failed_attempts` (failures since the last success) go into the audit log."""
    register = _unlock(path, lambda slots: vault.open_with_passphrase(slots, passphrase), policy, origin)
    with register.db.transaction():
        for _ in range(min(failed_attempts, 100)):
            register.audit.record(AuditAction.UNLOCK_FAILED, result="failed")
        register.audit.record(AuditAction.UNLOCKED)
    return register


def open_with_recovery_code(path: Path, code: str, new_passphrase: str, *, policy: Policy,
                            kdf: KdfParams | None = None, origin: str = "gui",
                            progress: Progress | None = None) -> tuple[Register, str]:
    """Unlock with the recovery code; forces a new passphrase, re-keys the database (a new data key, so the old
    code and old key files stop opening it) and issues a new recovery code (returned)."""
    try:
        bad_groups = recovery_codes.validate(code)
    except recovery_codes.RecoveryCodeFormatError as exc:
        raise RecoveryCodeInvalid(exc.user_message) from None
    if bad_groups:
        numbers = ", ".join(str(i + 1) for i in bad_groups)
        raise RecoveryCodeInvalid(f"Controleer groep {numbers} van de herstelcode: daar zit een typefout.",
                                  bad_groups)
    _require_strong(new_passphrase, policy)
    register = _unlock(path, lambda slots: vault.open_with_recovery_code(slots, code), policy, origin)
    try:
        new_code = register._rekey(new_passphrase, kdf or calibrate_kdf(policy), AuditAction.RECOVERY_USED,
                                   progress or _no_progress)
        register.audit.record(AuditAction.UNLOCKED)
    except BaseException:
        register.close("quit")
        raise
    return register, new_code


# --- re-keying (issue 10 item 8) ------------------------------------------------------------------------------

Progress = Callable[[int, int, str], None]  # (step, steps, Dutch text); called on the worker thread
REKEY_STEPS = 4


def _no_progress(_step: int, _steps: int, _text: str) -> None:
    return None


def _rekey_slots(slots: vault.KeySlotFile, old_key: bytearray, passphrase: str, kdf: KdfParams,
                 notices: list[str]) -> tuple[vault.KeySlotFile, bytearray, str]:
    """New key + slots; like `_rewrap`, continues passphrase-only (with a notice) when the keyring is gone."""
    try:
        return vault.rekey(slots, old_key, passphrase, kdf=kdf)
    except vault.KeyringUnavailable as exc:
        notices.append(f"{exc.user_message} Het register werkt nu met alleen de wachtwoordzin.")
        return vault.rekey(slots, old_key, passphrase, kdf=kdf, use_device_secret=False)


def _promote_pending(files: RegisterFiles) -> None:
    os.replace(files.pending_keyslots, files.keyslots)
    if os.name == "posix":
        fd = os.open(files.register.parent, os.O_RDONLY)
        try:
            os.fsync(fd)
        finally:
            os.close(fd)


def _settle_interrupted_rekey(files: RegisterFiles, slots: vault.KeySlotFile,
                              unwrap: Callable[[vault.KeySlotFile], bytearray]) -> tuple[vault.KeySlotFile, bytearray]:
    """Unwrap the data key; when a re-key was interrupted (a pending `.keys.new` is there), find out which key
    file belongs to the database: the one whose key opens it. A pending file that fits is renamed into place; a
    pending file that does not is the trace of a re-key that never committed and is removed. Without a pending
    file this is just `unwrap(slots)`."""
    pending = files.pending_keyslots
    if not pending.exists():
        return slots, unwrap(slots)
    candidates: list[tuple[vault.KeySlotFile, bool]] = [(slots, False)]
    try:
        candidates.append((vault.KeySlotFile.load(pending), True))
    except (vault.VaultError, OSError):
        pending.unlink(missing_ok=True)
        return slots, unwrap(slots)
    first_error: vault.VaultError | None = None
    for candidate, is_pending in candidates:
        try:
            key = unwrap(candidate)
        except vault.VaultError as exc:
            first_error = first_error or exc
            continue
        if _key_opens(files.register, key):
            if is_pending:
                _promote_pending(files)
            else:
                pending.unlink(missing_ok=True)
            return candidate, key
        zero(key)
    if first_error is not None:
        raise first_error
    raise vault.KeySlotFileDamaged()


def _key_opens(register: Path, key: bytearray) -> bool:
    try:
        connect(register, key).close()
    except store_errors.RegisterUnreadable:
        return False
    except store_errors.StoreError:
        return True  # the key fits; the damage is reported by the normal open
    return True


def _unlock(path: Path, unwrap: Callable[[vault.KeySlotFile], bytearray], policy: Policy,
            origin: str) -> Register:
    """Take the instance lock, unwrap the data key with `unwrap`, open the database; the lock is released on
    any failure."""
    files = _existing(path)
    lock = _acquire(files)
    try:
        slots, key = _settle_interrupted_rekey(files, _load_slots(files), unwrap)
    except vault.VaultError as exc:
        lock.release()
        raise _translate(exc) from None
    except BaseException:
        lock.release()
        raise
    return _open_database(files, slots, key, lock, policy, origin)


def _existing(path: Path) -> RegisterFiles:
    files = RegisterFiles(Path(path))
    from ketenregie.services.register_checks import check_existing_register  # (it imports this module)

    check_existing_register(files.register, files.keyslots)  # zero bytes, a folder, read-only: nothing opened
    if not files.register.exists():
        raise RegisterNotFound()
    if not files.keyslots.exists():
        raise KeySlotsDamaged()
    return files


def _acquire(files: RegisterFiles) -> InstanceLock:
    try:
        return InstanceLock(files.lock).acquire()
    except store_errors.RegisterInUse:
        raise RegisterInUse() from None


def _load_slots(files: RegisterFiles) -> vault.KeySlotFile:
    return vault.KeySlotFile.load(files.keyslots)


def _open_database(files: RegisterFiles, slots: vault.KeySlotFile, key: bytearray, lock: InstanceLock,
                   policy: Policy, origin: str) -> Register:
    db: Database | None = None
    try:
        db = Database(connect(files.register, key))
        check_integrity(db.conn)
        if read_register_id(db) != slots.register_id:
            raise RegisterDamaged("Het sleutelbestand hoort niet bij dit register. Er is niets gewijzigd.")
        audit = AuditLog(db, origin=origin)
        pending = pending_migrations(db)
        if pending:
            backup_register(db, files.register, files.keyslots, files.backup_dir, f"v{pending[0].number - 1}", key)
            applied = apply_migrations(db)
            audit.record(AuditAction.MIGRATED, f"schema:{applied[0].number}-{applied[-1].number}")
        ensure_default_partners(db)  # a register migrated to schema 2 gets the default chain partners
        return Register(files, slots.register_id, db, slots, key, lock, audit, policy)
    except BaseException as exc:
        if db is not None:
            db.close()
        zero(key)
        lock.release()
        if isinstance(exc, (store_errors.StoreError, vault.VaultError)):
            raise _translate(exc) from None
        raise


def _sidecars(register: Path) -> list[Path]:
    return [register.with_name(register.name + suffix) for suffix in ("-wal", "-shm", "-journal")]
