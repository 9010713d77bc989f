"""Start at once (issue 15 item 13). Run with `./dev bench` or

    .venv/bin/python -m pytest -q -s -p no:randomly tests/benchmarks/test_startup_bench.py

1. Process start → unlock window shown and its first paint done, against a bare PySide6 QMainWindow started the
   same way in the same run (same interpreter, environment and bytecode cache, same QApplication option and
   window size, interleaved runs under the same machine load): the ratio is the figure, budget 1.5×. Process exit
   is not timed. What the unlock screen does not need (vault, keyring, SQLCipher, views, documents, the
   conventions filter, leftover clean-up) loads after the first paint (ui/first_paint.py; tests/ui/
   test_fast_start.py holds that order). Interleaving cancels a steady load, not bursts: on the shared 2-core
   machine compare runs taken at a quiet moment (the bare window at ~120 ms).
2. First view after unlock at 10,000 cases: from the unlocked register handed to the main window to the first
   view (Vandaag) built, its data loaded and painted, budget 300 ms for the median of each row:
   - views already loaded (they load while the user types the passphrase), in this process;
   - the worst case, in a fresh process each run: an unlock before anything but the unlock screen has loaded (the
     first-run wizard's hand-over; a slow disk). The window then imports and shows Vandaag alone and the other
     views (~0.5 s with reportlab, pypdf, openpyxl) once Vandaag's data is on screen (MainWindow.
     _show_start_view_first); their loading is printed too, not budgeted.
   Vandaag reads only the cases it can list (store/today_repository.py), off the UI thread, after the unlock
   handlers ran; what is loaded with the views is frozen out of the cyclic GC (a full collection walked it during
   the first read: ~50 ms more for the first unlock of the process, printed apart). Measured 2026-12-04 on the
   shared 2-core machine, interleaved with the code before (load ~1.2): medians 254-289 ms before, 132-149 ms after;
   the cold row: ~580 ms before Vandaag came first, ~200-250 ms after.
"""
from __future__ import annotations

import os
import statistics
import subprocess
import sys
import textwrap
import time
from datetime import date
from pathlib import Path

import pytest
from PySide6.QtCore import QEventLoop, QTimer
from PySide6.QtWidgets import QApplication

ROOT = Path(__file__).resolve().parents[2]
PASS = "benchmark wachtwoordzin lang genoeg"
RATIO_BUDGET = 1.5
FIRST_VIEW_BUDGET_MS = 300
RUNS = 7

# The bare window is started the way the app starts its window: same interpreter and environment, the same
# QApplication option (fractional HiDPI factors), the same size (fitted to the screen as the main window is), and "shown" means the same thing for both: the
# window's first paint has been done (ketenregie.ui.first_paint does this for the app; the lines below are the
# same few lines, so the bare script does not pay for importing ketenregie).
BARE = textwrap.dedent("""
    import sys, time
    from PySide6.QtCore import QEvent, QObject, Qt, QTimer
    from PySide6.QtGui import QGuiApplication
    from PySide6.QtWidgets import QApplication, QMainWindow
    QGuiApplication.setHighDpiScaleFactorRoundingPolicy(Qt.HighDpiScaleFactorRoundingPolicy.PassThrough)
    app = QApplication(sys.argv[:1])
    window = QMainWindow()
    available = window.screen().availableGeometry()  # as ketenregie.ui.screen_fit sizes the main window
    window.resize(min(1100, available.width() - 16), min(720, available.height() - 40))
    def shown():
        print(f"UNLOCK_WINDOW_SHOWN cpu_ms={time.process_time() * 1000:.1f}", flush=True)
        app.quit()
    class FirstPaint(QObject):
        def eventFilter(self, watched, event):
            if event.type() == QEvent.Type.Paint:
                watched.removeEventFilter(self)
                QTimer.singleShot(0, shown)
            return False
    first_paint = FirstPaint(window)
    window.installEventFilter(first_paint)
    window.show()
    sys.exit(app.exec())
""")


def _time(command: list[str], env: dict, cpu: list[float] | None = None) -> float:
    """Milliseconds from starting the process to its line saying the window is shown and painted. The process's
    exit (closing the register, Python's own teardown) is not part of the start, for either process. `cpu` gets
    the CPU time the process had used by then (its own report): less disturbed by other work on the machine."""
    start = time.perf_counter()
    process = subprocess.Popen(command, env=env, stdout=subprocess.PIPE, stderr=subprocess.PIPE, text=True)
    elapsed = None
    for line in process.stdout:
        if "UNLOCK_WINDOW_SHOWN" in line:
            elapsed = (time.perf_counter() - start) * 1000
            if cpu is not None and "cpu_ms=" in line:
                cpu.append(float(line.split("cpu_ms=")[1]))
            break
    _, stderr = process.communicate(timeout=120)
    assert process.returncode == 0 and elapsed is not None, stderr[-2000:]
    return elapsed


def test_start_to_unlock_window_against_a_bare_qt_window(tmp_path):
    from ketenregie.config import Policy
    from ketenregie.services.register import create_register
    from ketenregie.vault.kdf import KdfParams

    path = tmp_path / "register.ketenregie"
    register, _, _ = create_register(path, PASS, policy=Policy.defaults(), kdf=KdfParams.minimum())
    register.close()
    env = {**os.environ, "PYTHONPATH": str(ROOT / "desktop"), "QT_QPA_PLATFORM": "offscreen",
           "KETENREGIE_HOME": str(tmp_path / "home"), "KETENREGIE_BENCH_QUIT_WHEN_SHOWN": "1",
           # Bytecode as an installed app has it (the PyInstaller build ships .pyc): without this, a shell with
           # PYTHONDONTWRITEBYTECODE=1 makes every run compile all of ketenregie from source, which the bare
           # script (PySide6 only) never pays. The warm-up runs below fill this cache for both.
           "PYTHONPYCACHEPREFIX": str(tmp_path / "pycache")}
    env.pop("PYTHONDONTWRITEBYTECODE", None)
    bare_script = tmp_path / "bare.py"
    bare_script.write_text(BARE, encoding="utf-8")
    app, bare, app_cpu, bare_cpu = [], [], [], []
    _time([sys.executable, str(bare_script)], env)  # warm the file cache for both
    _time([sys.executable, "-m", "ketenregie", "--register", str(path)], env)
    for _ in range(RUNS):  # interleaved, so a change in machine load hits both alike
        bare.append(_time([sys.executable, str(bare_script)], env, bare_cpu))
        app.append(_time([sys.executable, "-m", "ketenregie", "--register", str(path)], env, app_cpu))
    ratio = statistics.median(app) / statistics.median(bare)
    print(f"\nBENCH bare QMainWindow shown: median {statistics.median(bare):.0f} ms, best {min(bare):.0f} ms")
    print(f"BENCH Ketenregie unlock window shown: median {statistics.median(app):.0f} ms, best {min(app):.0f} ms")
    print(f"BENCH start ratio (median/median): {ratio:.2f}x  (best/best {min(app) / min(bare):.2f}x, "
          f"budget {RATIO_BUDGET}x)")
    if app_cpu and bare_cpu:
        print(f"BENCH CPU time to the first paint: bare median {statistics.median(bare_cpu):.0f} ms, Ketenregie "
              f"median {statistics.median(app_cpu):.0f} ms, ratio {statistics.median(app_cpu) / statistics.median(bare_cpu):.2f}x"
              f" (best/best {min(app_cpu) / min(bare_cpu):.2f}x)")
    assert min(app) / min(bare) <= RATIO_BUDGET and ratio <= RATIO_BUDGET


def _loaded(view) -> bool:
    loaded = getattr(view, "is_loaded", True)
    return bool(loaded() if callable(loaded) else loaded)


def wait_until(predicate, timeout_ms: int = 20_000) -> None:
    deadline = time.perf_counter() + timeout_ms / 1000
    while not predicate() and time.perf_counter() < deadline:
        loop = QEventLoop()
        QTimer.singleShot(1, loop.quit)
        loop.exec()


@pytest.fixture(scope="module")
def register10k(tmp_path_factory):
    from ketenregie.config import Policy
    from ketenregie.demo import fill_demo_cases
    from ketenregie.services.register import create_register
    from ketenregie.vault.kdf import KdfParams

    path = tmp_path_factory.mktemp("bench-start") / "register.ketenregie"
    register, _, _ = create_register(path, PASS, policy=Policy.defaults(), kdf=KdfParams.minimum(), origin="cli")
    fill_demo_cases(register, 10_000, today=date.today())
    register.close("quit")
    return path


# One cold unlock in a fresh process: build the window, hand it an open register before its first paint (nothing
# deferred has run: the views are not loaded), time to Vandaag's data painted, then to the other views loaded.
COLD = textwrap.dedent("""
    import sys, time
    from PySide6.QtCore import QEventLoop, QTimer
    from ketenregie.config import MemorySettingsBackend, Policy, Settings
    from ketenregie.services.register import open_register
    from ketenregie.ui.app import build_gui
    from ketenregie.ui.session_events import FakeSessionEvents

    policy = Policy.defaults()
    controller = build_gui(sys.argv[1], policy=policy, settings=Settings(policy, MemorySettingsBackend()),
                           session_events=FakeSessionEvents(), check_interval_ms=60_000)
    window = controller.main_window
    window.resize(1280, 720)
    register = open_register(sys.argv[1], sys.argv[2], policy=policy)  # the KDF is not what we measure
    shown = []
    start = time.perf_counter()
    controller.lock_manager.unlock_with(register)
    view = window.view_stack.currentWidget()

    def data_shown():
        window.repaint()
        shown.append((time.perf_counter() - start) * 1000)

    view.loaded.connect(data_shown)
    while not (shown and window.registry.is_loaded):
        loop = QEventLoop()
        QTimer.singleShot(1, loop.quit)
        loop.exec()
    rest = (time.perf_counter() - start) * 1000
    print(f"COLD_FIRST_VIEW {shown[0]:.1f} {rest:.1f} {window.current_view_key}", flush=True)
    controller.shutdown()
""")


def _first_view_in_process(register_path: Path, preload: bool) -> float:
    from ketenregie.config import MemorySettingsBackend, Policy, Settings
    from ketenregie.services.register import open_register
    from ketenregie.ui.app import build_gui
    from ketenregie.ui.session_events import FakeSessionEvents

    policy = Policy.defaults()
    settings = Settings(policy, MemorySettingsBackend())
    controller = build_gui(register_path, policy=policy, settings=settings, session_events=FakeSessionEvents(),
                           check_interval_ms=60_000)
    window = controller.main_window
    window.resize(1280, 720)
    if preload:
        window.load_views()
    QApplication.processEvents()
    register = open_register(register_path, PASS, policy=policy)  # the KDF is not what we measure
    start = time.perf_counter()
    controller.lock_manager.unlock_with(register)
    view = window.view_stack.currentWidget()
    wait_until(lambda v=view: _loaded(v))
    QApplication.processEvents()
    window.repaint()
    elapsed = (time.perf_counter() - start) * 1000
    assert window.current_view_key == "vandaag"
    controller.shutdown()
    window.close()
    window.deleteLater()
    QApplication.processEvents()
    return elapsed


def test_first_view_after_unlock_at_10k_cases(qapp, register10k, tmp_path):
    print("\nFirst view after unlock, 10,000 cases")
    times = [_first_view_in_process(register10k, preload=True) for _ in range(5)]
    print(f"  {'views loaded while typing the passphrase':<52} median {statistics.median(times):7.1f} ms   best "
          f"{min(times):7.1f} ms   (budget {FIRST_VIEW_BUDGET_MS} ms)   first unlock of the process {times[0]:.1f} ms")
    assert statistics.median(times) <= FIRST_VIEW_BUDGET_MS  # the median, not the best run: what a user gets

    script = tmp_path / "cold.py"
    script.write_text(COLD, encoding="utf-8")
    env = {**os.environ, "PYTHONPATH": str(ROOT / "desktop"), "QT_QPA_PLATFORM": "offscreen",
           "KETENREGIE_HOME": str(tmp_path / "home"), "PYTHONPYCACHEPREFIX": str(tmp_path / "pycache")}
    env.pop("PYTHONDONTWRITEBYTECODE", None)
    cold, rest = [], []
    for run in range(4):  # the first run fills the bytecode cache (as an installed app has it): not counted
        result = subprocess.run([sys.executable, str(script), str(register10k), PASS], env=env,
                                capture_output=True, text=True, timeout=120)
        assert result.returncode == 0, result.stderr[-2000:]
        line = next(line for line in result.stdout.splitlines() if line.startswith("COLD_FIRST_VIEW "))
        first, others, key = line.split()[1:]
        assert key == "vandaag"
        if run:
            cold.append(float(first))
            rest.append(float(others))
    print(f"  {'cold: unlock before the views loaded (fresh process)':<52} median {statistics.median(cold):7.1f} ms   "
          f"best {min(cold):7.1f} ms   (budget {FIRST_VIEW_BUDGET_MS} ms)   other views loaded after "
          f"{statistics.median(rest):.0f} ms")
    assert statistics.median(cold) <= FIRST_VIEW_BUDGET_MS
