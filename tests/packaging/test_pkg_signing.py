"""Authenticode (osslsigncode) and SHA256SUMS + minisign: valid on untouched files, invalid after one flipped
byte. All keys are throwaway, made in a temp folder by packaging/make-test-keys.sh."""
from __future__ import annotations

import os
import shutil

import pytest

from pkg_helpers import PACKAGING, need, run

pytestmark = pytest.mark.slow


def _env(test_keys, **extra) -> dict[str, str]:
    return {**os.environ, "KETENREGIE_NO_APT": "1",
            "KETENREGIE_SIGN_PKCS12": str(test_keys / "codesign.p12"),
            "KETENREGIE_SIGN_PKCS12_PASSFILE": str(test_keys / "codesign.p12.pass"),
            "KETENREGIE_MINISIGN_KEY": str(test_keys / "minisign.key"), **extra}


def _flip(path, offset: int) -> None:
    data = bytearray(path.read_bytes())
    data[offset] ^= 0x01
    path.write_bytes(bytes(data))


def test_no_private_key_is_in_the_repository():
    repo = PACKAGING.parent
    markers = (b"PRIVATE " + b"KEY-----", b"minisign encrypted " + b"secret key")  # split: not to match here
    for path in list(PACKAGING.rglob("*")) + list((repo / "docs").rglob("*")) + list((repo / "tests").rglob("*")):
        if path.is_file() and "out" not in path.relative_to(repo).parts and path.stat().st_size < 5_000_000:
            data = path.read_bytes()
            assert not any(marker in data for marker in markers), f"private key material in {path}"


def test_authenticode_signature_verifies_and_a_flipped_byte_fails(test_keys, windows_pe_files, tmp_path):
    need("osslsigncode")
    exe = tmp_path / "ketenregie.exe"
    shutil.copy(windows_pe_files["t64.exe"], exe)
    unsigned = run("osslsigncode", "verify", "-CAfile", test_keys / "test-ca.pem", "-in", exe, check=False)
    assert unsigned.returncode != 0

    run(PACKAGING / "sign.sh", "authenticode", exe, env=_env(test_keys))
    ok = run("osslsigncode", "verify", "-CAfile", test_keys / "test-ca.pem", "-in", exe, check=False)
    assert ok.returncode == 0, ok.stdout + ok.stderr
    assert "Ketenregie TEST code signing" in ok.stdout

    # A different root (not the one IT trusts) must not verify.
    other = tmp_path / "other-keys"
    run(PACKAGING / "make-test-keys.sh", other, env=_env(test_keys))
    wrong_ca = run("osslsigncode", "verify", "-CAfile", other / "test-ca.pem", "-in", exe, check=False)
    assert wrong_ca.returncode != 0

    _flip(exe, 0x400 + 0x80)  # inside the first section (code), which the Authenticode digest covers
    tampered = run("osslsigncode", "verify", "-CAfile", test_keys / "test-ca.pem", "-in", exe, check=False)
    assert tampered.returncode != 0


@pytest.fixture
def release(tmp_path, test_keys, windows_pe_files):
    need("minisign", "osslsigncode", "sha256sum")
    folder = tmp_path / "release"
    folder.mkdir()
    shutil.copy(windows_pe_files["w64.exe"], folder / "ketenregie-setup-test.exe")
    (folder / "ketenregie-0.0.0-linux-x86_64.tar.gz").write_bytes(os.urandom(4096))
    result = run(PACKAGING / "sign.sh", "release", folder, env=_env(test_keys))
    assert "SHA256SUMS" in result.stdout
    return folder


def _verify(folder, test_keys, pubkey=None):
    return run(PACKAGING / "verify.sh", folder, "--pubkey", pubkey or test_keys / "minisign.pub",
               "--ca", test_keys / "test-ca.pem", check=False, env=_env(test_keys))


def test_release_verifies_untouched(release, test_keys):
    result = _verify(release, test_keys)
    assert result.returncode == 0, result.stdout + result.stderr
    assert "VERIFIED" in result.stdout
    listed = (release / "SHA256SUMS").read_text().split()
    assert "ketenregie-setup-test.exe" in listed and "ketenregie-0.0.0-linux-x86_64.tar.gz" in listed


def test_release_with_a_flipped_byte_in_an_artefact_fails(release, test_keys):
    _flip(release / "ketenregie-0.0.0-linux-x86_64.tar.gz", 100)
    result = _verify(release, test_keys)
    assert result.returncode != 0
    assert "FAILED" in result.stdout + result.stderr


def test_release_with_edited_checksums_fails(release, test_keys):
    sums = release / "SHA256SUMS"
    _flip(sums, 3)
    assert _verify(release, test_keys).returncode != 0


def test_release_checked_against_another_public_key_fails(release, test_keys, tmp_path):
    other = tmp_path / "other"
    run(PACKAGING / "make-test-keys.sh", other, env=_env(test_keys))
    assert _verify(release, test_keys, pubkey=other / "minisign.pub").returncode != 0
