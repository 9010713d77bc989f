"""The Vandaag view on a real register: overdue and due-soon terms, own actions due, crisis cases and cases
waiting on a partner, each in its own list; opening a case from it."""
from __future__ import annotations

from datetime import timedelta

import pytest

from ketenregie.ui.accessibility import unnamed_controls
from ketenregie.ui.today.view import TodayView
from case_helpers import (TODAY, add_case, lead, open_with_context, own_action, partner_action, partners, today)


@pytest.fixture
def opened(existing_register, settings):
    register, context = open_with_context(existing_register, settings)
    yield register, context
    register.close("quit")


def numbers(view, key):
    model = view.models[key]
    return [model.data(model.index(r, 0)) for r in range(model.rowCount())]


def test_today_lists_what_needs_attention(qtbot, opened):
    register, context = opened
    partner = partners(register)[0]
    overdue = add_case(register, "Bram Overdue", days_ago=40)  # 4 weeks passed, no first conversation
    due_soon = add_case(register, "Cas Bijna", days_ago=25)  # deadline within 5 working days
    crisis = add_case(register, "Dirk Crisis", days_ago=1, crisis=True)
    mine = add_case(register, "Eva Actie", actions=[own_action("Terugbellen", TODAY)])
    later = add_case(register, "Finn Later", actions=[own_action("Brief sturen", TODAY + timedelta(days=2))])
    waiting = add_case(register, "Gijs Wacht", actions=[partner_action("Intake PLANgroep", partner.id)],
                       partners_=[lead(partner.id)])
    view = TodayView(context, today=today)
    qtbot.addWidget(view)
    qtbot.waitUntil(lambda: view.is_loaded, timeout=10_000)
    assert numbers(view, "overdue_terms") == [overdue]
    # due Saturday 18 April, so (Algemene termijnenwet) Monday 20 April: due soon, but not this week
    assert due_soon in [r.case_number for r in view.overview.due_soon_terms]
    assert due_soon in [r.case_number for r in view.overview.terms_due_soon_later]
    assert crisis in numbers(view, "crisis_cases")
    assert numbers(view, "actions_due") == [mine]
    assert numbers(view, "actions_this_week") == [later]
    assert numbers(view, "waiting_on_partner") == [waiting]
    assert view.boxes["overdue_terms"].title() == "Verlopen termijnen (1)"
    model = view.models["waiting_on_partner"]
    assert partner.name in model.data(model.index(0, 2))
    model = view.models["overdue_terms"]
    assert model.data(model.index(0, 2)).startswith("Verlopen: Eerste gesprek")
    assert model.data(model.index(0, 1)) == "Bram Overdue"
    assert unnamed_controls(view) == []
    dialog = view.open_case(overdue)
    assert dialog.windowTitle().startswith(f"Casus {overdue}")
    view.release()
    assert all(m.rowCount() == 0 for m in view.models.values())


def test_an_empty_register_says_nothing_needs_attention(qtbot, opened):
    _register, context = opened
    view = TodayView(context, today=today, background=False)
    qtbot.addWidget(view)
    assert view.message.text().startswith("Alles bijgewerkt")
    assert view.empty_labels["overdue_terms"].isVisibleTo(view)


def test_every_card_counts_the_list_it_opens_with_a_fixed_friday(qtbot, opened):
    """Issue 15 item 7: "Termijnen deze week" counts terms due from today to Sunday (not overdue, not next
    Monday's); each card's number is the number of rows in the list the card takes the focus to."""
    register, context = opened
    friday = TODAY + timedelta(days=2)  # Friday 17 April 2026
    add_case(register, "Bram Overdue", days_ago=40)
    this_week = add_case(register, "Cas Vrijdag", days_ago=26)  # first conversation due Friday 17 April
    next_monday = add_case(register, "Dirk Maandag", days_ago=23)  # due Monday 20 April: due soon, next week
    crisis = add_case(register, "Eva Crisis", days_ago=1, crisis=True)  # crisis term: 3 working days
    view = TodayView(context, today=lambda: friday, background=False)
    qtbot.addWidget(view)
    view.show()
    assert view.is_loaded
    assert numbers(view, "terms_this_week") == [this_week, crisis]  # earliest deadline first
    assert next_monday not in numbers(view, "terms_this_week") + numbers(view, "overdue_terms")
    assert view.later_label.isVisibleTo(view) and "1" in view.later_label.text()
    from ketenregie.ui.today.view import CARDS
    for key, attributes, _label, _pixmap in CARDS:
        card = view.cards[key]
        count = int(card.text().split("\n")[0])
        assert count == sum(view.models[a].rowCount() for a in attributes), key
        assert card.accessibleName().endswith(f": {count}")
        card.click()
        table = view.tables[attributes[0]]
        if count:  # the card opened its list: the first row is chosen
            assert [i.row() for i in table.selectionModel().selectedRows()] == [0], key
    assert view.cards["terms"].text() == "2\nTermijnen deze week"
    assert view.cards["overdue"].text().startswith("1\n")


def test_a_lock_right_after_unlock_starts_no_read_and_drops_one_in_flight(qtbot, opened):
    """The first read starts once the unlock has run its course (issue 15 item 13). A lock before that starts no
    read; a lock while the read runs drops its outcome: a released view never gets the cases back."""
    from PySide6.QtWidgets import QApplication

    register, context = opened
    add_case(register, "Bram Overdue", days_ago=40)
    before = TodayView(context, today=today)
    qtbot.addWidget(before)
    before.release()  # locked before the event loop ran
    QApplication.processEvents()
    assert not before._loader._loading and not before.is_loaded  # noqa: SLF001 - no read was started

    during = TodayView(context, today=today)
    qtbot.addWidget(during)
    during.reload()  # the read starts (off the UI thread) ...
    assert during._loader._loading  # noqa: SLF001
    during.release()  # ... and the lock comes before its outcome
    qtbot.waitUntil(lambda: not during._loader._loading, timeout=10_000)  # noqa: SLF001 - and has finished
    QApplication.processEvents()
    assert not during.is_loaded and during.overview is None
    assert all(model.rowCount() == 0 for model in during.models.values())
