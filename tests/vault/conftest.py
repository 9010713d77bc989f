"""Vault fixtures: one shared passphrase-only key-slot file (creating one costs two Argon2id runs at the floor)
and a spy on the KDF."""
from __future__ import annotations

import pytest

from ketenregie.vault import kdf as kdf_module
from ketenregie.vault import keyslots
from vault_helpers import PASSPHRASE, Made


@pytest.fixture(scope="session")
def made(tmp_path_factory) -> Made:
    folder = tmp_path_factory.mktemp("made")
    slots, key, code, notices = keyslots.create_keyslots(
        "reg-shared", PASSPHRASE, kdf=keyslots.KdfParams.minimum(), use_device_secret=False)
    assert notices == []
    path = folder / "register.keyslots"
    slots.save(path, key)
    return Made(path.read_bytes(), bytes(key), code, PASSPHRASE)


@pytest.fixture
def kdf_calls(monkeypatch) -> list[tuple[int, int, int]]:
    """Records (memory_kib, iterations, lanes) of every Argon2id derivation; the real derivation still runs."""
    calls: list[tuple[int, int, int]] = []
    real = kdf_module.derive

    def spy(secret, params):
        calls.append((params.memory_kib, params.iterations, params.lanes))
        return real(secret, params)

    monkeypatch.setattr(kdf_module, "derive", spy)
    return calls
