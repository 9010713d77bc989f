"""What the bounded reader and the key wiping cost (issue 10 items 6 and 7). Prints figures; never asserts time.

    .venv/bin/python -m pytest -q -s -p no:randomly tests/benchmarks/test_bounded_read_bench.py
"""
from __future__ import annotations

import tomllib
from pathlib import Path

from benchutil import measure, report

from ketenregie import bounded_read
from ketenregie.vault import kdf

ROOT = Path(__file__).resolve().parents[2]


def test_bench_reading_the_shipped_bridge_and_a_1_mib_file(tmp_path):
    bridge = ROOT / "resources" / "checklists" / "bridge.toml"
    text = bridge.read_text(encoding="utf-8")
    report("tomllib.loads bridge.toml (no checks)", *measure(lambda: tomllib.loads(text), repeat=20))
    report("bounded_read.read_toml bridge.toml", *measure(lambda: bounded_read.read_toml(bridge), repeat=20))
    big = tmp_path / "big.toml"
    rows = [f'[[equated_day]]\ndate = 2026-05-{1 + i % 28:02d}\nname = "Dag {i} [x]"\nsource = "KB {i}"\n'
            for i in range(14_000)]
    big.write_text("covered_years = [2026]\n" + "".join(rows), encoding="utf-8")
    size = big.stat().st_size
    data = big.read_text(encoding="utf-8")
    report(f"nesting pre-scan of {size // 1024} KiB TOML",
           *measure(lambda: bounded_read.toml_nesting_depth(data), repeat=5))
    report(f"tomllib.loads of the same {size // 1024} KiB", *measure(lambda: tomllib.loads(data), repeat=5))
    deep = "a = " + "[" * 100_000 + "]" * 100_000
    report("refusing a 200 KB deeply nested TOML", *measure(
        lambda: bounded_read.toml_nesting_depth(deep, stop_above=bounded_read.DEFAULT_MAX_DEPTH), repeat=20))


def test_bench_argon2id_scrub_after_each_derivation():
    report("Argon2id scrub derivation (8 KiB, 1 pass)", *measure(lambda: kdf._scrub_library_copy(32), repeat=50))
