"""The caseload view on a real register with demo cases: loading off the UI thread, search, filters, sorting,
saved views, counts per phase, "voor overleg", accessible names, and release on lock."""
from __future__ import annotations

import pytest
from PySide6.QtCore import Qt

from ketenregie.domain.caseload import DEFAULT_FILTER, CaseloadFilter, filter_rows
from ketenregie.domain.cases import CrisisKind, IntakeRoute, Phase
from ketenregie.domain.terms import TermStatus
from ketenregie.store.meeting_repository import MeetingRepository
from ketenregie.ui.accessibility import unnamed_controls
from ketenregie.ui.caseload.model import CASE_NUMBER_ROLE, Column
from ketenregie.ui.caseload.view import CaseloadView
from case_helpers import TODAY, add_demo, audit_count, open_with_context, repository, today


@pytest.fixture
def opened(existing_register, settings):
    register, context = open_with_context(existing_register, settings)
    add_demo(register, 300)
    yield register, context
    register.close("quit")


@pytest.fixture
def view(qtbot, opened):
    _register, context = opened
    widget = CaseloadView(context, today=today)
    qtbot.addWidget(widget)
    qtbot.waitUntil(lambda: widget.is_loaded, timeout=10_000)  # read on a worker thread
    yield widget
    widget.release()


def shown_numbers(view) -> list[str]:
    model = view.model
    return [model.data(model.index(r, 0), CASE_NUMBER_ROLE) for r in range(model.rowCount())]


def expected(view, flt: CaseloadFilter) -> set[str]:
    rows = view.model.all_rows()
    return {rows[i].case_number for i in filter_rows(rows, flt, TODAY)}


def test_loads_every_open_case_with_counts_per_phase(view, opened):
    register, _ = opened
    counts = repository(register).count_by_phase()
    assert view.model.total_count() == 300
    assert set(shown_numbers(view)) == expected(view, DEFAULT_FILTER)
    assert view.model.rowCount() == sum(n for p, n in counts.items() if p != Phase.CLOSED)
    for phase, button in view.phase_buttons.items():
        assert button.text() == f"{phase.label_nl} ({counts[phase]})"
    assert view.count_label.text().endswith("van 300 casussen")


def test_columns_show_term_as_icon_and_text(view):
    model = view.model
    headers = [model.headerData(c, Qt.Orientation.Horizontal) for c in range(model.columnCount())]
    assert headers == ["Casusnummer", "Naam", "Fase", "Aanmeldroute", "Volgende actie", "Termijn",
                       "Leidende partner"]
    for r in range(model.rowCount()):
        row = model.row_at(r)
        if row.term_status is not None:
            index = model.index(r, Column.TERM)
            assert row.term_status.label_nl in model.data(index)  # issue 15: "uiterlijk <date>" comes first
            assert model.data(index, Qt.ItemDataRole.DecorationRole) is not None
            assert model.data(index, Qt.ItemDataRole.AccessibleTextRole) == model.data(index)
            break
    else:
        pytest.fail("no open case with a term")


def test_search_on_case_number_and_name(view):
    first = view.model.row_at(0)
    view.search_edit.setText(first.case_number)
    assert shown_numbers(view) == [first.case_number]
    view.search_edit.setText(first.case_number[:6])  # "2026-0" style prefix
    assert first.case_number in shown_numbers(view)
    surname = first.name.split()[-1]
    view.search_edit.setText(surname.lower())
    numbers = shown_numbers(view)
    assert first.case_number in numbers or first.phase == Phase.CLOSED
    assert set(numbers) == expected(view, CaseloadFilter(text=surname.lower(), phases=DEFAULT_FILTER.phases))
    view.search_edit.clear()
    assert set(shown_numbers(view)) == expected(view, DEFAULT_FILTER)


def test_filters_combine(view, opened):
    view.phase_combo.setCurrentIndex(1)  # all phases
    assert view.model.rowCount() == 300
    view.phase_combo.set_value({Phase.INTAKE})
    view._apply_filter()
    assert {view.model.row_at(r).phase for r in range(view.model.rowCount())} <= {Phase.INTAKE}
    view.phase_combo.setCurrentIndex(0)
    view.crisis_check.setChecked(True)
    assert view.model.rowCount() > 0
    assert all(view.model.row_at(r).crisis_kind is not None for r in range(view.model.rowCount()))
    view.crisis_check.setChecked(False)
    view.term_combo.setCurrentIndex(1)  # overdue or due soon
    statuses = {view.model.row_at(r).term_status for r in range(view.model.rowCount())}
    assert statuses <= {TermStatus.OVERDUE, TermStatus.DUE_SOON} and statuses
    view.term_combo.setCurrentIndex(0)
    view.route_combo.set_value({IntakeRoute.EARLY_SIGNALLING})
    view.mine_check.setChecked(True)
    flt = view.current_filter()
    assert flt.intake_routes == {IntakeRoute.EARLY_SIGNALLING} and flt.my_actions_this_week
    assert set(shown_numbers(view)) == expected(view, flt)
    partner = view.partners[0]
    view.clear_filters()
    view.partner_combo.setCurrentIndex(1)
    assert view.current_filter().partner_ids == {partner.id}
    assert set(shown_numbers(view)) == expected(view, view.current_filter())
    view.waiting_check.setChecked(True)
    assert all(view.model.row_at(r).waiting_on_partner for r in range(view.model.rowCount()))
    view.clear_filters()
    assert view.current_filter() == DEFAULT_FILTER


def test_phase_count_button_filters_that_phase(view):
    view.phase_buttons[Phase.AFTERCARE].click()
    assert {view.model.row_at(r).phase for r in range(view.model.rowCount())} == {Phase.AFTERCARE}


def test_sorting_by_case_number_and_urgency(view):
    view.phase_combo.setCurrentIndex(1)
    view.table.sortByColumn(Column.NUMBER, Qt.SortOrder.DescendingOrder)
    numbers = shown_numbers(view)
    assert numbers == sorted(numbers, reverse=True)
    view.table.sortByColumn(Column.TERM, Qt.SortOrder.AscendingOrder)
    first = view.model.row_at(0)
    assert first.term_status == TermStatus.OVERDUE  # the demo data has overdue terms: most urgent first


def test_saved_views_keep_filters_and_sort_but_not_the_search_text(view, opened, messages):
    register, _ = opened
    view.crisis_check.setChecked(True)
    view.table.sortByColumn(Column.NUMBER, Qt.SortOrder.DescendingOrder)
    view.search_edit.setText("de")
    assert view.save_current_view("Crisis eerst")
    stored = repository(register).list_views()
    assert [v.name for v in stored] == ["Crisis eerst"]
    assert stored[0].filter.crisis_only and stored[0].filter.text == ""
    assert stored[0].sort_column == "case_number" and stored[0].sort_descending
    view.clear_filters()
    view.search_edit.clear()
    view.table.sortByColumn(Column.TERM, Qt.SortOrder.AscendingOrder)
    view.view_combo.setCurrentIndex(1)
    view._view_chosen(1)
    assert view.crisis_check.isChecked()
    assert view.model.sort_column == Column.NUMBER
    assert not view.save_current_view("")  # Dutch message, nothing saved
    assert view.message.text().startswith("Geef de weergave een naam")
    messages.answers.append(True)
    view.delete_current_view()
    assert repository(register).list_views() == []


def test_voor_overleg_marks_the_case(view, opened, qtbot):
    register, _ = opened
    view.select_case(view.model.row_at(0).case_number)
    number = view.selected_case_number()
    before = audit_count(register)
    dialog = view.mark_selected_for_meeting()
    dialog.question_edit.setText("Wie neemt de regie over de huurachterstand?")
    dialog.accept()
    case_id = repository(register).get(number, audit=False).id
    assert case_id in MeetingRepository(register.db, register.audit).marked_case_ids()
    assert audit_count(register) == before + 1
    assert number in view.message.text()


def test_voor_overleg_question_warns_about_a_bsn(view):
    view.select_case(view.model.row_at(0).case_number)
    dialog = view.mark_selected_for_meeting()
    dialog.question_edit.setText("BSN 111222333 klopt niet")
    assert "BSN" in dialog.warning.text()
    dialog.reject()


def test_every_control_has_an_accessible_name(view):
    assert unnamed_controls(view) == []


def test_release_drops_every_row(view):
    assert view.model.rowCount() > 0
    view.release()
    assert view.model.rowCount() == 0 and view.model.all_rows() == []


def test_opening_another_case_asks_before_unsaved_input_in_the_open_one_is_lost(qtbot, view, opened, messages):
    register, _context = opened
    first, second = shown_numbers(view)[:2]
    dialog = view.open_case(first)
    original = dialog.name_edit.text()
    dialog.name_edit.setText(original + " (gewijzigd)")
    dialog.name_edit.textEdited.emit(dialog.name_edit.text())
    messages.answers.append(False)  # "Wilt u ze weggooien?" — no
    assert view.open_case(second) is dialog
    assert messages.messages[-1].kind == "question"
    assert dialog.isVisible() and dialog.name_edit.text() == original + " (gewijzigd)"
    messages.answers.append(False)
    assert view.new_case() is dialog  # Nieuwe hulpvraag asks the same
    messages.answers.append(True)  # now: throw the change away
    other = view.open_case(second)
    assert other is not dialog and other.isVisible() and not dialog.isVisible()
    assert repository(register).get(first, audit=False).household.name == original  # nothing was saved
    asked = sum(m.kind == "question" for m in messages.messages)
    third = view.open_case(first)  # nothing typed in the open one: no question
    assert third.isVisible() and sum(m.kind == "question" for m in messages.messages) == asked
