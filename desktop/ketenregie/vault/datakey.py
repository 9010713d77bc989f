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
