"""Every packaging command works on a fresh machine or says exactly what to install: with a tool missing (and
automatic installation off, KETENREGIE_NO_APT=1) each script stops before doing anything, non-zero, with the
exact `apt-get install -y PACKAGE` line -- never half-way with a confusing error such as "cp: cannot stat
.../minisign.pub" (what `sign.sh --throwaway release` said when make-test-keys.sh skipped minisign silently)."""
from __future__ import annotations

import os
import re
import shutil
from pathlib import Path

import pytest

from pkg_helpers import PACKAGING, REPO, run


def _path_without(tmp_path: Path, hidden: set[str]) -> str:
    """A PATH with every command of the current PATH except `hidden` (symlinks in one folder)."""
    folder = tmp_path / "bin"
    folder.mkdir()
    for directory in os.environ.get("PATH", "/usr/bin:/bin").split(os.pathsep):
        if not os.path.isdir(directory):
            continue
        for entry in os.scandir(directory):
            target = folder / entry.name
            if entry.name in hidden or target.exists() or target.is_symlink():
                continue
            if entry.is_file() and os.access(entry.path, os.X_OK):
                target.symlink_to(entry.path)
    for tool in hidden:
        assert shutil.which(tool, path=str(folder)) is None
    return str(folder)


def _stops_with_apt_line(tmp_path, hidden: set[str], packages: str, *args) -> str:
    env = {**os.environ, "PATH": _path_without(tmp_path, hidden), "KETENREGIE_NO_APT": "1"}
    result = run(*args, check=False, env=env, cwd=tmp_path)
    output = result.stdout + result.stderr
    assert result.returncode != 0, output
    assert re.search(rf"(sudo )?apt-get install -y {re.escape(packages)}$", output, re.MULTILINE), output
    assert "cannot stat" not in output and "command not found" not in output, output
    return output


@pytest.fixture
def release_dir(tmp_path) -> Path:
    folder = tmp_path / "release"
    folder.mkdir()
    (folder / "ketenregie-0.0.0-linux-x86_64.tar.gz").write_bytes(os.urandom(512))
    return folder


def test_sign_throwaway_release_without_minisign_names_the_package(tmp_path, release_dir):
    _stops_with_apt_line(tmp_path, {"minisign"}, "minisign", PACKAGING / "sign.sh", "--throwaway", "release",
                         release_dir)
    assert sorted(p.name for p in release_dir.iterdir()) == ["ketenregie-0.0.0-linux-x86_64.tar.gz"]  # untouched


def test_make_test_keys_without_openssl_and_minisign_names_both(tmp_path):
    _stops_with_apt_line(tmp_path, {"openssl", "minisign"}, "openssl minisign",
                         PACKAGING / "make-test-keys.sh", tmp_path / "keys")


def test_verify_without_minisign_names_the_package(tmp_path, release_dir):
    _stops_with_apt_line(tmp_path, {"minisign"}, "minisign", PACKAGING / "verify.sh", release_dir,
                         "--pubkey", release_dir / "missing.pub")


def test_authenticode_without_osslsigncode_names_the_package(tmp_path, release_dir):
    _stops_with_apt_line(tmp_path, {"osslsigncode"}, "osslsigncode", PACKAGING / "sign.sh", "authenticode",
                         release_dir / "ketenregie-0.0.0-linux-x86_64.tar.gz")


def test_build_msi_without_wixl_names_the_package(tmp_path):
    (tmp_path / "bundle").mkdir()
    _stops_with_apt_line(tmp_path, {"wixl", "wixl-heat"}, "wixl", PACKAGING / "windows" / "build-msi.sh",
                         tmp_path / "bundle", tmp_path / "out.msi")


def test_build_without_objdump_names_the_package(tmp_path):
    env_out = tmp_path / "out"
    output = _stops_with_apt_line(tmp_path, {"objdump"}, "binutils", "env", f"KETENREGIE_OUT={env_out}",
                                  PACKAGING / "build.sh")
    assert not env_out.exists(), output  # stopped before creating anything


def test_ci_run_installs_missing_tools_in_one_go_or_names_them_all(tmp_path):
    """.ci/run checks every tool first; without apt it stops naming every missing package (--tools-only: this
    test never starts the suite from inside the suite)."""
    _stops_with_apt_line(tmp_path, {"wixl", "wixl-heat", "msiinfo", "msibuild", "minisign"},
                         "wixl msitools minisign", REPO / ".ci" / "run", "--tools-only")
