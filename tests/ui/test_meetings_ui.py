"""Meetings UI with a real register: a team lead plans a meeting with five cases, prints the agenda, runs the
meeting in meeting mode, and the new actions are in each case. Meeting mode shows no full name (widget tree walk,
also with consent recorded and privacy mode off); a meeting whose case was deleted still opens and says so."""
from __future__ import annotations

from dataclasses import replace
from datetime import date, datetime, timedelta
from io import BytesIO

import pypdf
import pytest
from PySide6.QtCore import QDate, QDateTime, QTime, Qt
from PySide6.QtWidgets import (QAbstractItemView, QAbstractSpinBox, QComboBox, QLabel, QLineEdit, QListWidget,
                               QPlainTextEdit, QWidget)

from ketenregie.config import MemorySettingsBackend, Policy, Settings
from ketenregie.domain.cases import (ActionOwner, Case, CasePartner, DebtBand, DebtPicture, Household, IntakeRoute,
                                     PartnerRole)
from ketenregie.domain.meetings import CaseState, NamedDiscussionConsent, RecordKind
from ketenregie.services.register import create_register
from ketenregie.store.case_repository import CaseRepository
from ketenregie.store.meeting_repository import MeetingRepository
from ketenregie.store.partner_repository import PartnerRepository, ensure_default_partners
from ketenregie.ui.accessibility import name_qt_internals, unnamed_controls
from ketenregie.ui.meetings.meeting_mode import MeetingModeWindow
from ketenregie.ui.meetings.view import MeetingsView
from ketenregie.ui.views.registry import ViewContext
from ketenregie.vault.kdf import KdfParams

NAMES = ["Zwanhilde Kanarievogel", "Bartholomeus Pietersma", "Anouk de Wildeman", "Kareltje Bosschaert",
         "Fatima El Amrani-Qx"]
MEETING_DAY = date.today() + timedelta(days=7)


@pytest.fixture
def register(tmp_path):
    reg, _, _ = create_register(tmp_path / "register.krg", "een lange wachtwoordzin voor tests",
                                policy=Policy.defaults(), kdf=KdfParams.minimum())
    ensure_default_partners(reg.db)
    yield reg
    reg.close()


@pytest.fixture
def cases(register):
    repo = CaseRepository(register.db, register.audit)
    plan = PartnerRepository(register.db).by_code()["plangroep"].id
    numbers = [repo.create(Case(household=Household(name=n, date_of_birth=date(1980 + i, 2, 3), postcode="2651 AB",
                                                    adults=1, children=i % 3),
                                intake_route=IntakeRoute.SELF, help_request_date=date.today() - timedelta(days=20),
                                debt=DebtPicture(DebtBand.FROM_5000, 3),
                                partners=(CasePartner(plan, PartnerRole.DEBT_SETTLEMENT, leads=True),)))
               for i, n in enumerate(NAMES)]
    return repo, numbers


@pytest.fixture
def view(qtbot, register, tmp_path):
    settings = Settings(Policy.defaults(), MemorySettingsBackend())
    widget = MeetingsView(ViewContext(register=register, settings=settings, policy=Policy.defaults()),
                          output_dir=tmp_path / "pdf")
    qtbot.addWidget(widget)
    widget.show()
    return widget


def _all_text(root: QWidget) -> str:
    """Everything a shared screen could show: window title, labels, fields, combo entries, every model cell."""
    parts = [root.windowTitle()]
    for widget in [root, *root.findChildren(QWidget)]:
        if isinstance(widget, QLabel):
            parts.append(widget.text())
        elif isinstance(widget, QLineEdit):
            parts += [widget.text(), widget.placeholderText()]
        elif isinstance(widget, QPlainTextEdit):
            parts.append(widget.toPlainText())
        elif isinstance(widget, QComboBox):
            parts += [widget.itemText(i) for i in range(widget.count())]
        elif isinstance(widget, QAbstractItemView) and widget.model() is not None:
            model = widget.model()
            for r in range(model.rowCount()):
                for c in range(model.columnCount()):
                    parts.append(str(model.data(model.index(r, c)) or ""))
        parts += [widget.accessibleName(), widget.toolTip(), widget.accessibleDescription()]
    return "\n".join(parts)


def _assert_no_names(root: QWidget, numbers: list[str]) -> None:
    text = _all_text(root)
    for name in NAMES:
        for part in name.replace("-", " ").split():
            if len(part) > 3:
                assert part not in text, part
    for number in numbers:
        assert number not in text


def _plan_five(qtbot, view, cases_fixture) -> int:
    repo, numbers = cases_fixture
    meetings = view.repository
    meetings.mark_for_meeting(numbers[0], "Wie neemt de regie?")
    dialog = view.new_meeting()
    dialog.starts_edit.setDateTime(QDateTime(QDate(MEETING_DAY.year, MEETING_DAY.month, MEETING_DAY.day),
                                             QTime(9, 30)))
    dialog.location_edit.setText("Raadhuis, kamer 2")
    dialog.chair_edit.setText("Teamleider schuldhulp")
    dialog.purpose_edit.setPlainText("Vastgelopen trajecten doorbreken")
    for name in ("PLANgroep", "Kwadraad (maatschappelijk werk)"):
        dialog.partner_pick.setCurrentIndex(dialog.partner_pick.findText(name))
        dialog.add_participant_button.click()
    # The marked case is pre-checked; tick the other four.
    model = dialog.candidate_model
    for row in range(model.rowCount()):
        model.setData(model.index(row, 0), Qt.CheckState.Checked.value, Qt.ItemDataRole.CheckStateRole)
    dialog.add_cases_button.click()
    assert len(dialog.meeting.items) == 5
    assert dialog.meeting.items[0].question == "Wie neemt de regie?"
    dialog.item_list.setCurrentRow(1)
    dialog.question_edit.setText("Is bewind passend?")
    dialog.time_box_spin.setValue(20)
    dialog.final_check.setChecked(True)
    with qtbot.waitSignal(dialog.accepted, timeout=5000):
        dialog.buttons.button(dialog.buttons.StandardButton.Save).click()
    return dialog.saved_id


def test_plan_print_run_and_actions_land_in_cases(qtbot, view, cases, tmp_path):
    repo, numbers = cases
    meeting_id = _plan_five(qtbot, view, cases)
    assert view.model.rowCount() == 1 and view.selected_id() == meeting_id
    meeting = view.repository.get(meeting_id, audit=False)
    assert [i.question for i in meeting.items][:2] == ["Wie neemt de regie?", "Is bewind passend?"]
    assert meeting.items[1].time_box_minutes == 20 and meeting.items[1].summary_final

    # Print the agenda (background task) and read it back.
    task = view.produce("agenda")
    with qtbot.waitSignal(task.finished, timeout=10_000):
        pass
    (pdf,) = (tmp_path / "pdf").iterdir()
    assert pdf.name == f"overleg-{meeting_id}-agenda-{MEETING_DAY.isoformat()}.pdf"
    text = "".join(p.extract_text() for p in pypdf.PdfReader(BytesIO(pdf.read_bytes())).pages)
    assert "VERTROUWELIJK" in text and "Wie neemt de regie?" in text
    for name in NAMES:
        assert name.split()[-1] not in text
    for number in numbers:
        assert number not in text

    # Run the meeting in meeting mode: one action per case, owned by PLANgroep, plus an agreement.
    mode = view.start_meeting_mode()
    assert mode.isFullScreen()
    assert view.start_meeting_mode() is mode  # asked again: the open one, never a second window for the meeting
    for index in range(5):
        assert mode.current_index == index
        mode.kind_combo.setCurrentIndex(mode.kind_combo.findData(RecordKind.AGREEMENT.value))
        mode.text_edit.setText("PLANgroep houdt de regie")
        mode.record_button.click()
        mode.kind_combo.setCurrentIndex(mode.kind_combo.findData(RecordKind.ACTION.value))
        mode.owner_combo.setCurrentIndex(mode.owner_combo.findData(ActionOwner.PARTNER.value))
        mode.partner_combo.setCurrentIndex(mode.partner_combo.findText("PLANgroep"))
        mode.due_edit.setDate(QDate(MEETING_DAY.year, MEETING_DAY.month, MEETING_DAY.day).addDays(14))
        mode.text_edit.setText("Stand schuldregeling delen")
        mode.record_button.click()
        assert "casus" in mode.message_label.text(), mode.message_label.text()
        assert mode.records_model.rowCount() == 2
        _assert_no_names(mode, numbers)
        mode.next_button.click() if index < 4 else None
    assert unnamed_controls(mode) == []
    mode.close()

    for number in numbers:
        case = repo.get(number, audit=False)
        assert [a.description for a in case.actions] == ["Stand schuldregeling delen"]
        assert case.actions[0].due == MEETING_DAY + timedelta(days=14)
        assert any("Stand schuldregeling delen" in j.text for j in case.journal)


def test_meeting_mode_shows_no_name_even_with_consent_and_privacy_mode_off(qtbot, view, cases):
    repo, numbers = cases
    meeting_id = _plan_five(qtbot, view, cases)
    meetings = view.repository
    meeting = meetings.get(meeting_id, audit=False)
    everyone = meeting.participant_keys
    consent = NamedDiscussionConsent(date.today(), "Bespreking op naam", everyone)
    meetings.save(replace(meeting, items=tuple(replace(i, consent=consent) for i in meeting.items)))
    assert view._context.settings.get("privacy_mode") is False
    view.select_meeting(meeting_id)
    mode = view.start_meeting_mode()
    for _ in range(5):
        _assert_no_names(mode, numbers)
        mode.next_item()
    mode.close()


def test_a_name_typed_into_meeting_mode_is_refused(qtbot, view, cases):
    repo, numbers = cases
    meeting_id = _plan_five(qtbot, view, cases)
    mode = MeetingModeWindow(view.repository, meeting_id, partners=view.partners)
    qtbot.addWidget(mode)
    case_id = view.repository.get(meeting_id, audit=False).items[0].case_id
    surname = next(c.name for c in view.repository.candidates() if c.case_id == case_id).split()[-1]
    mode.kind_combo.setCurrentIndex(mode.kind_combo.findData(RecordKind.AGREEMENT.value))
    mode.text_edit.setText(f"{surname} belt zelf")
    mode.record_button.click()
    assert "naam" in mode.message_label.text()
    assert mode.records_model.rowCount() == 0


def test_meeting_with_a_deleted_case_still_opens_and_says_so(qtbot, view, cases):
    repo, numbers = cases
    meeting_id = _plan_five(qtbot, view, cases)
    first = view.repository.get(meeting_id, audit=False).items[0]
    number = next(c.case_number for c in view.repository.candidates() if c.case_id == first.case_id)
    repo.delete(number)
    view.refresh()
    view.select_meeting(meeting_id)
    mode = view.start_meeting_mode()
    assert mode.meeting.items[0].case_state == CaseState.DELETED
    assert "verwijderd" in mode.status_label.text()
    mode.close()
    dialog = view.edit_meeting()
    assert "verwijderd" in dialog.item_list.item(0).text()
    dialog.reject()


def test_view_has_accessible_names_and_releases_on_lock(qtbot, view, cases):
    _plan_five(qtbot, view, cases)
    name_qt_internals(view)
    assert unnamed_controls(view) == []
    dialog = view.edit_meeting()
    name_qt_internals(dialog)
    assert unnamed_controls(dialog) == []
    view.release()
    assert view.model.rowCount() == 0 and view.planning_dialog is None
