"""Issue 15 item 9: a new meeting defaults to the next working day; a date in the past warns."""
from __future__ import annotations

from datetime import date, timedelta

import pytest
from PySide6.QtCore import QDateTime

from ketenregie.config import Policy
from ketenregie.domain.calendar import AtwCalendar
from ketenregie.services.register import create_register
from ketenregie.store.meeting_repository import MeetingRepository
from ketenregie.ui.meetings.planning import PlanningDialog, next_working_day
from ketenregie.vault.kdf import KdfParams


@pytest.fixture
def meetings(tmp_path):
    reg, _, _ = create_register(tmp_path / "r.krg", "een lange wachtwoordzin voor tests", policy=Policy.defaults(),
                                kdf=KdfParams.minimum())
    yield MeetingRepository(reg.db, reg.audit)
    reg.close()


def test_next_working_day_skips_weekends_and_holidays():
    assert next_working_day(date(2026, 4, 24)) == date(2026, 4, 28)  # Friday -> Koningsdag Monday 27th skipped
    assert next_working_day(date(2026, 12, 24)) == date(2026, 12, 28)  # Christmas and the weekend
    assert next_working_day(date(2026, 4, 14)) == date(2026, 4, 15)


def test_a_new_meeting_defaults_to_the_next_working_day(qtbot, meetings):
    dialog = PlanningDialog(meetings, None, partners={}, privacy_mode=False)
    qtbot.addWidget(dialog)
    day = dialog.starts_edit.dateTime().toPython().date()
    calendar = AtwCalendar()
    assert day > date.today() and calendar.is_working_day(day)
    assert all(not calendar.is_working_day(date.today() + timedelta(days=n))
               for n in range(1, (day - date.today()).days))
    assert dialog.past_date_warning() == ""


def test_a_date_in_the_past_warns(qtbot, meetings):
    dialog = PlanningDialog(meetings, None, partners={}, privacy_mode=False)
    qtbot.addWidget(dialog)
    dialog.starts_edit.setDateTime(QDateTime.currentDateTime().addDays(-3))
    assert "verleden" in dialog.message_label.text()
    assert dialog.message_label.property("level") == "warning"
    dialog.starts_edit.setDateTime(QDateTime.currentDateTime().addDays(3))
    assert dialog.message_label.text() == ""


def test_first_start_asks_the_coordinators_own_details_and_uses_them_as_letter_sender(
        qtbot, make_gui, register_path, policy):
    from ketenregie.services.register import open_register
    from ketenregie.store.referral_repository import ReferralRepository
    from ketenregie.ui.recovery_code import code_groups
    from test_wizard import _create
    from ui_helpers import PASSPHRASE

    controller = make_gui(register_path)
    wizard = controller.wizard
    _create(qtbot, wizard)
    code = wizard.code_page.display.code()
    wizard.code_page.display.ui.keptCheck.setChecked(True)
    wizard.next()
    confirm = wizard.confirm_page.confirm
    confirm.ui.groupEdit.setText(code_groups(code)[confirm.group_index])
    wizard.next()
    page = wizard.done_page
    assert wizard.currentPage() is page
    assert "Gemeente Lansingerland" in page.letterhead_label.text()  # what IT's letterhead policy sets
    page.name_edit.setText("Sanne Bakker")
    page.phone_edit.setText("010 - 123 45 67")
    page.email_edit.setText("s.bakker@example.nl")
    wizard.accept()
    qtbot.waitUntil(lambda: controller.main_window is not None and controller.main_window.isVisible())
    assert page.name_edit.text() == ""  # not kept in the widget
    controller.lock_manager.lock("manual")
    register = open_register(register_path, PASSPHRASE, policy=policy)
    try:
        sender = ReferralRepository(register.db, register.audit).sender()
        assert (sender.name, sender.function, sender.phone, sender.email) == (
            "Sanne Bakker", "Ketenregisseur schuldhulpverlening", "010 - 123 45 67", "s.bakker@example.nl")
    finally:
        register.close("quit")
