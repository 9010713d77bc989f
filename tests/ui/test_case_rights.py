"""The case dialog's resident's rights on a real register, offscreen: "Inzage maken…" writes PDF + JSON off the UI
thread into the chosen folder; "Casus verwijderen op verzoek…" previews counts, needs the typed case number and
closes the dialog; journal entries and actions are corrected through "Corrigeren…" (not in presentatiemodus)."""
from __future__ import annotations

import sys
from pathlib import Path

import pytest

sys.path.insert(0, str(Path(__file__).resolve().parents[1] / "rights"))
from rights_helpers import CANARY_NAME, CANARY_NOTE, full_case, new_register  # noqa: E402

from ketenregie.config import MemorySettingsBackend, Settings  # noqa: E402
from ketenregie.domain.audit import AuditAction  # noqa: E402
from ketenregie.ui.accessibility import unnamed_controls  # noqa: E402
from ketenregie.ui.caseload.data import case_events  # noqa: E402
from ketenregie.ui.cases.dialog import CaseDialog  # noqa: E402
from ketenregie.ui.cases.rights_tab import ErasureDialog  # noqa: E402
from ketenregie.ui.privacy_mode import EXTRAS_KEY, PrivacyMode  # noqa: E402
from ketenregie.ui.views.registry import ViewContext  # noqa: E402


@pytest.fixture
def register(tmp_path):
    reg = new_register(tmp_path / "register.krg")
    yield reg
    reg.close()


def _context(register, *, privacy: bool = False) -> ViewContext:
    settings = Settings(register.policy, MemorySettingsBackend())
    mode = PrivacyMode(settings)
    mode.set_enabled(privacy)
    return ViewContext(register=register, settings=settings, policy=register.policy, extras={EXTRAS_KEY: mode})


def _open(qtbot, context, number) -> CaseDialog:
    dialog = CaseDialog(context, number)
    qtbot.addWidget(dialog)
    dialog.show()
    return dialog


def test_inzage_from_the_case_dialog(qtbot, register, tmp_path):
    number = full_case(register)
    dialog = _open(qtbot, _context(register), number)
    tab = dialog.rights_tab
    assert unnamed_controls(tab) == []
    out = tmp_path / "documenten"
    out.mkdir()
    tab.choose_folder = lambda: out
    tab.inzage_button.click()
    with qtbot.waitSignal(tab.tasks[-1].finished, timeout=30000):
        pass
    assert tab.last_files is not None and tab.last_files.pdf.exists() and tab.last_files.json.exists()
    assert tab.last_files.pdf.parent == out and "Inzage gemaakt" in tab.message.text()
    assert CANARY_NAME not in tab.message.text()
    assert register.audit.recent(1)[0].object_ref.startswith(f"inzage:{number},n=")


def test_erasure_needs_the_typed_number_and_closes_the_dialog(qtbot, register):
    number = full_case(register)
    changed: list[str] = []
    case_events().caseChanged.connect(changed.append)
    try:
        dialog = _open(qtbot, _context(register), number)
        dialog.rights_tab.erase_button.click()
        erasure = dialog.rights_tab.dialog
        assert isinstance(erasure, ErasureDialog)
        assert unnamed_controls(erasure) == []
        assert "Journaalregels" in erasure.preview_label.text() and CANARY_NOTE not in erasure.preview_label.text()
        assert not erasure.erase_button.isEnabled()
        erasure.confirm_edit.setText("2026-0000")
        assert not erasure.erase_button.isEnabled()
        erasure.confirm_edit.setText(number)
        assert erasure.erase_button.isEnabled()
        erasure.erase_button.click()
        assert erasure.task is not None and not erasure.erase_button.isEnabled()  # off the UI thread
        with qtbot.waitSignal(erasure.finished, timeout=30000):
            pass
        assert register.db.query_one("SELECT count(*) FROM cases")[0] == 0
        assert register.audit.recent(1)[0].action == AuditAction.ERASE.value
        assert not dialog.isVisible() and dialog.rights_tab.dialog is None
        assert changed == [number]
    finally:
        case_events().caseChanged.disconnect(changed.append)


def test_correcting_a_journal_entry_and_an_action(qtbot, register):
    number = full_case(register)
    dialog = _open(qtbot, _context(register), number)
    row = next(r for r in range(dialog.timeline_model.rowCount())
               if CANARY_NOTE in (dialog.timeline_model.index(r, 2).data() or "")
               and dialog.timeline_model.index(r, 1).data() == "Journaal")
    dialog.timeline_table.selectRow(row)
    dialog.journal_correct_button.click()
    correction = dialog.correction_dialog
    assert correction is not None and unnamed_controls(correction) == []
    assert CANARY_NOTE in correction.edit.toPlainText()
    correction.edit.setPlainText("Eerste gesprek gehad.")
    correction.buttons.accepted.emit()
    assert dialog.correction_dialog is None
    texts = [dialog.timeline_model.index(r, 2).data() for r in range(dialog.timeline_model.rowCount())]
    assert "Eerste gesprek gehad." in texts and "niet bewaard" in dialog.status_label.text()
    dialog.actions_table.selectRow(0)
    dialog.action_correct_button.click()
    dialog.correction_dialog.edit.setPlainText("   ")
    dialog.correction_dialog.buttons.accepted.emit()  # refused: an empty action
    assert "Niet gecorrigeerd" in dialog.correction_dialog.message.text()
    dialog.correction_dialog.edit.setPlainText("Bel de verhuurder")
    dialog.correction_dialog.buttons.accepted.emit()
    assert dialog.actions_model.index(0, 1).data() == "Bel de verhuurder"
    assert [e.action for e in register.audit.recent(2)] == [AuditAction.CORRECT.value] * 2


def test_no_correction_in_presentation_mode(qtbot, register):
    number = full_case(register)
    dialog = _open(qtbot, _context(register, privacy=True), number)
    dialog.actions_table.selectRow(0)
    dialog.action_correct_button.click()
    assert dialog.correction_dialog is None
    assert "presentatiemodus" in dialog._error_labels["actions"].text()
