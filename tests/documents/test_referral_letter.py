"""Referral letters and resident copies read back with pypdf: what the profile allows is in, nothing else is;
metadata is neutral; output is deterministic; password protection is AES-256."""
from __future__ import annotations

from dataclasses import replace
from datetime import date
from io import BytesIO

import pytest
from pypdf import PdfReader
from reportlab.lib.utils import ImageReader

from ketenregie.config import Policy
from ketenregie.documents.letterhead import Letterhead, logo_problem
from ketenregie.documents.pdf_encryption import PasswordTooShort, encrypt_pdf, encryption_algorithm
from ketenregie.documents.referral_letter import render_referral_letter
from ketenregie.documents.resident_copy import fits_one_page, render_resident_copy
from ketenregie.documents.sample_referrals import (SAMPLE_BSN, SAMPLE_PARTNERS, sample_basis, sample_case,
                                                   sample_content, sample_sender, shipped_profiles)
from ketenregie.domain.cases import ContactChannel
from ketenregie.domain.consent import BasisKind
from ketenregie.domain.referral import compose_referral, compose_resident_copy

PROFILES = shipped_profiles()
LETTERHEAD = Letterhead("Gemeente Lansingerland", "Schuldhulpverlening", ("Postbus 1", "2650 AA Bergschenhoek"),
                        "14 010", "schuldhulp@gemeente.example")

# A marker per field, planted in the case or the letter content, and how it reads in the PDF's text.
MARKERS = {
    "name": "Amrani",
    "date_of_birth": "03-06-1984",
    "bsn": SAMPLE_BSN,
    "address": "2651 AB",
    "phone": "06 1234 5678",
    "email": "f.devries@voorbeeld.example",
    "contact_channel": "huisbezoek of balie",
    "household": "2 kinderen",
    "help_request": "durf ze niet meer",
    "crisis": "Dreigende huisuitzetting",
    "target_groups": "Middelbaar opgeleid",
    "debt_picture": "9 schuldeisers",
    "arrears": "2.480,00",
    "steps_taken": "Toeslagen gecontroleerd",
    "other_help": "De regie ligt bij",
    "agreements": "Verzamelt de brieven",
    "attachments": "Kopie beschikking",
}
NEVER = ["Licht verstandelijk", "LVB", "fictief"]  # special-category flag and its reason never leave


def _case():
    case = sample_case()
    return replace(case, household=replace(case.household, contact_channel=ContactChannel.IN_PERSON))


def _letter(partner_type: str, *, bsn_enabled: bool = True, **kwargs):
    partner = SAMPLE_PARTNERS[partner_type]
    profile = PROFILES.for_partner_type(partner_type)
    kind = BasisKind.WGS_TASK if BasisKind.WGS_TASK in profile.bases else BasisKind.CONSENT
    basis = sample_basis(partner, kind, profile.field_ids({"BsnEnabled": True}))
    return compose_referral(_case(), partner, profile, [basis], sample_content(), sender=sample_sender(),
                            letter_date=date(2026, 3, 12), bsn_enabled=bsn_enabled,
                            partner_names={p.id: p for p in SAMPLE_PARTNERS.values()}, **kwargs)


def _text(data: bytes) -> str:
    reader = PdfReader(BytesIO(data))
    return "\n".join(page.extract_text() for page in reader.pages)


def _flat(text: str) -> str:
    return " ".join(text.split())


@pytest.mark.parametrize("partner_type", sorted(p.partner_type for p in PROFILES))
def test_pdf_holds_exactly_the_fields_its_profile_allows(partner_type):
    letter = _letter(partner_type)
    text = _flat(_text(render_referral_letter(letter, LETTERHEAD)))
    allowed = PROFILES.for_partner_type(partner_type).field_ids({"BsnEnabled": True})
    for field_id, marker in MARKERS.items():
        if field_id in letter.shared_fields:
            assert marker in text, (partner_type, field_id)
        else:
            assert marker not in text, (partner_type, field_id)
    # every allowed field with a value was shared (the sample fills them all in), except other help, whose only
    # other partners may be the recipient itself or a care provider
    assert allowed - set(letter.shared_fields) <= {"other_help"}
    for marker in NEVER:
        assert marker not in text
    if partner_type != "care":
        assert "GGZ" not in text  # care providers on the case are never named: that reveals health data
    assert "2026-0042" in text and "Naam" in text or "name" not in allowed


def test_kwadraad_letter_has_contact_and_help_request_but_no_bsn_or_debt_figures():
    text = _flat(_text(render_referral_letter(_letter("social_work"), LETTERHEAD)))
    for present in ("Amrani", "06 1234 5678", "durf ze niet meer", "Toestemming van de inwoner"):
        assert present in text
    for absent in (SAMPLE_BSN, "2.480,00", "612,50", "9 schuldeisers", "€"):
        assert absent not in text


def test_plangroep_letter_gets_bsn_only_when_policy_enables_it():
    with_bsn = _flat(_text(render_referral_letter(_letter("debt_help", bsn_enabled=True), LETTERHEAD)))
    without = _flat(_text(render_referral_letter(_letter("debt_help", bsn_enabled=False), LETTERHEAD)))
    assert SAMPLE_BSN in with_bsn and "2.480,00" in with_bsn and "Wettelijke taak" in with_bsn
    assert SAMPLE_BSN not in without and "BSN" not in without.replace("nooit het BSN", "")


def test_metadata_is_neutral_and_fonts_are_embedded():
    data = render_referral_letter(_letter("debt_help"), LETTERHEAD)
    reader = PdfReader(BytesIO(data))
    meta = reader.metadata
    assert meta.title == "Verwijsbrief 2026-0042"
    assert meta.author == "Ketenregie" and meta.creator == "Ketenregie"
    for value in meta.values():
        for personal in ("Amrani", "Fatima", SAMPLE_BSN, "de Boer"):
            assert personal not in str(value)
    fonts = set()
    for page in reader.pages:
        for font in page["/Resources"]["/Font"].values():
            font = font.get_object()
            fonts.add(str(font["/BaseFont"]))
            descendant = font["/DescendantFonts"][0].get_object() if "/DescendantFonts" in font else font
            descriptor = descendant.get("/FontDescriptor")
            assert descriptor is not None and ("/FontFile2" in descriptor.get_object()), font["/BaseFont"]
    assert fonts and all("Helvetica" not in f for f in fonts)


def test_dutch_diacritics_survive():
    case = _case()
    letter = compose_referral(
        replace(case, help_request="Ik wil één overzicht, ook van de crèche en de coöperatie."),
        SAMPLE_PARTNERS["social_work"], PROFILES.for_partner_type("social_work"),
        [sample_basis(SAMPLE_PARTNERS["social_work"], BasisKind.CONSENT, frozenset({"name", "help_request"}))],
        sample_content(), sender=sample_sender(), letter_date=date(2026, 3, 12), bsn_enabled=False)
    text = _flat(_text(render_referral_letter(letter, LETTERHEAD)))
    assert "één overzicht" in text and "crèche" in text and "coöperatie" in text


def test_identical_input_gives_identical_bytes():
    first = render_referral_letter(_letter("debt_help"), LETTERHEAD)
    second = render_referral_letter(_letter("debt_help"), LETTERHEAD)
    assert first == second
    copy = compose_resident_copy(_letter("debt_help"), _case())
    assert render_resident_copy(copy, LETTERHEAD) == render_resident_copy(copy, LETTERHEAD)


def test_markup_in_free_text_is_escaped_not_interpreted():
    case = replace(_case(), help_request="<b>vet</b> & <font size=40>groot</font>")
    letter = compose_referral(case, SAMPLE_PARTNERS["social_work"], PROFILES.for_partner_type("social_work"),
                              [sample_basis(SAMPLE_PARTNERS["social_work"], BasisKind.CONSENT,
                                            frozenset({"help_request"}))],
                              sample_content(), sender=sample_sender(), letter_date=date(2026, 3, 12),
                              bsn_enabled=False)
    assert "<b>vet</b> & <font size=40>groot</font>" in _flat(_text(render_referral_letter(letter, LETTERHEAD)))


def test_resident_copy_is_one_page_b1_and_holds_no_figures():
    data = render_resident_copy(compose_resident_copy(_letter("debt_help"), _case()), LETTERHEAD)
    assert fits_one_page(data)
    text = _flat(_text(data))
    assert "Wat moet u doen?" in text and "Verzamelt de brieven" in text and "19 maart 2026" in text
    assert "M. de Boer" in text and "010 000 0000" in text  # a named contact person
    assert "bekende achterstanden met bedragen" in text  # which kinds of data went
    for absent in (SAMPLE_BSN, "2.480,00", "Toeslagen gecontroleerd", "LVB"):
        assert absent not in text
    meta = PdfReader(BytesIO(data)).metadata
    assert "Amrani" not in str(meta.title) and "Fatima" not in str(meta.title)


def test_resident_copy_stays_on_one_page_with_many_actions():
    from ketenregie.domain.referral import Agreement, AgreementOwner

    many = tuple(Agreement(f"Stap {i}: neem de brieven van deze maand mee naar het gesprek.", AgreementOwner.RESIDENT,
                           date(2026, 3, 20)) for i in range(6))
    letter = replace(_letter("debt_help"), agreements=many)
    assert fits_one_page(render_resident_copy(compose_resident_copy(letter, _case()), LETTERHEAD))


def test_letterhead_from_policy_and_logo(tmp_path):
    from PIL import Image

    logo = tmp_path / "logo.png"
    Image.new("RGB", (400, 200), (31, 78, 121)).save(logo)
    policy = Policy.from_mapping({"LetterheadName": "Gemeente Voorbeeld", "LetterheadAddress": "Postbus 9 | 1234 AB",
                                  "LetterheadLogoFile": str(logo)}, "test")
    head = Letterhead.from_policy(policy)
    assert head.address_lines == ("Postbus 9", "1234 AB") and logo_problem(head) is None
    data = render_referral_letter(_letter("social_work"), head)
    reader = PdfReader(BytesIO(data))
    assert "Gemeente Voorbeeld" in reader.pages[0].extract_text()
    assert reader.pages[0].images  # the logo is on the first page
    broken = tmp_path / "kapot.png"
    broken.write_bytes(b"not an image")
    bad = Letterhead.from_policy(Policy.from_mapping({"LetterheadLogoFile": str(broken)}, "test"))
    assert logo_problem(bad) and render_referral_letter(_letter("social_work"), bad)  # renders without a logo
    ImageReader(str(logo))


def test_encrypted_pdf_opens_only_with_its_password_and_uses_aes_256():
    data = render_referral_letter(_letter("debt_help"), LETTERHEAD)
    protected = encrypt_pdf(data, "correct paard batterij")
    assert encryption_algorithm(data) is None
    assert encryption_algorithm(protected) == "AES-256"
    reader = PdfReader(BytesIO(protected))
    assert reader.is_encrypted
    assert not reader.decrypt("fout wachtwoord")
    reader = PdfReader(BytesIO(protected))
    assert reader.decrypt("correct paard batterij")
    assert "Amrani" in _flat(reader.pages[0].extract_text() + reader.pages[1].extract_text())
    assert b"Amrani" not in protected and b"Verwijsbrief" not in protected.split(b"/Encrypt")[0][-200:]
    with pytest.raises(PasswordTooShort):
        encrypt_pdf(data, "kort")
