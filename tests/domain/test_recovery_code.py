"""Recovery code: format, normalisation, and check characters that catch every typo within a group."""
from __future__ import annotations

import math
import re

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from ketenregie.domain import recovery_code as rc
from ketenregie.domain.recovery_code import RecoveryCodeFormatError

CODE = re.compile(r"^[0-9A-HJKMNP-TV-Z]{5}(-[0-9A-HJKMNP-TV-Z]{5}){7}$")


def test_alphabet_is_crockford_without_ambiguous_letters():
    assert len(rc.ALPHABET) == len(set(rc.ALPHABET)) == 32
    assert not set("ILOU") & set(rc.ALPHABET)


def test_entropy_is_at_least_128_bits():
    assert rc.ENTROPY_BITS == rc.GROUPS * rc.DATA_CHARS * math.log2(len(rc.ALPHABET)) == 160
    assert rc.ENTROPY_BITS >= 128


def test_generate_shape_and_uniqueness():
    codes = {rc.generate() for _ in range(200)}
    assert len(codes) == 200
    for code in codes:
        assert CODE.match(code), code
        assert rc.validate(code) == []


def test_normalize_is_forgiving():
    code = rc.generate()
    compact = code.replace("-", "")
    assert rc.normalize(code) == compact
    sloppy = "  " + " ".join(code.lower().split("-")) + "\t"
    assert rc.normalize(sloppy) == compact
    assert rc.normalize("o0Il-1\u2013L") == "001111"
    assert rc.format_code(compact) == code
    assert rc.validate(sloppy.replace("0", "o").replace("1", "i")) == []


@pytest.mark.parametrize("text", ["", "ABCDE", "A" * 39, "A" * 41])
def test_wrong_length_is_a_format_error(text):
    with pytest.raises(RecoveryCodeFormatError) as caught:
        rc.validate(text)
    assert "40 tekens" in caught.value.user_message
    assert caught.value.bad_groups == []


@pytest.mark.parametrize("bad", ["U", "*", "é", "?"])
def test_foreign_characters_are_a_format_error_naming_the_place_not_the_code(bad):
    code = rc.generate()
    broken = code[:7] + bad + code[8:]  # group 2, character 2
    with pytest.raises(RecoveryCodeFormatError) as caught:
        rc.validate(broken)
    message = caught.value.user_message
    assert "groep 2" in message and "Teken 2" in message
    for group in code.split("-"):
        assert group not in message


def test_require_valid_names_groups_one_based():
    code = rc.generate()
    groups = code.split("-")
    groups[0] = _substitute(groups[0], 0)
    groups[7] = _substitute(groups[7], 4)
    with pytest.raises(RecoveryCodeFormatError) as caught:
        rc.require_valid("-".join(groups))
    assert caught.value.bad_groups == [0, 7]
    assert "groepen 1, 8" in caught.value.user_message
    assert rc.require_valid(code.lower()) == code.replace("-", "")


def _substitute(group: str, position: int, shift: int = 1) -> str:
    chars = list(group)
    chars[position] = rc.ALPHABET[(rc.ALPHABET.index(chars[position]) + shift) % 32]
    return "".join(chars)


codes = st.builds(lambda _: rc.generate(), st.integers())


@settings(max_examples=200)
@given(codes)
def test_generated_codes_validate(code):
    assert rc.validate(code) == []
    assert rc.validate(code.lower().replace("-", " ")) == []


@settings(max_examples=300)
@given(codes, st.integers(0, 7), st.integers(0, 4), st.integers(1, 31))
def test_any_single_substitution_is_caught_in_its_group(code, group, position, shift):
    groups = code.split("-")
    groups[group] = _substitute(groups[group], position, shift)
    assert rc.validate("-".join(groups)) == [group]


@settings(max_examples=300)
@given(codes, st.integers(0, 7), st.integers(0, 3))
def test_any_adjacent_swap_is_caught(code, group, position):
    groups = code.split("-")
    chars = list(groups[group])
    if chars[position] == chars[position + 1]:
        return  # swapping equal characters changes nothing
    chars[position], chars[position + 1] = chars[position + 1], chars[position]
    groups[group] = "".join(chars)
    assert rc.validate("-".join(groups)) == [group]


def test_every_single_error_and_every_transposition_is_caught_exhaustively_for_one_group_shape():
    """Not just samples: for all 32 values at each position (others fixed), and all swaps of two positions."""
    for group_index in range(rc.GROUPS):
        base = [3, 17, 0, 29]
        check = rc._check_value(group_index, base)
        for position in range(4):
            for value in range(32):
                if value != base[position]:
                    changed = list(base)
                    changed[position] = value
                    assert rc._check_value(group_index, changed) != check
        full = base + [check]
        for i in range(5):
            for j in range(i + 1, 5):
                if full[i] != full[j]:
                    swapped = list(full)
                    swapped[i], swapped[j] = swapped[j], swapped[i]
                    assert rc._check_value(group_index, swapped[:4]) != swapped[4]


@settings(max_examples=100)
@given(codes, st.integers(0, 7), st.integers(0, 7))
def test_swapped_groups_are_caught(code, a, b):
    if a == b:
        return
    groups = code.split("-")
    if groups[a] == groups[b]:
        return
    groups[a], groups[b] = groups[b], groups[a]
    assert sorted(rc.validate("-".join(groups))) == sorted({a, b})


def test_format_error_has_a_user_message():
    error = RecoveryCodeFormatError("Uitleg", [2])
    assert error.user_message == str(error) == "Uitleg" and error.bad_groups == [2]
