"""Issue 15 item 10: one icon set for navigation and actions (SVGs drawn for the project, same viewBox and stroke),
on the action buttons of every view, following the palette (light strokes on a dark palette), and no empty
toolbar."""
from __future__ import annotations

import re
import xml.etree.ElementTree as ET

import pytest
from PySide6.QtCore import QSize
from PySide6.QtGui import QColor, QGuiApplication, QIcon, QPalette
from PySide6.QtSvg import QSvgRenderer
from PySide6.QtWidgets import QToolBar

from ketenregie.ui.icons import icon_files, set_icon, themed_icon

SVG = "{http://www.w3.org/2000/svg}"

# (view key, attribute) of the action buttons that carry an icon; the main window's own actions are checked apart.
BUTTONS = [
    ("caseload", "new_button"), ("caseload", "open_button"), ("caseload", "meeting_button"),
    ("caseload", "handover_button"), ("caseload", "save_view_button"),
    ("meetings", "new_button"), ("meetings", "edit_button"), ("meetings", "agenda_button"),
    ("meetings", "minutes_button"), ("meetings", "print_button"), ("meetings", "mode_button"),
    ("conversations", "new_button"), ("conversations", "chart_button"), ("conversations", "chart_print_button"),
    ("letters", "preview_button"), ("letters", "save_button"), ("letters", "basis_button"),
    ("privacy", "export_button"), ("privacy", "print_button"),
    ("monitor", "pdf_button"), ("monitor", "print_button"), ("monitor", "compute_button"),
    ("signals", "letter_button"), ("signals", "letter_print_button"),
    ("partners", "save_button"),
]


def test_every_icon_is_valid_svg_in_the_same_drawing_style():
    files = icon_files()
    assert {p.parent.name for p in files} == {"nav", "actions"}
    for path in files:
        root = ET.parse(path).getroot()
        assert root.tag == f"{SVG}svg", path
        assert root.get("viewBox") == "0 0 24 24", path
        assert root.get("stroke") == "currentColor" and root.get("stroke-width") == "2", path
        assert root.get("fill") == "none" and root.get("stroke-linecap") == "round", path
        text = path.read_text(encoding="utf-8")
        assert not re.search(r"#[0-9a-fA-F]{3,6}\b|rgb\(", text), f"{path.name}: a fixed colour"
        assert QSvgRenderer(str(path)).isValid(), path
    names = {p.stem for p in files if p.parent.name == "actions"}
    assert {"open", "save", "print", "pdf", "record", "plan-meeting", "search", "lock", "new-case"} <= names


def _lightness(icon: QIcon, mode: QIcon.Mode = QIcon.Mode.Normal) -> tuple[int, int]:
    """(lightest, darkest) lightness of the icon's opaque pixels at 24 px, 2x."""
    image = icon.pixmap(QSize(24, 24), 2.0, mode).toImage()
    values = [image.pixelColor(x, y).lightness() for y in range(image.height()) for x in range(image.width())
              if image.pixelColor(x, y).alpha() > 200]
    assert values, "the icon draws nothing"
    return max(values), min(values)


@pytest.fixture
def dark_palette(qapp):
    previous = QGuiApplication.palette()
    dark = QPalette()
    for role, colour in ((QPalette.ColorRole.Window, "#1f1f1f"), (QPalette.ColorRole.WindowText, "#f2f2f2"),
                         (QPalette.ColorRole.Base, "#2b2b2b"), (QPalette.ColorRole.Text, "#f2f2f2"),
                         (QPalette.ColorRole.Button, "#2d2d2d"), (QPalette.ColorRole.ButtonText, "#f2f2f2"),
                         (QPalette.ColorRole.Highlight, "#3a7bd5"),
                         (QPalette.ColorRole.HighlightedText, "#ffffff")):
        dark.setColor(role, QColor(colour))
    dark.setColor(QPalette.ColorGroup.Disabled, QPalette.ColorRole.WindowText, QColor("#7a7a7a"))
    qapp.setPalette(dark)
    yield dark
    qapp.setPalette(previous)


def test_icons_follow_the_palette_also_after_it_changes(qapp, dark_palette):
    icon = themed_icon("print")  # made while dark…
    lightest, _darkest = _lightness(icon)
    assert lightest > 200  # light strokes on the dark palette
    light = QPalette(QColor("#f0f0f0"))
    light.setColor(QPalette.ColorRole.WindowText, QColor("#101010"))
    qapp.setPalette(light)  # …Windows switches to light mode while the app runs: the same icon object follows
    _lightest, darkest = _lightness(icon)
    assert darkest < 60
    qapp.setPalette(dark_palette)
    assert _lightness(themed_icon("caseload"))[0] > 200  # navigation icons too
    disabled = _lightness(icon, QIcon.Mode.Disabled)[0]
    assert 90 < disabled < 160  # the disabled text colour, not the normal one


def test_unknown_icon_names_are_refused():
    from PySide6.QtWidgets import QPushButton

    assert themed_icon("bestaat-niet").isNull()
    with pytest.raises(KeyError):
        set_icon(QPushButton(), "bestaat-niet")


def test_action_buttons_carry_icons_and_no_toolbar_is_empty(qtbot, unlocked_gui):
    window = unlocked_gui.main_window
    for action in (window.lock_action, window.new_case_action, window.search_action):
        assert not action.icon().isNull(), action.text()
    missing = []
    for key, attribute in BUTTONS:
        window.show_view(key)
        view = window.view(key)
        button = getattr(view, attribute, None)
        if button is None or button.icon().isNull():
            missing.append((key, attribute))
    assert missing == []
    toolbars = window.findChildren(QToolBar)
    for bar in toolbars:
        actions = [a for a in bar.actions() if a.isVisible() and not a.isSeparator()]
        assert actions, f"empty toolbar {bar.objectName()}"
        assert all(not a.icon().isNull() for a in actions)
