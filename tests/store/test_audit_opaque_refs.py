"""Issue 11 item 9: the audit log refers to cases by an opaque token whose link to the case number is deleted with
the case, so the chain still verifies and no audit row names a purged or erased case."""
from __future__ import annotations

from datetime import date, timedelta

import pytest

from ketenregie.config import Policy
from ketenregie.domain.audit import AuditAction
from ketenregie.domain.cases import Case, Household, IntakeRoute, JournalEntry
from ketenregie.services.register import create_register
from ketenregie.store.case_repository import CaseRepository
from ketenregie.store.conversation_repository import ConversationRepository
from ketenregie.vault.kdf import KdfParams

TODAY = date(2026, 5, 12)


@pytest.fixture
def register(tmp_path):
    reg, _, _ = create_register(tmp_path / "register.krg", "een lange wachtwoordzin voor tests",
                                policy=Policy.defaults(), kdf=KdfParams.minimum())
    yield reg
    reg.close()


def _new_case(register, name="Piet Puk") -> str:
    cases = CaseRepository(register.db, register.audit, clock=lambda: TODAY)
    return cases.create(Case(Household(name), IntakeRoute.SELF, TODAY - timedelta(days=3),
                             journal=(JournalEntry(TODAY, "Eerste contact"),)))


def _stored_refs(register) -> list[str]:
    return [r[0] for r in register.db.query_all("SELECT object_ref FROM audit_log ORDER BY id")]


def test_stored_rows_never_hold_a_case_number_and_resolve_while_the_case_exists(register):
    number = _new_case(register)
    cases = CaseRepository(register.db, register.audit, clock=lambda: TODAY)
    cases.get(number)
    ConversationRepository(register.db, register.audit, cases=cases, clock=lambda: TODAY).start(number)
    stored = _stored_refs(register)
    assert not any(number in ref for ref in stored)
    case_rows = [ref for ref in stored if ref.startswith(("case:", "conversation:"))]
    assert len(case_rows) >= 3
    tokens = {ref.split(":", 1)[1].split(".")[0] for ref in case_rows}
    assert len(tokens) == 1 and next(iter(tokens)).startswith("p-")  # one case, one token
    # the audit view (recent) shows the case number while the case exists
    shown = [e.object_ref for e in register.audit.recent(10)]
    assert f"case:{number}" in shown and any(r.startswith(f"conversation:{number}.") for r in shown)


def test_deleting_the_case_deletes_the_link_and_the_chain_still_verifies(register):
    number = _new_case(register)
    other = _new_case(register, "Karel Bos")
    cases = CaseRepository(register.db, register.audit, clock=lambda: TODAY)
    cases.get(number)
    assert register.db.query_one("SELECT count(*) FROM audit_subjects")[0] == 2
    cases.delete(number)
    assert register.db.query_one("SELECT count(*) FROM audit_subjects")[0] == 1
    assert register.audit.verify().ok
    shown = [e.object_ref for e in register.audit.recent(100)]
    assert not any(number in ref for ref in shown)  # nothing names the deleted case, not even its delete entry
    assert f"case:{other}" in shown  # the other case still resolves
    assert not any(number in ref for ref in _stored_refs(register))


def test_references_without_a_case_are_kept_as_they_are(register):
    register.audit.record(AuditAction.VIEW, "meeting:12")
    register.audit.record(AuditAction.MIGRATED, "schema:1-9")
    register.audit.record(AuditAction.PURGE, "purge:cases=2,meetings=1")
    assert _stored_refs(register)[-3:] == ["meeting:12", "schema:1-9", "purge:cases=2,meetings=1"]
