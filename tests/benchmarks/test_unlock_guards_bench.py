"""What the open-path guards cost (issue 10.2/10.3/10.11): the read-only check before the open (integrity + the
whole audit chain + its anchor) as the audit log grows, and an unlock with a failed-attempts record to audit and
reset. Run with `./dev bench` or `.venv/bin/python -m pytest -q -s -p no:randomly tests/benchmarks/<this file>`."""
from __future__ import annotations

import os
from datetime import datetime, timedelta, timezone

import pytest

from ketenregie.config import Policy
from ketenregie.domain.audit import AuditAction
from ketenregie.domain.unlock_throttle import AttemptState
from ketenregie.services.register import RegisterFiles, _inspect, create_register, open_register
from ketenregie.store.unlock_attempts import write_attempts
from ketenregie.vault import keyslots
from ketenregie.vault.kdf import KdfParams

from benchutil import measure, report

PASS = "benchmark wachtwoordzin lang genoeg"


def _register_with_audit_rows(folder, rows: int):
    path = folder / "register.ketenregie"
    register, _, _ = create_register(path, PASS, policy=Policy.defaults(), kdf=KdfParams.minimum())
    with register.db.transaction():
        for i in range(rows):
            register.audit.record(AuditAction.VIEW, f"case:2026-{i % 10000:04d}")
    register.close()
    return path


@pytest.mark.parametrize("rows", [10_000, 100_000])
def test_read_only_check_before_open(tmp_path_factory, rows):
    os.environ["KETENREGIE_HOME"] = str(tmp_path_factory.mktemp("home"))
    path = _register_with_audit_rows(tmp_path_factory.mktemp("reg"), rows)
    files = RegisterFiles(path)
    slots = keyslots.KeySlotFile.load(files.keyslots)
    key = keyslots.open_with_passphrase(slots, PASS)
    median, best = measure(lambda: _inspect(files, slots, key), repeat=5)
    report(f"read-only check before open (integrity + audit chain + anchor), {rows} audit rows", median, best)


def test_unlock_with_throttling_state(tmp_path_factory):
    os.environ["KETENREGIE_HOME"] = str(tmp_path_factory.mktemp("home"))
    path = _register_with_audit_rows(tmp_path_factory.mktemp("reg"), 1000)
    attempts = RegisterFiles(path).attempts
    earlier = datetime.now(timezone.utc) - timedelta(hours=1)

    def unlock_clean():
        open_register(path, PASS, policy=Policy.defaults()).close()

    def unlock_after_failures():
        write_attempts(attempts, AttemptState(3, 3, earlier, earlier))
        open_register(path, PASS, policy=Policy.defaults()).close()

    median, best = measure(unlock_clean, repeat=7)
    report("unlock + lock (floor KDF), no failures recorded", median, best)
    median, best = measure(unlock_after_failures, repeat=7)
    report("unlock + lock (floor KDF), 3 failures to audit and reset", median, best)
