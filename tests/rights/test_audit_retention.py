"""Issue 11 item 9: the audit log has its own retention term (policy RetentionAuditLogYears). The purge removes the
oldest rows past the term; the remaining chain still verifies (and still catches an edit); rows inside the term can
still not be deleted; the preview counts them; the purge's own entry says how many went."""
from __future__ import annotations

import secrets
from datetime import date, datetime, timezone

import pytest

from ketenregie.config import Policy
from ketenregie.domain.audit import AuditAction
from ketenregie.domain.retention import RetentionTerms
from ketenregie.store.audit_log import AuditLog
from ketenregie.store.connection import connect
from ketenregie.store.database import Database
from ketenregie.store.migrate import apply_migrations
from ketenregie.store.retention_repository import RetentionRepository

TODAY = date(2026, 5, 12)


@pytest.fixture
def db(tmp_path):
    database = Database(connect(tmp_path / "r.db", secrets.token_bytes(32)))
    apply_migrations(database)
    yield database
    database.close()


def _write(db, when: datetime, n: int) -> AuditLog:
    log = AuditLog(db, origin="gui", actor="medewerker", clock=lambda: when)
    for i in range(n):
        log.record(AuditAction.VIEW, f"meeting:{i}")
    return log


def test_purge_removes_audit_rows_past_their_term_and_the_chain_still_verifies(db):
    _write(db, datetime(2019, 3, 1, 10, 0, tzinfo=timezone.utc), 4)   # past 5 years on TODAY
    _write(db, datetime(2021, 5, 12, 10, 0, tzinfo=timezone.utc), 2)  # exactly 5 years: kept
    log = _write(db, datetime(2026, 5, 12, 8, 0, tzinfo=timezone.utc), 1)
    repo = RetentionRepository(db, AuditLog(db, origin="gui", actor="medewerker",
                                            clock=lambda: datetime(2026, 5, 12, 9, 0, tzinfo=timezone.utc)))
    before = log.count()
    plan = repo.plan(TODAY)
    assert (plan.audit_rows, plan.audit_last_id) == (4, 4)
    assert plan.counts_by_rule() == {"Auditlog: regels ouder dan 5 jaar": 4} and not plan.is_empty

    counts = repo.purge(plan)

    assert counts.audit_rows == 4 and log.count() == before - 4 + 1
    assert log.recent(1)[0].object_ref == "purge:cases=0,meetings=0,audit=4"
    assert log.verify().ok
    assert repo.plan(TODAY).audit_rows == 0
    # inside the term rows still cannot be deleted, and an edit of a remaining row is still found
    with pytest.raises(Exception, match="append-only"):
        db.execute("DELETE FROM audit_log WHERE id = 5")
    db.execute("DROP TRIGGER audit_log_append_only_update")
    db.execute("UPDATE audit_log SET actor = 'iemand anders' WHERE id = 5")
    result = log.verify()
    assert not result.ok and result.first_broken_id == 5


def test_a_row_written_later_is_never_removed_even_behind_an_old_one(db):
    _write(db, datetime(2026, 1, 1, tzinfo=timezone.utc), 1)   # young, first in the chain
    _write(db, datetime(2018, 1, 1, tzinfo=timezone.utc), 2)   # old rows after it (a clock was wrong)
    repo = RetentionRepository(db, AuditLog(db, origin="gui", actor="medewerker"))
    assert repo.plan(TODAY).audit_rows == 0


def test_the_term_comes_from_policy(db, tmp_path):
    assert RetentionTerms.from_policy(Policy.defaults()).audit_log_years == 5
    _write(db, datetime(2024, 1, 2, 9, 0, tzinfo=timezone.utc), 2)
    repo = RetentionRepository(db, AuditLog(db, origin="gui", actor="medewerker"))
    assert repo.plan(TODAY, RetentionTerms()).audit_rows == 0
    assert repo.plan(TODAY, RetentionTerms(audit_log_years=1)).audit_rows == 2
