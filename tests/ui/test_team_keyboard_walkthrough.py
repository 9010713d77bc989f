"""Item (e): the team UI walked through with the keyboard only (QTest key clicks; the OS file choosers are the
only seams), on two real registers in two main windows: Bestand → Mijn teamkaart, Bestand → Collega's → add a
card with the fingerprint check, Caseload → Overdragen… for two selected cases, and at the colleague Bestand →
Bundel inlezen with its preview. Presentatiemodus (Ctrl+Shift+P) shows initials only in both previews."""
from __future__ import annotations

import shutil

from PySide6.QtCore import Qt
from PySide6.QtTest import QTest
from PySide6.QtWidgets import QApplication

from ketenregie.config import load_policy
from ketenregie.domain.team.identity import format_fingerprint
from ketenregie.services.register import RegisterFiles, open_register
from ketenregie.services.team import TeamService
from ketenregie.ui.team.dialogs import AddColleagueDialog, ColleaguesDialog, HandoverDialog, MyCardDialog, \
    ReceiveDialog
from case_helpers import add_demo
from ui_helpers import PASSPHRASE, unlock

ALT = Qt.KeyboardModifier.AltModifier
CTRL = Qt.KeyboardModifier.ControlModifier
SHIFT = Qt.KeyboardModifier.ShiftModifier


def _menu_item(qtbot, window, menu_letter: Qt.Key, item_letter: Qt.Key) -> None:
    """Alt+letter opens a menu of the menu bar, a letter picks the item."""
    window.activateWindow()
    qtbot.waitUntil(window.isActiveWindow, timeout=5_000)
    QTest.keyClick(window, menu_letter, ALT)
    qtbot.waitUntil(lambda: QApplication.activePopupWidget() is not None, timeout=5_000)
    QTest.keyClick(QApplication.activePopupWidget(), item_letter)
    qtbot.waitUntil(lambda: QApplication.activePopupWidget() is None, timeout=5_000)


def _alt(qtbot, widget, key: Qt.Key, done) -> None:
    """Alt+letter on a button: Qt clicks it animated (after a short delay), so wait for the effect."""
    QTest.keyClick(widget, key, ALT)
    qtbot.waitUntil(done, timeout=5_000)


def _focused():
    return QApplication.focusWidget()


def _type(text: str) -> None:
    QTest.keyClicks(_focused(), text)


def test_the_team_ui_by_keyboard_only_with_presentatiemodus(qtbot, make_gui, existing_register, register_template,
                                                              tmp_path, messages, settings):
    anna_reg = open_register(existing_register.path, PASSPHRASE, policy=load_policy())
    add_demo(anna_reg, 6)
    names = dict(anna_reg.db.query_all("SELECT c.case_number, h.name FROM cases c JOIN households h"
                                       " ON h.case_id = c.id"))
    anna_reg.close("quit")
    bram_path = tmp_path / "bram" / "register.ketenregie"
    bram_path.parent.mkdir()
    shutil.copy2(register_template.path, bram_path)
    shutil.copy2(RegisterFiles(register_template.path).keyslots, RegisterFiles(bram_path).keyslots)
    bram_reg = open_register(bram_path, PASSPHRASE, policy=load_policy())
    bram_card = TeamService(bram_reg).set_up_identity("Bram Jansen", "ketenregisseur").card()
    bram_card_file = tmp_path / "bram.teamkaart"
    TeamService(bram_reg).write_my_card(bram_card_file)
    bram_reg.close("quit")

    anna = make_gui(existing_register.path)
    unlock(qtbot, anna)
    window = anna.main_window
    window.show()
    qtbot.waitExposed(window)

    # 1. Bestand → Mijn teamkaart: name, Tab to the role, Alt+O saves the card (the file chooser is a seam)
    _menu_item(qtbot, window, Qt.Key.Key_B, Qt.Key.Key_R)
    card_dialog = window.team_menu.dialog
    assert isinstance(card_dialog, MyCardDialog)
    qtbot.waitUntil(lambda: _focused() is card_dialog.name_edit, timeout=5_000)
    _type("Anna de Vries")
    card_dialog.ask_save_path = lambda proposal: tmp_path / proposal
    anna_card_file = tmp_path / "teamkaart.teamkaart"
    _alt(qtbot, card_dialog, Qt.Key.Key_O, anna_card_file.exists)
    assert card_dialog.fingerprint.isVisible()
    QTest.keyClick(card_dialog, Qt.Key.Key_Escape)
    qtbot.waitUntil(lambda: window.team_menu.dialog is None, timeout=5_000)

    # 2. Bestand → Collega's → Alt+T: the card with its fingerprint; Alt+V ticks the check, Enter adds
    _menu_item(qtbot, window, Qt.Key.Key_B, Qt.Key.Key_C)
    colleagues = window.team_menu.dialog
    assert isinstance(colleagues, ColleaguesDialog)
    colleagues.ask_open_path = lambda: bram_card_file
    qtbot.waitUntil(lambda: colleagues.isActiveWindow(), timeout=5_000)
    _alt(qtbot, colleagues, Qt.Key.Key_T, lambda: colleagues.add_dialog is not None)
    add = colleagues.add_dialog
    assert isinstance(add, AddColleagueDialog)
    assert any(label.text() == format_fingerprint(bram_card.fingerprint) for label in add.findChildren(
        type(card_dialog.fingerprint)))
    qtbot.waitUntil(lambda: add.isActiveWindow(), timeout=5_000)
    _alt(qtbot, add, Qt.Key.Key_V, add.verified_check.isChecked)
    QTest.keyClick(_focused(), Qt.Key.Key_Return)
    qtbot.waitUntil(lambda: colleagues.model.rowCount() == 1, timeout=5_000)
    assert colleagues.model.rows[0].verified
    QTest.keyClick(colleagues, Qt.Key.Key_Escape)
    qtbot.waitUntil(lambda: window.team_menu.dialog is None, timeout=5_000)

    # 3. Caseload (Ctrl+1..): two cases selected with Down and Shift+Down, Alt+G: Overdragen…
    caseload_key = next(k for k, a in window.view_actions.items() if k == "caseload")
    position = list(window.view_actions).index(caseload_key) + 1
    window.activateWindow()
    qtbot.waitUntil(window.isActiveWindow, timeout=5_000)
    QTest.keyClick(window.nav_list, getattr(Qt.Key, f"Key_{position}"), CTRL)
    qtbot.waitUntil(lambda: window.current_view_key == "caseload", timeout=5_000)
    caseload = window.view("caseload")
    qtbot.waitUntil(lambda: caseload.is_loaded, timeout=10_000)
    caseload.table.setFocus()  # where Tab from the search field lands; keys from here on
    QTest.keyClick(caseload.table, Qt.Key.Key_Home, CTRL)
    QTest.keyClick(caseload.table, Qt.Key.Key_Down, SHIFT)
    chosen = caseload.selected_case_numbers()
    assert len(chosen) == 2
    _alt(qtbot, caseload, Qt.Key.Key_G, lambda: caseload.dialog is not None)
    handover = caseload.dialog
    assert isinstance(handover, HandoverDialog) and handover.case_numbers == chosen
    shown = [handover.case_list.item(i).text() for i in range(handover.case_list.count())]
    assert all(names[n] in line for n, line in zip(chosen, shown))
    qtbot.waitUntil(handover.isActiveWindow, timeout=5_000)
    QTest.keyClick(handover, Qt.Key.Key_P, CTRL | SHIFT)  # presentatiemodus on: initials only
    qtbot.waitUntil(lambda: window.privacy_mode.enabled, timeout=5_000)
    shown = [handover.case_list.item(i).text() for i in range(handover.case_list.count())]
    assert all(n in line and names[n] not in line for n, line in zip(chosen, shown))
    handover.ask_save_path = lambda proposal: tmp_path / proposal
    bundle = tmp_path / "overdracht.ketenbundel"
    _alt(qtbot, handover, Qt.Key.Key_M, bundle.exists)
    qtbot.waitUntil(lambda: caseload.dialog is None, timeout=5_000)
    window.activateWindow()
    qtbot.waitUntil(window.isActiveWindow, timeout=5_000)
    QTest.keyClick(window.nav_list, Qt.Key.Key_P, CTRL | SHIFT)  # presentatiemodus off again
    qtbot.waitUntil(lambda: not window.privacy_mode.enabled, timeout=5_000)
    anna.shutdown()
    window.close()  # one Presentatiemodus shortcut at a time (two open windows would make Ctrl+Shift+P ambiguous)

    # 4. Bram: Bestand → Bundel inlezen (Alt+B, L): the preview names the cases, initials in presentatiemodus
    bram = make_gui(bram_path)
    unlock(qtbot, bram)
    bram_window = bram.main_window
    bram_window.show()
    qtbot.waitExposed(bram_window)
    bram_team = TeamService(bram.lock_manager.register)
    bram_team.add_colleague(bram_team.read_card(anna_card_file), verified=True)
    bram_window.team_menu.ask_bundle_path = lambda: bundle
    _menu_item(qtbot, bram_window, Qt.Key.Key_B, Qt.Key.Key_L)
    receive = bram_window.team_menu.dialog
    assert isinstance(receive, ReceiveDialog)
    shown = [receive.case_list.item(i).text() for i in range(receive.case_list.count())]
    assert all(names[n] in line for n, line in zip(chosen, shown))
    qtbot.waitUntil(lambda: receive.isActiveWindow(), timeout=5_000)
    QTest.keyClick(receive, Qt.Key.Key_P, CTRL | SHIFT)
    qtbot.waitUntil(lambda: bram_window.privacy_mode.enabled, timeout=5_000)
    shown = [receive.case_list.item(i).text() for i in range(receive.case_list.count())]
    assert all(n in line and names[n] not in line for n, line in zip(chosen, shown))
    receive.ask_save_path = lambda proposal: tmp_path / proposal
    _alt(qtbot, receive, Qt.Key.Key_I, (tmp_path / "ontvangstbevestiging.ketenbundel").exists)
    assert sorted(r[0] for r in bram.lock_manager.register.db.query_all("SELECT case_number FROM cases")) \
        == sorted(chosen)
