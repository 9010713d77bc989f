-- Casuïstiekoverleg (issue #6): meetings, participating organisations, agenda items with their per-meeting
-- pseudonym, named-discussion consent, and what was recorded per item (discussion points, agreements, actions).
-- The mapping pseudonym -> case exists ONLY here (agenda_items.case_id). It references cases ON DELETE SET NULL,
-- so a meeting whose case was deleted (e.g. after its retention term) still opens and says so; an action agreed
-- in the meeting lives in the case's action list (actions, 0002) and is referenced ON DELETE SET NULL as well.
-- Personal-data columns are listed in the meetings section of resources/privacy/catalogue.toml.

CREATE TABLE meeting_series (
    id         INTEGER PRIMARY KEY,
    recurrence TEXT NOT NULL,              -- Recurrence code
    title      TEXT NOT NULL DEFAULT ''
);

CREATE TABLE meetings (
    id               INTEGER PRIMARY KEY,
    series_id        INTEGER REFERENCES meeting_series (id) ON DELETE SET NULL,
    starts_at        TEXT NOT NULL,        -- local date and time, ISO 8601 without zone
    duration_minutes INTEGER NOT NULL CHECK (duration_minutes > 0),
    location         TEXT NOT NULL DEFAULT '',
    online           INTEGER NOT NULL DEFAULT 0 CHECK (online IN (0, 1)),
    chair            TEXT NOT NULL,
    purpose          TEXT NOT NULL,
    kind             TEXT NOT NULL,        -- MeetingKind code (decides retention)
    status           TEXT NOT NULL,        -- MeetingStatus code
    pseudonym_style  TEXT NOT NULL,
    minutes_final    INTEGER NOT NULL DEFAULT 0 CHECK (minutes_final IN (0, 1)),
    updated_at       TEXT NOT NULL
);

CREATE INDEX meetings_by_start ON meetings (starts_at);

CREATE TABLE meeting_participants (
    id           INTEGER PRIMARY KEY,
    meeting_id   INTEGER NOT NULL REFERENCES meetings (id) ON DELETE CASCADE,
    key          TEXT NOT NULL,            -- random, consent refers to it
    position     INTEGER NOT NULL,
    organisation TEXT NOT NULL,
    role         TEXT NOT NULL,            -- ParticipantRole code
    partner_id   INTEGER REFERENCES partners (id) ON DELETE SET NULL,
    UNIQUE (meeting_id, key)
);

CREATE TABLE agenda_items (
    id               INTEGER PRIMARY KEY,
    meeting_id       INTEGER NOT NULL REFERENCES meetings (id) ON DELETE CASCADE,
    position         INTEGER NOT NULL,
    pseudonym        TEXT NOT NULL,        -- random per meeting (domain/pseudonyms.py)
    case_id          INTEGER REFERENCES cases (id) ON DELETE SET NULL,
    question         TEXT NOT NULL DEFAULT '',
    summary          TEXT NOT NULL DEFAULT '',
    summary_final    INTEGER NOT NULL DEFAULT 0 CHECK (summary_final IN (0, 1)),
    time_box_minutes INTEGER NOT NULL CHECK (time_box_minutes > 0),
    consent_given_on TEXT,                 -- consent for a named discussion: date ...
    consent_scope    TEXT,                 -- ... and what it covers; the participants are in the table below
    UNIQUE (meeting_id, pseudonym),
    UNIQUE (meeting_id, case_id),
    CHECK ((consent_given_on IS NULL) = (consent_scope IS NULL))
);

CREATE INDEX agenda_items_by_case ON agenda_items (case_id);

CREATE TABLE agenda_item_consent_participants (
    agenda_item_id INTEGER NOT NULL REFERENCES agenda_items (id) ON DELETE CASCADE,
    participant_id INTEGER NOT NULL REFERENCES meeting_participants (id) ON DELETE CASCADE,
    PRIMARY KEY (agenda_item_id, participant_id)
) WITHOUT ROWID;

CREATE TABLE agenda_item_records (
    id             INTEGER PRIMARY KEY,
    agenda_item_id INTEGER NOT NULL REFERENCES agenda_items (id) ON DELETE CASCADE,
    kind           TEXT NOT NULL,          -- discussion | agreement | action
    text           TEXT NOT NULL,
    owner          TEXT,                   -- actions: self | partner | resident
    partner_id     INTEGER REFERENCES partners (id) ON DELETE SET NULL,
    due_date       TEXT,
    case_action_id INTEGER REFERENCES actions (id) ON DELETE SET NULL,
    created_at     TEXT NOT NULL,
    CHECK (kind = 'action' OR (owner IS NULL AND due_date IS NULL AND partner_id IS NULL))
);

CREATE INDEX agenda_item_records_by_item ON agenda_item_records (agenda_item_id);

-- Cases marked "voor overleg" in the caseload, with the question for the next meeting (a case at most once).
CREATE TABLE case_meeting_marks (
    case_id   INTEGER PRIMARY KEY REFERENCES cases (id) ON DELETE CASCADE,
    question  TEXT NOT NULL DEFAULT '',
    marked_on TEXT NOT NULL
);
