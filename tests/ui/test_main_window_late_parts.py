"""The main window paints its unlock screen first and builds the rest (workspace, actions, menus' entries, toolbar)
right after (issue 15 item 13, a fast start) — without the user ever meeting a half-built window: a menu opened
before that is filled first, anything that needs a late part builds it, and the toolbar (nothing on it works while
locked) appears with the unlocked work."""
from __future__ import annotations

import pytest

from ketenregie.config import MemorySettingsBackend, Policy, Settings
from ketenregie.services.register import open_register
from ketenregie.ui.clipboard_guard import ClipboardGuard
from ketenregie.ui.lock_manager import LockManager
from ketenregie.ui.main_window import MainWindow
from ketenregie.ui.session_events import FakeSessionEvents
from ui_helpers import PASSPHRASE, unlock


def _entries(menu) -> list[str]:
    return [action.text() for action in menu.actions() if not action.isSeparator()]


@pytest.fixture
def unpainted_window(qtbot, existing_register):
    """A main window as it is between its construction and its first paint."""
    policy = Policy.defaults()
    settings = Settings(policy, MemorySettingsBackend())
    guard = ClipboardGuard(policy)
    manager = LockManager(settings, session_events=FakeSessionEvents(), clipboard_guard=guard)
    window = MainWindow(existing_register.path, lock_manager=manager, policy=policy, settings=settings,
                        clipboard_guard=guard)
    qtbot.addWidget(window)
    yield window
    manager.shutdown()


def test_before_its_first_paint_the_window_holds_only_what_the_unlock_screen_shows(unpainted_window):
    window = unpainted_window
    assert [a.text() for a in window.menuBar().actions()] == ["&Bestand", "Bee&ld", "&Help"]
    assert window.file_menu.actions() == [] and window.help_menu.actions() == []
    assert "workspace" not in window.__dict__ and "toolbar" not in window.__dict__
    assert window.pages.currentWidget() is window.unlock_widget


def test_once_painted_the_rest_is_built_and_the_locked_toolbar_stays_hidden(qtbot, unpainted_window):
    window = unpainted_window
    window.show()
    qtbot.waitUntil(lambda: "workspace" in window.__dict__, timeout=3000)
    assert "&Afsluiten" in _entries(window.file_menu) and _entries(window.help_menu)
    assert not window.toolbar.isVisible()  # locked: nothing on it can be used
    assert not window.new_case_action.isEnabled() and not window.lock_action.isEnabled()
    assert window.quit_action.isEnabled()


def test_a_menu_opened_before_the_rest_is_built_is_filled_first(unpainted_window):
    window = unpainted_window
    window.file_menu.aboutToShow.emit()
    assert "&Afsluiten" in _entries(window.file_menu)
    assert "&Over Ketenregie" in _entries(window.help_menu)


def test_a_late_part_asked_for_early_is_built_then_and_an_unknown_name_stays_an_error(unpainted_window):
    window = unpainted_window
    with pytest.raises(AttributeError):
        window.no_such_part  # noqa: B018 - probing an unknown name builds nothing
    assert "workspace" not in window.__dict__
    assert window.lock_action.shortcut().toString() == "Ctrl+L"  # a late part: built now, once
    assert "workspace" in window.__dict__
    window.complete()
    assert _entries(window.file_menu).count("&Afsluiten") == 1
    assert not window.toolbar.isVisibleTo(window)


def test_an_unlock_before_the_first_paint_builds_the_rest_at_once(qtbot, unpainted_window, existing_register):
    """The first-run wizard hands the main window an open register before it was ever painted."""
    window = unpainted_window
    register = open_register(existing_register.path, PASSPHRASE, policy=window.policy)
    window.lock_manager.unlock_with(register)
    assert window.pages.currentWidget() is window.workspace
    assert window.toolbar.isVisibleTo(window) and window.new_case_action.isEnabled()
    assert window.current_view_key == "vandaag"


def test_the_toolbar_comes_with_the_unlocked_work_and_goes_at_the_lock(qtbot, locked_gui):
    window = locked_gui.main_window
    unlock(qtbot, locked_gui)
    assert window.toolbar.isVisible() and window.new_case_action.isEnabled()
    window.lock_action.trigger()
    assert not window.toolbar.isVisible()
    assert not window.new_case_action.isEnabled()
