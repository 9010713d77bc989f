"""The partner directory with its letter details (address, contact person, channel, type), on top of the
`partners` table of 0002 (extended by 0003_referrals.sql).

Editing: one transaction and one audit entry per save (object reference "partner:<id>"). When IT policy names a
directory file (PartnerDirectoryFile) `sync_from_policy_file` makes the table follow the file — rows are matched by
code, partners missing from the file become inactive (they may still be referred to by old cases), and every row
is marked not editable; `save` then refuses. Partners are organisations: no resident data lives here.
"""
from __future__ import annotations

from collections.abc import Callable
from datetime import date

from ketenregie.domain.audit import AuditAction
from ketenregie.domain.cases import PartnerType
from ketenregie.domain.partner_directory import Channel, DirectoryEntry, address_lines, validate_entry
from ketenregie.domain.referral_partners import SIGNAL_RETYPE_REFUSED, TypeChange, is_signal_partner
from ketenregie.store.audit_log import AuditLog, current_actor
from ketenregie.store.database import Database
from ketenregie.store.errors import StoreError

_COLUMNS = "id, code, name, type, active, address, contact_person, phone, email, channel, channel_detail, editable"


class PartnerNotFound(StoreError):
    user_message = "Deze partner staat niet (meer) in de partnerlijst."


class DirectoryReadOnly(StoreError):
    user_message = ("De partnerlijst wordt beheerd door IT (beleid PartnerDirectoryFile) en kan hier niet worden "
                    "gewijzigd. Vraag IT om een wijziging.")


class TypeChangeNeedsConfirmation(StoreError):
    """The type change widens what this partner may receive: ask, then save again with confirmed=True."""

    def __init__(self, change: TypeChange) -> None:
        self.change = change
        self.user_message = change.question_nl
        super().__init__(self.user_message)


class DirectoryEntryInvalid(StoreError):
    def __init__(self, problems: list[str]) -> None:
        self.problems = problems
        self.user_message = " ".join(problems)
        super().__init__(self.user_message)


def _entry(row: tuple) -> DirectoryEntry:
    (pid, code, name, kind, active, address, contact, phone, email, channel, detail, editable) = row
    try:
        channel_value = Channel(channel)
    except ValueError:
        channel_value = Channel.SECURE_EMAIL
    return DirectoryEntry(code=code, name=name, type=PartnerType.from_code(kind), address_lines=address_lines(address),
                          contact_person=contact, phone=phone, email=email, channel=channel_value,
                          channel_detail=detail, active=bool(active), id=pid, editable=bool(editable))


def _values(entry: DirectoryEntry) -> tuple:
    return (entry.name.strip(), entry.type.value, int(entry.active), "\n".join(entry.address_lines),
            entry.contact_person.strip(), entry.phone.strip(), entry.email.strip(), entry.channel.value,
            entry.channel_detail.strip())


class PartnerDirectoryRepository:
    def __init__(self, db: Database, audit: AuditLog) -> None:
        self._db = db
        self._audit = audit

    def list_entries(self, *, include_inactive: bool = True) -> list[DirectoryEntry]:
        rows = self._db.query_all(f"SELECT {_COLUMNS} FROM partners"
                                  + ("" if include_inactive else " WHERE active = 1"))
        return sorted((_entry(r) for r in rows), key=lambda e: e.name.casefold())

    def get(self, partner_id: int) -> DirectoryEntry:
        row = self._db.query_one(f"SELECT {_COLUMNS} FROM partners WHERE id = ?", (partner_id,))
        if row is None:
            raise PartnerNotFound()
        return _entry(row)

    def is_read_only(self) -> bool:
        """True when the directory follows an IT policy file (any row not editable)."""
        return self._db.query_one("SELECT 1 FROM partners WHERE editable = 0 LIMIT 1") is not None

    def save(self, entry: DirectoryEntry, *, type_rule: Callable[[PartnerType, PartnerType], TypeChange] | None = None,
             confirmed: bool = False, today: date | None = None) -> int:
        """Insert (entry.id None) or update one partner; returns its id. Raises DirectoryEntryInvalid (Dutch
        problems), DirectoryReadOnly or TypeChangeNeedsConfirmation.

        A type change is judged by `type_rule` (domain/referral_partners.py; without one, every change counts as
        widening): a signal partner is never retyped into a letter-receiving type; a widening change needs
        `confirmed` and then withdraws, in the same transaction, every basis still active for this partner —
        one audit entry "partner:<id>,type=<old>-<new>"."""
        if self.is_read_only():
            raise DirectoryReadOnly()
        voided_on = today or date.today()
        with self._db.transaction() as conn:
            others = [c for (c,) in conn.execute("SELECT code FROM partners WHERE id IS NOT ?", (entry.id,))]
            problems = validate_entry(entry, others)
            if problems:
                raise DirectoryEntryInvalid(problems)
            change = None
            if entry.id is not None:
                row = conn.execute("SELECT type FROM partners WHERE id = ?", (entry.id,)).fetchone()
                old_type = PartnerType.from_code(row[0]) if row else entry.type
                if old_type != entry.type:
                    rule = type_rule or (lambda old, new: TypeChange(old, new, SIGNAL_RETYPE_REFUSED
                                                                      if is_signal_partner(old)
                                                                      and not is_signal_partner(new) else None,
                                                                      True))
                    change = rule(old_type, entry.type)
                    if change.refused:
                        raise DirectoryEntryInvalid([change.refused])
                    if change.widens and not confirmed:
                        raise TypeChangeNeedsConfirmation(change)
            if entry.id is None:
                partner_id = conn.execute(
                    "INSERT INTO partners (code, name, type, active, address, contact_person, phone, email, "
                    "channel, channel_detail, editable) VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, 1)",
                    (entry.code, *_values(entry))).lastrowid
                action = AuditAction.CREATE
            else:
                changed = conn.execute(
                    "UPDATE partners SET code = ?, name = ?, type = ?, active = ?, address = ?, contact_person = ?, "
                    "phone = ?, email = ?, channel = ?, channel_detail = ? WHERE id = ? AND editable = 1",
                    (entry.code, *_values(entry), entry.id)).rowcount
                if not changed:
                    raise PartnerNotFound()
                partner_id, action = entry.id, AuditAction.UPDATE
            reference = f"partner:{partner_id}"
            if change is not None:
                reference += f",{change.audit_suffix}"
                if change.widens:
                    conn.execute(
                        "UPDATE sharing_bases SET withdrawn_on = ?, withdrawal_recorded_by = ? WHERE partner_id = ? "
                        "AND given_on <= ? AND (withdrawn_on IS NULL OR withdrawn_on > ?)",
                        (voided_on.isoformat(), current_actor(), partner_id, voided_on.isoformat(),
                         voided_on.isoformat()))
            self._audit.record(action, reference)
        return partner_id

    def sync_from_policy_file(self, entries: list[DirectoryEntry]) -> bool:
        """Make the table follow IT's directory file. Returns True when anything changed (then one audit entry,
        "directory:policy"); calling it again with the same file changes nothing and records nothing."""
        wanted = {e.code: e for e in entries}
        with self._db.transaction() as conn:
            current = {r[1]: r for r in conn.execute(f"SELECT {_COLUMNS} FROM partners")}
            changed = False
            for code, entry in wanted.items():
                values = _values(entry)
                row = current.get(code)
                if row is None:
                    conn.execute(
                        "INSERT INTO partners (code, name, type, active, address, contact_person, phone, email, "
                        "channel, channel_detail, editable) VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, 0)",
                        (code, *values))
                    changed = True
                elif tuple(row[2:11]) != values or row[11] != 0:
                    if row[3] != entry.type.value:  # retyped by IT: bases recorded under the old type go
                        day = date.today().isoformat()
                        conn.execute(
                            "UPDATE sharing_bases SET withdrawn_on = ?, withdrawal_recorded_by = ? WHERE partner_id "
                            "= ? AND given_on <= ? AND (withdrawn_on IS NULL OR withdrawn_on > ?)",
                            (day, current_actor(), row[0], day, day))
                    conn.execute(
                        "UPDATE partners SET name = ?, type = ?, active = ?, address = ?, contact_person = ?, "
                        "phone = ?, email = ?, channel = ?, channel_detail = ?, editable = 0 WHERE code = ?",
                        (*values, code))
                    changed = True
            for code, row in current.items():
                if code not in wanted and (row[4] != 0 or row[11] != 0):
                    conn.execute("UPDATE partners SET active = 0, editable = 0 WHERE code = ?", (code,))
                    changed = True
            if changed:
                self._audit.record(AuditAction.UPDATE, "directory:policy")
        return changed

    def release_from_policy(self) -> bool:
        """The policy no longer names a file: the user maintains the directory again."""
        with self._db.transaction() as conn:
            changed = conn.execute("UPDATE partners SET editable = 1 WHERE editable = 0").rowcount > 0
            if changed:
                self._audit.record(AuditAction.UPDATE, "directory:user")
        return changed
