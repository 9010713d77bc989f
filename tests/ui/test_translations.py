"""Issue 15 item 8: Dutch plurals are resolved through real Qt translations (.ts kept in resources/translations,
the compiled .qm committed and loaded at start): "1 minuut", "5 minuten"."""
from __future__ import annotations

import importlib.util
from pathlib import Path

from PySide6.QtCore import QCoreApplication

from ketenregie.ui.app import install_translations

REPO = Path(__file__).resolve().parents[2]


def translations_tool():
    spec = importlib.util.spec_from_file_location("forms_translations", REPO / "forms" / "translations.py")
    module = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(module)
    return module


def test_every_plural_message_is_translated_and_the_qm_is_current():
    assert translations_tool().check() == []


def test_the_dutch_translation_is_loaded_and_resolves_plurals(qapp):
    assert "ketenregie_nl" in install_translations(qapp)
    translate = QCoreApplication.translate
    assert translate("LockManager", "Vergrendeld na %n minuten zonder gebruik.", None, 1) == \
        "Vergrendeld na 1 minuut zonder gebruik."
    assert translate("LockManager", "Vergrendeld na %n minuten zonder gebruik.", None, 5) == \
        "Vergrendeld na 5 minuten zonder gebruik."
    assert translate("MainWindow", "Gekopieerd; het klembord wordt over %n seconden gewist.", None, 1) == \
        "Gekopieerd; het klembord wordt over 1 seconde gewist."
    assert translate("Search", "%n resultaten", None, 1) == "1 resultaat"
    assert translate("Meetings", "%n casussen op de agenda gezet, elk met een nieuw pseudoniem.", None, 1) == \
        "1 casus op de agenda gezet, met een nieuw pseudoniem."


def test_a_real_widget_says_1_minuut(qtbot):
    from ketenregie.config import MemorySettingsBackend, Policy, Settings
    from ketenregie.ui.settings_dialog import SettingsDialog
    policy = Policy.from_mapping({"IdleLockMaxMinutes": 1}, source="test")
    dialog = SettingsDialog(Settings(policy, MemorySettingsBackend()))
    qtbot.addWidget(dialog)
    assert dialog.ui.policyLabel.text() == "Uw organisatie staat maximaal 1 minuut toe."


def test_the_deadline_date_comes_first_in_the_term_column():
    from datetime import date

    from ketenregie.domain.caseload import CaseloadRow
    from ketenregie.domain.terms import TermKind, TermStatus
    from ketenregie.ui.caseload.data import term_text
    values = dict.fromkeys(CaseloadRow._fields)
    values.update(term_status=TermStatus.OVERDUE, term_kind=TermKind.FIRST_CONVERSATION,
                  term_deadline=date(2026, 10, 23))
    row = CaseloadRow(**values)
    assert term_text(row).startswith("uiterlijk 23-10-2026")
