"""Bad input on the command line (issue 10 item 10): each case gets its own Dutch message and a non-zero exit, and
writes nothing. Real files, real processes; cases that hung before run in a subprocess with a timeout."""
from __future__ import annotations

import os
import shutil
import signal
import subprocess
import sys
import time
from pathlib import Path

import pytest

from ketenregie.cli import DEMO_MAX_CASES, EXIT_REGISTER, EXIT_USAGE, main

ROOT = Path(__file__).resolve().parents[1]
PACKAGE_PARENT = ROOT / "desktop"
PASSPHRASE = "een demo wachtwoordzin voor de cli\n"
posix_only = pytest.mark.skipif(sys.platform == "win32", reason="FIFOs, /dev/zero, POSIX modes")


@pytest.fixture(scope="module")
def demo_files(tmp_path_factory) -> tuple[Path, Path]:
    """A real (empty) demo register and its passphrase file, made once; tests copy it."""
    folder = tmp_path_factory.mktemp("demo")
    secret = folder / "pw"
    secret.write_text(PASSPHRASE, encoding="utf-8")
    register = folder / "r.ketenregie"
    assert main(["demo", "--register", str(register), "--passphrase-file", str(secret)]) == 0
    return register, secret


def _copy(demo_files, folder: Path) -> Path:
    register, _secret = demo_files
    folder.mkdir(parents=True, exist_ok=True)
    shutil.copy2(register, folder / register.name)
    shutil.copy2(register.with_name(register.name + ".keys"), folder / (register.name + ".keys"))
    return folder / register.name


def _snapshot(folder: Path) -> dict[str, bytes]:
    return {p.name: p.read_bytes() for p in folder.iterdir() if p.is_file()}


def _run_cli(args: list[str], env_extra: dict[str, str] | None = None, *, timeout: float = 120,
             prefix: list[str] | None = None, stdin=None) -> subprocess.CompletedProcess:
    env = dict(os.environ, PYTHONPATH=str(PACKAGE_PARENT), **(env_extra or {}))
    return subprocess.run([*(prefix or []), sys.executable, "-m", "ketenregie.cli", *args], capture_output=True,
                          text=True, env=env, timeout=timeout, stdin=stdin)


def test_zero_byte_register_is_refused_and_stays_empty(demo_files, tmp_path, capsys):
    register, secret = demo_files
    folder = tmp_path / "leeg"
    folder.mkdir()
    empty = folder / "r.ketenregie"
    empty.touch()
    shutil.copy2(register.with_name(register.name + ".keys"), folder / "r.ketenregie.keys")
    before = _snapshot(folder)
    assert main(["audit", "verify", "--register", str(empty), "--passphrase-file", str(secret)]) == EXIT_REGISTER
    assert "leeg (0 bytes)" in capsys.readouterr().err
    assert _snapshot(folder) == before and empty.stat().st_size == 0  # no header, no WAL, no lock file
    assert main(["doctor", "--register", str(empty)]) == 1
    assert "leeg (0 bytes)" in capsys.readouterr().out
    assert _snapshot(folder) == before


def test_keys_path_that_is_a_folder(demo_files, tmp_path, capsys):
    _register, secret = demo_files
    register = _copy(demo_files, tmp_path / "map")
    keys = register.with_name(register.name + ".keys")
    keys.unlink()
    keys.mkdir()
    before = _snapshot(register.parent)
    assert main(["audit", "verify", "--register", str(register), "--passphrase-file", str(secret)]) == EXIT_REGISTER
    err = capsys.readouterr().err
    assert "sleutelbestand" in err.lower() and "een map" in err
    assert main(["doctor", "--register", str(register)]) == 1
    out = capsys.readouterr().out
    assert "een map" in out and "er ging iets mis" not in out.lower()
    assert _snapshot(register.parent) == before


@posix_only
def test_passphrase_from_dev_zero_a_fifo_or_endless_stdin_is_refused_quickly(demo_files, tmp_path):
    register, _secret = demo_files
    fifo = tmp_path / "pw.fifo"
    os.mkfifo(fifo)
    env = {"KETENREGIE_HOME": str(tmp_path / "home")}
    for source, reason in (("/dev/zero", "apparaat"), (str(fifo), "FIFO")):
        result = _run_cli(["audit", "verify", "--register", str(register), "--passphrase-file", source], env,
                          timeout=60)
        assert result.returncode == EXIT_USAGE, result.stderr
        assert "wachtwoordbestand" in result.stderr and reason in result.stderr
    with open("/dev/zero", "rb") as zero:
        result = _run_cli(["audit", "verify", "--register", str(register), "--passphrase-file", "-"], env,
                          timeout=60, stdin=zero)
    assert result.returncode == EXIT_USAGE and "te lang" in result.stderr


def test_demo_size_is_bounded_and_nothing_is_written(tmp_path, capsys):
    secret = tmp_path / "pw"
    secret.write_text(PASSPHRASE, encoding="utf-8")
    with pytest.raises(SystemExit) as info:
        main(["demo", "--register", str(tmp_path / "groot.ketenregie"), "--passphrase-file", str(secret),
              "--cases", "1000000000"])
    assert info.value.code == EXIT_USAGE
    assert f"hooguit {DEMO_MAX_CASES}" in capsys.readouterr().err
    assert sorted(p.name for p in tmp_path.iterdir()) == ["pw"]


def test_successful_demo_leaves_only_the_register_and_its_keys(tmp_path):
    secret = tmp_path / "pw"
    secret.write_text(PASSPHRASE, encoding="utf-8")
    assert main(["demo", "--register", str(tmp_path / "d.ketenregie"), "--passphrase-file", str(secret),
                 "--cases", "5"]) == 0
    assert sorted(p.name for p in tmp_path.iterdir()) == ["d.ketenregie", "d.ketenregie.keys", "pw"]


@posix_only
def test_demo_killed_while_filling_leaves_no_register(tmp_path):
    secret = tmp_path / "pw"
    secret.write_text(PASSPHRASE, encoding="utf-8")
    target = tmp_path / "half.ketenregie"
    env = dict(os.environ, PYTHONPATH=str(PACKAGE_PARENT), KETENREGIE_HOME=str(tmp_path / "home"))
    process = subprocess.Popen([sys.executable, "-m", "ketenregie.cli", "demo", "--register", str(target),
                                "--passphrase-file", str(secret), "--cases", str(DEMO_MAX_CASES)], env=env,
                               stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL)
    try:
        deadline = time.monotonic() + 120
        # The staged key-slot file is written when creation is done: from then on the cases are being generated.
        while not list(tmp_path.glob(".tmp-demo-*.ketenregie.keys")):
            assert process.poll() is None, "the demo ended before it was killed"
            assert time.monotonic() < deadline
            time.sleep(0.05)
    finally:
        process.send_signal(signal.SIGKILL)
        process.wait(timeout=30)
    assert not target.exists() and not target.with_name(target.name + ".keys").exists()


def _without_root_override() -> list[str]:
    """Root ignores file modes; run the CLI without CAP_DAC_OVERRIDE so a 0555 folder is read-only for it too."""
    if os.geteuid() != 0:
        return []
    setpriv = shutil.which("setpriv")
    if setpriv is None:
        pytest.skip("running as root without setpriv: a read-only folder cannot be made")
    return [setpriv, "--bounding-set=-dac_override,-dac_read_search", "--"]


@posix_only
def test_read_only_location_gets_a_dutch_message_and_nothing_is_written(demo_files, tmp_path):
    _register, secret = demo_files
    register = _copy(demo_files, tmp_path / "alleen-lezen")
    os.chmod(register.parent, 0o555)
    try:
        before = _snapshot(register.parent)
        env = {"KETENREGIE_HOME": str(tmp_path / "home")}
        prefix = _without_root_override()
        result = _run_cli(["audit", "verify", "--register", str(register), "--passphrase-file", str(secret)], env,
                          prefix=prefix)
        assert result.returncode == EXIT_REGISTER, result.stderr
        assert "alleen-lezen" in result.stderr and "er ging iets mis" not in result.stderr.lower()
        assert _snapshot(register.parent) == before

        result = _run_cli(["demo", "--register", str(register.parent / "nieuw.ketenregie"), "--passphrase-file",
                           str(secret)], env, prefix=prefix)
        assert result.returncode == EXIT_REGISTER, result.stderr
        assert "mag niet schrijven" in result.stderr
        assert _snapshot(register.parent) == before
    finally:
        os.chmod(register.parent, 0o755)


def test_sample_documents_into_a_path_that_is_a_file_says_why(tmp_path, capsys):
    blocker = tmp_path / "bestand"
    blocker.write_text("x", encoding="utf-8")
    assert main(["sample-documents", "--out", str(blocker)]) == 1
    err = capsys.readouterr().err
    assert "is een bestand, geen map" in err and "None" not in err
    assert blocker.read_text(encoding="utf-8") == "x"


def test_demo_that_fails_while_filling_leaves_nothing_behind(tmp_path, monkeypatch):
    import ketenregie.demo as demo

    def broken_activity(register, **_kwargs):  # a fault after the cases are in: the register is half-filled
        raise MemoryError

    monkeypatch.setattr(demo, "fill_demo_activity", broken_activity)
    secret = tmp_path / "pw"
    secret.write_text(PASSPHRASE, encoding="utf-8")
    assert main(["demo", "--register", str(tmp_path / "d.ketenregie"), "--passphrase-file", str(secret),
                 "--cases", "20"]) == EXIT_REGISTER
    assert sorted(p.name for p in tmp_path.iterdir()) == ["pw"]  # no register, no key file, no temporary files
