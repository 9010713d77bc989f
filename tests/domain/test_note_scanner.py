"""The note scanner: BSN (elfproef), IBAN (mod-97), phone and e-mail in free text warn, with few false alarms,
and a warning never repeats the value."""
from __future__ import annotations

import pytest
from hypothesis import given
from hypothesis import strategies as st

from ketenregie.domain.note_scanner import FindingKind, is_valid_bsn, is_valid_iban, scan_text, warnings_for


def _kinds(text: str) -> list[str]:
    return [f.kind.value for f in scan_text(text)]


def _found(text: str) -> list[tuple[str, str]]:
    return [(f.kind.value, text[f.start:f.end]) for f in scan_text(text)]


@pytest.mark.parametrize("digits,valid", [
    ("111222333", True), ("123456782", True), ("999999990", True),
    ("123456789", False), ("111222334", False), ("000000000", False), ("12345678", False), ("1234567820", False),
])
def test_elfproef(digits, valid):
    assert is_valid_bsn(digits) is valid


@pytest.mark.parametrize("iban,valid", [
    ("NL91ABNA0417164300", True), ("nl91 abna 0417 1643 00", True), ("BE68539007547034", True),
    ("DE89370400440532013000", True), ("GB82WEST12345698765432", True),
    ("NL91ABNA0417164301", False), ("NL91ABNA041716430", False), ("NL00ABNA0417164300", False), ("XX", False),
])
def test_mod97(iban, valid):
    assert is_valid_iban(iban) is valid


@pytest.mark.parametrize("text,expected", [
    ("BSN 111222333 genoteerd", [("bsn", "111222333")]),
    ("bsn: 1112.22.333", [("bsn", "1112.22.333")]),
    ("bsn 111 222 333.", [("bsn", "111 222 333")]),
    ("IBAN NL91ABNA0417164300 graag", [("iban", "NL91ABNA0417164300")]),
    ("rekening NL91 ABNA 0417 1643 00.", [("iban", "NL91 ABNA 0417 1643 00")]),
    ("nl91abna0417164300", [("iban", "nl91abna0417164300")]),
    ("DE89 3704 0044 0532 0130 00 is Duits", [("iban", "DE89 3704 0044 0532 0130 00")]),
    ("bel 06-12345678 of 010 123 4567", [("phone", "06-12345678"), ("phone", "010 123 4567")]),
    ("mobiel +31 6 12345678", [("phone", "+31 6 12345678")]),
    ("of 0031612345678", [("phone", "0031612345678")]),
    ("06 12345678 2 keer gebeld", [("phone", "06 12345678")]),
    ("mail j.de.vries@example.org graag", [("email", "j.de.vries@example.org")]),
])
def test_findings(text, expected):
    assert _found(text) == expected


@pytest.mark.parametrize("text", [
    "Casus 2026-0042 besproken op 30-03-2026.",
    "Bedrag € 1.234,56 en 12.345 euro schuld bij 7 schuldeisers.",
    "Postcode 2651 SS 12, huisnummer 12a.",
    "Nummer 123456789 (faalt de elfproef) en 1234567820.",
    "IBAN NL91ABNA0417164301 (verkeerd controlegetal).",
    "Afspraak om 10:30 op 2-4-2026, kenmerk AB-12345.",
    "",
])
def test_no_false_alarms(text):
    assert scan_text(text) == []


def test_warnings_name_the_kind_once_and_never_the_value():
    text = "BSN 111222333 en 123456782, IBAN NL91ABNA0417164300, 06-12345678, jan@example.org"
    warnings = warnings_for(text)
    assert len(warnings) == 4
    assert any("BSN" in w for w in warnings) and any("IBAN" in w for w in warnings)
    for w in warnings:
        for value in ("111222333", "123456782", "NL91", "06-123", "jan@"):
            assert value not in w


def test_an_iban_is_not_also_reported_as_a_phone_or_bsn():
    assert _kinds("NL91ABNA0417164300") == [FindingKind.IBAN.value]


@given(st.integers(0, 999_999_999))
def test_a_plain_nine_digit_number_is_flagged_iff_it_passes_the_elfproef(number):
    digits = f"{number:09d}"
    assert (FindingKind.BSN in [f.kind for f in scan_text(f"nummer {digits} hier")]) is is_valid_bsn(digits)


@given(st.text(max_size=200))
def test_the_scanner_never_fails_on_any_text(text):
    for finding in scan_text(text):
        assert 0 <= finding.start < finding.end <= len(text)
