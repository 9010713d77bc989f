-- Team work (issue #14): one register per person, cases travel between registers only as signed and encrypted
-- bundles (DESIGN.md §8 "Between registers, only bundles"; the format is in docs/it/teambundels.md).

-- This register's own team identity: one row. The PRIVATE keys live in this table on purpose: the whole database
-- is encrypted by SQLCipher under the data key, so the keys are protected exactly as the case data is, and every
-- re-key of the register (a new passphrase, a recovery) carries them along without any extra wrapping step. They
-- are never written anywhere else (not in the key-slot file, not in the keyring, not in settings).
CREATE TABLE team_identity (
    id                 INTEGER PRIMARY KEY CHECK (id = 1),
    encryption_private BLOB NOT NULL,           -- X25519 private key, raw 32 bytes
    signing_private    BLOB NOT NULL,           -- Ed25519 private key, raw 32 bytes
    display_name       TEXT NOT NULL,           -- the employee's name as shown on the team card
    role               TEXT NOT NULL CHECK (role IN ('ketenregisseur', 'teamleider')),
    created_at         TEXT NOT NULL
);

-- Colleagues whose team cards were added. verified_at IS NULL: the fingerprint was not compared yet, and such a
-- colleague can neither receive case data nor be trusted as a sender.
CREATE TABLE team_colleagues (
    id                INTEGER PRIMARY KEY,
    fingerprint       TEXT NOT NULL UNIQUE,     -- 60 digits (12 groups of 5) over both public keys
    encryption_public BLOB NOT NULL,
    signing_public    BLOB NOT NULL,
    display_name      TEXT NOT NULL,            -- from the card, or as renamed by the user
    role              TEXT NOT NULL CHECK (role IN ('ketenregisseur', 'teamleider')),
    added_at          TEXT NOT NULL,
    verified_at       TEXT
);

-- Every bundle id ever imported: a second import of the same bundle (replay) is refused.
CREATE TABLE team_received_bundles (
    bundle_id          TEXT PRIMARY KEY,
    sender_fingerprint TEXT NOT NULL,
    kind               TEXT NOT NULL,
    received_at        TEXT NOT NULL
) WITHOUT ROWID;

-- A random id per case that stays the same in every register the case travels to ("the same case").
CREATE TABLE team_case_links (
    case_id  INTEGER PRIMARY KEY REFERENCES cases (id) ON DELETE CASCADE,
    case_uid TEXT NOT NULL UNIQUE
);

-- Handovers and covers this register sent. A handover waits for the recipient's receipt bundle; a cover
-- (vervanging) lasts until `until` and its return bundle brings journal notes and actions back.
CREATE TABLE team_handovers_sent (
    bundle_id      TEXT PRIMARY KEY,
    colleague_id   INTEGER REFERENCES team_colleagues (id) ON DELETE SET NULL,
    created_at     TEXT NOT NULL,
    receipt_at     TEXT,
    kind           TEXT NOT NULL DEFAULT 'overdracht' CHECK (kind IN ('overdracht', 'vervanging')),
    until          TEXT
) WITHOUT ROWID;

CREATE TABLE team_handover_cases (
    bundle_id TEXT NOT NULL REFERENCES team_handovers_sent (bundle_id) ON DELETE CASCADE,
    case_id   INTEGER NOT NULL REFERENCES cases (id) ON DELETE CASCADE,
    PRIMARY KEY (bundle_id, case_id)
);

-- A case handed over to a colleague: read-only here from then on ("Overgedragen aan ... op ...").
CREATE TABLE case_handed_over (
    case_id        INTEGER PRIMARY KEY REFERENCES cases (id) ON DELETE CASCADE,
    colleague_name TEXT NOT NULL,
    handed_over_on TEXT NOT NULL
);

-- A cover copy (vervanging) of a colleague's case: its fields are read-only here, journal notes and actions may be
-- added (they go back in the return bundle: rows with an id above the *_max recorded at import). The copy is
-- deleted by the purge after `until`.
CREATE TABLE cover_copies (
    case_id            INTEGER PRIMARY KEY REFERENCES cases (id) ON DELETE CASCADE,
    bundle_id          TEXT NOT NULL,
    sender_fingerprint TEXT NOT NULL,
    until              TEXT NOT NULL,
    journal_max        INTEGER NOT NULL,
    action_max         INTEGER NOT NULL
);
