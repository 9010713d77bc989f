"""Where the parts of a register live on disk, and whether a (half) register is there — without loading the vault,
SQLCipher or the keyring, so the start can ask before the unlock screen is shown. Re-exported by
services/register.py, which owns the rules for creating, opening and clearing a register."""
from __future__ import annotations

from dataclasses import dataclass
from pathlib import Path

KEYSLOT_SUFFIX = ".keys"
LOCK_SUFFIX = ".lock"
PENDING_SUFFIX = ".new"
ATTEMPTS_SUFFIX = ".attempts"
STAGING_SUFFIX = ".creating"


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
    def attempts(self) -> Path:
        """The failed-unlock record (outside the database: it is counted before the database can be opened)."""
        return self.register.with_name(self.register.name + ATTEMPTS_SUFFIX)

    @property
    def staged_register(self) -> Path:
        """Creation builds the register here first; renamed into place after the key file (see create_register)."""
        return self.register.with_name(self.register.name + STAGING_SUFFIX)

    @property
    def staged_keyslots(self) -> Path:
        return self.keyslots.with_name(self.keyslots.name + STAGING_SUFFIX)

    @property
    def leftover_dir(self) -> Path:
        return self.register.parent / "leftovers"

    @property
    def display_name(self) -> str:
        return self.register.stem

    def exists(self) -> bool:
        """A register is here (also one whose creation passed its commit point but was not yet renamed)."""
        return self.register.exists() or (self.keyslots.exists() and self.staged_register.exists())


def register_exists(path: Path) -> bool:
    return RegisterFiles(Path(path)).exists()


def leftover_kind(path: Path) -> str | None:
    """'register_without_keys' or 'keys_without_register' when only half a register is here, else None."""
    files = RegisterFiles(Path(path))
    has_register = files.register.exists() or (files.keyslots.exists() and files.staged_register.exists())
    has_keys = files.keyslots.exists()
    if has_register and not has_keys:
        return "register_without_keys"
    if has_keys and not has_register:
        return "keys_without_register"
    return None
