"""Issue 15 item 6: drafts kept at a lock go with their case. Erasure on request and the retention purge (one code
path, store/case_erasure.py) remove the case dialog's draft and a meeting's planning draft whose agenda names the
case — down to the bytes of the decrypted pages — and leave other drafts alone. A draft of a deleted meeting goes
with the meeting (ON DELETE CASCADE)."""
from __future__ import annotations

from dataclasses import replace
from datetime import date

import pytest

from rights_helpers import full_case, new_register, register_key
from sqlcipher_pages import hits

from ketenregie.domain.form_drafts import DraftKind, FormDraft
from ketenregie.services.erasure import ErasureService
from ketenregie.store.case_erasure import case_id_of
from ketenregie.store.form_draft_repository import FormDraftRepository

CASE_DRAFT = "Conceptkanarie-Casusformulier"
MEETING_DRAFT = "Conceptkanarie-Agendavraag"
OTHER_DRAFT = "Conceptkanarie-AndereCasus"
RECORD_DRAFT = "Conceptkanarie-Vergadermodus"


@pytest.fixture
def register(tmp_path):
    reg = new_register(tmp_path / "register.krg")
    yield reg
    reg.close()


def _meeting_id(register) -> int:
    return register.db.query_one("SELECT id FROM meetings")[0]


def _keep_drafts(register, case_id: int, other_id: int) -> FormDraftRepository:
    repo = FormDraftRepository(register.db, register.audit)
    meeting_id = _meeting_id(register)
    assert repo.keep([
        FormDraft(DraftKind.CASE, {"help_request": CASE_DRAFT}, case_id=case_id),
        FormDraft(DraftKind.MEETING, {"items": [{"case_id": case_id, "question": MEETING_DRAFT}]},
                  meeting_id=meeting_id),
        FormDraft(DraftKind.CASE, {"help_request": OTHER_DRAFT}, case_id=other_id),
        FormDraft(DraftKind.MEETING_RECORD, {"case_id": case_id, "item": 0, "text": RECORD_DRAFT},
                  meeting_id=meeting_id),
    ]) == 4
    return repo


def test_erasure_removes_the_case_drafts_and_the_meeting_draft_that_names_the_case(register):
    number = full_case(register)
    other = full_case(register, name="Karel Bos", note="Anderecasusnotitie", bsn="123456782",
                      iban="NL02RABO0123456789", phone="06-11223344")
    case_id, other_id = (case_id_of(register.db.conn, n) for n in (number, other))
    repo = _keep_drafts(register, case_id, other_id)
    key = register_key(register)
    register.db.checkpoint()
    path = register.files.register
    texts = [CASE_DRAFT, MEETING_DRAFT, OTHER_DRAFT, RECORD_DRAFT]
    assert all(n > 0 for n in hits(path, key, texts).values())

    preview = ErasureService(register).preview(number)
    assert preview.count("form_drafts") == 3
    report = ErasureService(register).erase(number, number)

    assert report.count("form_drafts") == 3
    assert [(d.kind, d.case_id) for d in repo.all()] == [(DraftKind.CASE, other_id)]
    found = hits(path, key, texts)
    assert found.pop(OTHER_DRAFT) > 0
    assert found == {CASE_DRAFT: 0, MEETING_DRAFT: 0, RECORD_DRAFT: 0}


def test_the_retention_purge_removes_them_too(register):
    from ketenregie.domain.cases import Closing, ClosingReason, Phase
    from ketenregie.store.case_repository import CaseRepository
    from ketenregie.store.retention_repository import RetentionRepository

    number = full_case(register, today=date(2024, 1, 10))
    other = full_case(register, name="Karel Bos", note="Anderecasusnotitie", bsn="123456782",
                      iban="NL02RABO0123456789", phone="06-11223344", today=date(2026, 5, 1))
    cases = CaseRepository(register.db, register.audit, clock=lambda: date(2024, 2, 1))
    case = cases.get(number, audit=False)
    cases.update(replace(case, phase=Phase.CLOSED, closing=Closing(ClosingReason.NO_CONTACT, date(2024, 2, 1))))
    case_id, other_id = (case_id_of(register.db.conn, n) for n in (number, other))
    repo = _keep_drafts(register, case_id, other_id)
    retention = RetentionRepository(register.db, register.audit)
    plan = retention.plan(date(2026, 5, 12))
    assert [c.case_number for c in plan.cases] == [number]
    assert retention.purge(plan).cases == 1
    assert [(d.kind, d.case_id) for d in repo.all()] == [(DraftKind.CASE, other_id)]


def test_a_meeting_draft_goes_with_its_meeting(register):
    number = full_case(register)
    repo = FormDraftRepository(register.db, register.audit)
    meeting_id = _meeting_id(register)
    repo.keep([FormDraft(DraftKind.MEETING, {"purpose": "x"}, meeting_id=meeting_id)])
    assert repo.count() == 1
    with register.db.transaction() as conn:
        conn.execute("DELETE FROM meetings WHERE id = ?", (meeting_id,))
    assert repo.count() == 0 and number
