"""Verify before appending, and an anchor outside the database (issue 10.3): the audit chain's head (row count +
hash) is kept in the key-slot file under its mac, so a removed tail, a lost WAL or a register put back from an
older copy is reported with the first missing row — and the unlock then appends nothing."""
from __future__ import annotations

import json
import shutil

import pytest

from ketenregie.cli import main
from ketenregie.domain.audit import AuditAction
from ketenregie.services.register import AuditLogBroken, RegisterFiles, open_register, verify_register
from ketenregie.store.connection import connect
from register_faults import PASS, POLICY, crash_with_wal, make_register, snapshot


@pytest.fixture
def path(tmp_path):
    target = tmp_path / "data" / "register.ketenregie"
    make_register(target)
    return target


def _use(path, views: int = 3) -> bytes:
    """Unlock, record some views, lock; returns a copy of the data key for tampering like an insider would."""
    register = open_register(path, PASS, policy=POLICY)
    key = bytes(register._key)
    for i in range(views):
        register.audit.record(AuditAction.VIEW, f"case:2026-{i:04d}")
    register.close("manual")
    return key


def _anchor(path) -> dict:
    return json.loads(RegisterFiles(path).keyslots.read_text())["anchor"]


def _rows(path, key) -> int:
    conn = connect(path, key)
    try:
        return conn.execute("SELECT count(*) FROM audit_log").fetchone()[0]
    finally:
        conn.execute("PRAGMA wal_checkpoint(TRUNCATE)")
        conn.close()


def test_lock_anchors_the_head_in_the_key_file(path):
    key = _use(path, views=3)
    anchor = _anchor(path)
    assert anchor["audit_count"] == _rows(path, key) == 1 + 1 + 1 + 3 + 1  # created, locked, unlocked, views, locked


def test_cut_off_tail_with_a_consistent_head_is_refused_and_nothing_is_appended(path):
    """Someone with the key deletes the last rows and rewrites the in-database head to match: the chain in the
    database verifies, the anchor outside it does not."""
    key = _use(path, views=3)
    total = _rows(path, key)
    conn = connect(path, key)
    conn.execute("DROP TRIGGER audit_log_append_only_delete")
    conn.execute("DELETE FROM audit_log WHERE id > ?", (total - 2,))
    last_id, last_hash = conn.execute("SELECT id, hash FROM audit_log ORDER BY id DESC LIMIT 1").fetchone()
    conn.execute("UPDATE meta SET value = ? WHERE key = 'audit_head'", (f"{last_id}:{last_hash}",))
    conn.execute("PRAGMA wal_checkpoint(TRUNCATE)")
    conn.close()
    before = snapshot(path.parent)
    with pytest.raises(AuditLogBroken) as caught:
        open_register(path, PASS, policy=POLICY)
    assert caught.value.first_broken_id == total - 1
    assert f"regel {total - 1} tot en met {total} ontbreken" in caught.value.user_message
    assert "Back-up terugzetten" in caught.value.user_message
    assert snapshot(path.parent) == before  # verified before appending: no unlock row, no anchor moved
    result = verify_register(path, PASS, policy=POLICY)
    assert not result.ok and result.first_broken_id == total - 1
    assert snapshot(path.parent) == before


def test_lost_wal_is_detected(path):
    """The unlock anchors its own row while it still sits in the WAL; a register copied or left without its WAL
    lacks that row."""
    crash_with_wal(path, entries=2)  # unlocked (anchored), two views, then killed: WAL left
    anchored = _anchor(path)["audit_count"]
    RegisterFiles(path).register.with_name(path.name + "-wal").unlink()
    path.with_name(path.name + "-shm").unlink(missing_ok=True)
    with pytest.raises(AuditLogBroken) as caught:
        open_register(path, PASS, policy=POLICY)
    assert caught.value.first_broken_id == anchored
    assert f"regel {anchored} tot en met {anchored} ontbreken" in caught.value.user_message


def test_register_put_back_from_an_older_copy_is_detected(path, tmp_path):
    older = tmp_path / "older.ketenregie"
    shutil.copy2(path, older)
    _use(path, views=2)
    shutil.copy2(older, path)  # only the database goes back in time; the key file keeps the newer anchor
    with pytest.raises(AuditLogBroken) as caught:
        open_register(path, PASS, policy=POLICY)
    assert caught.value.first_broken_id == 3  # the old copy ended after "created, locked"


def test_chain_rewritten_to_the_same_length_is_detected(path):
    key = _use(path, views=1)
    total = _rows(path, key)
    conn = connect(path, key)
    conn.execute("DROP TRIGGER audit_log_append_only_update")
    rows = conn.execute("SELECT id, ts, actor, action, object_ref, result, origin FROM audit_log ORDER BY id").fetchall()
    # Rewrite the whole chain consistently (one reference changed), as someone with the key and the code could.
    from ketenregie.store.audit_log import GENESIS, _row_hash
    prev = GENESIS
    for row_id, ts, actor, action, ref, result, origin in rows:
        ref = "case:2026-9999" if action == "view" else ref
        digest = _row_hash(row_id, ts, actor, action, ref, result, origin, prev)
        conn.execute("UPDATE audit_log SET object_ref = ?, prev_hash = ?, hash = ? WHERE id = ?",
                     (ref, prev, digest, row_id))
        prev = digest
    conn.execute("UPDATE meta SET value = ? WHERE key = 'audit_head'", (f"{total}:{prev}",))
    conn.execute("PRAGMA wal_checkpoint(TRUNCATE)")
    conn.close()
    with pytest.raises(AuditLogBroken) as caught:
        open_register(path, PASS, policy=POLICY)
    assert caught.value.first_broken_id == total


def test_edited_row_is_refused_before_the_unlock_appends(path):
    key = _use(path, views=2)
    conn = connect(path, key)
    conn.execute("DROP TRIGGER audit_log_append_only_update")
    conn.execute("UPDATE audit_log SET object_ref = 'case:2026-7777' WHERE id = 4")
    conn.execute("PRAGMA wal_checkpoint(TRUNCATE)")
    conn.close()
    rows_before = _rows(path, key)
    with pytest.raises(AuditLogBroken) as caught:
        open_register(path, PASS, policy=POLICY)
    assert caught.value.first_broken_id == 4
    assert _rows(path, key) == rows_before


def test_audit_verify_reports_the_first_missing_row_and_exits_1(path, tmp_path, capsys):
    crash_with_wal(path, entries=1)
    path.with_name(path.name + "-wal").unlink()
    secret = tmp_path / "pass.txt"
    secret.write_text(PASS, encoding="utf-8")
    assert main(["audit", "verify", "--register", str(path), "--passphrase-file", str(secret)]) == 1
    assert "Eerste afwijkende regel" in capsys.readouterr().out


def test_open_register_checks_its_chain_against_the_anchor_too(path):
    """The check in the Auditlog view (Register.verify_audit) sees rows cut off while the register is open."""
    register = open_register(path, PASS, policy=POLICY)
    try:
        assert register.verify_audit().ok
        anchored = _anchor(path)["audit_count"]
        register.db.execute("DROP TRIGGER audit_log_append_only_delete")
        register.db.execute("DELETE FROM audit_log WHERE id = ?", (anchored,))
        last_id, last_hash = register.db.query_one("SELECT id, hash FROM audit_log ORDER BY id DESC LIMIT 1")
        register.db.execute("UPDATE meta SET value = ? WHERE key = 'audit_head'", (f"{last_id}:{last_hash}",))
        assert register.audit.verify().ok  # the in-database chain alone is fooled
        result = register.verify_audit()
        assert not result.ok and result.first_broken_id == anchored
    finally:
        register.close()
