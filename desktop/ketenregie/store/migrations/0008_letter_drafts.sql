-- Letter drafts (issue 11, item 7): what the coordinator typed in Brieven for one case, kept in the (encrypted)
-- register like conversation drafts, so text typed for one case never lands in the next. One draft per case; it
-- goes with the case (ON DELETE CASCADE: purge and erasure) and is removed when the letter is saved. The BSN typed
-- for a letter is never stored. Personal-data columns are in resources/privacy/catalogue.toml ("Brieven").
-- Dates are ISO text; updated_at is UTC ISO 8601.

CREATE TABLE letter_drafts (
    case_id         INTEGER PRIMARY KEY REFERENCES cases (id) ON DELETE CASCADE,
    partner_id      INTEGER REFERENCES partners (id) ON DELETE SET NULL,
    arrears         TEXT NOT NULL DEFAULT '',
    steps_taken     TEXT NOT NULL DEFAULT '',
    agreements      TEXT NOT NULL DEFAULT '',
    attachments     TEXT NOT NULL DEFAULT '',
    check_back_date TEXT,
    updated_at      TEXT NOT NULL
);
