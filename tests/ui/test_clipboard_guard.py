from __future__ import annotations

import struct

from PySide6.QtGui import QClipboard, QGuiApplication

from ketenregie.config import Policy
from ketenregie.ui.clipboard_guard import (KDE_SECRET_HINT, WINDOWS_EXCLUDE_FROM_MONITORS, WINDOWS_NO_CLOUD,
                                           WINDOWS_NO_HISTORY, ClipboardGuard, secret_mime_data)

BSN = "123456782"


def make_guard(seconds: int = 5, tick_ms: int = 10) -> ClipboardGuard:
    # Any clipboard change not made through the guard counts as another application's (the user's own copy).
    return ClipboardGuard(Policy.from_mapping({"ClipboardClearSeconds": seconds}, "test"), tick_ms=tick_ms,
                          platform="linux", owns_clipboard=lambda: False)


def test_linux_copy_carries_the_password_manager_hint():
    data = secret_mime_data(BSN, "linux")
    assert data.text() == BSN
    assert bytes(data.data(KDE_SECRET_HINT)) == b"secret"


def test_windows_copy_is_kept_out_of_history_cloud_and_monitors():
    data = secret_mime_data(BSN, "win32")
    assert data.text() == BSN
    assert data.hasFormat(WINDOWS_EXCLUDE_FROM_MONITORS)
    assert 'value="ExcludeClipboardContentFromMonitorProcessing"' in WINDOWS_EXCLUDE_FROM_MONITORS
    assert struct.unpack("<I", bytes(data.data(WINDOWS_NO_HISTORY))) == (0,)
    assert struct.unpack("<I", bytes(data.data(WINDOWS_NO_CLOUD))) == (0,)


def test_copy_puts_marked_text_on_the_clipboard_and_clears_after_the_countdown(qtbot):
    guard = make_guard()
    counts = []
    guard.countdownChanged.connect(counts.append)
    guard.copy(BSN)
    clipboard = QGuiApplication.clipboard()
    assert clipboard.text() == BSN
    assert clipboard.mimeData().hasFormat(KDE_SECRET_HINT)
    assert guard.seconds_left == 5
    with qtbot.waitSignal(guard.cleared, timeout=3000):
        pass
    assert clipboard.text() == ""
    assert counts[:5] == [5, 4, 3, 2, 1] and counts[-1] == 0
    assert not guard.active


def test_never_clears_what_the_user_copied_afterwards(qtbot):
    guard = make_guard()
    guard.copy(BSN)
    QGuiApplication.clipboard().setText("eigen tekst van de gebruiker", QClipboard.Mode.Clipboard)
    assert not guard.active  # noticed the change: nothing of ours left to guard
    assert guard.clear_now() is False
    assert QGuiApplication.clipboard().text() == "eigen tekst van de gebruiker"


def test_clear_now_on_lock_or_quit():
    guard = make_guard(seconds=300, tick_ms=1000)
    guard.copy(BSN)
    assert guard.clear_now() is True
    assert QGuiApplication.clipboard().text() == ""
    assert guard.seconds_left == 0


def test_countdown_uses_policy_seconds():
    guard = make_guard(seconds=42, tick_ms=1000)
    guard.copy(BSN)
    assert guard.seconds_left == 42
    guard.clear_now()


def test_a_plain_ctrl_c_in_our_own_widget_is_guarded_too(qtbot):
    from PySide6.QtCore import Qt
    from PySide6.QtGui import QGuiApplication
    from PySide6.QtWidgets import QLineEdit

    from ketenregie.config import Policy
    from ketenregie.ui.clipboard_guard import KDE_SECRET_HINT, ClipboardGuard

    guard = ClipboardGuard(Policy.defaults(), platform="linux")
    field = QLineEdit("06-12345678")
    qtbot.addWidget(field)
    field.selectAll()
    field.copy()  # what Ctrl+C does: straight to the system clipboard, without the guard
    qtbot.waitUntil(lambda: guard.active, timeout=2000)
    clipboard = QGuiApplication.clipboard()
    assert clipboard.mimeData().hasFormat(KDE_SECRET_HINT)
    assert guard.seconds_left == guard.clear_after_seconds
    assert guard.clear_now() and clipboard.text() == ""
