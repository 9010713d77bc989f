"""`ketenregie inzage CASE --out DIR`: writes the PDF and JSON, prints paths and a count only; clear Dutch
messages and non-zero exits for a bad case number, an unknown case or a wrong passphrase."""
from __future__ import annotations

import json

import pytest

from rights_helpers import CANARY_NAME, PASSPHRASE, full_case, new_register

from ketenregie.cli import main


@pytest.fixture
def register_file(tmp_path):
    path = tmp_path / "register.krg"
    reg = new_register(path)
    with reg:
        number = full_case(reg)
    secret = tmp_path / "pw"
    secret.write_text(PASSPHRASE + "\n", encoding="utf-8")
    return path, secret, number


def test_inzage_command_writes_both_files_and_prints_no_content(register_file, tmp_path, capsys):
    path, secret, number = register_file
    out_dir = tmp_path / "inzage"
    code = main(["inzage", number, "--out", str(out_dir), "--register", str(path), "--passphrase-file", str(secret)])
    captured = capsys.readouterr()
    assert code == 0, captured.err
    files = sorted(out_dir.iterdir())
    assert [f.suffix for f in files] == [".json", ".pdf"] and all(f.name.startswith(f"{number}_inzage_")
                                                                   for f in files)
    assert json.loads(files[0].read_text(encoding="utf-8"))["casusnummer"] == number
    assert CANARY_NAME not in captured.out + captured.err and "Inzage gemaakt" in captured.out


@pytest.mark.parametrize("case_arg, expected_code, message", [
    ("Jansen", 2, "Geen geldig casusnummer"),
    ("2026-9999", 1, "bestaat niet"),
])
def test_bad_case_numbers_are_refused_in_dutch(register_file, tmp_path, capsys, case_arg, expected_code, message):
    path, secret, _number = register_file
    out_dir = tmp_path / "inzage"
    code = main(["inzage", case_arg, "--out", str(out_dir), "--register", str(path), "--passphrase-file",
                 str(secret)])
    assert code == expected_code and message in capsys.readouterr().err
    assert not out_dir.exists() or not any(out_dir.iterdir())


def test_wrong_passphrase_exits_3(register_file, tmp_path, capsys):
    path, _secret, number = register_file
    wrong = tmp_path / "wrong"
    wrong.write_text("fout\n", encoding="utf-8")
    assert main(["inzage", number, "--out", str(tmp_path / "o"), "--register", str(path), "--passphrase-file",
                 str(wrong)]) == 3
    assert "wachtwoordzin" in capsys.readouterr().err
