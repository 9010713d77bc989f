"""Argon2id key derivation with a hard floor, and calibration to a target time on this machine.

The floor (64 MiB, 3 iterations) is enforced whenever `KdfParams` are built — by calibration, by callers and when a
key-slot file is read — so a file whose parameters were lowered is rejected as tampered. There is deliberately no
environment variable, flag or test hook that weakens it; tests use `KdfParams.minimum()` (the floor itself).
A ceiling is enforced too, so a tampered file cannot make unlocking eat all memory or hang.
"""
from __future__ import annotations

import math
import os
import secrets
import time
from dataclasses import dataclass, field, replace
from typing import Callable

from cryptography.hazmat.primitives.kdf.argon2 import Argon2id

FLOOR_MEMORY_KIB = 64 * 1024  # 64 MiB
FLOOR_ITERATIONS = 3
CEILING_MEMORY_KIB = 4 * 1024 * 1024  # 4 GiB: anything above this in a slot file is not ours
CEILING_ITERATIONS = 64
CEILING_LANES = 16
CALIBRATION_MAX_MEMORY_KIB = 1024 * 1024  # calibration raises memory up to 1 GiB, then iterations
CALIBRATION_MAX_ITERATIONS = 16
SALT_BYTES = 16
SALT_MIN_BYTES, SALT_MAX_BYTES = 16, 64
OUTPUT_BYTES = 32


def default_lanes() -> int:
    return max(1, min(4, os.cpu_count() or 1))


@dataclass(frozen=True)
class KdfParams:
    memory_kib: int
    iterations: int
    lanes: int
    salt: bytes = field(repr=False)

    def __post_init__(self) -> None:
        for name in ("memory_kib", "iterations", "lanes"):
            value = getattr(self, name)
            if isinstance(value, bool) or not isinstance(value, int):
                raise ValueError(f"KdfParams.{name} must be an integer")
        if not isinstance(self.salt, bytes):
            raise ValueError("KdfParams.salt must be bytes")
        if self.memory_kib < FLOOR_MEMORY_KIB or self.iterations < FLOOR_ITERATIONS:
            raise ValueError("KdfParams below the floor (64 MiB, 3 iterations)")
        if self.memory_kib > CEILING_MEMORY_KIB or self.iterations > CEILING_ITERATIONS:
            raise ValueError("KdfParams above the ceiling")
        if not 1 <= self.lanes <= CEILING_LANES:
            raise ValueError("KdfParams.lanes out of range")
        if self.memory_kib < 8 * self.lanes:
            raise ValueError("KdfParams.memory_kib too small for its lanes")
        if not SALT_MIN_BYTES <= len(self.salt) <= SALT_MAX_BYTES:
            raise ValueError("KdfParams.salt has the wrong length")

    @classmethod
    def minimum(cls) -> "KdfParams":
        """The floor, with a fresh salt."""
        return cls(FLOOR_MEMORY_KIB, FLOOR_ITERATIONS, default_lanes(), secrets.token_bytes(SALT_BYTES))

    def with_fresh_salt(self) -> "KdfParams":
        """Same cost, new salt: every key slot gets its own salt."""
        return replace(self, salt=secrets.token_bytes(SALT_BYTES))


def derive(secret: bytes | bytearray, params: KdfParams) -> bytearray:
    """Argon2id(secret) -> 32 bytes in a bytearray (wipe it with `datakey.zero` after use)."""
    out = bytearray(OUTPUT_BYTES)
    Argon2id(salt=params.salt, length=OUTPUT_BYTES, iterations=params.iterations, lanes=params.lanes,
             memory_cost=params.memory_kib).derive_into(secret, out)
    _scrub_library_copy(len(secret))
    return out


def _scrub_library_copy(length: int) -> None:
    """cryptography's Argon2id (here: cryptography 50 on OpenSSL 4.0) keeps one copy of the last secret it was given
    in a heap buffer that stays allocated after `derive_into` returns, out of our reach — so the passphrase would
    stay readable in the process after a lock (issue 10 item 7). A second derivation with an all-zero secret of the
    same length reuses that buffer and overwrites it. It costs microseconds: 8 KiB, one pass (these parameters
    protect nothing; they only run the same code path). tests/vault/test_key_memory.py reads the process memory to
    check the passphrase is gone after a lock."""
    Argon2id(salt=bytes(SALT_BYTES), length=OUTPUT_BYTES, iterations=1, lanes=1, memory_cost=8).derive(bytes(length))


def calibrate(target_seconds: float = 0.5, clock: Callable[[], float] = time.perf_counter) -> KdfParams:
    """Parameters for which one derivation takes about `target_seconds` here, never below the floor.

    Memory is raised first (up to 1 GiB: memory hardness is what hurts GPU attackers), then iterations. Time grows
    about linearly with memory x iterations, so a few measurements suffice; total time is a small multiple of
    the target."""
    lanes = default_lanes()

    def measure(memory_kib: int, iterations: int) -> float:
        params = KdfParams(memory_kib, iterations, lanes, secrets.token_bytes(SALT_BYTES))
        probe = bytearray(secrets.token_bytes(32))
        started = clock()
        derive(probe, params)
        return max(clock() - started, 1e-6)

    measure(FLOOR_MEMORY_KIB, FLOOR_ITERATIONS)  # warm-up: the first run pays for page faults, not Argon2id
    memory_kib, iterations = plan_calibration(target_seconds, measure)
    return KdfParams(memory_kib, iterations, lanes, secrets.token_bytes(SALT_BYTES))


def plan_calibration(target_seconds: float, measure: Callable[[int, int], float]) -> tuple[int, int]:
    """The search behind `calibrate`, separated so its logic can be tested without spending seconds.
    `measure(memory_kib, iterations)` returns seconds for one derivation."""
    memory, iterations = FLOOR_MEMORY_KIB, FLOOR_ITERATIONS
    elapsed = measure(memory, iterations)
    low = 0.8 * target_seconds
    for _ in range(6):  # raise memory
        if elapsed >= low or memory >= CALIBRATION_MAX_MEMORY_KIB:
            break
        wanted = memory * target_seconds / elapsed
        grown = min(CALIBRATION_MAX_MEMORY_KIB, int(wanted) // 1024 * 1024, memory * 8)
        if grown <= memory:
            break
        memory = grown
        elapsed = measure(memory, iterations)
    if elapsed > 1.5 * target_seconds and memory > FLOOR_MEMORY_KIB:  # overshot (e.g. paging): scale back once
        memory = max(FLOOR_MEMORY_KIB, int(memory * target_seconds / elapsed) // 1024 * 1024)
    if elapsed < low and memory >= CALIBRATION_MAX_MEMORY_KIB:  # then iterations
        wanted_iterations = math.floor(iterations * target_seconds / elapsed)
        iterations = max(iterations, min(CALIBRATION_MAX_ITERATIONS, wanted_iterations))
    return memory, iterations
