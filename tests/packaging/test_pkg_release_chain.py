"""CI proves the build that ships: the whole documented release chain, once, on the code under test.

    packaging/build.sh                       PyInstaller bundle + .tar.gz (hash-checked build venv)
    packaging/smoke-test.sh BUNDLE           the bundle starts, `doctor` passes, a demo register is written
    packaging/sign.sh --throwaway release    SHA256SUMS + minisign signature with throwaway test keys
    packaging/verify.sh RELEASE --pubkey ... as IT verifies a release; a flipped byte must fail it
    packaging/check-reproducible.sh --reuse  one more build from a copy in another folder, byte-identical

One slow test (two PyInstaller builds; the first build is reused as the reproducibility check's first half). The
build venv is cached in packaging/out/venv (re-created only when requirements-build.txt changes); everything else
goes to a temporary folder that is removed afterwards. Needs binutils, minisign, osslsigncode and openssl: skips
with the apt-get line on a developer machine, fails under CI (.ci/run installs them).
"""
from __future__ import annotations

import os
import shutil
import subprocess
import time

import pytest

from pkg_helpers import PACKAGING, REPO, need, run

pytestmark = pytest.mark.slow
BUILD_TIMEOUT = 900  # seconds per build; a cold build venv downloads PySide6 first


def _source_date_epoch() -> str:
    result = subprocess.run(["git", "-C", str(REPO), "log", "-1", "--format=%ct"], capture_output=True, text=True)
    return result.stdout.strip() if result.returncode == 0 and result.stdout.strip() else "1735689600"


def test_release_chain_build_smoke_sign_verify_reproduce(tmp_path_factory):
    need("objdump", "minisign", "osslsigncode", "openssl", "sha256sum", "tar", "gzip")
    out = tmp_path_factory.mktemp("release-chain")
    env = {**os.environ, "KETENREGIE_OUT": str(out), "KETENREGIE_BUILD_VENV": str(PACKAGING / "out" / "venv"),
           "SOURCE_DATE_EPOCH": _source_date_epoch(), "KETENREGIE_REPRO_DIR": str(out / "repro")}
    env.pop("QT_QPA_PLATFORM", None)  # the smoke test sets its own
    figures: dict[str, float] = {}

    def step(name: str, *args, timeout: float = 300):
        start = time.monotonic()
        result = run(*args, env=env, timeout=timeout)
        figures[name] = time.monotonic() - start
        return result

    try:
        build = step("build", PACKAGING / "build.sh", timeout=BUILD_TIMEOUT)
        bundle = out / "dist" / "ketenregie"
        release = out / "release"
        archives = sorted(release.glob("ketenregie-*-linux-*.tar.gz"))
        assert (bundle / "ketenregie").is_file() and len(archives) == 1, build.stderr[-2000:]

        smoke = step("smoke test", PACKAGING / "smoke-test.sh", bundle)
        assert "SMOKE TEST PASSED" in smoke.stdout, smoke.stdout

        signed = step("sign (throwaway keys)", PACKAGING / "sign.sh", "--throwaway", "release", release)
        assert (release / "SHA256SUMS.minisig").is_file() and (release / "test-minisign.pub").is_file(), signed.stdout
        assert archives[0].name in (release / "SHA256SUMS").read_text(encoding="utf-8")

        verified = step("verify", PACKAGING / "verify.sh", release, "--pubkey", release / "test-minisign.pub",
                        "--ca", release / "test-ca.pem")
        assert "VERIFIED" in verified.stdout, verified.stdout + verified.stderr
        tampered = out / "tampered"
        shutil.copytree(release, tampered)
        with open(tampered / archives[0].name, "r+b") as handle:
            handle.seek(1000)
            byte = handle.read(1)
            handle.seek(1000)
            handle.write(bytes([byte[0] ^ 1]))
        bad = run(PACKAGING / "verify.sh", tampered, "--pubkey", tampered / "test-minisign.pub", check=False, env=env)
        assert bad.returncode != 0, "verify.sh accepted a release with a flipped byte"
        shutil.rmtree(tampered)

        repro = step("reproducibility (one more build)", PACKAGING / "check-reproducible.sh", "--reuse", out,
                     timeout=BUILD_TIMEOUT)
        assert "REPRODUCIBLE: both builds are byte-identical" in repro.stdout, repro.stdout + repro.stderr
    finally:
        print("\nrelease chain: " + ", ".join(f"{name} {seconds:.0f} s" for name, seconds in figures.items()))
        shutil.rmtree(out, ignore_errors=True)  # ~0.6 GB of bundles and archives
