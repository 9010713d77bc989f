"""The data key: 256 random bits, handed to SQLCipher as a raw key. Kept in a `bytearray` so it can be wiped."""
from __future__ import annotations

import secrets

DATA_KEY_BYTES = 32


def new_data_key() -> bytearray:
    return bytearray(secrets.token_bytes(DATA_KEY_BYTES))


def zero(buf: bytearray | memoryview | None) -> None:
    """Overwrite a mutable buffer in place (best effort: Python may hold other copies, e.g. immutable `bytes`)."""
    if buf is None:
        return
    view = memoryview(buf).cast("B")
    view[:] = bytes(len(view))


# --- wiping immutable copies -------------------------------------------------------------------------------------
#
# Some libraries only take key material as an immutable object: SQLCipher's `PRAGMA key = "x'<hex>'"` is SQL *text*
# (a Python str), `str.encode` returns `bytes`. Python offers no way to clear those, and freeing them does not clear
# the memory either (pymalloc hands the block out again as it is), so without help a hex copy of the data key or a
# UTF-8 copy of the passphrase stays readable in the process long after a lock (issue 10 item 7).
#
# `wipe_immutable` overwrites the object's own character buffer with ctypes.memset while we still hold it, just
# before we drop it. The buffer's address is computed from the CPython object layout: for `bytes` the data ends the
# object (id + header), for a compact `str` the data follows a fixed-size header whose size we measure once from
# fresh strings of each width (1, 2 or 4 bytes per character), and a separately cached UTF-8 copy (non-ASCII strings
# that went through PyUnicode_AsUTF8) is found through the `utf8` pointer right after the ASCII header.
#
# Only for objects our code created itself and that nothing else shares — an f-string, a `.hex()` or `.encode()`
# result — never a literal or an interned string (wiping those would change the value for every user). The cached
# hash is left as it is: the object is about to be dropped.

import ctypes
import sys

_BYTES_HEADER = sys.getsizeof(b"") - 1  # PyBytesObject: header, then the data and a trailing NUL
_ASCII_HEADER = sys.getsizeof("") - 1  # PyASCIIObject: header, then the data and a trailing NUL


def _str_header(kind: int, sample: str) -> int:
    return sys.getsizeof(sample) - (len(sample) + 1) * kind


# chr() builds fresh strings (no cached UTF-8 copy), so their size is header + data only.
_STR_HEADERS = {1: _str_header(1, chr(0xE9) * 2), 2: _str_header(2, chr(0x100) * 2), 4: _str_header(4, chr(0x10000) * 2)}
_CPYTHON = sys.implementation.name == "cpython"


def wipe_immutable(obj: str | bytes | None) -> None:
    """Overwrite the characters of a `str` or `bytes` object in place (see the comment above). No-op for None,
    empty or one-character objects (shared singletons) and on other Python implementations."""
    if obj is None or len(obj) <= 1 or not _CPYTHON:
        return
    if type(obj) is bytes:
        ctypes.memset(id(obj) + _BYTES_HEADER, 0, len(obj))
        return
    if type(obj) is not str:
        raise TypeError("wipe_immutable takes str or bytes")
    widest = max(map(ord, obj))
    if widest < 0x80:
        ctypes.memset(id(obj) + _ASCII_HEADER, 0, len(obj))  # ASCII: the data is also its UTF-8 form
        return
    kind = 1 if widest < 0x100 else 2 if widest < 0x10000 else 4
    data = id(obj) + _STR_HEADERS[kind]
    # PyCompactUnicodeObject: after the ASCII header come utf8_length and the utf8 pointer.
    utf8_length = ctypes.c_ssize_t.from_address(id(obj) + _ASCII_HEADER).value
    utf8 = ctypes.c_void_p.from_address(id(obj) + _ASCII_HEADER + ctypes.sizeof(ctypes.c_ssize_t)).value
    ctypes.memset(data, 0, len(obj) * kind)
    if utf8 and utf8 != data and 0 < utf8_length:
        ctypes.memset(utf8, 0, utf8_length)
