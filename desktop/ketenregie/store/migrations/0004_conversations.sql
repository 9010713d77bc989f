-- Conversations (issue #5): stress-sensitive conversations on the bridge of Mobility Mentoring.
-- A conversation is a draft (status 'draft') until it is finished; the draft is saved after every change with the
-- stage and position the user is at, so locking mid-conversation loses nothing and resuming returns there.
-- Goal steps become actions of the case (actions table of 0002) when the conversation is finished.
-- Personal-data columns are listed in resources/privacy/catalogue.toml (section "conversations").
-- Dates are ISO text; next_appointment is local time "YYYY-MM-DDTHH:MM"; timestamps UTC ISO 8601.

CREATE TABLE conversations (
    id                     INTEGER PRIMARY KEY,
    case_id                INTEGER NOT NULL REFERENCES cases (id) ON DELETE CASCADE,
    kind                   TEXT NOT NULL CHECK (kind IN ('intake', 'progress', 'aftercare')),
    held_on                TEXT NOT NULL,
    status                 TEXT NOT NULL DEFAULT 'draft' CHECK (status IN ('draft', 'finished')),
    stage                  TEXT NOT NULL DEFAULT 'kind',
    position               INTEGER NOT NULL DEFAULT 0 CHECK (position >= 0),
    participants           TEXT NOT NULL DEFAULT '[]',   -- JSON list of short texts ("u", "uw zus", ...)
    next_appointment       TEXT,
    next_appointment_place TEXT NOT NULL DEFAULT '',
    contact_name           TEXT NOT NULL DEFAULT '',
    contact_phone          TEXT NOT NULL DEFAULT '',
    decision_discussed     INTEGER NOT NULL DEFAULT 0 CHECK (decision_discussed IN (0, 1)),
    created_at             TEXT NOT NULL,
    updated_at             TEXT NOT NULL,
    finished_at            TEXT,
    CHECK ((status = 'finished') = (finished_at IS NOT NULL))
);

CREATE INDEX conversations_by_case ON conversations (case_id, held_on);
CREATE INDEX conversations_drafts ON conversations (updated_at) WHERE status = 'draft';

-- Ticks and short notes on the stress-sensitive checklist (item ids from resources/checklists/).
CREATE TABLE conversation_checklist (
    conversation_id INTEGER NOT NULL REFERENCES conversations (id) ON DELETE CASCADE,
    item_id         TEXT NOT NULL,
    ticked          INTEGER NOT NULL DEFAULT 0 CHECK (ticked IN (0, 1)),
    note            TEXT NOT NULL DEFAULT '',
    PRIMARY KEY (conversation_id, item_id)
) WITHOUT ROWID;

-- The step (1-5) per bridge sub-area, placed together with the resident.
CREATE TABLE conversation_bridge (
    conversation_id INTEGER NOT NULL REFERENCES conversations (id) ON DELETE CASCADE,
    sub_area_id     TEXT NOT NULL,
    step            INTEGER NOT NULL CHECK (step BETWEEN 1 AND 5),
    PRIMARY KEY (conversation_id, sub_area_id)
) WITHOUT ROWID;

-- One to three goals per conversation.
CREATE TABLE conversation_goals (
    id              INTEGER PRIMARY KEY,
    conversation_id INTEGER NOT NULL REFERENCES conversations (id) ON DELETE CASCADE,
    position        INTEGER NOT NULL,
    text            TEXT NOT NULL DEFAULT '',
    pillar_id       TEXT,
    UNIQUE (conversation_id, position)
);

-- Small steps per goal; action_id is the case action the step became when the conversation was finished.
CREATE TABLE conversation_goal_steps (
    id          INTEGER PRIMARY KEY,
    goal_id     INTEGER NOT NULL REFERENCES conversation_goals (id) ON DELETE CASCADE,
    position    INTEGER NOT NULL,
    description TEXT NOT NULL DEFAULT '',
    owner       TEXT NOT NULL DEFAULT 'resident',   -- self | partner | resident (ActionOwner)
    partner_id  INTEGER REFERENCES partners (id),
    due_date    TEXT,
    action_id   INTEGER REFERENCES actions (id) ON DELETE SET NULL,
    UNIQUE (goal_id, position)
);

CREATE INDEX conversation_goal_steps_by_action ON conversation_goal_steps (action_id);

-- Steps of earlier conversations (case actions) the resident achieved, recognised in this conversation.
CREATE TABLE conversation_recognitions (
    conversation_id INTEGER NOT NULL REFERENCES conversations (id) ON DELETE CASCADE,
    action_id       INTEGER NOT NULL REFERENCES actions (id) ON DELETE CASCADE,
    note            TEXT NOT NULL DEFAULT '',
    PRIMARY KEY (conversation_id, action_id)
) WITHOUT ROWID;
