"""Pictures of every view, so changes can be seen: `./dev screenshots [OUT]` (default OUT: screenshots/).

Two sizes, each in a separate process (Qt fixes the scale factor at start):
- 1366x768/   a 1366×768 laptop at 100 %: the window at 1366×728 (a task bar takes the rest);
- 150pct/     1920×1080 at 150 % (QT_SCALE_FACTOR=1.5): 1280×680 logical, 1920×1020 pixels.

Each run makes a throwaway demo register with fictitious cases in a private temporary folder (deleted after),
unlocks it, and saves the unlock screen, every view of the navigation, the case form and the meeting planner as
PNG files. Rendered offscreen (no display needed); the default Qt style, light palette.
"""
from __future__ import annotations

import os
import shutil
import subprocess
import sys
import tempfile
from pathlib import Path

SIZES = {"1366x768": (1.0, 1366, 728), "150pct": (1.5, 1280, 680)}
PASSPHRASE = "demo wachtwoordzin voor schermafbeeldingen"


def capture(out: Path, width: int, height: int) -> list[Path]:
    """In this process: demo register, unlocked main window at width×height, one PNG per view and dialog."""
    from PySide6.QtCore import QEventLoop, QTimer
    from PySide6.QtWidgets import QApplication

    from ketenregie.config import MemorySettingsBackend, Settings, load_policy
    from ketenregie.demo import create_demo_register
    from ketenregie.services.register import open_register
    from ketenregie.ui.app import build_gui
    from ketenregie.ui.session_events import FakeSessionEvents

    def settle(ms: int = 150) -> None:
        loop = QEventLoop()
        QTimer.singleShot(ms, loop.quit)
        loop.exec()
        QApplication.processEvents()

    saved: list[Path] = []

    def shoot(widget, name: str) -> None:
        settle()
        path = out / f"{len(saved) + 1:02d}-{name}.png"
        widget.grab().save(str(path))
        saved.append(path)

    out.mkdir(parents=True, exist_ok=True)
    home = Path(tempfile.mkdtemp(prefix="ketenregie-shots-"))
    try:
        os.environ["KETENREGIE_HOME"] = str(home)
        register_path = home / "demo.ketenregie"
        create_demo_register(register_path, PASSPHRASE, cases=400)
        policy = load_policy()
        settings = Settings(policy, MemorySettingsBackend())
        controller = build_gui(register_path, policy=policy, settings=settings, session_events=FakeSessionEvents(),
                               check_interval_ms=600_000)
        window = controller.main_window
        window.resize(width, height)
        window.show()
        shoot(window, "ontgrendelen")
        controller.lock_manager.unlock_with(open_register(register_path, PASSPHRASE, policy=policy))
        for spec in window.registry.specs():
            window.show_view(spec.key)
            view = window.view(spec.key)
            for _ in range(50):
                loaded = getattr(view, "is_loaded", True)
                if (loaded() if callable(loaded) else loaded):
                    break
                settle(50)
            shoot(window, spec.key)
        dialog = window.new_case()
        if dialog is not None:
            shoot(dialog, "nieuwe-hulpvraag")
            dialog.close()
        window.show_view("meetings")
        meetings = window.view("meetings")
        planning = getattr(meetings, "_open_planning", None)
        if callable(planning):
            dialog = planning(None)
            shoot(dialog, "overleg-plannen")
            dialog.close()
        search = window.open_search()
        if search is not None:
            search.field.setText("20")
            search.search_now()
            shoot(search, "zoeken")
            search.close()
        controller.shutdown()
        window.close()
    finally:
        shutil.rmtree(home, ignore_errors=True)
    return saved


def main(argv: list[str]) -> int:
    if len(argv) >= 3 and argv[1] == "--capture":  # the child process
        _flag, out, width, height = argv[1:5]
        for path in capture(Path(out), int(width), int(height)):
            print(path)
        return 0
    out = Path(argv[1]) if len(argv) > 1 else Path("screenshots")
    root = Path(__file__).resolve().parents[1]
    for name, (scale, width, height) in SIZES.items():
        env = {**os.environ, "QT_QPA_PLATFORM": os.environ.get("SCREENSHOT_PLATFORM", "offscreen"),
               "QT_SCALE_FACTOR": str(scale), "PYTHONPATH": str(root / "desktop")}
        result = subprocess.run([sys.executable, __file__, "--capture", str(out / name), str(width), str(height)],
                                env=env, capture_output=True, text=True)
        if result.returncode != 0:
            print(result.stderr[-3000:], file=sys.stderr)
            return result.returncode
        print(f"{name}: {len(result.stdout.split())} afbeeldingen in {out / name}")
    return 0


if __name__ == "__main__":
    sys.exit(main(sys.argv))
