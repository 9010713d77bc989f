"""Helpers and fixtures for the packaging tests (imported by tests/packaging/conftest.py). Tests that need a build
tool (wixl, msitools, osslsigncode, minisign, openssl) skip with the `apt-get install` line when it is absent --
except under CI (`.ci/run` sets KETENREGIE_REQUIRE_PACKAGING_TOOLS=1 after installing them), where a missing tool
fails the test, so CI cannot pass without running them."""
from __future__ import annotations

import importlib.util
import os
import shutil
import signal
import subprocess
from pathlib import Path

import pytest

REPO = Path(__file__).resolve().parents[2]
PACKAGING = REPO / "packaging"


DEBIAN_PACKAGE = {"wixl-heat": "wixl", "msiinfo": "msitools", "msibuild": "msitools", "sha256sum": "coreutils",
                  "objdump": "binutils"}


def tools_required() -> bool:
    return os.environ.get("KETENREGIE_REQUIRE_PACKAGING_TOOLS") == "1"


def skip_or_fail(reason: str) -> None:
    """Skip on a developer machine; fail under CI, which promises to run every packaging test."""
    if tools_required():
        pytest.fail(f"{reason} -- KETENREGIE_REQUIRE_PACKAGING_TOOLS=1 (CI) does not allow skipping")
    pytest.skip(reason)


def need(*tools: str) -> None:
    missing = [tool for tool in tools if shutil.which(tool) is None]
    if missing:
        packages = sorted({DEBIAN_PACKAGE.get(tool, tool) for tool in missing})
        skip_or_fail(f"needs {', '.join(missing)} (apt-get install -y {' '.join(packages)})")


def run(*args, check: bool = True, timeout: float = 120, **kwargs) -> subprocess.CompletedProcess:
    """Runs a command in its own process group; on timeout the whole group is killed (scripts start children)."""
    argv = [str(a) for a in args]
    with subprocess.Popen(argv, stdout=subprocess.PIPE, stderr=subprocess.PIPE, text=True, start_new_session=True,
                          **kwargs) as process:
        try:
            stdout, stderr = process.communicate(timeout=timeout)
        except subprocess.TimeoutExpired:
            os.killpg(process.pid, signal.SIGKILL)
            stdout, stderr = process.communicate()
            pytest.fail(f"{' '.join(argv)} did not finish in {timeout:.0f} s:\n{stdout[-2000:]}\n{stderr[-2000:]}")
    result = subprocess.CompletedProcess(argv, process.returncode, stdout, stderr)
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
    need("openssl", "minisign")
    folder = tmp_path_factory.mktemp("throwaway-keys")
    run(PACKAGING / "make-test-keys.sh", folder, env={"PATH": _path(), "KETENREGIE_NO_APT": "1"})
    return folder


def _path() -> str:
    return os.environ.get("PATH", "/usr/bin:/bin")


CHAIN_TOOLS = ("objdump", "minisign", "osslsigncode", "openssl", "sha256sum", "tar", "gzip")


class ReleaseChain:
    """packaging/release-chain.sh in the background. Started as soon as the suite is collected (when the chain test
    is selected), so its two PyInstaller builds overlap the rest of the suite on a second core; the chain test
    waits for it. Output goes to a temporary folder that is removed at the end of the session."""

    def __init__(self) -> None:
        self.process: subprocess.Popen | None = None
        self.folder: Path | None = None
        self.log: Path | None = None

    def start(self) -> None:
        import tempfile

        self.folder = Path(tempfile.mkdtemp(prefix="ketenregie-release-chain-"))
        self.log = self.folder / "chain.log"
        env = {key: value for key, value in os.environ.items() if key != "QT_QPA_PLATFORM"}
        with open(self.log, "wb") as log:
            self.process = subprocess.Popen([str(PACKAGING / "release-chain.sh"), str(self.folder / "out")],
                                            stdout=log, stderr=subprocess.STDOUT, env=env, cwd=REPO,
                                            start_new_session=True)

    def wait(self, timeout: float) -> tuple[int, str]:
        assert self.process is not None and self.log is not None
        try:
            code = self.process.wait(timeout=timeout)
        except subprocess.TimeoutExpired:
            self.stop()
            pytest.fail(f"packaging/release-chain.sh did not finish in {timeout:.0f} s:\n"
                        + self.log.read_text(errors="replace")[-3000:])
        return code, self.log.read_text(errors="replace")

    def stop(self) -> None:
        if self.process is not None and self.process.poll() is None:
            os.killpg(self.process.pid, signal.SIGKILL)
            self.process.wait()
        if self.folder is not None:
            shutil.rmtree(self.folder, ignore_errors=True)  # ~0.6 GB of bundles and archives


RELEASE_CHAIN = ReleaseChain()
