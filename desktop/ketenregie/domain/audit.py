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
