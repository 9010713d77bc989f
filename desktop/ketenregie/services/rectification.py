"""Rectification (AVG art. 16) for the UI and the CLI: correct a journal entry's or an action's text. The wrong
text is not kept; who corrected it and when is (store/rectification_repository.py). Imports no Qt."""
from __future__ import annotations

from collections.abc import Callable
from datetime import date

from ketenregie.domain.case_validation import Issue
from ketenregie.store.rectification_repository import Correction, RectificationRepository


class RectificationService:
    def __init__(self, register, *, clock: Callable[[], date] = date.today) -> None:
        self._repo = RectificationRepository(register.db, register.audit, clock=clock)

    def correct_journal_entry(self, case_number: str, entry_id: int, text: str) -> tuple[Issue, ...]:
        return self._repo.correct_journal_entry(case_number, entry_id, text)

    def correct_action(self, case_number: str, action_id: int, description: str) -> tuple[Issue, ...]:
        return self._repo.correct_action(case_number, action_id, description)

    def corrections(self, case_number: str) -> list[Correction]:
        return self._repo.corrections(case_number)
