-- Team lead and casuïstiekoverleg (issue 14 item 5): meeting bundles, result bundles and monitor figures between
-- a coordinator's register and a team lead's register (format: docs/it/teambundels.md).

-- Coordinator side: a meeting bundle sent to a team lead. `result_at` is set when its result bundle is imported.
CREATE TABLE team_meeting_sent (
    bundle_id    TEXT PRIMARY KEY,
    meeting_id   INTEGER REFERENCES meetings (id) ON DELETE SET NULL,
    colleague_id INTEGER REFERENCES team_colleagues (id) ON DELETE SET NULL,
    created_at   TEXT NOT NULL,
    result_at    TEXT
) WITHOUT ROWID;

-- Coordinator side: the OPAQUE random id of each agenda item in a meeting bundle and the agenda item it stands for.
-- The case is reached only through the agenda item (agenda_items.case_id, register only); an item removed from the
-- agenda (agenda_item_id NULL), a case erased (agenda_items.case_id NULL) or handed over does not match.
CREATE TABLE team_meeting_sent_items (
    item_uid       TEXT PRIMARY KEY,
    bundle_id      TEXT NOT NULL REFERENCES team_meeting_sent (bundle_id) ON DELETE CASCADE,
    position       INTEGER NOT NULL,
    agenda_item_id INTEGER REFERENCES agenda_items (id) ON DELETE SET NULL
) WITHOUT ROWID;

CREATE INDEX team_meeting_sent_items_by_bundle ON team_meeting_sent_items (bundle_id);

-- Team lead side: a meeting received from a coordinator, without any case. The items carry exactly what the
-- agenda PDF shows (pseudonym, or "name (pseudonym)" where consent covers all participants).
CREATE TABLE team_meetings (
    id                 INTEGER PRIMARY KEY,
    bundle_id          TEXT NOT NULL UNIQUE,    -- the meeting bundle it came in
    sender_fingerprint TEXT NOT NULL,
    starts_at          TEXT NOT NULL,           -- local date and time, ISO 8601 without zone
    duration_minutes   INTEGER NOT NULL CHECK (duration_minutes > 0),
    location           TEXT NOT NULL DEFAULT '',
    online             INTEGER NOT NULL DEFAULT 0 CHECK (online IN (0, 1)),
    chair              TEXT NOT NULL,
    purpose            TEXT NOT NULL,
    kind               TEXT NOT NULL,           -- MeetingKind code (decides retention)
    received_at        TEXT NOT NULL,
    finished_at        TEXT,
    result_bundle_id   TEXT,
    result_sent_at     TEXT
);

CREATE TABLE team_meeting_participants (
    id              INTEGER PRIMARY KEY,
    team_meeting_id INTEGER NOT NULL REFERENCES team_meetings (id) ON DELETE CASCADE,
    position        INTEGER NOT NULL,
    organisation    TEXT NOT NULL,
    role            TEXT NOT NULL,              -- ParticipantRole code
    partner_ref     INTEGER                     -- the partner's row id in the COORDINATOR's register (action owner)
);

CREATE TABLE team_meeting_items (
    id               INTEGER PRIMARY KEY,
    team_meeting_id  INTEGER NOT NULL REFERENCES team_meetings (id) ON DELETE CASCADE,
    position         INTEGER NOT NULL,
    item_uid         TEXT NOT NULL,             -- opaque random id from the coordinator's register
    pseudonym        TEXT NOT NULL,
    heading          TEXT NOT NULL,             -- as on the agenda PDF
    question         TEXT NOT NULL DEFAULT '',
    summary          TEXT NOT NULL DEFAULT '',
    time_box_minutes INTEGER NOT NULL CHECK (time_box_minutes > 0),
    status_note      TEXT NOT NULL DEFAULT '',
    UNIQUE (team_meeting_id, item_uid),
    UNIQUE (team_meeting_id, position)
);

-- What the team lead records per item in the meeting. Agreements and actions go back in the result bundle;
-- discussion points stay here (like the minutes rule).
CREATE TABLE team_meeting_records (
    id          INTEGER PRIMARY KEY,
    item_id     INTEGER NOT NULL REFERENCES team_meeting_items (id) ON DELETE CASCADE,
    kind        TEXT NOT NULL CHECK (kind IN ('discussion', 'agreement', 'action')),
    text        TEXT NOT NULL,
    owner       TEXT,                           -- actions: self (the coordinator) | partner | resident
    partner_ref INTEGER,
    due_date    TEXT,
    created_at  TEXT NOT NULL,
    CHECK (kind = 'action' OR (owner IS NULL AND due_date IS NULL AND partner_ref IS NULL))
);

CREATE INDEX team_meeting_records_by_item ON team_meeting_records (item_id);

-- Team lead side: the monitor's suppressed figures received from a coordinator (anonymous totals only).
CREATE TABLE team_monitor_figures (
    bundle_id          TEXT PRIMARY KEY,
    sender_fingerprint TEXT NOT NULL,
    period_start       TEXT NOT NULL,
    period_end         TEXT NOT NULL,
    title              TEXT NOT NULL,
    rows               TEXT NOT NULL,           -- JSON: [table, group, category, value, share] as in the CSV
    pdf                BLOB NOT NULL,           -- the monitor report PDF as the coordinator made it
    received_at        TEXT NOT NULL
) WITHOUT ROWID;
