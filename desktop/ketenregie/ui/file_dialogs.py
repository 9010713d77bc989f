"""Where save dialogs start: the user's documents folder (Qt's DocumentsLocation, which follows the XDG user dirs
on Linux and the known folder on Windows), never the home folder itself and never one of the app's private folders.
The folder the user then picks is the user's: the app writes its files there 0600 and never changes the folder
(paths.ensure_private_dir)."""
from __future__ import annotations

from pathlib import Path

import platformdirs
from PySide6.QtCore import QStandardPaths


def documents_folder() -> Path:
    """The user's documents folder; platformdirs when Qt knows none."""
    location = QStandardPaths.writableLocation(QStandardPaths.StandardLocation.DocumentsLocation)
    return Path(location) if location else Path(platformdirs.user_documents_dir())
