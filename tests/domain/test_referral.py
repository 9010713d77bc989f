"""Referral rules: recipient profiles, the disclosure plan, the basis for sharing, and the letter's content."""
from __future__ import annotations

from dataclasses import fields as dc_fields, replace
from datetime import date

import pytest
from hypothesis import given, strategies as st

from ketenregie.documents.sample_referrals import (SAMPLE_BSN, SAMPLE_PARTNERS, sample_basis, sample_case,
                                                   sample_content, sample_sender, shipped_profiles)
from ketenregie.domain.cases import PartnerType
from ketenregie.domain.consent import BasisKind, ConsentForm, SharingBasis, active_basis, validate_basis
from ketenregie.domain.recipient_profiles import ProfileDataError, parse_profiles
from ketenregie.domain.referral import (ContentInvalid, FieldNotAllowed, FieldStatus, NoProfile, NoSharingBasis,
                                        ReferralLetter, audit_reference, compose_referral, compose_resident_copy,
                                        format_euro, journal_text, long_date_nl, parse_euro, plan_for,
                                        referral_file_name)
from ketenregie.domain.referral_fields import (FINANCIAL_FIELDS, LETTER_FIELDS, field_mask, fields_from_mask,
                                               ordered)

PROFILES = shipped_profiles()
DAY = date(2026, 3, 12)
PARTNER_MAP = {p.id: p for p in SAMPLE_PARTNERS.values()}


def _compose(partner_type: str, *, bsn_enabled=True, scope=None, kind=None, content=None, selected=None, case=None):
    partner = SAMPLE_PARTNERS[partner_type]
    profile = PROFILES.for_partner_type(partner_type)
    kind = kind or (BasisKind.WGS_TASK if BasisKind.WGS_TASK in profile.bases else BasisKind.CONSENT)
    basis = sample_basis(partner, kind, scope if scope is not None else profile.field_ids({"BsnEnabled": True}))
    return compose_referral(case or sample_case(), partner, profile, [basis], content or sample_content(),
                            sender=sample_sender(), letter_date=DAY, bsn_enabled=bsn_enabled,
                            partner_names=PARTNER_MAP, selected=selected)


# --- profiles -------------------------------------------------------------------------------------------------

def test_shipped_profiles_cover_the_referral_partners_and_not_the_signal_partners():
    have = {p.partner_type for p in PROFILES}
    assert {"debt_help", "social_work", "entrepreneurs", "credit_bank", "administrator", "care", "volunteer",
            "municipal_team", "other"} <= have
    for signal_partner in ("housing", "health_insurer", "energy", "water", "creditor_exchange", "court"):
        assert signal_partner not in have


def test_social_work_gets_contact_and_help_request_but_no_debt_figures_or_bsn():
    kwadraad = PROFILES.for_partner_type("social_work").field_ids({"BsnEnabled": True})
    assert {"name", "phone", "help_request"} <= kwadraad
    assert not kwadraad & FINANCIAL_FIELDS
    assert "bsn" not in kwadraad


def test_bsn_only_with_policy_and_profile():
    debt_help = PROFILES.for_partner_type("debt_help")
    assert "bsn" not in debt_help.field_ids({"BsnEnabled": False})
    assert "bsn" in debt_help.field_ids({"BsnEnabled": True})
    for profile in PROFILES:
        entry = profile.entry("bsn")
        assert entry is None or entry.requires_policy == "BsnEnabled"


@pytest.mark.parametrize("broken, message", [
    ({"version": 2, "profiles": {}}, "version"),
    ({"version": 1, "profiles": {"debt_help": {"label": "x", "purpose": "y", "bases": ["consent"],
                                               "fields": [{"field": "shoe_size", "reason": "r"}]}}}, "unknown field"),
    ({"version": 1, "profiles": {"debt_help": {"label": "x", "purpose": "y", "bases": ["consent"],
                                               "fields": [{"field": "bsn", "reason": "r"}]}}}, "BsnEnabled"),
    ({"version": 1, "profiles": {"debt_help": {"label": "x", "purpose": "y", "bases": ["consent"],
                                               "fields": [{"field": "name", "reason": ""}]}}}, "reason"),
    ({"version": 1, "profiles": {"debt_help": {"label": "x", "purpose": "y", "bases": ["vibes"],
                                               "fields": [{"field": "name", "reason": "r"}]}}}, "basis"),
    ({"version": 1, "profiles": {"spaceship": {"label": "x", "purpose": "y", "bases": ["consent"],
                                               "fields": [{"field": "name", "reason": "r"}]}}}, "partner type"),
])
def test_broken_profiles_are_refused(broken, message):
    with pytest.raises(ProfileDataError, match=message):
        parse_profiles(broken, known_partner_types=frozenset(t.value for t in PartnerType))


# --- field masks ----------------------------------------------------------------------------------------------

@given(st.sets(st.sampled_from([f.id for f in LETTER_FIELDS])))
def test_field_mask_round_trips(ids):
    assert fields_from_mask(field_mask(ids)) == ordered(ids)


def test_audit_reference_fits_the_audit_pattern_with_every_field():
    from ketenregie.domain.audit import check_entry

    ref = audit_reference("2026-0042", 123456, [f.id for f in LETTER_FIELDS])
    check_entry("export", ref, "ok")
    assert "2026-0042" in ref and "to=123456" in ref


# --- the letter holds only what may be shared ---------------------------------------------------------------

@pytest.mark.parametrize("partner_type", [p.partner_type for p in PROFILES])
def test_letter_values_exist_only_for_shared_fields(partner_type):
    letter = _compose(partner_type)
    allowed = PROFILES.for_partner_type(partner_type).field_ids({"BsnEnabled": True})
    assert set(letter.shared_fields) <= allowed
    value_of = {
        "name": letter.name, "date_of_birth": letter.date_of_birth, "bsn": letter.bsn, "address": letter.address,
        "phone": letter.phone, "email": letter.email, "contact_channel": letter.contact_channel,
        "household": letter.household, "help_request": letter.help_request, "crisis": letter.crisis,
        "target_groups": letter.target_groups, "debt_picture": letter.debt_picture, "arrears": letter.arrears,
        "steps_taken": letter.steps_taken, "other_help": letter.other_help, "agreements": letter.agreements,
        "attachments": letter.attachments,
    }
    assert set(value_of) == {f.id for f in LETTER_FIELDS}
    for field_id, value in value_of.items():
        if field_id not in letter.shared_fields:
            assert value in (None, ()), field_id


def test_kwadraad_letter_has_no_bsn_or_debt_figures_even_when_planted():
    letter = _compose("social_work", bsn_enabled=True)
    assert letter.bsn is None and letter.arrears == () and letter.debt_picture is None
    assert letter.phone and letter.help_request


def test_planted_bsn_is_never_shared_where_profile_or_policy_do_not_allow_it():
    assert _compose("social_work", bsn_enabled=True).bsn is None  # sample content carries a BSN
    assert _compose("debt_help", bsn_enabled=False).bsn is None
    assert "bsn" not in _compose("debt_help", bsn_enabled=False).shared_fields
    letter = _compose("debt_help", bsn_enabled=True)
    assert letter.bsn == SAMPLE_BSN and "bsn" in letter.shared_fields


def test_invalid_bsn_fails_the_elfproef():
    with pytest.raises(ContentInvalid, match="elfproef"):
        _compose("debt_help", content=replace(sample_content(), bsn="123456789"))


def test_special_category_target_groups_never_leave_and_care_partners_are_never_named():
    letter = _compose("debt_help")
    assert letter.target_groups == ("Middelbaar opgeleid",)
    assert not any("GGZ" in item for item in letter.other_help)
    assert letter.lead == "PLANgroep (u)"


def test_fields_outside_the_profile_cannot_be_selected():
    with pytest.raises(FieldNotAllowed, match="Bekende achterstanden"):
        _compose("social_work", content=replace(sample_content(), bsn=None), selected={"name", "arrears"})


def test_deselected_fields_are_not_shared():
    letter = _compose("debt_help", selected={"name", "phone", "help_request"})
    assert letter.shared_fields == ("name", "phone", "help_request")
    assert letter.email is None and letter.arrears == ()


def test_consent_scope_limits_the_fields():
    letter = _compose("social_work", kind=BasisKind.CONSENT, scope=frozenset({"name", "phone"}),
                      content=replace(sample_content(), bsn=None))
    assert letter.shared_fields == ("name", "phone")
    assert letter.help_request is None


def test_plan_explains_every_field():
    partner = SAMPLE_PARTNERS["social_work"]
    profile = PROFILES.for_partner_type("social_work")
    basis = sample_basis(partner, BasisKind.CONSENT, frozenset({"name", "phone", "help_request"}))
    case = replace(sample_case(), household=replace(sample_case().household, email=None))
    plan = plan_for(case, partner, profile, [basis], replace(sample_content(), bsn=None), bsn_enabled=False,
                    letter_date=DAY, selected={"name", "help_request"}, partner_names=PARTNER_MAP)
    assert plan.decision("name").status == FieldStatus.SHARED
    assert plan.decision("phone").status == FieldStatus.DESELECTED
    assert plan.decision("address").status == FieldStatus.OUTSIDE_SCOPE
    assert plan.decision("arrears").status == FieldStatus.NOT_IN_PROFILE
    assert not plan.decision("arrears").selectable
    assert plan.decision("name").reason  # the profile's reason is shown
    assert plan.refusal is None and "mondeling" in plan.basis_text


# --- basis ----------------------------------------------------------------------------------------------------

def test_no_basis_refuses_with_what_to_record():
    partner = SAMPLE_PARTNERS["social_work"]
    profile = PROFILES.for_partner_type("social_work")
    with pytest.raises(NoSharingBasis) as refused:
        compose_referral(sample_case(), partner, profile, [], replace(sample_content(), bsn=None),
                         sender=sample_sender(), letter_date=DAY, bsn_enabled=False)
    message = refused.value.user_message
    assert "toestemming" in message and "mondeling of schriftelijk" in message
    assert "Wgs" not in message  # Kwadraad's profile does not allow the task basis


def test_withdrawn_consent_refuses_and_says_when():
    partner = SAMPLE_PARTNERS["social_work"]
    profile = PROFILES.for_partner_type("social_work")
    basis = sample_basis(partner, BasisKind.CONSENT, profile.field_ids()).withdraw(date(2026, 3, 11), "medewerker")
    with pytest.raises(NoSharingBasis, match="ingetrokken op 11-03-2026"):
        compose_referral(sample_case(), partner, profile, [basis], replace(sample_content(), bsn=None),
                         sender=sample_sender(), letter_date=DAY, bsn_enabled=False)


def test_basis_for_another_partner_does_not_count():
    partner = SAMPLE_PARTNERS["social_work"]
    other = sample_basis(SAMPLE_PARTNERS["debt_help"], BasisKind.CONSENT, frozenset({"name"}))
    assert active_basis([other], partner.id, DAY) is None


def test_task_basis_is_not_accepted_for_a_consent_only_partner():
    partner = SAMPLE_PARTNERS["social_work"]
    profile = PROFILES.for_partner_type("social_work")
    task = sample_basis(partner, BasisKind.WGS_TASK, profile.field_ids())
    with pytest.raises(NoSharingBasis):
        compose_referral(sample_case(), partner, profile, [task], replace(sample_content(), bsn=None),
                         sender=sample_sender(), letter_date=DAY, bsn_enabled=False)
    problems = validate_basis(task, allowed_kinds=profile.bases, profile_fields=profile.field_ids(), today=DAY)
    assert any("toestemming" in p for p in problems)


@pytest.mark.parametrize("change, fragment", [
    (dict(form=None), "mondeling of schriftelijk"),
    (dict(given_on=date(2026, 3, 13)), "toekomst"),
    (dict(scope=frozenset()), "reikwijdte"),
    (dict(scope=frozenset({"arrears"})), "Bekende achterstanden"),
])
def test_consent_validation(change, fragment):
    profile = PROFILES.for_partner_type("social_work")
    basis = replace(sample_basis(SAMPLE_PARTNERS["social_work"], BasisKind.CONSENT, frozenset({"name"})), **change)
    problems = validate_basis(basis, allowed_kinds=profile.bases, profile_fields=profile.field_ids(), today=DAY)
    assert any(fragment in p for p in problems), problems


@given(st.dates(date(2020, 1, 1), date(2030, 1, 1)), st.integers(0, 400), st.integers(0, 400))
def test_active_on_is_given_until_withdrawn(given_on, after_withdraw, probe):
    from datetime import timedelta

    basis = SharingBasis(1, 1, BasisKind.CONSENT, given_on, frozenset({"name"}), "x", ConsentForm.ORAL)
    withdrawn = basis.withdraw(given_on + timedelta(days=after_withdraw), "x")
    day = given_on + timedelta(days=probe)
    assert basis.is_active_on(day)
    assert withdrawn.is_active_on(day) == (probe < after_withdraw)
    assert not basis.is_active_on(given_on - timedelta(days=1))


# --- resident copy, journal, file names, formatting ---------------------------------------------------------

def test_resident_copy_names_kinds_of_data_not_values():
    letter = _compose("debt_help")
    copy = compose_resident_copy(letter, sample_case())
    assert "Bekende achterstanden met bedragen" in copy.shared_labels
    assert [a.text for a in copy.resident_actions] == ["Verzamelt de brieven van schuldeisers in één map."]
    text = repr(copy) + " ".join(str(getattr(copy, f.name)) for f in dc_fields(copy) if f.name != "sender")
    assert SAMPLE_BSN not in text and "2.480" not in text


def test_journal_text_names_the_fields_not_the_values():
    letter = _compose("debt_help")
    text = journal_text(letter, resident_copy=True, protected=True)
    assert "PLANgroep" in text and "bsn" in text.lower() and "26-03-2026" in text
    for value in (SAMPLE_BSN, "Amrani", "06 1234 5678", "2.480"):
        assert value not in text


def test_reprs_hide_personal_data():
    letter = _compose("debt_help")
    assert "Amrani" not in repr(letter) and SAMPLE_BSN not in repr(letter)
    assert "Amrani" not in repr(sample_content())


def test_file_name_is_case_kind_and_date():
    assert referral_file_name("2026-0042", "verwijsbrief", DAY) == "2026-0042_verwijsbrief_2026-03-12.pdf"
    with pytest.raises(ValueError):
        referral_file_name("Fatima", "verwijsbrief", DAY)
    with pytest.raises(ValueError):
        referral_file_name("2026-0042", "Fatima de Vries", DAY)


def test_dutch_formatting():
    assert long_date_nl(date(2026, 3, 12)) == "12 maart 2026"
    assert format_euro(248_000) == "€ 2.480,00" and format_euro(5) == "€ 0,05"
    assert parse_euro("€ 1.250,50") == 125_050 and parse_euro("1250") == 125_000 and parse_euro("1.250") == 125_000
    with pytest.raises(ValueError):
        parse_euro("veel")


@given(st.integers(0, 10**9))
def test_euro_round_trip(cents):
    assert parse_euro(format_euro(cents)) == cents


def test_no_profile_refuses():
    partner = replace(SAMPLE_PARTNERS["other"], type="energy")
    with pytest.raises(NoProfile):
        plan_for(sample_case(), partner, PROFILES.for_partner_type("energy"), [], sample_content(),
                 bsn_enabled=False, letter_date=DAY)


def test_letter_is_a_value_object():
    assert _compose("debt_help") == _compose("debt_help")
    assert isinstance(_compose("care"), ReferralLetter)
