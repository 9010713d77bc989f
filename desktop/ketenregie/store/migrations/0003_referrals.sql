-- Referrals (issue #4): the partner directory's letter details, the basis for sharing per case and recipient
-- (Wgs task or the resident's consent, and its withdrawal), and a record of every referral letter produced.
-- Personal-data columns are listed in resources/privacy/catalogue.toml (section "Verwijzingen"). A referral row
-- records WHICH fields went to whom, never the letter's contents; the BSN typed for a formal referral is not kept.

-- The directory (base table from 0002) gets what a letter needs. `editable` = 0 for rows that come from the IT
-- policy's directory file (PartnerDirectoryFile): the app shows them read-only.
ALTER TABLE partners ADD COLUMN address TEXT NOT NULL DEFAULT '';            -- lines separated by "\n"
ALTER TABLE partners ADD COLUMN contact_person TEXT NOT NULL DEFAULT '';     -- a team or a person at the partner
ALTER TABLE partners ADD COLUMN phone TEXT NOT NULL DEFAULT '';
ALTER TABLE partners ADD COLUMN email TEXT NOT NULL DEFAULT '';
ALTER TABLE partners ADD COLUMN channel TEXT NOT NULL DEFAULT 'secure_email'; -- Channel code (domain/partner_directory.py)
ALTER TABLE partners ADD COLUMN channel_detail TEXT NOT NULL DEFAULT '';     -- e.g. which secure mail or portal
ALTER TABLE partners ADD COLUMN editable INTEGER NOT NULL DEFAULT 1 CHECK (editable IN (0, 1));

-- The basis for sharing one case's data with one partner. scope = space-separated letter field ids.
CREATE TABLE sharing_bases (
    id                     INTEGER PRIMARY KEY,
    case_id                INTEGER NOT NULL REFERENCES cases (id) ON DELETE CASCADE,
    partner_id             INTEGER NOT NULL REFERENCES partners (id),
    kind                   TEXT NOT NULL CHECK (kind IN ('wgs_task', 'consent')),
    given_on               TEXT NOT NULL,
    form                   TEXT CHECK (form IN ('oral', 'written')),
    scope                  TEXT NOT NULL,
    recorded_by            TEXT NOT NULL,
    recorded_at            TEXT NOT NULL,
    withdrawn_on           TEXT,
    withdrawal_recorded_by TEXT,
    CHECK ((kind = 'consent') = (form IS NOT NULL)),
    CHECK ((withdrawn_on IS NULL) = (withdrawal_recorded_by IS NULL)),
    CHECK (withdrawn_on IS NULL OR withdrawn_on >= given_on)
);

CREATE INDEX sharing_bases_by_case ON sharing_bases (case_id, partner_id);

-- One row per referral letter produced and saved. fields = space-separated letter field ids that were shared.
CREATE TABLE referrals (
    id              INTEGER PRIMARY KEY,
    case_id         INTEGER NOT NULL REFERENCES cases (id) ON DELETE CASCADE,
    partner_id      INTEGER NOT NULL REFERENCES partners (id),
    basis_id        INTEGER NOT NULL REFERENCES sharing_bases (id),
    letter_date     TEXT NOT NULL,
    fields          TEXT NOT NULL,
    check_back_date TEXT,
    resident_copy   INTEGER NOT NULL DEFAULT 0 CHECK (resident_copy IN (0, 1)),
    protected       INTEGER NOT NULL DEFAULT 0 CHECK (protected IN (0, 1)),   -- saved with a password (AES-256)
    created_by      TEXT NOT NULL,
    created_at      TEXT NOT NULL
);

CREATE INDEX referrals_by_case ON referrals (case_id);

-- The coordinator's own sender details for letters (name, phone, e-mail): one row, kept inside the register
-- rather than in plain user settings.
CREATE TABLE letter_sender (
    id       INTEGER PRIMARY KEY CHECK (id = 1),
    name     TEXT NOT NULL DEFAULT '',
    function TEXT NOT NULL DEFAULT '',
    phone    TEXT NOT NULL DEFAULT '',
    email    TEXT NOT NULL DEFAULT ''
);
