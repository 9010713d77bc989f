"""Passphrase policy: minimum length, common passwords, and an honest strength estimate."""
from __future__ import annotations

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from ketenregie.domain.passphrase_policy import PassphraseAssessment, check, estimate_bits


def test_too_short_names_the_minimum():
    result = check("kort", 12)
    assert not result.ok
    assert any("minstens 12 tekens" in p and "nu 4" in p for p in result.problems)
    assert result.hint


@pytest.mark.parametrize("weak", [
    "wachtwoord123", "Welkom01!", "qwertyuiop12", "P@ssw0rd", "Gemeente2024!", "w4chtw00rd",
])
def test_common_passwords_are_refused(weak):
    result = check(weak, 8)
    assert not result.ok
    assert result.strength <= 1


@pytest.mark.parametrize("weak", [
    "aaaaaaaaaaaaaaaa", "abcdefghijklmnop", "1234567890123", "hallohallohallo", "zomervakantie2024",
    "qwertyasdfghzxcvbn",
])
def test_predictable_patterns_are_refused(weak):
    result = check(weak, 12)
    assert not result.ok
    assert result.strength <= 1
    assert any("voorspelbaar" in p or "veelgebruikte" in p for p in result.problems)


@pytest.mark.parametrize("good", [
    "fiets wolk pannenkoek ladder", "Tr0mbone-Kwal-Pindakaas!", "kdjfhwuzqpxm", "xK9#mQ2$vL7p",
    "correct horse battery staple",
])
def test_good_passphrases_pass(good):
    result = check(good, 12)
    assert result.ok, result.problems
    assert result.problems == []
    assert result.strength >= 3


def test_longer_is_stronger_and_the_top_is_reachable():
    assert check("fiets wolk pannenkoek ladder vliegtuig", 12).strength == 4
    assert estimate_bits("fiets wolk pannenkoek") < estimate_bits("fiets wolk pannenkoek ladder")


def test_messages_and_repr_never_contain_the_passphrase():
    secret = "Geheimpje-Zwartekat"
    result = check(secret, 30)
    text = repr(result) + " ".join(result.problems) + result.hint
    assert secret not in text and "Geheimpje" not in text and "Zwartekat" not in text


def test_assessment_shape():
    result = check("fiets wolk pannenkoek ladder", 12)
    assert isinstance(result, PassphraseAssessment)
    assert isinstance(result.problems, list) and isinstance(result.hint, str)


def test_very_long_input_is_fast_and_strong():
    result = check("woord " * 2000, 12)
    assert result.strength in range(5)


@settings(max_examples=200, deadline=None)
@given(st.text(max_size=60), st.integers(1, 64))
def test_never_crashes_and_stays_in_range(text, min_length):
    result = check(text, min_length)
    assert 0 <= result.strength <= 4
    assert result.ok == (not result.problems and result.strength >= 2)
    if len(text) < min_length:
        assert not result.ok
