"""Nothing leaks from vroegsignalering: a canary name, street, phone and BSN go through the CLI import (also a
refused file), the DDAS export and the purge, in a real process with real logging; they appear in no file outside
the encrypted register (logs, settings, temp dir) and not on stdout/stderr; the DDAS file holds no name or street."""
from __future__ import annotations

import os
import subprocess
import sys
from datetime import date, timedelta
from pathlib import Path

from ketenregie.config import Policy
from ketenregie.services.register import create_register
from ketenregie.vault.kdf import KdfParams

from signal_helpers import HEADERS, PASSPHRASE, row, write_csv

CANARY_NAME = "Zwanhilde Kanarievogel-Qx"
CANARY_STREET = "Kanariestraat"
CANARY_PHONE = "0687654321"
CANARY_BSN = "111222333"
ROOT = Path(__file__).resolve().parents[2]


def test_canary_never_leaves_the_register(tmp_path, isolated_home):
    register = tmp_path / "register.krg"
    reg, _, _ = create_register(register, PASSPHRASE, policy=Policy.defaults(), kdf=KdfParams.minimum())
    reg.close()
    (isolated_home / "policy.toml").write_text("SignalBsnEnabled = true\n", encoding="utf-8")
    secret = tmp_path / "pw"
    secret.write_text(PASSPHRASE + "\n", encoding="utf-8")
    day = (date.today() - timedelta(days=2)).isoformat()
    inbox = tmp_path / "inbox"
    inbox.mkdir()
    good = write_csv(inbox / "signalen.csv", [row("C1", day=day, start=day, name=CANARY_NAME, street=CANARY_STREET,
                                                  phone=CANARY_PHONE) + [CANARY_BSN]], headers=HEADERS + ["BSN"])
    bad = write_csv(inbox / "fout.csv", [row("C2", day="31-02-2026", name=CANARY_NAME, street=CANARY_STREET,
                                             phone="06-abc") + ["123456789"]], headers=HEADERS + ["BSN"])
    out = tmp_path / "out"
    out.mkdir()
    env = dict(os.environ, PYTHONPATH=str(ROOT / "desktop"), TMPDIR=str(tmp_path / "tmp"))
    (tmp_path / "tmp").mkdir()
    outputs = []
    for args in (["signals", "import", str(good)], ["signals", "import", str(bad)],
                 ["export", "ddas-vs", "--from", day, "--to", day, "--out", str(out / "ddas.json")],
                 ["purge", "--dry-run"]):
        proc = subprocess.run([sys.executable, "-m", "ketenregie", *args, "--register", str(register),
                               "--passphrase-file", str(secret)], env=env, capture_output=True, text=True,
                              timeout=120)
        outputs.append(proc.stdout + proc.stderr)
    assert "1 nieuw" in outputs[0] and "regel 2" in outputs[1] and "1 vroegsignalen" in outputs[2]
    needles = (CANARY_NAME, "Kanarievogel", CANARY_STREET, CANARY_PHONE, CANARY_BSN)
    for text in outputs:
        assert not [n for n in needles if n in text]
    skip = {register, register.with_name(register.name + ".keys")}
    leaks = []
    for folder in (isolated_home, tmp_path / "tmp", out):
        for path in folder.rglob("*"):
            if path.is_file() and path not in skip and not path.name.startswith("register.krg"):
                data = path.read_bytes()
                allowed = (CANARY_BSN,) if path.name == "ddas.json" else ()  # DDAS: BSN alone, by design
                leaks += [f"{path.name}: {n}" for n in needles if n not in allowed and n.encode() in data]
    assert leaks == []
    assert CANARY_BSN in (out / "ddas.json").read_text(encoding="utf-8")
