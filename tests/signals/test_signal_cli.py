"""`ketenregie signals import` and `ketenregie export ddas-vs`: counts and Dutch errors, never content."""
from __future__ import annotations

import json
import os
import stat
from datetime import date, timedelta

from ketenregie.cli import main
from ketenregie.config import Policy
from ketenregie.services.register import create_register, open_register
from ketenregie.vault.kdf import KdfParams

from signal_helpers import PASSPHRASE, row, write_csv


def make_register(tmp_path):
    path = tmp_path / "register.krg"
    reg, _, _ = create_register(path, PASSPHRASE, policy=Policy.defaults(), kdf=KdfParams.minimum())
    reg.close()
    secret = tmp_path / "pw"
    secret.write_text(PASSPHRASE + "\n", encoding="utf-8")
    return path, secret


def test_import_then_reimport_then_export(tmp_path, capsys):
    path, secret = make_register(tmp_path)
    day = (date.today() - timedelta(days=3)).isoformat()
    csv_file = write_csv(tmp_path / "signalen.csv", [row("C1", day=day, start=day),
                                                     row("C2", "Energie", "Eneco", day=day, start=day)])
    args = ["--register", str(path), "--passphrase-file", str(secret)]
    assert main(["signals", "import", str(csv_file), *args]) == 0
    out = capsys.readouterr().out
    assert "2 nieuw, 0 herhaalde melding, 0 al aanwezig" in out and "Zwanhilde" not in out
    assert main(["signals", "import", str(csv_file), *args]) == 0
    assert "0 nieuw, 0 herhaalde melding, 2 al aanwezig" in capsys.readouterr().out
    target = tmp_path / "ddas.json"
    assert main(["export", "ddas-vs", "--from", day, "--to", day, "--out", str(target), *args]) == 0
    out = capsys.readouterr().out
    assert "2 vroegsignalen" in out and "burgerservicenummers" in out
    assert stat.S_IMODE(os.stat(target).st_mode) == 0o600
    assert len(json.loads(target.read_text(encoding="utf-8"))["leveringen"][0]["vroegsignalen"]) == 2


def test_refused_file_exits_1_with_line_errors_and_stores_nothing(tmp_path, capsys):
    path, secret = make_register(tmp_path)
    csv_file = write_csv(tmp_path / "fout.csv", [row("F1", day="31-02-2026")])
    assert main(["signals", "import", str(csv_file), "--register", str(path), "--passphrase-file", str(secret)]) == 1
    err = capsys.readouterr().err
    assert "fout.csv, regel 2, kolom 'Signaaldatum'" in err and "Zwanhilde" not in err
    with open_register(path, PASSPHRASE, policy=Policy.defaults(), origin="cli") as reg:
        assert reg.db.query_one("SELECT count(*) FROM signals")[0] == 0
    assert main(["signals", "import", str(csv_file), "--mapping", "Onbekend", "--register", str(path),
                 "--passphrase-file", str(secret)]) == 1
    assert "geen kolomkoppeling" in capsys.readouterr().err
