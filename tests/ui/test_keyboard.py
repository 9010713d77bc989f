"""Issue 15 item 4: the app is complete by keyboard. Every window (each view of the main window, every dialog,
meeting mode, conversation mode, the first-run wizard) is walked: no Alt+letter used twice at the same time, no
list or table that traps Tab; Tab really leaves the Brieven case list without selecting another case; a focused
per-phase button looks different from an unfocused one."""
from __future__ import annotations

import pytest
from PySide6.QtCore import Qt
from PySide6.QtGui import QImage
from PySide6.QtTest import QTest
from PySide6.QtWidgets import QAbstractItemView, QApplication

from all_windows import demo_register, dialogs  # noqa: F401
from keyboard_helpers import collisions
from ketenregie.ui.privacy_mode import EXTRAS_KEY
from ketenregie.ui.views.registry import ViewContext
from ui_helpers import unlock


@pytest.fixture
def gui(qtbot, make_gui, demo_register):
    controller = make_gui(demo_register.path)
    unlock(qtbot, controller)
    return controller


def every_window(qtbot, gui, demo_register, policy, settings, kdf):
    """(what, window) for the main window on each view, then every dialog; each shown."""
    window = gui.main_window
    for spec in window.registry.specs():
        window.show_view(spec.key)
        yield f"view {spec.key}", window
    context = ViewContext(register=gui.lock_manager.register, settings=settings, policy=policy,
                          extras={EXTRAS_KEY: window.privacy_mode})
    for what, dialog in dialogs(context, demo_register.path, policy, settings, kdf):
        qtbot.addWidget(dialog)
        dialog.show()
        QApplication.processEvents()
        yield what, dialog
        dialog.close()


def test_no_mnemonic_twice_and_no_tab_trap_in_any_window(qtbot, gui, demo_register, policy, settings, kdf):
    problems, traps = [], []
    for what, window in every_window(qtbot, gui, demo_register, policy, settings, kdf):
        problems += [f"{what}: {p}" for p in collisions(window)]
        traps += [f"{what}: {view.accessibleName() or type(view).__name__}"
                  for view in window.findChildren(QAbstractItemView)
                  if view.isVisibleTo(window) and view.tabKeyNavigation()]
    assert not problems, "\n".join(problems)
    assert not traps, traps


def test_tab_leaves_the_letters_case_list_without_selecting_another_case(qtbot, gui):
    window = gui.main_window
    window.show_view("letters")
    window.activateWindow()
    view = window.view("letters")
    table = view.case_table
    table.setFocus()
    table.selectRow(0)
    selected = table.currentIndex().row()
    QTest.keyClick(table, Qt.Key.Key_Tab)
    QApplication.processEvents()
    assert table.currentIndex().row() == selected
    assert not table.hasFocus()


def test_a_focused_phase_button_is_visibly_different(qtbot, gui):
    window = gui.main_window
    window.show_view("caseload")
    window.activateWindow()
    view = window.view("caseload")
    button = next(iter(view.phase_buttons.values()))
    view.search_edit.setFocus()
    QApplication.processEvents()
    unfocused: QImage = button.grab().toImage()
    button.setFocus(Qt.FocusReason.TabFocusReason)
    QApplication.processEvents()
    assert button.hasFocus()
    focused: QImage = button.grab().toImage()
    assert focused != unfocused


NO_FIELD = {"Voorbeeld", "Eerste start"}  # a PDF preview and the wizard's welcome page have no field


def test_every_dialog_opens_with_focus_in_its_first_field(qtbot, gui, demo_register, policy, settings, kdf):
    from ketenregie.ui.keyboard import first_field, is_input
    window = gui.main_window
    context = ViewContext(register=gui.lock_manager.register, settings=settings, policy=policy,
                          extras={EXTRAS_KEY: window.privacy_mode})
    wrong = []
    for what, dialog in dialogs(context, demo_register.path, policy, settings, kdf):
        qtbot.addWidget(dialog)
        dialog.show()
        dialog.activateWindow()
        QApplication.processEvents()
        focus = QApplication.focusWidget()
        if what not in NO_FIELD and (focus is None or not is_input(focus) or focus is not first_field(
                focus.window()) and focus.window() is dialog):
            wrong.append(f"{what}: {type(focus).__name__} {focus.accessibleName() if focus else ''}")
        dialog.close()
    assert not wrong, wrong


def test_a_failed_save_puts_the_focus_in_the_field_at_fault(qtbot, gui, settings, policy):
    from ketenregie.ui.cases.dialog import TAB_OVERVIEW, CaseDialog
    context = ViewContext(register=gui.lock_manager.register, settings=settings, policy=policy)
    dialog = CaseDialog(context, None)
    qtbot.addWidget(dialog)
    dialog.show()
    dialog.activateWindow()
    dialog.name_edit.setText("Fenna de Boer")
    dialog.request_date_edit.setText("31-02-2026")  # no such date
    dialog.tabs.setCurrentIndex(3)
    dialog.save_button.setFocus()
    QApplication.processEvents()
    assert not dialog.save()
    QApplication.processEvents()
    assert dialog.tabs.currentIndex() == TAB_OVERVIEW
    assert dialog.request_date_edit.hasFocus()
    dialog.request_date_edit.setText("01-02-2026")
    dialog.name_edit.setText("")
    dialog.save_button.setFocus()
    assert not dialog.save()
    assert dialog.name_edit.hasFocus()
