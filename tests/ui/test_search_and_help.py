"""Issue 15 item 4: Ctrl+N and Ctrl+F work from every view. Ctrl+F opens one search over cases and meetings (a
registry: a feature adds its own provider); Enter opens the hit in its view; presentation mode shows initials.
Help lists the shortcuts and shows the user guide. Real key presses on the unlocked main window."""
from __future__ import annotations

import pytest
from PySide6.QtCore import Qt
from PySide6.QtTest import QTest
from PySide6.QtWidgets import QApplication

from all_windows import demo_register  # noqa: F401
from ketenregie.ui.cases.dialog import CaseDialog
from ketenregie.ui.search import SEARCH, SearchHit, SearchProvider
from ketenregie.ui.search.dialog import SearchDialog
from ui_helpers import unlock


@pytest.fixture
def window(qtbot, make_gui, demo_register):
    controller = make_gui(demo_register.path)
    unlock(qtbot, controller)
    window = controller.main_window
    window.activateWindow()
    return window


def a_case(window) -> tuple[str, str]:
    number, name = window.lock_manager.register.db.query_one(
        "SELECT c.case_number, h.name FROM cases c JOIN households h ON h.case_id = c.id ORDER BY c.id LIMIT 1")
    return number, name


def test_ctrl_n_and_ctrl_f_work_from_every_view(qtbot, window):
    for spec in window.registry.specs():
        window.show_view(spec.key)
        view = window.view(spec.key)
        window.activateWindow()
        qtbot.waitUntil(lambda: QApplication.activeWindow() is window, timeout=2000)
        QTest.keyClick(window, Qt.Key.Key_N, Qt.KeyboardModifier.ControlModifier)
        dialogs = [w for w in QApplication.topLevelWidgets() if isinstance(w, CaseDialog) and w.isVisible()]
        assert dialogs and dialogs[-1].windowTitle().startswith("Nieuwe hulpvraag"), spec.key
        assert window.current_view_key == spec.key  # the user stays where they were
        dialogs[-1].close()
        window.activateWindow()
        qtbot.waitUntil(lambda: QApplication.activeWindow() is window, timeout=2000)
        QTest.keyClick(window, Qt.Key.Key_F, Qt.KeyboardModifier.ControlModifier)
        assert isinstance(window.search_dialog, SearchDialog) and window.search_dialog.isVisible(), spec.key
        qtbot.waitUntil(window.search_dialog.field.hasFocus, timeout=2000)
        window.search_dialog.close()
        QApplication.processEvents()
        assert view is window.view(spec.key)


def test_search_finds_cases_and_meetings_and_enter_opens_the_case(qtbot, window):
    number, name = a_case(window)
    window.show_view("meetings")
    dialog = window.open_search()
    surname = name.split()[-1]
    dialog.field.setText(surname)
    dialog.search_now()
    hits = dialog.hits()
    assert any(h.provider == "cases" and h.key == number for h in hits)
    assert all(surname.casefold() in h.text.casefold() for h in hits if h.provider == "cases")
    row = dialog.results.currentRow()
    assert dialog.results.item(row).data(Qt.ItemDataRole.UserRole + 1).provider == "cases"
    dialog.results.setCurrentRow(next(i for i in range(dialog.results.count())
                                      if getattr(dialog.results.item(i).data(Qt.ItemDataRole.UserRole + 1),
                                                 "key", None) == number))
    QTest.keyClick(dialog.results, Qt.Key.Key_Return)
    assert window.current_view_key == "caseload"
    opened = window.view("caseload").dialog
    assert isinstance(opened, CaseDialog) and opened.case.case_number == number


def test_search_finds_meetings_by_date(qtbot, window):
    from ketenregie.store.meeting_repository import MeetingRepository
    register = window.lock_manager.register
    row = MeetingRepository(register.db, register.audit).list_meetings()[0]
    dialog = window.open_search()
    dialog.field.setText(row.starts_at.strftime("%d-%m-%Y"))
    dialog.search_now()
    hit = next(h for h in dialog.hits() if h.provider == "meetings" and h.key == row.id)
    dialog.results.setCurrentRow(next(i for i in range(dialog.results.count())
                                      if dialog.results.item(i).data(Qt.ItemDataRole.UserRole + 1) == hit))
    dialog.open_current()
    assert window.current_view_key == "meetings"
    assert window.view("meetings").selected_id() == row.id


def test_search_shows_initials_in_presentation_mode(qtbot, window):
    number, name = a_case(window)
    window.privacy_mode.set_enabled(True)
    dialog = window.open_search()
    dialog.field.setText(number)
    dialog.search_now()
    texts = [dialog.results.item(i).text() for i in range(dialog.results.count())]
    assert any(number in t for t in texts)
    assert not any(name in t for t in texts)


def test_a_feature_adds_its_own_search_provider(qtbot, window):
    opened = []
    provider = SearchProvider("example", "Voorbeelden", lambda _c, text, _p: [SearchHit("example", 7,
                                                                                          f"Voorbeeld {text}")],
                              lambda _w, hit: opened.append(hit.key), order=99)
    SEARCH.register(provider)
    try:
        dialog = window.open_search()
        assert "voorbeelden" in dialog.findChildren(type(dialog.message))[0].text()
        dialog.field.setText("huur")
        dialog.search_now()
        assert SearchHit("example", 7, "Voorbeeld huur") in dialog.hits()
        dialog.results.setCurrentRow(dialog.results.count() - 1)
        dialog.open_current()
        assert opened == [7]
    finally:
        SEARCH.unregister("example")


def test_search_finds_an_open_signal_case_and_opens_it_in_vroegsignalering(qtbot, window):
    from datetime import date

    from ketenregie.demo import fill_demo_signals

    register = window.lock_manager.register
    fill_demo_signals(register, today=date.today(), months=1)
    case_id, name = register.db.query_one(
        "SELECT c.id, h.name FROM signal_cases c JOIN signal_households h ON h.id = c.household_id "
        "WHERE c.closed_on IS NULL AND h.name IS NOT NULL ORDER BY c.id LIMIT 1")
    dialog = window.open_search()
    dialog.field.setText(name)
    dialog.search_now()
    hit = next(h for h in dialog.hits() if h.provider == "signals" and h.key == case_id)
    dialog.results.setCurrentRow(next(i for i in range(dialog.results.count())
                                      if dialog.results.item(i).data(Qt.ItemDataRole.UserRole + 1) == hit))
    dialog.open_current()
    assert window.current_view_key == "signals"
    assert window.view("signals").current.id == case_id
    window.privacy_mode.set_enabled(True)  # presentatiemodus: initials, no postcode
    dialog = window.open_search()
    dialog.field.setText(name)
    dialog.search_now()
    assert not any(name in h.text for h in dialog.hits())


def test_help_lists_the_shortcuts_and_shows_the_user_guide(qtbot, window):
    menu = next(a.menu() for a in window.menuBar().actions() if a.text() == "&Help")
    texts = [a.text() for a in menu.actions()]
    assert "&Sneltoetsen" in texts and "&Gebruikershandleiding" in texts
    shortcuts = window.open_shortcuts()
    rows = dict(shortcuts.rows())
    assert rows["Ctrl+N"].startswith("Nieuwe hulpvraag") and rows["Ctrl+F"].startswith("Zoeken")
    assert rows["Ctrl+L"] == "Vergrendelen" and "Ctrl+Shift+P" in rows
    guide = window.open_guide()
    text = guide.browser.toPlainText()
    assert "Ketenregie" in text and len(text) > 500
