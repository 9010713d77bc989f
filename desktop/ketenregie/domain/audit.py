"""What the audit log may record: fixed actions and object references, never content."""
from __future__ import annotations

import re
from dataclasses import dataclass
from datetime import datetime
from enum import StrEnum


class AuditAction(StrEnum):
    REGISTER_CREATED = "register.created"
    UNLOCKED = "register.unlocked"
    UNLOCK_FAILED = "register.unlock_failed"
    LOCKED = "register.locked"
    PASSPHRASE_CHANGED = "register.passphrase_changed"
    RECOVERY_USED = "register.recovery_used"
    MIGRATED = "register.migrated"
    BACKUP = "register.backup"
    RESTORED = "register.restored"
    ATTEMPTS_RECORD_TAMPERED = "register.attempts_record_tampered"
    # Generic events later features use, with an object reference such as "case:2026-0042".
    VIEW = "view"
    CREATE = "create"
    UPDATE = "update"
    DELETE = "delete"
    EXPORT = "export"
    PRINT = "print"
    PURGE = "purge"
    # The resident's rights (issue 11): erasure on request (AVG art. 17) and rectification (art. 16).
    ERASE = "erase"
    CORRECT = "correct"
    # Team work between registers (issue 14): each team action has its own entry; references hold counts,
    # colleague numbers and the start of a bundle id only.
    TEAM_CARD_MADE = "team.card_made"
    TEAM_CARD_CHANGED = "team.card_changed"
    TEAM_CARD_SAVED = "team.card_saved"
    TEAM_COLLEAGUE_ADDED = "team.colleague_added"
    TEAM_COLLEAGUE_VERIFIED = "team.colleague_verified"
    TEAM_COLLEAGUE_RENAMED = "team.colleague_renamed"
    TEAM_COLLEAGUE_REMOVED = "team.colleague_removed"
    TEAM_HANDOVER_SENT = "team.handover_sent"
    TEAM_HANDOVER_RECEIVED = "team.handover_received"
    TEAM_RECEIPT_SENT = "team.receipt_sent"
    TEAM_RECEIPT_RECEIVED = "team.receipt_received"
    TEAM_COVER_SENT = "team.cover_sent"
    TEAM_COVER_RECEIVED = "team.cover_received"
    TEAM_COVER_RETURN_SENT = "team.cover_return_sent"
    TEAM_COVER_RETURN_RECEIVED = "team.cover_return_received"
    TEAM_MARKED_HANDED_OVER = "team.marked_handed_over"
    TEAM_COLLEAGUE_CARD_UPDATED = "team.colleague_card_updated"  # a new card, same keys: name and/or role


ACTION_LABELS_NL = {
    AuditAction.REGISTER_CREATED: "Register aangemaakt",
    AuditAction.UNLOCKED: "Ontgrendeld",
    AuditAction.UNLOCK_FAILED: "Ontgrendelen mislukt",
    AuditAction.LOCKED: "Vergrendeld",
    AuditAction.PASSPHRASE_CHANGED: "Wachtwoordzin gewijzigd",
    AuditAction.RECOVERY_USED: "Herstelcode gebruikt",
    AuditAction.MIGRATED: "Register bijgewerkt",
    AuditAction.BACKUP: "Back-up gemaakt",
    AuditAction.RESTORED: "Back-up teruggezet",
    AuditAction.ATTEMPTS_RECORD_TAMPERED: "Teller van mislukte pogingen gewijzigd of verwijderd",
    AuditAction.VIEW: "Bekeken",
    AuditAction.CREATE: "Aangemaakt",
    AuditAction.UPDATE: "Gewijzigd",
    AuditAction.DELETE: "Verwijderd",
    AuditAction.EXPORT: "Geëxporteerd",
    AuditAction.PRINT: "Afgedrukt",
    AuditAction.PURGE: "Opgeschoond",
    AuditAction.ERASE: "Verwijderd op verzoek (AVG art. 17)",
    AuditAction.CORRECT: "Gecorrigeerd op verzoek (AVG art. 16)",
    AuditAction.TEAM_CARD_MADE: "Teamkaart gemaakt",
    AuditAction.TEAM_CARD_CHANGED: "Teamkaart gewijzigd (naam of rol)",
    AuditAction.TEAM_CARD_SAVED: "Teamkaart opgeslagen",
    AuditAction.TEAM_COLLEAGUE_ADDED: "Collega toegevoegd",
    AuditAction.TEAM_COLLEAGUE_VERIFIED: "Vingerafdruk collega gecontroleerd",
    AuditAction.TEAM_COLLEAGUE_RENAMED: "Collega anders genoemd",
    AuditAction.TEAM_COLLEAGUE_REMOVED: "Collega verwijderd",
    AuditAction.TEAM_HANDOVER_SENT: "Overdracht gemaakt",
    AuditAction.TEAM_HANDOVER_RECEIVED: "Overdracht ingelezen",
    AuditAction.TEAM_RECEIPT_SENT: "Ontvangstbevestiging gemaakt",
    AuditAction.TEAM_RECEIPT_RECEIVED: "Ontvangstbevestiging ingelezen",
    AuditAction.TEAM_COVER_SENT: "Vervanging gemaakt",
    AuditAction.TEAM_COVER_RECEIVED: "Vervanging ingelezen",
    AuditAction.TEAM_COVER_RETURN_SENT: "Terugbundel vervanging gemaakt",
    AuditAction.TEAM_COVER_RETURN_RECEIVED: "Terugbundel vervanging ingelezen",
    AuditAction.TEAM_MARKED_HANDED_OVER: "Casussen als overgedragen gemarkeerd",
    AuditAction.TEAM_COLLEAGUE_CARD_UPDATED: "Teamkaart collega bijgewerkt (naam of rol)",
}

# A reference is a kind and an identifier ("case:2026-0042", "reason:idle", "schema:1-2"), or empty.
# The pattern admits no spaces, so a name or a sentence cannot slip into the log as a reference.
_OBJECT_REF = re.compile(r"^([a-z_]+:[A-Za-z0-9._=,-]{1,64})?$")
_RESULTS = {"ok", "failed", "refused"}


class AuditRefusal(ValueError):
    pass


def check_entry(action: str, object_ref: str, result: str) -> AuditAction:
    try:
        checked = AuditAction(action)
    except ValueError:
        raise AuditRefusal(f"unknown audit action {action!r}") from None
    if not _OBJECT_REF.match(object_ref):
        raise AuditRefusal("an audit object reference must look like 'kind:identifier'")
    if result not in _RESULTS:
        raise AuditRefusal(f"unknown audit result {result!r}")
    return checked


def action_label(action: str) -> str:
    try:
        return ACTION_LABELS_NL[AuditAction(action)]
    except ValueError:
        return action


@dataclass(frozen=True)
class AuditEntry:
    id: int
    timestamp: datetime
    actor: str
    action: str
    object_ref: str
    result: str
    origin: str

    @property
    def action_label(self) -> str:
        return action_label(self.action)


@dataclass(frozen=True)
class AuditVerification:
    ok: bool
    checked: int
    first_broken_id: int | None
    message: str  # Dutch
