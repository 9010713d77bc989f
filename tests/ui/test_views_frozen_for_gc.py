"""Issue 15 item 13: the first view after unlock does not pay for a full garbage collection through everything
the app imported. Once the views are loaded (while the passphrase is typed) what is loaded is frozen (gc.freeze):
a later full collection — at 10,000 cases it came during Vandaag's first read, ~50 ms — skips it. In its own
process, since the view modules load once per process."""
from __future__ import annotations

import json
import os
import subprocess
import sys
import textwrap
from pathlib import Path

ROOT = Path(__file__).resolve().parents[2]

PROBE = textwrap.dedent("""
    import gc, json, sys
    from PySide6.QtWidgets import QApplication
    app = QApplication(sys.argv[:1])
    from ketenregie.ui.views import VIEWS
    before = gc.get_freeze_count()
    VIEWS.ensure_loaded()  # what the main window does right after the unlock screen is shown
    from ketenregie.ui.today.view import TodayView
    tracked = {id(o) for o in gc.get_objects()}
    print(json.dumps({"before": before, "after": gc.get_freeze_count(), "today_view_tracked": id(TodayView) in tracked,
                      "young": len(tracked)}))
""")


def test_what_is_loaded_with_the_views_is_frozen_out_of_the_cyclic_gc(tmp_path):
    env = {**os.environ, "PYTHONPATH": str(ROOT / "desktop"), "QT_QPA_PLATFORM": "offscreen",
           "KETENREGIE_HOME": str(tmp_path / "home")}
    result = subprocess.run([sys.executable, "-c", PROBE], env=env, capture_output=True, text=True, timeout=120)
    assert result.returncode == 0, result.stderr[-2000:]
    probe = json.loads(result.stdout.strip().splitlines()[-1])
    assert probe["before"] == 0
    assert probe["after"] > 20_000  # the modules, classes and functions of the app and its libraries
    assert not probe["today_view_tracked"]  # a full collection no longer walks the view classes
    assert probe["young"] < probe["after"] // 4  # what the collector still walks is a small part
