"""Register budgets: unlock with and without the KDF, open of an empty register, start to unlock window."""
from __future__ import annotations

import os
import subprocess
import sys
import time
from pathlib import Path

import pytest

from ketenregie.config import Policy
from ketenregie.services.register import calibrate_kdf, create_register, open_register
from ketenregie.vault import keyslots
from ketenregie.vault.kdf import derive

from benchutil import measure, report

PASS = "benchmark wachtwoordzin lang genoeg"
ROOT = Path(__file__).resolve().parents[2]


@pytest.fixture(scope="module")
def calibrated_register(tmp_path_factory):
    os.environ["KETENREGIE_HOME"] = str(tmp_path_factory.mktemp("home"))
    policy = Policy.defaults()
    start = time.perf_counter()
    kdf = calibrate_kdf(policy)
    print(f"\nBENCH calibrate_kdf: {(time.perf_counter() - start) * 1000:.0f} ms -> "
          f"{kdf.memory_kib // 1024} MiB, {kdf.iterations} passes, {kdf.lanes} lanes")
    path = tmp_path_factory.mktemp("reg") / "register.ketenregie"
    register, _, _ = create_register(path, PASS, policy=policy, kdf=kdf)
    register.close()
    return path, kdf


def test_unlock_with_kdf(calibrated_register):
    path, kdf = calibrated_register
    median, best = measure(lambda: open_register(path, PASS, policy=Policy.defaults()).close(), repeat=5)
    report("unlock incl. Argon2id (target 500 ms)", median, best, 1500)
    assert median < 1500


def test_kdf_alone_and_unlock_without_kdf(calibrated_register):
    path, kdf = calibrated_register
    kdf_median, kdf_best = measure(lambda: derive(PASS.encode(), kdf), repeat=5)
    report("Argon2id derivation alone", kdf_median, kdf_best)
    # Unlock without the KDF: everything after the key is known (open, integrity check, audit, close).
    from ketenregie.domain.audit import AuditAction
    from ketenregie.services.register import RegisterFiles, _acquire, _open_database

    files = RegisterFiles(path)
    slots = keyslots.KeySlotFile.load(files.keyslots)
    key = keyslots.open_with_passphrase(slots, PASS)

    def open_with_known_key():
        register = _open_database(files, slots, bytearray(key), _acquire(files), Policy.defaults(), "cli")
        register.audit.record(AuditAction.UNLOCKED)
        register.close()

    median, best = measure(open_with_known_key, repeat=10)
    report("unlock without KDF (open + integrity check + audit + lock)", median, best, 100)
    assert median < 100


def test_open_empty_register_from_key(tmp_path):
    from ketenregie.store.connection import check_integrity, connect
    from ketenregie.store.database import Database
    from ketenregie.store.migrate import apply_migrations
    import secrets

    key = secrets.token_bytes(32)
    path = tmp_path / "empty.db"
    db = Database(connect(path, key))
    apply_migrations(db)
    db.close()

    def open_close():
        database = Database(connect(path, key))
        check_integrity(database.conn)
        database.close()

    median, best = measure(open_close, repeat=20)
    report("open of an empty register (raw key, integrity check)", median, best, 50)
    assert median < 50


def test_start_to_unlock_window(tmp_path):
    """Process start → the unlock screen is shown (the app prints a marker and quits; see ui/app.py)."""
    path = tmp_path / "register.ketenregie"
    register, _, _ = create_register(path, PASS, policy=Policy.defaults(),
                                     kdf=__import__("ketenregie.vault.kdf", fromlist=["KdfParams"]).KdfParams.minimum())
    register.close()
    env = {**os.environ, "PYTHONPATH": str(ROOT / "desktop"), "QT_QPA_PLATFORM": "offscreen",
           "KETENREGIE_HOME": str(tmp_path / "home"), "KETENREGIE_BENCH_QUIT_WHEN_SHOWN": "1"}
    times = []
    for _ in range(3):
        start = time.perf_counter()
        result = subprocess.run([sys.executable, "-m", "ketenregie", "--register", str(path)], env=env,
                                capture_output=True, text=True, timeout=60)
        times.append((time.perf_counter() - start) * 1000)
        assert result.returncode == 0, result.stderr[-2000:]
        assert "UNLOCK_WINDOW_SHOWN" in result.stdout
    times.sort()
    report("process start to unlock window shown", times[1], times[0], 2000)
