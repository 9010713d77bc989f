-- Placeholder: number 0012 belongs to the drafts work on another branch. This file keeps the numbering contiguous
-- on the team-meeting branch; the coordinator drops it when the branches are merged. It holds one no-op statement
-- only because tests/store/test_migrations.py demands at least one statement per migration.
SELECT 1;
