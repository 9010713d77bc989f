"""Referrals, consent and the partner directory in a real SQLCipher register: recording a basis and withdrawing
it, the referral record (timeline, check-back action, one audit entry with recipient and fields, no contents),
saving letters (names, atomic, AES-256 on request) and the directory that follows IT's policy file."""
from __future__ import annotations

import os
from dataclasses import replace
from datetime import date
from io import BytesIO

import pytest
from pypdf import PdfReader

from ketenregie.config import Policy
from ketenregie.documents.pdf_encryption import encryption_algorithm
from ketenregie.documents.sample_referrals import SAMPLE_BSN, sample_content
from ketenregie.domain.audit import AuditAction
from ketenregie.domain.cases import (Case, CasePartner, CrisisKind, Crisis, DebtBand, DebtPicture, Household,
                                     IntakeRoute, PartnerRole, PartnerType)
from ketenregie.domain.consent import BasisInvalid, BasisKind, ConsentForm
from ketenregie.domain.partner_directory import Channel, DirectoryEntry
from ketenregie.domain.referral import (Agreement, LetterChanged, NoProfile, NoSharingBasis, SenderInfo,
                                       TextNotCleared)
from ketenregie.domain.referral_fields import fields_from_mask
from ketenregie.services.referral import ReferralService
from ketenregie.services.register import create_register
from ketenregie.store.partner_directory_repository import (DirectoryEntryInvalid, DirectoryReadOnly,
                                                           TypeChangeNeedsConfirmation,
                                                           PartnerDirectoryRepository)
from ketenregie.vault.kdf import KdfParams

TODAY = date(2026, 3, 12)
CANARY = "Zwanhilde Kanarievogel"


@pytest.fixture(scope="module")
def register(tmp_path_factory):
    path = tmp_path_factory.mktemp("reg") / "register.krg"
    reg, _, _ = create_register(path, "een lange wachtwoordzin voor tests", policy=Policy.defaults(),
                                kdf=KdfParams.minimum())
    yield reg
    reg.close()


@pytest.fixture(scope="module")
def service(register):
    return ReferralService(register, clock=lambda: TODAY)


def _partner(service, code: str) -> DirectoryEntry:
    return next(p for p in service.partners() if p.code == code)


def _case(service, name: str = CANARY) -> Case:
    plangroep, kwadraad = _partner(service, "plangroep"), _partner(service, "kwadraad")
    number = service.cases.create(Case(
        household=Household(name=name, date_of_birth=date(1980, 1, 2), phone="06 9999 0000", postcode="2651 AB",
                            house_number="3", adults=2, children=1),
        intake_route=IntakeRoute.SELF, help_request_date=date(2026, 3, 1),
        help_request="Ik wil overzicht.", crisis=Crisis(CrisisKind.EVICTION, date(2026, 4, 1)),
        debt=DebtPicture(DebtBand.FROM_5000, 4),
        partners=(CasePartner(plangroep.id, PartnerRole.DEBT_SETTLEMENT, leads=True),
                  CasePartner(kwadraad.id, PartnerRole.SOCIAL_WORK))))
    return service.cases.get(number, audit=False)


def _sender():
    return SenderInfo("M. de Boer", phone="010 000 0000")


def _audit_since(register, count_before: int):
    entries = register.audit.recent(limit=50)
    return [e for e in entries if e.id > count_before]


def test_consent_is_recorded_audited_and_withdrawn(register, service):
    case = _case(service)
    kwadraad = _partner(service, "kwadraad")
    before = register.audit.count()
    basis = service.record_basis(case, kwadraad, BasisKind.CONSENT, date(2026, 3, 10),
                                 {"name", "phone", "help_request"}, ConsentForm.WRITTEN)
    assert basis.id and basis.recorded_by == service.consents.actor
    new = _audit_since(register, before)
    assert [(e.action, e.object_ref) for e in new] == [("create", f"basis:{case.case_number}.{basis.id}")]
    assert service.bases(case, kwadraad.id) == [basis]
    withdrawn = service.withdraw_basis(basis.id, date(2026, 3, 11))
    assert withdrawn.withdrawn_on == date(2026, 3, 11)
    assert service.consents.get(basis.id).withdrawal_recorded_by == service.consents.actor
    with pytest.raises(BasisInvalid):
        service.withdraw_basis(basis.id)  # already withdrawn
    with pytest.raises(NoSharingBasis, match="ingetrokken op 11-03-2026"):
        service.compose(case, kwadraad, sample_content(), sender=_sender())


def test_consent_validation_saves_nothing(register, service):
    case = _case(service)
    kwadraad = _partner(service, "kwadraad")
    before = register.audit.count()
    with pytest.raises(BasisInvalid, match="mondeling of schriftelijk"):
        service.record_basis(case, kwadraad, BasisKind.CONSENT, date(2026, 3, 10), {"name"})
    with pytest.raises(BasisInvalid, match="wettelijke taak"):
        service.record_basis(case, kwadraad, BasisKind.WGS_TASK, date(2026, 3, 10), {"name"})
    with pytest.raises(BasisInvalid, match="Bekende achterstanden"):
        service.record_basis(case, kwadraad, BasisKind.CONSENT, date(2026, 3, 10), {"arrears"}, ConsentForm.ORAL)
    assert service.bases(case) == [] and register.audit.count() == before


def test_refusal_without_basis_names_what_to_record(service):
    case = _case(service)
    with pytest.raises(NoSharingBasis) as refused:
        service.compose(case, _partner(service, "plangroep"), sample_content(), sender=_sender())
    assert "toestemming" in refused.value.user_message and "Wgs" in refused.value.user_message


def test_saving_a_referral_records_timeline_action_and_one_audit_entry(register, service, tmp_path):
    case = _case(service)
    plangroep = _partner(service, "plangroep")
    service.record_basis(case, plangroep, BasisKind.WGS_TASK, date(2026, 3, 11),
                         service.profile_for(plangroep).field_ids())
    content = replace(sample_content(), bsn=SAMPLE_BSN)  # planted; policy has the BSN off
    letter = service.compose(case, plangroep, content, sender=_sender())
    assert letter.bsn is None and "bsn" not in letter.shared_fields
    rendered = service.render(letter, case, resident_copy=True)
    out = tmp_path / "uit"
    out.mkdir()
    before = register.audit.count()
    paths = service.save(rendered, case, out)
    assert [p.name for p in paths] == [f"{case.case_number}_verwijsbrief_2026-03-12.pdf",
                                       f"{case.case_number}_kopie-inwoner_2026-03-12.pdf"]
    assert sorted(os.listdir(out)) == sorted(p.name for p in paths)  # no temp files left
    assert oct(paths[0].stat().st_mode & 0o777) == "0o600"
    text = " ".join(PdfReader(BytesIO(paths[0].read_bytes())).pages[0].extract_text().split())
    assert CANARY in text or "Kanarievogel" in text
    # audit: exactly one entry, EXPORT, with recipient and fields, no contents
    new = _audit_since(register, before)
    assert len(new) == 1 and new[0].action == AuditAction.EXPORT.value
    ref = new[0].object_ref
    assert ref.startswith(f"referral:{case.case_number},to={plangroep.id},f=")
    assert set(fields_from_mask(ref.rsplit("f=", 1)[1])) == set(letter.shared_fields)
    assert "Kanarie" not in ref
    # the record, the timeline and the check-back action
    [record] = service.referrals.for_case(case.id)
    assert record.partner_id == plangroep.id and record.fields == frozenset(letter.shared_fields)
    assert record.resident_copy and not record.protected and record.check_back_date == date(2026, 3, 26)
    reloaded = service.cases.get(case.case_number, audit=False)
    [entry] = reloaded.journal
    assert "PLANgroep" in entry.text and "telefoonnummer" in entry.text
    assert "06 9999 0000" not in entry.text and "2.480" not in entry.text
    assert any(a.due == date(2026, 3, 26) and "Terugkoppeling" in a.description for a in reloaded.actions)
    # a second save the same day does not overwrite the first
    again = service.save(service.render(letter, case, resident_copy=False), case, out)
    assert again[0].name == f"{case.case_number}_verwijsbrief-2_2026-03-12.pdf"


def test_password_protected_save_uses_aes_256(service, tmp_path):
    case = _case(service)
    kwadraad = _partner(service, "kwadraad")
    service.record_basis(case, kwadraad, BasisKind.CONSENT, date(2026, 3, 12),
                         service.profile_for(kwadraad).field_ids(), ConsentForm.ORAL)
    letter = service.compose(case, kwadraad, sample_content(), sender=_sender())
    assert letter.arrears == () and letter.debt_picture is None and letter.bsn is None
    [path] = service.save(service.render(letter, case, resident_copy=False), case, tmp_path,
                          password="een goed wachtwoord")
    data = path.read_bytes()
    assert encryption_algorithm(data) == "AES-256"
    reader = PdfReader(BytesIO(data))
    assert not reader.decrypt("verkeerd")
    assert PdfReader(BytesIO(data)).decrypt("een goed wachtwoord")
    assert service.referrals.for_case(case.id)[0].protected


def test_nothing_is_recorded_when_the_file_cannot_be_written(register, service, tmp_path):
    case = _case(service)
    kwadraad = _partner(service, "kwadraad")
    service.record_basis(case, kwadraad, BasisKind.CONSENT, date(2026, 3, 12), {"name", "help_request"},
                         ConsentForm.ORAL)
    letter = service.compose(case, kwadraad, sample_content(), sender=_sender())
    rendered = service.render(letter, case, resident_copy=True)
    before = register.audit.count()
    with pytest.raises(OSError):
        service.save(rendered, case, tmp_path / "bestaat-niet")
    assert register.audit.count() == before
    assert service.referrals.for_case(case.id) == []
    assert service.cases.get(case.case_number, audit=False).journal == ()


def test_a_basis_withdrawn_after_composing_blocks_the_save(service, tmp_path):
    case = _case(service)
    kwadraad = _partner(service, "kwadraad")
    basis = service.record_basis(case, kwadraad, BasisKind.CONSENT, date(2026, 3, 12), {"name"}, ConsentForm.ORAL)
    letter = service.compose(case, kwadraad, sample_content(), sender=_sender())
    rendered = service.render(letter, case, resident_copy=False)
    service.withdraw_basis(basis.id, TODAY)
    # the save composes the letter again from the register: the basis is gone, so nothing is written or recorded
    with pytest.raises(LetterChanged):
        service.save(rendered, case, tmp_path)
    with pytest.raises(LetterChanged):
        service.render(letter, case, resident_copy=False)
    assert list(tmp_path.iterdir()) == []


def test_sender_details_live_in_the_register(register, service):
    assert service.sender().name in ("", "M. de Boer")
    service.referrals.save_sender(SenderInfo("M. de Boer", "Ketenregisseur", "010 000 0000", "m@gemeente.example"))
    assert service.sender() == SenderInfo("M. de Boer", "Ketenregisseur", "010 000 0000", "m@gemeente.example")


# --- the directory --------------------------------------------------------------------------------------------

def test_directory_editing(register):
    repo = PartnerDirectoryRepository(register.db, register.audit)
    entry = DirectoryEntry(code="schuldhulpmaatje", name="SchuldHulpMaatje", type=PartnerType.VOLUNTEER,
                           address_lines=("Kerkstraat 1", "2651 AA Berkel"), contact_person="Coördinator",
                           channel=Channel.POST)
    partner_id = repo.save(entry)
    saved = repo.get(partner_id)
    assert saved.address_lines == entry.address_lines and saved.channel == Channel.POST and saved.editable
    repo.save(replace(saved, contact_person="J. Bakker"))
    assert repo.get(partner_id).contact_person == "J. Bakker"
    with pytest.raises(DirectoryEntryInvalid, match="al een partner"):
        repo.save(replace(entry, id=None))
    with pytest.raises(DirectoryEntryInvalid, match="adres"):
        repo.save(replace(saved, address_lines=()))
    assert register.audit.recent(limit=1)[0].object_ref == f"partner:{partner_id}"


def test_directory_follows_the_policy_file_and_is_then_read_only(tmp_path):
    directory = tmp_path / "partners.toml"
    directory.write_text('''
[[partner]]
code = "plangroep"
name = "PLANgroep Delft"
type = "debt_help"
address = ["Postbus 100", "2600 AC Delft"]
contact_person = "Intaketeam"
channel = "secure_email"
channel_detail = "Zivver"

[[partner]]
code = "nieuw_partner"
name = "Nieuwe partner"
type = "other"
''', encoding="utf-8")
    policy = Policy.from_mapping({"PartnerDirectoryFile": str(directory)}, "test")
    reg, _, _ = create_register(tmp_path / "r.krg", "een lange wachtwoordzin voor tests", policy=policy,
                                kdf=KdfParams.minimum())
    try:
        service = ReferralService(reg, clock=lambda: TODAY)
        assert service.directory_read_only()
        assert service.sync_directory() is None
        active = {p.code: p for p in service.partners()}
        assert set(active) == {"plangroep", "nieuw_partner"}
        assert active["plangroep"].name == "PLANgroep Delft" and active["plangroep"].contact_person == "Intaketeam"
        assert not active["plangroep"].editable
        assert any(p.code == "kwadraad" and not p.active for p in service.partners(include_inactive=True))
        before = reg.audit.count()
        service.sync_directory()  # unchanged file: nothing changes, nothing is logged
        assert reg.audit.count() == before
        with pytest.raises(DirectoryReadOnly):
            service.directory.save(replace(active["plangroep"], name="Anders"))
        directory.write_text("dit is geen toml [", encoding="utf-8")
        assert "niet te lezen" in service.sync_directory()
        assert {p.code for p in service.partners()} == {"plangroep", "nieuw_partner"}  # unchanged
    finally:
        reg.close()


def test_doctor_findings_for_logo_and_directory(tmp_path):
    from ketenregie.services.referral import policy_findings

    assert policy_findings(Policy.defaults()) == []
    bad = tmp_path / "logo.png"
    bad.write_bytes(b"geen plaatje")
    directory = tmp_path / "p.toml"
    directory.write_text('[[partner]]\ncode = "x"\nname = "X"\ntype = "other"\n', encoding="utf-8")
    findings = policy_findings(Policy.from_mapping({"LetterheadLogoFile": str(bad),
                                                    "PartnerDirectoryFile": str(directory)}, "t"))
    assert [(level, label) for level, label, _ in findings] == [("warning", "Briefhoofd"), ("ok", "Partnerlijst")]
    directory.write_text("kapot [", encoding="utf-8")
    assert policy_findings(Policy.from_mapping({"PartnerDirectoryFile": str(directory)}, "t"))[0][0] == "error"


# --- free text that leaves the register (issue 11, items 1 and 5) ----------------------------------------------

def test_identifiers_in_the_help_request_never_reach_kwadraad(register, service, tmp_path):
    case = _case(service)
    kwadraad = _partner(service, "kwadraad")
    service.record_basis(case, kwadraad, BasisKind.CONSENT, date(2026, 3, 10),
                         {"name", "phone", "help_request"}, ConsentForm.ORAL)
    service.cases.update(replace(case, help_request=f"{CANARY} heeft BSN {SAMPLE_BSN} en huurschuld € 2.480,00"))
    case = service.cases.get(case.case_number, audit=False)
    plan = service.plan(case, kwadraad, sample_content())
    [problem] = plan.text_problems
    assert problem.field_label == "Hulpvraag"
    assert {k.value for k in problem.kinds} == {"name", "bsn", "amount"}  # Kwadraad gets no financial data
    before = register.audit.count()
    with pytest.raises(TextNotCleared) as refused:
        service.compose(case, kwadraad, sample_content(), sender=_sender())
    assert SAMPLE_BSN not in refused.value.user_message and "Kanarievogel" not in refused.value.user_message
    assert "Hulpvraag" in refused.value.user_message
    assert register.audit.count() == before and list(tmp_path.iterdir()) == []
    # leaving the help request out (or editing it) lets the letter go, without the text
    selected = set(plan.shared_fields) - {"help_request"}
    letter = service.compose(case, kwadraad, sample_content(), sender=_sender(), selected=selected)
    [path, *_] = service.save(service.render(letter, case, resident_copy=False), case, tmp_path)
    text = " ".join(p.extract_text() for p in PdfReader(BytesIO(path.read_bytes())).pages)
    assert SAMPLE_BSN not in text and "2.480" not in text


def test_steps_and_agreements_are_checked_against_the_resident(service):
    case = _case(service)
    plangroep = _partner(service, "plangroep")
    service.record_basis(case, plangroep, BasisKind.WGS_TASK, date(2026, 3, 11),
                         service.profile_for(plangroep).field_ids())
    content = replace(sample_content(), steps_taken="Gebeld met Zwanhilde op 06 9999 0000, geboren 02-01-1980",
                      agreements=(Agreement("Langs op 2651 AB"),))
    with pytest.raises(TextNotCleared) as refused:
        service.compose(case, plangroep, content, sender=_sender())
    labels = {p.field_label: {k.value for k in p.kinds} for p in refused.value.problems}
    assert labels == {"Al gezette stappen": {"name", "phone", "date_of_birth"},
                      "Afspraken en terugkoppeldatum": {"address"}}
    # amounts are fine for a debt-help partner (its profile holds the debt figures)
    service.compose(case, plangroep, replace(sample_content(), steps_taken="Huur € 500 betaald"), sender=_sender())


def test_a_letter_changed_after_composing_is_neither_rendered_nor_saved(register, service, tmp_path):
    case = _case(service)
    kwadraad = _partner(service, "kwadraad")
    service.record_basis(case, kwadraad, BasisKind.CONSENT, date(2026, 3, 10), {"name", "help_request"},
                         ConsentForm.ORAL)
    letter = service.compose(case, kwadraad, sample_content(), sender=_sender())
    assert letter.phone is None and "phone" not in letter.shared_fields
    changed = [
        replace(letter, phone="06 9999 0000"),  # a value outside the shared fields
        replace(letter, phone="06 9999 0000", shared_fields=letter.shared_fields + ("phone",)),  # outside scope
        replace(letter, help_request=f"BSN {SAMPLE_BSN}"),  # unchecked free text
        replace(letter, bsn=SAMPLE_BSN, shared_fields=letter.shared_fields + ("bsn",)),  # policy has the BSN off
    ]
    before = register.audit.count()
    for bad in changed:
        with pytest.raises(LetterChanged):
            service.render(bad, case, resident_copy=True)
    # a rendered letter whose PDF was swapped, or whose letter was swapped, is not saved either
    good = service.render(letter, case, resident_copy=False)
    from ketenregie.services.referral import RenderedReferral

    forged = [replace(good, letter_pdf=good.letter_pdf + b"%"),
              RenderedReferral(changed[0], good.letter_pdf, None, good.seal),
              RenderedReferral(letter, b"%PDF-1.4 forged", None)]
    for bad in forged:
        with pytest.raises(LetterChanged):
            service.save(bad, case, tmp_path)
    assert list(tmp_path.iterdir()) == [] and register.audit.count() == before
    # the renderer itself refuses a letter with values outside its shared fields
    from ketenregie.documents.referral_letter import render_referral_letter

    with pytest.raises(LetterChanged):
        render_referral_letter(changed[0], service.letterhead())
    service.save(good, case, tmp_path)  # the untouched letter still goes


# --- "Intrekken" (issue 11, item 3) -----------------------------------------------------------------------------

def test_withdrawing_takes_every_active_consent_for_that_partner(register, service):
    case = _case(service)
    kwadraad, plangroep = _partner(service, "kwadraad"), _partner(service, "plangroep")
    wide = service.record_basis(case, kwadraad, BasisKind.CONSENT, date(2026, 3, 1),
                                {"name", "phone", "help_request"}, ConsentForm.WRITTEN)
    narrow = service.record_basis(case, kwadraad, BasisKind.CONSENT, date(2026, 3, 10), {"name"}, ConsentForm.ORAL)
    other = service.record_basis(case, plangroep, BasisKind.CONSENT, date(2026, 3, 10), {"name"}, ConsentForm.ORAL)
    assert [b.id for b in service.consents_to_withdraw(narrow)] == [wide.id, narrow.id]  # the dialog lists each
    before = register.audit.count()
    service.withdraw_basis(narrow.id)
    entries = _audit_since(register, before)
    assert [(e.action, e.object_ref) for e in entries] == [("update", f"basis:{case.case_number}.{wide.id},{narrow.id}")]
    assert service.consents.get(wide.id).withdrawn_on == TODAY  # the older, wider consent does not come back
    assert service.consents.get(other.id).withdrawn_on is None  # another partner keeps its consent
    assert service.remaining_basis(case, kwadraad) is None
    with pytest.raises(NoSharingBasis):
        service.compose(case, kwadraad, sample_content(), sender=_sender())


def test_the_next_letter_says_what_basis_is_left(service, tmp_path):
    case = _case(service)
    plangroep = _partner(service, "plangroep")
    service.record_basis(case, plangroep, BasisKind.WGS_TASK, date(2026, 3, 2), {"name", "help_request"})
    consent = service.record_basis(case, plangroep, BasisKind.CONSENT, date(2026, 3, 5),
                                   {"name", "phone", "help_request"}, ConsentForm.ORAL)
    service.withdraw_basis(consent.id, date(2026, 3, 11))
    left = service.remaining_basis(case, plangroep)
    assert left is not None and left.kind == BasisKind.WGS_TASK
    letter = service.compose(case, plangroep, sample_content(), sender=_sender())
    assert letter.basis_kind == BasisKind.WGS_TASK and "phone" not in letter.shared_fields
    [path] = service.save(service.render(letter, case, resident_copy=False), case, tmp_path)
    text = " ".join(" ".join(p.extract_text().split()) for p in PdfReader(BytesIO(path.read_bytes())).pages)
    assert "ingetrokken op 11-03-2026" in text and "Wat overblijft als grondslag: Wettelijke taak (Wgs)" in text
    assert "06 9999 0000" not in text


# --- partner types (issue 11, item 4) ------------------------------------------------------------------------------

def test_a_landlord_retyped_as_debt_help_never_gets_a_letter(register, service):
    case = _case(service)
    landlord = _partner(service, "woningcorporatie")
    assert service.profile_for(landlord) is None
    before = register.audit.count()
    for new_type in (PartnerType.DEBT_HELP, PartnerType.SOCIAL_WORK, PartnerType.OTHER):
        for confirmed in (False, True):
            with pytest.raises(DirectoryEntryInvalid, match="signaalpartner"):
                service.save_partner(replace(landlord, type=new_type), confirmed=confirmed)
    # not through the repository either, whatever the caller passes as rule
    with pytest.raises(DirectoryEntryInvalid):
        service.directory.save(replace(landlord, type=PartnerType.DEBT_HELP), confirmed=True)
    assert service.directory.get(landlord.id).type == PartnerType.HOUSING and register.audit.count() == before
    with pytest.raises(NoProfile):
        service.compose(case, landlord, sample_content(), sender=_sender())
    # a signal partner may move between signal types (a landlord that is also the energy company, say)
    service.save_partner(replace(landlord, type=PartnerType.ENERGY))
    service.save_partner(replace(landlord, type=PartnerType.HOUSING))


def test_a_widening_type_change_is_confirmed_audited_and_voids_the_old_bases(register, service):
    case = _case(service)
    maatje = DirectoryEntry(code=f"maatje{case.id}", name="Maatje", type=PartnerType.VOLUNTEER)
    maatje = service.directory.get(service.save_partner(maatje))
    basis = service.record_basis(case, maatje, BasisKind.CONSENT, date(2026, 3, 10), {"name", "help_request"},
                                 ConsentForm.ORAL)
    before = register.audit.count()
    with pytest.raises(TypeChangeNeedsConfirmation) as ask:
        service.save_partner(replace(maatje, type=PartnerType.DEBT_HELP))
    assert "vervallen" in ask.value.user_message
    assert service.directory.get(maatje.id).type == PartnerType.VOLUNTEER and register.audit.count() == before
    service.save_partner(replace(maatje, type=PartnerType.DEBT_HELP), confirmed=True)
    entries = _audit_since(register, before)
    assert [(e.action, e.object_ref) for e in entries] == [("update", f"partner:{maatje.id},type=volunteer-debt_help")]
    assert service.consents.get(basis.id).withdrawn_on == TODAY
    retyped = service.directory.get(maatje.id)
    with pytest.raises(NoSharingBasis):  # the consent given for a volunteer does not carry a debt-help letter
        service.compose(case, retyped, sample_content(), sender=_sender())
    # narrowing (debt help -> volunteer) needs no confirmation and voids nothing new
    service.record_basis(case, retyped, BasisKind.WGS_TASK, date(2026, 3, 12), {"name"})
    service.save_partner(replace(retyped, type=PartnerType.VOLUNTEER))
    assert service.remaining_basis(case, service.directory.get(maatje.id)) is None  # Wgs is no basis for volunteers


def test_a_type_change_from_it_s_directory_file_voids_the_old_bases(tmp_path):
    reg, _, _ = create_register(tmp_path / "r.krg", "een lange wachtwoordzin voor tests", policy=Policy.defaults(),
                                kdf=KdfParams.minimum())
    try:
        service = ReferralService(reg)
        case = _case(service)
        kwadraad = _partner(service, "kwadraad")
        basis = service.record_basis(case, kwadraad, BasisKind.CONSENT, date.today(), {"name"}, ConsentForm.ORAL)
        entries = [replace(e, type=PartnerType.DEBT_HELP if e.code == "kwadraad" else e.type, id=None)
                   for e in service.partners(include_inactive=True)]
        service.directory.sync_from_policy_file(entries)
        assert service.directory.get(kwadraad.id).type == PartnerType.DEBT_HELP
        assert service.consents.get(basis.id).withdrawn_on == date.today()
    finally:
        reg.close()
