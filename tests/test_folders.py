"""Only folders the app creates for itself are made private (0700); a folder the user chose, a shared 1777 folder
or a parent is never chmodded; files the app writes are 0600; a folder it may not use gives a Dutch message.
Real folders, real registers, real PDFs."""
from __future__ import annotations

import os
import stat
import sys
from pathlib import Path

import pytest

from ketenregie.atomic import write_atomic
from ketenregie.config import Policy
from ketenregie.paths import AppPaths, FolderNotUsable, ensure_private_dir
from ketenregie.services.register import create_register, open_register
from ketenregie.vault.kdf import KdfParams

pytestmark = pytest.mark.skipif(sys.platform == "win32", reason="POSIX modes")
PASS = "correct paard batterij nietje"


def _mode(path: Path) -> int:
    return stat.S_IMODE(path.stat().st_mode)


def test_register_in_a_shared_sticky_folder_leaves_the_folder_as_it_is(tmp_path):
    shared = tmp_path / "shared"
    shared.mkdir()
    os.chmod(shared, 0o1777)
    parent_mode = _mode(tmp_path)
    path = shared / "register.ketenregie"
    register, _code, _notices = create_register(path, PASS, policy=Policy.defaults(), kdf=KdfParams.minimum())
    register.close("quit")
    with open_register(path, PASS, policy=Policy.defaults(), origin="cli"):
        pass
    assert stat.S_IMODE(shared.stat().st_mode) == 0o1777
    assert _mode(tmp_path) == parent_mode
    for name in ("register.ketenregie", "register.ketenregie.keys"):
        assert _mode(shared / name) == 0o600


def test_window_lock_does_not_chmod_the_register_folder(tmp_path, qapp):
    from ketenregie.ui.app import acquire_window_lock

    folder = tmp_path / "mine"
    folder.mkdir()
    os.chmod(folder, 0o755)
    lock = acquire_window_lock(folder / "register.ketenregie")
    try:
        assert lock is not None
        assert _mode(folder) == 0o755
    finally:
        lock.unlock()


def test_folders_the_app_creates_are_private_and_parents_keep_their_mode(tmp_path):
    parent = tmp_path / "parent"
    parent.mkdir()
    os.chmod(parent, 0o755)
    old_umask = os.umask(0o022)
    try:
        created = ensure_private_dir(parent / "a" / "b")
    finally:
        os.umask(old_umask)
    assert _mode(parent) == 0o755
    assert _mode(parent / "a") == 0o700 and _mode(created) == 0o700


def test_the_apps_own_folders_are_tightened(tmp_path, monkeypatch):
    home = tmp_path / "home"
    (home / "data").mkdir(parents=True)
    os.chmod(home / "data", 0o755)
    os.chmod(home, 0o755)
    monkeypatch.setenv("KETENREGIE_HOME", str(home))
    paths = AppPaths.from_environment()
    paths.ensure()
    assert _mode(paths.data_dir) == 0o700 and _mode(paths.log_dir) == 0o700 and _mode(paths.backup_dir) == 0o700
    assert _mode(home) == 0o755  # KETENREGIE_HOME itself is the user's


def test_pdfs_into_a_chosen_folder_leave_the_folder_alone_and_are_0600(tmp_path):
    from ketenregie.documents.samples import write_samples

    chosen = tmp_path / "Documenten"
    chosen.mkdir()
    os.chmod(chosen, 0o775)
    written = write_samples(chosen)
    assert written
    assert _mode(chosen) == 0o775
    assert all(_mode(path) == 0o600 for path in written)


def test_a_folder_that_cannot_be_used_gives_a_dutch_message(tmp_path):
    blocker = tmp_path / "bestand"
    blocker.write_text("x", encoding="utf-8")
    with pytest.raises(FolderNotUsable) as info:
        ensure_private_dir(blocker / "map")
    assert "een deel van dat pad is een bestand" in info.value.user_message
    assert isinstance(info.value, OSError)  # existing `except OSError` handlers still catch it
    with pytest.raises(FolderNotUsable, match="bestaat niet"):
        write_atomic(tmp_path / "nergens" / "brief.pdf", b"%PDF")
    with pytest.raises(FolderNotUsable):
        create_register(blocker / "register.ketenregie", PASS, policy=Policy.defaults(), kdf=KdfParams.minimum())
    assert blocker.read_text(encoding="utf-8") == "x"
