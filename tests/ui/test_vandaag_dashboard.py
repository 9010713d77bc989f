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
