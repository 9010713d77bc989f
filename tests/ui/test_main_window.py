"""The shell: menus, shortcuts, views from the registry, the real audit-log view, accessible names, dialogs."""
from __future__ import annotations

import pytest

from PySide6.QtCore import Qt
from PySide6.QtGui import QKeySequence
from PySide6.QtWidgets import QApplication, QDialogButtonBox, QLabel, QWidget

from ketenregie.ui.accessibility import unnamed_controls
from ketenregie.ui.main_window import MainWindow
from ketenregie.ui.views import VIEWS, ViewRegistry, ViewSpec
from ketenregie.ui.views.audit_log import AuditLogView
from ketenregie.ui.views.placeholders import PlaceholderView
from ui_helpers import NEW_PASSPHRASE, PASSPHRASE, unlock

EXPECTED_VIEWS = ["Vandaag", "Caseload", "Overleggen", "Gesprekken", "Brieven", "Privacy", "Auditlog", "Partners",
                  "Bewaartermijnen", "Vroegsignalering", "Monitor"]


def menu_titles(window: MainWindow) -> list[str]:
    return [action.text().replace("&", "") for action in window.menuBar().actions()]


def test_menus_and_shortcuts(unlocked_gui):
    window = unlocked_gui.main_window
    assert menu_titles(window) == ["Bestand", "Beeld", "Help"]
    assert window.lock_action.shortcut() == QKeySequence("Ctrl+L")
    assert window.quit_action.shortcut() == QKeySequence("Ctrl+Q")
    assert [a.text() for a in window.view_actions.values()] == EXPECTED_VIEWS
    shortcuts = [a.shortcut().toString() for a in window.view_actions.values()]
    # Ctrl+1..Ctrl+9 for the first nine views; later ones are reached through the list and the Beeld menu
    assert shortcuts == [f"Ctrl+{n}" if n <= 9 else "" for n in range(1, len(EXPECTED_VIEWS) + 1)]


def test_ctrl_number_switches_views(qtbot, unlocked_gui):
    window = unlocked_gui.main_window
    qtbot.keyClick(window.nav_list, Qt.Key.Key_7, Qt.KeyboardModifier.ControlModifier)
    assert window.current_view_key == "audit"
    assert isinstance(window.view_stack.currentWidget(), AuditLogView)
    qtbot.keyClick(window.nav_list, Qt.Key.Key_2, Qt.KeyboardModifier.ControlModifier)
    assert window.current_view_key == "caseload"
    assert window.nav_list.currentRow() == 1


def test_placeholders_say_what_will_come(unlocked_gui):
    window = unlocked_gui.main_window
    placeholders = [spec.key for spec in VIEWS.specs() if spec.placeholder]  # later issues replace them one by one
    for key in placeholders:
        window.show_view(key)
        view = window.view(key)
        assert isinstance(view, PlaceholderView)
        texts = [label.text() for label in view.findChildren(QLabel)]
        assert any(text.startswith("Hier ") for text in texts), texts


def test_status_bar_shows_lock_state_and_register_name(qtbot, unlocked_gui):
    window = unlocked_gui.main_window
    assert window.lock_state_label.text() == "Ontgrendeld"
    assert window.register_label.text() == "Register: register"
    assert window.windowTitle().endswith("register")
    window.lock_action.trigger()
    assert window.lock_state_label.text() == "Vergrendeld"


def test_every_interactive_widget_has_an_accessible_name(qtbot, unlocked_gui):
    window = unlocked_gui.main_window
    for spec in VIEWS.specs():  # views are built when first shown
        window.show_view(spec.key)
    window.open_settings()
    assert unnamed_controls(window) == []
    for dialog in (window.settings_dialog,):
        assert unnamed_controls(dialog) == []


def test_locked_window_controls_have_accessible_names(qtbot, locked_gui):
    # Qt's own parts (menu-bar and toolbar extension buttons) are named once the window is on screen (a fast start).
    qtbot.waitUntil(lambda: unnamed_controls(locked_gui.main_window) == [], timeout=3000)


def test_tab_order_on_the_unlock_screen(locked_gui):
    widget = locked_gui.main_window.unlock_widget
    assert widget.ui.passphraseEdit.nextInFocusChain() is widget.ui.unlockButton


def test_audit_view_lists_entries_filters_and_verifies(qtbot, unlocked_gui):
    window = unlocked_gui.main_window
    window.show_view("audit")
    view = window.view("audit")
    labels = {view.model.data(view.model.index(row, 2)) for row in range(view.model.rowCount())}
    assert {"Register aangemaakt", "Ontgrendeld"} <= labels
    first_row_time = view.proxy.data(view.proxy.index(0, 0))
    last_row_time = view.proxy.data(view.proxy.index(view.proxy.rowCount() - 1, 0))
    assert first_row_time >= last_row_time or view.proxy.rowCount() == 1  # newest first
    view.filter_edit.setText("aangemaakt")
    assert view.proxy.rowCount() == 1
    view.filter_edit.clear()
    view.verify_button.click()
    qtbot.waitUntil(lambda: view.verify_button.isEnabled(), timeout=5000)
    assert view.result_label.text().startswith("De auditlog is intact")
    assert view.result_label.property("level") == "ok"


def test_audit_view_reports_a_broken_chain(qtbot, unlocked_gui):
    from ketenregie.domain.audit import AuditVerification

    window = unlocked_gui.main_window
    window.show_view("audit")
    view = window.view("audit")
    view._verified(AuditVerification(False, 3, 4, "Regel 4 is gewijzigd. Eerste afwijkende regel: 4."))
    assert view.result_label.text().startswith("Regel 4 is gewijzigd")
    assert view.result_label.property("level") == "error"


def test_a_later_issue_plugs_in_a_view(qtbot, make_gui, existing_register):
    registry = ViewRegistry()
    for spec in VIEWS.specs():
        registry.register(spec)
    built = []

    class CaseloadView(QWidget):
        def __init__(self, context):
            super().__init__()
            built.append(context.register)
            self.setAccessibleName("Caseload")

        def release(self):
            built.append("released")

    registry.register(ViewSpec("caseload", "Caseload", CaseloadView, order=10), replace=True)  # replaces the real one
    controller = make_gui(existing_register.path, views=registry)
    window = controller.main_window
    unlock(qtbot, controller)
    window.show_view("caseload")
    assert isinstance(window.view("caseload"), CaseloadView)
    assert built[0] is controller.lock_manager.register
    controller.lock_manager.lock("manual")
    assert built[-1] == "released"
    assert window.view("caseload") is None


def test_registry_refuses_duplicate_real_views():
    import pytest

    registry = ViewRegistry()
    registry.register(ViewSpec("x", "X", lambda ctx: QWidget()))
    with pytest.raises(ValueError):
        registry.register(ViewSpec("x", "X", lambda ctx: QWidget()))
    registry.register(ViewSpec("x", "X2", lambda ctx: QWidget()), replace=True)
    assert registry.get("x").title == "X2"


def test_settings_dialog_caps_idle_minutes_by_policy(qtbot, make_gui, existing_register, settings):
    from ketenregie.config import Policy, Settings, MemorySettingsBackend
    from ketenregie.ui.settings_dialog import SettingsDialog

    strict = Settings(Policy.from_mapping({"IdleLockMaxMinutes": 3}, "test"), MemorySettingsBackend())
    dialog = SettingsDialog(strict)
    qtbot.addWidget(dialog)
    assert dialog.ui.idleSpin.maximum() == 3
    assert "3 minuten" in dialog.ui.policyLabel.text()
    dialog.ui.idleSpin.setValue(2)
    dialog.accept()
    assert strict.idle_lock_minutes == 2
    assert dialog.ui.buttonBox.button(QDialogButtonBox.StandardButton.Cancel).text().replace("&", "") == \
        "Annuleren"


def test_settings_dialog_from_the_menu_changes_the_idle_lock(qtbot, unlocked_gui, settings):
    window = unlocked_gui.main_window
    window.settings_action.trigger()
    window.settings_dialog.ui.idleSpin.setValue(2)
    window.settings_dialog.accept()
    assert settings.idle_lock_minutes == 2
    assert unlocked_gui.lock_manager.idle_limit_seconds == 120


def test_change_passphrase(qtbot, unlocked_gui, messages, existing_register, policy):
    from ketenregie.services.register import WrongPassphrase, open_register

    window = unlocked_gui.main_window
    window.change_passphrase_action.trigger()
    dialog = window.change_passphrase_dialog
    ok = dialog.ui.buttonBox.button(QDialogButtonBox.StandardButton.Ok)
    assert not ok.isEnabled()
    dialog.ui.currentEdit.setText("verkeerde huidige wachtwoordzin")
    dialog.ui.passphraseEntry.ui.newEdit.setText(NEW_PASSPHRASE)
    dialog.ui.passphraseEntry.ui.repeatEdit.setText(NEW_PASSPHRASE)
    assert ok.isEnabled()
    ok.click()
    assert dialog.busy
    qtbot.waitUntil(lambda: not dialog.busy, timeout=15_000)
    assert dialog.ui.messageLabel.text() == WrongPassphrase.user_message
    dialog.ui.currentEdit.setText(PASSPHRASE)
    progress = []
    dialog._relay.progressed.connect(lambda step, steps, text: progress.append((step, steps)))
    ok.click()
    qtbot.waitUntil(lambda: not dialog.busy, timeout=15_000)
    assert progress[-1] == (4, 4) and len(progress) == 5  # step-by-step progress from the worker
    # The re-key issued a new recovery code: shown once, with the note that older backups keep the old key.
    from ketenregie.ui.change_passphrase import NewRecoveryCodeDialog

    code_dialog = window.findChild(NewRecoveryCodeDialog)
    assert code_dialog is not None and code_dialog.isVisible()
    assert "Back-ups van vóór deze wijziging houden de oude sleutel" in code_dialog.intro.text()
    new_code = code_dialog.codeDisplay.code()
    assert new_code and new_code != existing_register.recovery_code
    assert not code_dialog.nextButton.isEnabled()
    code_dialog.codeDisplay.ui.keptCheck.setChecked(True)
    code_dialog.nextButton.click()
    group = new_code.split("-")[code_dialog.codeConfirm.group_index]
    code_dialog.codeConfirm.ui.groupEdit.setText(group)
    code_dialog.nextButton.click()
    assert not code_dialog.isVisible() and code_dialog.codeDisplay.code() == ""
    unlocked_gui.lock_manager.lock("manual")
    register = open_register(existing_register.path, NEW_PASSPHRASE, policy=policy)
    register.close("quit")
    with pytest.raises(WrongPassphrase):
        open_register(existing_register.path, PASSPHRASE, policy=policy)


def test_about_box(unlocked_gui, messages):
    unlocked_gui.main_window.about_action.trigger()
    assert messages.messages[-1].kind == "about"
    assert "Ketenregie" in messages.messages[-1].text


def test_qt_dutch_translations_are_loaded(qapp):
    from ketenregie.ui.app import install_translations

    assert "qtbase_nl" in install_translations(qapp)
    box = QDialogButtonBox(QDialogButtonBox.StandardButton.Cancel | QDialogButtonBox.StandardButton.Close)
    assert box.button(QDialogButtonBox.StandardButton.Cancel).text().replace("&", "") == "Annuleren"
    box.deleteLater()


def test_every_start_opens_on_vandaag_and_a_relock_returns_to_the_view(qtbot, make_gui, existing_register,
                                                                       settings):
    # issue 15 item 7: Vandaag is the start (it used to be the view of the last session)
    controller = make_gui(existing_register.path)
    unlock(qtbot, controller)
    assert controller.main_window.current_view_key == "vandaag"
    controller.main_window.show_view("letters")
    controller.lock_manager.lock("manual")
    unlock(qtbot, controller)
    assert controller.main_window.current_view_key == "letters"  # within a session: back where the user was
    controller.main_window.close()
    assert settings.get("last_view") == "letters"
    again = make_gui(existing_register.path)
    unlock(qtbot, again, PASSPHRASE)
    assert again.main_window.current_view_key == "vandaag"
    QApplication.processEvents()


def test_the_lock_icon_button_has_a_name(unlocked_gui):
    window = unlocked_gui.main_window
    assert window.lock_button.accessibleName() == "Vergrendelen"
    assert not window.lock_action.icon().isNull()
    window.lock_button.click()
    assert unlocked_gui.lock_manager.is_locked


def test_a_broken_view_does_not_break_unlocking(qtbot, make_gui, existing_register):
    registry = ViewRegistry()

    def broken(_context):
        raise RuntimeError("Jansen 123456782")

    registry.register(ViewSpec("broken", "Kapot", broken, order=1))
    registry.register(VIEWS.get("audit"))
    controller = make_gui(existing_register.path, views=registry)
    unlock(qtbot, controller)
    view = controller.main_window.view("broken")
    assert isinstance(view, PlaceholderView)
    texts = " ".join(label.text() for label in view.findChildren(QLabel))
    assert "kon niet worden geopend" in texts and "Jansen" not in texts


def test_an_unlock_that_finishes_after_quit_is_closed_again(qtbot, make_gui, existing_register, policy):
    from ketenregie.services.register import open_register

    controller = make_gui(existing_register.path)
    controller.shutdown()
    register = open_register(existing_register.path, PASSPHRASE, policy=policy)
    controller.lock_manager.unlock_with(register)  # what a late worker result would do
    assert not register.is_open
    assert controller.lock_manager.is_locked


def test_a_second_window_for_the_same_register_gets_a_clear_message(tmp_path, monkeypatch):
    from ketenregie.ui import app as app_module
    from ketenregie.ui.messages import ScriptedMessenger, set_messenger

    path = tmp_path / "register.ketenregie"
    first = app_module.acquire_window_lock(path)
    assert first is not None
    scripted = ScriptedMessenger()
    previous = set_messenger(scripted)
    try:
        assert app_module.run_gui(path) == 1  # returns before any window or event loop
    finally:
        set_messenger(previous)
        first.unlock()
    assert any("al geopend" in text for text in scripted.texts())
    assert app_module.acquire_window_lock(path) is not None  # free again once the first window is gone


def test_backup_from_the_menu_writes_an_encrypted_copy_and_audits_it(qtbot, unlocked_gui, tmp_path):
    from ketenregie.config import Policy
    from ketenregie.services.register import open_register
    from ketenregie.ui.messages import ScriptedMessenger, set_messenger

    window = unlocked_gui.main_window
    register = unlocked_gui.lock_manager.register
    assert window.backup_action.isEnabled()
    folder = tmp_path / "usb"
    folder.mkdir()
    window.ask_backup_folder = lambda _proposal: folder
    scripted = ScriptedMessenger()
    previous = set_messenger(scripted)
    try:
        task = window.make_backup()
        with qtbot.waitSignal(task.finished, timeout=20_000):
            pass
    finally:
        set_messenger(previous)
    copies = list(folder.glob("*.ketenregie"))
    assert len(copies) == 1 and (folder / (copies[0].name + ".keys")).exists()
    assert b"SQLite format 3" not in copies[0].read_bytes()[:16]
    assert any("Back-up gemaakt" == m.title for m in scripted.messages)
    assert register.audit.recent(1)[0].action == "register.backup"
    window.lock_manager.lock("manual")
    assert not window.backup_action.isEnabled()
    # The copy opens on its own with the passphrase of now.
    from ui_helpers import PASSPHRASE
    opened = open_register(copies[0], PASSPHRASE, policy=Policy.defaults())
    assert opened.audit.verify().ok
    opened.close()
