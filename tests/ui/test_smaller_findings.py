"""Issue 15 item 12, the smaller findings: amounts and dates as people write them in Achterstanden, with the
message next to the field it is about."""
from __future__ import annotations

from datetime import date

import pytest

from ketenregie.domain.referral_input import InputInvalid, parse_arrears
from test_letters_ui import _record_basis, case_number, register, view  # noqa: F401  (fixtures)


def test_amounts_and_dates_as_the_placeholder_writes_them_are_accepted():
    items = parse_arrears("Huur woningcorporatie; 1.250 euro; sinds 01-09-2026\n"
                          "Energie; € 1.250,-; vanaf 1-9-2026\n"
                          "Zorgverzekeraar; EUR 300\n"
                          "Belastingen; 2.480,00; 01-11-2025")
    assert [(i.amount_cents, i.since) for i in items] == [
        (125000, date(2026, 9, 1)), (125000, date(2026, 9, 1)), (30000, None), (248000, date(2025, 11, 1))]


def test_a_wrong_line_still_says_which_line_and_which_field():
    with pytest.raises(InputInvalid) as caught:
        parse_arrears("Huur; veel\n")
    assert caught.value.field == "arrears" and "regel 1" in caught.value.problems[0]


def test_the_message_shows_next_to_its_field(qtbot, view, case_number):  # noqa: F811
    view.select_case(case_number)
    view.select_partner("kwadraad")
    view.sender_name.setText("M. de Boer")
    _record_basis(qtbot, view)
    view.arrears_edit.setPlainText("Huur; 1.250 euro; sinds 01-09-2025")
    assert not view.field_errors["arrears"].isVisibleTo(view)
    view.arrears_edit.setPlainText("Huur; veel geld")
    label = view.field_errors["arrears"]
    assert label.isVisibleTo(view) and "regel 1" in label.text()
    assert "ongeldig" in view.arrears_edit.accessibleName()
    assert not view.field_errors["agreements"].isVisibleTo(view)
    view.arrears_edit.setPlainText("Huur; 1.250,00")
    assert not label.isVisibleTo(view) and "ongeldig" not in view.arrears_edit.accessibleName()


def _conversation_mode(qtbot, unlocked_gui):
    from ketenregie.domain.cases import Case, Household, IntakeRoute
    from ketenregie.store.case_repository import CaseRepository
    register = unlocked_gui.lock_manager.register
    number = CaseRepository(register.db, register.audit).create(Case(
        household=Household(name="Zwanhilde Kanarievogel"), intake_route=IntakeRoute.SELF,
        help_request_date=date.today()))
    unlocked_gui.main_window.show_view("conversations")
    view = unlocked_gui.main_window.view("conversations")
    view.select_case(number)
    view.new_button.click()
    return view.mode


def test_the_step_bar_is_clickable(qtbot, unlocked_gui):
    from ketenregie.domain.conversations import Stage
    mode = _conversation_mode(qtbot, unlocked_gui)
    assert mode.stage == Stage.KIND and mode.stage_buttons[Stage.KIND].isChecked()
    mode.stage_buttons[Stage.GOALS].click()
    assert mode.stage == Stage.GOALS
    assert mode.stage_buttons[Stage.GOALS].isChecked() and not mode.stage_buttons[Stage.KIND].isChecked()
    assert all(b.focusPolicy() != 0 for b in mode.stage_buttons.values())  # reachable by Tab


def test_each_missing_item_jumps_to_its_step(qtbot, unlocked_gui):
    from ketenregie.domain.conversations import Stage
    mode = _conversation_mode(qtbot, unlocked_gui)
    mode.stage_buttons[Stage.FINISH].click()
    status = mode.pages[Stage.FINISH].status_label
    text = status.text()
    assert "Nog nodig" in text and "href='stage:goals'" in text and "href='stage:kind'" in text
    status.linkActivated.emit("stage:goals")
    assert mode.stage == Stage.GOALS
    mode.stage_buttons[Stage.FINISH].click()
    status.linkActivated.emit("stage:kind")
    assert mode.stage == Stage.KIND


def test_the_printed_recovery_code_never_breaks_inside_a_group():
    from io import BytesIO

    from pypdf import PdfReader

    from ketenregie.documents.recovery_sheet import render_recovery_sheet
    from ketenregie.domain import recovery_code as recovery_codes
    code = recovery_codes.generate()
    groups = recovery_codes.format_code(code).split("-")
    text = PdfReader(BytesIO(render_recovery_sheet(code, "register.ketenregie", date(2026, 4, 1)))).pages[0]\
        .extract_text()
    lines = [line.split() for line in text.splitlines()]
    code_lines = [line for line in lines if line and all(len(w) == 5 and w.isalnum() and w.isupper() or w.isdigit()
                                                         for w in line) and set(line) <= set(groups)]
    assert [g for line in code_lines for g in line] == groups  # every group whole, in order
    assert len(code_lines) == 2


def test_the_recovery_check_has_a_way_back_to_the_code(qtbot, locked_gui, existing_register):
    from ketenregie.ui.recovery import CODE_PAGE, CONFIRM_PAGE
    from ui_helpers import NEW_PASSPHRASE
    window = locked_gui.main_window
    window.unlock_widget.ui.forgotButton.click()
    dialog = window.recovery_dialog
    assert not dialog.ui.backButton.isVisible()
    dialog.ui.codeEdit.setText(existing_register.recovery_code)
    dialog.ui.passphraseEntry.ui.newEdit.setText(NEW_PASSPHRASE)
    dialog.ui.passphraseEntry.ui.repeatEdit.setText(NEW_PASSPHRASE)
    dialog.ui.nextButton.click()
    qtbot.waitUntil(lambda: dialog.page == CODE_PAGE, timeout=20_000)
    dialog.ui.codeDisplay.ui.keptCheck.setChecked(True)
    dialog.ui.nextButton.click()
    assert dialog.page == CONFIRM_PAGE and dialog.ui.backButton.isVisible()
    assert dialog.ui.backButton.text().replace("&", "").endswith("Terug")
    dialog.ui.backButton.click()
    assert dialog.page == CODE_PAGE and not dialog.ui.backButton.isVisible()
    assert dialog.ui.codeDisplay.code()  # the new code is still there to look at again


def test_choosing_cases_for_a_meeting_has_a_search(qtbot, tmp_path):
    from datetime import timedelta

    from ketenregie.config import Policy
    from ketenregie.domain.cases import Case, Household, IntakeRoute
    from ketenregie.services.register import create_register
    from ketenregie.store.case_repository import CaseRepository
    from ketenregie.store.meeting_repository import MeetingRepository
    from ketenregie.ui.meetings.planning import PlanningDialog
    from ketenregie.vault.kdf import KdfParams
    reg, _, _ = create_register(tmp_path / "r.krg", "een lange wachtwoordzin voor tests", policy=Policy.defaults(),
                                kdf=KdfParams.minimum())
    try:
        cases = CaseRepository(reg.db, reg.audit)
        numbers = [cases.create(Case(household=Household(name=n), intake_route=IntakeRoute.SELF,
                                     help_request_date=date.today() - timedelta(days=3)))
                   for n in ("Zwanhilde Kanarievogel", "Bartholomeus Pietersma", "Anouk de Wildeman")]
        meetings = MeetingRepository(reg.db, reg.audit)
        meetings.mark_for_meeting(numbers[0])
        dialog = PlanningDialog(meetings, None, partners={}, privacy_mode=False)
        qtbot.addWidget(dialog)
        view = dialog.candidate_view
        assert view.model().rowCount() == 3
        dialog.candidate_search.setText("piet")
        assert view.model().rowCount() == 1
        assert view.model().index(0, 1).data() == numbers[1]
        dialog.candidate_search.setText(numbers[2])
        assert [view.model().index(r, 1).data() for r in range(view.model().rowCount())] == [numbers[2]]
        dialog.candidate_search.clear()
        assert view.model().rowCount() == 3
        assert len(dialog.candidate_model.picked_ids()) == 1  # the marked case stayed ticked throughout
    finally:
        reg.close()


def test_education_level_is_one_choice(qtbot, existing_register, settings):
    from ketenregie.domain.cases import EDUCATION_GROUPS, TargetGroup
    from ketenregie.ui.cases.dialog import CaseDialog
    from case_helpers import open_with_context, repository, today
    register, context = open_with_context(existing_register, settings)
    try:
        dialog = CaseDialog(context, None, today=today)
        qtbot.addWidget(dialog)
        assert not any(group in dialog.group_checks for group in EDUCATION_GROUPS)  # no three ticks
        combo = dialog.education_combo
        assert [combo.itemData(i) for i in range(combo.count())][1:] == sorted(
            (g.value for g in EDUCATION_GROUPS), key=[g.value for g in TargetGroup].index)
        dialog.name_edit.setText("Sem Jansen")
        dialog.request_date_edit.setText("14-04-2026")
        combo.setCurrentIndex(combo.findData(TargetGroup.EDUCATION_MIDDLE.value))
        assert dialog.save()
        case = repository(register).get(dialog.saved_number, audit=False)
        assert case.target_groups & EDUCATION_GROUPS == {TargetGroup.EDUCATION_MIDDLE}
        again = CaseDialog(context, dialog.saved_number, today=today)
        qtbot.addWidget(again)
        assert again.education_combo.currentData() == TargetGroup.EDUCATION_MIDDLE.value
    finally:
        register.close("quit")
