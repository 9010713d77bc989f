"""The app's own icon set, drawn for the project: navigation (resources/icons/nav/*.svg) and actions
(resources/icons/actions/*.svg), all 24×24 viewBox, 2 px round strokes in `currentColor`, no fill colours.

`themed_icon(name)` gives a QIcon whose engine draws the SVG at paint time in the palette's colour: WindowText
(normal), HighlightedText (selected, e.g. the current navigation entry), the disabled text colour (disabled). So the
icons read on light and dark palettes — also when Windows switches to dark mode while the app runs — and are drawn
at the exact device pixel size (sharp at 125–200 %). `set_icon(button, name)` puts one on a button or action.

Lookup: an action icon first, then a navigation icon of that name."""
from __future__ import annotations

import math
from functools import lru_cache
from pathlib import Path

from PySide6.QtCore import QByteArray, QRect, QRectF, QSize, Qt
from PySide6.QtGui import QAction, QGuiApplication, QIcon, QIconEngine, QPainter, QPalette, QPixmap
from PySide6.QtSvg import QSvgRenderer
from PySide6.QtWidgets import QAbstractButton, QWidget

from ketenregie.resources import resource_path

SIZES = (16, 20, 24, 32)
FOLDERS = ("actions", "nav")
VIEWBOX = "0 0 24 24"

_ENGINES: list["PaletteSvgIconEngine"] = []  # Python owns the engines; QIcon only borrows them (PySide6)


def icon_path(name: str) -> Path:
    """The navigation icon file of `name` (views: their key)."""
    return resource_path("icons", "nav", f"{name}.svg")


def action_icon_path(name: str) -> Path:
    return resource_path("icons", "actions", f"{name}.svg")


def icon_files() -> list[Path]:
    """Every file of the set (navigation and actions)."""
    return sorted(p for folder in FOLDERS for p in resource_path("icons", folder).glob("*.svg"))


@lru_cache(maxsize=128)
def _svg(name: str) -> str | None:
    for folder in FOLDERS:
        path = resource_path("icons", folder, f"{name}.svg")
        if path.exists():
            return path.read_text(encoding="utf-8")
    return None


@lru_cache(maxsize=256)
def _renderer(name: str, colour: str) -> QSvgRenderer:
    return QSvgRenderer(QByteArray(_svg(name).replace("currentColor", colour).encode("utf-8")))


def icon_colour(mode: QIcon.Mode = QIcon.Mode.Normal, palette: QPalette | None = None) -> str:
    palette = palette or QGuiApplication.palette()
    if mode == QIcon.Mode.Disabled:
        return palette.color(QPalette.ColorGroup.Disabled, QPalette.ColorRole.WindowText).name()
    if mode == QIcon.Mode.Selected:
        return palette.color(QPalette.ColorRole.HighlightedText).name()
    return palette.color(QPalette.ColorRole.WindowText).name()


class PaletteSvgIconEngine(QIconEngine):
    """Draws one SVG of the set in the application palette's colour for the icon mode, at paint time."""

    def __init__(self, name: str) -> None:
        super().__init__()
        self._name = name

    def paint(self, painter: QPainter, rect: QRect, mode: QIcon.Mode, state: QIcon.State) -> None:
        painter.save()
        painter.setRenderHint(QPainter.RenderHint.Antialiasing)
        _renderer(self._name, icon_colour(mode)).render(painter, QRectF(rect))
        painter.restore()

    def scaledPixmap(self, size: QSize, mode: QIcon.Mode, state: QIcon.State, scale: float) -> QPixmap:  # noqa: N802
        side = max(1, min(size.width(), size.height()))
        device = max(1, math.ceil(side * scale))
        pixmap = QPixmap(device, device)
        pixmap.fill(Qt.GlobalColor.transparent)
        painter = QPainter(pixmap)
        painter.setRenderHint(QPainter.RenderHint.Antialiasing)
        _renderer(self._name, icon_colour(mode)).render(painter, QRectF(0, 0, device, device))
        painter.end()
        pixmap.setDevicePixelRatio(scale)
        return pixmap

    def pixmap(self, size: QSize, mode: QIcon.Mode, state: QIcon.State) -> QPixmap:
        return self.scaledPixmap(size, mode, state, 1.0)

    def actualSize(self, size: QSize, mode: QIcon.Mode, state: QIcon.State) -> QSize:  # noqa: N802
        side = min(size.width(), size.height())
        return QSize(side, side)

    def availableSizes(self, mode: QIcon.Mode = QIcon.Mode.Normal,  # noqa: N802
                       state: QIcon.State = QIcon.State.Off) -> list[QSize]:
        return [QSize(s, s) for s in SIZES]

    def iconName(self) -> str:  # noqa: N802
        return self._name

    def key(self) -> str:
        return "ketenregie-palette-svg"

    def clone(self) -> "PaletteSvgIconEngine":
        return _engine(self._name)


def _engine(name: str) -> PaletteSvgIconEngine:
    engine = PaletteSvgIconEngine(name)
    _ENGINES.append(engine)
    return engine


@lru_cache(maxsize=128)
def _icon(name: str) -> QIcon:
    return QIcon(_engine(name))


def themed_icon(name: str, widget: QWidget | None = None) -> QIcon:  # noqa: ARG001 - the palette is read at paint
    """The named icon, drawn in the palette's text colour; an empty QIcon when there is no such icon."""
    if _svg(name) is None:
        return QIcon()
    return QIcon(_icon(name))


def set_icon(target: QAbstractButton | QAction, name: str) -> QAbstractButton | QAction:
    """Give a button or action the named icon of the set (raises KeyError for a name the set lacks)."""
    icon = themed_icon(name)
    if icon.isNull():
        raise KeyError(name)
    target.setIcon(icon)
    return target
