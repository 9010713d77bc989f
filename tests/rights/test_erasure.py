"""Erasure on request (AVG art. 17): preview per kind of data, typed confirmation, one transaction, audit by counts,
and — read back from the decrypted pages of the register file and its WAL — not one byte of the case left."""
from __future__ import annotations

import pytest

from rights_helpers import (CANARIES, CANARY_NAME, CANARY_NOTE, full_case, new_register, register_key)
from sqlcipher_pages import hits

from ketenregie.domain.audit import AuditAction
from ketenregie.services.erasure import CaseGone, ConfirmationMismatch, ErasureService
from ketenregie.store.case_erasure import ERASURE_STEPS, ErasureStep

TABLES = ("cases", "households", "journal_entries", "actions", "conversations", "conversation_goals",
          "conversation_goal_steps", "referrals", "sharing_bases", "case_meeting_marks", "agenda_item_records",
          "audit_subjects")


@pytest.fixture
def register(tmp_path):
    reg = new_register(tmp_path / "register.krg")
    yield reg
    reg.close()


def _counts(register) -> dict[str, int]:
    return {t: register.db.query_one(f"SELECT count(*) FROM {t}")[0] for t in TABLES}


def test_preview_lists_everything_that_goes_and_changes_nothing(register):
    number = full_case(register)
    before, audit_before = _counts(register), register.audit.count()
    report = ErasureService(register).preview(number)
    expected = {"case": 1, "household": 1, "conversations": 1, "referrals": 1, "sharing_bases": 1,
                "meeting_mark": 1, "agenda_texts": 1, "audit_link": 1}
    assert {k: report.count(k) for k in expected} == expected
    journal = register.db.query_one("SELECT count(*) FROM journal_entries")[0]
    assert report.count("journal") == journal >= 1 and report.count("actions") >= 1
    text = "\n".join(report.lines_nl())
    assert f"Journaalregels: {journal}" in text and "concepten" in text and "agendapunten" in text
    assert CANARY_NAME not in text and CANARY_NOTE not in text
    assert _counts(register) == before and register.audit.count() == audit_before


def test_erase_needs_the_typed_case_number(register):
    number = full_case(register)
    before, audit_before = _counts(register), register.audit.count()
    with pytest.raises(ConfirmationMismatch):
        ErasureService(register).erase(number, "ja")
    assert _counts(register) == before and register.audit.count() == audit_before
    with pytest.raises(CaseGone):
        ErasureService(register).erase("2026-9999", "2026-9999")


def test_erase_destroys_every_byte_of_the_case_and_logs_counts_only(register):
    number = full_case(register)
    other = full_case(register, name="Karel Bos", note="Anderecasusnotitie", bsn="123456782",
                      iban="NL02RABO0123456789", phone="06-11223344")
    key = register_key(register)
    register.db.checkpoint()
    path = register.files.register
    # positive control: the decrypted pages hold every canary before the erasure
    assert all(n > 0 for n in hits(path, key, list(CANARIES)).values())
    audit_before = register.audit.count()

    report = ErasureService(register).erase(number, f" {number} ")

    assert report.count("case") == 1 and report.total >= 10
    assert register.audit.count() == audit_before + 1
    entry = register.audit.recent(1)[0]
    assert entry.action == AuditAction.ERASE.value and entry.object_ref == report.object_ref
    assert entry.object_ref.startswith("erase:cases=1,rows=") and number not in entry.object_ref
    assert register.audit.verify().ok
    # the other case is untouched, the meeting keeps its (now text-less, unlinked) agenda item
    assert register.db.query_one("SELECT count(*) FROM cases")[0] == 1
    assert register.db.query_one("SELECT count(*) FROM agenda_items WHERE case_id IS NULL AND question = '' "
                                 "AND summary = ''")[0] == 1
    assert register.db.query_all("PRAGMA foreign_key_check") == []
    # not one byte left in the database file or its WAL (decrypted page by page), while the other case is there
    found = hits(path, key, [*CANARIES, "Anderecasusnotitie"])
    assert found.pop("Anderecasusnotitie") > 0
    assert found == dict.fromkeys(CANARIES, 0)
    assert not any(number in ref for ref in (r[0] for r in register.db.query_all("SELECT object_ref FROM audit_log")))
    assert other in [e.object_ref.split(":")[1] for e in register.audit.recent(1000) if e.object_ref.startswith("case:")]


def test_without_secure_delete_the_bytes_would_stay(register):
    """The check above is meaningful: with secure_delete off, the same erasure leaves the canary in the pages."""
    number = full_case(register)
    key = register_key(register)
    register.db.execute("PRAGMA secure_delete = OFF")
    ErasureService(register).erase(number, number)
    assert hits(register.files.register, key, [CANARY_NOTE])[CANARY_NOTE] > 0


def test_a_failure_rolls_the_whole_erasure_back(register):
    number = full_case(register)
    before, audit_before = _counts(register), register.audit.count()
    register.db.execute("CREATE TEMP TRIGGER refuse BEFORE DELETE ON households BEGIN SELECT RAISE(ABORT, 'no'); END")
    with pytest.raises(Exception, match="no"):
        ErasureService(register).erase(number, number)
    assert _counts(register) == before and register.audit.count() == audit_before


def test_a_feature_adds_its_own_step(register, monkeypatch):
    number = full_case(register)
    register.db.execute("CREATE TABLE signal_probe (id INTEGER PRIMARY KEY, case_id INTEGER, text TEXT)")
    case_id = register.db.query_one("SELECT id FROM cases WHERE case_number = ?", (number,))[0]
    register.db.execute("INSERT INTO signal_probe (case_id, text) VALUES (?, 'x'), (?, 'y')", (case_id, case_id))
    monkeypatch.setattr("ketenregie.store.case_erasure.ERASURE_STEPS", list(ERASURE_STEPS))
    from ketenregie.store import case_erasure

    step = ErasureStep("signals", "Vroegsignalen",
                       f"SELECT count(*) FROM signal_probe WHERE case_id IN ({case_erasure.CASE_IDS})",
                       (f"DELETE FROM signal_probe WHERE case_id IN ({case_erasure.CASE_IDS})",))
    case_erasure.register_step(step)
    assert case_erasure.ERASURE_STEPS[-1].key == "case" and case_erasure.ERASURE_STEPS[-2] is step
    with pytest.raises(ValueError):
        case_erasure.register_step(step)
    assert ErasureService(register).preview(number).count("signals") == 2
    ErasureService(register).erase(number, number)
    assert register.db.query_one("SELECT count(*) FROM signal_probe")[0] == 0


def test_retention_purge_runs_the_same_steps_down_to_the_bytes(register):
    """The purge and the erasure share one code path: a purged case also leaves no text in a meeting that is kept
    (before issue 11 the agenda item kept its question, summary and minutes) and no byte in the pages."""
    from dataclasses import replace
    from datetime import date

    from ketenregie.domain.cases import Closing, ClosingReason, Phase
    from ketenregie.store.case_repository import CaseRepository
    from ketenregie.store.retention_repository import RetentionRepository

    number = full_case(register, today=date(2024, 1, 10))
    cases = CaseRepository(register.db, register.audit, clock=lambda: date(2024, 2, 1))
    case = cases.get(number, audit=False)
    cases.update(replace(case, phase=Phase.CLOSED, closing=Closing(ClosingReason.NO_CONTACT, date(2024, 2, 1))))
    key = register_key(register)
    repo = RetentionRepository(register.db, register.audit)
    plan = repo.plan(date(2026, 5, 12))
    assert [c.case_number for c in plan.cases] == [number] and not plan.meetings  # the meeting is kept (5 years)
    assert repo.purge(plan).cases == 1
    register.db.checkpoint()
    assert register.db.query_all("SELECT question, summary, case_id FROM agenda_items") == [("", "", None)]
    assert register.db.query_one("SELECT count(*) FROM agenda_item_records")[0] == 0
    assert hits(register.files.register, key, list(CANARIES)) == dict.fromkeys(CANARIES, 0)
