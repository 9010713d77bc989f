"""The letters view with a real register, as a new user would use it: pick a case, see what would be shared,
get refused without a basis, record consent, compose, preview the pages in the app, save a letter to PLANgroep and
one to Kwadraad. Plus the partner directory view (editable, and read-only under an IT policy file)."""
from __future__ import annotations

from datetime import date, timedelta
from io import BytesIO

import pytest
from pypdf import PdfReader
from PySide6.QtCore import Qt
from PySide6.QtWidgets import QDialog

from ketenregie.config import MemorySettingsBackend, Policy, Settings
from ketenregie.domain.cases import (Case, CasePartner, Crisis, CrisisKind, DebtBand, DebtPicture, Household,
                                     IntakeRoute, PartnerRole)
from ketenregie.domain.privacy_display import initials
from ketenregie.domain.referral import FieldStatus
from ketenregie.services.register import create_register
from ketenregie.store.case_repository import CaseRepository
from ketenregie.store.partner_repository import PartnerRepository
from ketenregie.ui.accessibility import name_qt_internals, unnamed_controls
from ketenregie.ui.letters.dialogs import BasisDialog, PreviewDialog, SaveDialog
from ketenregie.ui.letters.view import LettersView
from ketenregie.ui.partners.view import PartnersView
from ketenregie.ui.privacy_mode import EXTRAS_KEY as PRIVACY_KEY, PrivacyMode
from ketenregie.ui.views.registry import ViewContext
from ketenregie.vault.kdf import KdfParams

NAME = "Zwanhilde Kanarievogel-Qx"


def _register(tmp_path, policy):
    reg, _, _ = create_register(tmp_path / "register.krg", "een lange wachtwoordzin voor tests", policy=policy,
                                kdf=KdfParams.minimum())
    return reg


@pytest.fixture
def register(tmp_path):
    reg = _register(tmp_path, Policy.defaults())
    yield reg
    reg.close()


@pytest.fixture
def case_number(register):
    repo = CaseRepository(register.db, register.audit)
    partners = PartnerRepository(register.db).by_code()
    return repo.create(Case(
        household=Household(name=NAME, date_of_birth=date(1984, 6, 3), phone="06 1234 5678", postcode="2651 AB",
                            house_number="12", adults=1, children=2),
        intake_route=IntakeRoute.EARLY_SIGNALLING, help_request_date=date.today() - timedelta(days=10),
        help_request="Ik wil dat de brieven stoppen.", crisis=Crisis(CrisisKind.EVICTION, date.today() + timedelta(30)),
        debt=DebtPicture(DebtBand.FROM_15000, 9),
        partners=(CasePartner(partners["plangroep"].id, PartnerRole.DEBT_SETTLEMENT, leads=True),)))


@pytest.fixture
def view(qtbot, register, case_number):
    settings = Settings(register.policy, MemorySettingsBackend())
    widget = LettersView(ViewContext(register=register, settings=settings, policy=register.policy))
    qtbot.addWidget(widget)
    widget.resize(1200, 900)
    widget.show()
    return widget


def _record_basis(qtbot, view, *, kind_text: str | None = None, oral: bool = True):
    view.basis_button.click()
    dialog = view.dialog
    assert isinstance(dialog, BasisDialog)
    if kind_text is not None:
        dialog.kind_combo.setCurrentIndex(dialog.kind_combo.findText(kind_text, Qt.MatchFlag.MatchContains))
    if oral:
        dialog.oral_radio.setChecked(True)
    dialog.buttons.accepted.emit()
    assert dialog.result() == QDialog.DialogCode.Accepted, dialog.message.text()


def _save(qtbot, view, folder, password=None):
    view.save_button.click()
    dialog = view.dialog
    assert isinstance(dialog, SaveDialog)
    assert "niet meer beschermd" in " ".join(l.text() for l in dialog.findChildren(type(dialog.message)))
    dialog.folder_edit.setText(str(folder))
    if password:
        dialog.protect_check.setChecked(True)
        dialog.password_edit.setText(password)
        dialog.repeat_edit.setText(password)
    dialog.buttons.accepted.emit()
    return view.last_saved


def test_new_user_refers_to_kwadraad_and_plangroep(qtbot, view, case_number, register, tmp_path):
    view.select_case(case_number)
    assert view.case is not None and view.case.case_number == case_number
    view.select_partner("kwadraad")
    view.sender_name.setText("M. de Boer")
    view.arrears_edit.setPlainText("Huur; 2.480,00; 01-11-2025")
    view.agreements_edit.setPlainText("partner: neemt contact op\ninwoner: verzamelt de brieven; 19-03-2030")
    # before anything is produced: what would be shared, and no basis yet
    plan = view.disclosure_model.plan
    assert plan.basis is None and not view.save_button.isEnabled() and not view.preview_button.isEnabled()
    assert "toestemming" in view.message.text()
    assert plan.decision("arrears").status == FieldStatus.NOT_IN_PROFILE  # Kwadraad never gets debt figures
    row = [d.field.id for d in plan.decisions].index("arrears")
    index = view.disclosure_model.index(row, 0)
    assert not view.disclosure_model.flags(index) & Qt.ItemFlag.ItemIsUserCheckable
    assert not view.disclosure_model.setData(index, Qt.CheckState.Checked.value, Qt.ItemDataRole.CheckStateRole)
    # record consent, then the plan names the basis
    _record_basis(qtbot, view)
    plan = view.disclosure_model.plan
    assert plan.basis is not None and "name" in plan.shared_fields and "arrears" not in plan.shared_fields
    assert view.save_button.isEnabled()
    # the coordinator unticks the phone number: shared less
    row = [d.field.id for d in plan.decisions].index("phone")
    view.disclosure_model.setData(view.disclosure_model.index(row, 0), Qt.CheckState.Unchecked.value,
                                  Qt.ItemDataRole.CheckStateRole)
    assert "phone" not in view.disclosure_model.plan.shared_fields
    # preview inside the app (rendered off the UI thread)
    view.preview_button.click()
    qtbot.waitUntil(lambda: isinstance(view.dialog, PreviewDialog), timeout=15_000)
    preview = view.dialog
    assert preview.tabs.count() == 2 and preview.page_labels and not preview.page_labels[0].pixmap().isNull()
    preview.reject()
    # save: files named by case number, kind and date; letter holds no debt figures
    out = tmp_path / "uit"
    out.mkdir()
    paths = _save(qtbot, view, out)
    assert [p.name.split("_")[1] for p in paths] == ["verwijsbrief", "kopie-inwoner"]
    text = " ".join(PdfReader(BytesIO(paths[0].read_bytes())).pages[0].extract_text().split())
    assert "Kanarievogel" in text and "2.480" not in text and "06 1234 5678" not in text
    assert all(NAME not in p.name for p in paths)

    # PLANgroep: formal referral under the Wgs task, with arrears; password protected
    view.select_partner("plangroep")
    assert view.disclosure_model.plan.basis is None
    _record_basis(qtbot, view, kind_text="Wettelijke taak", oral=False)
    assert "arrears" in view.disclosure_model.plan.shared_fields
    paths = _save(qtbot, view, out, password="geheim wachtwoord")
    assert paths and "Opgeslagen" in view.message.text()
    reader = PdfReader(BytesIO(paths[0].read_bytes()))
    assert reader.is_encrypted and reader.decrypt("geheim wachtwoord")
    assert "2.480" in " ".join(reader.pages[0].extract_text().split() + reader.pages[1].extract_text().split())
    # both referrals are in the case timeline and the audit log holds two EXPORTs without names
    journal = view.service.cases.get(case_number, audit=False).journal
    assert sum("Verwijzing" in e.text for e in journal) == 2
    exports = [e for e in register.audit.recent(limit=100) if e.action == "export"]
    assert len(exports) == 2 and all("Kanarie" not in e.object_ref for e in exports)


def test_input_errors_and_withdrawal(qtbot, view, case_number, messages):
    view.select_case(case_number)
    view.select_partner("kwadraad")
    view.sender_name.setText("M. de Boer")
    _record_basis(qtbot, view)
    view.agreements_edit.setPlainText("iemand: doet iets")
    assert "regel 1" in view.message.text() and not view.save_button.isEnabled()
    view.agreements_edit.clear()
    assert view.withdraw_button.isEnabled()
    view.withdraw_button.click()
    assert messages.texts("question")
    assert view.disclosure_model.plan.basis is None and "ingetrokken" in view.message.text()


def test_every_control_has_an_accessible_name_and_lock_drops_the_data(qtbot, view, case_number):
    view.select_case(case_number)
    view.select_partner("plangroep")
    name_qt_internals(view)
    assert unnamed_controls(view) == []
    view.release()
    assert view.case is None and view.case_model.rowCount() == 0 and view.disclosure_model.plan is None


def test_privacy_mode_switches_in_place_and_keeps_the_input(qtbot, register, case_number):
    """Presentatiemodus updates the view where it stands (the main window rebuilds only views without
    set_privacy_mode): initials in the case list, and what the coordinator typed stays."""
    settings = Settings(register.policy, MemorySettingsBackend())
    mode = PrivacyMode(settings)
    context = ViewContext(register=register, settings=settings, policy=register.policy,
                          extras={PRIVACY_KEY: mode})
    view = LettersView(context)
    qtbot.addWidget(view)
    view.show()
    view.select_case(case_number)
    view.select_partner("kwadraad")
    view.arrears_edit.setPlainText("Huur; 2.480,00; 01-11-2025")
    view.sender_name.setText("M. de Boer")

    def names() -> list[str]:
        model = view.case_table.model()
        return [model.index(row, 1).data() for row in range(model.rowCount())]

    assert NAME in names()
    mode.set_enabled(True)
    assert NAME not in names() and initials(NAME) in names()
    assert view.case is not None and view.case.case_number == case_number  # still selected
    assert view.case_table.currentIndex().isValid()
    assert view.arrears_edit.toPlainText() == "Huur; 2.480,00; 01-11-2025" and view.sender_name.text() == "M. de Boer"
    assert view.partner().code == "kwadraad"
    mode.set_enabled(False)
    assert NAME in names()
    # an open preview shows the letter as sent (full name): it closes when privacy mode goes on
    view.dialog = PreviewDialog([], parent=view)
    view.dialog.open()
    preview = view.dialog
    mode.set_enabled(True)
    assert view.dialog is None and not preview.isVisible()
    assert "presentatiemodus" in view.message.text()
    # after a lock the view no longer follows the switch
    view.release()
    mode.set_enabled(False)
    assert view.case_model.rowCount() == 0


def test_main_window_keeps_the_letters_view_when_privacy_mode_toggles(qtbot, unlocked_gui):
    window = unlocked_gui.main_window
    window.show_view("letters")
    view = window.view("letters")
    view.steps_edit.setPlainText("Nog niet opgeslagen invoer")
    window.privacy_action.trigger()
    assert window.view("letters") is view and view.steps_edit.toPlainText() == "Nog niet opgeslagen invoer"
    window.privacy_action.trigger()
    assert window.view("letters") is view


def test_partner_directory_editing(qtbot, register):
    widget = PartnersView(ViewContext(register=register, settings=None, policy=register.policy))
    qtbot.addWidget(widget)
    assert not widget.read_only and widget.save_button.isEnabled()
    widget.new_partner()
    widget.code_edit.setText("schuldhulpmaatje")
    widget.name_edit.setText("SchuldHulpMaatje")
    widget.address_edit.setPlainText("Kerkstraat 1\n2651 AA Berkel")
    widget.contact_edit.setText("Coördinator")
    widget.save_button.click()
    assert "opgeslagen" in widget.message.text()
    entry = next(p for p in widget.service.partners() if p.code == "schuldhulpmaatje")
    assert entry.address_lines == ("Kerkstraat 1", "2651 AA Berkel") and entry.contact_person == "Coördinator"
    widget.new_partner()
    widget.code_edit.setText("schuldhulpmaatje")
    widget.name_edit.setText("Dubbel")
    widget.save_button.click()
    assert "al een partner" in widget.message.text()
    name_qt_internals(widget)
    assert unnamed_controls(widget) == []


def test_partner_directory_is_read_only_under_policy(qtbot, tmp_path):
    directory = tmp_path / "partners.toml"
    directory.write_text('[[partner]]\ncode = "plangroep"\nname = "PLANgroep"\ntype = "debt_help"\n'
                         'contact_person = "Intake"\n', encoding="utf-8")
    policy = Policy.from_mapping({"PartnerDirectoryFile": str(directory)}, "test")
    reg = _register(tmp_path, policy)
    try:
        widget = PartnersView(ViewContext(register=reg, settings=None, policy=policy))
        qtbot.addWidget(widget)
        assert widget.read_only and not widget.save_button.isEnabled() and widget.name_edit.isReadOnly()
        assert "IT" in widget.message.text()
        assert [p.code for p in widget.service.partners()] == ["plangroep"]
    finally:
        reg.close()
