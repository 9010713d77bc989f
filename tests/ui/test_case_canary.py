"""Nothing leaks from the case UI: a canary name and a valid-looking BSN typed into the case form (name, help
request, journal), searched for in the caseload and shown in privacy mode, appear after locking in no file under
the test home (settings, logs, temp files) except the encrypted register itself."""
from __future__ import annotations

import logging
import shutil
import tempfile

from ketenregie.config import QSettingsBackend, Settings
from ketenregie.diagnostics import setup_logging
from ketenregie.paths import AppPaths
from ketenregie.services.register import RegisterFiles
from ui_helpers import unlock

CANARY_NAME = "Zwanhilde Kanarievogel-Qx"
CANARY_BSN = "111222333"  # passes the elfproef


def needles() -> list[bytes]:
    found = []
    for text in (CANARY_NAME, CANARY_BSN, "Kanarievogel", "kanarievogel"):
        found += [text.encode("utf-8"), text.encode("utf-16-le")]
    return found


def test_canary_typed_into_the_case_form_stays_in_the_register(qtbot, make_gui, register_template, isolated_home,
                                                               policy, monkeypatch):
    home = isolated_home
    temp_dir = home / "tmp"
    temp_dir.mkdir()
    monkeypatch.setenv("TMPDIR", str(temp_dir))
    monkeypatch.setattr(tempfile, "tempdir", str(temp_dir))
    paths = AppPaths.from_environment()
    paths.ensure()
    root = logging.getLogger()
    handlers_before = list(root.handlers)
    setup_logging(paths.log_dir)
    try:
        _run(qtbot, make_gui, register_template, home, policy)
    finally:
        for handler in root.handlers[:]:
            if handler not in handlers_before:
                root.removeHandler(handler)
                handler.close()


def _run(qtbot, make_gui, register_template, home, policy) -> None:
    path = home / "data" / "register.ketenregie"
    path.parent.mkdir(parents=True, exist_ok=True)
    shutil.copy2(register_template.path, path)
    shutil.copy2(RegisterFiles(register_template.path).keyslots, RegisterFiles(path).keyslots)
    settings = Settings(policy, QSettingsBackend())  # a real settings.ini under the home
    gui = make_gui(path, settings=settings)
    unlock(qtbot, gui)
    window = gui.main_window
    window.show_view("caseload")
    view = window.view("caseload")
    qtbot.waitUntil(lambda: view.is_loaded, timeout=10_000)

    dialog = view.new_case()
    dialog.name_edit.setText(CANARY_NAME)
    dialog.request_date_edit.setText(view.model.today.strftime("%d-%m-%Y"))
    dialog.request_edit.setPlainText(f"Vraagt hulp; BSN {CANARY_BSN} staat op de brief.")
    dialog.journal_edit.setPlainText(f"{CANARY_NAME} belde, BSN {CANARY_BSN}.")
    assert "BSN" in dialog.journal_warning.text()
    assert dialog.add_journal_entry()
    assert dialog.save(), dialog.errors_label.text()
    assert "BSN" in dialog.warnings_label.text()
    view.search_edit.setText("Kanarievogel")
    assert view.model.rowCount() == 1
    assert view.save_current_view("Kanarie-zoekopdracht")  # a saved view keeps no search text
    window.privacy_action.trigger()
    window.privacy_action.trigger()
    logging.getLogger("ketenregie").info("after the canary case")
    window.lock_action.trigger()
    for handler in logging.getLogger().handlers:
        handler.flush()

    leaks = []
    for file in home.rglob("*"):
        if file.is_file() and file != path:
            data = file.read_bytes()
            leaks += [f"{file.relative_to(home)}: {n!r}" for n in needles() if n in data]
    assert leaks == []
    assert (home / "settings.ini").exists()  # the check did look at the settings
