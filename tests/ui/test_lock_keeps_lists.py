"""Issue 15 item 6, the gaps of the first round: "the lock always wins, and it never drops input" also for what
the case dialog holds beyond its fields — the Monitor tab's lists, partners added or removed, the status of saved
and new actions, and a correction (AVG art. 16) being typed over the dialog — and for "Casussen kiezen" in the
planning dialog (the ticks and the search text). Real main window, real lock manager (Ctrl+L), real register in
tmp_path: type/tick -> lock -> unlock -> the value is back; save -> the draft is gone and the register holds it."""
from __future__ import annotations

from datetime import date, datetime, timedelta

from PySide6.QtCore import Qt
from PySide6.QtWidgets import QApplication
from shiboken6 import isValid

from ketenregie.domain.cases import (Action, ActionOwner, ActionStatus, Case, CasePartner, Household, IntakeRoute,
                                     JournalEntry, PartnerRole)
from ketenregie.domain.monitor.trajectory import GuidanceKind, SolutionKind
from ketenregie.services.monitor import MonitorService
from ketenregie.store.case_repository import CaseRepository
from ketenregie.store.form_draft_repository import FormDraftRepository
from ketenregie.store.partner_repository import PartnerRepository
from ui_helpers import unlock

DAY1, DAY2, DAY3 = (date.today() - timedelta(days=n) for n in (3, 2, 1))  # after the help request
CORRECTED = "Belde op 3 november; afspraak bij de Kredietbank op dinsdag"


def _register(gui):
    return gui.lock_manager.register


def _drafts(gui) -> FormDraftRepository:
    register = _register(gui)
    return FormDraftRepository(register.db, register.audit)


def _cases(gui) -> CaseRepository:
    register = _register(gui)
    return CaseRepository(register.db, register.audit)


def _lock_and_unlock(qtbot, gui) -> None:
    gui.main_window.lock_action.trigger()  # Ctrl+L
    assert gui.lock_manager.is_locked
    QApplication.processEvents()
    unlock(qtbot, gui)


def _open_case(qtbot, window, number: str):
    window.show_view("caseload")
    view = window.view("caseload")
    qtbot.waitUntil(lambda: view.is_loaded, timeout=10_000)
    view.reload()
    qtbot.waitUntil(lambda: view.model.row_of_case(number) >= 0, timeout=10_000)
    return view.open_case(number)


def _case_with_actions_and_a_partner(gui) -> tuple[str, list]:
    partners = PartnerRepository(_register(gui).db).list_partners()
    case = Case(Household("Petra Partnerwissel"), IntakeRoute.SELF, date.today() - timedelta(days=5),
                help_request="Overzicht", actions=(Action("Bel de verhuurder", ActionOwner.SELF),
                                                   Action("Stuur het budgetplan", ActionOwner.SELF)),
                partners=(CasePartner(partners[0].id, PartnerRole.DEBT_SETTLEMENT, True),),
                journal=(JournalEntry(date.today() - timedelta(days=2), "Eerste gesprek gehad"),))
    return _cases(gui).create(case), partners


def test_monitor_lists_partners_and_action_statuses_come_back_and_save(qtbot, unlocked_gui):
    gui = unlocked_gui
    window = gui.main_window
    number, partners = _case_with_actions_and_a_partner(gui)
    dialog = _open_case(qtbot, window, number)
    # Monitor tab: a solution with its kind and start, guidance, a moratorium row half typed
    tab = dialog.monitor_tab
    tab.solutions.add_row()
    tab.solutions.cellWidget(0, 0).setCurrentIndex(tab.solutions.cellWidget(0, 0).findData(
        SolutionKind.REFINANCING.value))
    tab.solutions.item(0, 1).setText(DAY1.strftime("%d-%m-%Y"))
    tab.guidance.add_row()
    tab.guidance.cellWidget(0, 0).setCurrentIndex(tab.guidance.cellWidget(0, 0).findData(
        GuidanceKind.BUDGET_MANAGEMENT.value))
    tab.guidance.item(0, 1).setText(DAY2.strftime("%d-%m-%Y"))
    tab.moratoria.add_row()
    tab.moratoria.item(0, 0).setText(DAY3.strftime("%d-%m-%Y"))
    # Partners: the leading partner removed, another one added and leading
    dialog.partners_table.selectRow(0)
    dialog.remove_selected_partner()
    dialog.partner_combo.setCurrentIndex(dialog.partner_combo.findData(partners[1].id))
    dialog.role_combo.setCurrentIndex(dialog.role_combo.findData(PartnerRole.ADMINISTRATION))
    dialog.leads_check.setChecked(True)
    assert dialog.add_partner()
    # Actions: a saved action done, another cancelled; a new action added and marked done
    dialog.actions_table.selectRow(0)
    dialog.set_action_status(ActionStatus.DONE)
    dialog.actions_table.selectRow(1)
    dialog.set_action_status(ActionStatus.CANCELLED)
    dialog.action_edit.setText("Aanvraag bijzondere bijstand")
    assert dialog.add_action()
    dialog.actions_table.selectRow(2)
    dialog.set_action_status(ActionStatus.DONE)

    _lock_and_unlock(qtbot, gui)
    back = window.view("caseload").dialog
    assert back is not None and back is not dialog and back.case.case_number == number
    assert back.draft_notice is not None and back.draft_notice.isVisible()
    tab = back.monitor_tab
    assert tab.solutions.rowCount() == 1 and tab.solutions.item(0, 1).text() == DAY1.strftime("%d-%m-%Y")
    assert tab.solutions.cellWidget(0, 0).currentData() == SolutionKind.REFINANCING.value
    assert tab.guidance.cellWidget(0, 0).currentData() == GuidanceKind.BUDGET_MANAGEMENT.value
    assert tab.moratoria.rowCount() == 1 and tab.moratoria.item(0, 0).text() == DAY3.strftime("%d-%m-%Y")
    assert [(p.partner_id, p.role, p.leads) for p in back._case_partners] == [
        (partners[1].id, PartnerRole.ADMINISTRATION, True)]
    assert [(a.description, a.status) for a in back._actions] == [
        ("Bel de verhuurder", ActionStatus.DONE), ("Stuur het budgetplan", ActionStatus.CANCELLED),
        ("Aanvraag bijzondere bijstand", ActionStatus.DONE)]
    assert back.actions_model.index(0, 3).data().startswith("Gedaan")

    assert back.save(), back.errors_label.text()
    assert _drafts(gui).count() == 0
    saved = _cases(gui).get(number, audit=False)
    assert saved.lead_partner_id == partners[1].id and len(saved.partners) == 1
    assert [(a.description, a.status) for a in saved.actions] == [
        ("Bel de verhuurder", ActionStatus.DONE), ("Stuur het budgetplan", ActionStatus.CANCELLED),
        ("Aanvraag bijzondere bijstand", ActionStatus.DONE)]
    trajectory = MonitorService(_register(gui)).trajectory(number)
    assert [(s.kind, s.start) for s in trajectory.solutions] == [(SolutionKind.REFINANCING, DAY1)]
    assert [g.kind for g in trajectory.guidance] == [GuidanceKind.BUDGET_MANAGEMENT]
    assert [m.requested_on for m in trajectory.moratoria] == [DAY3]


def test_a_correction_being_typed_comes_back_over_its_case_dialog(qtbot, unlocked_gui):
    gui = unlocked_gui
    window = gui.main_window
    number, _partners = _case_with_actions_and_a_partner(gui)
    dialog = _open_case(qtbot, window, number)
    row = next(r for r in range(dialog.timeline_model.rowCount())
               if dialog.timeline_model.index(r, 1).data() == "Journaal")
    dialog.timeline_table.selectRow(row)
    dialog.journal_correct_button.click()
    correction = dialog.correction_dialog
    assert correction is not None and correction.isVisible()
    correction.edit.setPlainText(CORRECTED)

    _lock_and_unlock(qtbot, gui)
    assert not isValid(correction) or not correction.isVisible()  # the lock won: closed (and deleted)
    back = window.view("caseload").dialog
    assert back is not None and back.case.case_number == number
    again = back.correction_dialog
    assert again is not None and again is not correction and again.isVisible()
    assert again.edit.toPlainText() == CORRECTED
    assert back.draft_notice is not None and back.draft_notice.isVisible()
    assert _drafts(gui).count() == 1

    again.buttons.accepted.emit()  # "Correctie opslaan"
    assert back.correction_dialog is None
    assert [j.text for j in _cases(gui).get(number, audit=False).journal] == [CORRECTED]
    assert _drafts(gui).count() == 0  # corrected: the draft is gone


def test_a_correction_restored_in_presentatiemodus_waits_until_it_is_switched_off(qtbot, unlocked_gui):
    """The correction dialog shows the real text: with presentatiemodus on at the unlock it is not opened; the
    dialog says a correction is waiting, a lock meanwhile keeps it, and switching presentatiemodus off opens it."""
    gui = unlocked_gui
    window = gui.main_window
    number, _partners = _case_with_actions_and_a_partner(gui)
    dialog = _open_case(qtbot, window, number)
    dialog.actions_table.selectRow(0)
    dialog.action_correct_button.click()
    dialog.correction_dialog.edit.setPlainText("Bel de verhuurder vóór vrijdag")
    window.lock_action.trigger()
    assert gui.lock_manager.is_locked
    window.privacy_mode.set_enabled(True)  # switched on before the unlock (e.g. screen sharing starts)
    unlock(qtbot, gui)
    back = window.view("caseload").dialog
    assert back is not None and back.case.case_number == number
    assert back.correction_dialog is None and "presentatiemodus" in back.status_label.text()
    assert back.capture_form()["correction"][2] == "Bel de verhuurder vóór vrijdag"  # a lock meanwhile keeps it
    window.privacy_mode.set_enabled(False)
    assert back.correction_dialog is not None and back.correction_dialog.isVisible()
    assert back.correction_dialog.edit.toPlainText() == "Bel de verhuurder vóór vrijdag"


# --- Overleg plannen: Casussen kiezen --------------------------------------------------------------------------------

def test_candidate_ticks_and_search_come_back_in_the_planning_dialog(qtbot, unlocked_gui):
    from ketenregie.domain.meetings import CaseMeeting, Participant
    from ketenregie.store.meeting_repository import MeetingRepository

    gui = unlocked_gui
    window = gui.main_window
    register = _register(gui)
    cases = _cases(gui)
    numbers = [cases.create(Case(Household(name), IntakeRoute.SELF, date.today() - timedelta(days=3)))
               for name in ("Kiezen Aap", "Kiezen Beer", "Kiezen Cavia", "Kiezen Das")]
    ids = [cases.get(n, audit=False).id for n in numbers]
    meetings = MeetingRepository(register.db, register.audit)
    meeting_id = meetings.save(meetings.add_cases(
        CaseMeeting(starts_at=datetime.now() + timedelta(days=2), purpose="Casuïstiek", chair="Voorzitter",
                    location="Zaal 2", participants=(Participant("Gemeente"),)), [ids[0]]))
    window.show_view("meetings")
    view = window.view("meetings")
    view.refresh()
    view.select_meeting(meeting_id)
    dialog = view.edit_meeting()
    dialog.tabs.setCurrentIndex(2)
    model = dialog.candidate_model
    for case_id in (ids[1], ids[3]):
        row = next(r for r in range(model.rowCount()) if model.candidate(r).case_id == case_id)
        assert model.setData(model.index(row, 0), Qt.CheckState.Checked.value, Qt.ItemDataRole.CheckStateRole)
    dialog.candidate_search.setText("Kiezen")
    shown = dialog.candidate_proxy.rowCount()

    _lock_and_unlock(qtbot, gui)
    back = window.view("meetings").planning_dialog
    assert back is not None and back is not dialog and back.meeting.id == meeting_id
    assert back.tabs.currentIndex() == 2
    assert sorted(back.candidate_model.checked) == sorted([ids[1], ids[3]])
    assert back.candidate_search.text() == "Kiezen" and back.candidate_proxy.rowCount() == shown
    assert back.draft_notice is not None and back.draft_notice.isVisible()

    back.add_picked_cases()
    with qtbot.waitSignal(back.accepted, timeout=5000):
        back.buttons.button(back.buttons.StandardButton.Save).click()
    register = _register(gui)  # the register opened at the unlock
    saved = MeetingRepository(register.db, register.audit).get(meeting_id, audit=False)
    assert sorted(i.case_id for i in saved.items) == sorted([ids[0], ids[1], ids[3]])
    assert _drafts(gui).count() == 0
