"""The SQLCipher layer on real files: raw key, no plaintext, distinct errors for wrong key and damage."""
from __future__ import annotations

import secrets
import sqlite3

import pytest

from ketenregie.store.connection import check_integrity, connect
from ketenregie.store.database import Database
from ketenregie.store.errors import RegisterCorrupt, RegisterTooNew, RegisterUnreadable
from ketenregie.store.migrate import apply_migrations, latest_version, pending_migrations, schema_version

PLAINTEXT = "Jansen-Canary-7f3a"


def _filled(path, key, rows=400):
    db = Database(connect(path, key))
    apply_migrations(db)
    with db.transaction() as conn:
        conn.execute("CREATE TABLE probe (value TEXT)")
        conn.executemany("INSERT INTO probe VALUES (?)", [(f"{PLAINTEXT} {i}",) for i in range(rows)])
    db.close()


def test_file_has_no_plaintext_and_plain_sqlite_cannot_read_it(tmp_path):
    path = tmp_path / "r.db"
    _filled(path, secrets.token_bytes(32))
    data = path.read_bytes()
    assert PLAINTEXT.encode() not in data
    assert not data.startswith(b"SQLite format 3")
    with pytest.raises(sqlite3.DatabaseError):
        sqlite3.connect(path).execute("SELECT * FROM sqlite_master").fetchall()


def test_pragmas_in_force(tmp_path):
    conn = connect(tmp_path / "r.db", secrets.token_bytes(32))
    assert conn.execute("PRAGMA cipher_memory_security").fetchone()[0] in ("1", 1)
    assert conn.execute("PRAGMA journal_mode").fetchone()[0] == "wal"
    assert conn.execute("PRAGMA temp_store").fetchone()[0] == 2  # MEMORY
    assert conn.execute("PRAGMA foreign_keys").fetchone()[0] == 1
    conn.close()


def test_wrong_key_is_unreadable_not_corrupt(tmp_path):
    path = tmp_path / "r.db"
    _filled(path, secrets.token_bytes(32))
    with pytest.raises(RegisterUnreadable):
        connect(path, secrets.token_bytes(32))


def test_flipped_byte_is_detected_by_integrity_check(tmp_path):
    path, key = tmp_path / "r.db", secrets.token_bytes(32)
    _filled(path, key)
    data = bytearray(path.read_bytes())
    data[len(data) - 4096 // 2] ^= 0x01  # in the last page, where the probe rows went (not a schema page)
    path.write_bytes(bytes(data))
    conn = connect(path, key)  # the schema pages are fine: opening works, the check must catch it
    with pytest.raises(RegisterCorrupt):
        check_integrity(conn)
    conn.close()


def test_truncated_file_is_detected(tmp_path):
    path, key = tmp_path / "r.db", secrets.token_bytes(32)
    _filled(path, key)
    size = path.stat().st_size
    with open(path, "r+b") as handle:
        handle.truncate(size // 2 // 4096 * 4096)  # on a page boundary: every remaining page is authentic
    with pytest.raises(RegisterCorrupt):  # caught at open or by the check, never a raw DatabaseError
        check_integrity(connect(path, key))


def test_intact_register_passes_integrity_check(tmp_path):
    path, key = tmp_path / "r.db", secrets.token_bytes(32)
    _filled(path, key)
    conn = connect(path, key)
    check_integrity(conn)
    conn.close()


def test_register_from_newer_version_is_refused_without_writing(tmp_path):
    path, key = tmp_path / "r.db", secrets.token_bytes(32)
    _filled(path, key)
    db = Database(connect(path, key))
    db.execute(f"PRAGMA user_version = {latest_version() + 1}")
    db.close()
    before = path.read_bytes()
    db = Database(connect(path, key))
    with pytest.raises(RegisterTooNew):
        pending_migrations(db)
    with pytest.raises(RegisterTooNew):
        apply_migrations(db)
    db.close()
    assert path.read_bytes() == before


def test_migrations_apply_once_in_order(tmp_path):
    db = Database(connect(tmp_path / "r.db", secrets.token_bytes(32)))
    assert schema_version(db) == 0
    applied = apply_migrations(db)
    assert [m.number for m in applied] == list(range(1, latest_version() + 1))
    assert schema_version(db) == latest_version()
    assert apply_migrations(db) == []
    db.close()


def test_transaction_rolls_back_everything_on_error(tmp_path):
    db = Database(connect(tmp_path / "r.db", secrets.token_bytes(32)))
    apply_migrations(db)
    with pytest.raises(RuntimeError):
        with db.transaction() as conn:
            conn.execute("INSERT INTO meta VALUES ('a', '1')")
            with db.transaction() as inner:  # nested use joins the outer transaction
                inner.execute("INSERT INTO meta VALUES ('b', '2')")
            raise RuntimeError("user action failed halfway")
    assert db.query_all("SELECT key FROM meta WHERE key IN ('a', 'b')") == []
    db.close()


def test_another_threads_write_never_joins_an_open_transaction(tmp_path):
    import threading

    db = Database(connect(tmp_path / "r.db", secrets.token_bytes(32)))
    apply_migrations(db)
    inside, done = threading.Event(), threading.Event()

    def other_thread():
        inside.wait()
        with db.transaction() as conn:  # waits until the first transaction has ended
            conn.execute("INSERT INTO meta VALUES ('other', '1')")
        done.set()

    worker = threading.Thread(target=other_thread)
    worker.start()
    with pytest.raises(RuntimeError):
        with db.transaction() as conn:
            conn.execute("INSERT INTO meta VALUES ('mine', '1')")
            inside.set()
            assert not done.wait(0.2)  # the other thread is held off, not merged into this transaction
            raise RuntimeError("roll back")
    worker.join(5)
    assert db.query_all("SELECT key FROM meta WHERE key IN ('mine', 'other')") == [("other",)]
    db.close()
