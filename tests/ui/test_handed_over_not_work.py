"""Issue 14 follow-up: a case handed over to a colleague ("Overgedragen aan … op …") is the colleague's work now.
Its overdue and due-soon Wgs terms and its actions are not work to do here: not in Vandaag's lists, cards or the
navigation count, not as "Verlopen" in the caseload's term column ("overgedragen" instead), not offered for a new
letter or conversation. A cover copy (vervanging) IS work to do for the covering colleague and stays everywhere.

One real register in tmp_path with the same six situations twice: one set handed over, one set a cover copy."""
from __future__ import annotations

from datetime import timedelta

import pytest

from ketenregie.domain.caseload import CaseloadFilter, today_overview
from ketenregie.domain.terms import TermStatus
from ketenregie.store.conversation_repository import ConversationRepository
from ketenregie.store.meeting_repository import MeetingRepository
from ketenregie.store.referral_repository import ReferralRepository
from ketenregie.store.team_repository import TeamRepository
from ketenregie.ui.caseload.data import calendar_for, load_case_row
from ketenregie.ui.caseload.model import CASE_NUMBER_ROLE, Column
from ketenregie.ui.caseload.view import CaseloadView
from ketenregie.ui.conversations.view import ConversationsView
from ketenregie.ui.letters.view import LettersView
from ketenregie.ui.today.view import TodayView
from case_helpers import (TODAY, add_case, lead, open_with_context, own_action, partner_action, partners,
                          repository, today)

# Vandaag list -> how a case lands in it (add_case keyword arguments, given the partner id)
SITUATIONS = {
    "overdue_terms": lambda p: {"days_ago": 40},  # 4 weeks passed without a first conversation
    "due_soon_terms": lambda p: {"days_ago": 25},  # deadline within 5 working days
    "actions_due": lambda p: {"actions": [own_action("Terugbellen", TODAY)]},
    "actions_this_week": lambda p: {"actions": [own_action("Brief sturen", TODAY + timedelta(days=2))]},
    "crisis_cases": lambda p: {"days_ago": 1, "crisis": True},
    "waiting_on_partner": lambda p: {"actions": [partner_action("Intake PLANgroep", p)], "partners_": [lead(p)]},
}


@pytest.fixture
def opened(existing_register, settings):
    """{"handed": {list key: case number}, "cover": {...}}: the handed-over set marked "Overgedragen aan Bram
    Jansen", the other set cover copies of a colleague's cases (both through the team repository)."""
    register, context = open_with_context(existing_register, settings)
    partner_id = partners(register)[0].id
    made = {}
    for group, name in (("handed", "Hanna"), ("cover", "Coby")):
        made[group] = {key: add_case(register, f"{name} {key.split('_')[0].title()}", **how(partner_id))
                       for key, how in SITUATIONS.items()}
    ids = {group: [register.db.query_one("SELECT id FROM cases WHERE case_number = ?", (n,))[0]
                   for n in numbers.values()] for group, numbers in made.items()}
    team = TeamRepository(register.db)
    assert team.mark_handed_over(ids["handed"], "Bram Jansen", (TODAY - timedelta(days=1)).isoformat()) == 6
    team.add_cover_copies(ids["cover"], "cover-bundle-1", "AB12 CD34", (TODAY + timedelta(days=14)).isoformat())
    yield register, context, made
    register.close("quit")


def _view_numbers(view, key) -> list[str]:
    model = view.models[key]
    return [model.data(model.index(r, 0)) for r in range(model.rowCount())]


def test_the_caseload_query_gives_handed_over_cases_no_work_and_vandaag_skips_them(opened):
    register, context, made = opened
    rows = repository(register).list_caseload(today=TODAY, calendar=calendar_for(context.policy))
    by_number = {r.case_number: r for r in rows}
    for number in made["handed"].values():
        row = by_number[number]
        assert row.handed_over
        assert (row.term_status, row.term_deadline, row.my_action_due, row.waiting_on_partner) == \
            (None, None, None, False)
    for number in made["cover"].values():
        assert not by_number[number].handed_over
    overview = today_overview(rows, TODAY)
    handed = set(made["handed"].values())
    for key, number in made["cover"].items():
        listed = {r.case_number for r in getattr(overview, key)}
        assert number in listed, key
        assert not listed & handed, key
    # the caseload's "Verlopen of bijna verlopen" filter agrees
    urgent = CaseloadFilter(term_statuses=frozenset({TermStatus.OVERDUE, TermStatus.DUE_SOON})).matcher(TODAY)
    assert not {r.case_number for r in rows if urgent(r)} & handed
    assert made["cover"]["overdue_terms"] in {r.case_number for r in rows if urgent(r)}
    # one case's row after a save (the search path) says the same
    row = load_case_row(register, context.policy, TODAY, made["handed"]["overdue_terms"])
    assert row.handed_over and row.term_status is None


def test_vandaag_counts_lists_and_navigation_count_leave_handed_over_cases_out(qtbot, opened):
    _register, context, made = opened
    view = TodayView(context, today=today, background=False)
    qtbot.addWidget(view)
    handed = set(made["handed"].values())
    for key, number in made["cover"].items():
        if key == "due_soon_terms":  # Vandaag lists this week's terms; a later due-soon term is counted apart
            shown = _view_numbers(view, "terms_this_week") + [
                r.case_number for r in view.overview.terms_due_soon_later]
        else:
            shown = _view_numbers(view, key)
        assert number in shown and not set(shown) & handed, key
    assert view.cards["overdue"].text().split("\n")[0] == "1"
    assert view.boxes["overdue_terms"].title() == "Verlopen termijnen (1)"
    assert view.boxes["actions_due"].title() == "Mijn acties voor vandaag (1)"
    assert view.cards["waiting"].text().split("\n")[0] == "1"
    with qtbot.waitSignal(view.navCountChanged) as emitted:
        view.reload()
    listed = set().union(*(_view_numbers(view, key) for key in view.models))
    assert not listed & handed
    # the navigation count is the number of distinct cases in Vandaag's lists: every cover copy listed there (a term
    # due soon but after this Sunday is counted apart, not in a list), none of the handed-over cases
    cover_cases = len(set(made["cover"].values()) & listed)
    assert cover_cases >= len(made["cover"]) - 1
    assert emitted.args == [cover_cases] and view.attention_count == cover_cases


def _loaded_caseload(qtbot, context):
    """Caseload with its rows read: (view, model, case number -> row)."""
    view = CaseloadView(context, today=today)
    qtbot.addWidget(view)
    qtbot.waitUntil(lambda: view.is_loaded, timeout=10_000)
    model = view.model
    return view, model, {model.data(model.index(r, 0), CASE_NUMBER_ROLE): r for r in range(model.rowCount())}


def test_the_caseload_term_column_says_overgedragen_without_warning(qtbot, opened):
    _register, context, made = opened
    view, model, rows = _loaded_caseload(qtbot, context)

    def term(number):
        index = model.index(rows[number], Column.TERM)
        return model.data(index), model.data(index, 1)  # DisplayRole, DecorationRole

    for number in made["handed"].values():
        text, icon = term(number)
        assert text == "overgedragen" and icon is None, number
    text, icon = term(made["cover"]["overdue_terms"])
    assert "Verlopen" in text and icon is not None
    view.release()


def test_choice_lists_for_a_new_letter_or_conversation_do_not_offer_handed_over_cases(qtbot, opened):
    register, context, made = opened
    handed, cover = set(made["handed"].values()), set(made["cover"].values())
    letters_store = {r[1] for r in ReferralRepository(register.db, register.audit).case_choices()}
    conversations_store = {r[0] for r in ConversationRepository(register.db, register.audit).case_choices()}
    meetings_store = {c.case_number for c in MeetingRepository(register.db, register.audit).candidates()}
    for offered in (letters_store, conversations_store, meetings_store):
        assert not offered & handed and cover <= offered
    letters = LettersView(context)
    qtbot.addWidget(letters)
    assert all(letters.case_model.row_of(n) < 0 for n in handed)
    assert all(letters.case_model.row_of(n) >= 0 for n in cover)
    conversations = ConversationsView(context)
    qtbot.addWidget(conversations)
    listed = {conversations.model.data(conversations.model.index(r, 0)) for r in
              range(conversations.model.rowCount())}
    assert not listed & handed and cover <= listed
    letters.release()
    conversations.release()


def test_the_caseload_next_action_column_says_overgedragen_for_a_handed_over_case(qtbot, opened):
    """A handed-over case's next action is the colleague's work now: "overgedragen", no owner tooltip, sorted with
    the cases without an action; a cover copy keeps showing its next action."""
    _register, context, made = opened
    view, model, rows = _loaded_caseload(qtbot, context)

    def action(number):
        index = model.index(rows[number], Column.NEXT_ACTION)
        return model.data(index), model.data(index, 3)  # DisplayRole, ToolTipRole

    for key in ("actions_due", "actions_this_week", "waiting_on_partner"):
        text, tip = action(made["handed"][key])
        assert (text, tip) == ("overgedragen", None), key
        text, _tip = action(made["cover"][key])
        assert text not in ("", "overgedragen") and text.endswith(
            {"actions_due": "Terugbellen", "actions_this_week": "Brief sturen",
             "waiting_on_partner": "Intake PLANgroep"}[key]), key
    # sorted on the column, a handed-over case comes after every case with an action to do
    model.sort(Column.NEXT_ACTION, 0)
    order = [model.data(model.index(r, Column.NEXT_ACTION)) for r in range(model.rowCount())]
    first_handed = order.index("overgedragen")
    assert all(not text or text == "overgedragen" for text in order[first_handed:])
    view.release()
