-- Conversations (issue #5), DOMAIN.md §10 "After": the resident's summary has a documents checklist.
-- "Meenemen / opsturen": a JSON list of short neutral texts ("loonstrook", "brief van de deurwaarder", ...) chosen
-- from resources/checklists/documents.toml or typed; the texts as printed, so later edits of the data list do not
-- change earlier conversations. Catalogued in resources/privacy/catalogue.toml (section "conversations").

ALTER TABLE conversations ADD COLUMN documents TEXT NOT NULL DEFAULT '[]';
