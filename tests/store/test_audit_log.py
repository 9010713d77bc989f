"""Audit log: append-only, hash-chained; edits, deletions and a cut-off tail are each detected."""
from __future__ import annotations

import secrets

import pytest

from ketenregie.domain.audit import AuditAction, AuditRefusal
from ketenregie.store.audit_log import AuditLog
from ketenregie.store.connection import connect
from ketenregie.store.database import Database
from ketenregie.store.migrate import apply_migrations


@pytest.fixture
def db(tmp_path):
    database = Database(connect(tmp_path / "r.db", secrets.token_bytes(32)))
    apply_migrations(database)
    yield database
    database.close()


def _log_with_rows(db, n=5) -> AuditLog:
    log = AuditLog(db, origin="cli", actor="medewerker")
    for i in range(n):
        log.record(AuditAction.VIEW, f"case:2026-{i:04d}")
    return log


def test_intact_chain_verifies(db):
    log = _log_with_rows(db)
    result = log.verify()
    assert result.ok and result.checked == 5 and result.first_broken_id is None


def test_rows_cannot_be_updated_or_deleted_through_sql(db):
    _log_with_rows(db)
    with pytest.raises(Exception, match="append-only"):
        db.execute("UPDATE audit_log SET action = 'view' WHERE id = 2")
    with pytest.raises(Exception, match="append-only"):
        db.execute("DELETE FROM audit_log WHERE id = 2")


def test_edited_row_is_detected_with_its_id(db):
    log = _log_with_rows(db)
    db.execute("DROP TRIGGER audit_log_append_only_update")  # someone with the key works around the trigger
    db.execute("UPDATE audit_log SET object_ref = 'case:2026-9999' WHERE id = 3")
    result = log.verify()
    assert not result.ok and result.first_broken_id == 3
    assert "3" in result.message


def test_deleted_row_is_detected(db):
    log = _log_with_rows(db)
    db.execute("DROP TRIGGER audit_log_append_only_delete")
    db.execute("DELETE FROM audit_log WHERE id = 2")
    result = log.verify()
    assert not result.ok and result.first_broken_id == 2


def test_cut_off_tail_is_detected(db):
    log = _log_with_rows(db)
    db.execute("DROP TRIGGER audit_log_append_only_delete")
    db.execute("DELETE FROM audit_log WHERE id = 5")
    result = log.verify()
    assert not result.ok and result.first_broken_id == 5


def test_free_text_cannot_enter_as_object_reference(db):
    log = AuditLog(db, origin="gui")
    with pytest.raises(AuditRefusal):
        log.record(AuditAction.VIEW, "Jan Jansen, Dorpsstraat 1")
    with pytest.raises(AuditRefusal):
        log.record("something.else")
    assert log.count() == 0


def test_recent_returns_newest_first(db):
    log = _log_with_rows(db, 3)
    entries = log.recent(2)
    assert [e.id for e in entries] == [3, 2]
    assert entries[0].actor == "medewerker" and entries[0].origin == "cli"
    assert entries[0].action_label == "Bekeken"
