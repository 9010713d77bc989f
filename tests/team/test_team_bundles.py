"""Handover bundles between two real registers: round trip of every kind of case data, every refusal of
issue 14 item 6, nothing half-imported, no plaintext outside the encrypted part."""
from __future__ import annotations

import pytest

from ketenregie.domain.team import bundle as bundles
from ketenregie.domain.team.errors import (BundleNotForUs, BundleReplayed, BundleTampered, BundleTooNew,
                                           BundleUnknownSender, BundleUnverifiedSender, RecipientUnverified)
from ketenregie.services.team import TeamServiceError
from ketenregie.store.team_case_transfer import LOCAL_ONLY_TABLES, TRANSFER_TABLES

from ketenregie.domain.team.identity import TeamIdentity

from team_helpers import introduce

CASE_TABLES = ["cases"] + [t.table for t in TRANSFER_TABLES]


def _case_numbers(member, limit=3):
    return [r[0] for r in member.register.db.query_all(
        "SELECT case_number FROM cases WHERE closed_on IS NULL AND id IN (SELECT case_id FROM conversations)"
        " ORDER BY id LIMIT ?", (limit,))]


def _snapshot(member, numbers):
    """Everything of these cases, by content (no row ids; partners by code), for comparing two registers."""
    db = member.register.db
    out = {}
    for number in numbers:
        case_id = db.query_one("SELECT id FROM cases WHERE case_number = ?", (number,))[0]
        tables = {"cases": db.query_all("SELECT * FROM cases WHERE id = ?", (case_id,))}
        for spec in TRANSFER_TABLES:
            if spec.parent_table == "cases":
                where, params = f"{spec.parent_column} = ?", (case_id,)
            else:
                parent = next(s for s in TRANSFER_TABLES if s.table == spec.parent_table)
                where = (f"{spec.parent_column} IN (SELECT id FROM {parent.table} WHERE "
                         f"{parent.parent_column} = ?)")
                params = (case_id,)
                if parent.parent_table != "cases":
                    grand = next(s for s in TRANSFER_TABLES if s.table == parent.parent_table)
                    where = (f"{spec.parent_column} IN (SELECT id FROM {parent.table} WHERE {parent.parent_column}"
                             f" IN (SELECT id FROM {grand.table} WHERE {grand.parent_column} = ?))")
            columns = [r[1] for r in db.query_all(f"PRAGMA table_info({spec.table})")]
            keep = [c for c in columns if c not in ("id", spec.parent_column) and c not in dict(spec.refs)]
            partner_refs = [c for c, t in spec.refs if t == "partners"]
            select = ", ".join(keep + [f"(SELECT code FROM partners p WHERE p.id = {spec.table}.{c})"
                                       for c in partner_refs])
            rows = db.query_all(f"SELECT {select} FROM {spec.table} WHERE {where}", params)
            tables[spec.table] = sorted(rows, key=repr)
        tables["cases"] = [row[1:] for row in tables["cases"]]  # without the row id
        out[number] = tables
    return out


def test_every_case_table_travels_or_is_deliberately_local(anna):
    db = anna.register.db
    tables = [r[0] for r in db.query_all("SELECT name FROM sqlite_master WHERE type = 'table'")]
    with_case = {t for t in tables if "case_id" in {r[1] for r in db.query_all(f"PRAGMA table_info({t})")}}
    assert with_case - LOCAL_ONLY_TABLES <= set(CASE_TABLES)


def test_handover_round_trip_carries_everything_of_the_cases(anna, bram):
    bram_id, _ = introduce(anna, bram)
    numbers = _case_numbers(anna)
    assert len(numbers) == 3
    before = _snapshot(anna, numbers)
    # the demo activity gives these cases rows in (nearly) every table; the round trip must cover them
    filled = {t for snap in before.values() for t, rows in snap.items() if rows}
    assert {"households", "actions", "journal_entries", "conversations", "conversation_bridge",
            "case_partners"} <= filled
    bundle_id, data, count = anna.team.make_handover(bram_id, case_numbers=numbers)
    assert count == 3
    opened = bram.team.open_bundle(data)
    preview = bram.team.preview_handover(opened)
    assert [c.case_number for c in preview.cases] == numbers and not preview.conflicts
    result = bram.team.receive_handover(opened)
    assert sorted(result.added) == sorted(numbers) and not result.renumbered
    assert _snapshot(bram, numbers) == before
    # both audit logs record it by counts and the bundle id only
    assert anna.register.audit.recent(1)[0].object_ref == f"team_handover:cases=3,id={bundle_id[:16]}"
    assert bram.register.audit.recent(1)[0].object_ref == f"team_received:cases=3,kept=0,id={bundle_id[:16]}"


def test_no_plaintext_of_any_case_field_in_the_bundle(anna, bram):
    bram_id, _ = introduce(anna, bram)
    numbers = _case_numbers(anna)
    _bundle_id, data, _ = anna.team.make_handover(bram_id, case_numbers=numbers)
    snap = _snapshot(anna, numbers)
    values = {v for tables in snap.values() for rows in tables.values() for row in rows for v in row
              if isinstance(v, str) and len(v) >= 4}
    values |= set(numbers) | {"Anna de Vries", "Bram Jansen"}
    leaked = [v for v in values if v.encode("utf-8") in data]
    assert leaked == []


def test_an_unverified_colleague_cannot_receive_case_data(anna, bram):
    bram_id, _ = introduce(anna, bram, verified=False)
    with pytest.raises(TeamServiceError) as caught:
        anna.team.make_handover(bram_id, case_numbers=_case_numbers(anna, 1))
    assert caught.value.user_message == RecipientUnverified.user_message
    anna.team.verify_colleague(bram_id)
    anna.team.make_handover(bram_id, case_numbers=_case_numbers(anna, 1))


def _count(member, table="cases"):
    return member.register.db.query_one(f"SELECT count(*) FROM {table}")[0]


def test_every_flipped_byte_is_refused_and_nothing_is_imported(anna, bram):
    bram_id, _ = introduce(anna, bram)
    _bid, data, _ = anna.team.make_handover(bram_id, case_numbers=_case_numbers(anna, 1))
    positions = list(range(0, min(len(data), 600))) + list(range(600, len(data), 97)) + [len(data) - 1]
    for position in positions:
        flipped = bytearray(data)
        flipped[position] ^= 0x01
        with pytest.raises(TeamServiceError):
            bram.team.open_bundle(bytes(flipped))
    assert _count(bram) == 0
    bram.team.receive_handover(bram.team.open_bundle(data))  # the original still opens
    assert _count(bram) == 1


def test_truncated_or_foreign_files_are_refused(anna, bram):
    bram_id, _ = introduce(anna, bram)
    _bid, data, _ = anna.team.make_handover(bram_id, case_numbers=_case_numbers(anna, 1))
    for bad in (b"", b"PK\x03\x04 zip", data[:-1], data + b"x", data[:40]):
        with pytest.raises(TeamServiceError) as caught:
            bram.team.open_bundle(bad)
        assert caught.value.user_message == bundles.BundleInvalid.user_message


def test_a_bundle_meant_for_someone_else_is_refused(anna, bram, carla):
    bram_id, _ = introduce(anna, bram)
    introduce(anna, carla)
    _bid, data, _ = anna.team.make_handover(bram_id, case_numbers=_case_numbers(anna, 1))
    with pytest.raises(TeamServiceError) as caught:
        carla.team.open_bundle(data)
    assert caught.value.user_message == BundleNotForUs.user_message


def test_unknown_and_unverified_senders_are_refused(anna, bram):
    bram_id = anna.team.add_colleague(bram.team.identity().card(), verified=True).id
    _bid, data, _ = anna.team.make_handover(bram_id, case_numbers=_case_numbers(anna, 1))
    with pytest.raises(TeamServiceError) as caught:
        bram.team.open_bundle(data)
    assert caught.value.user_message == BundleUnknownSender.user_message
    anna_id = bram.team.add_colleague(anna.team.identity().card(), verified=False).id
    with pytest.raises(TeamServiceError) as caught:
        bram.team.open_bundle(data)
    assert caught.value.user_message == BundleUnverifiedSender.user_message
    bram.team.verify_colleague(anna_id)
    bram.team.receive_handover(bram.team.open_bundle(data))


def test_a_forged_sender_is_refused(anna, bram):
    """Mallory knows Bram's public card and claims to be Anna: the signature does not match Anna's key."""
    introduce(anna, bram)
    mallory = TeamIdentity.generate("Mallory", "ketenregisseur")
    forged = bundles.seal({"cases": {}, "case_uids": {}}, kind=bundles.BundleKind.HANDOVER, sender=mallory,
                          recipient=bram.team.identity().card(), app_version="0.1.0")[1]
    # rewrite the sender fingerprint in the header to Anna's (same length): the signature no longer fits
    forged = forged.replace(mallory.fingerprint.encode(), anna.team.identity().fingerprint.encode())
    with pytest.raises(TeamServiceError) as caught:
        bram.team.open_bundle(forged)
    assert caught.value.user_message == BundleTampered.user_message


def test_a_replayed_bundle_is_refused(anna, bram):
    bram_id, _ = introduce(anna, bram)
    _bid, data, _ = anna.team.make_handover(bram_id, case_numbers=_case_numbers(anna, 1))
    opened = bram.team.open_bundle(data)
    bram.team.receive_handover(opened)
    with pytest.raises(TeamServiceError) as caught:
        bram.team.open_bundle(data)
    assert caught.value.user_message == BundleReplayed.user_message
    with pytest.raises(TeamServiceError):  # the already opened object cannot be imported twice either
        bram.team.receive_handover(opened)
    assert _count(bram) == 1


def test_a_bundle_from_a_newer_app_version_is_refused(anna, bram):
    bram_id, _ = introduce(anna, bram)
    anna.team._version = "99.0.0"
    _bid, data, _ = anna.team.make_handover(bram_id, case_numbers=_case_numbers(anna, 1))
    with pytest.raises(TeamServiceError) as caught:
        bram.team.open_bundle(data)
    assert caught.value.user_message == BundleTooNew.user_message


def test_a_failure_halfway_imports_nothing(anna, bram):
    """A bundle whose last row cannot be stored (a dangling reference) leaves the register exactly as it was."""
    bram_id, anna_id = introduce(anna, bram)
    numbers = _case_numbers(anna)
    _bid, data, _ = anna.team.make_handover(bram_id, case_numbers=numbers)
    opened = bram.team.open_bundle(data)
    tables = opened.payload["cases"]["tables"]
    conversation = tables["conversations"]["rows"][0][tables["conversations"]["columns"].index("id")]
    recognitions = tables["conversation_recognitions"]
    row = {"conversation_id": conversation, "action_id": 987654321}  # an action that is not in the bundle
    recognitions["rows"].append([row.get(c, "x") for c in recognitions["columns"]])
    tables_before = {t: _count(bram, t) for t in CASE_TABLES}
    audit_before = bram.register.audit.count()
    with pytest.raises(TeamServiceError):
        bram.team.receive_handover(opened)
    assert {t: _count(bram, t) for t in CASE_TABLES} == tables_before
    assert bram.register.audit.count() == audit_before
    assert not bram.team.repo.was_received(opened.header.bundle_id)
