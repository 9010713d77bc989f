-- Monitor (issue 13, DOMAIN.md §6, §11, §12): the facts the council's figures and the DDAS SHV v1.0 delivery need
-- that the case itself does not hold. Dates are ISO text; kinds are stable English codes (domain/monitor/
-- trajectory.py maps them to the exact DDAS codes). Every column is catalogued in resources/privacy/catalogue.toml
-- (section "Monitor"); the survey totals are anonymous counts (allow-listed as technical).

-- One row per case: the route's dates beyond help request / first conversation / decision / closing.
CREATE TABLE case_trajectories (
    case_id                      INTEGER PRIMARY KEY REFERENCES cases (id) ON DELETE CASCADE,
    action_plan_date             TEXT,      -- plan van aanpak afgerond
    stabilisation_start          TEXT,
    stabilisation_end            TEXT,
    arrangement_submitted        TEXT,      -- schuldregeling: verzoek ingediend
    arrangement_granted          TEXT,
    arrangement_refused          TEXT,
    arrangement_withdrawn        TEXT,
    forced_settlement_requested  TEXT,      -- datum verzoek dwangakkoord
    forced_settlement            INTEGER NOT NULL DEFAULT 0 CHECK (forced_settlement IN (0, 1)),
    aftercare_start              TEXT,
    aftercare_end                TEXT,
    outflow_reason               TEXT,      -- DDAS uitstroomreden code; NULL = derived from the closing reason
    CHECK (stabilisation_end IS NULL OR stabilisation_start IS NOT NULL),
    CHECK (aftercare_end IS NULL OR aftercare_start IS NOT NULL)
);

-- Solutions (DDAS oplossing) with dates; a case may see more than one over time (the DDAS file takes the latest).
CREATE TABLE case_solutions (
    id         INTEGER PRIMARY KEY,
    case_id    INTEGER NOT NULL REFERENCES cases (id) ON DELETE CASCADE,
    kind       TEXT NOT NULL,
    start_date TEXT NOT NULL,
    end_date   TEXT,
    CHECK (end_date IS NULL OR end_date >= start_date)
);
CREATE INDEX case_solutions_by_case ON case_solutions (case_id);

-- Guidance (DDAS begeleiding) with dates.
CREATE TABLE case_guidance (
    id         INTEGER PRIMARY KEY,
    case_id    INTEGER NOT NULL REFERENCES cases (id) ON DELETE CASCADE,
    kind       TEXT NOT NULL,
    start_date TEXT NOT NULL,
    end_date   TEXT,
    CHECK (end_date IS NULL OR end_date >= start_date)
);
CREATE INDEX case_guidance_by_case ON case_guidance (case_id);

-- Moratorium requests and periods (at most 6 months each).
CREATE TABLE case_moratoria (
    id           INTEGER PRIMARY KEY,
    case_id      INTEGER NOT NULL REFERENCES cases (id) ON DELETE CASCADE,
    requested_on TEXT NOT NULL,
    approved_on  TEXT,
    start_date   TEXT,
    end_date     TEXT
);
CREATE INDEX case_moratoria_by_case ON case_moratoria (case_id);

-- Crisis interventions with dates.
CREATE TABLE case_crisis_interventions (
    id         INTEGER PRIMARY KEY,
    case_id    INTEGER NOT NULL REFERENCES cases (id) ON DELETE CASCADE,
    start_date TEXT NOT NULL,
    end_date   TEXT,
    CHECK (end_date IS NULL OR end_date >= start_date)
);
CREATE INDEX case_crisis_interventions_by_case ON case_crisis_interventions (case_id);

-- The yearly client-experience survey: anonymous totals only (how many answered each score per question).
CREATE TABLE survey_totals (
    year     INTEGER NOT NULL,
    question TEXT NOT NULL,                 -- a question id from domain/monitor/survey.py
    score    INTEGER NOT NULL CHECK (score BETWEEN 1 AND 5),
    count    INTEGER NOT NULL CHECK (count >= 0),
    PRIMARY KEY (year, question, score)
) WITHOUT ROWID;
