"""Timing helpers for the benchmarks."""
from __future__ import annotations

import os
import statistics
import time
from collections.abc import Callable



def measure(fn: Callable[[], object], repeat: int = 5) -> tuple[float, float]:
    """(median, best) wall time in milliseconds over `repeat` runs."""
    times = []
    for _ in range(repeat):
        start = time.perf_counter()
        fn()
        times.append((time.perf_counter() - start) * 1000)
    return statistics.median(times), min(times)


def report(name: str, median_ms: float, best_ms: float, budget_ms: float | None = None) -> None:
    budget = f"  (budget {budget_ms:.0f} ms)" if budget_ms is not None else ""
    print(f"\nBENCH {name}: median {median_ms:.1f} ms, best {best_ms:.1f} ms{budget}")
