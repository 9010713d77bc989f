"""Monitor view and the case dialog's Monitor tab on a real register: figures computed off the UI thread, charts
with text alternatives, the coordinator's drill-down hidden in presentatiemodus, an Excel export from the view,
and a case saved with its monitor facts in one transaction with the implied dates filled in."""
from __future__ import annotations

from dataclasses import replace
from datetime import date

import pytest
from openpyxl import load_workbook

from ketenregie.domain.cases import Closing, ClosingReason, Phase
from ketenregie.domain.monitor.trajectory import OutflowReason, SolutionKind
from ketenregie.services.monitor import MonitorService
from ketenregie.ui.accessibility import unnamed_controls
from ketenregie.ui.cases.dialog import CaseDialog
from ketenregie.ui.monitor.charts import ChartWidget
from ketenregie.ui.monitor.view import MonitorView

from case_helpers import TODAY, add_case, audit_count, open_with_context, repository, today


@pytest.fixture
def opened(existing_register, settings):
    register, context = open_with_context(existing_register, settings)
    yield register, context
    register.close("quit")


def test_the_view_computes_last_quarter_off_the_ui_thread_and_exports(qtbot, opened, tmp_path):
    register, context = opened
    # six cases whose first-conversation term (4 weeks) ran out in Q1 without a conversation
    numbers = [add_case(register, f"Kanarie {i}", days_ago=100 + i) for i in range(6)]
    view = MonitorView(context, today=today)
    qtbot.addWidget(view)
    view.show()
    assert unnamed_controls(view) == []
    assert view.period().start == date(2026, 1, 1)  # last complete quarter before 15 Apr 2026
    view.compute()
    qtbot.waitUntil(lambda: view.report is not None, timeout=20_000)
    charts = view.findChildren(ChartWidget)
    assert len(charts) == 4 and all(c.accessibleDescription() for c in charts)
    terms = view.report.tables[[t.key for t in view.report.tables].index("terms")]
    assert [c.count for c in terms.groups[0].cells] == [0, 6]
    assert sorted(view.drill_list.item(i).text().split(": ")[1] for i in range(view.drill_list.count())) == \
        sorted(numbers)
    assert view.drill_box.isVisibleTo(view)
    view.privacy.set_enabled(True)
    assert not view.drill_box.isVisibleTo(view)
    out = tmp_path / "m.xlsx"
    view.export_to("xlsx", out)
    qtbot.waitUntil(lambda: out.exists(), timeout=20_000)
    assert "Wettelijke termijnen gehaald" in load_workbook(out).sheetnames
    view.release()
    assert view.report is None and view.drill_list.count() == 0


def test_a_phase_change_saves_the_monitor_facts_with_the_case_in_one_audit_entry(qtbot, opened):
    register, context = opened
    number = add_case(register, "Ilse Kanarie")
    repo = repository(register)
    case = repo.get(number, audit=False)
    repo.update(replace(case, phase=Phase.INTAKE, first_conversation_date=TODAY))
    repo.update(replace(repo.get(number, audit=False), phase=Phase.ACTION_PLAN))
    dialog = CaseDialog(context, number, today=today)
    qtbot.addWidget(dialog)
    tab = dialog.monitor_tab
    tab.solutions.add_row(SolutionKind.PAYMENT_ARRANGEMENT, (TODAY,))
    dialog.phase_combo.setCurrentIndex(dialog.phase_combo.findData(Phase.WITH_PARTNER))
    before = audit_count(register)
    assert dialog.save()
    assert audit_count(register) == before + 1
    stored = MonitorService(register, clock=today).trajectory(number)
    assert stored.action_plan_date == TODAY  # implied by leaving the plan phase, shown in the tab
    assert tab.dates["action_plan_date"].text() == "15-04-2026"
    assert [s.kind for s in stored.solutions] == [SolutionKind.PAYMENT_ARRANGEMENT]
    # a date that is no date: nothing saved, Dutch message
    tab.dates["aftercare_start"].setText("31-02-2026")
    before = audit_count(register)
    assert not dialog.save()
    assert audit_count(register) == before
    assert repo.get(number, audit=False).phase == Phase.WITH_PARTNER


def test_survey_totals_are_recorded_as_totals_only_and_show_in_the_report(qtbot, opened):
    from ketenregie.domain.monitor.period import year
    from ketenregie.ui.monitor.survey_dialog import SurveyDialog

    register, context = opened
    service = MonitorService(register, clock=today)
    dialog = SurveyDialog(service, today=today)
    qtbot.addWidget(dialog)
    assert unnamed_controls(dialog) == []
    dialog.spins[("listened", 4)].setValue(12)
    dialog.spins[("listened", 5)].setValue(20)
    dialog.spins[("listened", 2)].setValue(3)
    before = audit_count(register)
    assert dialog.save()
    assert audit_count(register) == before + 1
    assert service.survey_totals(2026) == {"listened": {2: 3, 4: 12, 5: 20}}
    survey = next(t for t in service.report(year(2026)).tables if t.key == "survey")
    assert [c.count for c in survey.groups[0].cells] == [0, 3, 0, 12, 20]
    assert survey.groups[0].cells[1].hidden == "small"


def test_the_monitor_tab_opens_once_a_new_case_is_saved(qtbot, opened):
    from ketenregie.domain.cases import IntakeRoute

    register, context = opened
    dialog = CaseDialog(context, None, today=today)
    qtbot.addWidget(dialog)
    assert not dialog.monitor_tab.isEnabled()  # nothing typed there can be lost
    dialog.name_edit.setText("Fenna Kanarie")
    dialog.route_combo.setCurrentIndex(dialog.route_combo.findData(IntakeRoute.SELF))
    dialog.request_date_edit.setText("13-04-2026")
    assert dialog.save()
    assert dialog.monitor_tab.isEnabled()


def test_opening_the_view_shows_last_quarters_figures_without_a_click(qtbot, opened):
    register, context = opened
    view = MonitorView(context, today=today)
    qtbot.addWidget(view)
    assert view.report is None
    view.show()
    qtbot.waitUntil(lambda: view.report is not None, timeout=20_000)
    assert view.report.period.start == date(2026, 1, 1)


def test_the_export_row_wraps_instead_of_widening_the_window(qtbot, opened):
    """Issue 15 items 1 and 11: the row of seven export and print buttons wraps on a narrow window (at 150 % it
    was wider than 1280 logical pixels once "Rapport afdrukken…" was added)."""
    _register, context = opened
    view = MonitorView(context, today=today)
    qtbot.addWidget(view)
    view.show()
    buttons = (view.pdf_button, view.print_button, view.xlsx_button, view.csv_button, view.shv_button,
               view.survey_button, view.survey_totals_button)
    row = sum(b.sizeHint().width() for b in buttons)
    assert view.minimumSizeHint().width() < row
    view.resize(max(b.sizeHint().width() for b in buttons) * 2 + 40, 700)
    qtbot.waitUntil(lambda: view.print_button.y() > view.pdf_button.y() or view.survey_button.y() > view.pdf_button.y())
