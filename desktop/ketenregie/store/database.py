"""A thin wrapper around one SQLCipher connection: explicit transactions, checkpoint-and-close.

The UI thread and a background task (audit check, passphrase change) may share the connection. A re-entrant
lock makes a transaction exclusive to the thread that opened it, so another thread's write can never slip into
it (it waits instead); nesting within one thread joins the outer transaction."""
from __future__ import annotations

import threading

from collections.abc import Iterator
from contextlib import contextmanager
from typing import Any

from ketenregie.store.connection import Connection


class Database:
    def __init__(self, conn: Connection, *, readonly: bool = False) -> None:
        self._conn: Connection | None = conn
        self._readonly = readonly  # a check-only connection: closing it never checkpoints
        self._depth = 0
        self._lock = threading.RLock()

    @property
    def conn(self) -> Connection:
        if self._conn is None:
            raise RuntimeError("register is closed")
        return self._conn

    @property
    def is_open(self) -> bool:
        return self._conn is not None

    @contextmanager
    def transaction(self) -> Iterator[Connection]:
        """One user action = one transaction. Nested use (same thread) joins the outer transaction."""
        with self._lock:
            conn = self.conn
            if self._depth:
                self._depth += 1
                try:
                    yield conn
                finally:
                    self._depth -= 1
                return
            conn.execute("BEGIN IMMEDIATE")
            self._depth = 1
            try:
                yield conn
            except BaseException:
                self._depth = 0
                conn.execute("ROLLBACK")
                raise
            self._depth = 0
            conn.execute("COMMIT")

    @contextmanager
    def transaction_within(self, seconds: float) -> Iterator[Connection]:
        """A transaction that gives up (TimeoutError, nothing written) when another thread of ours holds the
        connection longer than `seconds` — for writes that must never hold something up, like keeping form drafts
        on the way to the lock screen."""
        if not self._lock.acquire(timeout=max(0.0, seconds)):
            raise TimeoutError("the register is busy")
        try:
            with self.transaction() as conn:
                yield conn
        finally:
            self._lock.release()

    @contextmanager
    def exclusive(self) -> Iterator[Connection]:
        """No other thread of ours uses the connection meanwhile (e.g. while the file is copied for a backup);
        the instance lock already keeps other processes out."""
        with self._lock:
            yield self.conn

    def execute(self, sql: str, params: Any = ()) -> Any:
        with self._lock:
            return self.conn.execute(sql, params)

    def query_all(self, sql: str, params: Any = ()) -> list[tuple]:
        with self._lock:
            return self.conn.execute(sql, params).fetchall()

    def query_one(self, sql: str, params: Any = ()) -> tuple | None:
        with self._lock:
            return self.conn.execute(sql, params).fetchone()

    def checkpoint(self) -> None:
        with self._lock:
            self.conn.execute("PRAGMA wal_checkpoint(TRUNCATE)")

    def close(self) -> None:
        with self._lock:
            if self._conn is None:
                return
            try:
                if not self._readonly:
                    self.checkpoint()
            finally:
                self._conn.close()
                self._conn = None
