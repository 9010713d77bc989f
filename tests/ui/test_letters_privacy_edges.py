"""Issue 11 at the edges of the letters view, with a real register and real widgets: free text is checked when the
letter leaves (the composer names the words and why), "Intrekken" lists and withdraws every consent, and a
partner's type is a privacy setting in the partner directory."""
from __future__ import annotations

from dataclasses import replace
from datetime import date, timedelta

import pytest

from ketenregie.config import MemorySettingsBackend, Policy, Settings
from ketenregie.domain.cases import Case, Household, IntakeRoute, PartnerType
from ketenregie.domain.consent import BasisKind, ConsentForm
from ketenregie.domain.outgoing_text import RULE_NL
from ketenregie.services.register import create_register
from ketenregie.store.case_repository import CaseRepository
from ketenregie.ui.letters.view import LettersView
from ketenregie.ui.partners.view import PartnersView
from ketenregie.ui.privacy_mode import EXTRAS_KEY as PRIVACY_KEY, PrivacyMode
from ketenregie.ui.views.registry import ViewContext
from ketenregie.vault.kdf import KdfParams

NAME = "Zwanhilde Kanarievogel-Qx"
BSN = "111222333"


@pytest.fixture
def register(tmp_path):
    reg, _, _ = create_register(tmp_path / "register.krg", "een lange wachtwoordzin voor tests",
                                policy=Policy.defaults(), kdf=KdfParams.minimum())
    yield reg
    reg.close()


@pytest.fixture
def case_number(register):
    return CaseRepository(register.db, register.audit).create(Case(
        household=Household(name=NAME, date_of_birth=date(1984, 6, 3), phone="06 1234 5678", postcode="2651 AB",
                            house_number="12"),
        intake_route=IntakeRoute.SELF, help_request_date=date.today() - timedelta(days=3),
        help_request=f"Zwanhilde belt steeds; BSN {BSN}, schuld € 2.480"))


def _view(qtbot, register, privacy: PrivacyMode | None = None):
    settings = Settings(register.policy, MemorySettingsBackend())
    extras = {PRIVACY_KEY: privacy} if privacy is not None else {}
    widget = LettersView(ViewContext(register=register, settings=settings, policy=register.policy, extras=extras))
    qtbot.addWidget(widget)
    widget.resize(1200, 900)
    widget.show()
    return widget


def _consent(view, scope, given_on):
    partner = view.partner()
    return view.service.record_basis(view.case, partner, BasisKind.CONSENT, given_on, scope, ConsentForm.ORAL)


def test_the_composer_names_the_words_and_why_and_produces_nothing(qtbot, register, case_number, tmp_path):
    view = _view(qtbot, register)
    view.select_case(case_number)
    view.select_partner("kwadraad")
    view.sender_name.setText("M. de Boer")
    _consent(view, {"name", "help_request", "agreements"}, date.today())
    view.update_plan()
    message = view.message.text()
    assert not view.save_button.isEnabled() and not view.preview_button.isEnabled()
    assert "Hulpvraag" in message and "Zwanhilde" in message and BSN in message and "€ 2.480" in message
    assert "naamveld" in message and RULE_NL in message
    assert view.compose() is None  # refused even when called directly
    # a word typed into an agreement is caught too, then leaving the help request out lets the letter go
    view.agreements_edit.setPlainText("partner: belt Kanarievogel")
    assert "Afspraken" in view.message.text() and "Kanarievogel" in view.message.text()
    view.agreements_edit.setPlainText("partner: neemt contact op")
    row = [d.field.id for d in view.disclosure_model.plan.decisions].index("help_request")
    from PySide6.QtCore import Qt

    view.disclosure_model.setData(view.disclosure_model.index(row, 0), Qt.CheckState.Unchecked.value,
                                  Qt.ItemDataRole.CheckStateRole)
    assert view.save_button.isEnabled(), view.message.text()


def test_in_presentatiemodus_the_composer_names_only_the_kinds(qtbot, register, case_number):
    privacy = PrivacyMode()
    privacy.set_enabled(True)
    view = _view(qtbot, register, privacy)
    view.select_case(case_number)
    view.select_partner("kwadraad")
    _consent(view, {"name", "help_request"}, date.today())
    view.update_plan()
    message = view.message.text()
    assert "Hulpvraag" in message and "BSN" in message
    assert BSN not in message and "Zwanhilde" not in message


def test_intrekken_lists_and_withdraws_every_consent(qtbot, register, case_number, messages):
    view = _view(qtbot, register)
    view.select_case(case_number)
    view.select_partner("kwadraad")
    _consent(view, {"name", "phone"}, date.today() - timedelta(days=2))
    _consent(view, {"name"}, date.today())
    view.update_plan()
    assert view.withdraw_button.isEnabled()
    view.withdraw_button.click()
    [question] = messages.texts("question")
    assert "ALLE toestemmingen" in question and "(2)" in question and "telefoonnummer" in question
    assert view.disclosure_model.plan.basis is None  # the older, wider consent did not come back
    assert "geen grondslag meer" in view.message.text()


def test_a_widening_type_change_asks_first(qtbot, register, messages):
    widget = PartnersView(ViewContext(register=register, settings=None, policy=register.policy))
    qtbot.addWidget(widget)
    landlord = next(p for p in widget.service.partners() if p.code == "woningcorporatie")
    widget.select(landlord.id)
    widget.type_combo.setCurrentIndex(widget.type_combo.findData(PartnerType.DEBT_HELP.value))
    widget.save_button.click()
    assert "signaalpartner" in widget.message.text()
    assert widget.service.directory.get(landlord.id).type == PartnerType.HOUSING
    volunteer = next(p for p in widget.service.partners() if p.type == PartnerType.VOLUNTEER)
    widget.select(volunteer.id)
    widget.type_combo.setCurrentIndex(widget.type_combo.findData(PartnerType.DEBT_HELP.value))
    messages.answers.append(False)
    widget.save_button.click()
    assert "vervallen" in messages.texts("question")[-1]
    assert widget.service.directory.get(volunteer.id).type == PartnerType.VOLUNTEER
    messages.answers.append(True)
    widget.save_button.click()
    assert widget.service.directory.get(volunteer.id).type == PartnerType.DEBT_HELP
