"""Typed settings registry: policy is validated and clamped, always wins over user settings, and is documented."""
from __future__ import annotations

from pathlib import Path

from ketenregie.config import (POLICY_KEYS, MemorySettingsBackend, Policy, QSettingsBackend, Settings,
                               load_policy)
from ketenregie.policy_doc import render

ROOT = Path(__file__).resolve().parents[1]


def _policy_file(tmp_path, monkeypatch, text: str) -> Policy:
    path = tmp_path / "policy.toml"
    path.write_text(text, encoding="utf-8")
    monkeypatch.setenv("KETENREGIE_POLICY_FILE", str(path))
    return load_policy()


def test_empty_policy_gives_documented_defaults(tmp_path, monkeypatch):
    policy = _policy_file(tmp_path, monkeypatch, "")
    assert policy.problems == ()
    assert policy.get("IdleLockMaxMinutes") == 15
    assert policy.get("PassphraseMinLength") == 12
    assert policy.get("DeviceSecret") is False
    assert policy.idle_lock_max_minutes == 15


def test_out_of_range_values_are_clamped_and_reported(tmp_path, monkeypatch):
    policy = _policy_file(tmp_path, monkeypatch, "IdleLockMaxMinutes = 60\nPassphraseMinLength = 4\n")
    assert policy.get("IdleLockMaxMinutes") == 15  # the BIO maximum
    assert policy.get("PassphraseMinLength") == 12
    assert [p.severity for p in policy.problems] == ["warning", "warning"]
    assert not policy.has_errors


def test_wrong_types_and_unknown_keys_are_reported(tmp_path, monkeypatch):
    policy = _policy_file(tmp_path, monkeypatch, 'DeviceSecret = "ja"\nIdleLockMaxMinutes = "tien"\nFoo = 1\n'
                                                 'DueSoonWorkingDays = "vijf"\n')
    # An unusable value of a security key never loosens it: the strictest value, not the (looser) default.
    assert policy.get("DeviceSecret") is True and policy.get("IdleLockMaxMinutes") == 1
    assert policy.get("DueSoonWorkingDays") == 5  # not a security setting: the default
    assert policy.has_errors
    assert any("Foo" in p.message for p in policy.problems)


def test_unreadable_policy_file_never_loosens_a_security_setting(tmp_path, monkeypatch):
    policy = _policy_file(tmp_path, monkeypatch, "IdleLockMaxMinutes = 5\nBsnEnabled = false\nDeviceSecret = ja\n")
    assert policy.has_errors
    assert policy.get("IdleLockMaxMinutes") == 1  # strictest, not the default 15 (IT may have set 5)
    assert policy.get("ClipboardClearSeconds") == 5
    assert policy.get("BsnEnabled") is False
    assert policy.get("DeviceSecret") is True  # a new register gets a device secret when the keyring allows
    assert "regel 3" in policy.problems[0].message
    assert "IT-beleid" in policy.user_notice()


def test_policy_with_a_bom_is_read(tmp_path, monkeypatch):
    path = tmp_path / "policy.toml"
    path.write_bytes(b"\xef\xbb\xbfDeviceSecret = true\nIdleLockMaxMinutes = 7\n")  # Notepad writes a BOM
    monkeypatch.setenv("KETENREGIE_POLICY_FILE", str(path))
    policy = load_policy()
    assert policy.problems == () and policy.user_notice() is None
    assert policy.get("DeviceSecret") is True and policy.get("IdleLockMaxMinutes") == 7


def test_unreadable_policy_is_logged_without_its_content(tmp_path, monkeypatch, caplog):
    canary = "Jansen-Canary 123456782"
    with caplog.at_level("DEBUG"):
        policy = _policy_file(tmp_path, monkeypatch, f'LetterheadName = "{canary}\n')  # unterminated string
    assert policy.has_errors
    assert any("strictest" in r.getMessage() for r in caplog.records)
    assert not any("Jansen" in r.getMessage() or "123456782" in r.getMessage() for r in caplog.records)
    assert not any("Jansen" in p.message for p in policy.problems)


def test_registry_dword_booleans_are_accepted():
    policy = Policy.from_mapping({"DeviceSecret": 1, "BsnEnabled": 0}, "test")
    assert policy.get("DeviceSecret") is True and policy.get("BsnEnabled") is False


def test_policy_wins_over_user_setting():
    policy = Policy.from_mapping({"IdleLockMaxMinutes": 3}, "test")
    settings = Settings(policy, MemorySettingsBackend())
    assert settings.idle_lock_minutes == 3  # user default 5, policy caps at 3
    settings.set("idle_lock_minutes", 10)
    assert settings.idle_lock_minutes == 3


def test_user_setting_default_and_roundtrip_through_qsettings(qapp, isolated_home):
    settings = Settings(Policy.defaults(), QSettingsBackend())
    assert settings.idle_lock_minutes == 5
    settings.set("idle_lock_minutes", 7)
    assert Settings(Policy.defaults(), QSettingsBackend()).idle_lock_minutes == 7
    assert (isolated_home / "settings.ini").exists()  # KETENREGIE_HOME keeps settings beside the data


def test_policy_documentation_is_generated_from_the_keys():
    doc = (ROOT / "docs" / "policy.md").read_text(encoding="utf-8")
    assert doc == render(), "docs/policy.md is stale: run python -m ketenregie.policy_doc > docs/policy.md"
    for key in POLICY_KEYS:
        assert f"`{key.name}`" in doc
