"""What the operating system tells us about suspend and session lock, behind one small interface.

`SessionEvents` has two signals, `suspending` and `session_locked`; the lock manager locks on both. Implementations:
- Linux: D-Bus through QtDBus — logind's PrepareForSleep(true) on the system bus, the session's Lock signal, and
  the freedesktop/GNOME screensaver's ActiveChanged(true) on the session bus. Every connection is optional: no bus
  (CI, containers) simply means no events.
- Windows: WTSRegisterSessionNotification + a native event filter for WM_WTSSESSION_CHANGE/WTS_SESSION_LOCK and
  WM_POWERBROADCAST/PBT_APMSUSPEND.
- `FakeSessionEvents` for tests.
Whatever the platform misses, the idle clock catches: time asleep counts as idle (see lock_manager.default_clock).
"""
from __future__ import annotations

import logging
import os
import sys

from PySide6.QtCore import SLOT, QAbstractNativeEventFilter, QCoreApplication, QObject, Signal, Slot

log = logging.getLogger(__name__)


class SessionEvents(QObject):
    """Base class and no-op implementation."""

    suspending = Signal()
    session_locked = Signal()

    @property
    def sources(self) -> list[str]:
        """Which OS sources are connected (for `ketenregie doctor` and tests); empty when none."""
        return []

    def attach_window(self, window) -> None:  # noqa: D401 - some platforms need a native window handle
        """Give the implementation the main window (Windows needs its handle)."""

    def close(self) -> None:
        """Disconnect from the OS."""


class FakeSessionEvents(SessionEvents):
    """Test seam: call `suspend()` or `lock_session()` to simulate the OS."""

    def suspend(self) -> None:
        self.suspending.emit()

    def lock_session(self) -> None:
        self.session_locked.emit()


# --- Linux ---------------------------------------------------------------------------------------------------

LOGIN1_SERVICE = "org.freedesktop.login1"
LOGIN1_PATH = "/org/freedesktop/login1"
LOGIN1_MANAGER = "org.freedesktop.login1.Manager"
LOGIN1_SESSION = "org.freedesktop.login1.Session"
SCREENSAVERS = (
    ("org.freedesktop.ScreenSaver", "/org/freedesktop/ScreenSaver", "org.freedesktop.ScreenSaver"),
    ("org.gnome.ScreenSaver", "/org/gnome/ScreenSaver", "org.gnome.ScreenSaver"),
)


def login1_session_path(session_id: str) -> str:
    """logind's object path for a session id (sd_bus_path_encode: escape all but [A-Za-z0-9], and a leading
    digit)."""
    out = []
    for index, char in enumerate(session_id):
        if char.isascii() and char.isalnum() and not (index == 0 and char.isdigit()):
            out.append(char)
        else:
            out.append(f"_{ord(char):02x}")
    return f"{LOGIN1_PATH}/session/{''.join(out) or '_'}"


class LinuxSessionEvents(SessionEvents):
    def __init__(self, parent: QObject | None = None, *, system_bus=None, session_bus=None) -> None:
        super().__init__(parent)
        self._sources: list[str] = []
        try:
            from PySide6.QtDBus import QDBusConnection
        except ImportError:  # pragma: no cover - QtDBus ships with PySide6-Essentials on Linux
            log.info("QtDBus unavailable: no suspend/session-lock events")
            return
        system = system_bus if system_bus is not None else QDBusConnection.systemBus()
        session = session_bus if session_bus is not None else QDBusConnection.sessionBus()
        self._connect(system, LOGIN1_SERVICE, LOGIN1_PATH, LOGIN1_MANAGER, "PrepareForSleep",
                      "_on_prepare_for_sleep(bool)", "logind PrepareForSleep")
        session_id = os.environ.get("XDG_SESSION_ID")
        if session_id:
            self._connect(system, LOGIN1_SERVICE, login1_session_path(session_id), LOGIN1_SESSION, "Lock",
                          "_on_session_lock()", "logind Session.Lock")
        for service, path, interface in SCREENSAVERS:
            self._connect(session, service, path, interface, "ActiveChanged", "_on_screensaver_active(bool)",
                          f"{interface} ActiveChanged")

    def _connect(self, bus, service, path, interface, name, slot: str, label: str) -> None:
        try:
            if not bus.isConnected():
                return
            # PySide6 takes the SLOT() string here (its stub says bytes, which it refuses).
            if bus.connect(service, path, interface, name, self, SLOT(slot)):
                self._sources.append(label)
        except Exception:  # noqa: BLE001 - a missing or odd bus must never stop the app
            log.info("could not subscribe to %s", label)

    @property
    def sources(self) -> list[str]:
        return list(self._sources)

    @Slot(bool)
    def _on_prepare_for_sleep(self, going_to_sleep: bool) -> None:
        if going_to_sleep:
            self.suspending.emit()

    @Slot()
    def _on_session_lock(self) -> None:
        self.session_locked.emit()

    @Slot(bool)
    def _on_screensaver_active(self, active: bool) -> None:
        if active:
            self.session_locked.emit()


# --- Windows -------------------------------------------------------------------------------------------------

WM_WTSSESSION_CHANGE = 0x02B1
WTS_SESSION_LOCK = 0x7
WM_POWERBROADCAST = 0x0218
PBT_APMSUSPEND = 0x4
NOTIFY_FOR_THIS_SESSION = 0


class _WindowsMessageFilter(QAbstractNativeEventFilter):
    def __init__(self, owner: "WindowsSessionEvents") -> None:
        super().__init__()
        self._owner = owner

    def nativeEventFilter(self, event_type, message):  # noqa: N802 - Qt override
        if bytes(event_type) == b"windows_generic_MSG":
            import ctypes.wintypes

            msg = ctypes.wintypes.MSG.from_address(int(message))
            self._owner.handle_message(msg.message, msg.wParam)
        return False, 0


class WindowsSessionEvents(SessionEvents):  # pragma: no cover - exercised on Windows only (logic tested below)
    def __init__(self, parent: QObject | None = None) -> None:
        super().__init__(parent)
        self._hwnd: int | None = None
        self._filter = _WindowsMessageFilter(self)
        app = QCoreApplication.instance()
        if app is not None:
            app.installNativeEventFilter(self._filter)

    @property
    def sources(self) -> list[str]:
        return ["WTS session notifications"] if self._hwnd else ["WM_POWERBROADCAST"]

    def attach_window(self, window) -> None:
        import ctypes

        try:
            hwnd = int(window.winId())
            if ctypes.windll.wtsapi32.WTSRegisterSessionNotification(hwnd, NOTIFY_FOR_THIS_SESSION):
                self._hwnd = hwnd
        except (AttributeError, OSError):
            log.info("WTSRegisterSessionNotification unavailable")

    def handle_message(self, message: int, wparam: int) -> None:
        if message == WM_WTSSESSION_CHANGE and wparam == WTS_SESSION_LOCK:
            self.session_locked.emit()
        elif message == WM_POWERBROADCAST and wparam == PBT_APMSUSPEND:
            self.suspending.emit()

    def close(self) -> None:
        import ctypes

        app = QCoreApplication.instance()
        if app is not None:
            app.removeNativeEventFilter(self._filter)
        if self._hwnd:
            try:
                ctypes.windll.wtsapi32.WTSUnRegisterSessionNotification(self._hwnd)
            except (AttributeError, OSError):
                pass
            self._hwnd = None


class DeferredSessionEvents(SessionEvents):
    """Connects to the OS once the first window is painted (`connect_now`, called by ui.app.run_gui): D-Bus or
    the Windows session notification cost a few milliseconds of a start that should be at once, and before the
    first paint nothing can be unlocked, so no suspend or session lock can be missed that matters. Forwards the
    implementation's signals, its window and its close."""

    def __init__(self, parent: QObject | None = None, factory=None) -> None:
        super().__init__(parent)
        self._factory = factory or create_session_events
        self.connected_to: SessionEvents | None = None
        self._window = None
        self._closed = False

    def connect_now(self) -> None:
        if self.connected_to is not None or self._closed:
            return
        events = self.connected_to = self._factory(self)
        events.suspending.connect(self.suspending)
        events.session_locked.connect(self.session_locked)
        if self._window is not None:
            events.attach_window(self._window)

    @property
    def sources(self) -> list[str]:
        return self.connected_to.sources if self.connected_to is not None else []

    def attach_window(self, window) -> None:
        self._window = window
        if self.connected_to is not None:
            self.connected_to.attach_window(window)

    def close(self) -> None:
        self._closed = True
        if self.connected_to is not None:
            self.connected_to.close()


def create_session_events(parent: QObject | None = None) -> SessionEvents:
    """The implementation for this platform; never raises."""
    try:
        if sys.platform == "win32":
            return WindowsSessionEvents(parent)
        if sys.platform.startswith("linux"):
            return LinuxSessionEvents(parent)
    except Exception:  # noqa: BLE001 - locking on OS events is a bonus; the idle clock still protects
        log.info("session events unavailable on this system")
    return SessionEvents(parent)
