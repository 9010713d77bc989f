"""The case dialog's "Verwijzingen" and "Grondslagen" tabs on a real register: a referral made through the
referral service is listed with its recipient, basis and the kinds of data shared — never the letter's contents;
consent is recorded and withdrawn through the tab (one transaction and one audit entry each); privacy mode shows
no full names."""
from __future__ import annotations

from datetime import date, timedelta

import pytest
from PySide6.QtCore import Qt
from PySide6.QtWidgets import QDialog

from ketenregie.config import MemorySettingsBackend, Policy, Settings
from ketenregie.domain.cases import Case, CasePartner, Household, IntakeRoute, PartnerRole
from ketenregie.domain.consent import BasisKind, ConsentForm
from ketenregie.domain.privacy_display import initials
from ketenregie.domain.referral import ReferralContent, SenderInfo
from ketenregie.domain.referral_fields import labels_nl
from ketenregie.domain.referral_input import parse_arrears
from ketenregie.services.referral import ReferralService
from ketenregie.services.register import create_register
from ketenregie.store.case_repository import CaseRepository
from ketenregie.store.consent_repository import ConsentRepository
from ketenregie.store.partner_repository import PartnerRepository
from ketenregie.store.referral_repository import ReferralRepository
from ketenregie.ui.accessibility import unnamed_controls
from ketenregie.ui.cases.dialog import CaseDialog
from ketenregie.ui.letters.dialogs import BasisDialog
from ketenregie.ui.privacy_mode import EXTRAS_KEY, PrivacyMode
from ketenregie.ui.views.registry import ViewContext
from ketenregie.vault.kdf import KdfParams

NAME = "Zwanhilde Kanarievogel-Qx"
REQUEST = "Ik wil dat de brieven van de deurwaarder stoppen."
STEPS = "Budgetcoach Xylofoon heeft gebeld."
COORDINATOR = "Marieke Quirijnsdochter"
TODAY = date.today()


@pytest.fixture
def register(tmp_path):
    reg, _, _ = create_register(tmp_path / "register.krg", "een lange wachtwoordzin voor tests",
                                policy=Policy.defaults(), kdf=KdfParams.minimum())
    yield reg
    reg.close()


@pytest.fixture
def case(register):
    repo = CaseRepository(register.db, register.audit)
    plangroep = PartnerRepository(register.db).by_code()["plangroep"]
    number = repo.create(Case(
        household=Household(name=NAME, phone="06 1234 5678"), intake_route=IntakeRoute.SELF,
        help_request_date=TODAY - timedelta(days=5), help_request=REQUEST,
        partners=(CasePartner(plangroep.id, PartnerRole.DEBT_SETTLEMENT, leads=True),)))
    return repo.get(number, audit=False)


def _context(register, *, privacy: bool = False) -> ViewContext:
    settings = Settings(register.policy, MemorySettingsBackend())
    mode = PrivacyMode(settings)
    mode.set_enabled(privacy)
    return ViewContext(register=register, settings=settings, policy=register.policy, extras={EXTRAS_KEY: mode})


def _partner(service: ReferralService, code: str):
    return next(p for p in service.partners() if p.code == code)


def _refer(register, case, code: str, *, actor: str | None = None):
    """A referral as the letters view records it (basis, composed letter, record) — without rendering a PDF."""
    service = ReferralService(register)
    if actor is not None:
        service.consents = ConsentRepository(register.db, register.audit, actor=actor)
        service.referrals = ReferralRepository(register.db, register.audit, actor=actor)
    partner = _partner(service, code)
    profile = service.profile_for(partner)
    service.record_basis(case, partner, BasisKind.CONSENT, TODAY, profile.field_ids({"BsnEnabled": False}),
                         ConsentForm.ORAL)
    content = ReferralContent(arrears=parse_arrears("Huur; 2.480,00; 01-11-2025"), steps_taken=STEPS)
    letter = service.compose(case, partner, content, sender=SenderInfo("M. de Boer", phone="0412 123456"))
    service.referrals.record(letter, case_id=case.id, basis_id=letter.basis_id, resident_copy=True, protected=False)
    return partner, letter


def _open(qtbot, context, number: str) -> CaseDialog:
    dialog = CaseDialog(context, number)
    qtbot.addWidget(dialog)
    dialog.resize(1100, 700)
    dialog.show()
    return dialog


def _cells(tab) -> list[list[str]]:
    model = tab.table.model()
    return [[model.index(row, column).data() for column in range(model.columnCount())]
            for row in range(model.rowCount())]


def _headers(tab) -> list[str]:
    model = tab.table.model()
    return [model.headerData(c, Qt.Orientation.Horizontal) for c in range(model.columnCount())]


def _audit(register) -> list[tuple[str, str]]:
    """Action and reference per audit row, oldest first, with case tokens shown as case numbers (audit_refs.py)."""
    return [(e.action, e.object_ref) for e in reversed(register.audit.recent(register.audit.count()))]


def test_referrals_tab_lists_what_was_shared_and_never_the_contents(qtbot, register, case):
    plangroep, letter = _refer(register, case, "plangroep")
    kwadraad, letter2 = _refer(register, case, "kwadraad")
    dialog = _open(qtbot, _context(register), case.case_number)
    dialog.tabs.setCurrentWidget(dialog.referrals_tab)  # shown: reads the register
    tab = dialog.referrals_tab
    assert dialog.tabs.tabText(dialog.tabs.currentIndex()) == "Ver&wijzingen"
    rows = {row[_headers(tab).index("Ontvanger")]: dict(zip(_headers(tab), row)) for row in _cells(tab)}
    assert len(rows) == 2
    plan_row = next(r for key, r in rows.items() if key.startswith(plangroep.name))
    kwa_row = next(r for key, r in rows.items() if key.startswith(kwadraad.name))
    assert plan_row["Gedeelde gegevens"] == ", ".join(labels_nl(letter.shared_fields))
    assert kwa_row["Gedeelde gegevens"] == ", ".join(labels_nl(letter2.shared_fields))
    assert "Achterstanden" in plan_row["Gedeelde gegevens"] or "chterstand" in plan_row["Gedeelde gegevens"]
    assert "chterstand" not in kwa_row["Gedeelde gegevens"]  # Kwadraad never got the debt figures
    assert plan_row["Grondslag"].startswith("Toestemming van de inwoner (mondeling)")
    assert plan_row["Kopie inwoner"] == "ja" and plan_row["Wachtwoord"] == "nee"
    assert plan_row["Datum"] == TODAY.strftime("%d-%m-%Y")
    text = " ".join(" ".join(row) for row in _cells(tab)) + tab.status.text() + tab.intro.text()
    for secret in (NAME, REQUEST, STEPS, "2.480", "06 1234 5678", "0412 123456"):
        assert secret not in text
    # a referral made later (e.g. in Brieven while the dialog is open) appears when the tab is shown again
    dialog.tabs.setCurrentIndex(0)
    ReferralRepository(register.db, register.audit).record(letter, case_id=case.id, basis_id=letter.basis_id,
                                                            resident_copy=False, protected=True)
    dialog.tabs.setCurrentWidget(tab)
    assert tab.model.rowCount() == 3
    assert not dialog.dirty
    assert unnamed_controls(dialog) == []


def test_record_and_withdraw_consent_through_the_tab(qtbot, register, case, messages):
    dialog = _open(qtbot, _context(register), case.case_number)
    dialog.tabs.setCurrentWidget(dialog.bases_tab)
    tab = dialog.bases_tab
    assert tab.model.rowCount() == 0
    service = ReferralService(register)
    assert tab.partner_combo.currentData() == _partner(service, "plangroep").id  # the leading partner first
    assert not tab.withdraw_button.isEnabled()
    tab.select_partner("kwadraad")
    before = len(_audit(register))
    tab.record_button.click()
    basis_dialog = tab.dialog
    assert isinstance(basis_dialog, BasisDialog)
    basis_dialog.written_radio.setChecked(True)
    basis_dialog.buttons.accepted.emit()
    assert basis_dialog.result() == QDialog.DialogCode.Accepted, basis_dialog.message.text()
    audit = _audit(register)
    assert len(audit) == before + 1 and audit[-1][0] == "create" and audit[-1][1].startswith(
        f"basis:{case.case_number}.")
    assert tab.model.rowCount() == 1 and tab.dialog is None
    row = dict(zip(_headers(tab), _cells(tab)[0]))
    assert row["Ontvanger"].startswith(_partner(service, "kwadraad").name)
    assert row["Grondslag"] == "Toestemming van de inwoner" and row["Vorm"] == "schriftelijk"
    assert row["Datum"] == TODAY.strftime("%d-%m-%Y") and row["Ingetrokken op"] == ""
    assert row["Vastgelegd door"] == service.consents.actor
    assert tab.selected_basis() is not None and tab.withdraw_button.isEnabled()
    # the coordinator says no to the question: nothing changes
    messages.answers.append(False)
    assert not tab.withdraw_selected()
    assert len(_audit(register)) == before + 1
    # withdraw: one transaction, one audit entry
    messages.answers.append(True)
    tab.withdraw_button.click()
    audit = _audit(register)
    assert len(audit) == before + 2 and audit[-1][0] == "update"
    assert service.bases(case)[0].withdrawn_on == TODAY
    row = dict(zip(_headers(tab), _cells(tab)[0]))
    assert row["Ingetrokken op"] == TODAY.strftime("%d-%m-%Y")
    assert not tab.withdraw_button.isEnabled()
    assert "ingetrokken" in tab.status.text()
    assert not dialog.dirty  # bases are saved at once, the case form has nothing pending


def test_new_case_has_no_bases_until_saved(qtbot, register):
    dialog = CaseDialog(_context(register), None)
    qtbot.addWidget(dialog)
    dialog.show()
    dialog.tabs.setCurrentWidget(dialog.bases_tab)
    assert not dialog.bases_tab.record_button.isEnabled()
    assert "eerst op" in dialog.bases_tab.status.text()
    dialog.tabs.setCurrentWidget(dialog.referrals_tab)
    assert dialog.referrals_tab.model.rowCount() == 0 and "eerst op" in dialog.referrals_tab.status.text()
    dialog.tabs.setCurrentIndex(0)
    dialog.name_edit.setText("Fenna de Boer")
    dialog.request_date_edit.setText(TODAY.strftime("%d-%m-%Y"))
    assert dialog.save()
    dialog.tabs.setCurrentWidget(dialog.bases_tab)
    assert dialog.bases_tab.record_button.isEnabled() and dialog.bases_tab.status.text() == ""


def test_privacy_mode_shows_no_full_names(qtbot, register, case):
    _refer(register, case, "plangroep", actor=COORDINATOR)
    context = _context(register, privacy=True)
    mode = context.extras[EXTRAS_KEY]
    dialog = _open(qtbot, context, case.case_number)
    for tab in (dialog.referrals_tab, dialog.bases_tab):
        dialog.tabs.setCurrentWidget(tab)
        text = " ".join(" ".join(row) for row in _cells(tab))
        assert tab.model.rowCount() == 1
        assert COORDINATOR not in text and NAME not in text and initials(COORDINATOR) in text
    mode.set_enabled(False)  # in place, no rebuild
    tab = dialog.bases_tab
    assert COORDINATOR in " ".join(" ".join(row) for row in _cells(tab))
    mode.set_enabled(True)
    assert COORDINATOR not in " ".join(" ".join(row) for row in _cells(tab))
    assert NAME not in dialog.windowTitle()
