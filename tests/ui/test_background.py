from __future__ import annotations

import threading

import pytest
from PySide6.QtCore import QThread
from PySide6.QtWidgets import QApplication

from ketenregie.ui.background import BackgroundTask, run_in_background


def test_result_arrives_on_the_ui_thread(qtbot):
    seen = {}

    def work(a, b, *, c):
        seen["worker"] = threading.get_ident()
        return a + b + c

    def done(value):
        seen["value"] = value
        seen["on_ui_thread"] = QThread.currentThread() == QApplication.instance().thread()

    task = BackgroundTask(work, 1, 2, c=3)
    task.succeeded.connect(done)
    with qtbot.waitSignal(task.finished, timeout=5000):
        task.start()
    assert seen["value"] == 6
    assert seen["on_ui_thread"]
    assert seen["worker"] != threading.get_ident()
    assert not task.running


def test_exception_is_delivered_not_raised(qtbot):
    class Boom(Exception):
        pass

    def work():
        raise Boom("secret details")

    failures, successes = [], []
    with qtbot.waitSignal(run_in_background(work, on_success=successes.append,
                                            on_failure=failures.append).finished, timeout=5000):
        pass
    assert successes == []
    assert len(failures) == 1 and isinstance(failures[0], Boom)


def test_a_task_runs_once(qtbot):
    task = BackgroundTask(lambda: None)
    with qtbot.waitSignal(task.finished, timeout=5000):
        task.start()
    with pytest.raises(RuntimeError):
        task.start()


def test_ui_stays_responsive_while_work_runs(qtbot):
    release = threading.Event()
    task = run_in_background(lambda: release.wait(5))
    ticks = []
    from PySide6.QtCore import QTimer

    timer = QTimer()
    timer.timeout.connect(lambda: ticks.append(1))
    timer.start(5)
    qtbot.waitUntil(lambda: len(ticks) >= 5, timeout=2000)  # the event loop runs while the worker waits
    timer.stop()
    with qtbot.waitSignal(task.finished, timeout=5000):
        release.set()
