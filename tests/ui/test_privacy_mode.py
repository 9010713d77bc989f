"""Privacy mode (presentatiemodus) in the real main window: one toggle (menu Beeld, Ctrl+Shift+P), the state in
the status bar and in the settings, and no full name anywhere in the visible text of the window and of an open
case — labels, fields, buttons, item views (display and tooltip), window titles and tooltips. Locking drops every
widget that held case data."""
from __future__ import annotations

import shiboken6
from PySide6.QtCore import QAbstractListModel, QCoreApplication, QEvent, Qt
from PySide6.QtWidgets import (QAbstractButton, QAbstractItemView, QApplication, QGroupBox, QLabel, QLineEdit,
                               QPlainTextEdit, QWidget)

from ketenregie.ui.caseload.view import CaseloadView
from ketenregie.ui.cases.dialog import CaseDialog
from ketenregie.ui.privacy_mode import PrivacyMode
from ketenregie.ui.today.view import TodayView
from case_helpers import add_case, add_demo, lead, own_action, partners, TODAY
from ui_helpers import unlock

NAMED = ["Zwaantje van der Meulen", "Bartholomeus Kok", "Anne-Marie Çelik"]


def visible_texts(root: QWidget) -> list[str]:
    texts = [root.windowTitle(), root.toolTip()]
    for widget in root.findChildren(QWidget):
        texts += [widget.windowTitle(), widget.toolTip(), widget.accessibleName(), widget.accessibleDescription()]
        if isinstance(widget, (QLabel, QLineEdit, QAbstractButton)):
            texts.append(widget.text())
        elif isinstance(widget, QPlainTextEdit):
            texts.append(widget.toPlainText())
        elif isinstance(widget, QGroupBox):
            texts.append(widget.title())
        if isinstance(widget, QAbstractItemView) and widget.model() is not None:
            model = widget.model()
            columns = 1 if isinstance(model, QAbstractListModel) else model.columnCount()
            for row in range(min(model.rowCount(), 500)):
                for column in range(columns):
                    index = model.index(row, column)
                    for role in (Qt.ItemDataRole.DisplayRole, Qt.ItemDataRole.ToolTipRole,
                                 Qt.ItemDataRole.AccessibleTextRole):
                        value = model.data(index, role)
                        if isinstance(value, str):
                            texts.append(value)
    return [t for t in texts if t]


def full_names_in(texts: list[str], names: list[str]) -> list[str]:
    return [name for name in names if any(name in text for text in texts)]


def setup_cases(register) -> list[str]:
    partner = partners(register)[0]
    numbers = [add_case(register, NAMED[0], days_ago=40, crisis=True),
               add_case(register, NAMED[1], actions=[own_action(f"Bellen met {NAMED[1]}", TODAY)],
                        partners_=[lead(partner.id)]),
               add_case(register, NAMED[2])]
    return numbers


def test_privacy_mode_shows_initials_only_everywhere(qtbot, unlocked_gui, settings):
    window = unlocked_gui.main_window
    register = unlocked_gui.lock_manager.register
    numbers = setup_cases(register)
    add_demo(register, 40)
    names = NAMED + [r[0] for r in register.db.query_all("SELECT name FROM households")]
    for key in window.registry.keys():  # build every view, so the rebuild path is exercised too
        window.show_view(key)
    caseload: CaseloadView = window.view("caseload")
    caseload._today = lambda: TODAY
    caseload.reload()
    qtbot.waitUntil(lambda: caseload.is_loaded and caseload.model.total_count() == 43, timeout=10_000)
    today_view: TodayView = window.view("vandaag")
    qtbot.waitUntil(lambda: today_view.is_loaded, timeout=10_000)
    caseload.phase_combo.setCurrentIndex(1)
    dialog: CaseDialog = caseload.open_case(numbers[1])
    dialog.journal_edit.setPlainText("Gesproken met Bartholomeus over de huur.")
    dialog.add_journal_entry()
    window.show_view("caseload")
    assert full_names_in(visible_texts(window) + visible_texts(dialog), NAMED)  # the names are there...

    window.privacy_action.trigger()  # ... and after one switch, nowhere
    assert settings.get("privacy_mode") is True
    assert window.privacy_label.text() == "Presentatiemodus aan: alleen initialen"
    QCoreApplication.sendPostedEvents(None, QEvent.Type.DeferredDelete)
    for key in window.registry.keys():
        window.show_view(key)
    QApplication.processEvents()
    texts = visible_texts(window) + visible_texts(dialog)
    assert full_names_in(texts, names) == []
    assert dialog.heading.text() == f"Casus {numbers[1]} – B.K."
    assert dialog.windowTitle() == f"Casus {numbers[1]} – Ketenregie"
    assert dialog.name_edit.text() == "B.K." and dialog.name_edit.isReadOnly()
    assert "B. over de huur" in " ".join(texts)  # free text: the name replaced by its initial
    # saving in privacy mode keeps the real name (the field only shows initials)
    assert dialog.save()
    from case_helpers import repository
    assert repository(register).get(numbers[1], audit=False).household.name == NAMED[1]

    qtbot.keyClick(window, Qt.Key.Key_P, Qt.KeyboardModifier.ControlModifier | Qt.KeyboardModifier.ShiftModifier)
    assert settings.get("privacy_mode") is False
    assert window.privacy_label.text() == "Presentatiemodus uit"
    assert dialog.name_edit.text() == NAMED[1] and not dialog.name_edit.isReadOnly()
    assert NAMED[1] in caseload.model.data(caseload.model.index(caseload.model.row_of_case(numbers[1]), 1))


def test_privacy_mode_survives_a_restart_of_the_service(settings):
    settings.set("privacy_mode", True)
    assert PrivacyMode(settings).enabled
    assert PrivacyMode(settings).display_name("Jan de Vries") == "J.d.V."


def test_locking_drops_every_widget_with_case_data(qtbot, unlocked_gui):
    window = unlocked_gui.main_window
    register = unlocked_gui.lock_manager.register
    numbers = setup_cases(register)
    window.show_view("vandaag")
    window.show_view("caseload")
    caseload = window.view("caseload")
    caseload.reload()
    qtbot.waitUntil(lambda: caseload.model.total_count() == 3, timeout=10_000)
    dialog = caseload.open_case(numbers[0])
    model = caseload.model
    held = [caseload, dialog, model, window.view("vandaag")]
    window.lock_action.trigger()
    assert model.rowCount() == 0  # release() emptied the model before destruction
    assert window.view("caseload") is None and window.view("vandaag") is None
    QCoreApplication.sendPostedEvents(None, QEvent.Type.DeferredDelete)
    QApplication.processEvents()
    assert not any(shiboken6.isValid(obj) for obj in held)
    leftovers = [w for w in QApplication.allWidgets() if isinstance(w, (CaseloadView, CaseDialog, TodayView))]
    assert leftovers == []
    assert full_names_in(visible_texts(window), NAMED) == []
    unlock(qtbot, unlocked_gui)  # and it all comes back
    caseload = window.view(window.current_view_key)
    assert caseload is not None
