"""Meetings UI: presentatiemodus re-renders the meetings view, the planning dialog and meeting mode in place (no
rebuild, nothing typed lost), and "Volgend overleg plannen" plans the next meeting of a recurring series with the
same details, new participant keys and an empty agenda."""
from __future__ import annotations

from datetime import date, datetime, timedelta

import pytest

from ketenregie.config import MemorySettingsBackend, Policy, Settings
from ketenregie.domain.cases import Case, Household, IntakeRoute
from ketenregie.domain.meetings import (CaseMeeting, MeetingKind, Participant, ParticipantRole, Recurrence, Series,
                                        next_occurrences)
from ketenregie.services.register import create_register
from ketenregie.store.case_repository import CaseRepository
from ketenregie.ui.accessibility import name_qt_internals, unnamed_controls
from ketenregie.ui.meetings.view import MeetingsView
from ketenregie.ui.privacy_mode import EXTRAS_KEY, PrivacyMode
from ketenregie.ui.views.registry import ViewContext
from ketenregie.vault.kdf import KdfParams

NAME = "Zwanhilde Kanarievogel"
START = datetime.combine(date.today() + timedelta(days=3), datetime.min.time()).replace(hour=9, minute=30)


@pytest.fixture
def register(tmp_path):
    reg, _, _ = create_register(tmp_path / "register.krg", "een lange wachtwoordzin voor tests",
                                policy=Policy.defaults(), kdf=KdfParams.minimum())
    yield reg
    reg.close()


@pytest.fixture
def view(qtbot, register):
    settings = Settings(Policy.defaults(), MemorySettingsBackend())
    context = ViewContext(register=register, settings=settings, policy=Policy.defaults(),
                          extras={EXTRAS_KEY: PrivacyMode(settings)})
    widget = MeetingsView(context)
    qtbot.addWidget(widget)
    widget.show()
    return widget


def _meeting(view, *, series: Series | None, starts_at: datetime = START, case_ids=()) -> int:
    repo = view.repository
    meeting_id = repo.save(CaseMeeting(
        starts_at=starts_at, purpose="Vastgelopen trajecten", chair="Teamleider", location="Raadhuis",
        kind=MeetingKind.WITH_PARTNERS, series=series,
        participants=(Participant("Gemeente", ParticipantRole.CHAIR), Participant("Kwadraad", ParticipantRole.MEMBER))))
    if case_ids:
        repo.save(repo.add_cases(repo.get(meeting_id, audit=False), list(case_ids)))
    view.refresh()
    return meeting_id


def test_privacy_mode_re_renders_the_planning_dialog_and_keeps_input(view, register):
    number = CaseRepository(register.db, register.audit).create(Case(
        household=Household(name=NAME), intake_route=IntakeRoute.SELF, help_request_date=date.today()))
    case_id = CaseRepository(register.db, register.audit).get(number, audit=False).id
    meeting_id = _meeting(view, series=None, case_ids=[case_id])
    view.select_meeting(meeting_id)
    dialog = view.edit_meeting()
    assert NAME in dialog.item_list.item(0).text() and NAME in dialog.case_label.text()
    dialog.question_edit.setText("Wie neemt de regie?")
    dialog.location_edit.setText("Online via Teams")
    names = [dialog.candidate_model.index(r, 2).data() for r in range(dialog.candidate_model.rowCount())]
    assert names == [NAME]

    view.privacy.set_enabled(True)  # what Ctrl+Shift+P does through the main window's service

    assert view.planning_dialog is dialog and dialog.isVisible()
    assert dialog.question_edit.text() == "Wie neemt de regie?"
    assert dialog.location_edit.text() == "Online via Teams"
    assert dialog.candidate_model.index(0, 2).data() == "Z.K."
    assert NAME not in dialog.item_list.item(0).text() and "Z.K." in dialog.item_list.item(0).text()
    assert NAME not in dialog.case_label.text()
    view.privacy.set_enabled(False)
    assert dialog.candidate_model.index(0, 2).data() == NAME
    assert dialog.question_edit.text() == "Wie neemt de regie?"
    dialog.save()
    assert view.repository.get(meeting_id, audit=False).items[0].question == "Wie neemt de regie?"


def test_new_planning_dialog_follows_the_service(view):
    view.privacy.set_enabled(True)
    dialog = view.new_meeting()
    assert dialog.privacy_mode is True
    dialog.reject()


def test_meeting_mode_keeps_typed_text_when_privacy_mode_switches(view):
    meeting_id = _meeting(view, series=None)
    view.select_meeting(meeting_id)
    mode = view.start_meeting_mode()
    mode.text_edit.setText("Kwadraad belt de verhuurder")
    view.privacy.set_enabled(True)
    assert view.meeting_mode is mode and mode.text_edit.text() == "Kwadraad belt de verhuurder"
    mode.close()


def test_plan_follow_up_of_a_series(view):
    series = Series(Recurrence.FOUR_WEEKLY, "Casuïstiekoverleg")
    first = _meeting(view, series=series)
    stored = view.repository.get(first, audit=False)
    # the next slot is already taken by a planned meeting of the series: the one after it is proposed
    taken = next_occurrences(START, Recurrence.FOUR_WEEKLY, 2)
    _meeting(view, series=stored.series, starts_at=taken[0])
    view.select_meeting(first)
    dialog = view.plan_follow_up()
    assert dialog.windowTitle() == "Volgend overleg plannen"
    proposed = dialog.meeting
    assert proposed.id is None and proposed.items == ()
    assert proposed.starts_at == taken[1]
    assert (proposed.purpose, proposed.chair, proposed.location) == ("Vastgelopen trajecten", "Teamleider", "Raadhuis")
    assert [p.organisation for p in proposed.participants] == ["Gemeente", "Kwadraad"]
    assert not {p.key for p in proposed.participants} & {p.key for p in stored.participants}
    assert dialog.location_edit.text() == "Raadhuis"
    dialog.save()
    new = view.repository.get(dialog.saved_id, audit=False)
    assert new.series.id == stored.series.id and new.starts_at == taken[1]
    assert len(view.repository.list_meetings()) == 3


def test_plan_follow_up_needs_a_series(view):
    meeting_id = _meeting(view, series=None)
    view.table.clearSelection()
    assert view.plan_follow_up() is None  # nothing selected: a message, no dialog
    assert "Kies eerst" in view.message_label.text()
    view.select_meeting(meeting_id)
    assert view.plan_follow_up() is None
    assert "reeks" in view.message_label.text()
    name_qt_internals(view)
    assert unnamed_controls(view) == []
    assert view.follow_up_button.accessibleName() == "Volgend overleg van de reeks plannen"
