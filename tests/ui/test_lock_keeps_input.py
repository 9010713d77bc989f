"""Issue 15 item 6: "the lock always wins, and it never drops input", and after the unlock the user is back where
they were. Real main window, real lock manager with an injected clock (idle lock), real register in tmp_path.

What was typed but not saved in the case dialog (new or existing case), the planning dialog's agenda item and the
manual signal entry is kept as an encrypted draft in the register just before the database closes, and the form
comes back after the unlock with the text and a notice. Saving or cancelling removes the draft. The current view's
selection, meeting mode's agenda item and an open conversation's step come back too."""
from __future__ import annotations

from datetime import date, datetime, timedelta

from PySide6.QtWidgets import QApplication
from shiboken6 import isValid

from ketenregie.domain.cases import Case, Household, IntakeRoute
from ketenregie.store.case_repository import CaseRepository
from ketenregie.store.form_draft_repository import FormDraftRepository
from ui_helpers import unlock

TYPED_REQUEST = "Huur drie maanden achter, wil een regeling met de woningcorporatie"
TYPED_NAME = "Gerrit Vergrendel-Proef"


def _idle_lock(manager, clock, settings) -> None:
    clock.advance(settings.idle_lock_minutes * 60 + 1)
    manager.check_idle()
    assert manager.is_locked and manager.last_reason == "idle"


def _drafts(gui) -> FormDraftRepository:
    register = gui.lock_manager.register
    return FormDraftRepository(register.db, register.audit)


def _caseload(qtbot, window):
    window.show_view("caseload")
    view = window.view("caseload")
    qtbot.waitUntil(lambda: view.is_loaded, timeout=10_000)
    return view


def _add_case(gui, name: str) -> str:
    register = gui.lock_manager.register
    return CaseRepository(register.db, register.audit).create(
        Case(Household(name), IntakeRoute.SELF, date.today() - timedelta(days=2), help_request="Overzicht"))


def test_a_new_case_typed_but_not_saved_comes_back_after_an_idle_lock(qtbot, unlocked_gui, clock, settings):
    gui = unlocked_gui
    window = gui.main_window
    view = _caseload(qtbot, window)
    dialog = view.new_case()
    dialog.name_edit.setText(TYPED_NAME)
    dialog.request_edit.setPlainText(TYPED_REQUEST)
    dialog.journal_edit.setPlainText("Belde zelf op")
    assert dialog.add_journal_entry()

    _idle_lock(gui.lock_manager, clock, settings)
    QApplication.processEvents()
    assert not dialog.isVisible()  # the lock always wins: the dialog is closed

    unlock(qtbot, gui)
    back = window.view("caseload").dialog
    assert back is not None and back.isVisible() and back is not dialog
    assert back.name_edit.text() == TYPED_NAME
    assert back.request_edit.toPlainText() == TYPED_REQUEST
    assert [e.text for e in back._journal] == ["Belde zelf op"]
    assert back.draft_notice is not None and back.draft_notice.isVisible()
    assert back.draft_notice.label.text().startswith("Niet-opgeslagen wijzigingen van ")
    assert "zijn teruggezet" in back.draft_notice.label.text()

    # Saving removes the draft.
    back.request_date_edit.setText(date.today().strftime("%d-%m-%Y"))
    assert back.save(), back.errors_label.text()
    assert _drafts(gui).count() == 0
    assert not back.draft_notice.isVisible()


def test_an_existing_case_edit_comes_back_at_the_same_case_and_cancel_removes_the_draft(qtbot, unlocked_gui, clock,
                                                                                         settings, messages):
    gui = unlocked_gui
    window = gui.main_window
    number = _add_case(gui, "Hanna Bestaand")
    view = _caseload(qtbot, window)
    view.reload()
    qtbot.waitUntil(lambda: view.model.row_of_case(number) >= 0, timeout=10_000)
    dialog = view.open_case(number)
    dialog.request_edit.setPlainText(TYPED_REQUEST)
    dialog.monitor_tab.dates["action_plan_date"].setText("01-12-2026")  # the Monitor tab's fields are kept too
    window.lock_action.trigger()  # Ctrl+L
    assert gui.lock_manager.is_locked

    unlock(qtbot, gui)
    back = window.view("caseload").dialog
    assert back is not None and back.case.case_number == number
    assert back.request_edit.toPlainText() == TYPED_REQUEST
    assert back.monitor_tab.dates["action_plan_date"].text() == "01-12-2026"
    assert _drafts(gui).count() == 1
    messages.answers.append(True)  # "Wilt u ze weggooien?" — yes
    back.reject()
    assert _drafts(gui).count() == 0
    register = gui.lock_manager.register
    assert CaseRepository(register.db, register.audit).get(number, audit=False).help_request == "Overzicht"


def test_dismissing_the_restored_changes_discards_the_draft(qtbot, unlocked_gui, clock, settings):
    gui = unlocked_gui
    window = gui.main_window
    view = _caseload(qtbot, window)
    dialog = view.new_case()
    dialog.name_edit.setText(TYPED_NAME)
    _idle_lock(gui.lock_manager, clock, settings)
    unlock(qtbot, gui)
    back = window.view("caseload").dialog
    assert back.name_edit.text() == TYPED_NAME
    back.draft_notice.discard_button.click()
    assert back.name_edit.text() == ""
    assert not back.draft_notice.isVisible()
    assert _drafts(gui).count() == 0
    assert not back.has_unsaved_input()


def test_an_unchanged_dialog_comes_back_without_a_draft(qtbot, unlocked_gui, clock, settings):
    gui = unlocked_gui
    window = gui.main_window
    number = _add_case(gui, "Ina Ongewijzigd")
    view = _caseload(qtbot, window)
    view.reload()
    qtbot.waitUntil(lambda: view.model.row_of_case(number) >= 0, timeout=10_000)
    view.open_case(number)
    _idle_lock(gui.lock_manager, clock, settings)
    unlock(qtbot, gui)
    back = window.view("caseload").dialog
    assert back is not None and back.case.case_number == number  # where was I: the case dialog is open again
    assert back.draft_notice is None  # nothing was typed: no notice, no draft
    assert _drafts(gui).count() == 0


def test_the_caseload_selection_comes_back(qtbot, unlocked_gui, clock, settings):
    gui = unlocked_gui
    window = gui.main_window
    numbers = [_add_case(gui, name) for name in ("Anna A", "Bert B", "Carla C")]
    view = _caseload(qtbot, window)
    view.reload()
    qtbot.waitUntil(lambda: all(view.model.row_of_case(n) >= 0 for n in numbers), timeout=10_000)
    assert view.select_case(numbers[1])
    _idle_lock(gui.lock_manager, clock, settings)
    unlock(qtbot, gui)
    assert window.current_view_key == "caseload"
    rebuilt = window.view("caseload")
    assert rebuilt is not view
    qtbot.waitUntil(lambda: rebuilt.is_loaded, timeout=10_000)
    assert rebuilt.selected_case_number() == numbers[1]


def test_a_failing_draft_write_never_stops_the_lock_and_logs_no_content(qtbot, unlocked_gui, clock, settings,
                                                                       monkeypatch, caplog):
    from ketenregie.services import form_drafts

    def broken(self, drafts, drop=()):
        raise RuntimeError(TYPED_NAME)  # an exception text that would leak if it were logged

    monkeypatch.setattr(form_drafts.FormDraftService, "keep_at_lock", broken)
    gui = unlocked_gui
    view = _caseload(qtbot, gui.main_window)
    dialog = view.new_case()
    dialog.name_edit.setText(TYPED_NAME)
    _idle_lock(gui.lock_manager, clock, settings)
    assert not dialog.isVisible()
    assert "RuntimeError" in caplog.text and TYPED_NAME not in caplog.text


# --- meetings: the agenda item editor and meeting mode ---------------------------------------------------------------

def _meeting_with_cases(gui, count: int) -> int:
    from ketenregie.domain.meetings import CaseMeeting, Participant
    from ketenregie.store.meeting_repository import MeetingRepository

    register = gui.lock_manager.register
    numbers = [_add_case(gui, f"Overleg Persoon {i}") for i in range(count)]
    repo = MeetingRepository(register.db, register.audit)
    meeting = CaseMeeting(starts_at=datetime.now() + timedelta(days=2), purpose="Casuïstiek", chair="Voorzitter",
                          location="Zaal 2", participants=(Participant("Gemeente"), Participant("Kwadraad")))
    cases = CaseRepository(register.db, register.audit)
    meeting = repo.add_cases(meeting, [cases.get(n, audit=False).id for n in numbers])
    return repo.save(meeting)


def _meetings(window):
    window.show_view("meetings")
    return window.view("meetings")


def test_an_agenda_item_typed_but_not_saved_comes_back_on_the_same_item(qtbot, unlocked_gui, clock, settings):
    gui = unlocked_gui
    window = gui.main_window
    meeting_id, view = _meeting_selected(gui, 3)
    dialog = view.edit_meeting()
    dialog.tabs.setCurrentIndex(3)
    dialog.item_list.setCurrentRow(1)
    dialog.question_edit.setText("Wie belt de verhuurder vóór vrijdag?")
    dialog.time_box_spin.setValue(25)

    _idle_lock(gui.lock_manager, clock, settings)
    QApplication.processEvents()
    assert not isValid(dialog) or not dialog.isVisible()  # closed (and deleted) by the lock

    unlock(qtbot, gui)
    back = window.view("meetings").planning_dialog
    assert back is not None and back is not dialog and back.meeting.id == meeting_id
    assert back.tabs.currentIndex() == 3
    assert back.item_list.currentRow() == 1
    assert back.question_edit.text() == "Wie belt de verhuurder vóór vrijdag?"
    assert back.time_box_spin.value() == 25
    assert back.draft_notice.isVisible()
    with qtbot.waitSignal(back.accepted, timeout=5000):
        back.buttons.button(back.buttons.StandardButton.Save).click()
    register = gui.lock_manager.register
    from ketenregie.store.meeting_repository import MeetingRepository
    saved = MeetingRepository(register.db, register.audit).get(meeting_id, audit=False)
    assert saved.items[1].question == "Wie belt de verhuurder vóór vrijdag?" and saved.items[1].time_box_minutes == 25
    assert _drafts(gui).count() == 0


def _meeting_selected(gui, count: int):
    """A meeting with `count` cases on its agenda, selected in Overleggen: (meeting id, the view)."""
    meeting_id = _meeting_with_cases(gui, count)
    view = _meetings(gui.main_window)
    view.refresh()
    view.select_meeting(meeting_id)
    return meeting_id, view


def test_meeting_mode_on_item_3_comes_back_on_item_3(qtbot, unlocked_gui, clock, settings):
    gui = unlocked_gui
    window = gui.main_window
    meeting_id, view = _meeting_selected(gui, 4)
    mode = view.start_meeting_mode()
    mode.next_item()
    mode.next_item()
    assert mode.position_label.text() == "Agendapunt 3 van 4"
    clock.advance(int(settings.policy.get("IdleLockMaxMinutes")) * 60 + 1)  # meeting mode: the policy's maximum
    gui.lock_manager.check_idle()
    assert gui.lock_manager.is_locked

    unlock(qtbot, gui)
    back = window.view("meetings").meeting_mode
    assert back is not None and back is not mode and back.isVisible()
    assert back.current_index == 2 and back.position_label.text() == "Agendapunt 3 van 4"
    assert gui.lock_manager.idle_limit_seconds == int(settings.policy.get("IdleLockMaxMinutes")) * 60
    assert window.view("meetings").selected_id() == meeting_id


def test_a_record_being_typed_in_meeting_mode_comes_back_on_its_item(qtbot, unlocked_gui, clock, settings):
    from ketenregie.domain.meetings import RecordKind

    gui = unlocked_gui
    window = gui.main_window
    meeting_id, view = _meeting_selected(gui, 3)
    mode = view.start_meeting_mode()
    mode.next_item()
    mode.kind_combo.setCurrentIndex(mode.kind_combo.findData(RecordKind.AGREEMENT.value))
    mode.text_edit.setText("Casus B: budgetbeheer aanvragen vóór de 15e")
    window.lock_action.trigger()
    unlock(qtbot, gui)
    back = window.view("meetings").meeting_mode
    assert back is not None and back is not mode and back.current_index == 1
    assert back.text_edit.text() == "Casus B: budgetbeheer aanvragen vóór de 15e"
    assert back.kind_combo.currentData() == RecordKind.AGREEMENT.value
    assert back.draft_notice is not None and back.draft_notice.isVisible()
    back.record_current()  # recorded: the draft goes
    assert _drafts(gui).count() == 0
    register = gui.lock_manager.register
    from ketenregie.store.meeting_repository import MeetingRepository
    meeting = MeetingRepository(register.db, register.audit).get(meeting_id, audit=False)
    assert [r.text for r in meeting.items[1].records] == ["Casus B: budgetbeheer aanvragen vóór de 15e"]


def test_meeting_mode_comes_back_even_when_another_view_was_current(qtbot, unlocked_gui, clock, settings):
    gui = unlocked_gui
    window = gui.main_window
    meeting_id, view = _meeting_selected(gui, 2)
    view.start_meeting_mode().next_item()
    window.show_view("caseload")
    window.lock_action.trigger()
    unlock(qtbot, gui)
    assert window.current_view_key == "caseload"
    back = window.view("meetings").meeting_mode
    assert back is not None and back.current_index == 1


# --- vroegsignalering: manual entry --------------------------------------------------------------------------------

def test_a_signal_entry_typed_but_not_saved_comes_back(qtbot, unlocked_gui, clock, settings):
    gui = unlocked_gui
    window = gui.main_window
    window.show_view("signals")
    view = window.view("signals")
    dialog = view.manual_entry()
    dialog.partner.setText("Woonstede")
    dialog.name.setText(TYPED_NAME)
    dialog.street.setText("Kanaalweg")
    dialog.number.setText("12")
    dialog.postcode.setText("2651 AB")
    dialog.amount.setValue(640)
    dialog.crisis.setChecked(True)

    _idle_lock(gui.lock_manager, clock, settings)
    QApplication.processEvents()
    assert not isValid(dialog) or not dialog.isVisible()  # closed (and deleted) by the lock

    unlock(qtbot, gui)
    back = window.view("signals").manual_dialog
    assert back is not None and back is not dialog and back.isVisible()
    assert (back.partner.text(), back.name.text(), back.street.text(), back.number.text()) == \
        ("Woonstede", TYPED_NAME, "Kanaalweg", "12")
    assert back.amount.value() == 640 and back.crisis.isChecked()
    assert back.draft_notice.isVisible()
    assert back.save(), back.message.text()
    assert _drafts(gui).count() == 0


def test_a_signal_draft_kept_at_quit_is_offered_after_the_next_start(qtbot, make_gui, existing_register, clock):
    gui = make_gui(existing_register.path)
    unlock(qtbot, gui)
    gui.main_window.show_view("signals")
    dialog = gui.main_window.view("signals").manual_entry()
    dialog.name.setText(TYPED_NAME)
    gui.main_window.close()  # closing the app: the lock path keeps the draft
    assert gui.lock_manager.is_locked

    again = make_gui(existing_register.path)
    unlock(qtbot, again)
    assert again.main_window.current_view_key == "vandaag"  # a new start opens on Vandaag...
    back = again.main_window.view("signals").manual_dialog  # ...and offers the kept input back
    assert back is not None and back.name.text() == TYPED_NAME and back.draft_notice.isVisible()
    back.draft_notice.discard_button.click()
    assert back.name.text() == "" and _drafts(again).count() == 0


# --- gesprekken: the open conversation at the same step ------------------------------------------------------------

def test_an_open_conversation_comes_back_at_the_same_step(qtbot, unlocked_gui, clock, settings):
    from ketenregie.domain.conversations import ConversationKind, Stage

    gui = unlocked_gui
    window = gui.main_window
    number = _add_case(gui, "Gesprek Persoon")
    window.show_view("conversations")
    view = window.view("conversations")
    view.refresh()
    view.select_case(number)
    view.kind_combo.setCurrentIndex(view.kind_combo.findData(ConversationKind.INTAKE.value))
    view.new_button.click()
    view.mode.show_stage(Stage.DURING)
    conversation_id = view.mode.conversation.id
    _idle_lock(gui.lock_manager, clock, settings)
    unlock(qtbot, gui)
    rebuilt = window.view("conversations")
    assert rebuilt is not view and rebuilt.mode is not None
    assert rebuilt.mode.conversation.id == conversation_id and rebuilt.mode.stage == Stage.DURING
    assert rebuilt.selected_case() == number


# --- brieven: the letter composer ----------------------------------------------------------------------------------

def test_letter_text_typed_but_not_kept_as_a_draft_comes_back_with_its_case(qtbot, unlocked_gui, clock, settings):
    gui = unlocked_gui
    window = gui.main_window
    first = _add_case(gui, "Brief Persoon Een")
    _add_case(gui, "Brief Persoon Twee")
    window.show_view("letters")
    view = window.view("letters")
    view.select_case(first)
    assert view.case.case_number == first
    view.agreements_edit.setPlainText("Partner belt de inwoner deze week")
    _idle_lock(gui.lock_manager, clock, settings)
    unlock(qtbot, gui)
    rebuilt = window.view("letters")
    assert rebuilt is not view and rebuilt.case.case_number == first
    assert rebuilt.agreements_edit.toPlainText() == "Partner belt de inwoner deze week"
    assert rebuilt.message.text().startswith("Niet-opgeslagen wijzigingen van ")


def test_the_lock_manager_holds_keepers_weakly(settings):
    """A keeper (ui/resume.py) must not keep its window — and through it the lock manager — alive in a reference
    cycle: the garbage collector may break such a cycle on a worker thread, where deleting Qt objects aborts."""
    import weakref

    from ketenregie.ui.lock_manager import LockManager

    class Owner:
        def keep(self, register, reason) -> None:
            pass

    manager = LockManager(settings)
    owner = Owner()
    manager.add_keeper(owner.keep)
    gone = weakref.ref(owner)
    del owner
    assert gone() is None
    manager._run_keepers(None, "manual")  # a keeper that is gone is skipped
