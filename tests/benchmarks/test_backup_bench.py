"""Re-key and backup budgets at 10,000 cases (issue 10 items 8 and 13): re-key on passphrase change (KDF runs
included, production-calibrated), the backup itself (copy + read-back), and restore of a 10,000-case backup
(verify every page + audit chain, set aside, open).

Run: .venv/bin/python -m pytest -q -s -p no:randomly tests/benchmarks/test_backup_bench.py

Measured 2026-12-04 on the shared 2-core dev machine (under load from other jobs), 10,000 cases = 7.6 MiB:
SQLCipher rekey of the database median 164 ms (best 119); whole passphrase change incl. 3 calibrated Argon2id
runs ~1.2-1.5 s; backup incl. read-back 270 ms; restore (verify every page + audit chain, set aside, open)
median 1.1 s (best 0.87 s).
"""
from __future__ import annotations

import os
import statistics
import time
from datetime import date, datetime, timedelta, timezone

import pytest

from ketenregie.config import Policy
from ketenregie.demo import fill_demo_cases
from ketenregie.services.backup import restore_backup
from ketenregie.services.register import calibrate_kdf, create_register, open_register
from ketenregie.store.backup import rekey_database
from ketenregie.vault.datakey import new_data_key
from ketenregie.vault.kdf import KdfParams

from benchutil import report

PASS = "benchmark wachtwoordzin lang genoeg"
PASSES = [PASS, "tweede wachtwoordzin voor de meting", "derde wachtwoordzin voor de meting"]
CASES = 10_000


@pytest.fixture(scope="module")
def big_register(tmp_path_factory):
    os.environ["KETENREGIE_HOME"] = str(tmp_path_factory.mktemp("home"))
    path = tmp_path_factory.mktemp("reg") / "register.ketenregie"
    register, _, _ = create_register(path, PASS, policy=Policy.defaults(), kdf=KdfParams.minimum())
    start = time.perf_counter()
    fill_demo_cases(register, CASES, today=date(2026, 3, 2))
    register.close()
    size = path.stat().st_size / 1024 / 1024
    print(f"\nBENCH fill {CASES} cases: {(time.perf_counter() - start):.1f} s, register {size:.1f} MiB")
    return path


def test_rekey_at_10000_cases(big_register):
    policy = Policy.defaults()
    kdf = calibrate_kdf(policy)
    register = open_register(big_register, PASS, policy=policy)
    try:
        # The database part alone: SQLCipher rekey of every page + checkpoints.
        times = []
        for _ in range(3):
            start = time.perf_counter()
            rekey_database(register.db, register._key)  # same key: the same work, state unchanged
            times.append((time.perf_counter() - start) * 1000)
        report(f"SQLCipher rekey of the database ({CASES} cases)", sorted(times)[1], min(times))
        # The whole use case: check current passphrase (Argon2id), new slots (2x Argon2id), rekey, save, audit.
        totals = []
        for old, new in zip(PASSES, PASSES[1:]):
            start = time.perf_counter()
            register.change_passphrase(old, new, kdf=kdf)
            totals.append((time.perf_counter() - start) * 1000)
        report(f"change passphrase incl. re-key, calibrated KDF x3 ({CASES} cases)", statistics.median(totals),
               min(totals))
        assert register.db.query_one("SELECT count(*) FROM cases")[0] == CASES
    finally:
        register.close()
    # Put the passphrase back so the restore benchmark can use the module's register as it was.
    with open_register(big_register, PASSES[-1], policy=policy) as again:
        again.change_passphrase(PASSES[-1], PASS, kdf=KdfParams.minimum())


def test_backup_and_restore_of_a_10000_case_backup(big_register, tmp_path):
    policy = Policy.defaults()
    with open_register(big_register, PASS, policy=policy) as register:
        start = time.perf_counter()
        backup = register.backup(tmp_path / "usb")
        backup_ms = (time.perf_counter() - start) * 1000
    report(f"backup incl. read-back check ({CASES} cases, {backup.stat().st_size / 1024 / 1024:.1f} MiB)",
           backup_ms, backup_ms)
    times = []
    for run in range(3):
        start = time.perf_counter()
        outcome = restore_backup(big_register, backup, PASS, policy=policy, origin="cli",
                                 now=datetime(2026, 3, 2, 12, tzinfo=timezone.utc) + timedelta(minutes=run))
        outcome.register.close()
        times.append((time.perf_counter() - start) * 1000)
        for path in outcome.set_aside:
            path.unlink()
    report(f"restore of a {CASES}-case backup (verify pages + audit chain, set aside, open; 2 KDF runs at the "
           "floor the register was made with)",
           sorted(times)[1], min(times))
    with open_register(big_register, PASS, policy=policy) as restored:
        assert restored.db.query_one("SELECT count(*) FROM cases")[0] == CASES
