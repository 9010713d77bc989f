"""Start at once (issue 15 item 13): the real start (`python -m ketenregie`, in its own process) paints the unlock
screen before it loads what the unlock screen does not need — the vault, keyring and SQLCipher, the views and the
document libraries, the team code, the clean-up of leftovers, the application-wide conventions filter — and loads
all of that right after, while the passphrase is typed. The timing itself is a benchmark
(tests/benchmarks/test_startup_bench.py); this test holds the order."""
from __future__ import annotations

import json
import os
import subprocess
import sys
import textwrap
from pathlib import Path

from ketenregie.config import Policy
from ketenregie.services.register import RegisterFiles, create_register
from ketenregie.ui.views import VIEW_MODULES
from ketenregie.vault.kdf import KdfParams

ROOT = Path(__file__).resolve().parents[2]

# Runs ketenregie.cli.main as `python -m ketenregie --register PATH` does; reports the loaded modules at the first
# paint of the main window, then waits for the work deferred until after it and reports what it did.
DRIVER = textwrap.dedent("""
    import json, sys
    import ketenregie.ui.app as app_module
    from ketenregie.cli import main

    original = app_module.build_gui

    def build_gui(*args, **kwargs):
        controller = original(*args, **kwargs)
        from PySide6.QtCore import QTimer
        from PySide6.QtWidgets import QApplication
        try:
            from ketenregie.ui.first_paint import after_first_paint
        except ImportError:  # an older start path: report when the event loop runs first (before the paint)
            def after_first_paint(_window, callback):
                QTimer.singleShot(0, callback)
        window = controller.main_window
        polls = []

        def later():
            polls.append(1)
            app = QApplication.instance()
            done = (window.nav_list.count() > 1 and getattr(app, "_ketenregie_conventions", None) is not None
                    and not list(window.register_path.parent.glob(".tmp-*"))
                    and getattr(controller.session_events, "connected_to", None) is not None)
            if not done and len(polls) < 1000:
                QTimer.singleShot(20, later)
                return
            title = window.unlock_widget.ui.titleLabel
            print("LATER " + json.dumps({
                "modules": sorted(sys.modules), "navigation": window.nav_list.count(),
                "conventions": getattr(app, "_ketenregie_conventions", None) is not None,
                "leftovers": [p.name for p in window.register_path.parent.glob(".tmp-*")],
                "session_events": type(getattr(controller.session_events, "connected_to", None)).__name__,
                "title_name": title.accessibleName(), "title_description": title.accessibleDescription(),
            }), flush=True)
            app.quit()

        def painted():
            print("AT_FIRST_PAINT " + json.dumps(sorted(sys.modules)), flush=True)
            QTimer.singleShot(0, later)

        after_first_paint(window, painted)
        return controller

    app_module.build_gui = build_gui
    sys.exit(main(["--register", sys.argv[1]]))
""")

NOT_BEFORE_THE_FIRST_PAINT = ("ketenregie.services.register", "ketenregie.services.backup", "ketenregie.vault",
                              "keyring", "cryptography", "sqlcipher3", "reportlab", "pypdf", "ketenregie.documents",
                              "ketenregie.services.team", "ketenregie.ui.team.dialogs", "ketenregie.ui.conventions",
                              "ketenregie.ui.accessibility", "ketenregie.ui.forms", "logging.handlers", "PySide6.QtDBus",
                              # the workspace, menus' entries and toolbar are built after the paint (MainWindow.complete)
                              "ketenregie.ui.icons", "PySide6.QtSvg", "ketenregie.ui.team", "ketenregie.ui.resume",
                              "ketenregie.ui.views.registry", "ketenregie.ui.messages",
                              "ketenregie.store.unlock_attempts",
                              *VIEW_MODULES)


def _loaded(modules: list[str], name: str) -> bool:
    return any(m == name or m.startswith(name + ".") for m in modules)


def test_the_unlock_screen_is_painted_before_the_rest_loads_and_the_rest_loads_right_after(tmp_path):
    path = tmp_path / "data" / "register.ketenregie"
    path.parent.mkdir()
    register, _code, _notices = create_register(path, "een lange wachtwoordzin voor de start", kdf=KdfParams.minimum(),
                                                policy=Policy.defaults(), origin="cli")
    register.close("quit")
    (RegisterFiles(path).register.parent / ".tmp-k1ll3d").write_bytes(b"\0" * 64)  # a killed write's leftover
    driver = tmp_path / "driver.py"
    driver.write_text(DRIVER, encoding="utf-8")
    env = {**os.environ, "PYTHONPATH": str(ROOT / "desktop"), "QT_QPA_PLATFORM": "offscreen",
           "KETENREGIE_HOME": str(tmp_path / "home")}
    result = subprocess.run([sys.executable, str(driver), str(path)], env=env, capture_output=True, text=True,
                            timeout=90)
    assert result.returncode == 0, result.stderr[-3000:]
    lines = {line.split(" ", 1)[0]: line.split(" ", 1)[1] for line in result.stdout.splitlines() if " " in line}

    at_first_paint = json.loads(lines["AT_FIRST_PAINT"])
    assert [name for name in NOT_BEFORE_THE_FIRST_PAINT if _loaded(at_first_paint, name)] == []

    later = json.loads(lines["LATER"])
    assert all(_loaded(later["modules"], name) for name in VIEW_MODULES)  # loaded while the passphrase is typed
    # ... and the team code the unlock's purge of expired cover copies runs (not on the way to the first view)
    assert _loaded(later["modules"], "ketenregie.services.team")
    assert later["navigation"] > 1 and later["leftovers"] == [] and later["conventions"]
    # suspend and session lock are followed from right after the first paint (D-Bus here; no bus is fine)
    assert later["session_events"] == ("LinuxSessionEvents" if sys.platform.startswith("linux") else
                                       "WindowsSessionEvents" if sys.platform == "win32" else "SessionEvents")
    # The conventions reach the widgets made before their filter: the title label is read by its text.
    assert (later["title_name"], later["title_description"]) == ("", "Titel")
