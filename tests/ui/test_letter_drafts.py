"""Issue 11, item 7: in Brieven, text typed for one case never lands in the next. Drafts belong to a case and are
kept in the register; switching case with unsaved text asks; the draft comes back with its own case only, goes
when the letter is saved, and goes with the case. Real register, real widgets."""
from __future__ import annotations

from datetime import date, timedelta

import pytest

from ketenregie.config import MemorySettingsBackend, Policy, Settings
from ketenregie.domain.cases import Case, Household, IntakeRoute
from ketenregie.domain.consent import BasisKind, ConsentForm
from ketenregie.services.register import create_register
from ketenregie.store.case_repository import CaseRepository
from ketenregie.ui.letters.dialogs import SaveDialog
from ketenregie.ui.letters.view import LettersView
from ketenregie.ui.views.registry import ViewContext
from ketenregie.vault.kdf import KdfParams

TYPED = "partner: belt de inwoner deze week"


@pytest.fixture
def register(tmp_path):
    reg, _, _ = create_register(tmp_path / "register.krg", "een lange wachtwoordzin voor tests",
                                policy=Policy.defaults(), kdf=KdfParams.minimum())
    yield reg
    reg.close()


@pytest.fixture
def numbers(register):
    repo = CaseRepository(register.db, register.audit)
    return [repo.create(Case(Household(name), IntakeRoute.SELF, date.today() - timedelta(days=2),
                             help_request="Wil overzicht")) for name in ("Anna Eerste", "Bert Tweede")]


@pytest.fixture
def view(qtbot, register, numbers):
    settings = Settings(register.policy, MemorySettingsBackend())
    widget = LettersView(ViewContext(register=register, settings=settings, policy=register.policy))
    qtbot.addWidget(widget)
    widget.resize(1200, 900)
    widget.show()
    return widget


def test_typed_text_stays_with_its_case(view, numbers, messages, register):
    first, second = numbers
    view.select_case(first)
    view.select_partner("kwadraad")
    view.agreements_edit.setPlainText(TYPED)
    messages.answers.append(True)  # keep it as this case's draft
    view.select_case(second)
    assert "casus " + first in messages.texts("question")[-1]
    assert view.agreements_edit.toPlainText() == ""  # nothing carried over
    view.agreements_edit.setPlainText("partner: iets voor Bert")
    messages.answers.append(False)  # discard
    view.select_case(first)
    assert view.agreements_edit.toPlainText() == TYPED and view.partner().code == "kwadraad"
    asked = len(messages.texts("question"))
    view.select_case(second)  # nothing typed since the draft was loaded: no question
    assert len(messages.texts("question")) == asked
    assert view.agreements_edit.toPlainText() == ""  # Bert's discarded text is gone
    case_id = view.service.cases.get(first, audit=False).id
    assert view.service.drafts.get(case_id).agreements == TYPED
    refs = [e.object_ref for e in register.audit.recent(limit=20)]
    assert f"letter_draft:{first}" in refs and not any("belt" in r for r in refs)


def test_saving_the_letter_removes_the_draft_and_the_case_takes_it_along(view, numbers, tmp_path, register):
    first, second = numbers
    view.select_case(first)
    view.select_partner("kwadraad")
    view.sender_name.setText("M. de Boer")
    view.service.record_basis(view.case, view.partner(), BasisKind.CONSENT, date.today(), {"name", "agreements"},
                              ConsentForm.ORAL)
    view.agreements_edit.setPlainText(TYPED)
    view.draft_button.click()
    case_id = view.case.id
    assert view.service.drafts.get(case_id) is not None
    view.save_button.click()
    assert isinstance(view.dialog, SaveDialog)
    out = tmp_path / "uit"
    out.mkdir()
    view.dialog.folder_edit.setText(str(out))
    view.dialog.buttons.accepted.emit()
    assert view.last_saved and view.service.drafts.get(case_id) is None
    # a draft goes with its case
    view.service.drafts.save(case_id, view.current_draft())
    repo = CaseRepository(register.db, register.audit)
    second_id = repo.get(second, audit=False).id
    from ketenregie.domain.referral_draft import LetterDraft

    view.service.drafts.save(second_id, LetterDraft(steps_taken="Eerste gesprek gevoerd"))
    repo.delete(second)
    assert register.db.query_one("SELECT count(*) FROM letter_drafts WHERE case_id = ?", (second_id,))[0] == 0
