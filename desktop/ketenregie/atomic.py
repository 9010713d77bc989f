"""Atomic, private file writes: temp file in the same folder, user-only permissions before any data,
fsync, then rename over the target. A crash leaves either the old file or the new one, never half of one.

The folder is never changed (it may be the user's, shared, or one chmod is not allowed in); a folder the file cannot
be written in gives `paths.FolderNotUsable` with a Dutch message instead of a bare PermissionError."""
from __future__ import annotations

import os
import tempfile
from collections.abc import Callable
from pathlib import Path


def write_atomic(target: Path, data: bytes, verify: Callable[[Path], object] | None = None) -> None:
    """`verify(temp_path)`, when given, runs on the complete, synced temp file before the rename; if it raises,
    the target is left as it was and the temp file is removed."""
    target = Path(target)
    try:
        fd, tmp_name = tempfile.mkstemp(prefix=".tmp-", dir=target.parent)  # mkstemp creates it 0600
    except OSError as exc:
        from ketenregie.paths import FolderNotUsable, folder_message

        raise FolderNotUsable(folder_message(target.parent, exc)) from None
    try:
        with os.fdopen(fd, "wb") as handle:
            handle.write(data)
            handle.flush()
            os.fsync(handle.fileno())
        if verify is not None:
            verify(Path(tmp_name))
        os.replace(tmp_name, target)
    except BaseException:
        try:
            os.unlink(tmp_name)
        except FileNotFoundError:
            pass
        raise
    _fsync_dir(target.parent)


def _fsync_dir(folder: Path) -> None:
    if os.name != "posix":
        return
    fd = os.open(folder, os.O_RDONLY)
    try:
        os.fsync(fd)
    finally:
        os.close(fd)
