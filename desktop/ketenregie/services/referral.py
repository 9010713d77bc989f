"""Referrals end to end, for the UI and scripting: the partner directory (with IT's policy file), the basis for
sharing, the disclosure plan, composing and rendering the letter and the resident's copy, and saving them.

Dependency rule: this module joins store, documents and domain for one open `Register` (like register.py does);
it imports no Qt. Nothing here logs or prints personal data; errors carry Dutch `user_message`s without content.
"""
from __future__ import annotations

import hashlib
import hmac
import os
import secrets
from collections.abc import Callable, Iterable
from dataclasses import dataclass
from datetime import date
from pathlib import Path

from ketenregie.atomic import write_atomic
from ketenregie.documents.letterhead import Letterhead
from ketenregie.documents.pdf_encryption import encrypt_pdf
from ketenregie.documents.referral_letter import DOCUMENT_KIND as LETTER_KIND, render_referral_letter
from ketenregie.documents.resident_copy import DOCUMENT_KIND as COPY_KIND, render_resident_copy
from ketenregie.domain.cases import Case, PartnerType
from ketenregie.domain.consent import BasisKind, ConsentForm, SharingBasis, active_basis, consents_to_withdraw
from ketenregie.domain.partner_directory import DirectoryDataError, DirectoryEntry, load_directory
from ketenregie.domain.referral_partners import letter_profile, type_change_rule
from ketenregie.domain.recipient_profiles import (RECIPIENT_PROFILES_RESOURCE, RecipientProfile,
                                                  RecipientProfiles, load_profiles)
from ketenregie.domain.referral import (DisclosurePlan, LetterChanged, NoSharingBasis, PartnerInfo, ReferralContent,
                                        ReferralLetter, ReferralRefused, SenderInfo, compose_referral,
                                        compose_resident_copy, letter_content, plan_for, referral_file_name)
from ketenregie.resources import resource_path
from ketenregie.store.case_repository import CaseRepository
from ketenregie.store.consent_repository import ConsentRepository
from ketenregie.store.partner_directory_repository import PartnerDirectoryRepository
from ketenregie.store.letter_draft_repository import LetterDraftRepository
from ketenregie.store.referral_repository import ReferralRepository

NOT_PROTECTED_NOTICE = (
    "Let op: een opgeslagen brief staat buiten het register en wordt daar niet meer beschermd. Bewaar hem "
    "alleen op een plek die daarvoor bedoeld is, verstuur hem via het afgesproken beveiligde kanaal en verwijder "
    "hem als hij verstuurd is.")

_PROFILES: RecipientProfiles | None = None


def shipped_profiles() -> RecipientProfiles:
    global _PROFILES
    if _PROFILES is None:
        _PROFILES = load_profiles(resource_path(*RECIPIENT_PROFILES_RESOURCE),
                                  known_partner_types=frozenset(t.value for t in PartnerType))
    return _PROFILES


def partner_info(entry: DirectoryEntry) -> PartnerInfo:
    return PartnerInfo(id=entry.id or 0, name=entry.name, type=entry.type.value, contact_person=entry.contact_person,
                       address_lines=entry.address_lines, phone=entry.phone, email=entry.email)


# A per-process key that seals what `render_referral` produced: `save` writes only PDFs rendered here from the
# very letter it records (a RenderedReferral assembled or changed elsewhere is refused).
_SEAL_KEY = secrets.token_bytes(32)


def _seal(letter: ReferralLetter, letter_pdf: bytes, copy_pdf: bytes | None) -> str:
    digest = hmac.new(_SEAL_KEY, digestmod=hashlib.sha256)
    for part in (str(hash(letter)).encode(), letter_pdf, b"\0", copy_pdf or b""):
        digest.update(len(part).to_bytes(8, "big"))
        digest.update(part)
    return digest.hexdigest()


_CHANGED = ("Deze brief klopt niet meer met wat het register, het ontvangersprofiel en de grondslag toestaan (hij is "
            "na het opstellen gewijzigd, of de casus, de partner of de grondslag is intussen veranderd). Er is "
            "niets gemaakt of vastgelegd; stel de brief opnieuw op.")


@dataclass(frozen=True)
class RenderedReferral:
    letter: ReferralLetter
    letter_pdf: bytes
    copy_pdf: bytes | None
    seal: str = ""

    def __repr__(self) -> str:
        return f"RenderedReferral({self.letter.case_number})"

    @property
    def sealed(self) -> bool:
        return hmac.compare_digest(self.seal, _seal(self.letter, self.letter_pdf, self.copy_pdf))


class ReferralService:
    def __init__(self, register, *, clock: Callable[[], date] = date.today,
                 profiles: RecipientProfiles | None = None) -> None:
        self.register = register
        self.policy = register.policy
        self.clock = clock
        self.profiles = profiles or shipped_profiles()
        db, audit = register.db, register.audit
        self.cases = CaseRepository(db, audit, clock=clock)
        self.directory = PartnerDirectoryRepository(db, audit)
        self.consents = ConsentRepository(db, audit, clock=clock)
        self.referrals = ReferralRepository(db, audit, clock=clock)
        self.drafts = LetterDraftRepository(db, audit)

    # --- directory ------------------------------------------------------------------------------------------

    @property
    def directory_file(self) -> Path | None:
        value = self.policy.get("PartnerDirectoryFile") or ""
        return Path(value) if value else None

    def sync_directory(self) -> str | None:
        """Follow IT's directory file when policy names one. Returns a Dutch problem when the file is unusable
        (the directory then stays as it was, read-only), else None."""
        path = self.directory_file
        if path is None:
            self.directory.release_from_policy()
            return None
        try:
            entries = load_directory(path)
        except DirectoryDataError as exc:
            return (f"De partnerlijst van IT ({path.name}) is niet te lezen; de lijst blijft zoals hij was. "
                    f"Meld dit bij IT. ({exc})")
        self.directory.sync_from_policy_file(entries)
        return None

    def directory_read_only(self) -> bool:
        return self.directory_file is not None

    def partners(self, *, include_inactive: bool = False) -> list[DirectoryEntry]:
        return self.directory.list_entries(include_inactive=include_inactive)

    def partner_map(self) -> dict[int, PartnerInfo]:
        return {e.id: partner_info(e) for e in self.directory.list_entries(include_inactive=True)}

    def profile_for(self, partner: DirectoryEntry | PartnerInfo) -> RecipientProfile | None:
        """The letter profile for this partner's type — never one for a signal partner."""
        return letter_profile(self.profiles, partner.type)

    def save_partner(self, entry: DirectoryEntry, *, confirmed: bool = False) -> int:
        """Save a directory entry under the type-change rule (domain/referral_partners.py): a signal partner is
        never retyped into a letter type; a widening type change raises TypeChangeNeedsConfirmation until
        `confirmed`, and then voids the bases recorded under the old type (one transaction, one audit entry)."""
        return self.directory.save(entry, type_rule=type_change_rule(self.profiles), confirmed=confirmed,
                                   today=self.clock())

    @property
    def bsn_enabled(self) -> bool:
        return bool(self.policy.get("BsnEnabled"))

    def record_print(self, case_number: str, document: int = 0) -> None:
        """A letter (0) or the resident's copy (1) went to a printer: one audit entry, references only."""
        from ketenregie.domain.audit import AuditAction  # noqa: PLC0415

        kind = "letter" if document == 0 else "resident-copy"
        self.register.audit.record(AuditAction.PRINT, f"referral:{case_number},{kind}")

    # --- basis ----------------------------------------------------------------------------------------------

    def bases(self, case: Case, partner_id: int | None = None) -> list[SharingBasis]:
        return self.consents.for_case(case.id, partner_id)

    def record_basis(self, case: Case, partner: DirectoryEntry, kind: BasisKind, given_on: date,
                     scope: Iterable[str], form: ConsentForm | None = None) -> SharingBasis:
        profile = self.profile_for(partner)
        if profile is None:
            from ketenregie.domain.consent import BasisInvalid

            raise BasisInvalid(["Voor dit soort partner is geen ontvangersprofiel: er kan niets worden gedeeld."])
        basis = SharingBasis(case_id=case.id, partner_id=partner.id, kind=kind, given_on=given_on,
                             scope=frozenset(scope), recorded_by=self.consents.actor, form=form)
        return self.consents.record(basis, allowed_kinds=profile.bases,
                                    profile_fields=profile.field_ids({"BsnEnabled": self.bsn_enabled}))

    def withdraw_basis(self, basis_id: int, on: date | None = None) -> SharingBasis:
        """Withdraw a basis. A consent: EVERY consent for that case and partner still active on that day goes
        (one transaction, one audit entry), so an older, wider consent cannot take over. A Wgs-task basis: only
        that one. Returns the basis asked for, withdrawn."""
        basis = self.consents.get(basis_id)
        if basis.kind != BasisKind.CONSENT:
            return self.consents.withdraw(basis_id, on)
        day = on or self.clock()
        targets = consents_to_withdraw(self.consents.for_case(basis.case_id, basis.partner_id), basis.partner_id,
                                       day)
        if basis.id not in {b.id for b in targets}:
            return self.consents.withdraw(basis_id, on)  # not active (yet/any more): the domain says why
        withdrawn = self.consents.withdraw_all(targets, day)
        return next(b for b in withdrawn if b.id == basis_id)

    def consents_to_withdraw(self, basis: SharingBasis, on: date | None = None) -> list[SharingBasis]:
        """What "Intrekken" on `basis` withdraws (for the confirmation that lists each)."""
        if basis.kind != BasisKind.CONSENT:
            return [basis]
        return consents_to_withdraw(self.consents.for_case(basis.case_id, basis.partner_id), basis.partner_id,
                                    on or self.clock()) or [basis]

    def remaining_basis(self, case: Case, partner: DirectoryEntry, on: date | None = None) -> SharingBasis | None:
        """The basis a next letter to `partner` would rest on (None: no letter possible)."""
        profile = self.profile_for(partner)
        day = on or self.clock()
        basis = active_basis(self.bases(case, partner.id), partner.id, day)
        return basis if basis is not None and profile is not None and profile.allows_basis(basis.kind) else None

    # --- composing ------------------------------------------------------------------------------------------

    def plan(self, case: Case, partner: DirectoryEntry, content: ReferralContent,
             selected: Iterable[str] | None = None, letter_date: date | None = None) -> DisclosurePlan:
        return plan_for(case, partner_info(partner), self.profile_for(partner), self.bases(case, partner.id),
                        content, bsn_enabled=self.bsn_enabled, letter_date=letter_date or self.clock(),
                        selected=selected, partner_names=self.partner_map())

    def sender(self) -> SenderInfo:
        return self.referrals.sender() or SenderInfo("")

    def compose(self, case: Case, partner: DirectoryEntry, content: ReferralContent, *, sender: SenderInfo,
                selected: Iterable[str] | None = None, letter_date: date | None = None) -> ReferralLetter:
        return compose_referral(case, partner_info(partner), self.profile_for(partner),
                                self.bases(case, partner.id), content, sender=sender,
                                letter_date=letter_date or self.clock(), bsn_enabled=self.bsn_enabled,
                                partner_names=self.partner_map(), selected=selected)

    def letterhead(self) -> Letterhead:
        return Letterhead.from_policy(self.policy)

    def verify(self, letter: ReferralLetter) -> Case:
        """Defence in depth before rendering and saving: compose the letter again from the register (the case as
        stored now, the partner's current type and profile, the active basis, the same selection and typed
        content) and require the very same letter. Returns the stored case; raises `LetterChanged`."""
        try:
            case = self.cases.get(letter.case_number, audit=False)
            partner = self.directory.get(letter.recipient.id)
            expected = self.compose(case, partner, letter_content(letter), sender=letter.sender,
                                    selected=letter.shared_fields, letter_date=letter.letter_date)
        except ReferralRefused as exc:
            raise LetterChanged(_CHANGED + " " + exc.user_message) from None
        except Exception:  # noqa: BLE001 - a case or partner that is gone: the same refusal, no content
            raise LetterChanged(_CHANGED) from None
        if expected != letter:
            raise LetterChanged(_CHANGED)
        return case

    def render(self, letter: ReferralLetter, case: Case | None = None, *, resident_copy: bool) -> RenderedReferral:
        """Render after `verify` (the stored case is used, not a copy the caller may hold)."""
        stored = self.verify(letter)
        return render_referral(letter, stored, self.letterhead(), resident_copy=resident_copy)

    # --- saving ---------------------------------------------------------------------------------------------

    def save(self, rendered: RenderedReferral, case: Case, folder: Path, *, password: str | None = None) -> list[Path]:
        """Write the letter (and the copy) into `folder`, named by case number, kind and date; record the
        referral (timeline, check-back action, one audit entry). With a password both files are AES-256
        encrypted. Returns the paths written."""
        letter = rendered.letter
        if letter.basis_id is None:
            raise NoSharingBasis("Er is geen grondslag vastgelegd voor deze brief.")
        if not rendered.sealed:
            raise LetterChanged(_CHANGED)
        case = self.verify(letter)
        documents = [(LETTER_KIND, rendered.letter_pdf)]
        if rendered.copy_pdf is not None:
            documents.append((COPY_KIND, rendered.copy_pdf))
        folder = Path(folder)
        targets = [(unused_path(folder, case.case_number, kind, letter.letter_date),
                    encrypt_pdf(data, password) if password else data) for kind, data in documents]
        written: list[Path] = []

        def write() -> None:
            for target, data in targets:
                write_atomic(target, data)
                written.append(target)

        try:
            self.referrals.record(letter, case_id=case.id, basis_id=letter.basis_id,
                                  resident_copy=rendered.copy_pdf is not None, protected=bool(password), write=write)
        except BaseException:
            for path in written:  # the register did not record it: leave no letter behind either
                try:
                    os.unlink(path)
                except OSError:
                    pass
            raise
        self.drafts.delete(case.id)  # the letter went: its draft has done its job
        return [target for target, _ in targets]


def render_referral(letter: ReferralLetter, case: Case, letterhead: Letterhead, *,
                    resident_copy: bool) -> RenderedReferral:
    """Pure (no register access): safe to run on a worker thread."""
    copy_pdf = render_resident_copy(compose_resident_copy(letter, case), letterhead) if resident_copy else None
    letter_pdf = render_referral_letter(letter, letterhead)
    return RenderedReferral(letter, letter_pdf, copy_pdf, _seal(letter, letter_pdf, copy_pdf))


def unused_path(folder: Path, case_number: str, kind: str, day: date) -> Path:
    """`<case>_<kind>_<date>.pdf`, or with "-2", "-3", … when a file of that name is already there."""
    first = folder / referral_file_name(case_number, kind, day)
    if not first.exists():
        return first
    for n in range(2, 1000):
        candidate = folder / referral_file_name(case_number, f"{kind}-{n}", day)
        if not candidate.exists():
            return candidate
    raise FileExistsError("too many letters of this kind today")


def policy_findings(policy) -> list[tuple[str, str, str]]:
    """(level, label, Dutch detail) for `ketenregie doctor`: the letterhead logo and IT's partner directory file."""
    from ketenregie.documents.letterhead import logo_problem

    findings = []
    problem = logo_problem(Letterhead.from_policy(policy))
    if problem:
        findings.append(("warning", "Briefhoofd", problem))
    elif policy.get("LetterheadLogoFile"):
        findings.append(("ok", "Briefhoofd", "logo leesbaar"))
    directory = policy.get("PartnerDirectoryFile")
    if directory:
        try:
            count = len(load_directory(Path(directory)))
            findings.append(("ok", "Partnerlijst", f"{count} partners uit {directory} (niet te wijzigen in de app)"))
        except DirectoryDataError as exc:
            findings.append(("error", "Partnerlijst", f"niet te lezen: {exc}"))
    return findings
