"""An unlock that comes before the views have loaded (a cold start; the first-run wizard hands over an open register
before the window was ever painted) shows Vandaag first, with its data, and only then imports the other views and
their libraries (issue 15 item 13: the first view after an unlock never waits for the others). Run in a fresh
process: in this test process the views are loaded already."""
from __future__ import annotations

import json
from datetime import date
import os
import subprocess
import sys
import textwrap
from pathlib import Path

from ketenregie.config import Policy
from ketenregie.services.register import create_register
from ketenregie.vault.kdf import KdfParams

ROOT = Path(__file__).resolve().parents[2]
PASS = "een lange wachtwoordzin voor de eerste weergave"

DRIVER = textwrap.dedent("""
    import json, sys
    from PySide6.QtCore import QEventLoop, QTimer
    from ketenregie.config import MemorySettingsBackend, Policy, Settings
    from ketenregie.services.register import open_register
    from ketenregie.ui.app import build_gui
    from ketenregie.ui.session_events import FakeSessionEvents

    policy = Policy.defaults()
    controller = build_gui(sys.argv[1], policy=policy, settings=Settings(policy, MemorySettingsBackend()),
                           session_events=FakeSessionEvents(), check_interval_ms=60_000)
    window = controller.main_window
    controller.lock_manager.unlock_with(open_register(sys.argv[1], sys.argv[2], policy=policy))
    view = window.view_stack.currentWidget()
    seen = {}

    def data_shown():
        seen["at_data"] = {"key": window.current_view_key, "views_loaded": window.registry.is_loaded,
                           "monitor_imported": "ketenregie.ui.monitor.view" in sys.modules,
                           "reportlab_imported": "reportlab" in sys.modules, "rows": view.attention_count}

    view.loaded.connect(data_shown)
    for _ in range(20_000):
        if "at_data" in seen and window.registry.is_loaded:
            break
        loop = QEventLoop()
        QTimer.singleShot(1, loop.quit)
        loop.exec()
    seen["after"] = {"views_loaded": window.registry.is_loaded, "navigation": window.nav_list.count(),
                     "row": window.nav_list.currentRow(), "key": window.current_view_key,
                     "monitor_imported": "ketenregie.ui.monitor.view" in sys.modules}
    window.show_view("monitor")
    seen["after"]["switched"] = window.current_view_key
    print("SEEN " + json.dumps(seen), flush=True)
    controller.shutdown()
""")


def test_an_unlock_before_the_views_loaded_shows_vandaag_first_and_the_rest_after(tmp_path):
    from ketenregie.demo import fill_demo_cases

    path = tmp_path / "register.ketenregie"
    register, _code, _notices = create_register(path, PASS, kdf=KdfParams.minimum(), policy=Policy.defaults(),
                                                origin="cli")
    fill_demo_cases(register, 40, today=date.today())
    register.close("quit")
    driver = tmp_path / "driver.py"
    driver.write_text(DRIVER, encoding="utf-8")
    env = {**os.environ, "PYTHONPATH": str(ROOT / "desktop"), "QT_QPA_PLATFORM": "offscreen",
           "KETENREGIE_HOME": str(tmp_path / "home")}
    result = subprocess.run([sys.executable, str(driver), str(path), PASS], env=env, capture_output=True,
                            text=True, timeout=120)
    assert result.returncode == 0, result.stderr[-3000:]
    seen = json.loads(next(line for line in result.stdout.splitlines() if line.startswith("SEEN "))[5:])
    at_data = seen["at_data"]
    assert at_data["key"] == "vandaag"
    assert (at_data["views_loaded"], at_data["monitor_imported"], at_data["reportlab_imported"]) == (False, False,
                                                                                                       False)
    after = seen["after"]
    assert after["views_loaded"] and after["monitor_imported"]
    assert after["navigation"] > 5 and after["row"] == 0 and after["key"] == "vandaag"
    assert after["switched"] == "monitor"
