"""OS session events: the fake used in tests, the Linux D-Bus implementation (against a private bus when
dbus-daemon exists; never a crash without one) and the Windows message decoding."""
from __future__ import annotations

import os
import shutil
import subprocess

import pytest

from ketenregie.ui.session_events import (PBT_APMSUSPEND, WM_POWERBROADCAST, WM_WTSSESSION_CHANGE,
                                          WTS_SESSION_LOCK, FakeSessionEvents, LinuxSessionEvents, SessionEvents,
                                          WindowsSessionEvents, create_session_events, login1_session_path)


def test_fake_events(qtbot):
    events = FakeSessionEvents()
    with qtbot.waitSignal(events.suspending, timeout=100):
        events.suspend()
    with qtbot.waitSignal(events.session_locked, timeout=100):
        events.lock_session()


def test_platform_events_never_raise_without_a_bus(monkeypatch):
    monkeypatch.setenv("DBUS_SESSION_BUS_ADDRESS", "unix:path=/nonexistent/bus")
    monkeypatch.setenv("DBUS_SYSTEM_BUS_ADDRESS", "unix:path=/nonexistent/bus")
    events = create_session_events()
    assert isinstance(events, SessionEvents)
    events.attach_window(None) if not isinstance(events, WindowsSessionEvents) else None
    events.close()


def test_login1_session_paths():
    assert login1_session_path("2") == "/org/freedesktop/login1/session/_32"
    assert login1_session_path("c1") == "/org/freedesktop/login1/session/c1"
    assert login1_session_path("a-b") == "/org/freedesktop/login1/session/a_2db"


def test_linux_slots_turn_signals_into_events(qtbot):
    events = LinuxSessionEvents()
    got = []
    events.suspending.connect(lambda: got.append("suspend"))
    events.session_locked.connect(lambda: got.append("lock"))
    events._on_prepare_for_sleep(False)  # waking up: nothing
    events._on_screensaver_active(False)
    events._on_prepare_for_sleep(True)
    events._on_session_lock()
    events._on_screensaver_active(True)
    assert got == ["suspend", "lock", "lock"]


def test_windows_messages_are_decoded(qtbot):
    events = WindowsSessionEvents()
    try:
        got = []
        events.suspending.connect(lambda: got.append("suspend"))
        events.session_locked.connect(lambda: got.append("lock"))
        events.handle_message(WM_POWERBROADCAST, PBT_APMSUSPEND)
        events.handle_message(WM_WTSSESSION_CHANGE, WTS_SESSION_LOCK)
        events.handle_message(WM_WTSSESSION_CHANGE, 0x8)  # unlock: nothing
        events.handle_message(WM_POWERBROADCAST, 0x7)  # resume: nothing
        assert got == ["suspend", "lock"]
    finally:
        events.close()


@pytest.fixture
def private_bus():
    daemon = shutil.which("dbus-daemon")
    if daemon is None:
        pytest.skip("dbus-daemon not installed")
    process = subprocess.Popen([daemon, "--session", "--nofork", "--print-address"], stdout=subprocess.PIPE,
                               text=True)
    try:
        address = process.stdout.readline().strip()
        if not address:
            pytest.skip("dbus-daemon did not start")
        yield address
    finally:
        process.terminate()
        process.wait(5)


def test_linux_events_over_a_real_bus(qtbot, private_bus):
    from PySide6.QtDBus import QDBusConnection, QDBusMessage

    listener_bus = QDBusConnection.connectToBus(private_bus, "ketenregie-test-listener")
    sender_bus = QDBusConnection.connectToBus(private_bus, "ketenregie-test-sender")
    try:
        assert listener_bus.isConnected() and sender_bus.isConnected()
        assert sender_bus.registerService("org.freedesktop.login1")
        assert sender_bus.registerService("org.freedesktop.ScreenSaver")
        events = LinuxSessionEvents(system_bus=listener_bus, session_bus=listener_bus)
        assert "logind PrepareForSleep" in events.sources
        assert "org.freedesktop.ScreenSaver ActiveChanged" in events.sources

        sleep = QDBusMessage.createSignal("/org/freedesktop/login1", "org.freedesktop.login1.Manager",
                                          "PrepareForSleep")
        sleep.setArguments([True])
        with qtbot.waitSignal(events.suspending, timeout=5000):
            assert sender_bus.send(sleep)

        saver = QDBusMessage.createSignal("/org/freedesktop/ScreenSaver", "org.freedesktop.ScreenSaver",
                                          "ActiveChanged")
        saver.setArguments([True])
        with qtbot.waitSignal(events.session_locked, timeout=5000):
            assert sender_bus.send(saver)
    finally:
        QDBusConnection.disconnectFromBus("ketenregie-test-listener")
        QDBusConnection.disconnectFromBus("ketenregie-test-sender")


def test_the_session_path_comes_from_xdg_session_id(monkeypatch, qtbot, private_bus):
    from PySide6.QtDBus import QDBusConnection

    monkeypatch.setenv("XDG_SESSION_ID", "3")
    bus = QDBusConnection.connectToBus(private_bus, "ketenregie-test-session")
    try:
        events = LinuxSessionEvents(system_bus=bus, session_bus=bus)
        assert "logind Session.Lock" in events.sources
    finally:
        QDBusConnection.disconnectFromBus("ketenregie-test-session")
    assert os.environ["XDG_SESSION_ID"] == "3"


def test_deferred_session_events_connect_after_the_first_paint_and_forward_everything(qtbot):
    """run_gui connects to the OS only after the first paint (a fast start); until then nothing is connected, after
    that the lock manager hears every suspend and session lock, and the window and close reach the OS side."""
    from ketenregie.ui.session_events import DeferredSessionEvents, FakeSessionEvents

    made = []

    class Recording(FakeSessionEvents):
        def __init__(self, parent=None):
            super().__init__(parent)
            self.window, self.closed = None, False
            made.append(self)

        def attach_window(self, window):
            self.window = window

        def close(self):
            self.closed = True

    events = DeferredSessionEvents(factory=Recording)
    heard = []
    events.suspending.connect(lambda: heard.append("suspend"))
    events.session_locked.connect(lambda: heard.append("lock"))
    window = object()
    events.attach_window(window)
    assert made == [] and events.sources == []
    events.connect_now()
    events.connect_now()  # once only
    assert len(made) == 1 and made[0].window is window
    made[0].suspend()
    made[0].lock_session()
    assert heard == ["suspend", "lock"]
    events.close()
    assert made[0].closed

    closed_first = DeferredSessionEvents(factory=Recording)
    closed_first.close()  # the app quit before its first paint: never connect
    closed_first.connect_now()
    assert len(made) == 1
