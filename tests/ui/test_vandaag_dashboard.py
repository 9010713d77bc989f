"""Issue 15 item 7: Vandaag is the start and a dashboard — the date in the header, count cards, one scroll level
(the page does not scroll; each list does), the count in the navigation ("Vandaag (n)"), and empty views that
say what to do."""
from __future__ import annotations

from PySide6.QtWidgets import QApplication, QScrollArea

from all_windows import demo_register  # noqa: F401
from ketenregie.ui.today.view import long_date
from ui_helpers import unlock


def test_vandaag_opens_first_with_date_cards_and_a_count_in_the_navigation(qtbot, make_gui, demo_register):
    from datetime import date
    controller = make_gui(demo_register.path)
    unlock(qtbot, controller)
    window = controller.main_window
    assert window.current_view_key == "vandaag"
    view = window.view("vandaag")
    qtbot.waitUntil(lambda: view.is_loaded, timeout=10_000)
    assert long_date(date.today()) in view.heading.text()
    overview = view.overview
    assert view.cards["overdue"].text().split("\n")[0] == str(len(overview.overdue_terms))
    assert view.cards["crises"].accessibleName().endswith(f": {len(overview.crisis_cases)}")
    assert not [s for s in view.findChildren(QScrollArea) if s.isVisibleTo(view)
                and s.widget() is not None and s.widget().findChildren(type(view.tables["overdue_terms"]))]
    item = window.nav_list.item(0)
    assert item.text() == f"Vandaag ({view.attention_count})" and view.attention_count > 0
    view.cards["overdue"].click()
    QApplication.processEvents()


def test_long_date_is_dutch():
    from datetime import date
    assert long_date(date(2026, 12, 3)) == "donderdag 3 december 2026"


def test_empty_views_say_what_to_do(qtbot, unlocked_gui):
    window = unlocked_gui.main_window
    window.show_view("caseload")
    view = window.view("caseload")
    qtbot.waitUntil(lambda: view.is_loaded, timeout=10_000)
    assert "Nog geen casussen" in view.message.text() and "Ctrl+N" in view.message.text()
    window.show_view("meetings")
    assert "Nog geen overleggen" in window.view("meetings").message_label.text()


def test_navigation_and_toolbar_use_one_icon_set(qtbot, unlocked_gui):
    from ketenregie.ui.icons import icon_path
    window = unlocked_gui.main_window
    for row in range(window.nav_list.count()):
        item = window.nav_list.item(row)
        key = item.data(0x0100)
        assert icon_path(key).exists(), key  # every view in the navigation, later ones too, has its icon
        assert not item.icon().isNull(), key
        # HiDPI: a 2x pixmap exists for a 20 px icon
        assert item.icon().pixmap(20, 20).width() >= 20
    actions = window.toolbar.actions()
    assert window.new_case_action in actions and window.search_action in actions  # no near-empty toolbar
    for action in (window.new_case_action, window.search_action):
        button = window.toolbar.widgetForAction(action)
        assert button.accessibleName() and not action.icon().isNull()


def test_the_build_generates_the_app_icon_from_the_svg(tmp_path):
    import importlib.util
    from pathlib import Path

    from PIL import Image
    root = Path(__file__).resolve().parents[2]
    spec = importlib.util.spec_from_file_location("make_icons", root / "tools" / "make_icons.py")
    module = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(module)
    ico, png = module.make_icons(tmp_path)
    sizes = set(Image.open(ico).info["sizes"])
    assert {(16, 16), (32, 32), (48, 48), (256, 256)} <= sizes
    assert Image.open(png).size == (256, 256)
    assert "tools/make_icons.py" in (root / "packaging" / "build.sh").read_text(encoding="utf-8")


def test_vandaag_headers_are_not_cut_off(qtbot, unlocked_gui):
    window = unlocked_gui.main_window
    view = window.view("vandaag")
    for table in view.tables.values():
        header = table.horizontalHeader()
        text = table.model().headerData(0, 1)  # Qt.Orientation.Horizontal
        assert header.sectionSize(0) >= header.fontMetrics().horizontalAdvance(text) + 12
