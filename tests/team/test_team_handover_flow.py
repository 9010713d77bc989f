"""Handover as two colleagues do it: hand over, receive, send a receipt, the sender's case becomes "Overgedragen";
a case that comes back changed shows what differs and the user chooses; numbers taken here are renumbered."""
from __future__ import annotations

from datetime import date

import pytest

from ketenregie.domain.cases import JournalEntry
from ketenregie.services.team import TeamServiceError
from ketenregie.store.case_repository import CaseRepository

from team_helpers import TODAY, introduce


def _open_numbers(member, limit):
    return [r[0] for r in member.register.db.query_all(
        "SELECT case_number FROM cases WHERE closed_on IS NULL ORDER BY id LIMIT ?", (limit,))]


def _journal_count(member, number):
    return member.register.db.query_one(
        "SELECT count(*) FROM journal_entries WHERE case_id = (SELECT id FROM cases WHERE case_number = ?)",
        (number,))[0]


def test_receipt_marks_the_senders_cases_handed_over(anna, bram):
    bram_id, _ = introduce(anna, bram)
    numbers = _open_numbers(anna, 3)
    _bid, data, _ = anna.team.make_handover(bram_id, case_numbers=numbers)
    assert anna.team.handed_over_text(numbers[0]) is None  # not before the receipt
    opened = bram.team.open_bundle(data)
    bram.team.receive_handover(opened)
    _rid, receipt = bram.team.make_receipt(opened)
    assert anna.team.receive_receipt(anna.team.open_bundle(receipt)) == 3
    text = anna.team.handed_over_text(numbers[0])
    assert text.startswith("Overgedragen aan Bram Jansen op ")
    with pytest.raises(TeamServiceError):  # a handed-over case is not handed over a second time
        anna.team.make_handover(bram_id, case_numbers=numbers[:1])
    with pytest.raises(TeamServiceError):  # the receipt cannot be replayed
        anna.team.open_bundle(receipt)


def test_mark_now_marks_without_waiting_for_the_receipt(anna, bram):
    bram_id, _ = introduce(anna, bram)
    numbers = _open_numbers(anna, 1)
    anna.team.make_handover(bram_id, case_numbers=numbers, mark_now=True)
    assert anna.team.handed_over_text(numbers[0]).startswith("Overgedragen aan Bram Jansen")


def test_all_open_hands_over_every_open_case(anna, bram):
    bram_id, _ = introduce(anna, bram)
    open_count = anna.register.db.query_one("SELECT count(*) FROM cases WHERE closed_on IS NULL")[0]
    _bid, data, count = anna.team.make_handover(bram_id, all_open=True)
    assert count == open_count
    bram.team.receive_handover(bram.team.open_bundle(data))
    assert bram.register.db.query_one("SELECT count(*) FROM cases")[0] == open_count


def test_a_case_that_comes_back_changed_shows_the_difference_and_the_user_chooses(anna, bram):
    bram_id, anna_id = introduce(anna, bram)
    number = _open_numbers(anna, 1)[0]
    _bid, data, _ = anna.team.make_handover(bram_id, case_numbers=[number])
    bram.team.receive_handover(bram.team.open_bundle(data))
    CaseRepository(bram.register.db, bram.register.audit, clock=lambda: TODAY).add_journal_entry(
        number, JournalEntry(TODAY, "Gesprek bij Bram gevoerd"))
    before = _journal_count(anna, number)

    def back():
        _bid, data, _ = bram.team.make_handover(anna_id, case_numbers=[number])
        return anna.team.open_bundle(data)

    opened = back()
    preview = anna.team.preview_handover(opened)
    [incoming] = preview.conflicts
    assert incoming.local_number == number
    assert incoming.diff.counts["journal_entries"] == (before, before + 1)
    assert "cases.updated_at" not in incoming.diff.fields
    with pytest.raises(TeamServiceError):  # no choice made: nothing happens
        anna.team.receive_handover(opened)
    assert _journal_count(anna, number) == before
    result = anna.team.receive_handover(opened, {incoming.case_uid: "keep"})
    assert result.kept == [number] and _journal_count(anna, number) == before
    opened = back()
    result = anna.team.receive_handover(opened, {anna.team.preview_handover(opened).cases[0].case_uid: "replace"})
    assert result.replaced == [number] and _journal_count(anna, number) == before + 1
    assert anna.register.db.query_one("SELECT count(*) FROM cases WHERE case_number = ?", (number,))[0] == 1


def test_a_case_number_taken_here_gets_a_new_number(anna, bram, carla):
    bram_id, _ = introduce(anna, bram)
    carla_id, _ = introduce(carla, bram)
    # Carla registers her own case; it gets the same number as one of Anna's
    from ketenregie.demo import fill_demo_cases

    [carla_number] = fill_demo_cases(carla.register, 1, today=TODAY)
    carla_data = carla.team.make_handover(carla_id, case_numbers=[carla_number])[1]
    bram.team.receive_handover(bram.team.open_bundle(carla_data))
    anna_numbers = _open_numbers(anna, 40)
    clash = next((n for n in anna_numbers if n == carla_number), None)
    if clash is None:  # make one: Anna's first case gets Carla's number
        clash = anna_numbers[0]
        bram.register.db.execute("UPDATE cases SET case_number = ?, number_year = ?, number_seq = ?"
                                 " WHERE case_number = ?", (clash, int(clash[:4]), int(clash[5:]), carla_number))
    data = anna.team.make_handover(bram_id, case_numbers=[clash])[1]
    result = bram.team.receive_handover(bram.team.open_bundle(data))
    new_number = result.renumbered[clash]
    assert new_number != clash and result.added == [new_number]
    year = int(new_number[:4])
    assert int(new_number[5:]) <= bram.register.db.query_one(
        "SELECT last_seq FROM case_number_counters WHERE year = ?", (year,))[0]


def test_a_handed_over_case_is_read_only_for_the_sender(anna, bram):
    from ketenregie.store.case_repository import CaseHandedOver

    bram_id, _ = introduce(anna, bram)
    number, other = _open_numbers(anna, 2)
    anna.team.make_handover(bram_id, case_numbers=[number], mark_now=True)
    cases = CaseRepository(anna.register.db, anna.register.audit, clock=lambda: TODAY)
    case = cases.get(number, audit=False)
    before = _journal_count(anna, number)
    with pytest.raises(CaseHandedOver):
        cases.add_journal_entry(number, JournalEntry(TODAY, "Nog een notitie"))
    with pytest.raises(CaseHandedOver):
        cases.update(case)
    assert _journal_count(anna, number) == before
    cases.add_journal_entry(other, JournalEntry(TODAY, "Een andere casus kan wel"))
