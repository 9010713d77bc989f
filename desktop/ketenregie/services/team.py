"""Team work use cases (issue #14): own team card, colleagues, handover bundles and their receipts.

Everything between registers travels as a bundle file (domain/team/bundle.py): signed by the sender, encrypted to
one verified colleague. One user action = one transaction + one audit entry with counts and the bundle id only.
"""
from __future__ import annotations

import hashlib
import os
import stat
from collections.abc import Callable, Iterable
from dataclasses import dataclass, field
from datetime import date, datetime, timezone
from pathlib import Path
from typing import NamedTuple

from ketenregie import __version__
from ketenregie.atomic import write_atomic
from ketenregie.domain.audit import AuditAction
from ketenregie.domain.team import bundle as bundles
from ketenregie.domain.team.errors import (BundleReplayed, BundleTooNew, BundleWrongKind, CardInvalid,
                                           RecipientUnverified, TeamError)
from ketenregie.domain.team.identity import (TeamCard, TeamIdentity, check_display_name, check_role,
                                             parse_card)
from ketenregie.errors import UserFacingError
from ketenregie.services.register import Register
from ketenregie.store.team_case_transfer import CaseDiff, CaseTransfer, ImportResult, TransferRefused
from ketenregie.store.team_repository import Colleague, TeamRepository

CARD_SUFFIX = ".teamkaart"
BUNDLE_SUFFIX = ".ketenbundel"
MAX_CARD_FILE = 16 * 1024


class TeamServiceError(UserFacingError):
    user_message = "Dit kan niet met de teamgegevens."


def _refuse(exc: TeamError) -> TeamServiceError:
    return TeamServiceError(exc.user_message)


@dataclass(frozen=True)
class IncomingCase:
    sender_ref: int
    case_uid: str
    case_number: str            # the number in the sender's register
    local_number: str | None    # the same case here (same travelling id), if any
    diff: CaseDiff | None       # what differs from the local case
    name: str = ""              # the household's name as it arrives (show it through the privacy mode)

    @property
    def is_new(self) -> bool:
        return self.local_number is None


@dataclass
class HandoverPreview:
    bundle: bundles.OpenedBundle
    sender_name: str
    cases: list[IncomingCase] = field(default_factory=list)
    rows: dict[str, int] = field(default_factory=dict)  # table -> number of rows arriving

    @property
    def conflicts(self) -> list[IncomingCase]:
        return [c for c in self.cases if not c.is_new]


@dataclass(frozen=True)
class CardUpdate:
    """A new card of a listed colleague (same fingerprint, so the same keys and the same person): what changes."""

    colleague: Colleague
    card: TeamCard

    @property
    def name_changed(self) -> bool:
        return self.colleague.display_name != self.card.display_name

    @property
    def role_changed(self) -> bool:
        return self.colleague.card.role != self.card.role

    @property
    def changed(self) -> bool:
        return self.name_changed or self.role_changed

    def lines_nl(self) -> list[str]:
        """"Rol: Ketenregisseur → Teamleider", "Naam: Bram → Bram Jansen" (what the user confirms)."""
        from ketenregie.domain.team.identity import ROLE_LABELS_NL

        lines = []
        if self.role_changed:
            lines.append(f"Rol: {ROLE_LABELS_NL[self.colleague.card.role]} → {ROLE_LABELS_NL[self.card.role]}")
        if self.name_changed:
            lines.append(f"Naam: {self.colleague.display_name} → {self.card.display_name}")
        return lines


class TeamService:
    def __init__(self, register: Register, *, clock: Callable[[], datetime] = lambda: datetime.now(timezone.utc),
                 app_version: str = __version__) -> None:
        self._register = register
        self._db = register.db
        self._audit = register.audit
        self.repo = TeamRepository(register.db)
        self._transfer = CaseTransfer(register.db)
        self._clock = clock
        self._version = app_version

    @property
    def register(self) -> Register:
        """The open register, for the services built on this one (team meetings, monitor figures)."""
        return self._register

    # --- own identity and card ------------------------------------------------------------------------------

    def identity(self) -> TeamIdentity | None:
        return self.repo.identity()

    def set_up_identity(self, display_name: str, role: str) -> TeamIdentity:
        """Create the key pairs on first use; later calls only change the name and role on the card (the keys,
        and so the fingerprint, stay)."""
        try:
            name, checked_role = check_display_name(display_name), check_role(role)
        except CardInvalid as exc:
            raise _refuse(exc) from None
        with self._db.transaction():
            existing = self.repo.identity()
            if existing is None:
                self.repo.save_identity(TeamIdentity.generate(name, checked_role))
                self._audit.record(AuditAction.TEAM_CARD_MADE, "team:identity")
            elif (existing.display_name, existing.role) != (name, checked_role):
                self.repo.update_identity_card(name, checked_role)
                self._audit.record(AuditAction.TEAM_CARD_CHANGED, "team:identity")
        return self.repo.identity()

    def _me(self) -> TeamIdentity:
        me = self.repo.identity()
        if me is None:
            raise TeamServiceError("Maak eerst je teamkaart aan (naam en rol).")
        return me

    def write_my_card(self, target: Path) -> Path:
        me = self._me()
        target = Path(target)
        write_atomic(target, me.card_bytes())
        self._audit.record(AuditAction.TEAM_CARD_SAVED, "team:card")
        return target

    # --- colleagues -----------------------------------------------------------------------------------------

    @staticmethod
    def read_card(path: Path) -> TeamCard:
        data = _read_bounded(Path(path), MAX_CARD_FILE, CardInvalid.user_message)
        try:
            return parse_card(data)
        except CardInvalid as exc:
            raise _refuse(exc) from None

    def add_colleague(self, card: TeamCard, *, verified: bool) -> Colleague:
        """`verified`: the user compared the fingerprint with the colleague ("ik heb de vingerafdruk
        gecontroleerd"). Without it the colleague is listed but receives no case data."""
        me = self.repo.identity()
        if me is not None and card.fingerprint == me.fingerprint:
            raise TeamServiceError("Dit is je eigen teamkaart.")
        with self._db.transaction():
            existing = self.repo.colleague_by_fingerprint(card.fingerprint)
            if existing is not None:
                if CardUpdate(existing, card).changed:
                    raise TeamServiceError(f"Deze teamkaart staat al bij je collega's (als {existing.display_name}), "
                                           "met een andere naam of rol. Werk de kaart bij in plaats van hem toe te "
                                           "voegen.")
                raise TeamServiceError(f"Deze teamkaart staat al bij je collega's (als {existing.display_name}).")
            colleague_id = self.repo.add_colleague(card, verified=verified)
            self._audit.record(AuditAction.TEAM_COLLEAGUE_ADDED,
                               f"colleague:{colleague_id}" + (",verified" if verified else ""))
        return self.repo.colleague(colleague_id)

    def card_update(self, card: TeamCard) -> "CardUpdate | None":
        """A card whose fingerprint is already in the list: what would change (name, role), else None.

        Identity is the key pair: the fingerprint is computed from the two public keys and the card is signed with
        the signing key, so only the holder of that register can make a card with this fingerprint. A new card
        with the same keys is the same colleague, who changed name or role on it; a card with other keys is
        another colleague (new, unverified), even when the name is the same."""
        existing = self.repo.colleague_by_fingerprint(card.fingerprint)
        return CardUpdate(existing, card) if existing is not None else None

    def same_name_other_key(self, card: TeamCard) -> list[Colleague]:
        """Colleagues listed under the same name as this card but with other keys (another fingerprint): a new
        laptop or register of the same person, or someone else. Either way a new colleague, to be verified."""
        name = card.display_name.casefold()
        return [c for c in self.repo.colleagues()
                if c.fingerprint != card.fingerprint and c.display_name.casefold() == name]

    def update_colleague_card(self, card: TeamCard) -> Colleague:
        """Take the name and role of a new card with the SAME keys (same fingerprint) as a listed colleague. The
        verified state stays: what was compared is the fingerprint, and it did not change. Refused for an unknown
        fingerprint (add it as a new colleague) and when nothing changes. One transaction, one audit entry
        (colleague number and what changed, never the name)."""
        me = self.repo.identity()
        if me is not None and card.fingerprint == me.fingerprint:
            raise TeamServiceError("Dit is je eigen teamkaart.")
        with self._db.transaction():
            update = self.card_update(card)
            if update is None:
                raise TeamServiceError("Deze teamkaart staat niet bij je collega's. Voeg hem toe als nieuwe collega "
                                       "en controleer de vingerafdruk.")
            if not update.changed:
                raise TeamServiceError(f"Deze teamkaart staat al zo bij je collega's (als "
                                       f"{update.colleague.display_name}). Er is niets gewijzigd.")
            self.repo.update_colleague_card(update.colleague.id, card.display_name, card.role)
            flags = ("role",) * update.role_changed + ("name",) * update.name_changed
            self._audit.record(AuditAction.TEAM_COLLEAGUE_CARD_UPDATED,
                               f"colleague:{update.colleague.id}," + ",".join(flags))
        return self.repo.colleague(update.colleague.id)

    def colleagues(self) -> list[Colleague]:
        return self.repo.colleagues()

    def colleague(self, colleague_id: int) -> Colleague:
        found = self.repo.colleague(colleague_id)
        if found is None:
            raise TeamServiceError("Deze collega staat niet (meer) in je lijst.")
        return found

    def verify_colleague(self, colleague_id: int) -> None:
        self.colleague(colleague_id)
        with self._db.transaction():
            self.repo.mark_verified(colleague_id)
            self._audit.record(AuditAction.TEAM_COLLEAGUE_VERIFIED, f"colleague:{colleague_id}")

    def rename_colleague(self, colleague_id: int, display_name: str) -> None:
        self.colleague(colleague_id)
        try:
            name = check_display_name(display_name)
        except CardInvalid as exc:
            raise _refuse(exc) from None
        with self._db.transaction():
            self.repo.rename_colleague(colleague_id, name)
            self._audit.record(AuditAction.TEAM_COLLEAGUE_RENAMED, f"colleague:{colleague_id}")

    def remove_colleague(self, colleague_id: int) -> None:
        self.colleague(colleague_id)
        with self._db.transaction():
            self.repo.remove_colleague(colleague_id)
            self._audit.record(AuditAction.TEAM_COLLEAGUE_REMOVED, f"colleague:{colleague_id}")

    def find_colleague_for_card(self, card: TeamCard) -> Colleague:
        found = self.repo.colleague_by_fingerprint(card.fingerprint)
        if found is None:
            raise TeamServiceError("Deze teamkaart staat niet bij je collega's. Voeg hem eerst toe "
                                   "(ketenregie team add) en controleer de vingerafdruk.")
        return found

    # --- handover: sending ----------------------------------------------------------------------------------

    def make_handover(self, colleague_id: int, *, case_numbers: Iterable[str] = (), all_open: bool = False,
                      mark_now: bool = False) -> tuple[str, bytes, int]:
        """Seal everything of the chosen cases for one verified colleague. Returns (bundle id, bytes, count).
        `mark_now`: mark the cases "Overgedragen" right away instead of when the receipt comes back."""
        return self._send_cases(bundles.BundleKind.HANDOVER, colleague_id, case_numbers=case_numbers,
                                all_open=all_open, mark_now=mark_now)

    def make_cover(self, colleague_id: int, *, case_numbers: Iterable[str], until: date) -> tuple[str, bytes, int]:
        """Vervanging: a copy of the chosen cases for a colleague until `until` (the copy is read-only there,
        journal notes and actions come back in a return bundle, the copy is purged after `until`). The cases
        stay here, unchanged and editable."""
        if until <= self._clock().astimezone().date():
            raise TeamServiceError("De einddatum van de vervanging moet na vandaag liggen.")
        return self._send_cases(bundles.BundleKind.COVER, colleague_id, case_numbers=case_numbers,
                                until=until.isoformat())

    def _send_cases(self, kind: str, colleague_id: int, *, case_numbers: Iterable[str] = (),
                    all_open: bool = False, mark_now: bool = False, until: str | None = None
                    ) -> tuple[str, bytes, int]:
        me = self._me()
        colleague = self.colleague(colleague_id)
        if not colleague.verified:
            raise TeamServiceError(RecipientUnverified.user_message)
        numbers = list(dict.fromkeys(case_numbers))
        if all_open:
            case_ids = self.repo.open_case_ids()
        else:
            found = self.repo.case_ids_for_numbers(numbers)
            missing = [n for n in numbers if n not in found]
            if missing:
                raise TeamServiceError(f"Casus {', '.join(missing)} bestaat niet in dit register.")
            case_ids = [found[n] for n in numbers]
            handed = [n for n in numbers if self.repo.handed_over(found[n]) is not None]
            if handed:
                raise TeamServiceError(f"Casus {', '.join(handed)} is al overgedragen.")
            copies = [n for n in numbers if self.repo.cover_until(found[n]) is not None]
            if copies:
                raise TeamServiceError(f"Casus {', '.join(copies)} is een kopie voor een vervanging; alleen de "
                                       "collega van wie de casus is, kan hem overdragen.")
        if not case_ids:
            raise TeamServiceError("Kies minstens één casus.")
        with self._db.transaction():
            uids = self.repo.case_uids(case_ids)
            payload = {"cases": self._transfer.export(case_ids), "case_uids": {str(k): v for k, v in uids.items()}}
            if until is not None:
                payload["until"] = until
            bundle_id, data = bundles.seal(payload, kind=kind, sender=me, recipient=colleague.card,
                                           app_version=self._version, now=self._clock())
            self.repo.record_handover_sent(bundle_id, colleague.id, case_ids, kind=kind, until=until)
            if mark_now:
                self.repo.mark_handed_over(case_ids, colleague.display_name, self._today())
            if kind == bundles.BundleKind.HANDOVER:
                marked = f",marked={len(case_ids)}" if mark_now else ""
                self._audit.record(AuditAction.TEAM_HANDOVER_SENT,
                                   f"team_handover:cases={len(case_ids)}{marked},id={bundle_id[:16]}")
            else:
                self._audit.record(AuditAction.TEAM_COVER_SENT, f"team_cover:cases={len(case_ids)},id={bundle_id[:16]}")
        return bundle_id, data, len(case_ids)

    def _today(self) -> str:
        return self._clock().astimezone().date().isoformat()

    # --- receiving ------------------------------------------------------------------------------------------

    def open_bundle(self, data: bytes) -> bundles.OpenedBundle:
        """Check a bundle read from outside; refuses with a Dutch message (TeamServiceError)."""
        me = self._me()

        def lookup(fingerprint: str) -> bundles.KnownSender | None:
            colleague = self.repo.colleague_by_fingerprint(fingerprint)
            return bundles.KnownSender(colleague.card.signing_public, colleague.verified) if colleague else None

        try:
            opened = bundles.open_bundle(data, me=me, app_version=self._version, lookup_sender=lookup)
        except TeamError as exc:
            raise _refuse(exc) from None
        if self.repo.was_received(opened.header.bundle_id):  # said before the preview; claim() guards the import
            raise _refuse(BundleReplayed())
        return opened

    @staticmethod
    def require_kind(opened: bundles.OpenedBundle, kind: str) -> None:
        """A bundle of another kind than this import expects is refused (in Dutch), before anything is read."""
        if opened.header.kind != kind:
            raise _refuse(BundleWrongKind())

    @staticmethod
    def parsed_payload(opened: bundles.OpenedBundle, kind: str, parse):
        """The payload of a bundle of this kind, checked by its strict parser; any other kind or shape is refused
        (in Dutch) before anything is read into the register."""
        TeamService.require_kind(opened, kind)
        try:
            return parse(opened.payload)
        except TeamError as exc:
            raise _refuse(exc) from None

    def claim(self, header: bundles.BundleHeader) -> None:
        """Inside the import's transaction: refuse a bundle that was read before (replay), else remember its id, so
        the import and the replay guard commit (or roll back) together."""
        if self.repo.was_received(header.bundle_id):
            raise _refuse(BundleReplayed())
        self.repo.record_received(header.bundle_id, header.sender, header.kind)

    def read_bundle(self, path: Path) -> bundles.OpenedBundle:
        return self.open_bundle(_read_bounded(Path(path), bundles.MAX_BUNDLE_BYTES,
                                              bundles.BundleInvalid.user_message))

    def preview_handover(self, opened: bundles.OpenedBundle) -> HandoverPreview:
        if opened.header.kind not in (bundles.BundleKind.HANDOVER, bundles.BundleKind.COVER):
            raise _refuse(BundleWrongKind())
        cases, uids = self._handover_payload(opened)
        sender = self.repo.colleague_by_fingerprint(opened.header.sender)
        preview = HandoverPreview(opened, sender.display_name if sender else "")
        households = cases["tables"]["households"]
        names = {}
        if {"case_id", "name"} <= set(households["columns"]):
            at_case, at_name = households["columns"].index("case_id"), households["columns"].index("name")
            names = {r[at_case]: r[at_name] for r in households["rows"] if isinstance(r[at_name], str)}
        data = cases["tables"]["cases"]
        cols = data["columns"]
        for row in data["rows"]:
            record = dict(zip(cols, row))
            uid = uids.get(str(record["id"]))
            local = self.repo.case_by_uid(uid) if isinstance(uid, str) else None
            diff = self._transfer.diff(local[0], cases, record["id"]) if local else None
            preview.cases.append(IncomingCase(record["id"], uid, str(record["case_number"]),
                                              local[1] if local else None, diff, names.get(record["id"], "")))
        preview.rows = {t: len(d["rows"]) for t, d in cases["tables"].items()}
        return preview

    def _handover_payload(self, opened: bundles.OpenedBundle) -> tuple[dict, dict]:
        cases, uids = opened.payload.get("cases"), opened.payload.get("case_uids")
        if not isinstance(cases, dict) or not isinstance(uids, dict):
            raise _refuse(bundles.BundleInvalid())
        try:
            self._transfer.check_shape(cases)
        except TransferRefused as exc:
            raise self._transfer_error(exc) from None
        return cases, uids

    @staticmethod
    def _transfer_error(exc: TransferRefused) -> TeamServiceError:
        if str(exc) == "newer schema":
            return _refuse(BundleTooNew())
        if str(exc) == "undecided":
            return TeamServiceError("Kies per casus die al in je register staat of je hem vervangt of houdt.")
        return _refuse(bundles.BundleInvalid())

    def receive_handover(self, opened: bundles.OpenedBundle, decisions: dict[str, str] | None = None
                         ) -> ImportResult:
        """Add the cases in ONE transaction (with the bundle id, so it cannot be read twice, and one audit
        entry with counts). `decisions`: travelling case id -> "replace" | "keep" for cases that exist here."""
        self.require_kind(opened, bundles.BundleKind.HANDOVER)
        cases, uids = self._handover_payload(opened)
        header = opened.header
        try:
            with self._db.transaction() as conn:
                self.claim(header)
                result = self._transfer.import_cases(conn, cases, uids, decisions or {})
                self._audit.record(
                    AuditAction.TEAM_HANDOVER_RECEIVED,
                    f"team_received:cases={len(result.added) + len(result.replaced)},kept={len(result.kept)},"
                    f"id={header.bundle_id[:16]}")
        except TransferRefused as exc:
            raise self._transfer_error(exc) from None
        return result

    def receive_cover(self, opened: bundles.OpenedBundle) -> ImportResult:
        """Add a colleague's cases as cover copies until the end date; a case already here is left as it is."""
        self.require_kind(opened, bundles.BundleKind.COVER)
        cases, uids = self._handover_payload(opened)
        until = opened.payload.get("until")
        try:
            date.fromisoformat(until)
        except (TypeError, ValueError):
            raise _refuse(bundles.BundleInvalid()) from None
        header = opened.header
        try:
            with self._db.transaction() as conn:
                self.claim(header)
                decisions = {uid: "keep" for uid in uids.values() if isinstance(uid, str)}
                result = self._transfer.import_cases(conn, cases, uids, decisions)
                self.repo.add_cover_copies(self.repo.case_ids_for_numbers(result.added).values(), header.bundle_id,
                                           header.sender, until)
                self._audit.record(AuditAction.TEAM_COVER_RECEIVED, f"team_cover_received:cases={len(result.added)},"
                                                       f"id={header.bundle_id[:16]}")
        except TransferRefused as exc:
            raise self._transfer_error(exc) from None
        return result

    def cover_until(self, case_number: str) -> str | None:
        """The end date (ISO) of the cover when this case is a colleague's cover copy, else None."""
        found = self.repo.case_ids_for_numbers([case_number])
        return self.repo.cover_until(found[case_number]) if case_number in found else None

    def make_cover_return(self, cover_bundle_id: str) -> tuple[str, bytes, int]:
        """Journal notes and actions added to the cover copies during the cover, sealed for the colleague whose
        cases they are. Returns (bundle id, bytes, number of cases with additions).

        Every row carries a travelling row id (from the cover bundle, the case and the row here), and the bundle
        always holds everything added during the cover: so it can be made again at any time — a lost bundle is
        replaced by a new one (new bundle id, the same rows plus what was added since) — and the colleague's
        register takes each row once, whichever of the bundles it reads, in whichever order."""
        me = self._me()
        held = {b[0]: b for b in self.repo.cover_bundles()}
        if cover_bundle_id not in held:
            raise TeamServiceError("Er is hier geen vervanging met deze bundel.")
        owner = self.repo.colleague_by_fingerprint(held[cover_bundle_id][1])
        if owner is None or not owner.verified:
            raise TeamServiceError(RecipientUnverified.user_message)
        with self._db.transaction():
            additions = self.repo.cover_additions(cover_bundle_id)
            cases, notes, actions = {}, 0, 0
            for uid, data in additions.items():
                cases[uid] = {
                    "journal": [[return_row_id(cover_bundle_id, uid, "j", row[0]), *row[1:]]
                                for row in data["journal"]],
                    "actions": [[return_row_id(cover_bundle_id, uid, "a", row[0]), *row[1:]]
                                for row in data["actions"]]}
                notes, actions = notes + len(data["journal"]), actions + len(data["actions"])
            payload = {"cover_bundle_id": cover_bundle_id, "cases": cases}
            bundle_id, data = bundles.seal(payload, kind=bundles.BundleKind.COVER_RETURN, sender=me,
                                           recipient=owner.card, app_version=self._version, now=self._clock())
            self._audit.record(AuditAction.TEAM_COVER_RETURN_SENT,
                               f"team_cover_return:cases={len(cases)},notes={notes},actions={actions},"
                               f"id={bundle_id[:16]}")
        return bundle_id, data, len(cases)

    def receive_cover_return(self, opened: bundles.OpenedBundle) -> "ReturnResult":
        """Put the notes and actions from a cover's return bundle into the original cases, in one transaction.
        A row already taken from an earlier return bundle of the same cover (same travelling row id) is skipped:
        never matched by its text."""
        self.require_kind(opened, bundles.BundleKind.COVER_RETURN)
        cover_id, cases = opened.payload.get("cover_bundle_id"), opened.payload.get("cases")
        sent = self.repo.handover_sent(cover_id, kind=bundles.BundleKind.COVER) if isinstance(cover_id, str) \
            else None
        colleague = self.repo.colleague_by_fingerprint(opened.header.sender)
        if sent is None or colleague is None or sent[0] != colleague.id or not isinstance(cases, dict):
            raise TeamServiceError("Deze bundel hoort niet bij een vervanging uit dit register.")
        covered = set(sent[1])
        notes = actions = already = 0
        try:
            with self._db.transaction():
                self.claim(opened.header)
                for uid, data in cases.items():
                    local = self.repo.case_by_uid(uid)
                    if local is None or local[0] not in covered or not isinstance(data, dict):
                        raise _refuse(bundles.BundleInvalid())
                    journal, acts = _returned_rows(data.get("journal"), 3), _returned_rows(data.get("actions"), 7)
                    if journal is None or acts is None:
                        raise _refuse(bundles.BundleInvalid())
                    seen = self.repo.received_rows(r for r, _row in journal + acts if r is not None)
                    fresh: list[str] = []
                    new_journal, new_acts = _unseen(journal, seen, fresh), _unseen(acts, seen, fresh)
                    self.repo.record_received_rows(fresh, opened.header.sender)
                    if new_journal or new_acts:
                        self.repo.add_returned(local[0], new_journal, new_acts)
                    notes, actions = notes + len(new_journal), actions + len(new_acts)
                    already += len(journal) + len(acts) - len(new_journal) - len(new_acts)
                self._audit.record(AuditAction.TEAM_COVER_RETURN_RECEIVED,
                                   f"team_cover_return:cases={len(cases)},notes={notes},actions={actions},"
                                   f"already={already}")
        except ValueError as exc:
            if isinstance(exc, TeamError):
                raise
            raise _refuse(bundles.BundleInvalid()) from None
        return ReturnResult(notes, actions, already)

    def purge_expired_covers(self, today: date | None = None) -> int:
        """Delete cover copies whose end date has passed (part of the purge); the audit holds the count only."""
        day = (today or self._clock().astimezone().date()).isoformat()
        with self._db.transaction():
            expired = self.repo.expired_cover_cases(day)
            if not expired:
                return 0
            count = self.repo.delete_cases(expired)
            self._audit.record(AuditAction.PURGE, f"team_cover:cases={count}")
        return count

    def make_receipt(self, opened: bundles.OpenedBundle) -> tuple[str, bytes]:
        """A receipt for a handover this register received, sealed to its sender."""
        _cases, uids = self._handover_payload(opened)
        return self._seal_receipt(opened.header.bundle_id, opened.header.sender, len(uids))

    def received_handovers(self) -> list[tuple[str, str, str]]:
        """(bundle id, sender's name, received at) of the handovers read here, newest first: a receipt for one of
        them can be made again (`make_receipt_again`)."""
        names = {c.fingerprint: c.display_name for c in self.repo.colleagues()}
        return [(bundle_id, names.get(sender, "?"), at) for bundle_id, sender, at
                in self.repo.received_bundles(bundles.BundleKind.HANDOVER)]

    def make_receipt_again(self, handover_bundle_id: str) -> tuple[str, bytes]:
        """A new receipt (new bundle id) for a handover read here earlier, e.g. when the first one got lost. The
        sender's register takes it as well as, or instead of, the first one."""
        found = {b[0]: b for b in self.repo.received_bundles(bundles.BundleKind.HANDOVER)}
        if handover_bundle_id not in found:
            raise TeamServiceError("Er is hier geen overdracht met dit bundelnummer ingelezen.")
        return self._seal_receipt(handover_bundle_id, found[handover_bundle_id][1], None, again=True)

    def _seal_receipt(self, handover_bundle_id: str, sender_fingerprint: str, case_count: int | None, *,
                      again: bool = False) -> tuple[str, bytes]:
        me = self._me()
        sender = self.repo.colleague_by_fingerprint(sender_fingerprint)
        if sender is None or not sender.verified:
            raise TeamServiceError(RecipientUnverified.user_message)
        payload = {"handover_bundle_id": handover_bundle_id, "case_count": case_count}
        with self._db.transaction():
            bundle_id, data = bundles.seal(payload, kind=bundles.BundleKind.RECEIPT, sender=me,
                                           recipient=sender.card, app_version=self._version, now=self._clock())
            self._audit.record(AuditAction.TEAM_RECEIPT_SENT,
                               f"team_receipt:{'again,' if again else ''}id={bundle_id[:16]}")
        return bundle_id, data

    def receive_receipt(self, opened: bundles.OpenedBundle) -> int:
        """Mark the handed-over cases "Overgedragen aan ... op ..." (read-only); returns how many were marked now
        (0 for a second receipt of the same handover: the first day of the handover stays)."""
        self.require_kind(opened, bundles.BundleKind.RECEIPT)
        handover_id = opened.payload.get("handover_bundle_id")
        sent = self.repo.handover_sent(handover_id) if isinstance(handover_id, str) else None
        colleague = self.repo.colleague_by_fingerprint(opened.header.sender)
        if sent is None or colleague is None or sent[0] != colleague.id:
            raise TeamServiceError("Deze ontvangstbevestiging hoort niet bij een overdracht uit dit register.")
        _colleague_id, case_ids, receipt_at = sent
        with self._db.transaction():
            self.claim(opened.header)
            marked = 0
            if receipt_at is None:
                self.repo.record_receipt(handover_id)
                marked = self.repo.mark_handed_over(case_ids, colleague.display_name, self._today())
            self._audit.record(AuditAction.TEAM_RECEIPT_RECEIVED,
                               f"team_receipt:cases={len(case_ids)},marked={marked},id={handover_id[:16]}")
        return marked

    def pending_handovers(self) -> list[tuple[str, str, str, int]]:
        """(bundle id, colleague's name, made at, number of cases) of handovers sent without a receipt yet and
        with cases not marked handed over: they can be marked by hand (`mark_handed_over`)."""
        return self.repo.pending_handovers()

    def mark_handed_over(self, handover_bundle_id: str) -> int:
        """Mark the cases of a sent handover "Overgedragen" without a receipt (the user knows the colleague has
        them, e.g. the receipt got lost). Returns how many cases were marked now."""
        sent = self.repo.handover_sent(handover_bundle_id)
        if sent is None:
            raise TeamServiceError("Er is uit dit register geen overdracht met dit bundelnummer gemaakt.")
        colleague = self.repo.colleague(sent[0]) if sent[0] is not None else None
        name = colleague.display_name if colleague else "een collega"
        with self._db.transaction():
            marked = self.repo.mark_handed_over(sent[1], name, self._today())
            self._audit.record(AuditAction.TEAM_MARKED_HANDED_OVER,
                               f"team_handover:cases={len(sent[1])},marked={marked},id={handover_bundle_id[:16]}")
        return marked

    def case_states(self) -> dict[int, tuple[str, str]]:
        """Per case id that is not simply this register's own: ("handed_over", "Overgedragen aan … op …") or
        ("cover", "Vervanging tot en met …"). For the caseload's status text (two small queries)."""
        states: dict[int, tuple[str, str]] = {}
        for case_id, until in self.repo.cover_until_all().items():
            states[case_id] = ("cover", f"Vervanging tot en met {_dmy(until)}")
        for case_id, mark in self.repo.handed_over_all().items():
            states[case_id] = ("handed_over", f"Overgedragen aan {mark.colleague_name} op {_dmy(mark.handed_over_on)}")
        return states

    def case_names(self, case_numbers: Iterable[str]) -> dict[str, str]:
        """case number -> household name of these cases (for the handover dialog's list; shown through the
        privacy mode)."""
        return self.repo.case_names(case_numbers)

    def handed_over_text(self, case_number: str) -> str | None:
        """"Overgedragen aan … op …" for a handed-over case, else None."""
        found = self.repo.case_ids_for_numbers([case_number])
        if case_number not in found:
            return None
        mark = self.repo.handed_over(found[case_number])
        if mark is None:
            return None
        day = date.fromisoformat(mark.handed_over_on)
        return f"Overgedragen aan {mark.colleague_name} op {day.day}-{day.month}-{day.year}"


def _dmy(iso: str) -> str:
    day = date.fromisoformat(iso)
    return f"{day.day}-{day.month}-{day.year}"


def return_row_id(cover_bundle_id: str, case_uid: str, kind: str, local_id: int) -> str:
    """The travelling id of one journal note ("j") or action ("a") in a cover's return bundle: the same for every
    return bundle of that cover, opaque (a hash; it tells nothing about the row)."""
    text = f"ketenregie vervanging-terug|{cover_bundle_id}|{case_uid}|{kind}|{local_id}"
    return hashlib.sha256(text.encode()).hexdigest()[:32]


def _returned_rows(rows, width: int) -> list[tuple[str | None, list]] | None:
    """[(travelling row id or None, row)] of a return bundle's rows: `width` values, or a travelling id plus
    `width` values; None when the rows are malformed."""
    if not isinstance(rows, list):
        return None
    out = []
    for r in rows:
        if not isinstance(r, list) or not all(v is None or isinstance(v, (str, int)) for v in r):
            return None
        if len(r) == width + 1 and isinstance(r[0], str) and len(r[0]) == 32:
            out.append((r[0], r[1:]))
        elif len(r) == width:  # a bundle from before travelling row ids: taken as it is
            out.append((None, r))
        else:
            return None
    return out


def _unseen(rows: list[tuple[str | None, list]], seen: set[str], fresh: list[str]) -> list[list]:
    """The rows whose travelling id was not taken before (nor earlier in this bundle); their ids go to `fresh`."""
    out = []
    for row_id, row in rows:
        if row_id is not None:
            if row_id in seen:
                continue
            seen.add(row_id)
            fresh.append(row_id)
        out.append(row)
    return out


class ReturnResult(NamedTuple):
    notes: int      # journal notes added
    actions: int    # actions added
    already: int    # rows skipped: taken from an earlier return bundle of the same cover


def _read_bounded(path: Path, limit: int, message: str) -> bytes:
    """A file from outside: a regular file, at most `limit` bytes."""
    try:
        info = os.stat(path)
        if not stat.S_ISREG(info.st_mode) or info.st_size > limit:
            raise TeamServiceError(message)
        with open(path, "rb") as handle:
            data = handle.read(limit + 1)
    except OSError as exc:
        raise TeamServiceError(f"Het bestand kan niet worden gelezen ({exc.strerror}).") from None
    if len(data) > limit:
        raise TeamServiceError(message)
    return data


def bundle_file_name(kind: str, bundle_id: str) -> str:
    """A file name without personal data: the kind and the start of the random bundle id."""
    return f"{kind}-{bundle_id[:8]}{BUNDLE_SUFFIX}"
