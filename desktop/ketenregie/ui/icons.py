"""The app's own icon set (resources/icons/nav/*.svg, drawn for the project: 24×24, 2 px strokes in
`currentColor`). `themed_icon(name, widget)` colours an icon with the palette's text colour, so it reads on light
and dark palettes, and renders it at 1×, 2× and 3× device pixels, so it stays sharp at 125–200 %."""
from __future__ import annotations

from functools import lru_cache

from PySide6.QtCore import QByteArray, QRectF, Qt
from PySide6.QtGui import QGuiApplication, QIcon, QPainter, QPalette, QPixmap
from PySide6.QtSvg import QSvgRenderer
from PySide6.QtWidgets import QWidget

from ketenregie.resources import resource_path

SIZES = (16, 20, 24, 32)


def icon_path(name: str):
    return resource_path("icons", "nav", f"{name}.svg")


@lru_cache(maxsize=64)
def _svg(name: str) -> str | None:
    path = icon_path(name)
    return path.read_text(encoding="utf-8") if path.exists() else None


def themed_icon(name: str, widget: QWidget | None = None) -> QIcon:
    """The named icon in the widget's text colour; an empty QIcon when there is no such icon."""
    svg = _svg(name)
    if svg is None:
        return QIcon()
    palette = widget.palette() if widget is not None else QGuiApplication.palette()
    colour = palette.color(QPalette.ColorRole.WindowText).name()
    renderer = QSvgRenderer(QByteArray(svg.replace("currentColor", colour).encode("utf-8")))
    icon = QIcon()
    for size in SIZES:
        for ratio in (1, 2, 3):
            pixmap = QPixmap(size * ratio, size * ratio)
            pixmap.fill(Qt.GlobalColor.transparent)
            painter = QPainter(pixmap)
            painter.setRenderHint(QPainter.RenderHint.Antialiasing)
            renderer.render(painter, QRectF(0, 0, size * ratio, size * ratio))
            painter.end()
            pixmap.setDevicePixelRatio(ratio)
            icon.addPixmap(pixmap)
    return icon
