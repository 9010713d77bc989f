"""Nothing leaks: a canary name and a valid-looking BSN go through create/unlock/lock, logging and a crash, and
appear in no file the app wrote outside the encrypted register (logs, crash reports, temp dir, settings,
key-slot file)."""
from __future__ import annotations

import logging
import os
import subprocess
import sys
from pathlib import Path

import pytest

from ketenregie.config import Policy
from ketenregie.diagnostics import install_excepthook, scrub, setup_logging
from ketenregie.paths import AppPaths
from ketenregie.services.register import WrongPassphrase, create_register, open_register
from ketenregie.vault.kdf import KdfParams

CANARY_NAME = "Zwanhilde Kanarievogel-Qx"
CANARY_BSN = "111222333"  # passes the elfproef, like a real BSN would
PASSPHRASE = f"wachtwoordzin {CANARY_NAME}"
ROOT = Path(__file__).resolve().parents[1]


def _needles() -> list[bytes]:
    needles = []
    for text in (CANARY_NAME, CANARY_BSN, "Kanarievogel"):
        needles += [text.encode("utf-8"), text.encode("utf-16-le")]
    return needles


def _leaks(folder: Path, skip: set[Path]) -> list[str]:
    found = []
    for path in folder.rglob("*"):
        if path.is_file() and path not in skip:
            data = path.read_bytes()
            found += [f"{path.name}: {needle!r}" for needle in _needles() if needle in data]
    return found


def test_scrub_masks_bsn_phone_iban_and_email():
    text = f"bsn {CANARY_BSN} tel 06-12345678 iban NL91ABNA0417164300 mail a.b@example.nl"
    cleaned = scrub(text)
    for secret in (CANARY_BSN, "12345678", "0417164300", "a.b@example.nl"):
        assert secret not in cleaned


def test_canary_never_leaves_the_register(tmp_path, monkeypatch, isolated_home):
    temp_dir = tmp_path / "tmp"
    temp_dir.mkdir()
    monkeypatch.setenv("TMPDIR", str(temp_dir))
    import tempfile

    monkeypatch.setattr(tempfile, "tempdir", str(temp_dir))
    paths = AppPaths.from_environment()
    paths.ensure()
    setup_logging(paths.log_dir)
    install_excepthook(paths.log_dir, show_dialog=False)
    try:
        register_path = paths.default_register
        register, code, _ = create_register(register_path, PASSPHRASE, policy=Policy.defaults(),
                                            kdf=KdfParams.minimum())
        # Store the canary the way content is stored: inside the register, in one transaction.
        with register.db.transaction() as conn:
            conn.execute("CREATE TABLE canary (name TEXT, bsn TEXT)")
            conn.execute("INSERT INTO canary VALUES (?, ?)", (CANARY_NAME, CANARY_BSN))
        register.close("manual")
        try:  # one failed attempt: its record beside the register is searched for the canary too
            open_register(register_path, PASSPHRASE + "x", policy=Policy.defaults())
        except WrongPassphrase:
            pass
        register = open_register(register_path, PASSPHRASE, policy=Policy.defaults())
        assert register.db.query_one("SELECT name FROM canary")[0] == CANARY_NAME
        # A careless log line with a BSN (masked by the log filter; names cannot be recognised by a filter, so
        # the rule stays: code never logs them) and a crash whose message carries the whole canary.
        logging.getLogger("ketenregie.test").warning("saved case with bsn %s", CANARY_BSN)
        try:
            raise ValueError(f"could not save {CANARY_NAME} {CANARY_BSN}")
        except ValueError:
            sys.excepthook(*sys.exc_info())
        register.close("idle")
    finally:
        sys.excepthook = sys.__excepthook__
        for handler in list(logging.getLogger("ketenregie").handlers):
            handler.close()
            logging.getLogger("ketenregie").removeHandler(handler)

    written = [p for p in isolated_home.rglob("*") if p.is_file()]
    assert any(p.name.startswith("crash-") for p in written), "the crash report was written"
    assert any(p.name == "ketenregie.log" for p in written)
    assert PASSPHRASE.encode() not in register.files.keyslots.read_bytes()
    skip = {register_path}  # the encrypted register itself; its key-slot file IS scanned
    assert _leaks(isolated_home, skip) == []
    assert _leaks(temp_dir, set()) == []
    data = register_path.read_bytes()
    assert all(needle not in data for needle in _needles())  # and the register holds it encrypted only


def test_cli_reads_passphrase_from_file_never_argv_and_leaks_nothing(tmp_path, isolated_home):
    secret_file = tmp_path / "pw.txt"
    secret_file.write_text(PASSPHRASE + "\n", encoding="utf-8")
    register = tmp_path / "demo.ketenregie"
    env = {**os.environ, "PYTHONPATH": str(ROOT / "desktop"), "TMPDIR": str(tmp_path)}
    run = subprocess.run([sys.executable, "-m", "ketenregie", "demo", "--register", str(register),
                          "--passphrase-file", str(secret_file)], capture_output=True, text=True, env=env)
    assert run.returncode == 0, run.stderr
    assert CANARY_NAME not in run.stdout + run.stderr
    verify = subprocess.run([sys.executable, "-m", "ketenregie", "audit", "verify", "--register", str(register),
                             "--passphrase-file", "-"], input=PASSPHRASE + "\n", capture_output=True, text=True,
                            env=env)
    assert verify.returncode == 0, verify.stderr
    assert "intact" in verify.stdout
    assert _leaks(isolated_home, set()) == []
    wrong = subprocess.run([sys.executable, "-m", "ketenregie", "audit", "verify", "--register", str(register),
                            "--passphrase-file", "-"], input="fout\n", capture_output=True, text=True, env=env)
    assert wrong.returncode == 3 and "wachtwoordzin klopt niet" in wrong.stderr


@pytest.mark.skipif(not sys.platform.startswith("linux"), reason="prctl is Linux-only")
def test_process_is_made_non_dumpable():
    code = ("from ketenregie.diagnostics import harden_process, is_dumpable\n"
            "assert is_dumpable()\nharden_process()\nassert not is_dumpable()\n")
    result = subprocess.run([sys.executable, "-c", code], env={**os.environ, "PYTHONPATH": str(ROOT / "desktop")},
                            capture_output=True, text=True)
    assert result.returncode == 0, result.stderr
