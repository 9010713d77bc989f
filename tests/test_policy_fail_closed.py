"""A policy that cannot be read never loosens a security setting (DESIGN.md §8): a device secret that was in use
stays required, whatever the (broken) policy says. Real registers, the in-memory keyring of conftest."""
from __future__ import annotations

import pytest

from ketenregie.config import Policy, load_policy
from ketenregie.services.register import DeviceSecretMissing, create_register, open_register
from ketenregie.vault.kdf import KdfParams

PASS = "correct paard batterij nietje"
NEW_PASS = "een heel andere wachtwoordzin 42"


def _break_policy(home) -> Policy:
    (home / "policy.toml").write_text("DeviceSecret = false\nIdleLockMaxMinutes = \n", encoding="utf-8")
    policy = load_policy()
    assert policy.has_errors
    return policy


def test_device_secret_in_use_stays_required_under_a_broken_policy(tmp_path, isolated_home, memory_keyring):
    path = tmp_path / "register.ketenregie"
    register, _code, _notices = create_register(path, PASS, policy=Policy.from_mapping({"DeviceSecret": True}, "t"),
                                                kdf=KdfParams.minimum())
    assert register.uses_device_secret
    register.close("quit")

    broken = _break_policy(isolated_home)
    with open_register(path, PASS, policy=broken, origin="cli") as register:
        register.change_passphrase(PASS, NEW_PASS, kdf=KdfParams.minimum())
        assert register.uses_device_secret  # a passphrase change under a broken policy keeps it

    memory_keyring.secrets.clear()  # the copy-elsewhere situation: passphrase alone must not open it
    with pytest.raises(DeviceSecretMissing):
        open_register(path, NEW_PASS, policy=broken, origin="cli")


def test_new_register_under_a_broken_policy_gets_a_device_secret(tmp_path, isolated_home):
    broken = _break_policy(isolated_home)
    register, _code, _notices = create_register(tmp_path / "r.ketenregie", PASS, policy=broken,
                                                kdf=KdfParams.minimum())
    with register:
        assert register.uses_device_secret
