"""Lock manager (model: KeePassXC): holds the open Register while unlocked and locks it — manually, after N
minutes without user input (time asleep counts), and when the OS suspends or locks the session.

Locking, in this order: let the keepers keep what open forms hold but did not save (one short transaction, see
ui/resume.py; a failure is logged by kind and the lock goes on); close open dialogs and popups; emit `aboutToLock`
so the main window destroys every view and model that holds personal data; `register.close(reason)` (closes the
database, zeroes the key); clear the clipboard if it still holds our text; emit `locked(reason, message)` so the lock
screen says why.

Idle detection is an application-wide event filter on user input plus a QTimer that compares an injectable clock.
The default clock keeps running while the computer sleeps, so on waking up the first timer tick — or the first
mouse move, which is swallowed — locks at once.
"""
from __future__ import annotations

import logging
import sys
import time
import weakref
from collections.abc import Callable

from PySide6.QtCore import QCoreApplication, QEvent, QObject, QTimer, Signal, Slot
from PySide6.QtWidgets import QApplication, QDialog, QWidget

from ketenregie.config import Settings

log = logging.getLogger(__name__)

Clock = Callable[[], float]

REASONS = ("manual", "idle", "suspend", "session_locked", "quit")

_INPUT_EVENTS = frozenset({
    QEvent.Type.KeyPress, QEvent.Type.KeyRelease, QEvent.Type.ShortcutOverride,
    QEvent.Type.MouseButtonPress, QEvent.Type.MouseButtonRelease, QEvent.Type.MouseButtonDblClick,
    QEvent.Type.MouseMove, QEvent.Type.Wheel,
    QEvent.Type.TouchBegin, QEvent.Type.TouchUpdate, QEvent.Type.TouchEnd,
    QEvent.Type.TabletPress, QEvent.Type.TabletMove, QEvent.Type.InputMethod,
})

translate = QCoreApplication.translate  # lupdate extracts translate("Context", "…")


def default_clock() -> Clock:
    """Seconds from a clock that keeps counting while the computer is asleep."""
    if sys.platform.startswith("linux") and hasattr(time, "CLOCK_BOOTTIME"):
        return lambda: time.clock_gettime(time.CLOCK_BOOTTIME)  # CLOCK_MONOTONIC stops during suspend
    if sys.platform == "win32":  # pragma: no cover - Windows only
        # GetTickCount64 counts sleep and hibernation. Call it directly: time.monotonic() switched to
        # QueryPerformanceCounter in Python 3.13.
        try:
            import ctypes

            tick = ctypes.windll.kernel32.GetTickCount64
            tick.restype = ctypes.c_ulonglong
            return lambda: tick() / 1000.0
        except (AttributeError, OSError):
            return time.monotonic
    if sys.platform == "darwin" and hasattr(time, "CLOCK_MONOTONIC"):  # pragma: no cover - macOS only
        return lambda: time.clock_gettime(time.CLOCK_MONOTONIC)  # on macOS this one counts sleep
    return time.time  # pragma: no cover


def lock_message(reason: str, idle_minutes: int = 0) -> str:
    """Dutch text for the lock screen: why it locked."""
    if reason == "idle":
        return translate("LockManager", "Vergrendeld na %n minuten zonder gebruik.", None, idle_minutes)
    messages = {
        "manual": translate("LockManager", "Vergrendeld op uw verzoek."),
        "suspend": translate("LockManager", "Vergrendeld omdat de computer in slaapstand ging."),
        "session_locked": translate("LockManager", "Vergrendeld omdat de computer werd vergrendeld."),
        "quit": translate("LockManager", "Vergrendeld bij afsluiten."),
    }
    return messages.get(reason, translate("LockManager", "Vergrendeld."))


class _ActivityFilter(QObject):
    def __init__(self, manager: "LockManager") -> None:
        super().__init__(manager)
        self._manager = manager

    def eventFilter(self, watched: QObject, event: QEvent) -> bool:  # noqa: N802 - Qt override
        if event.type() in _INPUT_EVENTS:
            return self._manager.note_activity()
        return False


WARNING_SECONDS = 60  # a visible countdown this long before an idle lock


class LockManager(QObject):
    aboutToLock = Signal(str)  # reason: drop every view and model with personal data now
    locked = Signal(str, str)  # reason, Dutch message for the lock screen
    unlocked = Signal(object)  # the Register
    idleCountdown = Signal(int)  # seconds until the idle lock (<= WARNING_SECONDS); -1: the warning is over

    def __init__(self, settings: Settings, *, clock: Clock | None = None, session_events=None,
                 clipboard_guard=None, check_interval_ms: int = 1000, parent: QObject | None = None) -> None:
        super().__init__(parent)
        self._settings = settings
        self._clock = clock or default_clock()
        self._clipboard_guard = clipboard_guard
        self._register = None
        self._last_activity = self._clock()
        self._locking = False
        self._shut_down = False
        self._pending_operations = 0
        self._deferred_close: tuple[object, str] | None = None
        self.last_reason: str | None = None
        self._warning = False
        self._extensions: set[int] = set()  # ids of what asked for the longer idle time (meeting mode)
        # run before dialogs close (issue 15: drafts); held weakly, so a keeper never keeps its window (and through it
        # this manager) alive in a reference cycle that the garbage collector could break on a worker thread
        self._keepers: list[weakref.WeakMethod] = []
        self._filter = _ActivityFilter(self)
        self._filter_installed = False
        self._timer = QTimer(self)
        self._timer.setInterval(check_interval_ms)
        self._timer.timeout.connect(self.check_idle)
        self._session_events = session_events
        if session_events is not None:
            session_events.suspending.connect(self._on_suspending)
            session_events.session_locked.connect(self._on_session_locked)

    # --- state -------------------------------------------------------------------------------------------
    @property
    def register(self):
        """The open Register while unlocked, else None. Do not keep your own reference beyond a view's life."""
        return self._register

    @property
    def is_locked(self) -> bool:
        return self._register is None

    @property
    def idle_limit_seconds(self) -> float:
        """The user's idle time; while meeting mode runs, the policy's maximum (never more: the lock wins)."""
        minutes = self._settings.idle_lock_minutes
        if self._extensions:
            minutes = max(minutes, int(self._settings.policy.get("IdleLockMaxMinutes")))
        return minutes * 60.0

    def extend_idle(self, owner: object) -> None:
        """Meeting mode is shared on a screen for an hour: idle time up to the policy's maximum while it runs."""
        self._extensions.add(id(owner))

    def end_extension(self, owner: object) -> None:
        self._extensions.discard(id(owner))

    def unlock_with(self, register) -> None:
        """Take over a freshly opened register (from the unlock screen, recovery or the first-run wizard)."""
        if self._shut_down:  # an unlock that finished after the user quit: close it again at once
            self._close_register(register, "quit")
            return
        if self._register is not None and self._register is not register:
            self._close_register(self._register, "manual")
        self._register = register
        self._last_activity = self._clock()
        app = QCoreApplication.instance()
        if app is not None and not self._filter_installed:
            app.installEventFilter(self._filter)
            self._filter_installed = True
        self._timer.start()
        self.unlocked.emit(register)

    def add_keeper(self, keeper: Callable[[object, str], None]) -> None:
        """`keeper(register, reason)` — a bound method, held weakly — runs on the lock path while the forms are still
        open and the register still is: it keeps what was typed but not saved (ui/resume.py). A keeper that fails
        never stops the lock."""
        ref = weakref.WeakMethod(keeper)
        if ref not in self._keepers:
            self._keepers.append(ref)

    def remove_keeper(self, keeper: Callable[[object, str], None]) -> None:
        ref = weakref.WeakMethod(keeper)
        if ref in self._keepers:
            self._keepers.remove(ref)

    def _run_keepers(self, register, reason: str) -> None:
        self._keepers = [ref for ref in self._keepers if ref() is not None]
        for ref in list(self._keepers):
            keeper = ref()
            if keeper is None:
                continue
            try:
                keeper(register, reason)
            except Exception as exc:  # noqa: BLE001 - the lock always wins; never show or log exception text
                log.error("keeping unsaved input at lock failed (%s)", type(exc).__name__)

    # --- idle ----------------------------------------------------------------------------------------------
    def note_activity(self) -> bool:
        """Called for every user input event. Returns True to swallow the event (it arrived after the idle limit,
        e.g. the mouse move that wakes the laptop: lock instead of letting it reach a data view)."""
        if self._register is None or self._locking:
            return False
        now = self._clock()
        if now - self._last_activity >= self.idle_limit_seconds:
            QTimer.singleShot(0, self, self.check_idle)
            return True
        self._last_activity = now
        if self._warning:
            self._warning = False
            self.idleCountdown.emit(-1)
        return False

    @Slot()
    def check_idle(self) -> None:
        if self._register is None:
            return
        remaining = self.idle_limit_seconds - (self._clock() - self._last_activity)
        if remaining <= 0:
            self.lock("idle")
        elif remaining <= WARNING_SECONDS:
            self._warning = True
            self.idleCountdown.emit(int(remaining + 0.999))
        elif self._warning:
            self._warning = False
            self.idleCountdown.emit(-1)

    # --- OS events ---------------------------------------------------------------------------------------------
    @Slot()
    def _on_suspending(self) -> None:
        self.lock("suspend")

    @Slot()
    def _on_session_locked(self) -> None:
        self.lock("session_locked")

    # --- long operations on the register ------------------------------------------------------------------------
    def begin_operation(self) -> None:
        """A background task is using the register: if we lock meanwhile, close the register when it ends."""
        self._pending_operations += 1

    def end_operation(self) -> None:
        self._pending_operations = max(0, self._pending_operations - 1)
        if self._pending_operations == 0 and self._deferred_close is not None:
            register, reason = self._deferred_close
            self._deferred_close = None
            self._close_register(register, reason)

    # --- locking -----------------------------------------------------------------------------------------------
    @Slot()
    def lock_manually(self) -> None:
        self.lock("manual")

    def lock(self, reason: str) -> bool:
        """Lock now. Returns False when already locked."""
        if reason not in REASONS:
            raise ValueError(reason)
        if self._register is None or self._locking:
            return False
        self._locking = True
        if self._warning:
            self._warning = False
            self.idleCountdown.emit(-1)
        try:
            self._timer.stop()
            self._run_keepers(self._register, reason)  # drafts first: the forms and the register are still open
            close_transient_windows()
            self.aboutToLock.emit(reason)
            register, self._register = self._register, None
            if self._pending_operations:
                self._deferred_close = (register, reason)
            else:
                self._close_register(register, reason)
            del register
            if self._clipboard_guard is not None:
                self._clipboard_guard.clear_now()
            self._remove_filter()
            self.last_reason = reason
            self.locked.emit(reason, lock_message(reason, self._settings.idle_lock_minutes))
        finally:
            self._locking = False
        return True

    def shutdown(self) -> None:
        """On quit: lock (closing the register) and clear our clipboard text. Later unlocks are refused."""
        self._shut_down = True
        self.lock("quit")
        if self._clipboard_guard is not None:
            self._clipboard_guard.clear_now()
        self._remove_filter()
        self._timer.stop()

    def _close_register(self, register, reason: str) -> None:
        try:
            register.close(reason)
        except Exception as exc:  # noqa: BLE001 - locking must complete; never show or log exception text
            log.error("closing the register failed (%s)", type(exc).__name__)

    def _remove_filter(self) -> None:
        app = QCoreApplication.instance()
        if app is not None and self._filter_installed:
            app.removeEventFilter(self._filter)
        self._filter_installed = False


def close_transient_windows() -> None:
    """Close open popups (menus, completers) and every open dialog, message box and file dialog."""
    app = QApplication.instance()
    if app is None:
        return
    for _ in range(20):  # nested popups close one at a time
        popup = QApplication.activePopupWidget()
        if popup is None:
            break
        popup.close()
    # Each done() ends that dialog's own exec() loop; the loops unwind once control returns to the event loop.
    dialogs = [w for w in QApplication.topLevelWidgets() if isinstance(w, QDialog) and _is_open(w)]
    for dialog in dialogs:
        # done(), not reject(): reject() may ask "are you sure?"; dialogs clean up in done(), which every way out
        # of a QDialog passes through.
        dialog.done(QDialog.DialogCode.Rejected)
        if dialog.isVisible():
            dialog.hide()


def _is_open(dialog: QWidget) -> bool:
    # A native file dialog (Windows) is not a visible QWidget while it shows; its QFileDialog still is a dialog.
    from PySide6.QtWidgets import QFileDialog  # noqa: PLC0415 - not needed before the first paint (a fast start)

    return dialog.isVisible() or (isinstance(dialog, QFileDialog) and dialog.result() == 0 and dialog.isModal())
