"""The `ketenregie` command line, run in-process through main() with real files."""
from __future__ import annotations

import pytest

from ketenregie import __version__
from ketenregie.cli import main


def test_version(capsys):
    with pytest.raises(SystemExit) as info:
        main(["--version"])
    assert info.value.code == 0
    assert __version__ in capsys.readouterr().out


def test_help_is_dutch(capsys):
    with pytest.raises(SystemExit):
        main(["--help"])
    out = capsys.readouterr().out
    assert "doctor" in out and "versleuteld casusregister" in out


def test_unknown_command_is_a_usage_error(capsys):
    with pytest.raises(SystemExit) as info:
        main(["bestaat-niet"])
    assert info.value.code == 2
    assert "fout" in capsys.readouterr().err


def test_doctor_is_truthful_and_fails_on_policy_errors(capsys, isolated_home):
    assert main(["doctor"]) == 0
    out = capsys.readouterr().out
    for label in ("Python", "Qt", "SQLCipher", "Cryptobibliotheek", "Sleutelbos", "Gegevensmap", "Beleid"):
        assert label in out
    assert "InMemoryKeyring" in out  # the keyring backend the process really has (the tests' in-memory one)
    (isolated_home / "policy.toml").write_text('IdleLockMaxMinutes = "tien"\n', encoding="utf-8")
    assert main(["doctor"]) == 1
    assert "FOUT" in capsys.readouterr().out


def test_doctor_reports_a_damaged_keyslot_file(capsys, tmp_path):
    secret = tmp_path / "pw"
    secret.write_text("een demo wachtwoordzin\n", encoding="utf-8")
    register = tmp_path / "r.ketenregie"
    assert main(["demo", "--register", str(register), "--passphrase-file", str(secret)]) == 0
    assert main(["doctor", "--register", str(register)]) == 0
    (tmp_path / "r.ketenregie.keys").write_text("{kapot", encoding="utf-8")
    assert main(["doctor", "--register", str(register)]) == 1
    assert "Sleutelbestand" in capsys.readouterr().out


def test_calendar_prints_atw_days_with_source(capsys):
    assert main(["calendar", "2026"]) == 0
    out = capsys.readouterr().out
    assert "2026-05-05" in out and "2026-05-15" in out and "KB gelijkstelling" in out


def test_calendar_warns_for_a_year_without_equated_day_data(capsys):
    assert main(["calendar", "2031"]) == 0
    assert "Let op: voor 2031 zijn geen gelijkgestelde dagen" in capsys.readouterr().out


def test_scripted_command_without_passphrase_source_is_refused(capsys, tmp_path, monkeypatch):
    monkeypatch.setattr("sys.stdin.isatty", lambda: False, raising=False)
    assert main(["audit", "verify", "--register", str(tmp_path / "x.ketenregie")]) == 2


def test_audit_verify_reports_missing_register(capsys, tmp_path):
    secret = tmp_path / "pw"
    secret.write_text("een demo wachtwoordzin\n", encoding="utf-8")
    assert main(["audit", "verify", "--register", str(tmp_path / "x.ketenregie"),
                 "--passphrase-file", str(secret)]) == 3
    assert "geen register" in capsys.readouterr().err


def test_sample_documents_renders_every_kind_as_pdf(capsys, tmp_path):
    from pypdf import PdfReader

    from ketenregie.documents.samples import all_samples

    assert main(["sample-documents", "--out", str(tmp_path / "out")]) == 0
    files = sorted((tmp_path / "out").iterdir())
    assert [f.name for f in files] == sorted(s.file_name for s in all_samples())
    for path in files:
        reader = PdfReader(path)
        assert len(reader.pages) >= 1 and reader.metadata.author == "Ketenregie"


def test_doctor_reports_a_broken_bridge_replacement(capsys, isolated_home, tmp_path):
    broken = tmp_path / "brug.toml"
    broken.write_text("[[pillar]\nname = 'x'\n", encoding="utf-8")
    (isolated_home / "policy.toml").write_text(f"BridgeDefinitionFile = '{broken}'\n", encoding="utf-8")
    assert main(["doctor"]) == 1
    out = capsys.readouterr().out
    assert "Brug naar zelfredzaamheid" in out and "brug.toml" in out
