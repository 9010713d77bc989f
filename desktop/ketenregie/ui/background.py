"""Run slow work off the UI thread and get the outcome back on it (model: Anki's QueryOp / CollectionOp).

    task = run_in_background(open_register, path, passphrase, policy=policy,
                             on_success=self._opened, on_failure=self._failed)

The callable runs on a QThreadPool thread and must never touch widgets. Its return value (or the exception it
raised) is delivered through queued signals, so `succeeded`, `failed` and `finished` are always emitted on the
thread that created the task (the UI thread). Connect bound methods of QObjects (widgets): Qt drops the connection
when the receiver is destroyed, so a result that arrives after, say, a lock tore the view down goes nowhere.
Tests wait with `qtbot.waitSignal(task.finished)`.
"""
from __future__ import annotations

import functools
from collections.abc import Callable
from typing import Any

from PySide6.QtCore import QObject, QThreadPool, Signal, Slot

# Tasks must outlive the caller's local variable until their result has been delivered.
_RUNNING: set["BackgroundTask"] = set()


class BackgroundTask(QObject):
    succeeded = Signal(object)  # the callable's return value
    failed = Signal(object)  # the exception it raised
    finished = Signal()  # after succeeded/failed

    _deliver = Signal(bool, object)  # internal: emitted on the worker thread, received (queued) on ours

    def __init__(self, fn: Callable[..., Any], /, *args: Any, **kwargs: Any) -> None:
        super().__init__()  # no parent: the task belongs to the creating thread and to _RUNNING
        self._call: Callable[[], Any] | None = functools.partial(fn, *args, **kwargs)
        self._running = False
        self._deliver.connect(self._on_deliver)

    @property
    def running(self) -> bool:
        return self._running

    def start(self, pool: QThreadPool | None = None) -> "BackgroundTask":
        if self._running or self._call is None:
            raise RuntimeError("a BackgroundTask runs once")
        self._running = True
        _RUNNING.add(self)
        (pool or QThreadPool.globalInstance()).start(self._run)
        return self

    def _run(self) -> None:  # worker thread: no widgets here
        call, self._call = self._call, None
        try:
            outcome: Any = call()
            ok = True
        except BaseException as exc:  # noqa: BLE001 - delivered to the UI thread, which decides what to show
            outcome, ok = exc, False
        del call  # drop the arguments (passphrases) as soon as possible
        self._deliver.emit(ok, outcome)

    @Slot(bool, object)
    def _on_deliver(self, ok: bool, outcome: Any) -> None:
        self._running = False
        _RUNNING.discard(self)
        # The outcome is handed on, not kept: it may be a Register, or an exception whose traceback holds secrets.
        if ok:
            self.succeeded.emit(outcome)
        else:
            self.failed.emit(outcome)
        self.finished.emit()


def run_in_background(
    fn: Callable[..., Any], /, *args: Any,
    on_success: Callable[[Any], None] | None = None,
    on_failure: Callable[[BaseException], None] | None = None,
    on_finished: Callable[[], None] | None = None,
    pool: QThreadPool | None = None,
    **kwargs: Any,
) -> BackgroundTask:
    """Start `fn(*args, **kwargs)` on the thread pool. The on_* callbacks run on the UI thread."""
    task = BackgroundTask(fn, *args, **kwargs)
    if on_success is not None:
        task.succeeded.connect(on_success)
    if on_failure is not None:
        task.failed.connect(on_failure)
    if on_finished is not None:
        task.finished.connect(on_finished)
    return task.start(pool)


def running_tasks() -> int:
    return len(_RUNNING)


def wait_for_all(timeout_ms: int = 30_000) -> bool:
    """Block until the global pool is idle (used on quit, so no worker outlives the application)."""
    return QThreadPool.globalInstance().waitForDone(timeout_ms)
