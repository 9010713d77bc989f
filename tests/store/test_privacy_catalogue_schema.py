"""The privacy catalogue against the schema, both ways: every column of every table is either catalogued as
personal data or explicitly allowed as non-personal here; every catalogued field exists in the schema."""
from __future__ import annotations

import secrets

import pytest

from ketenregie.domain.privacy_catalogue import CATALOGUE_RESOURCE, CATEGORIES, load_catalogue
from ketenregie.resources import resource_path
from ketenregie.store.connection import connect
from ketenregie.store.database import Database
from ketenregie.store.migrate import apply_migrations

# Tables without personal data at all (organisations, counters, settings, register metadata).
NON_PERSONAL_TABLES = {
    "meta": "register id and audit head",
    "case_number_counters": "last sequence number per year",
    # 0005_meetings (issue 6)
    # 0007_signals (issue 12)
    "signal_import_mappings": "column headers -> field names per source; never a value from a file",
    # 0010_team (issue 14)
    "team_received_bundles": "random bundle ids, sender key fingerprints and kinds (replay protection)",
    "team_case_links": "a random travelling id per case",
    "team_handovers_sent": "random bundle ids, colleague row ids and timestamps",
    "team_handover_cases": "which case rows went into which bundle (ids only)",
    "cover_copies": "which case rows are a colleague's cover copy, with bundle id, key fingerprint and end date",
    # 0013_team_meetings (issue 14 item 5): coordinator-side opaque item ids; the team lead's monitor figures
    "team_meeting_sent": "random bundle ids, meeting and colleague row ids and timestamps",
    "team_meeting_sent_items": "random opaque item ids and the agenda item row each stands for",
    "team_monitor_figures": "anonymous monitor totals (suppressed as for the council) with bundle id and period",
    # 0011_monitor (issue 13)
    "survey_totals": "anonymous totals of the client-experience survey per question and score",
}
# Technical columns in tables that do hold personal data: keys, derived numbering, row timestamps, hashes.
# Every table's own `id INTEGER PRIMARY KEY` counts as technical without being listed (see `_technical`); foreign
# keys do not: a link between rows can itself be personal data (which partner helps whom), so list each one here
# or catalogue it. Add a block per feature/migration.
NON_PERSONAL_COLUMNS = {
    # 0001_foundation
    ("audit_log", "action"), ("audit_log", "object_ref"), ("audit_log", "result"), ("audit_log", "origin"),
    ("audit_log", "prev_hash"), ("audit_log", "hash"),
    # 0002_cases
    ("cases", "number_year"), ("cases", "number_seq"), ("cases", "updated_at"),
    ("households", "case_id"),
    ("case_target_groups", "case_id"),
    ("case_partners", "case_id"),
    ("actions", "case_id"),
    ("journal_entries", "case_id"), ("journal_entries", "created_at"),
    # 0003_referrals (issue 4): keys and row timestamps; everything else is catalogued ("Verwijzingen")
    ("sharing_bases", "case_id"), ("sharing_bases", "recorded_at"),
    ("referrals", "case_id"), ("referrals", "basis_id"), ("referrals", "created_at"),
    # 0005_meetings (issue 6): meeting logistics, keys, positions and flags; everything else is catalogued
    # ("Casuïstiekoverleg", incl. agenda_items.case_id: the pseudonym -> case mapping)
    ("meetings", "series_id"), ("meetings", "duration_minutes"), ("meetings", "online"),
    ("meetings", "kind"), ("meetings", "status"), ("meetings", "pseudonym_style"), ("meetings", "minutes_final"),
    ("meetings", "updated_at"),
    ("agenda_items", "meeting_id"), ("agenda_items", "position"), ("agenda_items", "summary_final"),
    ("agenda_items", "time_box_minutes"),
    ("agenda_item_consent_participants", "agenda_item_id"),
    ("agenda_item_records", "agenda_item_id"), ("agenda_item_records", "kind"), ("agenda_item_records", "created_at"),
    ("case_meeting_marks", "marked_on"),
    # 0004_conversations (issue 5): keys, positions, draft state and row timestamps; everything else is catalogued
    # ("conversations" section)
    ("conversations", "case_id"), ("conversations", "status"), ("conversations", "stage"),
    ("conversations", "position"), ("conversations", "created_at"), ("conversations", "updated_at"),
    ("conversations", "finished_at"),
    ("conversation_checklist", "conversation_id"), ("conversation_bridge", "conversation_id"),
    ("conversation_goals", "conversation_id"), ("conversation_goals", "position"),
    ("conversation_goal_steps", "goal_id"), ("conversation_goal_steps", "position"),
    ("conversation_goal_steps", "action_id"),
    ("conversation_recognitions", "conversation_id"), ("conversation_recognitions", "action_id"),
    # 0007_signals (issue 12): keys and row timestamps; everything else is catalogued ("Vroegsignalering")
    ("signal_cases", "household_id"), ("signal_cases", "created_at"), ("signal_cases", "updated_at"),
    ("signals", "signal_case_id"), ("signals", "created_at"),
    ("signal_contact_attempts", "signal_case_id"), ("signal_contact_attempts", "created_at"),
    # 0011_monitor (issue 13): keys; everything else is catalogued ("Monitor")
    ("case_trajectories", "case_id"), ("case_solutions", "case_id"), ("case_guidance", "case_id"),
    ("case_moratoria", "case_id"), ("case_crisis_interventions", "case_id"),
    # 0009_resident_rights (issue 11): the random audit token (catalogued: the link audit_subjects.case_id)
    ("audit_subjects", "token"),
    # issue 11 (item 10): tables once listed as wholly non-personal keep only their technical and organisation
    # columns here; the free text that can name a person (contact person, guest, titles, view names, location) is
    # catalogued ("Vrije tekst en namen buiten de casus")
    ("partners", "code"), ("partners", "name"), ("partners", "type"), ("partners", "active"), ("partners", "address"),
    ("partners", "channel"), ("partners", "channel_detail"), ("partners", "editable"),
    ("saved_views", "filters"), ("saved_views", "sort_column"), ("saved_views", "sort_descending"),
    ("saved_views", "updated_at"),
    ("meeting_series", "recurrence"),
    ("meeting_participants", "meeting_id"), ("meeting_participants", "key"), ("meeting_participants", "position"),
    ("meeting_participants", "role"), ("meeting_participants", "partner_id"),
    # 0008_letter_drafts (issue 11, item 7): the key (one draft per case) and the row timestamp
    ("letter_drafts", "case_id"), ("letter_drafts", "updated_at"),
    # 0010_team (issue 14): key material, fingerprints and timestamps; the names are catalogued ("Teamwerk")
    ("team_identity", "encryption_private"), ("team_identity", "signing_private"), ("team_identity", "created_at"),
    ("team_colleagues", "fingerprint"), ("team_colleagues", "encryption_public"),
    ("team_colleagues", "signing_public"), ("team_colleagues", "added_at"), ("team_colleagues", "verified_at"),
    ("case_handed_over", "case_id"),
    # 0013_team_meetings (issue 14 item 5): bundle ids, fingerprints, row links, positions and timestamps
    ("team_meetings", "bundle_id"), ("team_meetings", "sender_fingerprint"), ("team_meetings", "received_at"),
    ("team_meetings", "finished_at"), ("team_meetings", "result_bundle_id"), ("team_meetings", "result_sent_at"),
    ("team_meeting_participants", "team_meeting_id"), ("team_meeting_participants", "position"),
    ("team_meeting_items", "team_meeting_id"), ("team_meeting_items", "position"), ("team_meeting_items", "item_uid"),
    ("team_meeting_records", "item_id"), ("team_meeting_records", "created_at"),
    # 0012_form_drafts (issue 15, item 6): which form a draft belongs to and the row timestamp; the link to the case
    # and the values are catalogued ("Niet-opgeslagen invoer")
    ("form_drafts", "kind"), ("form_drafts", "owner_key"), ("form_drafts", "meeting_id"),
    ("form_drafts", "updated_at"),
}
# Free-text columns that can hold a person's name or details: each must be in the catalogue with purpose, basis and
# retention (issue 11, item 10).
FREE_TEXT_COLUMNS = {
    ("meetings", "location"), ("meeting_participants", "organisation"), ("meeting_series", "title"),
    ("saved_views", "name"), ("partners", "contact_person"), ("partners", "phone"), ("partners", "email"),
    ("cases", "help_request"), ("journal_entries", "text"), ("actions", "description"), ("agenda_items", "question"),
    ("agenda_items", "summary"), ("agenda_item_records", "text"), ("meetings", "purpose"), ("meetings", "chair"),
    ("form_drafts", "fields"),
}
# The one BSN column: the DDAS vroegsignalering export identifies a client by BSN when it is known (DOMAIN.md §11),
# and it is filled only when policy SignalBsnEnabled allows it (services/signals.py drops it otherwise).
ALLOWED_BSN_COLUMNS = {("signal_households", "bsn")}


@pytest.fixture(scope="module")
def migrated(tmp_path_factory):
    db = Database(connect(tmp_path_factory.mktemp("schema") / "r.db", secrets.token_bytes(32)))
    apply_migrations(db)
    tables = [r[0] for r in db.query_all(
        "SELECT name FROM sqlite_master WHERE type = 'table' AND name NOT LIKE 'sqlite_%'")]
    info = {t: db.query_all(f"PRAGMA table_info({t})") for t in tables}
    db.close()
    return info


@pytest.fixture(scope="module")
def schema(migrated) -> dict[str, set[str]]:
    return {table: {row[1] for row in rows} for table, rows in migrated.items()}


@pytest.fixture(scope="module")
def technical(migrated) -> set[tuple[str, str]]:
    """Each table's `id INTEGER PRIMARY KEY` (the rowid) plus the explicit allow-list."""
    ids = {(table, row[1]) for table, rows in migrated.items() for row in rows
           if row[1] == "id" and row[5] == 1 and row[2].upper() == "INTEGER"}
    return ids | NON_PERSONAL_COLUMNS


@pytest.fixture(scope="module")
def catalogue():
    return load_catalogue(resource_path(*CATALOGUE_RESOURCE))


def test_every_column_is_catalogued_or_explicitly_non_personal(schema, catalogue, technical):
    catalogued = catalogue.columns()
    unaccounted = sorted(f"{table}.{column}" for table, columns in schema.items()
                         if table not in NON_PERSONAL_TABLES
                         for column in columns
                         if (table, column) not in catalogued and (table, column) not in technical)
    assert unaccounted == [], "add these to resources/privacy/catalogue.toml (or, if technical, to the allow-list)"


def test_every_catalogued_field_exists_in_the_schema(schema, catalogue):
    missing = sorted(f.key for f in catalogue.fields if f.column not in schema.get(f.table, set()))
    assert missing == []


def test_allow_lists_name_real_things_and_do_not_overlap_the_catalogue(schema, catalogue):
    assert set(NON_PERSONAL_TABLES) <= set(schema)
    assert all(column in schema[table] for table, column in NON_PERSONAL_COLUMNS)
    assert not NON_PERSONAL_COLUMNS & catalogue.columns()
    assert not set(NON_PERSONAL_TABLES) & catalogue.tables()


def test_no_bsn_column_anywhere(schema):
    assert not [f"{t}.{c}" for t, cols in schema.items() for c in cols
                if "bsn" in c.lower() and (t, c) not in ALLOWED_BSN_COLUMNS]


def test_catalogue_content_is_complete(catalogue):
    assert {f.category for f in catalogue.fields} <= set(CATEGORIES)
    case_tables = {"cases", "households", "case_target_groups", "case_partners", "actions", "journal_entries"}
    special = {f.key for f in catalogue.fields if f.category == "special" and f.table in case_tables}
    assert special == {"case_target_groups.target_group", "case_target_groups.reason"}
    assert catalogue.field("households", "name").category == "identifying"
    for f in catalogue.fields:
        assert f.label and f.purpose
        assert f.retention in catalogue.retention_rules and f.legal_basis in catalogue.legal_bases
    # the case file's retention chooses between the three rules of the Selectielijst (DOMAIN.md §9)
    from ketenregie.domain.cases import RetentionClass
    assert set(catalogue.retention_rules["case_file"].rules) == {r.value for r in RetentionClass}
    # the resident's free text, identity and contact details never go to an anonymous meeting or into monitoring
    for f in catalogue.fields:
        if f.table in case_tables and f.category in ("free_text", "identifying", "contact"):
            assert not {"case_meeting_anonymous", "monitoring"} & set(f.recipients), f.key


def test_every_free_text_column_that_can_name_a_person_is_catalogued():
    catalogue = load_catalogue(resource_path(*CATALOGUE_RESOURCE))
    listed = {(f.table, f.column): f for f in catalogue.fields}
    missing = sorted(FREE_TEXT_COLUMNS - set(listed))
    assert missing == []
    for key in FREE_TEXT_COLUMNS:
        entry = listed[key]
        assert entry.purpose.strip() and entry.legal_basis and entry.retention, key
