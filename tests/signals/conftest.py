"""Fixtures of the vroegsignalering tests: a real register (SQLCipher file in tmp_path, minimum KDF) with a fixed
clock, wrapped in the signal service. Helpers live in signal_helpers.py (a unique module name: several test folders
have a conftest)."""
from __future__ import annotations

import pytest

from ketenregie.services.register import create_register
from ketenregie.services.signals import SignalService
from ketenregie.vault.kdf import KdfParams

from signal_helpers import NOW, PASSPHRASE, TODAY, policy


@pytest.fixture
def make_service(tmp_path):
    opened = []

    def make(name: str = "register.krg", **policy_values) -> SignalService:
        reg, _, _ = create_register(tmp_path / name, PASSPHRASE, policy=policy(**policy_values),
                                    kdf=KdfParams.minimum())
        opened.append(reg)
        return SignalService(reg, clock=lambda: TODAY, now=lambda: NOW)

    yield make
    for reg in opened:
        reg.close()


@pytest.fixture
def service(make_service) -> SignalService:
    return make_service()
