"""CI proves the build that ships: the whole documented release chain, once, on the code under test.

packaging/release-chain.sh runs build.sh (PyInstaller bundle + .tar.gz from the hash-checked build venv),
smoke-test.sh, sign.sh --throwaway release, verify.sh, and check-reproducible.sh --reuse (one more build from a copy
of the source in another folder, compared byte for byte with the first). It is started in the background as soon
as the suite is collected (tests/packaging/conftest.py), so its two builds overlap the rest of the suite; this one
slow test runs last, waits for it and checks every step, then that a flipped byte in the signed release fails
verification. Needs binutils, minisign, osslsigncode and openssl: skips with the apt-get line on a developer
machine, fails under CI (.ci/run installs them).
"""
from __future__ import annotations

import re
import shutil

import pytest

from pkg_helpers import CHAIN_TOOLS, PACKAGING, RELEASE_CHAIN, need, run

pytestmark = pytest.mark.slow
TIMEOUT = 1800  # seconds; a cold build venv downloads PySide6 first, and a shared machine may be slow
STEPS = ("build", "smoke", "sign", "verify", "reproducible")


def test_release_chain_build_smoke_sign_verify_reproduce():
    need(*CHAIN_TOOLS)
    if RELEASE_CHAIN.process is None:  # collected without the conftest hook (should not happen)
        RELEASE_CHAIN.start()
    code, log = RELEASE_CHAIN.wait(TIMEOUT)
    figures = dict(re.findall(r"^STEP (\w+) (\d+) s$", log, re.MULTILINE))
    print("\nrelease chain: " + ", ".join(f"{name} {seconds} s" for name, seconds in figures.items()))
    assert code == 0 and "RELEASE CHAIN PASSED" in log, log[-4000:]
    assert tuple(figures) == STEPS, log[-4000:]
    assert "SMOKE TEST PASSED" in log and "VERIFIED:" in log
    assert "REPRODUCIBLE: both builds are byte-identical" in log

    release = RELEASE_CHAIN.folder / "out" / "release"
    archives = sorted(release.glob("ketenregie-*-linux-*.tar.gz"))
    assert len(archives) == 1 and archives[0].name in (release / "SHA256SUMS").read_text(encoding="utf-8")
    tampered = RELEASE_CHAIN.folder / "tampered"
    shutil.copytree(release, tampered)
    with open(tampered / archives[0].name, "r+b") as handle:
        handle.seek(1000)
        byte = handle.read(1)
        handle.seek(1000)
        handle.write(bytes([byte[0] ^ 1]))
    bad = run(PACKAGING / "verify.sh", tampered, "--pubkey", tampered / "test-minisign.pub", check=False)
    assert bad.returncode != 0, "verify.sh accepted a release with a flipped byte"
