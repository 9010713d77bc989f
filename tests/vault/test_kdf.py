"""Argon2id parameters: the floor holds everywhere, calibration finds a sensible cost quickly."""
from __future__ import annotations

import os
import subprocess
import sys
from pathlib import Path

import pytest

from ketenregie.vault import kdf
from ketenregie.vault.kdf import FLOOR_ITERATIONS, FLOOR_MEMORY_KIB, KdfParams, calibrate, plan_calibration

SALT = bytes(range(16))


@pytest.mark.parametrize("memory,iterations,lanes,salt", [
    (FLOOR_MEMORY_KIB - 1, 3, 1, SALT),
    (FLOOR_MEMORY_KIB, 2, 1, SALT),
    (FLOOR_MEMORY_KIB, 3, 0, SALT),
    (FLOOR_MEMORY_KIB, 3, 1, b"short"),
    (FLOOR_MEMORY_KIB, 3, 1, "not bytes"),
    (5 * 1024 * 1024, 3, 1, SALT),  # above the ceiling
    (FLOOR_MEMORY_KIB, 65, 1, SALT),
    (float(FLOOR_MEMORY_KIB), 3, 1, SALT),
    (FLOOR_MEMORY_KIB, True, 1, SALT),
])
def test_params_outside_the_bounds_are_rejected(memory, iterations, lanes, salt):
    with pytest.raises(ValueError):
        KdfParams(memory, iterations, lanes, salt)


def test_minimum_is_the_floor_with_a_fresh_salt():
    a, b = KdfParams.minimum(), KdfParams.minimum()
    assert (a.memory_kib, a.iterations) == (FLOOR_MEMORY_KIB, FLOOR_ITERATIONS) == (65536, 3)
    assert 1 <= a.lanes <= 4 and a.lanes == min(4, os.cpu_count() or 1)
    assert a.salt != b.salt and len(a.salt) == 16
    fresh = a.with_fresh_salt()
    assert fresh.salt != a.salt and (fresh.memory_kib, fresh.iterations, fresh.lanes) == (65536, 3, a.lanes)


def test_repr_hides_the_salt():
    params = KdfParams.minimum()
    assert repr(params.salt) not in repr(params) and params.salt.hex() not in repr(params)
    assert "memory_kib=65536" in repr(params)


def test_derive_is_deterministic_per_salt():
    params = KdfParams(FLOOR_MEMORY_KIB, 3, 1, SALT)
    first = kdf.derive(bytearray(b"wachtwoordzin"), params)
    assert isinstance(first, bytearray) and len(first) == 32
    assert kdf.derive(b"wachtwoordzin", params) == first
    assert kdf.derive(b"wachtwoordzin", params.with_fresh_salt()) != first


def test_calibrate_on_a_slow_machine_stays_at_the_floor():
    """A tiny target: the first measurement at the floor already exceeds it."""
    params = calibrate(target_seconds=0.01)
    assert (params.memory_kib, params.iterations) == (FLOOR_MEMORY_KIB, FLOOR_ITERATIONS)
    assert len(params.salt) == 16


def test_calibrate_uses_the_given_clock():
    ticks = iter(range(0, 1000, 10))  # every derivation "takes" 10 s
    params = calibrate(target_seconds=0.5, clock=lambda: next(ticks))
    assert (params.memory_kib, params.iterations) == (FLOOR_MEMORY_KIB, FLOOR_ITERATIONS)


def _machine(seconds_per_gib_iteration: float):
    """A fake machine where time is linear in memory x iterations; records what was measured."""
    log: list[tuple[int, int]] = []

    def measure(memory_kib: int, iterations: int) -> float:
        log.append((memory_kib, iterations))
        return seconds_per_gib_iteration * memory_kib / (1024 * 1024) * iterations

    return measure, log


def test_plan_raises_memory_towards_the_target():
    measure, log = _machine(0.4)  # floor (64 MiB x 3) = 0.075 s
    memory, iterations = plan_calibration(0.5, measure)
    assert iterations == 3
    assert FLOOR_MEMORY_KIB < memory <= 1024 * 1024
    assert 0.4 <= 0.4 * memory / (1024 * 1024) * 3 <= 0.6
    assert len(log) <= 4


def test_plan_raises_iterations_once_memory_is_at_one_gib():
    measure, log = _machine(0.01)  # a very fast machine
    memory, iterations = plan_calibration(0.5, measure)
    assert memory == 1024 * 1024
    assert iterations > 3 and iterations <= kdf.CALIBRATION_MAX_ITERATIONS
    assert len(log) <= 6


def test_plan_on_a_slow_machine_keeps_the_floor():
    measure, log = _machine(20.0)
    assert plan_calibration(0.5, measure) == (FLOOR_MEMORY_KIB, FLOOR_ITERATIONS)
    assert log == [(FLOOR_MEMORY_KIB, FLOOR_ITERATIONS)]


def test_plan_scales_back_after_overshooting():
    calls = []

    def measure(memory_kib, iterations):  # linear until 256 MiB, then swapping makes it 10x slower
        calls.append(memory_kib)
        seconds = 0.5 * memory_kib / (1024 * 1024) * iterations
        return seconds * (10 if memory_kib > 256 * 1024 else 1)

    memory, _ = plan_calibration(0.5, measure)
    assert FLOOR_MEMORY_KIB <= memory < max(calls)


def test_no_environment_variable_weakens_the_kdf():
    source = Path(kdf.__file__).read_text(encoding="utf-8")
    assert "os.environ" not in source and "getenv" not in source
    env = dict(os.environ, KETENREGIE_KDF="fast", KETENREGIE_TEST="1", PYTHONPATH=str(Path(kdf.__file__).parents[2]))
    out = subprocess.run([sys.executable, "-c",
                          "from ketenregie.vault.kdf import KdfParams; p = KdfParams.minimum();"
                          "print(p.memory_kib, p.iterations)"],
                         env=env, capture_output=True, text=True, check=True)
    assert out.stdout.split() == ["65536", "3"]
