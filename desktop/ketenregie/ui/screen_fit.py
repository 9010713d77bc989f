"""Windows open no larger than the screen they are on (1366×768, or 1920×1080 at 150 % = 1280×720 logical):
`fit_to_screen(window, 1100, 720)` asks for 1100×720 but takes at most the available screen area minus room for
the window frame."""
from __future__ import annotations

from PySide6.QtGui import QGuiApplication
from PySide6.QtWidgets import QWidget

FRAME_ALLOWANCE = (16, 40)  # window frame and title bar, in logical pixels


def fit_to_screen(window: QWidget, width: int, height: int) -> None:
    screen = window.screen() or QGuiApplication.primaryScreen()
    if screen is not None:
        available = screen.availableGeometry()
        width = min(width, available.width() - FRAME_ALLOWANCE[0])
        height = min(height, available.height() - FRAME_ALLOWANCE[1])
    window.resize(max(width, 1), max(height, 1))
