"""Open a SQLCipher database with a raw 256-bit key and the pragmas the register relies on."""
from __future__ import annotations

import os
from pathlib import Path

from sqlcipher3 import dbapi2 as sqlcipher

from ketenregie.store.errors import RegisterCorrupt, RegisterUnreadable
from ketenregie.vault.datakey import wipe_immutable

Connection = sqlcipher.Connection
DatabaseError = sqlcipher.DatabaseError

# Page cache: 32 MiB (negative = KiB). SQLCipher keeps *decrypted* pages in this cache, so a miss costs a page
# decryption + HMAC check on top of the read. Measured here (tests/benchmarks/test_caseload_store_bench.py), the
# grouped "cases per phase" query runs 1.4-1.5x faster warm with 32 MiB than with the 2 MiB default (10k cases:
# 10 vs 16 ms; 100k: 123 vs 177 ms). The memory budget (300 MB resident) leaves room for it.
CACHE_SIZE_KIB = 32 * 1024

# No prepared-statement cache (the Python driver keeps 128 by default). Under cipher_memory_security every
# statement the connection holds makes each later allocation/free slower: measured here (issue 12) an executemany
# of 3,000 rows took 22-60 ms on a connection holding ~100+ cached statements against 1.4 ms with none, and a
# point query 15 us against 3.8 us. That is why a register connection was ~3x slower than a fresh one and got
# slower with every distinct statement it had run. Re-preparing a statement costs less than keeping it.
# (tests/benchmarks/test_connection_bench.py)
CACHED_STATEMENTS = 0


def connect(path: Path, key: bytes | bytearray) -> Connection:
    """Open (or create) `path` keyed with the raw data key; raise RegisterUnreadable on a wrong key."""
    if len(key) != 32:
        raise ValueError("data key must be 32 bytes")
    conn = sqlcipher.connect(str(path), isolation_level=None, check_same_thread=False,
                             cached_statements=CACHED_STATEMENTS)
    try:
        # SQLCipher's own log prints page errors to stderr; we report them ourselves.
        conn.execute("PRAGMA cipher_log_level = NONE")
        # Before the key: SQLCipher then wipes every buffer it frees, the parsed copy of the key statement included.
        conn.execute("PRAGMA cipher_memory_security = ON")
        _apply_key(conn, key)
        try:
            conn.execute("SELECT count(*) FROM sqlite_master").fetchone()
        except sqlcipher.DatabaseError as exc:
            if "not a database" in str(exc):
                raise RegisterUnreadable() from None
            raise RegisterCorrupt() from None
        # WAL: a save appends to the (encrypted) WAL instead of rewriting pages plus a rollback journal, which
        # keeps a save well inside its 20 ms budget; synchronous=FULL fsyncs every commit so an acknowledged save
        # survives power loss. The WAL is checkpointed and removed on close.
        conn.execute("PRAGMA journal_mode = WAL")
        conn.execute("PRAGMA synchronous = FULL")
        conn.execute(f"PRAGMA cache_size = -{CACHE_SIZE_KIB}")
        # Sorts and temp indexes stay in memory, never in (unprotected) temp files.
        conn.execute("PRAGMA temp_store = MEMORY")
        conn.execute("PRAGMA foreign_keys = ON")
        conn.execute("PRAGMA secure_delete = ON")  # deleted records are overwritten, not left in free pages
    except BaseException:
        conn.close()
        raise
    return conn


def _apply_key(conn: Connection, key: bytes | bytearray, pragma: str = "key") -> None:
    """Raw key syntax x'..': SQLCipher uses the bytes as the key and skips its own PBKDF2 (our KDF is in vault).

    The statement is SQL text, so the key exists for a moment as an immutable hex str (twice: the hex and the
    statement). `executescript` prepares, runs and finalizes it at once (`execute` would keep the statement in the
    connection's cache until close); then both strs are overwritten in place (vault.datakey.wipe_immutable), so no
    hex copy of the key outlives the open (tests/store/test_key_memory.py reads the process memory to check)."""
    key_hex = memoryview(key).hex()  # no intermediate copy of the raw key
    statement = f"PRAGMA {pragma} = \"x'{key_hex}'\";"
    try:
        conn.executescript(statement)
    finally:
        wipe_immutable(statement)
        wipe_immutable(key_hex)


def apply_rekey(conn: Connection, new_key: bytes | bytearray) -> None:
    """SQLCipher `PRAGMA rekey` to the raw `new_key`, leaving no hex copy of it behind (as `_apply_key`)."""
    if len(new_key) != 32:
        raise ValueError("data key must be 32 bytes")
    _apply_key(conn, new_key, "rekey")


def connect_readonly(path: Path, key: bytes | bytearray, *, ignore_wal: bool = False) -> Connection:
    """Open `path` for checks only: the file is opened read-only, so nothing this connection does (nor its close)
    can write to the register or checkpoint a WAL left by a crash into it. A refused open stays literally
    "nothing changed". (SQLite may rebuild the -shm index of a leftover WAL; that file holds no data.)
    Raise RegisterUnreadable on a wrong key, RegisterCorrupt when the file cannot be read as a database."""
    if len(key) != 32:
        raise ValueError("data key must be 32 bytes")
    # Without a WAL beside it the file alone is the database: `immutable` then keeps SQLite from creating the -wal
    # and -shm files a reader would otherwise leave behind. With a WAL (a crash) the WAL must be read, read-only.
    # `ignore_wal` (a backup being checked or restored): the file alone, whatever -wal lies beside it, so a stale
    # WAL is never read or merged.
    wal = Path(str(path) + "-wal")
    immutable = ignore_wal or not wal.exists()
    uri = Path(os.path.abspath(path)).as_uri() + ("?mode=ro&immutable=1" if immutable else "?mode=ro")
    try:
        conn = sqlcipher.connect(uri, uri=True, isolation_level=None, check_same_thread=False,
                                 cached_statements=CACHED_STATEMENTS)
    except sqlcipher.DatabaseError:
        raise RegisterCorrupt() from None
    try:
        conn.execute("PRAGMA cipher_log_level = NONE")
        conn.execute("PRAGMA cipher_memory_security = ON")  # before the key, as in connect()
        _apply_key(conn, key)
        conn.execute("PRAGMA query_only = ON")
        conn.execute("PRAGMA temp_store = MEMORY")
        try:
            conn.execute("SELECT count(*) FROM sqlite_master").fetchone()
        except sqlcipher.DatabaseError as exc:
            if "not a database" in str(exc):
                raise RegisterUnreadable() from None
            raise RegisterCorrupt() from None
    except BaseException:
        conn.close()
        raise
    return conn


def check_integrity(conn: Connection) -> None:
    """Verify every page's HMAC and the b-tree structure; raise RegisterCorrupt on any finding.

    cipher_integrity_check catches flipped bytes; quick_check catches a file truncated on a page boundary
    (every remaining page is authentic, but the database is shorter than its header says)."""
    try:
        findings = conn.execute("PRAGMA cipher_integrity_check").fetchall()
        if findings:
            raise RegisterCorrupt()
        result = conn.execute("PRAGMA quick_check").fetchall()
    except sqlcipher.DatabaseError:
        raise RegisterCorrupt() from None
    if result != [("ok",)]:
        raise RegisterCorrupt()
