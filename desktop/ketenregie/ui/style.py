"""Small presentation helpers shared by the UI: message labels and fonts that follow the system palette."""
from __future__ import annotations

from PySide6.QtGui import QColor, QFont, QFontDatabase, QPalette
from PySide6.QtWidgets import QApplication, QLabel, QWidget

LEVELS = ("info", "ok", "warning", "error")


def message_label(parent: QWidget, accessible_name: str) -> QLabel:
    """The (hidden until used) label a view or dialog reports in; fill it with `set_message`."""
    label = QLabel(parent)
    label.setWordWrap(True)
    label.setAccessibleName(accessible_name)
    set_message(label, "")
    return label


def set_message(label: QLabel, text: str, level: str = "info") -> None:
    """Show `text` in `label` at a level (info/ok/warning/error); hide the label when there is no text.

    The words carry the meaning (never the colour alone); errors and warnings are bold, errors also red in a
    shade that keeps contrast on light and dark palettes. Screen readers get the text as the description."""
    if level not in LEVELS:
        raise ValueError(level)
    label.setText(text)
    label.setVisible(bool(text))
    label.setProperty("level", level)
    font = label.font()
    font.setBold(level in ("error", "warning"))
    label.setFont(font)
    palette = QApplication.palette(label)
    if level == "error":
        dark = palette.color(QPalette.ColorRole.Window).lightness() < 128
        palette.setColor(QPalette.ColorRole.WindowText, QColor("#ff8a80") if dark else QColor("#b00020"))
    label.setPalette(palette)
    label.setAccessibleDescription(text)


def monospace_font(scale: float = 1.0) -> QFont:
    font = QFontDatabase.systemFont(QFontDatabase.SystemFont.FixedFont)
    if scale != 1.0:
        size = font.pointSizeF() if font.pointSizeF() > 0 else 10.0
        font.setPointSizeF(size * scale)
    return font


def heading_font(widget: QWidget, scale: float = 1.4) -> QFont:
    font = QFont(widget.font())
    size = font.pointSizeF() if font.pointSizeF() > 0 else 10.0
    font.setPointSizeF(size * scale)
    font.setBold(True)
    return font
