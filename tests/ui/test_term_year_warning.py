"""Issue 11, item 8: a term that runs through a year without known equated days (2029 in the shipped data) gets
the warning wherever the term appears — case dialog, caseload row, Vandaag and the meeting summary — and a term
in a covered year does not. Real register, real widgets walked for text and model data."""
from __future__ import annotations

from datetime import date, timedelta

import pytest
from PySide6.QtCore import Qt

from ketenregie.calendar_source import load_calendar
from ketenregie.domain.cases import Case, Household, IntakeRoute
from ketenregie.domain.terms import TERM_UNSURE_NL
from ketenregie.store.case_repository import CaseRepository
from ketenregie.store.meeting_repository import MeetingRepository
from ketenregie.ui.cases.dialog import CaseDialog
from ketenregie.ui.caseload.model import Column
from ketenregie.ui.caseload.view import CaseloadView
from ketenregie.ui.today.view import TodayView
from case_helpers import open_with_context

TODAY = date(2028, 12, 27)  # a Wednesday; four weeks on is January 2029


def today() -> date:
    return TODAY


@pytest.fixture
def opened(existing_register, settings):
    register, context = open_with_context(existing_register, settings)
    assert 2028 in load_calendar().covered_years and 2029 not in load_calendar().covered_years
    yield register, context
    register.close("quit")


def _cases(register):
    repo = CaseRepository(register.db, register.audit, clock=today)
    unsure = repo.create(Case(Household("Bram Onzeker"), IntakeRoute.SELF, TODAY - timedelta(days=23)))  # due early 2029
    sure = repo.create(Case(Household("Cas Zeker"), IntakeRoute.SELF, date(2028, 6, 1)))
    return unsure, sure


def _term_text(model, number):
    for r in range(model.rowCount()):
        if model.row_at(r).case_number == number:
            index = model.index(r, Column.TERM)
            return model.data(index), model.data(index, Qt.ItemDataRole.ToolTipRole)
    raise AssertionError(number)


def test_the_warning_appears_wherever_the_term_appears(qtbot, opened):
    register, context = opened
    unsure, sure = _cases(register)

    dialog = CaseDialog(context, unsure, today=today)
    qtbot.addWidget(dialog)
    assert "2029" in dialog.terms_label.text() and "gelijkgestelde dagen" in dialog.terms_label.text()
    other = CaseDialog(context, sure, today=today)
    qtbot.addWidget(other)
    assert "gelijkgestelde dagen" not in other.terms_label.text()

    caseload = CaseloadView(context, today=today, background=False)
    qtbot.addWidget(caseload)
    text, tip = _term_text(caseload.model, unsure)
    assert TERM_UNSURE_NL in text and TERM_UNSURE_NL in tip
    text, _tip = _term_text(caseload.model, sure)
    assert TERM_UNSURE_NL not in text

    # Vandaag lists the terms due this week (issue 15 item 7); on New Year's Day 2029 the unsure term is one of them
    view = TodayView(context, today=lambda: date(2029, 1, 1), background=False)
    qtbot.addWidget(view)
    shown = []
    for model in view.models.values():
        for r in range(model.rowCount()):
            shown.append((model.data(model.index(r, 0)), model.data(model.index(r, 2))))
    unsure_rows = [t for n, t in shown if n == unsure]
    assert unsure_rows and all(TERM_UNSURE_NL in t for t in unsure_rows)
    assert not any(TERM_UNSURE_NL in t for n, t in shown if n == sure)

    meetings = MeetingRepository(register.db, register.audit, clock=today, calendar=load_calendar())
    case_id = CaseRepository(register.db, register.audit).get(unsure, audit=False).id
    assert TERM_UNSURE_NL in meetings.generate_summary(case_id, TODAY)
    sure_id = CaseRepository(register.db, register.audit).get(sure, audit=False).id
    assert TERM_UNSURE_NL not in meetings.generate_summary(sure_id, TODAY)
