"""Benchmarks: run with `./dev bench`. They print their figures; budgets are asserted here, never in the suite."""
import os

os.environ.setdefault("QT_QPA_PLATFORM", "offscreen")
