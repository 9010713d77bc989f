"""Case detail and editing through the form, on a real register: create, edit (journal, actions, partners),
Dutch validation messages next to the field, a refused or failed save that changes nothing, note warnings that
never block."""
from __future__ import annotations

from datetime import timedelta

import pytest

from ketenregie.domain.cases import ActionOwner, ActionStatus, ClosingReason, IntakeRoute, Phase, PartnerRole
from ketenregie.ui.accessibility import unnamed_controls
from ketenregie.ui.cases.dialog import TAB_OVERVIEW, CaseDialog
from ketenregie.ui.caseload.view import CaseloadView
from case_helpers import TODAY, add_case, audit_count, open_with_context, partners, repository, today


@pytest.fixture
def opened(existing_register, settings):
    register, context = open_with_context(existing_register, settings)
    yield register, context
    register.close("quit")


def new_dialog(qtbot, context) -> CaseDialog:
    dialog = CaseDialog(context, None, today=today)
    qtbot.addWidget(dialog)
    return dialog


def snapshot(register) -> tuple:
    db = register.db
    return (audit_count(register),
            db.query_all("SELECT * FROM cases ORDER BY id"),
            db.query_all("SELECT * FROM households ORDER BY case_id"),
            db.query_all("SELECT * FROM actions ORDER BY id"),
            db.query_all("SELECT * FROM journal_entries ORDER BY id"),
            db.query_all("SELECT * FROM case_partners ORDER BY case_id, partner_id"),
            db.query_all("SELECT * FROM case_number_counters"))


def test_create_a_case_through_the_form(qtbot, opened):
    register, context = opened
    dialog = new_dialog(qtbot, context)
    assert dialog.windowTitle().startswith("Nieuwe hulpvraag")
    assert not dialog.phase_combo.isEnabled()  # a new case starts in Aanmelding
    dialog.name_edit.setText("Fenna de Boer")
    dialog.route_combo.setCurrentIndex(dialog.route_combo.findData(IntakeRoute.HOUSING))
    dialog.request_date_edit.setText("13-04-2026")
    dialog.request_edit.setPlainText("Huurachterstand, brief van de corporatie ontvangen.")
    dialog.postcode_edit.setText("2651ab")
    dialog.house_number_edit.setText("12a")
    before = audit_count(register)
    assert dialog.save()
    number = dialog.saved_number
    case = repository(register).get(number, audit=False)
    assert case.household.name == "Fenna de Boer"
    assert case.household.postcode == "2651 AB"
    assert case.intake_route == IntakeRoute.HOUSING
    assert case.help_request_date == TODAY - timedelta(days=2)
    assert case.phase == Phase.REGISTRATION
    assert audit_count(register) == before + 1  # one save, one audit entry
    assert dialog.heading.text() == f"Casus {number} – Fenna de Boer"
    assert dialog.windowTitle() == f"Casus {number} – Ketenregie"  # the OS sees no name
    assert "Eerste gesprek" in dialog.terms_label.text()


def test_a_new_case_appears_in_the_caseload(qtbot, opened):
    register, context = opened
    view = CaseloadView(context, today=today, background=False)
    qtbot.addWidget(view)
    assert view.model.total_count() == 0
    dialog = view.new_case()
    dialog.name_edit.setText("Sem Jansen")
    dialog.request_date_edit.setText("14-04-2026")
    assert dialog.save()
    assert view.model.total_count() == 1
    assert view.model.row_at(0).name == "Sem Jansen"
    view.search_edit.setText("jans")
    assert view.model.rowCount() == 1
    view.release()


def test_validation_messages_appear_next_to_the_field(qtbot, opened):
    register, context = opened
    dialog = new_dialog(qtbot, context)
    dialog.request_date_edit.setText("31-02-2026")
    dialog.postcode_edit.setText("12345")
    before = snapshot(register)
    assert not dialog.save()
    assert dialog._error_labels["help_request_date"].text() == "Deze datum bestaat niet. Controleer dag en maand."
    dialog.request_date_edit.setText("20-04-2026")  # in the future
    assert not dialog.save()
    assert dialog._error_labels["household.name"].text() == "Vul de naam of de initialen van de inwoner in."
    assert "postcode is niet geldig" in dialog._error_labels["household.postcode"].text()
    assert "toekomst" in dialog._error_labels["help_request_date"].text()
    assert dialog.errors_label.text().startswith("De casus is niet opgeslagen:")
    assert dialog.tabs.currentIndex() == TAB_OVERVIEW
    assert snapshot(register) == before


def test_a_phase_jump_is_refused_and_changes_nothing(qtbot, opened):
    register, context = opened
    number = add_case(register, "Ilse Visser")
    before = snapshot(register)
    dialog = CaseDialog(context, number, today=today)
    qtbot.addWidget(dialog)
    after_open = snapshot(register)
    assert after_open[0] == before[0] + 1  # opening a case is audited (VIEW)
    dialog.phase_combo.setCurrentIndex(dialog.phase_combo.findData(Phase.AFTERCARE))
    dialog.name_edit.setText("Ilse Visser-de Wit")
    assert not dialog.save()
    assert "kan niet van fase 'Aanmelding' naar 'Nazorg'" in dialog._error_labels["phase"].text()
    assert snapshot(register) == after_open
    dialog.phase_combo.setCurrentIndex(dialog.phase_combo.findData(Phase.CLOSED))
    assert not dialog.save()
    assert "sluitreden" in dialog._error_labels["closing"].text()
    dialog.closing_combo.setCurrentIndex(dialog.closing_combo.findData(ClosingReason.NO_LONGER_NEEDED))
    assert dialog.save()  # closing without a date closes today
    case = repository(register).get(number, audit=False)
    assert case.phase == Phase.CLOSED and case.closing.closed_on == TODAY
    assert case.household.name == "Ilse Visser-de Wit"


def test_a_failed_save_in_the_store_leaves_nothing_half_written(qtbot, opened):
    """The repository refuses inside its transaction (a partner that is not in the register): no case, no
    household, no case number used up, no audit entry."""
    from ketenregie.domain.cases import CasePartner

    register, context = opened
    dialog = new_dialog(qtbot, context)
    dialog.name_edit.setText("Noor Bakker")
    dialog.request_date_edit.setText("14-04-2026")
    dialog.action_edit.setText("Bellen met de verhuurder")
    dialog.add_action()
    dialog._case_partners.append(CasePartner(987_654, PartnerRole.OTHER, False))
    before = snapshot(register)
    assert not dialog.save()
    assert "partnerlijst" in dialog.errors_label.text()
    assert snapshot(register) == before
    assert dialog.saved_number is None


def test_edit_journal_actions_and_partners_in_one_save(qtbot, opened, messages):
    register, context = opened
    number = add_case(register, "Rik Smit", days_ago=10)
    dialog = CaseDialog(context, number, today=today)
    qtbot.addWidget(dialog)
    # journal with a BSN-like number: a warning while typing and after saving, never a block
    dialog.journal_edit.setPlainText("Gebeld; hij noemde zijn BSN 111222333.")
    assert "BSN" in dialog.journal_warning.text()
    assert dialog.add_journal_entry()
    # an own action and one for a partner
    partner = partners(register)[0]
    dialog.action_edit.setText("Budgetplan bespreken")
    dialog.action_due_edit.setText("17-04-2026")
    assert dialog.add_action()
    dialog.action_edit.setText("Aanvraag beschermingsbewind")
    dialog.owner_combo.setCurrentIndex(dialog.owner_combo.findData(ActionOwner.PARTNER))
    dialog.action_partner_combo.setCurrentIndex(dialog.action_partner_combo.findData(partner.id))
    assert dialog.add_action()
    # the partner, leading
    dialog.partner_combo.setCurrentIndex(dialog.partner_combo.findData(partner.id))
    dialog.role_combo.setCurrentIndex(dialog.role_combo.findData(PartnerRole.ADMINISTRATION))
    dialog.leads_check.setChecked(True)
    assert dialog.add_partner()
    assert not dialog.add_partner()  # twice: refused with a message
    assert dialog.dirty
    before = audit_count(register)
    assert dialog.save()
    assert audit_count(register) == before + 1
    assert "BSN" in dialog.warnings_label.text()
    case = repository(register).get(number, audit=False)
    assert [j.text for j in case.journal] == ["Gebeld; hij noemde zijn BSN 111222333."]
    assert [(a.description, a.owner) for a in case.actions] == [
        ("Budgetplan bespreken", ActionOwner.SELF), ("Aanvraag beschermingsbewind", ActionOwner.PARTNER)]
    assert case.lead_partner_id == partner.id
    assert dialog.timeline_model.rowCount() >= 2
    # mark the own action done, then save again
    dialog.actions_table.selectRow(0)
    dialog.set_action_status(ActionStatus.DONE)
    assert dialog.save()
    case = repository(register).get(number, audit=False)
    assert case.actions[0].status == ActionStatus.DONE and case.actions[0].done_on == TODAY


def test_closing_with_unsaved_changes_asks_first(qtbot, opened, messages):
    register, context = opened
    number = add_case(register, "Lotte Mulder")
    dialog = CaseDialog(context, number, today=today)
    qtbot.addWidget(dialog)
    dialog.show()
    dialog.name_edit.setText("Lotte Mulder-Bos")
    dialog.name_edit.textEdited.emit("Lotte Mulder-Bos")
    messages.answers.append(False)
    dialog.reject()
    assert dialog.isVisible()
    assert messages.messages[-1].kind == "question"
    messages.answers.append(True)
    dialog.reject()
    assert not dialog.isVisible()
    assert repository(register).get(number, audit=False).household.name == "Lotte Mulder"


def test_every_control_in_the_case_dialog_has_an_accessible_name(qtbot, opened):
    register, context = opened
    dialog = CaseDialog(context, add_case(register, "Ada Yilmaz"), today=today)
    qtbot.addWidget(dialog)
    assert unnamed_controls(dialog) == []
