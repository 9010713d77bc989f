"""Failed unlocks are counted and slowed down in the register layer, for every origin (issue 10.11): the record
lives beside the register (0600, outside the encrypted database), the wait is enforced before any key derivation,
the count goes into the audit log at the next successful unlock and the user sees "N mislukte pogingen sinds …"."""
from __future__ import annotations

import json
import stat
import sys
from datetime import datetime, timedelta, timezone

import pytest

from ketenregie.cli import main
from ketenregie.domain.audit import AuditAction
from ketenregie.domain.unlock_throttle import AttemptState, delay_seconds, failures_notice
from ketenregie.services.register import (RegisterFiles, UnlockThrottled, WrongPassphrase, WrongRecoveryCode,
                                          failed_unlocks, open_register, open_with_recovery_code,
                                          unlock_wait_seconds)
from ketenregie.vault import kdf as kdf_module
from ketenregie.vault.kdf import KdfParams
from register_faults import PASS, POLICY, make_register

T0 = datetime(2026, 12, 4, 13, 0, tzinfo=timezone.utc)


class Clock:
    def __init__(self, now: datetime = T0) -> None:
        self.now = now

    def __call__(self) -> datetime:
        return self.now


@pytest.fixture
def path(tmp_path):
    target = tmp_path / "data" / "register.ketenregie"
    make_register(target)
    return target


@pytest.fixture
def kdf_runs(monkeypatch) -> list[int]:
    runs: list[int] = []
    real = kdf_module.derive

    def counting(secret, params):
        runs.append(1)
        return real(secret, params)

    monkeypatch.setattr(kdf_module, "derive", counting)
    return runs


def _wrong(path, clock, origin="api"):
    with pytest.raises(WrongPassphrase) as caught:
        open_register(path, "niet de goede wachtwoordzin", policy=POLICY, origin=origin, clock=clock)
    return caught.value


def test_api_failures_are_counted_and_the_fifth_waits_without_a_kdf(path, kdf_runs):
    clock = Clock()
    for expected in (1, 2, 3):
        assert _wrong(path, clock).failures == expected
    fourth = _wrong(path, clock)
    assert (fourth.failures, fourth.wait_seconds) == (4, 2)
    runs = len(kdf_runs)
    with pytest.raises(UnlockThrottled) as caught:  # the fifth, right away: refused before any key derivation
        open_register(path, PASS, policy=POLICY, origin="api", clock=clock)
    assert caught.value.seconds == 2 and "2 seconden" in caught.value.user_message
    assert len(kdf_runs) == runs
    assert failed_unlocks(path) == 4 and unlock_wait_seconds(path, clock) == 2
    clock.now += timedelta(seconds=2)
    assert _wrong(path, clock).wait_seconds == 4  # the wait grows: 2, 4, 8, 16, 30


def test_success_audits_the_failures_once_and_tells_the_user(path):
    clock = Clock()
    for _ in range(3):
        _wrong(path, clock, origin="cli")
    clock.now += timedelta(minutes=5)
    register = open_register(path, PASS, policy=POLICY, clock=clock)
    try:
        entries = register.audit.recent(3)
        assert [e.action for e in entries[:2]] == [AuditAction.UNLOCKED, AuditAction.UNLOCK_FAILED]
        assert entries[1].object_ref == "count:3" and entries[1].result == "failed"
        assert any(notice.startswith("3 mislukte pogingen sinds 4 december 2026") for notice in register.notices)
    finally:
        register.close()
    assert failed_unlocks(path) == 0
    again = open_register(path, PASS, policy=POLICY, clock=clock)
    try:
        assert again.notices == [] and again.audit.recent(1)[0].action == AuditAction.UNLOCKED
    finally:
        again.close()


def test_recovery_code_attempts_count_too(path):
    clock = Clock()
    from ketenregie.domain.recovery_code import generate

    for _ in range(4):
        with pytest.raises(WrongRecoveryCode):
            open_with_recovery_code(path, generate(), "een nieuwe lange wachtwoordzin", policy=POLICY,
                                    kdf=KdfParams.minimum(), clock=clock)
    with pytest.raises(UnlockThrottled):
        open_register(path, PASS, policy=POLICY, clock=clock)


def test_cli_failures_are_throttled_with_a_dutch_message(path, tmp_path, capsys):
    secret = tmp_path / "wrong.txt"
    secret.write_text("niet de goede wachtwoordzin", encoding="utf-8")
    args = ["audit", "verify", "--register", str(path), "--passphrase-file", str(secret)]
    codes = [main(args) for _ in range(5)]
    assert codes == [3] * 5
    err = capsys.readouterr().err
    assert err.count("De wachtwoordzin klopt niet") == 4
    assert "Te veel mislukte pogingen (4)" in err
    assert failed_unlocks(path) == 4


@pytest.mark.skipif(sys.platform == "win32", reason="POSIX modes")
def test_record_is_private_and_holds_no_content(path):
    _wrong(path, Clock())
    record = RegisterFiles(path).attempts
    assert stat.S_IMODE(record.stat().st_mode) == 0o600
    assert set(json.loads(record.read_text())) == {"format", "seq", "failures", "first_failure", "last_failure"}


def test_deleted_record_after_failures_is_reported_at_the_next_unlock(path):
    clock = Clock()
    for _ in range(2):
        _wrong(path, clock)
    clock.now += timedelta(minutes=1)
    open_register(path, PASS, policy=POLICY, clock=clock).close()  # anchors sequence 2 in the key file
    for _ in range(3):
        _wrong(path, clock)
    RegisterFiles(path).attempts.unlink()  # "reset" the counter by deleting it
    register = open_register(path, PASS, policy=POLICY, clock=clock)
    try:
        actions = [e.action for e in register.audit.recent(3)]
        assert AuditAction.ATTEMPTS_RECORD_TAMPERED in actions
        assert any("gewijzigd of verwijderd" in notice for notice in register.notices)
    finally:
        register.close()


def test_unreadable_record_means_the_longest_wait(path):
    RegisterFiles(path).attempts.write_text("{ not ours", encoding="utf-8")
    assert unlock_wait_seconds(path) == 30
    with pytest.raises(UnlockThrottled):
        open_register(path, PASS, policy=POLICY)


@pytest.mark.parametrize("failures, delay", [(0, 0), (3, 0), (4, 2), (5, 4), (7, 16), (8, 30), (99, 30)])
def test_delay_schedule(failures, delay):
    assert delay_seconds(failures) == delay


def test_wait_counts_down_and_a_clock_set_back_does_not_wait_forever():
    state = AttemptState(5, 5, T0, T0)
    assert state.wait_left(T0) == 4
    assert state.wait_left(T0 + timedelta(seconds=3, milliseconds=500)) == 1
    assert state.wait_left(T0 + timedelta(seconds=4)) == 0
    assert state.wait_left(T0 - timedelta(days=1)) == 4


def test_notice_wording():
    assert failures_notice(0, T0) == ""
    assert failures_notice(1, T0).startswith("1 mislukte poging sinds 4 december 2026")
    assert "3 mislukte pogingen sinds" in failures_notice(3, T0)


@pytest.mark.skipif(sys.platform == "win32", reason="POSIX modes")
def test_settings_file_is_private(isolated_home, qapp):
    from ketenregie.config import QSettingsBackend

    QSettingsBackend().set_value("privacy_mode", True)
    settings_file = isolated_home / "settings.ini"
    assert stat.S_IMODE(settings_file.stat().st_mode) == 0o600
