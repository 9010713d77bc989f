"""Issue 15 item 6: "the lock always wins, and it never drops input", and after the unlock the user is back where
they were. Real main window, real lock manager with an injected clock (idle lock), real register in tmp_path.

What was typed but not saved in the case dialog (new or existing case), the planning dialog's agenda item and the
manual signal entry is kept as an encrypted draft in the register just before the database closes, and the form
comes back after the unlock with the text and a notice. Saving or cancelling removes the draft. The current view's
selection, meeting mode's agenda item and an open conversation's step come back too."""
from __future__ import annotations

from datetime import date, datetime, timedelta

from PySide6.QtWidgets import QApplication

from ketenregie.domain.cases import Case, Household, IntakeRoute
from ketenregie.domain.form_drafts import DraftKind
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
    window.lock_action.trigger()  # Ctrl+L
    assert gui.lock_manager.is_locked

    unlock(qtbot, gui)
    back = window.view("caseload").dialog
    assert back is not None and back.case.case_number == number
    assert back.request_edit.toPlainText() == TYPED_REQUEST
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

    def broken(self, drafts):
        raise RuntimeError(TYPED_NAME)  # an exception text that would leak if it were logged

    monkeypatch.setattr(form_drafts.FormDraftService, "keep_at_lock", broken)
    gui = unlocked_gui
    view = _caseload(qtbot, gui.main_window)
    dialog = view.new_case()
    dialog.name_edit.setText(TYPED_NAME)
    _idle_lock(gui.lock_manager, clock, settings)
    assert not dialog.isVisible()
    assert "RuntimeError" in caplog.text and TYPED_NAME not in caplog.text
