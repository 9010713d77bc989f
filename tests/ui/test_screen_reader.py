"""Issue 15 item 5: what a screen reader gets, read through Qt's accessibility interface (QAccessible), the same
interface NVDA, JAWS and Orca reach through UI Automation / AT-SPI:
- every label that shows text is read by that text (the deadlines, the case heading), not by a fixed name;
- the status bar says whether presentation mode is on;
- a validation error is tied to its field ("ongeldig" + the message) and clears when fixed."""
from __future__ import annotations

import pytest
from PySide6.QtGui import QAccessible
from PySide6.QtWidgets import QApplication, QLabel

from all_windows import demo_register, dialogs  # noqa: F401
from ketenregie.ui.cases.dialog import CaseDialog
from ketenregie.ui.privacy_mode import EXTRAS_KEY
from ketenregie.ui.views.registry import ViewContext
from ui_helpers import unlock

NAME = QAccessible.Text.Name
DESCRIPTION = QAccessible.Text.Description


def spoken(widget) -> str:
    face = QAccessible.queryAccessibleInterface(widget)
    assert face is not None and face.isValid()
    return f"{face.text(NAME)} | {face.text(DESCRIPTION)}"


def plain(label: QLabel) -> str:
    doc_text = label.text()
    if label.textFormat().name != "PlainText" and "<" in doc_text:
        from PySide6.QtGui import QTextDocument
        doc = QTextDocument()
        doc.setHtml(doc_text)
        doc_text = doc.toPlainText()
    return " ".join(doc_text.replace("&", "").split())


@pytest.fixture
def gui(qtbot, make_gui, demo_register):
    controller = make_gui(demo_register.path)
    unlock(qtbot, controller)
    return controller


def silent_labels(root) -> list[str]:
    """Visible labels with text whose accessible name is not that text."""
    wrong = []
    for label in root.findChildren(QLabel):
        text = plain(label)
        if not label.isVisibleTo(root) or not text or label.buddy() is not None:
            continue
        name = QAccessible.queryAccessibleInterface(label).text(NAME)
        if " ".join(name.replace("&", "").split()) != text:
            wrong.append(f"{name!r} instead of {text[:60]!r}")
    return wrong


def test_every_label_is_read_by_its_text(qtbot, gui, demo_register, policy, settings, kdf):
    window = gui.main_window
    wrong = []
    for spec in window.registry.specs():
        window.show_view(spec.key)
        QApplication.processEvents()
        wrong += [f"{spec.key}: {w}" for w in silent_labels(window)]
    context = ViewContext(register=gui.lock_manager.register, settings=settings, policy=policy,
                          extras={EXTRAS_KEY: window.privacy_mode})
    for what, dialog in dialogs(context, demo_register.path, policy, settings, kdf):
        qtbot.addWidget(dialog)
        dialog.show()
        QApplication.processEvents()
        wrong += [f"{what}: {w}" for w in silent_labels(dialog)]
        dialog.close()
    assert not wrong, "\n".join(wrong)


def test_the_case_heading_and_its_deadlines_are_heard(qtbot, gui, settings, policy):
    number = gui.lock_manager.register.db.query_one("SELECT case_number FROM cases ORDER BY id LIMIT 1")[0]
    dialog = CaseDialog(ViewContext(register=gui.lock_manager.register, settings=settings, policy=policy), number)
    qtbot.addWidget(dialog)
    dialog.show()
    QApplication.processEvents()
    assert spoken(dialog.heading).startswith(f"Casus {number} – ")
    terms = spoken(dialog.terms_label)
    assert "Eerste gesprek" in terms and "Termijnen" in terms  # the deadlines, then what they are


def test_the_status_bar_says_whether_presentation_mode_is_on(qtbot, gui):
    window = gui.main_window
    window.privacy_mode.set_enabled(True)
    QApplication.processEvents()
    assert "Presentatiemodus aan" in spoken(window.privacy_label)
    window.privacy_mode.set_enabled(False)
    QApplication.processEvents()
    assert "Presentatiemodus uit" in spoken(window.privacy_label)


def test_a_validation_error_is_tied_to_its_field_and_cleared_when_fixed(qtbot, gui, settings, policy):
    dialog = CaseDialog(ViewContext(register=gui.lock_manager.register, settings=settings, policy=policy), None)
    qtbot.addWidget(dialog)
    dialog.show()
    dialog.name_edit.setText("Fenna de Boer")
    dialog.request_date_edit.setText("31-02-2026")
    assert not dialog.save()
    field = spoken(dialog.request_date_edit)
    assert "ongeldig" in field and "bestaat niet" in field
    assert "ongeldig" not in spoken(dialog.name_edit)
    dialog.request_date_edit.setText("02-02-2026")
    dialog.save()
    assert "ongeldig" not in spoken(dialog.request_date_edit)
