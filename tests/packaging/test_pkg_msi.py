"""The WiX source compiles with wixl into a per-machine MSI with a stable UpgradeCode (needs wixl/msitools)."""
from __future__ import annotations

import shutil

import pytest

from pkg_helpers import PACKAGING, need, run

UPGRADE_CODE = "{87007531-5ADD-4E93-9E39-DD2B3991B0F0}"  # never change: upgrades find older versions by it

pytestmark = pytest.mark.slow


@pytest.fixture(scope="module")
def msi(tmp_path_factory, windows_pe_files):
    need("wixl", "wixl-heat", "msiinfo", "msibuild")
    root = tmp_path_factory.mktemp("msi")
    bundle = root / "ketenregie"
    (bundle / "_internal" / "resources" / "templates").mkdir(parents=True)
    shutil.copy(windows_pe_files["w64.exe"], bundle / "ketenregie.exe")
    shutil.copy(windows_pe_files["t64.exe"], bundle / "ketenregie-cli.exe")
    (bundle / "_internal" / "resources" / "templates" / "brief met spatie.txt").write_text("x", encoding="utf-8")
    output = root / "Ketenregie-test.msi"
    run(PACKAGING / "windows" / "build-msi.sh", bundle, output)
    return output


def table(msi, name: str) -> list[list[str]]:
    lines = run("msiinfo", "export", msi, name).stdout.splitlines()
    return [line.split("\t") for line in lines[3:]]  # skip column names, types and the table line


def test_msi_is_per_machine_in_program_files_with_stable_upgrade_code(msi):
    props = dict(row[:2] for row in table(msi, "Property"))
    assert props["UpgradeCode"] == UPGRADE_CODE
    assert props["ALLUSERS"] == "1"
    assert props["ProductName"] == "Ketenregie"
    directories = {row[0]: row for row in table(msi, "Directory")}
    assert directories["INSTALLDIR"][1:] == ["ProgramFiles64Folder", "Ketenregie"]
    assert directories["POLICYDIR"][1:] == ["CommonAppDataFolder", "Ketenregie"]
    assert "x64" in run("msiinfo", "suminfo", msi).stdout


def test_msi_major_upgrade_removes_older_and_refuses_downgrade(msi):
    upgrade = table(msi, "Upgrade")
    assert {row[0] for row in upgrade} == {UPGRADE_CODE}
    assert {row[-1] for row in upgrade} == {"WIX_UPGRADE_DETECTED", "WIX_DOWNGRADE_DETECTED"}
    actions = [row[0] for row in table(msi, "InstallExecuteSequence")]
    assert "RemoveExistingProducts" in actions


def test_msi_holds_every_bundle_file_and_the_optional_policy_template(msi):
    names = {row[2].split("|")[-1] for row in table(msi, "File")}
    assert {"ketenregie.exe", "ketenregie-cli.exe", "brief met spatie.txt", "policy.toml"} <= names
    features = {row[0]: row for row in table(msi, "Feature")}
    assert features["Main"][5] == "1" and features["PolicyTemplate"][5] == "1000"  # template off by default
    assert ["PolicyTemplate", "1", 'INSTALLPOLICYTEMPLATE="1"'] in table(msi, "Condition")
    components = {row[0]: row for row in table(msi, "Component")}
    assert int(components["PolicyTemplateFile"][3]) & (16 | 128) == 16 | 128  # Permanent + NeverOverwrite
    props = dict(row[:2] for row in table(msi, "Property"))
    assert "INSTALLPOLICYTEMPLATE" in props["SecureCustomProperties"].split(";")


def test_msi_can_be_authenticode_signed_and_tampering_is_detected(msi, test_keys, tmp_path):
    need("osslsigncode")
    signed = tmp_path / "signed.msi"
    shutil.copy(msi, signed)
    env = {"KETENREGIE_SIGN_PKCS12": str(test_keys / "codesign.p12"),
           "KETENREGIE_SIGN_PKCS12_PASSFILE": str(test_keys / "codesign.p12.pass"), "KETENREGIE_NO_APT": "1"}
    run(PACKAGING / "sign.sh", "authenticode", signed, env=_env(env))
    run("osslsigncode", "verify", "-CAfile", test_keys / "test-ca.pem", "-in", signed)
    # Tamper: change a property inside the signed MSI.
    run("msibuild", signed, "-q", "UPDATE `Property` SET `Value` = 'Evil' WHERE `Property` = 'ProductName'")
    result = run("osslsigncode", "verify", "-CAfile", test_keys / "test-ca.pem", "-in", signed, check=False)
    assert result.returncode != 0


def _env(extra: dict[str, str]) -> dict[str, str]:
    import os

    return {**os.environ, **extra}
