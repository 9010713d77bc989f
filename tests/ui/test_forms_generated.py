"""The committed ui_*.py modules are exactly what pyside6-uic makes of forms/*.ui (uic's version line aside)."""
from __future__ import annotations

import importlib.util
import sys
from pathlib import Path

import pytest

REPO = Path(__file__).resolve().parents[2]
FORMS = REPO / "forms"


def _compile_module():
    spec = importlib.util.spec_from_file_location("forms_compile", FORMS / "compile.py")
    module = importlib.util.module_from_spec(spec)
    sys.modules["forms_compile"] = module
    spec.loader.exec_module(module)
    return module


compile_forms = _compile_module()
SOURCES = compile_forms.ui_sources()


def test_there_are_forms_for_the_passphrase_dialogs():
    # The unlock screen is built in code (ui/unlock_form.py): it is the first screen of every start (issue 15).
    names = {source.stem for source in SOURCES}
    assert {"passphrase_entry", "change_passphrase", "recovery_dialog", "recovery_code"} <= names


@pytest.mark.parametrize("source", SOURCES, ids=lambda p: p.name)
def test_generated_module_matches_its_ui_file(source, tmp_path):
    try:
        compile_forms.uic_command()
    except FileNotFoundError:
        pytest.skip("uic is not installed")
    target = compile_forms.generated_path(source)
    assert target.exists(), f"run `python forms/compile.py`: {target.name} is missing"
    fresh = compile_forms.compile_source(source)
    (tmp_path / target.name).write_text(fresh, encoding="utf-8")  # what uic makes today, for a diff by hand
    assert compile_forms.comparable(target.read_text(encoding="utf-8")) == compile_forms.comparable(fresh), (
        f"{target.name} is out of date with forms/{source.name}: run `python forms/compile.py`")


@pytest.mark.parametrize("source", SOURCES, ids=lambda p: p.name)
def test_generated_module_says_it_is_generated(source):
    head = compile_forms.generated_path(source).read_text(encoding="utf-8").splitlines()[:3]
    assert "GENERATED FILE - DO NOT EDIT." in head[0]
    assert f"forms/{source.name}" in head[1]


def test_comparison_ignores_only_the_uic_version_line():
    a = "x = 1\n## Created by: Qt User Interface Compiler version 6.8.0\ny = 2\n"
    b = "x = 1\n## Created by: Qt User Interface Compiler version 6.12.0\ny = 2\n"
    assert compile_forms.comparable(a) == compile_forms.comparable(b)
    assert compile_forms.comparable(a) != compile_forms.comparable(a.replace("y = 2", "y = 3"))


def test_no_generated_module_without_a_source():
    generated = {p.name for p in compile_forms.OUTPUT_DIR.glob("ui_*.py")}
    expected = {compile_forms.generated_path(source).name for source in SOURCES}
    assert generated == expected
