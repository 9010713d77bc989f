"""Issue 11, item 6: presentatiemodus closes its gaps. Identifiers inside free text (help request, journal note,
action) are masked like the contact fields; the letter composer shows a name typed into it as initials and masks
the BSN field; the letter preview shows initials and masked details (the PDF read back with pypdf); closed dialogs
are destroyed, not hidden with their data. Real register, real widgets walked for text, tooltips, accessible
names and model data in every role."""
from __future__ import annotations

from dataclasses import replace
from datetime import date, timedelta
from io import BytesIO

import pytest
import shiboken6
from pypdf import PdfReader
from PySide6.QtCore import QCoreApplication, QEvent, Qt
from PySide6.QtWidgets import QDialog

from ketenregie.config import MemorySettingsBackend, Policy, Settings
from ketenregie.documents.letterhead import Letterhead
from ketenregie.documents.referral_letter import render_referral_letter
from ketenregie.domain.cases import Case, Household, IntakeRoute, JournalEntry
from ketenregie.domain.consent import BasisKind, ConsentForm
from ketenregie.domain.privacy_display import initials
from ketenregie.services.register import create_register
from ketenregie.store.case_repository import CaseRepository
from ketenregie.ui.cases.dialog import CaseDialog
from ketenregie.ui.letters.dialogs import BasisDialog, SaveDialog
from ketenregie.ui.letters.view import LettersView
from ketenregie.ui.privacy_mode import EXTRAS_KEY as PRIVACY_KEY, PrivacyMode
from ketenregie.ui.views.registry import ViewContext
from ketenregie.vault.kdf import KdfParams
from test_privacy_mode import visible_texts

NAME = "Zwanhilde Kanarievogel"
BSN, IBAN, PHONE = "111222333", "NL91 ABNA 0417 1643 00", "06-98765432"
SECRETS = (NAME, "Kanarievogel", "Zwanhilde", BSN, IBAN, PHONE, "06 1234 5678", "2651 AB", "03-06-1984")


@pytest.fixture
def register(tmp_path):
    reg, _, _ = create_register(tmp_path / "register.krg", "een lange wachtwoordzin voor tests",
                                policy=Policy.defaults(), kdf=KdfParams.minimum())
    yield reg
    reg.close()


@pytest.fixture
def case_number(register):
    repo = CaseRepository(register.db, register.audit)
    number = repo.create(Case(
        household=Household(name=NAME, date_of_birth=date(1984, 6, 3), phone="06 1234 5678", postcode="2651 AB",
                            house_number="12", email="z@example.nl"),
        intake_route=IntakeRoute.SELF, help_request_date=date.today() - timedelta(days=3),
        help_request=f"Wil overzicht; BSN {BSN}, rekening {IBAN}"))
    repo.add_journal_entry(number, JournalEntry(date.today(), f"Gebeld met Zwanhilde op {PHONE}"))
    return number


def _context(register, privacy: PrivacyMode):
    settings = Settings(register.policy, MemorySettingsBackend())
    return ViewContext(register=register, settings=settings, policy=register.policy, extras={PRIVACY_KEY: privacy})


def _leaks(root) -> list[str]:
    texts = visible_texts(root)
    return [secret for secret in SECRETS if any(secret in text for text in texts)]


def test_identifiers_inside_free_text_are_masked_in_the_case_dialog(qtbot, register, case_number):
    privacy = PrivacyMode()
    privacy.set_enabled(True)
    dialog = CaseDialog(_context(register, privacy), case_number)
    qtbot.addWidget(dialog)
    dialog.show()
    assert _leaks(dialog) == []
    assert "••••" in dialog.request_edit.toPlainText()
    privacy.set_enabled(False)  # the real text is back (and what is saved is the real text)
    assert BSN in dialog.request_edit.toPlainText()


def test_the_composer_and_preview_show_initials_and_masks(qtbot, register, case_number):
    privacy = PrivacyMode()
    view = LettersView(_context(register, privacy))
    qtbot.addWidget(view)
    view.resize(1200, 900)
    view.show()
    view.select_case(case_number)
    view.select_partner("plangroep")
    view.sender_name.setText("M. de Boer")
    wanted = {"name", "date_of_birth", "address", "phone", "email", "agreements"}
    view.service.record_basis(view.case, view.partner(), BasisKind.CONSENT, date.today(),
                              wanted & view.service.profile_for(view.partner()).field_ids(), ConsentForm.ORAL)
    view.agreements_edit.setPlainText("partner: bellen met Zwanhilde")
    privacy.set_enabled(True)
    assert _leaks(view) == [], _leaks(view)
    assert "Z." in view.agreements_edit.toPlainText()
    assert "Afspraken" in view.message.text()  # still refused, naming only field and kind
    privacy.set_enabled(False)
    view.agreements_edit.setPlainText("partner: neemt contact op")
    assert view.preview_button.isEnabled(), view.message.text()
    privacy.set_enabled(True)
    view.preview()
    qtbot.waitUntil(lambda: view.dialog is not None, timeout=20_000)
    shown = view.previewed_letter
    assert shown.name == initials(NAME) and shown.phone == "••••" and shown.date_of_birth is None
    assert _leaks(view.dialog) == []
    text = " ".join(p.extract_text() for p in PdfReader(BytesIO(render_referral_letter(
        shown, Letterhead.from_policy(register.policy)))).pages)
    assert [s for s in SECRETS if s in text] == [] and initials(NAME) in text
    with pytest.raises(Exception):  # a presentation copy can never be saved
        view.service.verify(shown)


def _live_dialogs(view) -> list:
    QCoreApplication.sendPostedEvents(None, QEvent.Type.DeferredDelete)
    return [d for d in view.findChildren(QDialog) if shiboken6.isValid(d)]


def test_closed_dialogs_are_destroyed(qtbot, register, case_number):
    repo = CaseRepository(register.db, register.audit)
    repo.update(replace(repo.get(case_number, audit=False), help_request="Wil overzicht"))
    view = LettersView(_context(register, PrivacyMode()))
    qtbot.addWidget(view)
    view.show()
    view.select_case(case_number)
    view.select_partner("kwadraad")
    view.sender_name.setText("M. de Boer")
    view.basis_button.click()
    assert isinstance(view.dialog, BasisDialog)
    view.dialog.reject()
    assert view.dialog is None and _live_dialogs(view) == []
    view.basis_button.click()
    view.dialog.oral_radio.setChecked(True)
    view.dialog.buttons.accepted.emit()
    assert _live_dialogs(view) == []
    view.save_button.click()
    assert isinstance(view.dialog, SaveDialog)
    view.dialog.reject()
    assert view.dialog is None and _live_dialogs(view) == []
    view.preview()
    qtbot.waitUntil(lambda: view.dialog is not None, timeout=20_000)
    view.dialog.reject()
    assert view.dialog is None and view.previewed_letter is None and _live_dialogs(view) == []
    view.release()  # nothing left to close, and no error from a dialog that is already gone


def test_the_planning_dialog_masks_question_and_summary(qtbot, register, case_number):
    from datetime import datetime

    from ketenregie.domain.meetings import CaseMeeting, MeetingKind, Participant, ParticipantRole
    from ketenregie.store.meeting_repository import MeetingRepository
    from ketenregie.ui.meetings.planning import PlanningDialog

    repo = MeetingRepository(register.db, register.audit)
    start = datetime.combine(date.today() + timedelta(days=3), datetime.min.time()).replace(hour=9)
    meeting_id = repo.save(CaseMeeting(starts_at=start, purpose="Vastgelopen trajecten", chair="Teamleider",
                                       location="Raadhuis", kind=MeetingKind.INTERNAL,
                                       participants=(Participant("Gemeente", ParticipantRole.CHAIR),)))
    case_id = CaseRepository(register.db, register.audit).get(case_number, audit=False).id
    meeting = repo.add_cases(repo.get(meeting_id, audit=False), [case_id])
    [item] = meeting.items
    repo.save(replace(meeting, items=(replace(item, question="Hoe verder met Zwanhilde?",
                                              summary=f"Belt vaak vanaf {PHONE}."),)))
    dialog = PlanningDialog(repo, repo.get(meeting_id, audit=False), partners={}, privacy_mode=True)
    qtbot.addWidget(dialog)
    dialog.item_list.setCurrentRow(0)
    assert _leaks(dialog) == []
    assert "Z." in dialog.question_edit.text() and "[telefoon]" in dialog.summary_edit.toPlainText()
    dialog.set_privacy_mode(False)
    assert dialog.question_edit.text() == "Hoe verder met Zwanhilde?"
    dialog.set_privacy_mode(True)
    dialog._store_current_item()  # what is kept is the real text, never the masked one
    assert dialog.meeting.items[0].summary == f"Belt vaak vanaf {PHONE}."
