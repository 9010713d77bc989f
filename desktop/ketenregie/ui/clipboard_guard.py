"""Clipboard guard (model: KeePassXC's Clipboard): personal data copied from Ketenregie is marked so clipboard
managers and Windows clipboard history skip it, and is cleared after a countdown (policy ClipboardClearSeconds),
on lock and on quit — but only while the clipboard still holds what we put there, so the user's own later copy
is never destroyed."""
from __future__ import annotations

import os
import struct
import sys
from collections.abc import Callable

from PySide6.QtCore import QMimeData, QObject, QTimer, Signal, Slot
from PySide6.QtGui import QClipboard, QGuiApplication

from ketenregie.config import Policy

# KDE Klipper, GNOME clipboard managers, wl-clipboard and most Linux clipboard tools skip data with this hint.
KDE_SECRET_HINT = "x-kde-passwordManagerHint"


def _windows_format(name: str) -> str:
    """Qt's MIME name for the registered Windows clipboard format `name`."""
    return f'application/x-qt-windows-mime;value="{name}"'


# Windows 10 1809+: keep the data out of clipboard monitors, Win+V history and the cloud clipboard.
WINDOWS_EXCLUDE_FROM_MONITORS = _windows_format("ExcludeClipboardContentFromMonitorProcessing")
WINDOWS_NO_HISTORY = _windows_format("CanIncludeInClipboardHistory")
WINDOWS_NO_CLOUD = _windows_format("CanUploadToCloudClipboard")
_DWORD_ZERO = struct.pack("<I", 0)
# macOS pasteboard managers (nspasteboard.org) skip concealed data.
MAC_CONCEALED = "application/x-nspasteboard-concealed-type"


def secret_mime_data(text: str, platform: str = sys.platform) -> QMimeData:
    """Plain text plus the hints that ask clipboard managers not to record it."""
    data = QMimeData()
    data.setText(text)
    if platform == "win32":
        data.setData(WINDOWS_EXCLUDE_FROM_MONITORS, b"\x01\x00\x00\x00")
        data.setData(WINDOWS_NO_HISTORY, _DWORD_ZERO)
        data.setData(WINDOWS_NO_CLOUD, _DWORD_ZERO)
    elif platform == "darwin":
        data.setData(MAC_CONCEALED, b"")
    else:
        data.setData(KDE_SECRET_HINT, b"secret")
    return data


class ClipboardGuard(QObject):
    countdownChanged = Signal(int)  # seconds left before clearing; 0 = nothing of ours on the clipboard
    cleared = Signal()

    def __init__(self, policy: Policy, *, clipboard: QClipboard | None = None, tick_ms: int = 1000,
                 platform: str = sys.platform, owns_clipboard: Callable[[], bool] | None = None,
                 parent: QObject | None = None) -> None:
        super().__init__(parent)
        self._owns_clipboard = owns_clipboard  # test seam: who set the clipboard (us, or another application)
        self._policy = policy
        self._clipboard = clipboard or QGuiApplication.clipboard()
        self._platform = platform
        # We remember a keyed hash of what we copied, not the text itself.
        self._key = os.urandom(32)
        self._digest: bytes | None = None
        self._seconds_left = 0
        self._timer = QTimer(self)
        self._timer.setInterval(tick_ms)
        self._timer.timeout.connect(self._tick)
        self._clipboard.dataChanged.connect(self._on_clipboard_changed)

    @property
    def clear_after_seconds(self) -> int:
        return int(self._policy.get("ClipboardClearSeconds"))

    @property
    def seconds_left(self) -> int:
        return self._seconds_left

    @property
    def active(self) -> bool:
        return self._digest is not None

    def copy(self, text: str) -> None:
        """Put `text` on the clipboard, marked secret, and start the countdown."""
        self._digest = self._hash(text)
        self._clipboard.setMimeData(secret_mime_data(text, self._platform), QClipboard.Mode.Clipboard)
        self._seconds_left = self.clear_after_seconds
        self._timer.start()
        self.countdownChanged.emit(self._seconds_left)

    def holds_our_text(self) -> bool:
        if self._digest is None:
            return False
        import hmac  # noqa: PLC0415 - loaded on first use, not at start

        return hmac.compare_digest(self._hash(self._clipboard.text(QClipboard.Mode.Clipboard)), self._digest)

    def clear_now(self) -> bool:
        """Clear the clipboard if it still holds what we copied (lock, quit). Returns whether it cleared."""
        ours = self.holds_our_text()
        if ours:
            self._clipboard.clear(QClipboard.Mode.Clipboard)
        self._forget()
        if ours:
            self.cleared.emit()
        return ours

    @Slot()
    def _tick(self) -> None:
        self._seconds_left -= 1
        if self._seconds_left <= 0:
            self.clear_now()
        else:
            self.countdownChanged.emit(self._seconds_left)

    @Slot()
    def _on_clipboard_changed(self) -> None:
        if self.holds_our_text():
            return
        if self._owned_by_us():
            # Ctrl+C in one of our own fields or tables: guard it like an explicit copy (mark it secret, start the
            # countdown), so no personal data reaches the clipboard unguarded. Deferred: not from inside the
            # signal that our own setMimeData will emit again.
            text = self._clipboard.text(QClipboard.Mode.Clipboard)
            if text:
                QTimer.singleShot(0, self, lambda: self._adopt(text))
                return
        # Someone else (the user in another app) replaced our text: nothing left to guard.
        if self._digest is not None:
            self._forget()

    def _adopt(self, text: str) -> None:
        if self._owned_by_us() and self._clipboard.text(QClipboard.Mode.Clipboard) == text:
            self.copy(text)

    def _owned_by_us(self) -> bool:
        if self._owns_clipboard is not None:
            return self._owns_clipboard()
        # Platforms without a system clipboard (offscreen, minimal: headless runs) keep it in-process: ours.
        return self._clipboard.ownsClipboard() or QGuiApplication.platformName() in ("offscreen", "minimal")

    def _forget(self) -> None:
        was_active = self._digest is not None or self._timer.isActive()
        self._digest = None
        self._timer.stop()
        self._seconds_left = 0
        if was_active:
            self.countdownChanged.emit(0)

    def _hash(self, text: str) -> bytes:
        import hashlib  # noqa: PLC0415 - loaded on first copy, not at start
        import hmac  # noqa: PLC0415

        return hmac.new(self._key, text.encode("utf-8"), hashlib.sha256).digest()
