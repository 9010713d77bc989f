"""The composer's short text inputs: arrears, agreements and attachments, with Dutch messages by line number."""
from datetime import date

import pytest

from ketenregie.domain.referral import AgreementOwner, ArrearsItem
from ketenregie.domain.referral_input import InputInvalid, parse_agreements, parse_arrears, parse_attachments


def test_arrears_lines():
    assert parse_arrears("Huur; 2.480,00; 01-11-2025\n\nEnergie\nZorg; 612,50") == (
        ArrearsItem("Huur", 248_000, date(2025, 11, 1)), ArrearsItem("Energie"), ArrearsItem("Zorg", 61_250))


@pytest.mark.parametrize("text, fragment", [
    ("Huur; veel", "regel 1: het bedrag"),
    ("Huur; 10\nGas; 5; gisteren", "regel 2: schrijf de datum"),
    ("; 10", "regel 1"),
])
def test_arrears_errors_name_the_line_not_the_content(text, fragment):
    with pytest.raises(InputInvalid) as error:
        parse_arrears(text)
    message = " ".join(error.value.problems)
    assert fragment in message and "veel" not in message and "gisteren" not in message


def test_agreements_lines():
    parsed = parse_agreements("inwoner: verzamelt de brieven; 19-03-2026\npartner: belt binnen 5 dagen\nik: bel terug")
    assert [(a.owner, a.due) for a in parsed] == [(AgreementOwner.RESIDENT, date(2026, 3, 19)),
                                                 (AgreementOwner.PARTNER, None), (AgreementOwner.COORDINATOR, None)]
    with pytest.raises(InputInvalid, match="regel 1: begin met"):
        parse_agreements("iemand: iets")
    with pytest.raises(InputInvalid, match="regel 1: wat is"):
        parse_agreements("inwoner: ")


def test_attachments():
    assert parse_attachments(" Overzicht \n\nBeschikking") == ("Overzicht", "Beschikking")
