"""The log file rotates at its size limit, keeps five old files, and every file is user-only — without loading
logging.handlers at start (issue 15 item 13: start at once)."""
from __future__ import annotations

import logging
import os
import stat
import subprocess
import sys
from pathlib import Path

from ketenregie import diagnostics

PACKAGE_ROOT = Path(__file__).resolve().parents[1] / "desktop"


def test_the_log_rotates_at_its_limit_and_keeps_five_user_only_files(tmp_path, monkeypatch):
    monkeypatch.setattr(diagnostics, "LOG_MAX_BYTES", 2_000)
    path = diagnostics.setup_logging(tmp_path / "logs")
    log = logging.getLogger("ketenregie.test")
    try:
        for number in range(400):  # ~80 bytes a line: ~16 files' worth
            log.info("event number %d happened", number)
    finally:
        for handler in list(logging.getLogger("ketenregie").handlers):
            handler.close()
            logging.getLogger("ketenregie").removeHandler(handler)
    files = sorted(p.name for p in path.parent.iterdir())
    assert files == ["ketenregie.log"] + [f"ketenregie.log.{n}" for n in range(1, 6)]
    for name in files:
        file = path.parent / name
        assert 0 < file.stat().st_size < 2_000
        if sys.platform != "win32":
            assert stat.S_IMODE(file.stat().st_mode) == 0o600
    newest = (path.parent / "ketenregie.log").read_text(encoding="utf-8")
    previous = (path.parent / "ketenregie.log.1").read_text(encoding="utf-8")
    assert "event number 399 happened" in newest and "event number 399" not in previous
    last_before = int(previous.strip().splitlines()[-1].split("event number ")[1].split()[0])
    first_after = int(newest.strip().splitlines()[0].split("event number ")[1].split()[0])
    assert first_after == last_before + 1  # no line lost at a rotation


def test_setting_up_logging_does_not_load_logging_handlers(tmp_path):
    code = ("import sys\nfrom pathlib import Path\nfrom ketenregie.diagnostics import setup_logging\n"
            f"setup_logging(Path({str(tmp_path / 'logs')!r}))\n"
            "import logging; logging.getLogger('ketenregie.x').info('hallo')\n"
            "assert 'logging.handlers' not in sys.modules\n")
    result = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True,
                            env={**os.environ, "PYTHONPATH": str(PACKAGE_ROOT)})
    assert result.returncode == 0, result.stderr[-2000:]
