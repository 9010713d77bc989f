"""Rectification (AVG art. 16): a journal entry's or action's text is corrected in place; who and when is
recorded, the wrong text is kept nowhere — not in the row, the audit log, the WAL or a freed page."""
from __future__ import annotations

import pytest

from rights_helpers import CANARY_NOTE, TODAY, full_case, new_register, register_key
from sqlcipher_pages import hits

from ketenregie.domain.audit import AuditAction
from ketenregie.domain.case_validation import CaseValidationError
from ketenregie.services.rectification import RectificationService
from ketenregie.store.case_repository import CaseRepository


@pytest.fixture
def register(tmp_path):
    reg = new_register(tmp_path / "register.krg")
    yield reg
    reg.close()


def _entry_and_action(register, number):
    case = CaseRepository(register.db, register.audit).get(number, audit=False)
    entry = next(j for j in case.journal if CANARY_NOTE in j.text)
    action = next(a for a in case.actions if CANARY_NOTE in a.description)
    return entry, action


def test_correcting_a_journal_entry_and_an_action_keeps_who_and_when_but_not_the_wrong_text(register):
    number = full_case(register)
    # the canary also sits in the help request, conversation and meeting of full_case: use a text only here
    repo = CaseRepository(register.db, register.audit, clock=lambda: TODAY)
    from ketenregie.domain.cases import Action, JournalEntry

    wrong = "Foutgenoteerd-Schuldeiser-Qz"
    entry_id = repo.add_journal_entry(number, JournalEntry(TODAY, f"Schuld bij {wrong}"))
    action_id = repo.add_action(number, Action(f"Bel {wrong}"))
    key = register_key(register)
    register.db.checkpoint()
    assert hits(register.files.register, key, [wrong])[wrong] > 0
    audit_before = register.audit.count()
    service = RectificationService(register, clock=lambda: TODAY)

    warnings = service.correct_journal_entry(number, entry_id, "Schuld bij de zorgverzekeraar, tel 06-12345678")
    service.correct_action(number, action_id, "Bel de zorgverzekeraar")

    assert warnings  # a phone number in the new text: a warning, never a block
    case = repo.get(number, audit=False)
    assert next(j for j in case.journal if j.id == entry_id).text.startswith("Schuld bij de zorgverzekeraar")
    assert next(a for a in case.actions if a.id == action_id).description == "Bel de zorgverzekeraar"
    corrections = service.corrections(number)
    assert {(c.kind, c.row_id) for c in corrections} == {("journal", entry_id), ("action", action_id)}
    assert all(c.corrected_by and c.corrected_at for c in corrections)
    entries = register.audit.recent(2)
    assert register.audit.count() == audit_before + 2
    assert [e.action for e in entries] == [AuditAction.CORRECT.value] * 2
    assert {e.object_ref for e in entries} == {f"journal:{number}.{entry_id}", f"action:{number}.{action_id}"}
    assert register.audit.verify().ok
    assert hits(register.files.register, key, [wrong]) == {wrong: 0}


def test_a_refused_correction_changes_nothing(register):
    number = full_case(register)
    other = full_case(register, name="Karel Bos", note="Anderenotitie")
    entry, action = _entry_and_action(register, number)
    service = RectificationService(register, clock=lambda: TODAY)
    before = register.audit.count()
    with pytest.raises(CaseValidationError):
        service.correct_journal_entry(number, entry.id, "   ")
    with pytest.raises(CaseValidationError):
        service.correct_action(number, action.id, "x" * 301)
    with pytest.raises(CaseValidationError):  # an entry of another case
        service.correct_journal_entry(other, entry.id, "Nieuwe tekst")
    assert register.audit.count() == before and service.corrections(number) == []
    assert _entry_and_action(register, number) == (entry, action)
