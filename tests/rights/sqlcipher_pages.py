"""Test helper: decrypt every page of a SQLCipher 4 register file and its WAL with the raw data key, so a test can
search the plaintext of ALL pages — live, free and stale ones — for a canary (secure delete, erasure).

SQLCipher 4 defaults, as store/connection.py uses them: 4096-byte pages, AES-256-CBC with the raw 32-byte key
(PRAGMA key = "x'..'" skips key derivation), each page ending in a reserve of 16 bytes IV + 64 bytes HMAC-SHA512.
Page 1 starts with the 16-byte salt in clear. A WAL file has a 32-byte header and frames of a 24-byte header plus
one page."""
from __future__ import annotations

from pathlib import Path

from cryptography.hazmat.primitives.ciphers import Cipher, algorithms, modes

PAGE_SIZE = 4096
RESERVE = 80  # IV (16) + HMAC-SHA512 (64)
SALT = 16
WAL_HEADER, FRAME_HEADER = 32, 24


def decrypt_page(page: bytes, key: bytes, *, first: bool) -> bytes:
    start = SALT if first else 0
    iv = page[PAGE_SIZE - RESERVE:PAGE_SIZE - RESERVE + 16]
    decryptor = Cipher(algorithms.AES(bytes(key)), modes.CBC(iv)).decryptor()
    return decryptor.update(page[start:PAGE_SIZE - RESERVE]) + decryptor.finalize()


def plaintext_pages(path: Path, key: bytes) -> list[bytes]:
    """Every page of the database file, decrypted (free pages included)."""
    data = Path(path).read_bytes()
    return [decrypt_page(data[offset:offset + PAGE_SIZE], key, first=offset == 0)
            for offset in range(0, len(data) - PAGE_SIZE + 1, PAGE_SIZE)]


def plaintext_wal_frames(path: Path, key: bytes) -> list[bytes]:
    """Every page image in the WAL file (none when the file is missing or empty)."""
    path = Path(path)
    if not path.exists():
        return []
    data = path.read_bytes()
    frames = []
    offset = WAL_HEADER
    while offset + FRAME_HEADER + PAGE_SIZE <= len(data):
        page_number = int.from_bytes(data[offset:offset + 4], "big")
        page = data[offset + FRAME_HEADER:offset + FRAME_HEADER + PAGE_SIZE]
        frames.append(decrypt_page(page, key, first=page_number == 1))
        offset += FRAME_HEADER + PAGE_SIZE
    return frames


def needles(*texts: str) -> list[bytes]:
    out = []
    for text in texts:
        out += [text.encode("utf-8"), text.encode("utf-16-le")]
    return out


def hits(register_path: Path, key: bytes, texts: list[str]) -> dict[str, int]:
    """text -> how many decrypted pages (db + WAL) contain it."""
    pages = plaintext_pages(register_path, key) + plaintext_wal_frames(Path(f"{register_path}-wal"), key)
    wanted = {text: needles(text) for text in texts}
    return {text: sum(1 for page in pages if any(n in page for n in ns)) for text, ns in wanted.items()}
