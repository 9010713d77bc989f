-- Vroegsignalering (issue #12, DOMAIN.md §7 and §11): signalled households, signal cases (vroegsignaalzaken),
-- signals, contact attempts, and remembered column mappings for CSV/xlsx imports. Every personal-data column is
-- catalogued in resources/privacy/catalogue.toml (section "Vroegsignalering"); enums are stable English codes
-- (domain/signals/codes.py maps them to the exact DDAS codes). Retention: domain/signals/retention.py (6 months
-- after the signal when not picked up, 12 months after closing when picked up).

-- The signalled household: only what outreach and the DDAS export need. `bsn` is filled only when policy
-- SignalBsnEnabled allows it. `match_key` (BSN or postcode|number|addition) bundles a household's signals.
CREATE TABLE signal_households (
    id                    INTEGER PRIMARY KEY,
    match_key             TEXT NOT NULL UNIQUE,
    name                  TEXT,
    street                TEXT,
    house_number          TEXT,
    house_number_addition TEXT,
    postcode              TEXT,
    city                  TEXT,
    phone                 TEXT,
    email                 TEXT,
    date_of_birth         TEXT,
    sex                   TEXT,
    bsn                   TEXT CHECK (bsn IS NULL OR length(bsn) = 9)
);

CREATE TABLE signal_cases (
    id           INTEGER PRIMARY KEY AUTOINCREMENT,
    household_id INTEGER NOT NULL REFERENCES signal_households (id) ON DELETE CASCADE,
    period_start TEXT NOT NULL,
    period_end   TEXT NOT NULL,
    matching_date TEXT NOT NULL,
    route        TEXT,
    picked_up_on TEXT,
    outcome      TEXT,
    closed_on    TEXT,
    case_id      INTEGER REFERENCES cases (id) ON DELETE SET NULL,
    -- Summary of the case's signals and attempts, kept up to date on every write (store/signal_repository.py), so
    -- the queues at 50,000 signals are one scan of this table instead of aggregates over signals and attempts.
    signal_count  INTEGER NOT NULL DEFAULT 0,
    first_signal  TEXT,
    last_signal   TEXT,
    partner_kinds TEXT NOT NULL DEFAULT '',
    amount_total  INTEGER NOT NULL DEFAULT 0,
    crisis        INTEGER NOT NULL DEFAULT 0 CHECK (crisis IN (0, 1)),
    attempt_count INTEGER NOT NULL DEFAULT 0,
    reached       INTEGER NOT NULL DEFAULT 0 CHECK (reached IN (0, 1)),
    created_at   TEXT NOT NULL,
    updated_at   TEXT NOT NULL,
    CHECK ((outcome IS NULL) = (closed_on IS NULL)),
    CHECK (period_start <= period_end)
);

CREATE INDEX signal_cases_by_household ON signal_cases (household_id);
CREATE INDEX signal_cases_by_case ON signal_cases (case_id) WHERE case_id IS NOT NULL;

-- No AUTOINCREMENT: a signal is known by its external_id; its rowid is internal (saves a write per row on import).
CREATE TABLE signals (
    id                 INTEGER PRIMARY KEY,
    external_id        TEXT NOT NULL UNIQUE,
    signal_case_id     INTEGER NOT NULL REFERENCES signal_cases (id) ON DELETE CASCADE,
    partner_kind       TEXT NOT NULL,
    partner_name       TEXT,
    partner_id         INTEGER REFERENCES partners (id) ON DELETE SET NULL,
    amount             INTEGER CHECK (amount IS NULL OR amount >= 0),
    arrears_start      TEXT,
    signal_date        TEXT NOT NULL,
    crisis             INTEGER NOT NULL DEFAULT 0 CHECK (crisis IN (0, 1)),
    warm_handover      INTEGER NOT NULL DEFAULT 0 CHECK (warm_handover IN (0, 1)),
    end_of_supply_date TEXT,
    eviction_date      TEXT,
    status             TEXT NOT NULL,
    fingerprint        TEXT UNIQUE,
    created_at         TEXT NOT NULL
);

CREATE INDEX signals_by_case ON signals (signal_case_id);
CREATE INDEX signals_by_date ON signals (signal_date);

CREATE TABLE signal_contact_attempts (
    id             INTEGER PRIMARY KEY AUTOINCREMENT,
    signal_case_id INTEGER NOT NULL REFERENCES signal_cases (id) ON DELETE CASCADE,
    kind           TEXT NOT NULL,
    reached        INTEGER NOT NULL CHECK (reached IN (0, 1)),
    day            TEXT NOT NULL,
    part_of_day    TEXT,
    created_at     TEXT NOT NULL
);

CREATE INDEX signal_attempts_by_case ON signal_contact_attempts (signal_case_id);

-- Column mappings per source (a partner's or the matching platform's export): column headers -> fields, as JSON.
-- Headers and field names only, never a value from a file.
CREATE TABLE signal_import_mappings (
    id         INTEGER PRIMARY KEY,
    name       TEXT NOT NULL UNIQUE,
    mapping    TEXT NOT NULL,
    updated_at TEXT NOT NULL
);
