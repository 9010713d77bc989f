"""One process per register: an OS-level exclusive lock on `<register>.lock` (released by the OS on crash).

The lock belongs to the *real* register file: the path is resolved first (symlinks, `..`), so a symlink to the
same register finds the same lock, and after locking we check that the file we hold is still the one at that
path (same inode) — a lock file replaced or removed meanwhile would otherwise let two processes lock two files.
A second lock, named after the register's device and inode, catches hard links (see `RegisterLock`)."""
from __future__ import annotations

import os
import sys
from pathlib import Path

from ketenregie.store.errors import RegisterInUse

LOCK_SUFFIX = ".lock"


def real_register_path(register: Path) -> Path:
    """The register's real location: symlinks (of the file and its folders) resolved."""
    return Path(os.path.realpath(register))


def lock_path_for(register: Path, suffix: str = LOCK_SUFFIX) -> Path:
    real = real_register_path(register)
    return real.with_name(real.name + suffix)


class InstanceLock:
    def __init__(self, path: Path) -> None:
        self.path = path
        self._fd: int | None = None

    @classmethod
    def for_register(cls, register: Path) -> "RegisterLock":
        return RegisterLock(register)

    def acquire(self) -> "InstanceLock":
        for _ in range(5):  # the lock file was swapped under us: take the one now at the path
            fd = os.open(self.path, os.O_RDWR | os.O_CREAT, 0o600)
            try:
                _lock(fd)
            except OSError:
                os.close(fd)
                raise RegisterInUse() from None
            if _same_file(fd, self.path):
                break
            _unlock(fd)
            os.close(fd)
        else:
            raise RegisterInUse()
        os.ftruncate(fd, 0)
        os.write(fd, str(os.getpid()).encode())
        self._fd = fd
        return self

    def release(self) -> None:
        if self._fd is None:
            return
        fd, self._fd = self._fd, None
        try:
            _unlock(fd)
        finally:
            os.close(fd)
        # The file stays: unlinking it would let two processes lock two different inodes.

    @property
    def held(self) -> bool:
        return self._fd is not None


def _lock(fd: int) -> None:
    if sys.platform == "win32":  # pragma: no cover - Windows only
        import msvcrt

        msvcrt.locking(fd, msvcrt.LK_NBLCK, 1)
    else:
        import fcntl

        fcntl.flock(fd, fcntl.LOCK_EX | fcntl.LOCK_NB)


def _unlock(fd: int) -> None:
    if sys.platform != "win32":
        import fcntl

        fcntl.flock(fd, fcntl.LOCK_UN)


def _same_file(fd: int, path: Path) -> bool:
    try:
        held, named = os.fstat(fd), os.stat(path)
    except OSError:
        return False
    return (held.st_dev, held.st_ino) == (named.st_dev, named.st_ino)


class RegisterLock:
    """The process lock of one register: `<real path>.lock` beside it, and — once the register file exists — a lock
    named after its device and inode in the user's lock folder, so a hard link (another name for the same file,
    which path resolution cannot see) meets the same lock too."""

    def __init__(self, register: Path, lock_dir: Path | None = None) -> None:
        self.register = Path(register)
        self._lock_dir = lock_dir
        self._locks: list[InstanceLock] = []

    def acquire(self) -> "RegisterLock":
        self._locks = [InstanceLock(lock_path_for(self.register)).acquire()]
        try:
            self.lock_inode()
        except BaseException:
            self.release()
            raise
        return self

    def lock_inode(self) -> None:
        """Add the inode lock (again after a creation, once the register file exists). Nothing to do while the
        register does not exist yet: then the path lock is all there is to meet."""
        if len(self._locks) != 1:
            return
        try:
            identity = os.stat(real_register_path(self.register))
        except FileNotFoundError:
            return
        folder = self._lock_dir or _default_lock_dir()
        folder.mkdir(parents=True, exist_ok=True, mode=0o700)
        self._locks.append(InstanceLock(folder / f"{identity.st_dev}-{identity.st_ino}.lock").acquire())

    def release(self) -> None:
        locks, self._locks = self._locks, []
        for lock in reversed(locks):
            lock.release()

    @property
    def held(self) -> bool:
        return bool(self._locks)


def _default_lock_dir() -> Path:
    from ketenregie.paths import AppPaths

    return AppPaths.from_environment().data_dir / "locks"
