"""A register connection is as fast as a fresh one (issue 12). Under cipher_memory_security every prepared
statement a connection keeps cached made each later allocation slower, so a register that had run ~100 distinct
statements (migrations, views) inserted 3,000 rows 15-40x slower than a fresh connection (22-60 ms vs 1.4 ms) and
point queries ran 4x slower. store/connection.py now keeps no statement cache. Run with

    .venv/bin/python -m pytest -q -s -p no:randomly tests/benchmarks/test_connection_bench.py"""
from __future__ import annotations

import os

from benchutil import measure, report
from ketenregie.store.connection import connect

ROWS = [(f"X{i}", f"waarde {i}" * 4) for i in range(3000)]


def _insert(conn) -> None:
    conn.execute("BEGIN IMMEDIATE")
    conn.executemany("INSERT INTO t (a, b) VALUES (?, ?)", ROWS)
    conn.execute("ROLLBACK")


def test_used_connection_inserts_as_fast_as_a_fresh_one(tmp_path):
    fresh = connect(tmp_path / "fresh.db", os.urandom(32))
    used = connect(tmp_path / "used.db", os.urandom(32))
    try:
        for conn in (fresh, used):
            conn.execute("CREATE TABLE t (a TEXT, b TEXT)")
        for i in range(200):  # a register after migrations and a few views has run this many distinct statements
            used.execute(f"SELECT {i}, count(*) FROM t").fetchall()
        _, fresh_best = measure(lambda: _insert(fresh), repeat=5)
        median, used_best = measure(lambda: _insert(used), repeat=5)
        report(f"executemany 3,000 rows on a used connection (fresh: {fresh_best:.1f} ms)", median, used_best,
               None)
        assert used_best <= max(3 * fresh_best, fresh_best + 5)
    finally:
        fresh.close()
        used.close()
