"""PySide6's per-import check, made on the file's bytes (ui/pyside_import_check.py), answers exactly what PySide's own
check answers, for every module loaded in this test run; and it is in place once the UI package is loaded."""
from __future__ import annotations

import sys

import pytest

import ketenregie.errors  # noqa: F401 - a module without Qt
import ketenregie.ui.main_window  # noqa: F401 - installs the check (ketenregie.ui), a module with Qt
from ketenregie.ui.pyside_import_check import install, uses_pyside


@pytest.fixture
def feature():
    module = sys.modules.get("shibokensupport.feature")
    if module is None or not callable(getattr(module, "_mod_uses_pyside", None)):
        pytest.skip("this PySide6 has no per-import feature check")
    return module


def test_the_ui_package_puts_the_bytes_check_in_place_once(feature):
    check = feature._mod_uses_pyside
    assert callable(getattr(check, "original", None))
    assert install() is True
    assert feature._mod_uses_pyside is check  # not wrapped twice


def test_the_bytes_check_answers_as_pysides_own_for_every_loaded_module(feature):
    original = feature._mod_uses_pyside.original
    modules = [m for m in list(sys.modules.values()) if m is not None]
    ours = [m for m in modules if getattr(m, "__name__", "").startswith("ketenregie")]
    assert len(ours) > 20
    answers = {m.__name__: (uses_pyside(m, original), original(m)) for m in modules}
    assert {name for name, (fast, slow) in answers.items() if fast != slow} == set()
    assert answers["ketenregie.ui.main_window"] == (True, True)
    assert answers["ketenregie.errors"][0] is False
    assert answers["sys"] == (False, False)  # built in: PySide's own check answers
