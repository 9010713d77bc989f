"""Shared helpers for the UI tests (imported as `ui_helpers`; pytest puts this folder on sys.path)."""
from __future__ import annotations

from dataclasses import dataclass
from pathlib import Path

PASSPHRASE = "paarse konijnen springen over de brug"
NEW_PASSPHRASE = "groene giraffe eet zure appels bij maanlicht"


class FakeClock:
    """Seconds that only move when a test says so."""

    def __init__(self, start: float = 10_000.0) -> None:
        self.now = start

    def __call__(self) -> float:
        return self.now

    def advance(self, seconds: float) -> None:
        self.now += seconds


@dataclass
class ExistingRegister:
    path: Path
    passphrase: str
    recovery_code: str


def unlock(qtbot, controller, passphrase: str = PASSPHRASE) -> None:
    window = controller.main_window
    window.unlock_widget.ui.passphraseEdit.setText(passphrase)
    window.unlock_widget.ui.unlockButton.click()
    qtbot.waitUntil(lambda: not controller.lock_manager.is_locked, timeout=15_000)
