-- Foundation: register metadata and the append-only, hash-chained audit log.
CREATE TABLE meta (
    key   TEXT PRIMARY KEY,
    value TEXT NOT NULL
) WITHOUT ROWID;

-- Who did what to which object, never content. object_ref is a reference such as "case:2026-0042".
CREATE TABLE audit_log (
    id         INTEGER PRIMARY KEY,
    ts         TEXT NOT NULL,          -- UTC, ISO 8601
    actor      TEXT NOT NULL,          -- OS user name of the employee
    action     TEXT NOT NULL,
    object_ref TEXT NOT NULL,
    result     TEXT NOT NULL,
    origin     TEXT NOT NULL,          -- gui | cli
    prev_hash  TEXT NOT NULL,
    hash       TEXT NOT NULL
);

CREATE TRIGGER audit_log_append_only_update BEFORE UPDATE ON audit_log
BEGIN
    SELECT RAISE(ABORT, 'audit_log is append-only');
END;

CREATE TRIGGER audit_log_append_only_delete BEFORE DELETE ON audit_log
BEGIN
    SELECT RAISE(ABORT, 'audit_log is append-only');
END;
