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
            ensure_private_dir(folder)


def ensure_private_dir(folder: Path) -> Path:
    """Create `folder` (and parents) readable by the user only; tighten it when it already exists."""
    folder.mkdir(parents=True, exist_ok=True)
    if sys.platform != "win32":  # on Windows the profile's ACLs already restrict %LOCALAPPDATA%
        os.chmod(folder, stat.S_IRWXU)
    return folder


def is_private_dir(folder: Path) -> bool:
    if sys.platform == "win32":
        return folder.is_dir()
    mode = folder.stat().st_mode
    return folder.is_dir() and not (mode & (stat.S_IRWXG | stat.S_IRWXO))
