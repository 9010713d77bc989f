"""The register: creating, unlocking and closing the one encrypted register a user works in.

An open, unlocked register is one `Register` object. It joins the key slots (vault) and the SQLCipher database
(store); the UI and the CLI hold it only while unlocked, and `close()` drops the key and the connection.
Every failure becomes a `RegisterError` whose Dutch `user_message` is safe to show and names no resident.

What an open guarantees (issue 10):
- A refused open writes nothing: the instance lock, the failed-attempt wait and the key slots come first; then the
  database is checked on a read-only connection (page integrity, register id, the whole audit chain and the head
  anchored in the key-slot file). Only a register that passes is opened for writing (which may then recover a
  crash-left WAL), and only then does the unlock append its own audit row.
- Failed attempts are counted beside the register for every origin, slow the next ones down, and are audited (one
  row with the count) and shown at the next successful unlock.
- Creation is staged and committed by renaming the key file into place; half a register is named and can be set
  aside (`clear_leftover`).
"""
from __future__ import annotations

import logging
import os
import shutil
import uuid
from collections.abc import Callable
from dataclasses import dataclass
from datetime import datetime, timezone
from pathlib import Path

from ketenregie.config import Policy
from ketenregie.errors import UserFacingError
from ketenregie.domain import recovery_code as recovery_codes
from ketenregie.domain.audit import AuditAction, AuditVerification
from ketenregie.domain.unlock_throttle import AttemptState, failures_notice
from ketenregie.domain.passphrase_policy import PassphraseAssessment, check as check_passphrase
from ketenregie.paths import ensure_private_dir
from ketenregie.store import errors as store_errors
from ketenregie.store.audit_log import AuditLog
from ketenregie.store.backup import backup_register, rekey_database
from ketenregie.store.connection import DatabaseError, check_integrity, connect, connect_readonly
from ketenregie.store.database import Database
from ketenregie.store.instance_lock import RegisterLock
from ketenregie.store.meta import read_register_id, write_register_id
from ketenregie.store.unlock_attempts import (AttemptRecordUnreadable, read_attempts, read_attempts_or_strictest,
                                              wait_seconds, write_attempts)
from ketenregie.store.migrate import apply_migrations, pending_migrations
from ketenregie.store.partner_repository import ensure_default_partners
from ketenregie.store.register_files import (ATTEMPTS_SUFFIX, KEYSLOT_SUFFIX, LOCK_SUFFIX,  # noqa: F401 - re-exported
                                             PENDING_SUFFIX, STAGING_SUFFIX, RegisterFiles, leftover_kind,
                                             register_exists)
from ketenregie.vault import keyslots as vault
from ketenregie.vault.kdf import KdfParams, calibrate
from ketenregie.vault.datakey import zero

_log = logging.getLogger(__name__)


# --- errors ------------------------------------------------------------------------------------------------

class RegisterError(UserFacingError):
    user_message = "Het register kon niet worden geopend."


class RegisterNotFound(RegisterError):
    user_message = "Er is op deze plek geen register gevonden."


class RegisterAlreadyExists(RegisterError):
    user_message = "Op deze plek staat al een register; er is niets overschreven."


class RegisterInUse(RegisterError):
    user_message = store_errors.RegisterInUse.user_message


_BACKUP_ROUTE = ("Zet een back-up terug via Bestand → Back-up terugzetten (of met de opdracht "
                 "`ketenregie restore`), of neem contact op met de servicedesk.")


class RegisterDamaged(RegisterError):
    user_message = ("Het registerbestand is beschadigd of ingekort (de integriteitscontrole faalt). Er is niets "
                    "gewijzigd. " + _BACKUP_ROUTE)


class AuditLogBroken(RegisterError):
    """The audit chain does not verify, or lacks the head anchored outside the database. Nothing was written:
    appending would hide where the chain broke."""

    user_message = "De auditlog van dit register is niet intact."

    def __init__(self, detail: str = "", first_broken_id: int | None = None) -> None:
        super().__init__(" ".join(part for part in (
            "De auditlog van dit register is niet intact:", detail,
            "Ketenregie opent het register daarom niet; er is niets gewijzigd.", _BACKUP_ROUTE) if part))
        self.first_broken_id = first_broken_id


class UnlockThrottled(RegisterError):
    """Too many failed attempts: wait `seconds` before the next one (no key derivation ran)."""

    def __init__(self, seconds: int, failures: int) -> None:
        super().__init__(f"Te veel mislukte pogingen ({failures}). Probeer het over {seconds} seconden opnieuw.")
        self.seconds = seconds
        self.failures = failures


class RegisterTooNew(RegisterError):
    user_message = store_errors.RegisterTooNew.user_message


class MigrationFailed(RegisterError):
    user_message = store_errors.MigrationFailed.user_message


class KeySlotsDamaged(RegisterError):
    user_message = ("Het sleutelbestand naast het register ontbreekt, is beschadigd of is gewijzigd. "
                    "Er is niets gewijzigd. Zet het sleutelbestand uit een back-up terug.")


class LeftoverFound(KeySlotsDamaged, RegisterNotFound):
    """Half a register from an interrupted creation (or a lost file): the register without its key file, or the
    key file without its register."""

    user_message = ("Op deze plek staat een onvolledig register: het register of het sleutelbestand ontbreekt "
                    "(bijvoorbeeld omdat het aanmaken werd onderbroken). Er is niets gewijzigd. Is dit een "
                    "register dat u al gebruikte, zet dan het ontbrekende bestand uit een back-up terug. Anders "
                    "kunt u de resten opruimen (Ketenregie zet ze opzij in de map 'leftovers', of met de opdracht "
                    "`ketenregie clear-leftover`) en opnieuw beginnen.")

    def __init__(self, kind: str = "") -> None:
        super().__init__()
        self.kind = kind


class KeySlotDamaged(RegisterError):
    """One slot of the key file is damaged (the vault's message says which, and which way still works)."""

    user_message = vault.KeySlotFileDamaged.user_message


class WrongPassphrase(RegisterError):
    user_message = "De wachtwoordzin klopt niet. Let op hoofdletters en de Caps Lock-toets."

    def __init__(self, user_message: str | None = None, failures: int = 0, wait_seconds: int = 0) -> None:
        super().__init__(user_message)
        self.failures = failures  # failed attempts since the last successful unlock, this one included
        self.wait_seconds = wait_seconds  # before the next attempt may run


class WrongRecoveryCode(RegisterError):
    user_message = "Deze herstelcode hoort niet bij dit register."

    def __init__(self, user_message: str | None = None, failures: int = 0, wait_seconds: int = 0) -> None:
        super().__init__(user_message)
        self.failures = failures
        self.wait_seconds = wait_seconds


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
    if isinstance(exc, vault.KeySlotDamaged):  # one slot: its own message says which way still works
        return KeySlotDamaged(exc.user_message)
    if isinstance(exc, vault.KeySlotFileDamaged) and exc.user_message != vault.KeySlotFileDamaged.user_message:
        return KeySlotsDamaged(exc.user_message)  # e.g. "made by a newer version": keep that distinct message
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

# RegisterFiles, register_exists: ketenregie/store/register_files.py (light: the start reads them)


# --- the open register -------------------------------------------------------------------------------------

class Register:
    def __init__(self, files: RegisterFiles, register_id: str, db: Database, slots: vault.KeySlotFile,
                 key: bytearray, lock: RegisterLock, audit: AuditLog, policy: Policy) -> None:
        self.files = files
        self.register_id = register_id
        self.db = db
        self.audit = audit
        self.policy = policy
        self._slots = slots
        self._key: bytearray | None = key
        self._lock = lock
        self.notices: list[str] = []  # Dutch, for the user: e.g. the device secret could not be kept
        self._pending_attempts: _Attempts | None = None  # the failed-unlock record until this unlock is audited

    @property
    def name(self) -> str:
        return self.files.display_name

    @property
    def is_open(self) -> bool:
        return self._key is not None and self.db.is_open

    @property
    def uses_device_secret(self) -> bool:
        return self._slots.has_device_secret()

    @property
    def damaged_slots(self) -> tuple[str, ...]:
        """Kinds of key slot found damaged at unlock ("recovery": offer a new recovery code)."""
        return tuple(self._slots.damaged)

    def change_passphrase(self, current: str, new: str, *, kdf: KdfParams | None = None,
                          progress: Progress | None = None) -> str:
        """Re-key: a new data key for the database (SQLCipher `rekey`) and new key slots for the new passphrase
        and a NEW recovery code, which is returned (show it once). Old key files (e.g. beside a backup) with the
        old passphrase or code keep opening only those old backups, never this register again."""
        self._require_key()
        if self._slots.damaged:  # a whole key file cannot be written yet: renew the recovery code first
            raise KeySlotDamaged(_DAMAGED_SLOT_NOTICE[self._slots.damaged[0]])
        report = progress or _no_progress
        report(0, REKEY_STEPS, "Huidige wachtwoordzin controleren…")
        try:
            zero(vault.open_with_passphrase(self._slots, current))  # proves the current passphrase only
        except vault.VaultError as exc:
            raise _translate(exc) from None
        _require_strong(new, self.policy)
        return self._rekey(new, kdf or calibrate_kdf(self.policy), AuditAction.PASSPHRASE_CHANGED, report)

    def _rekey(self, new_passphrase: str, kdf: KdfParams, action: AuditAction, report: "Progress",
               use_device_secret: bool | None = None) -> str:
        """New data key + SQLCipher rekey + new slots (new passphrase, new recovery code); one audit entry.

        Crash-safe order: the new slots are written beside the old ones (`<register>.keys.new`) before the
        database is re-keyed in its own transaction, and renamed over the old ones after; an unlock after a crash
        in between finds which of the two key files opens the database (`_settle_interrupted_rekey`)."""
        old_key = self._require_key()
        report(1, REKEY_STEPS, "Nieuwe sleutels maken…")
        new_slots, new_key, code = _rekey_slots(self._slots, old_key, new_passphrase, kdf, self.notices,
                                                use_device_secret)
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
        """Audit the lock, close the database, anchor the audit chain's head in the key-slot file and zero the
        key we hold. Safe to call twice."""
        if self._key is None:
            return
        head: tuple[int, str] | None = None
        try:
            if self.db.is_open:
                self.audit.record(AuditAction.LOCKED, f"reason:{reason}")
                head = self.audit.head()
        finally:
            try:
                self.db.close()
                if head is not None:
                    self._anchor(head)
            finally:
                zero(self._key)
                self._key = None
                self._lock.release()

    def verify_audit(self) -> AuditVerification:
        """The audit chain and the head anchored outside the database (at this unlock or before)."""
        result = self.audit.verify()
        anchor = self._slots.anchor
        if result.ok and anchor is not None:
            anchored = self.audit.check_anchor(anchor.audit_count, anchor.audit_hash)
            if not anchored.ok:
                return anchored
        return result

    def renew_recovery_code(self, *, kdf: KdfParams | None = None) -> str:
        """A new recovery code (returned once, to show and print), e.g. when the recovery slot was damaged; the
        old code stops working."""
        key = self._require_key()
        new_slots, code = vault.replace_recovery_code(self._slots, key, kdf=kdf or calibrate_kdf(self.policy))
        with self.db.transaction():
            new_slots.save(self.files.keyslots, key)
            self.audit.record(AuditAction.RECOVERY_USED, "reason:renewed")
        self._slots = new_slots
        return code

    def _anchor(self, head: tuple[int, str], attempts_seq: int | None = None) -> None:
        """Write the audit head (and the failed-unlock sequence) into the key-slot file, under its mac. Best
        effort: a key file that cannot be written now keeps its older anchor, which is still a valid prefix."""
        if self._key is None or self._slots.damaged:
            return
        previous = self._slots.anchor
        seq = attempts_seq if attempts_seq is not None else (previous.attempts_seq if previous else 0)
        anchored = self._slots.with_anchor(self._key, vault.Anchor(head[0], head[1], seq))
        try:
            anchored.save(self.files.keyslots, self._key)
        except OSError:
            _log.warning("could not anchor the audit head in the key-slot file")
            return
        self._slots = anchored

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
    """Create a new register; returns (open register, recovery code to show once, notices for the user).

    Atomic: the register and its key file are built under staging names (`*.creating`), made durable, and then
    renamed into place — the key file first, which is the commit point. A crash before it leaves only staging
    files (cleared at the next try: no register); a crash after it is finished by the next open or create (the
    staged register is renamed into place). So the two files appear together or not at all."""
    files = RegisterFiles(Path(path))
    _require_strong(passphrase, policy)
    ensure_private_dir(files.register.parent)
    lock = _acquire(files)
    key: bytearray | None = None
    slots: vault.KeySlotFile | None = None
    committed = False
    try:
        _finish_interrupted_creation(files)
        if leftover_kind(files.register) is not None:
            raise LeftoverFound(leftover_kind(files.register) or "")
        if files.register.exists() or files.keyslots.exists():
            raise RegisterAlreadyExists()
        _clear_staging(files)
        register_id = uuid.uuid4().hex
        slots, key, code, notices = vault.create_keyslots(
            register_id, passphrase, kdf=kdf or calibrate_kdf(policy),
            use_device_secret=bool(policy.get("DeviceSecret")))
        head = _build_staged_register(files, key, register_id, origin)
        slots = slots.with_anchor(key, vault.Anchor(head[0], head[1], 0))
        slots.save(files.staged_keyslots, key)
        write_attempts(files.attempts, AttemptState())
        os.replace(files.staged_keyslots, files.keyslots)  # the commit point
        committed = True
        try:
            os.replace(files.staged_register, files.register)  # else finished by the next open or create
            _fsync_dir(files.register.parent)
            lock.lock_inode()  # the file exists now: a hard link to it meets this lock too
        except BaseException:
            zero(key)
            lock.release()
            raise
        register = _open_database(files, slots, key, lock, policy, origin, appended=None)
        return register, code, notices
    except BaseException as exc:
        if not committed:
            if key is not None:
                zero(key)
            if slots is not None:
                vault.forget_device_secrets(slots)
            _clear_staging(files)
            lock.release()
        if isinstance(exc, (store_errors.StoreError, vault.VaultError)):
            raise _translate(exc) from None
        raise


def _build_staged_register(files: RegisterFiles, key: bytearray, register_id: str,
                           origin: str) -> tuple[int, str]:
    """The new database, complete and checkpointed, under its staging name; returns the audit head."""
    # Create the file ourselves so it is user-only from the first byte (SQLite's WAL copies its mode).
    os.close(os.open(files.staged_register, os.O_RDWR | os.O_CREAT | os.O_EXCL, 0o600))
    db = Database(connect(files.staged_register, key))
    try:
        apply_migrations(db)
        audit = AuditLog(db, origin=origin)
        with db.transaction():
            write_register_id(db, register_id)
            ensure_default_partners(db)
            audit.record(AuditAction.REGISTER_CREATED)
        head = audit.head()
    finally:
        db.close()  # checkpoints: the staged file holds everything, no WAL beside it
    _fsync_file(files.staged_register)
    return head


def _finish_interrupted_creation(files: RegisterFiles) -> None:
    """A creation that passed its commit point (key file in place) but was interrupted before the register was
    renamed: finish it. Call with the instance lock held."""
    if not files.register.exists() and files.keyslots.exists() and files.staged_register.exists():
        os.replace(files.staged_register, files.register)
        _fsync_dir(files.register.parent)


def _clear_staging(files: RegisterFiles) -> None:
    """Staging files of a creation that never reached its commit point: no register came of them."""
    for leftover in (files.staged_register, files.staged_keyslots, *_sidecars(files.staged_register)):
        leftover.unlink(missing_ok=True)


def clear_leftover(path: Path) -> Path | None:
    """Move half a register (and any staging files) aside into the 'leftovers' folder beside it, so a new
    register can be made here. Nothing is deleted: a register whose key file was lost can still be rescued with
    a key file from a backup. Returns the folder used, or None when there was nothing to clear."""
    files = RegisterFiles(Path(path))
    lock = _acquire(files)
    try:
        _finish_interrupted_creation(files)
        kind = leftover_kind(files.register)
        if kind is None:
            _clear_staging(files)
            return None
        stamp = datetime.now(timezone.utc).strftime("%Y%m%dT%H%M%S%fZ")
        target = ensure_private_dir(files.leftover_dir / f"{files.register.name}-{stamp}")
        for part in (files.register, files.keyslots, files.attempts, *_sidecars(files.register)):
            if part.exists():
                shutil.move(str(part), str(target / part.name))
        _clear_staging(files)
        return target
    finally:
        lock.release()


def open_register(path: Path, passphrase: str, *, policy: Policy, origin: str = "gui",
                  clock: Callable[[], datetime] | None = None) -> Register:
    """Unlock with the passphrase. Failed attempts (any origin) are counted beside the register and slow down the
    next ones; at the next successful unlock they go into the audit log and `register.notices`."""
    return _unlock(path, lambda slots: vault.open_with_passphrase(slots, passphrase), policy, origin,
                   clock or _utc_now, appended=[(AuditAction.UNLOCKED, "")])


def verify_register(path: Path, passphrase: str, *, policy: Policy, origin: str = "cli",
                    clock: Callable[[], datetime] | None = None) -> AuditVerification:
    """`audit verify`: unlock, check the database and the audit chain (with its anchor) and report — on a
    read-only connection, so nothing is appended and nothing in the register or its WAL changes. A damaged
    database raises RegisterDamaged; a broken chain is returned (ok=False) with its first broken row."""
    files = _existing(path)
    clock = clock or _utc_now
    lock = _acquire(files)
    try:
        _finish_interrupted_creation(files)
        try:
            slots = _load_slots(files)
            key = _unwrap_counted(files, slots, lambda s: vault.open_with_passphrase(s, passphrase), clock)
        except vault.VaultError as exc:
            raise _translate(exc) from None
        try:
            return _inspect(files, slots, key, raise_broken=False)
        except (store_errors.StoreError, vault.VaultError) as exc:
            raise _translate(exc) from None
        finally:
            zero(key)
    finally:
        lock.release()


def unlock_wait_seconds(path: Path, clock: Callable[[], datetime] | None = None) -> int:
    """Seconds before the next unlock attempt may run (0 = now): for a countdown on the unlock screen."""
    return wait_seconds(RegisterFiles(Path(path)).attempts, (clock or _utc_now)())


def failed_unlocks(path: Path) -> int:
    state = _read_attempts_lenient(RegisterFiles(Path(path)))
    return state.failures if state else 0


def open_with_recovery_code(path: Path, code: str, new_passphrase: str, *, policy: Policy,
                            kdf: KdfParams | None = None, origin: str = "gui",
                            progress: Progress | None = None,
                            clock: Callable[[], datetime] | None = None) -> tuple[Register, str]:
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
    register = _unlock(path, lambda slots: vault.open_with_recovery_code(slots, code), policy, origin,
                       clock or _utc_now, appended=None)
    try:
        # A damaged passphrase slot tells nothing about the device secret: follow the policy for the new one.
        use_device = bool(policy.get("DeviceSecret")) if vault.PASSPHRASE in register._slots.damaged else None
        new_code = register._rekey(new_passphrase, kdf or calibrate_kdf(policy), AuditAction.RECOVERY_USED,
                                   progress or _no_progress, use_device)
        with register.db.transaction():
            _record_attempts(register, register._pending_attempts)
            register.audit.record(AuditAction.UNLOCKED)
        _after_unlock(register)
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
                 notices: list[str], use_device_secret: bool | None = None
                 ) -> tuple[vault.KeySlotFile, bytearray, str]:
    """New key + slots; keeps the device secret when it can, else continues passphrase-only (never in clear)
    and says so in `notices`."""
    try:
        return vault.rekey(slots, old_key, passphrase, kdf=kdf, use_device_secret=use_device_secret)
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


# --- unlocking: throttle, count, check read-only, then open ---------------------------------------------

@dataclass(frozen=True)
class _Attempts:
    """What the failed-unlock record said at a successful unlock."""
    state: AttemptState
    tampered: bool


def _unlock(path: Path, unwrap: Callable[[vault.KeySlotFile], bytearray], policy: Policy, origin: str,
            clock: Callable[[], datetime], appended: list[tuple[AuditAction, str]] | None) -> Register:
    """Take the instance lock, wait out / count failed attempts, unwrap the data key with `unwrap`, check the
    database read-only, then open it. `appended`: audit entries for this unlock (None: the caller adds them in
    its own transaction). The lock is released on any failure."""
    files = _existing(path)
    lock = _acquire(files)
    try:
        _finish_interrupted_creation(files)
        if not files.keyslots.exists():
            raise LeftoverFound("register_without_keys")
        chosen: list[vault.KeySlotFile] = []

        def settle(loaded: vault.KeySlotFile) -> bytearray:
            # A re-key interrupted by a crash leaves `.keys.new`: the key file whose key opens the database wins.
            # Counted once as a whole, so trying the other file is never a "failed attempt" of its own.
            settled, settled_key = _settle_interrupted_rekey(files, loaded, unwrap)
            chosen.append(settled)
            return settled_key

        key = _unwrap_counted(files, _load_slots(files), settle, clock)
        slots = chosen[-1]
    except vault.VaultError as exc:
        lock.release()
        raise _translate(exc) from None
    except BaseException:
        lock.release()
        raise
    attempts = _attempts_at_success(files, slots)
    register = _open_database(files, slots, key, lock, policy, origin, appended=appended, attempts=attempts)
    return register


def _unwrap_counted(files: RegisterFiles, slots: vault.KeySlotFile,
                    unwrap: Callable[[vault.KeySlotFile], bytearray], clock: Callable[[], datetime]) -> bytearray:
    """Refuse while a wait after failures runs (no KDF); count a wrong passphrase or recovery code."""
    state = _read_attempts_lenient(files) or AttemptState()
    wait = state.wait_left(clock())
    if wait:
        raise UnlockThrottled(wait, state.failures)
    try:
        return unwrap(slots)
    except (vault.WrongPassphrase, vault.WrongRecoveryCode) as exc:
        failed = state.failed(clock())
        try:
            write_attempts(files.attempts, failed)
        except OSError:
            _log.warning("could not record a failed unlock attempt")
        error = _translate(exc)
        error.failures = failed.failures
        error.wait_seconds = failed.wait_left(clock())
        raise error from None


def _read_attempts_lenient(files: RegisterFiles) -> AttemptState | None:
    """The record for throttling; an unreadable one counts as the strictest wait (it was tampered with)."""
    return read_attempts_or_strictest(files.attempts, _utc_now())


def _attempts_at_success(files: RegisterFiles, slots: vault.KeySlotFile) -> _Attempts:
    """Compare the record with the sequence anchored (under the mac) at the last successful unlock."""
    anchored = slots.anchor.attempts_seq if slots.anchor else None
    try:
        state = read_attempts(files.attempts)
    except AttemptRecordUnreadable:
        return _Attempts(AttemptState(anchored or 0), True)
    if state is None:  # deleted: tells only when failures were ever recorded (a fresh copy has none)
        return _Attempts(AttemptState(anchored or 0), bool(anchored))
    if anchored is not None and state.seq < anchored:  # an older copy of the record put back
        return _Attempts(AttemptState(anchored, state.failures, state.first_failure, state.last_failure), True)
    return _Attempts(state, False)


def _record_attempts(register: "Register", attempts: _Attempts | None) -> None:
    """Into the caller's transaction: the failed attempts since the last unlock, and a tampered record."""
    if attempts is None:
        return
    if attempts.state.failures:
        register.audit.record(AuditAction.UNLOCK_FAILED, f"count:{min(attempts.state.failures, 10**9)}",
                              result="failed")
        register.notices.append(failures_notice(attempts.state.failures, attempts.state.first_failure))
    if attempts.tampered:
        register.audit.record(AuditAction.ATTEMPTS_RECORD_TAMPERED, result="refused")
        register.notices.append("De teller van mislukte pogingen naast het register is gewijzigd of verwijderd "
                                "sinds de vorige keer ontgrendelen. Dit is vastgelegd in de auditlog.")


def _after_unlock(register: "Register") -> None:
    """Reset the failed-unlock record and anchor the audit head (with the record's sequence) outside the DB."""
    attempts = register._pending_attempts
    register._pending_attempts = None
    seq = attempts.state.seq if attempts else None
    if attempts is not None:
        try:
            write_attempts(register.files.attempts, attempts.state.cleared())
        except OSError:
            _log.warning("could not reset the failed unlock record")
    register._anchor(register.audit.head(), seq)


def _existing(path: Path) -> RegisterFiles:
    files = RegisterFiles(Path(path))
    from ketenregie.services.register_checks import check_existing_register  # (it imports this module)

    check_existing_register(files.register, files.keyslots)  # zero bytes, a folder, read-only: nothing opened
    if not files.exists():
        if files.keyslots.exists():
            raise LeftoverFound("keys_without_register")
        raise RegisterNotFound()
    return files


def _acquire(files: RegisterFiles) -> RegisterLock:
    try:
        return RegisterLock(files.register).acquire()
    except store_errors.RegisterInUse:
        raise RegisterInUse() from None


def _load_slots(files: RegisterFiles) -> vault.KeySlotFile:
    try:
        return vault.KeySlotFile.load(files.keyslots)
    except IsADirectoryError:
        raise vault.KeySlotFileDamaged() from None
    except FileNotFoundError:
        raise LeftoverFound("register_without_keys") from None


def _inspect(files: RegisterFiles, slots: vault.KeySlotFile, key: bytearray, *,
             raise_broken: bool = True) -> AuditVerification:
    """Everything that can refuse an open, on a read-only connection: page integrity, the register id, the audit
    chain and its anchor. Nothing is written or checkpointed, whatever the outcome."""
    db = Database(connect_readonly(files.register, key), readonly=True)
    try:
        check_integrity(db.conn)
        try:
            register_id = read_register_id(db)
        except DatabaseError:
            raise RegisterDamaged() from None
        if register_id != slots.register_id:
            raise RegisterDamaged("Het sleutelbestand hoort niet bij dit register. Er is niets gewijzigd.")
        audit = AuditLog(db, origin="check")
        try:
            result = audit.verify()
            if result.ok and slots.anchor is not None:
                anchored = audit.check_anchor(slots.anchor.audit_count, slots.anchor.audit_hash)
                if not anchored.ok:
                    result = anchored
        except DatabaseError:
            raise RegisterDamaged() from None
        if not result.ok and raise_broken:
            raise AuditLogBroken(result.message, result.first_broken_id)
        return result
    finally:
        db.close()


def _open_database(files: RegisterFiles, slots: vault.KeySlotFile, key: bytearray, lock: RegisterLock,
                   policy: Policy, origin: str, *, appended: list[tuple[AuditAction, str]] | None = None,
                   attempts: _Attempts | None = None) -> Register:
    db: Database | None = None
    try:
        _inspect(files, slots, key)  # verify before anything appends (and before WAL recovery writes)
        db = Database(connect(files.register, key))
        audit = AuditLog(db, origin=origin)
        pending = pending_migrations(db)
        if pending:
            backup_register(db, files.register, files.keyslots, files.backup_dir, f"v{pending[0].number - 1}", key)
            applied = apply_migrations(db)
            audit.record(AuditAction.MIGRATED, f"schema:{applied[0].number}-{applied[-1].number}")
        ensure_default_partners(db)  # a register migrated to schema 2 gets the default chain partners
        register = Register(files, slots.register_id, db, slots, key, lock, audit, policy)
        register._pending_attempts = attempts
        if slots.damaged:
            register.notices.append(_DAMAGED_SLOT_NOTICE[slots.damaged[0]])
        if appended is not None:
            with db.transaction():
                _record_attempts(register, attempts)
                for action, ref in appended:
                    audit.record(action, ref)
            _after_unlock(register)
        return register
    except BaseException as exc:
        if db is not None:
            db.close()
        zero(key)
        lock.release()
        if isinstance(exc, (store_errors.StoreError, vault.VaultError)):
            raise _translate(exc) from None
        raise


_DAMAGED_SLOT_NOTICE = {
    vault.RECOVERY: "Het deel van het sleutelbestand voor de herstelcode is beschadigd: uw herstelcode werkt nu "
                    "niet. Maak een nieuwe herstelcode en bewaar die goed.",
    vault.PASSPHRASE: "Het deel van het sleutelbestand voor de wachtwoordzin is beschadigd.",
}


def _utc_now() -> datetime:
    return datetime.now(timezone.utc)


def _fsync_file(path: Path) -> None:
    fd = os.open(path, os.O_RDONLY)
    try:
        os.fsync(fd)
    finally:
        os.close(fd)


def _fsync_dir(folder: Path) -> None:
    if os.name != "posix":
        return
    fd = os.open(folder, os.O_RDONLY)
    try:
        os.fsync(fd)
    finally:
        os.close(fd)


def _sidecars(register: Path) -> list[Path]:
    return [register.with_name(register.name + suffix) for suffix in ("-wal", "-shm", "-journal")]
