"""Helpers for the register fault tests (imported by name; pytest puts tests/ on sys.path): real processes that
die without closing, and byte-exact snapshots of the files beside a register."""
from __future__ import annotations

import atexit
import hashlib
import os
import shutil
import subprocess
import sys
import tempfile
import textwrap
from pathlib import Path

from ketenregie.config import Policy
from ketenregie.services.register import create_register
from ketenregie.vault.kdf import KdfParams

PASS = "correct paard batterij nietje"
POLICY = Policy.defaults()


_TEMPLATE: list[tuple[Path, str]] = []


def create_fresh(path: Path) -> str:
    """A real creation (two key derivations and the migrations): for tests about creating. Returns the code."""
    register, code, _ = create_register(path, PASS, policy=POLICY, kdf=KdfParams.minimum())
    register.close("manual")
    return code


def make_register(path: Path) -> str:
    """A closed register at `path`: a copy of one made once per test session (register, key file and attempts
    record together), which saves two key derivations per test. Returns its recovery code."""
    if not _TEMPLATE:
        folder = Path(tempfile.mkdtemp(prefix="ketenregie-template-"))
        atexit.register(shutil.rmtree, folder, True)
        code = create_fresh(folder / "register.ketenregie")
        _TEMPLATE.append((folder / "register.ketenregie", code))
    template, code = _TEMPLATE[0]
    path.parent.mkdir(parents=True, exist_ok=True, mode=0o700)
    for suffix in ("", ".keys", ".attempts"):
        shutil.copy2(template.with_name(template.name + suffix), path.with_name(path.name + suffix))
    return code


def run_child(script: str, *, expect_killed: bool = False) -> subprocess.CompletedProcess:
    """Run `script` in a fresh Python process (same environment, so the same KETENREGIE_HOME)."""
    code = "import os, signal, sys\n" + textwrap.dedent(script)
    result = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, timeout=120,
                            env=dict(os.environ))
    if expect_killed:
        assert result.returncode == -9, result.stderr
    else:
        assert result.returncode == 0, result.stderr
    return result


def crash_with_wal(path: Path, entries: int = 20) -> None:
    """Unlock in another process, write `entries` audit rows and die (os._exit: no close, no checkpoint) —
    a WAL is left beside the register, as after a crash or a kill."""
    run_child(f"""
        from ketenregie.config import Policy
        from ketenregie.domain.audit import AuditAction
        from ketenregie.services.register import open_register
        register = open_register({str(path)!r}, {PASS!r}, policy=Policy.defaults(), origin="cli")
        for i in range({entries}):
            register.audit.record(AuditAction.VIEW, f"case:2026-{{i:04d}}")
        os._exit(0)
    """)
    wal = path.with_name(path.name + "-wal")
    assert wal.exists() and wal.stat().st_size > 0


def snapshot(folder: Path) -> dict[str, str]:
    """sha256 of every file in `folder` except SQLite's shared-memory index (-shm holds no data and may be
    rebuilt by a reader) and the instance lock files."""
    result = {}
    for item in sorted(folder.iterdir()):
        if item.is_file() and not item.name.endswith(("-shm", ".lock")):
            result[item.name] = hashlib.sha256(item.read_bytes()).hexdigest()
    return result


def flip_byte(path: Path, offset: int) -> None:
    data = bytearray(path.read_bytes())
    data[offset] ^= 0x01
    path.write_bytes(bytes(data))
