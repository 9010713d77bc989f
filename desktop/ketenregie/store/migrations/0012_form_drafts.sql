-- Form drafts (issue 15, item 6): what was typed but not saved in a form when the register locked (Ctrl+L, idle,
-- session lock, suspend, quit) — the case dialog (a new or an existing case), the planning dialog of a meeting
-- with its agenda items, the record being typed in meeting mode, and the manual entry of a vroegsignaal. The lock always wins and never drops input: the
-- form's values are written here in one short transaction just before the database closes, and offered back after
-- the next unlock. Saving or cancelling the form (or dismissing the offer) removes the draft.
--
-- One draft per form: `owner_key` says which ('new' for a new case, meeting or signal; 'case:<id>', 'meeting:<id>'
-- for an existing one). `fields` is the form's values as JSON (domain/form_drafts.py). A case-bound draft goes with
-- its case (ON DELETE CASCADE, and explicitly in store/case_erasure.py, which also removes a meeting draft whose
-- agenda or agenda item names an erased case); a meeting draft goes with its meeting. Drafts never travel in a team bundle.
-- Personal-data columns are in resources/privacy/catalogue.toml ("Niet-opgeslagen invoer"). updated_at is UTC ISO 8601.

CREATE TABLE form_drafts (
    id         INTEGER PRIMARY KEY,
    kind       TEXT NOT NULL CHECK (kind IN ('case', 'meeting', 'meeting_record', 'signal')),
    owner_key  TEXT NOT NULL,
    case_id    INTEGER REFERENCES cases (id) ON DELETE CASCADE,
    meeting_id INTEGER REFERENCES meetings (id) ON DELETE CASCADE,
    fields     TEXT NOT NULL CHECK (json_valid(fields)),
    updated_at TEXT NOT NULL,
    UNIQUE (kind, owner_key)
);

CREATE INDEX form_drafts_by_case ON form_drafts (case_id);
