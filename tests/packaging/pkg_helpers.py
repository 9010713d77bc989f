"""Helpers and fixtures for the packaging tests (imported by tests/packaging/conftest.py). Tests that need a build tool (wixl, osslsigncode, minisign, openssl) skip
cleanly when it is absent; the slow bundle build itself is never part of the test suite
(packaging/build.sh, packaging/check-reproducible.sh)."""
from __future__ import annotations

import importlib.util
import shutil
import subprocess
from pathlib import Path

import pytest

REPO = Path(__file__).resolve().parents[2]
PACKAGING = REPO / "packaging"


DEBIAN_PACKAGE = {"wixl-heat": "wixl", "msiinfo": "msitools", "msibuild": "msitools", "sha256sum": "coreutils"}


def need(*tools: str) -> None:
    missing = [tool for tool in tools if shutil.which(tool) is None]
    if missing:
        packages = sorted({DEBIAN_PACKAGE.get(tool, tool) for tool in missing})
        pytest.skip(f"needs {', '.join(missing)} (apt-get install {' '.join(packages)})")


def run(*args, check: bool = True, **kwargs) -> subprocess.CompletedProcess:
    result = subprocess.run([str(a) for a in args], capture_output=True, text=True, timeout=120, **kwargs)
    if check and result.returncode != 0:
        pytest.fail(f"{' '.join(map(str, args))} exited {result.returncode}:\n{result.stdout}\n{result.stderr}")
    return result


@pytest.fixture(scope="session")
def windows_pe_files() -> dict[str, Path]:
    """Small real Windows PE executables: the launchers that ship inside pip's wheel (distlib)."""
    spec = importlib.util.find_spec("pip")
    if spec is None or not spec.submodule_search_locations:
        pytest.skip("pip is not installed: no sample Windows executable at hand")
    distlib = Path(next(iter(spec.submodule_search_locations))) / "_vendor" / "distlib"
    files = {name: distlib / name for name in ("t64.exe", "w64.exe")}
    if not all(path.is_file() for path in files.values()):
        pytest.skip("pip's distlib launchers (t64.exe, w64.exe) are missing")
    return files


@pytest.fixture(scope="session")
def test_keys(tmp_path_factory) -> Path:
    """Throwaway test CA, code-signing certificate and minisign key, made by packaging/make-test-keys.sh."""
    need("openssl")
    folder = tmp_path_factory.mktemp("throwaway-keys")
    run(PACKAGING / "make-test-keys.sh", folder, env={"PATH": _path(), "KETENREGIE_NO_APT": "1"})
    return folder


def _path() -> str:
    import os

    return os.environ.get("PATH", "/usr/bin:/bin")
