-- Cases (issue #3): the case register with households, chain partners, actions, journal and saved caseload views.
-- Every personal-data column is listed in resources/privacy/catalogue.toml (tests/store/
-- test_privacy_catalogue_schema.py checks both ways). Dates are ISO text (YYYY-MM-DD), timestamps UTC ISO 8601;
-- enums are stable English codes (domain/cases.py holds their Dutch labels). No BSN column: see DOMAIN/DESIGN §4.

-- The chain partners (organisations, not persons). Seeded from resources/partners/default_partners.toml.
CREATE TABLE partners (
    id     INTEGER PRIMARY KEY,
    code   TEXT NOT NULL UNIQUE,           -- stable id from the directory file
    name   TEXT NOT NULL,
    type   TEXT NOT NULL,                  -- PartnerType code
    active INTEGER NOT NULL DEFAULT 1 CHECK (active IN (0, 1))
);

-- Last sequence number handed out per year: numbers are never reused, not even after a delete.
CREATE TABLE case_number_counters (
    year     INTEGER PRIMARY KEY,
    last_seq INTEGER NOT NULL CHECK (last_seq > 0)
);

CREATE TABLE cases (
    id                       INTEGER PRIMARY KEY,
    case_number              TEXT NOT NULL UNIQUE,   -- "2026-0042"
    number_year              INTEGER NOT NULL,
    number_seq               INTEGER NOT NULL,
    registered_on            TEXT NOT NULL,
    phase                    TEXT NOT NULL,
    intake_route             TEXT NOT NULL,
    help_request_date        TEXT NOT NULL,
    help_request             TEXT NOT NULL DEFAULT '',
    crisis_kind              TEXT,
    crisis_date              TEXT,
    first_conversation_date  TEXT,
    decision_date            TEXT,
    decision_kind            TEXT,
    closing_reason           TEXT,
    closed_on                TEXT,
    element_debt_settlement  TEXT NOT NULL DEFAULT 'not_started',
    element_personal_support TEXT NOT NULL DEFAULT 'not_started',
    element_self_reliance    TEXT NOT NULL DEFAULT 'not_started',
    debt_band                TEXT,
    creditor_count           INTEGER CHECK (creditor_count IS NULL OR creditor_count >= 0),
    updated_at               TEXT NOT NULL,
    UNIQUE (number_year, number_seq),
    CHECK ((decision_date IS NULL) = (decision_kind IS NULL)),
    CHECK ((closing_reason IS NULL) = (closed_on IS NULL)),
    CHECK (crisis_date IS NULL OR crisis_kind IS NOT NULL)
);

-- One household per case: only what the work needs.
CREATE TABLE households (
    case_id         INTEGER PRIMARY KEY REFERENCES cases (id) ON DELETE CASCADE,
    name            TEXT NOT NULL,          -- name or initials
    date_of_birth   TEXT,
    contact_channel TEXT,
    phone           TEXT,
    email           TEXT,
    postcode        TEXT,
    house_number    TEXT,
    adults          INTEGER NOT NULL DEFAULT 1 CHECK (adults >= 0),
    children        INTEGER NOT NULL DEFAULT 0 CHECK (children >= 0)
);

-- Target groups; the special-category ones (health-related) carry the reason why they matter for the help.
CREATE TABLE case_target_groups (
    case_id      INTEGER NOT NULL REFERENCES cases (id) ON DELETE CASCADE,
    target_group TEXT NOT NULL,
    reason       TEXT,
    PRIMARY KEY (case_id, target_group)
) WITHOUT ROWID;

CREATE TABLE case_partners (
    case_id    INTEGER NOT NULL REFERENCES cases (id) ON DELETE CASCADE,
    partner_id INTEGER NOT NULL REFERENCES partners (id),
    role       TEXT NOT NULL,
    leads      INTEGER NOT NULL DEFAULT 0 CHECK (leads IN (0, 1)),
    PRIMARY KEY (case_id, partner_id)
) WITHOUT ROWID;

-- At most one partner leads the trajectory of a case; the caseload joins on it.
CREATE UNIQUE INDEX case_partners_one_lead ON case_partners (case_id) WHERE leads = 1;
CREATE INDEX case_partners_by_partner ON case_partners (partner_id);

-- AUTOINCREMENT: an action id is never reused, so a stale id held by a form cannot hit a newer action.
CREATE TABLE actions (
    id          INTEGER PRIMARY KEY AUTOINCREMENT,
    case_id     INTEGER NOT NULL REFERENCES cases (id) ON DELETE CASCADE,
    description TEXT NOT NULL,
    owner       TEXT NOT NULL,              -- self | partner | resident
    partner_id  INTEGER REFERENCES partners (id),
    due_date    TEXT,
    status      TEXT NOT NULL,              -- open | done | cancelled
    done_on     TEXT,
    created_on  TEXT NOT NULL,
    CHECK ((owner = 'partner') = (partner_id IS NOT NULL))
);

-- The caseload asks, per case, for the first open action and the earliest open action per owner.
CREATE INDEX actions_open ON actions (case_id, owner, due_date) WHERE status = 'open';
CREATE INDEX actions_by_case ON actions (case_id);
CREATE INDEX actions_by_partner ON actions (partner_id);

CREATE TABLE journal_entries (
    id         INTEGER PRIMARY KEY AUTOINCREMENT,
    case_id    INTEGER NOT NULL REFERENCES cases (id) ON DELETE CASCADE,
    entry_date TEXT NOT NULL,
    text       TEXT NOT NULL,
    created_at TEXT NOT NULL
);

CREATE INDEX journal_by_case ON journal_entries (case_id, entry_date);

-- Named caseload filters. `filters` is JSON of codes and ids (CaseloadFilter.to_saved), never a search text.
CREATE TABLE saved_views (
    id              INTEGER PRIMARY KEY,
    name            TEXT NOT NULL UNIQUE,
    filters         TEXT NOT NULL,
    sort_column     TEXT,
    sort_descending INTEGER NOT NULL DEFAULT 0 CHECK (sort_descending IN (0, 1)),
    updated_at      TEXT NOT NULL
);
