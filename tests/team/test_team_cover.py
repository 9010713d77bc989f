"""Vervanging (cover): a read-only copy of selected cases with an end date; the colleague adds journal notes and
actions that come back in a return bundle and land in the original cases; the copy is purged after the end date."""
from __future__ import annotations

from datetime import date, datetime, timedelta, timezone

import pytest

from ketenregie.domain.cases import Action, ActionOwner, ActionStatus, JournalEntry
from ketenregie.services.team import TeamService, TeamServiceError
from ketenregie.store.case_repository import CaseIsCoverCopy, CaseRepository

from team_helpers import TODAY, introduce


def _numbers(member, limit):
    return [r[0] for r in member.register.db.query_all(
        "SELECT case_number FROM cases WHERE closed_on IS NULL ORDER BY id LIMIT ?", (limit,))]


def _count(member, table, number):
    return member.register.db.query_one(
        f"SELECT count(*) FROM {table} WHERE case_id = (SELECT id FROM cases WHERE case_number = ?)", (number,))[0]


def test_cover_round_trip_and_expiry(anna, bram):
    bram_id, anna_id = introduce(anna, bram)
    numbers = _numbers(anna, 2)
    until = date.today() + timedelta(days=14)
    with pytest.raises(TeamServiceError):
        anna.team.make_cover(bram_id, case_numbers=numbers, until=date.today())
    cover_id, data, count = anna.team.make_cover(bram_id, case_numbers=numbers, until=until)
    assert count == 2
    result = bram.team.receive_cover(bram.team.open_bundle(data))
    assert sorted(result.added) == sorted(numbers)
    assert bram.team.cover_until(numbers[0]) == until.isoformat()
    cases = CaseRepository(bram.register.db, bram.register.audit, clock=lambda: date.today())
    with pytest.raises(CaseIsCoverCopy):  # the fields are read-only during cover
        cases.update(cases.get(numbers[0], audit=False))
    with pytest.raises(TeamServiceError):  # and the copy cannot be handed on
        bram.team.make_handover(anna_id, case_numbers=numbers[:1])
    notes_before, actions_before = _count(anna, "journal_entries", numbers[0]), _count(anna, "actions", numbers[0])
    cases.add_journal_entry(numbers[0], JournalEntry(date.today(), "Gebeld tijdens vervanging"))
    cases.add_action(numbers[0], Action(description="Brief deurwaarder opvragen", owner=ActionOwner.SELF,
                                        due=until, status=ActionStatus.OPEN))
    _rid, back, with_additions = bram.team.make_cover_return(cover_id)
    assert with_additions == 1
    assert anna.team.receive_cover_return(anna.team.open_bundle(back)) == (1, 1, 0)
    assert _count(anna, "journal_entries", numbers[0]) == notes_before + 1
    assert _count(anna, "actions", numbers[0]) == actions_before + 1
    texts = [r[0] for r in anna.register.db.query_all(
        "SELECT text FROM journal_entries WHERE case_id = (SELECT id FROM cases WHERE case_number = ?)",
        (numbers[0],))]
    assert "Gebeld tijdens vervanging" in texts
    with pytest.raises(TeamServiceError):  # replay
        anna.team.open_bundle(back)
    _rid, again, n = bram.team.make_cover_return(cover_id)  # every return holds all rows of the cover ...
    assert n == 1
    assert anna.team.receive_cover_return(anna.team.open_bundle(again)) == (0, 0, 2)  # ... taken once
    # the copy goes with the purge after the end date, the original stays
    assert bram.team.purge_expired_covers(until) == 0
    assert bram.team.purge_expired_covers(until + timedelta(days=1)) == 2
    assert bram.register.db.query_one("SELECT count(*) FROM cases")[0] == 0
    assert bram.register.audit.recent(1)[0].object_ref == "team_cover:cases=2"
    assert _count(anna, "journal_entries", numbers[0]) == notes_before + 1


def test_a_return_for_a_cover_never_sent_is_refused(anna, bram):
    bram_id, anna_id = introduce(anna, bram)
    number = _numbers(anna, 1)
    cover_id, data, _ = anna.team.make_cover(bram_id, case_numbers=number, until=date.today() + timedelta(days=3))
    bram.team.receive_cover(bram.team.open_bundle(data))
    # Bram tampers with nothing, but Anna's record of the cover is gone (another register of Anna's, say)
    anna.register.db.execute("DELETE FROM team_handovers_sent WHERE bundle_id = ?", (cover_id,))
    _rid, back, _ = bram.team.make_cover_return(cover_id)
    with pytest.raises(TeamServiceError) as caught:
        anna.team.receive_cover_return(anna.team.open_bundle(back))
    assert "hoort niet bij een vervanging" in caught.value.user_message


def _texts(member, number):
    return [r[0] for r in member.register.db.query_all(
        "SELECT text FROM journal_entries WHERE case_id = (SELECT id FROM cases WHERE case_number = ?) ORDER BY id",
        (number,))]


def test_a_lost_return_bundle_is_made_again_and_nothing_lands_twice(anna, bram):
    """Item (d): Bram's first return bundle gets lost; he makes it again after adding more. Anna reads the new one,
    later the lost one turns up too: every note and action is in her case once. Two notes with the same text are
    two notes (the match is by travelling row id, never by text)."""
    bram_id, _anna_id = introduce(anna, bram)
    [number] = _numbers(anna, 1)
    until = date.today() + timedelta(days=10)
    cover_id, data, _ = anna.team.make_cover(bram_id, case_numbers=[number], until=until)
    bram.team.receive_cover(bram.team.open_bundle(data))
    cases = CaseRepository(bram.register.db, bram.register.audit, clock=lambda: date.today())
    notes_before, actions_before = _count(anna, "journal_entries", number), _count(anna, "actions", number)
    cases.add_journal_entry(number, JournalEntry(date.today(), "Schuldeiser gebeld"))
    cases.add_action(number, Action(description="Loonstrook opvragen", owner=ActionOwner.SELF, due=until,
                                    status=ActionStatus.OPEN))
    lost_id, lost, _ = bram.team.make_cover_return(cover_id)
    cases.add_journal_entry(number, JournalEntry(date.today(), "Schuldeiser gebeld"))  # same text, a new note
    again_id, again, count = bram.team.make_cover_return(cover_id)
    assert again_id != lost_id and count == 1
    assert anna.team.receive_cover_return(anna.team.open_bundle(again)) == (2, 1, 0)
    assert anna.team.receive_cover_return(anna.team.open_bundle(lost)) == (0, 0, 2)
    assert _count(anna, "journal_entries", number) == notes_before + 2
    assert _count(anna, "actions", number) == actions_before + 1
    assert _texts(anna, number).count("Schuldeiser gebeld") == 2


def test_the_lost_bundle_read_first_then_the_new_one_adds_only_what_is_new(anna, bram):
    bram_id, _anna_id = introduce(anna, bram)
    [number] = _numbers(anna, 1)
    until = date.today() + timedelta(days=10)
    cover_id, data, _ = anna.team.make_cover(bram_id, case_numbers=[number], until=until)
    bram.team.receive_cover(bram.team.open_bundle(data))
    cases = CaseRepository(bram.register.db, bram.register.audit, clock=lambda: date.today())
    cases.add_journal_entry(number, JournalEntry(date.today(), "Eerste notitie"))
    _rid, first, _ = bram.team.make_cover_return(cover_id)
    cases.add_action(number, Action(description="Tweede stap", owner=ActionOwner.SELF, due=until,
                                    status=ActionStatus.OPEN))
    _rid, second, _ = bram.team.make_cover_return(cover_id)
    assert anna.team.receive_cover_return(anna.team.open_bundle(first)) == (1, 0, 0)
    assert anna.team.receive_cover_return(anna.team.open_bundle(second)) == (0, 1, 1)
    assert _texts(anna, number).count("Eerste notitie") == 1
