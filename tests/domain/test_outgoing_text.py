"""The one rule for free text that leaves the register (domain/outgoing_text.py): the note scanner plus the
resident's own name, date of birth and address; for meetings also case numbers and any postcode."""
from __future__ import annotations

from datetime import date

import pytest

from ketenregie.domain.cases import Household
from ketenregie.domain.outgoing_text import (Audience, OutgoingKind, OutgoingTextBlocked, check_fields, check_text,
                                             mask_identifiers, require_clean)

RESIDENT = Household(name="Zwanhilde van der Kanarievogel", date_of_birth=date(1984, 6, 3), postcode="2651 AB",
                     house_number="12")


def _kinds(text, **kwargs):
    return [(f.kind, f.word) for f in check_text(text, RESIDENT, **kwargs)]


@pytest.mark.parametrize("text, kind, word", [
    ("BSN 111222333 graag doorgeven", OutgoingKind.BSN, "111222333"),
    ("rekening NL91 ABNA 0417 1643 00", OutgoingKind.IBAN, "NL91 ABNA 0417 1643 00"),
    ("bel 06-12345678 na vijven", OutgoingKind.PHONE, "06-12345678"),
    ("mail z.k@example.nl", OutgoingKind.EMAIL, "z.k@example.nl"),
    ("Zwanhilde wil hulp", OutgoingKind.NAME, "Zwanhilde"),
    ("mevrouw KANARIEVOGEL belde", OutgoingKind.NAME, "KANARIEVOGEL"),
    ("geboren 03-06-1984", OutgoingKind.DATE_OF_BIRTH, "03-06-1984"),
    ("geboren 3 juni 1984", OutgoingKind.DATE_OF_BIRTH, "3 juni 1984"),
    ("geboren 1984-06-03", OutgoingKind.DATE_OF_BIRTH, "1984-06-03"),
    ("woont op 2651AB", OutgoingKind.ADDRESS, "2651AB"),
    ("woont op 2651 ab", OutgoingKind.ADDRESS, "2651 ab"),
])
def test_each_identifier_is_found_with_its_word(text, kind, word):
    assert _kinds(text) == [(kind, word)]


def test_clean_text_and_particles_pass():
    assert check_text("De inwoner wil van de brieven af en heeft overzicht nodig.", RESIDENT) == []
    assert check_text("", RESIDENT) == [] and check_text("   ", RESIDENT) == []
    # another person's date, or a date that is not the birth date, is no finding
    assert check_text("afspraak op 03-07-1984 en 12-03-2026", RESIDENT) == []


def test_amounts_count_only_when_asked():
    assert check_text("huurschuld € 2.480,00 en 150 euro energie", RESIDENT) == []
    found = _kinds("huurschuld € 2.480,00 en 150 euro energie", amounts=True)
    assert [k for k, _ in found] == [OutgoingKind.AMOUNT, OutgoingKind.AMOUNT]


def test_a_meeting_also_refuses_case_numbers_and_any_postcode():
    text = "Casus 2026-0042, woont in 2600 AA"
    assert check_text(text, RESIDENT) == []
    kinds = [k for k, _ in _kinds(text, audience=Audience.MEETING, case_number="2026-0042")]
    assert kinds == [OutgoingKind.CASE_NUMBER, OutgoingKind.ADDRESS]


def test_messages_name_field_and_kind_never_the_word():
    problems = check_fields([("Hulpvraag", "Zwanhilde, BSN 111222333")], RESIDENT)
    [problem] = problems
    assert set(problem.kinds) == {OutgoingKind.BSN, OutgoingKind.NAME}
    assert "Hulpvraag" in problem.message_nl and "BSN" in problem.message_nl
    assert "111222333" not in problem.message_nl and "Zwanhilde" not in problem.message_nl
    assert "111222333" not in repr(problem) and "Zwanhilde" not in repr(problem.findings)
    # the detail for the composer screen names the words and why
    assert "Zwanhilde" in problem.detail_nl and "naamveld" in problem.detail_nl
    with pytest.raises(OutgoingTextBlocked) as blocked:
        require_clean([("Hulpvraag", "Zwanhilde, BSN 111222333")], RESIDENT, what="De agenda")
    assert blocked.value.user_message.startswith("De agenda wordt niet gemaakt")
    assert "111222333" not in str(blocked.value) and "Zwanhilde" not in str(blocked.value)


def test_masking_replaces_every_finding():
    masked = mask_identifiers("Zwanhilde: 06-12345678, BSN 111222333, woont op 2651 AB", RESIDENT)
    assert masked == "[naam]: [telefoon], BSN [BSN], woont op [adres]"
