"""Pseudonyms: random per meeting, unique within a meeting, never derived from the case; no linkage between
meetings (checked over many generated meetings)."""
from __future__ import annotations

import math
from collections import Counter
from datetime import date, datetime

from hypothesis import given, settings, strategies as st

from ketenregie.domain.meetings import CaseMeeting, add_cases, follow_up
from ketenregie.domain.pseudonyms import (CODE_ALPHABET, PREFIX, PseudonymStyle, draw_pseudonym, draw_pseudonyms,
                                          is_pseudonym)


def _meeting(style=PseudonymStyle.LETTERS) -> CaseMeeting:
    return CaseMeeting(starts_at=datetime(2026, 5, 12, 9, 30), purpose="Vastgelopen trajecten", chair="Teamleider",
                       location="Raadhuis", pseudonym_style=style)


def test_unique_within_a_meeting_and_well_formed():
    for style in PseudonymStyle:
        names = draw_pseudonyms(26, style=style)
        assert len(set(names)) == 26
        assert all(is_pseudonym(n) and n.startswith(PREFIX + " ") for n in names)


def test_more_than_26_letters_go_to_two_letters():
    names = draw_pseudonyms(40)
    assert len(set(names)) == 40 and all(is_pseudonym(n) for n in names)


def test_taken_pseudonyms_are_avoided():
    taken = draw_pseudonyms(20)
    more = draw_pseudonyms(6, taken=taken)
    assert not set(more) & set(taken)
    assert draw_pseudonym(taken=[f"{PREFIX} {c}" for c in "ABCDEFGHIJKLMNOPQRSTUVWXY"]) == f"{PREFIX} Z"


def test_codes_carry_no_digits_or_vowels():
    for name in draw_pseudonyms(200, style=PseudonymStyle.CODES):
        code = name.split(" ", 1)[1]
        assert all(c in CODE_ALPHABET for c in code)
        assert not any(c.isdigit() or c in "AEIOUY" for c in code)


@settings(max_examples=60, deadline=None)
@given(case_ids=st.lists(st.integers(1, 10_000), min_size=1, max_size=12, unique=True),
       style=st.sampled_from(list(PseudonymStyle)))
def test_adding_cases_gives_each_its_own_pseudonym(case_ids, style):
    meeting = add_cases(_meeting(style), case_ids)
    assert [i.case_id for i in meeting.items] == case_ids
    assert len({i.pseudonym for i in meeting.items}) == len(case_ids)
    # a second add of the same cases changes nothing
    assert add_cases(meeting, case_ids).items == meeting.items


@settings(max_examples=40, deadline=None)
@given(number=st.from_regex(r"20[0-9]{2}-[0-9]{4}", fullmatch=True),
       name=st.text(alphabet="abcdefghijklmnopqrstuvwxyzABCDEFGHIJKLMNOPQRSTUVWXYZ ", min_size=2, max_size=30),
       birth=st.dates(min_value=date(1930, 1, 1), max_value=date(2008, 1, 1)))
def test_pseudonym_shows_nothing_of_number_name_or_birth_date(number, name, birth):
    # The generator is never given the case, so this checks the form: no digits at all, and a label of at most two
    # letters (letters style) or four consonants (codes) that cannot spell a name or a number.
    for style in PseudonymStyle:
        label = draw_pseudonym(style=style).split(" ", 1)[1]
        assert not any(c.isdigit() for c in label)
        assert number not in label and str(birth.year) not in label
        assert len(label) <= 4


def test_same_case_in_many_meetings_has_no_linkage():
    """Over many generated meetings with the same cases in the same order, the pseudonym of a case is independent
    of the case: every case sees (nearly) every letter, each about equally often, and knowing a case's pseudonym in
    one meeting tells nothing about the next (chi-square and a match-rate check)."""
    cases = [101, 102, 103, 104, 105]
    runs = 2600
    per_case: dict[int, Counter] = {c: Counter() for c in cases}
    repeats = 0
    meeting = add_cases(_meeting(), cases)
    previous = {i.case_id: i.pseudonym for i in meeting.items}
    for _ in range(runs):
        meeting = add_cases(follow_up(meeting, meeting.starts_at), cases)
        current = {i.case_id: i.pseudonym for i in meeting.items}
        for case_id, pseudonym in current.items():
            per_case[case_id][pseudonym] += 1
            repeats += pseudonym == previous[case_id]
        previous = current
    expected = runs / 26
    for case_id, counts in per_case.items():
        assert len(counts) == 26, case_id
        chi2 = sum((counts[f"{PREFIX} {c}"] - expected) ** 2 / expected for c in "ABCDEFGHIJKLMNOPQRSTUVWXYZ")
        assert chi2 < 75, (case_id, chi2)  # 25 degrees of freedom: mean 25; 75 has p < 1e-6
    # Same pseudonym as in the previous meeting: 1/26 by chance.
    rate = repeats / (runs * len(cases))
    assert math.isclose(rate, 1 / 26, abs_tol=0.015), rate
    # And the agenda position does not decide the letter either: the first case is not always "Casus A".
    assert per_case[101][f"{PREFIX} A"] < runs / 10


def test_follow_up_meeting_carries_no_pseudonyms_or_consent():
    meeting = add_cases(_meeting(), [1, 2, 3])
    nxt = follow_up(meeting, datetime(2026, 6, 9, 9, 30))
    assert nxt.items == () and nxt.id is None
