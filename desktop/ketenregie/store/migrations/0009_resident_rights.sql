-- The resident's rights (issue 11, AVG art. 15-17) and the audit part of the retention work (issue 11 item 9).
-- Personal-data columns are listed in resources/privacy/catalogue.toml (section "Rechten van de inwoner").

-- The audit log refers to a case by an opaque token ("case:p-3f9a0c1b7d2e4f60"), never by its case number. The
-- link token -> case lives only here and goes with the case (ON DELETE CASCADE: retention purge and erasure on
-- request alike), so the hash chain still verifies and no audit row can name a purged or erased case.
CREATE TABLE audit_subjects (
    token   TEXT PRIMARY KEY,
    case_id INTEGER NOT NULL UNIQUE REFERENCES cases (id) ON DELETE CASCADE
) WITHOUT ROWID;

-- Rectification (AVG art. 16): a corrected journal entry or action text records who corrected it and when; the
-- wrong text itself is overwritten (secure_delete), not kept.
ALTER TABLE journal_entries ADD COLUMN corrected_at TEXT;   -- UTC ISO 8601
ALTER TABLE journal_entries ADD COLUMN corrected_by TEXT;   -- OS user name of the employee
ALTER TABLE actions ADD COLUMN corrected_at TEXT;
ALTER TABLE actions ADD COLUMN corrected_by TEXT;

-- The audit log gets a retention term (policy RetentionAuditLogYears): the retention purge removes rows older than
-- the term after recording the id and hash of the last removed row in meta ("audit_base"); verification starts
-- from there (store/audit_log.py). The delete trigger still refuses every row above that base.
DROP TRIGGER IF EXISTS audit_log_append_only_delete;

CREATE TRIGGER audit_log_append_only_delete BEFORE DELETE ON audit_log
WHEN old.id > coalesce((SELECT CAST(substr(value, 1, instr(value, ':') - 1) AS INTEGER) FROM meta
                        WHERE key = 'audit_base'), 0)
BEGIN
    SELECT RAISE(ABORT, 'audit_log is append-only');
END;
