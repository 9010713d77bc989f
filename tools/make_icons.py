"""The app icon for the Windows build, generated from the SVG (resources/icons/ketenregie.svg) by
packaging/build.sh: ketenregie.ico (16–256 px, for the exe, the shortcut and the MSI "Programs" entry) and
ketenregie.png (256 px, Linux). Qt renders the SVG, Pillow (already there through reportlab) writes the .ico.

    python tools/make_icons.py [OUT_DIR]     # default: resources/icons (the generated files are not committed)
"""
from __future__ import annotations

import io
import os
import sys
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
SOURCE = ROOT / "resources" / "icons" / "ketenregie.svg"
ICO_SIZES = (16, 20, 24, 32, 40, 48, 64, 128, 256)


def render_png(size: int) -> bytes:
    from PySide6.QtCore import QBuffer, QByteArray, QIODevice, QRectF, Qt
    from PySide6.QtGui import QGuiApplication, QImage, QPainter
    from PySide6.QtSvg import QSvgRenderer

    if QGuiApplication.instance() is None:
        os.environ.setdefault("QT_QPA_PLATFORM", "offscreen")
        render_png.app = QGuiApplication(sys.argv[:1])  # kept alive for the next call
    renderer = QSvgRenderer(str(SOURCE))
    image = QImage(size, size, QImage.Format.Format_ARGB32)
    image.fill(Qt.GlobalColor.transparent)
    painter = QPainter(image)
    painter.setRenderHint(QPainter.RenderHint.Antialiasing)
    renderer.render(painter, QRectF(0, 0, size, size))
    painter.end()
    data = QByteArray()
    buffer = QBuffer(data)
    buffer.open(QIODevice.OpenModeFlag.WriteOnly)
    image.save(buffer, "PNG")
    return bytes(data)


def make_icons(out: Path) -> tuple[Path, Path]:
    from PIL import Image

    out.mkdir(parents=True, exist_ok=True)
    big = render_png(256)
    png = out / "ketenregie.png"
    png.write_bytes(big)
    ico = out / "ketenregie.ico"
    frames = [Image.open(io.BytesIO(render_png(size))) for size in ICO_SIZES]
    frames[-1].save(ico, format="ICO", sizes=[(s, s) for s in ICO_SIZES], append_images=frames[:-1])
    return ico, png


if __name__ == "__main__":
    target = Path(sys.argv[1]) if len(sys.argv) > 1 else ROOT / "resources" / "icons"
    for path in make_icons(target):
        print(path)
