"""A letter draft: what the coordinator typed in the composer for one case (issue 11, item 7).

Drafts belong to a case and live in the register (store/letter_draft_repository.py), so switching to another case
never carries text over: the composer asks whether to keep the typed text as this case's draft, then shows the
next case's own draft (or nothing). The BSN typed for a letter is not part of a draft: it is never stored.

Pure domain: no Qt, no database.
"""
from __future__ import annotations

from dataclasses import dataclass
from datetime import date


@dataclass(frozen=True, slots=True)
class LetterDraft:
    partner_id: int | None = None
    arrears: str = ""
    steps_taken: str = ""
    agreements: str = ""
    attachments: str = ""
    check_back_date: date | None = None

    def __repr__(self) -> str:  # typed text stays out of logs and tracebacks
        return f"LetterDraft(partner={self.partner_id}, empty={self.is_empty})"

    @property
    def is_empty(self) -> bool:
        return not any(t.strip() for t in self.texts) and self.check_back_date is None

    @property
    def texts(self) -> tuple[str, str, str, str]:
        return (self.arrears, self.steps_taken, self.agreements, self.attachments)

    def same_text(self, other: "LetterDraft | None") -> bool:
        """Does `other` hold the same typed content (the recipient is a choice, not text)?"""
        other = other or LetterDraft()
        return (tuple(t.strip() for t in self.texts) == tuple(t.strip() for t in other.texts)
                and self.check_back_date == other.check_back_date)
