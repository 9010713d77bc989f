"""Where Ketenregie keeps its files: the user's *local* (non-roaming) data and log directories.

`KETENREGIE_HOME` moves everything below one folder (tests, demos, portable use)."""
from __future__ import annotations

import os
import stat
import sys
from dataclasses import dataclass
from pathlib import Path

import platformdirs

from ketenregie import APP_NAME
from ketenregie.errors import UserFacingError

REGISTER_FILENAME = "register.ketenregie"


@dataclass(frozen=True)
class AppPaths:
    data_dir: Path
    log_dir: Path
    backup_dir: Path

    @property
    def default_register(self) -> Path:
        return self.data_dir / REGISTER_FILENAME

    @classmethod
    def from_environment(cls) -> "AppPaths":
        home = os.environ.get("KETENREGIE_HOME")
        if home:
            base = Path(home)
            return cls(base / "data", base / "logs", base / "data" / "backups")
        # roaming=False: on Windows %LOCALAPPDATA%, so the register never travels with a roaming profile.
        data = Path(platformdirs.user_data_dir(APP_NAME, appauthor=False, roaming=False))
        logs = Path(platformdirs.user_log_dir(APP_NAME, appauthor=False))
        return cls(data, logs, data / "backups")

    def ensure(self) -> None:
        for folder in (self.data_dir, self.log_dir, self.backup_dir):
            ensure_app_dir(folder)


class FolderNotUsable(UserFacingError, OSError):
    """A folder Ketenregie may not create or write in. Also an OSError, so existing `except OSError` handlers
    keep working; the Dutch `user_message` names the folder only (never a resident)."""


def ensure_private_dir(folder: Path) -> Path:
    """Make sure `folder` exists and can be written in, for a folder the *user* chose or the register's parent.

    Only what this call creates is made user-only (0700); a folder that already exists is never chmodded — not a
    shared 1777 folder, not a parent, not a folder chosen for a PDF (it is the user's, and chmod may not even be
    allowed there). The files the app writes are 0600 themselves (atomic.write_atomic). `FolderNotUsable` with a
    Dutch message when the folder cannot be created or written in."""
    folder = Path(folder)
    try:
        _create_missing(folder)
    except OSError as exc:
        raise FolderNotUsable(folder_message(folder, exc)) from None
    if not folder.is_dir():
        raise FolderNotUsable(f"'{folder}' is een bestand, geen map. Kies een andere map.")
    if not os.access(folder, os.W_OK | os.X_OK):
        raise FolderNotUsable(f"Ketenregie mag niet schrijven in de map '{folder}'. Kies een map waarin u mag "
                              "schrijven.")
    return folder


def ensure_app_dir(folder: Path) -> Path:
    """The app's *own* folders (data, logs, backups): created user-only and tightened to 0700 when they already
    exist. Never for a folder the user chose or a parent."""
    ensure_private_dir(folder)
    if sys.platform != "win32":  # on Windows the profile's ACLs already restrict %LOCALAPPDATA%
        if stat.S_IMODE(folder.stat().st_mode) != stat.S_IRWXU:
            os.chmod(folder, stat.S_IRWXU)
    return folder


def _create_missing(folder: Path) -> None:
    """mkdir for every missing component, each 0700 (parents=True would give the parents the umask's mode)."""
    missing: list[Path] = []
    current = folder
    while not current.exists():
        if current.is_symlink():  # a dangling symlink: let mkdir report it
            break
        missing.append(current)
        if current.parent == current:
            break
        current = current.parent
    for path in reversed(missing):
        try:
            path.mkdir(mode=stat.S_IRWXU)
        except FileExistsError:
            if not path.is_dir():
                raise
            continue
        if sys.platform != "win32":
            os.chmod(path, stat.S_IRWXU)  # a folder we just created: no umask can widen it


def folder_message(folder: Path, exc: OSError) -> str:
    if isinstance(exc, FileNotFoundError):
        return f"De map '{folder}' bestaat niet. Kies een andere map."
    if isinstance(exc, PermissionError):
        return f"Ketenregie mag de map '{folder}' niet aanmaken of gebruiken (geen schrijfrechten). Kies een andere map."
    if isinstance(exc, (NotADirectoryError, FileExistsError)):
        return f"'{folder}' kan geen map worden: een deel van dat pad is een bestand. Kies een andere map."
    if getattr(exc, "errno", None) == 30:  # EROFS
        return f"De map '{folder}' staat op een alleen-lezen schijf. Kies een andere map."
    return f"De map '{folder}' kan niet worden gebruikt ({exc.strerror or type(exc).__name__}). Kies een andere map."


def is_private_dir(folder: Path) -> bool:
    if sys.platform == "win32":
        return folder.is_dir()
    mode = folder.stat().st_mode
    return folder.is_dir() and not (mode & (stat.S_IRWXG | stat.S_IRWXO))
