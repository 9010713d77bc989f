"""Single instance per register follows the real file (issue 10.5): a symlink to the same register finds the same
process lock and the same window lock, in this process and in another one."""
from __future__ import annotations

import os
import sys

import pytest

from ketenregie.services.register import RegisterInUse, open_register
from ketenregie.store.instance_lock import InstanceLock
from register_faults import PASS, POLICY, make_register, run_child

pytestmark = pytest.mark.skipif(sys.platform == "win32", reason="symlinks need privileges on Windows")


@pytest.fixture
def linked(tmp_path):
    path = tmp_path / "data" / "register.ketenregie"
    make_register(path)
    elsewhere = tmp_path / "elsewhere"
    elsewhere.mkdir()
    link = elsewhere / "mijn.ketenregie"
    link.symlink_to(path)
    (elsewhere / "mijn.ketenregie.keys").symlink_to(path.with_name(path.name + ".keys"))
    return path, link


def test_symlink_to_an_open_register_is_refused(linked):
    path, link = linked
    register = open_register(path, PASS, policy=POLICY)
    try:
        with pytest.raises(RegisterInUse):
            open_register(link, PASS, policy=POLICY)
    finally:
        register.close()
    again = open_register(link, PASS, policy=POLICY)  # free again: the link works on its own
    again.close()


def test_symlink_is_refused_in_another_process(linked):
    path, link = linked
    register = open_register(path, PASS, policy=POLICY)
    try:
        result = run_child(f"""
            from ketenregie.config import Policy
            from ketenregie.services.register import RegisterInUse, open_register
            try:
                open_register({str(link)!r}, {PASS!r}, policy=Policy.defaults(), origin="cli").close()
                print("OPENED")
            except RegisterInUse:
                print("REFUSED")
        """)
        assert result.stdout.strip() == "REFUSED"
    finally:
        register.close()


def test_symlinked_folder_finds_the_same_lock(linked, tmp_path):
    path, _ = linked
    folder_link = tmp_path / "folder-link"
    folder_link.symlink_to(path.parent, target_is_directory=True)
    held = InstanceLock.for_register(path).acquire()
    try:
        with pytest.raises(Exception):
            InstanceLock.for_register(folder_link / path.name).acquire()
    finally:
        held.release()


def test_window_lock_follows_the_real_file(linked, qapp):
    from ketenregie.ui.app import acquire_window_lock

    path, link = linked
    first = acquire_window_lock(path)
    assert first is not None
    try:
        assert acquire_window_lock(link) is None
    finally:
        first.unlock()
    second = acquire_window_lock(link)
    assert second is not None
    second.unlock()


def test_hard_link_to_an_open_register_is_refused(tmp_path):
    """Another name for the same file (a hard link, in another folder): path resolution cannot see it, the lock
    named after the register's device and inode does."""
    path = tmp_path / "data" / "register.ketenregie"
    make_register(path)
    elsewhere = tmp_path / "elsewhere"
    elsewhere.mkdir()
    other = elsewhere / "kopie.ketenregie"
    os.link(path, other)
    os.link(path.with_name(path.name + ".keys"), other.with_name(other.name + ".keys"))
    register = open_register(path, PASS, policy=POLICY)
    try:
        with pytest.raises(RegisterInUse):
            open_register(other, PASS, policy=POLICY)
    finally:
        register.close()


def test_a_new_register_holds_the_inode_lock_from_its_creation(tmp_path):
    from ketenregie.services.register import create_register
    from ketenregie.vault.kdf import KdfParams

    path = tmp_path / "data" / "register.ketenregie"
    register, _, _ = create_register(path, PASS, policy=POLICY, kdf=KdfParams.minimum())
    try:
        other = tmp_path / "kopie.ketenregie"
        os.link(path, other)
        os.link(path.with_name(path.name + ".keys"), other.with_name(other.name + ".keys"))
        with pytest.raises(RegisterInUse):
            open_register(other, PASS, policy=POLICY)
    finally:
        register.close()
