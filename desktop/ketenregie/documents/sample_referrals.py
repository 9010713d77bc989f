"""Fictitious referral data for `ketenregie sample-documents`, the tests and the benchmarks.

The samples go through the same path as a real letter (recipient profile → basis → `compose_referral`), so a
sample shows what a partner of that type would really receive. Nobody here exists."""
from __future__ import annotations

from datetime import date, datetime, timezone

from ketenregie.domain.cases import (Case, CasePartner, Crisis, CrisisKind, ContactChannel, DebtBand, DebtPicture,
                                     Household, IntakeRoute, PartnerRole, PartnerType, TargetGroup)
from ketenregie.domain.consent import BasisKind, ConsentForm, SharingBasis
from ketenregie.domain.recipient_profiles import RECIPIENT_PROFILES_RESOURCE, RecipientProfiles, load_profiles
from ketenregie.domain.referral import (Agreement, AgreementOwner, ArrearsItem, PartnerInfo, ReferralContent,
                                        ReferralLetter, SenderInfo, compose_referral)
from ketenregie.resources import resource_path

SAMPLE_DATE = date(2026, 3, 12)
SAMPLE_BSN = "111222333"  # passes the elfproef; fictitious

SAMPLE_PARTNERS = {
    "debt_help": PartnerInfo(1, "PLANgroep", PartnerType.DEBT_HELP.value, "Intaketeam schuldhulp",
                             ("Postbus 100", "2600 AC Delft"), "015 000 0000", "intake@plangroep.example"),
    "social_work": PartnerInfo(2, "Kwadraad (maatschappelijk werk)", PartnerType.SOCIAL_WORK.value,
                               "A. Jansen", ("Postbus 200", "2700 AB Zoetermeer"), "088 000 0000"),
    "care": PartnerInfo(3, "GGZ", PartnerType.CARE.value),
    "administrator": PartnerInfo(4, "Bewindvoering Voorbeeld", PartnerType.ADMINISTRATOR.value),
}
for _code, _type in (("entrepreneurs", "entrepreneurs"), ("credit_bank", "credit_bank"),
                     ("volunteer", "volunteer"), ("municipal_team", "municipal_team"), ("other", "other")):
    SAMPLE_PARTNERS[_code] = PartnerInfo(10 + len(SAMPLE_PARTNERS), f"Voorbeeldpartner ({_type})", _type,
                                         "M. Voorbeeld", ("Postbus 1", "1234 AB Voorbeeld"))


def shipped_profiles() -> RecipientProfiles:
    return load_profiles(resource_path(*RECIPIENT_PROFILES_RESOURCE),
                         known_partner_types=frozenset(t.value for t in PartnerType))


def sample_case() -> Case:
    household = Household(name="Fatima de Vries-El Amrani", date_of_birth=date(1984, 6, 3),
                          contact_channel=ContactChannel.PHONE, phone="06 1234 5678",
                          email="f.devries@voorbeeld.example", postcode="2651 AB", house_number="12a",
                          adults=1, children=2)
    return Case(household=household, intake_route=IntakeRoute.EARLY_SIGNALLING,
                help_request_date=date(2026, 3, 2),
                help_request="Ik krijg steeds meer brieven en durf ze niet meer open te maken. Ik wil dat het stopt.",
                target_groups=frozenset({TargetGroup.EDUCATION_MIDDLE, TargetGroup.MILD_INTELLECTUAL_DISABILITY}),
                special_reasons={TargetGroup.MILD_INTELLECTUAL_DISABILITY: "fictief"},
                crisis=Crisis(CrisisKind.EVICTION, date(2026, 4, 1)),
                debt=DebtPicture(DebtBand.FROM_15000, 9),
                partners=(CasePartner(2, PartnerRole.SOCIAL_WORK, leads=False),
                          CasePartner(3, PartnerRole.CARE),
                          CasePartner(1, PartnerRole.DEBT_SETTLEMENT, leads=True)),
                case_number="2026-0042", id=42)


def sample_content() -> ReferralContent:
    return ReferralContent(
        arrears=(ArrearsItem("Huur (woningcorporatie)", 248_000, date(2025, 11, 1)),
                 ArrearsItem("Zorgverzekering", 61_250, date(2025, 9, 1)),
                 ArrearsItem("Energie", None, None)),
        steps_taken="Betalingsregeling met de woningcorporatie aangevraagd.\nToeslagen gecontroleerd.",
        agreements=(Agreement("Neemt binnen 5 werkdagen contact op met de inwoner.", AgreementOwner.PARTNER),
                    Agreement("Verzamelt de brieven van schuldeisers in één map.", AgreementOwner.RESIDENT,
                              date(2026, 3, 19)),
                    Agreement("Belt de woningcorporatie over uitstel van de ontruiming.",
                              AgreementOwner.COORDINATOR, date(2026, 3, 13))),
        check_back_date=date(2026, 3, 26),
        attachments=("Overzicht schuldeisers", "Kopie beschikking toelating"),
        bsn=SAMPLE_BSN,
    )


def sample_sender() -> SenderInfo:
    return SenderInfo("M. de Boer", phone="010 000 0000", email="m.deboer@gemeente.example")


def sample_basis(partner: PartnerInfo, kind: BasisKind, scope: frozenset[str]) -> SharingBasis:
    return SharingBasis(case_id=42, partner_id=partner.id, kind=kind, given_on=date(2026, 3, 10), scope=scope,
                        recorded_by="medewerker", form=ConsentForm.ORAL if kind == BasisKind.CONSENT else None,
                        recorded_at=datetime(2026, 3, 10, 9, 0, tzinfo=timezone.utc), id=1)


def sample_letter(partner_type: str, policy=None, *, profiles: RecipientProfiles | None = None,
                  case: Case | None = None, content: ReferralContent | None = None) -> ReferralLetter:
    profiles = profiles or shipped_profiles()
    partner = SAMPLE_PARTNERS[partner_type]
    profile = profiles.for_partner_type(partner_type)
    bsn_enabled = bool(policy.get("BsnEnabled")) if policy is not None else False
    kind = BasisKind.WGS_TASK if BasisKind.WGS_TASK in profile.bases else BasisKind.CONSENT
    basis = sample_basis(partner, kind, profile.field_ids({"BsnEnabled": True}))
    content = content or sample_content()
    if not (bsn_enabled and profile.entry("bsn")):
        from dataclasses import replace

        content = replace(content, bsn=None)
    return compose_referral(case or sample_case(), partner, profile, [basis], content, sender=sample_sender(),
                            letter_date=SAMPLE_DATE, bsn_enabled=bsn_enabled,
                            partner_names={p.id: p for p in SAMPLE_PARTNERS.values()})
