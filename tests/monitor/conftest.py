"""Fixtures of the monitor tests: a real register (SQLCipher file in tmp_path, minimum KDF) with a fixed clock,
wrapped in the monitor service. Helpers live in monitor_helpers.py."""
from __future__ import annotations

import pytest

from ketenregie.services.monitor import MonitorService
from ketenregie.services.register import create_register
from ketenregie.vault.kdf import KdfParams

from monitor_helpers import NOW, PASSPHRASE, TODAY, policy


@pytest.fixture
def make_service(tmp_path):
    opened = []

    def make(name: str = "register.krg", **policy_values) -> MonitorService:
        reg, _, _ = create_register(tmp_path / name, PASSPHRASE, policy=policy(**policy_values),
                                    kdf=KdfParams.minimum())
        opened.append(reg)
        return MonitorService(reg, clock=lambda: TODAY, now=lambda: NOW)

    yield make
    for reg in opened:
        if reg.is_open:
            reg.close()


@pytest.fixture
def service(make_service) -> MonitorService:
    return make_service()
