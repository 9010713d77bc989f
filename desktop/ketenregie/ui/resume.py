"""Where was I (issue 15, item 6): after an unlock the user comes back where they were, with nothing they typed lost.

On the lock path — as a lock-manager keeper, so before any dialog closes and while the register is still open —
this object:
1. notes where the user was, in memory only and as ids only: per live view its `resume_state()` (the selected case
   number, the selected meeting id, meeting mode's agenda item, the open conversation and its step) and per open
   form its `form_ref()` (which view, which case or meeting);
2. collects `form_draft()` of every open form with unsaved input (ui/form_drafts.py) and keeps them in the register
   in one short transaction that does not wait for a busy connection — the same transaction removes drafts that
   were put back after the previous unlock and left untouched (a draft is offered back once; domain/form_drafts.py).
   If that fails the lock still happens; the failure is logged by its kind, never its content.

After the unlock (the main window has rebuilt and shown the current view first), each view gets its state back
when it is created (`restore_state`), each form that was open is reopened through its view (`reopen_form`), and a
kept draft is put back into it with a visible notice. A draft kept at an earlier lock or at closing the app that
no form claims is offered back the same way. Before that, drafts older than 24 hours are destroyed. Nothing here
ever holds or writes personal text outside the register.
"""
from __future__ import annotations

import logging
from typing import Any

from PySide6.QtCore import QObject, Slot
from PySide6.QtWidgets import QApplication, QWidget

from ketenregie.domain.form_drafts import DraftKind, FormDraft

log = logging.getLogger(__name__)

# Which view reopens the form of a draft kind.
VIEW_OF_KIND = {DraftKind.CASE: "caseload", DraftKind.MEETING: "meetings", DraftKind.MEETING_RECORD: "meetings",
                DraftKind.SIGNAL: "signals"}


def open_forms() -> list[QWidget]:
    """Every open form that can keep a draft (ui/form_drafts.DraftFormMixin), in a stable order."""
    app = QApplication.instance()
    if app is None:
        return []
    return [w for w in QApplication.topLevelWidgets()  # dialogs, and meeting mode (a window of its own)
            if w.isVisible() and callable(getattr(w, "form_draft", None))]


class Resume(QObject):
    def __init__(self, window, lock_manager) -> None:
        super().__init__(window)  # the window is reached through parent(): no Python reference cycle with it
        self._view_states: dict[str, dict[str, Any]] = {}  # view key -> ids only
        self._form_refs: list[dict[str, Any]] = []  # ids only
        self._offered: set[tuple[str, str]] = set()  # (kind, owner key) of drafts put back at the last unlock
        lock_manager.add_keeper(self.keep)  # held weakly by the lock manager
        # Connected after the main window's own unlocked slot: the views are rebuilt by the time this runs.
        lock_manager.unlocked.connect(self.restore)

    # --- at lock ---------------------------------------------------------------------------------------------------
    def keep(self, register, _reason: str) -> None:
        """Lock-manager keeper: remember where the user was (ids) and keep the open forms' unsaved input."""
        refs: list[dict[str, Any]] = []
        drafts: list[FormDraft] = []
        drop: list[tuple[str, str]] = []  # restored drafts left untouched: offered once, removed now
        protected: set[tuple[str, str]] = set()  # the restored draft of a form that failed to hand over: kept
        for form in open_forms():
            try:
                ref = form.form_ref()
                handover = getattr(form, "lock_handover", None)
                draft, stale = handover() if callable(handover) else (form.form_draft(), None)
            except Exception as exc:  # noqa: BLE001 - one broken form must not cost the others their drafts
                log.error("a form could not hand over its input at lock (%s)", type(exc).__name__)
                restored = getattr(form, "restored_draft", None)
                if restored is not None:
                    protected.add((restored.kind.value, restored.owner_key))
                continue
            if ref:
                refs.append(ref)
            if draft is not None:
                drafts.append(draft)
            if stale is not None:
                drop.append(stale)
        self._form_refs = refs
        # Offered once: a draft put back at the last unlock that no form hands over again now (left untouched, or
        # its form was closed without saving or cancelling) is removed by this lock.
        keeping = {(d.kind.value, d.owner_key) for d in drafts}
        drop += sorted((self._offered - keeping - protected) - set(drop))
        self._offered = set()
        for key, view in self.parent().live_views().items():
            state_of = getattr(view, "resume_state", None)
            if not callable(state_of):
                continue
            try:
                state = state_of()
            except Exception as exc:  # noqa: BLE001
                log.error("view %s could not say where it was (%s)", key, type(exc).__name__)
                continue
            if state:
                self._view_states[key] = dict(state)
            else:
                self._view_states.pop(key, None)
        if drafts or drop:
            from ketenregie.services.form_drafts import FormDraftService  # noqa: PLC0415

            # raises on failure: the lock manager logs the kind
            FormDraftService(register).keep_at_lock(drafts, drop=drop)

    # --- after unlock ----------------------------------------------------------------------------------------------
    def view_created(self, key: str, view: QWidget) -> None:
        """The main window built a view: give it back where it was before the lock."""
        state = self._view_states.pop(key, None)
        restore = getattr(view, "restore_state", None)
        if state and callable(restore):
            try:
                restore(state)
            except Exception as exc:  # noqa: BLE001 - a stale id (the case is gone) must not break the view
                log.error("view %s could not go back to where it was (%s)", key, type(exc).__name__)

    @Slot(object)
    def restore(self, register) -> None:
        """Reopen the forms that were open at the lock, and any form a kept draft belongs to, with its draft."""
        window = self.parent()
        for key, state in list(self._view_states.items()):
            if state.get("window_open"):  # a window of its own (meeting mode): back at once, not on first visit
                window.ensure_view(key)
        refs, self._form_refs = self._form_refs, []
        from ketenregie.services.form_drafts import FormDraftService  # noqa: PLC0415

        service = FormDraftService(register)
        try:
            service.purge_expired()  # older than 24 hours: destroyed, never offered (domain/form_drafts.py)
        except Exception as exc:  # noqa: BLE001 - the unlock goes on; the next unlock or purge tries again
            log.error("destroying expired drafts failed (%s)", type(exc).__name__)
        try:
            drafts = service.all()
        except Exception as exc:  # noqa: BLE001
            log.error("reading kept drafts failed (%s)", type(exc).__name__)
            drafts = []
        claimed: set[tuple[str, str]] = set()
        for ref in refs:
            form = self._reopen(ref)
            if form is None:
                continue
            draft = self._draft_of(form, drafts)
            if draft is not None:
                claimed.add((draft.kind.value, draft.owner_key))
                self._put_back(form, draft)
        for draft in drafts:  # kept at an earlier lock or at closing the app: offer them back as well
            if (draft.kind.value, draft.owner_key) in claimed:
                continue
            ref = self._ref_of(draft, service)
            form = self._reopen(ref) if ref is not None else None
            if form is not None:
                self._put_back(form, draft)

    def _put_back(self, form, draft: FormDraft) -> None:
        try:
            form.restore_draft(draft)
        except Exception as exc:  # noqa: BLE001 - a draft the form cannot read must not break the unlock
            log.error("a kept draft could not be put back (%s)", type(exc).__name__)
            return
        self._offered.add((draft.kind.value, draft.owner_key))

    def _reopen(self, ref: dict[str, Any]):
        view = self.parent().ensure_view(str(ref.get("view", "")))
        reopen = getattr(view, "reopen_form", None)
        if not callable(reopen):
            return None
        try:
            form = reopen(ref)
        except Exception as exc:  # noqa: BLE001 - the case or meeting may be gone meanwhile
            log.error("a form could not be reopened after unlock (%s)", type(exc).__name__)
            return None
        return form

    @staticmethod
    def _draft_of(form, drafts: list[FormDraft]) -> FormDraft | None:
        owner = form.form_draft_key() if callable(getattr(form, "form_draft_key", None)) else None
        if owner is None:
            return None
        return next((d for d in drafts if (d.kind.value, d.owner_key) == owner), None)

    @staticmethod
    def _ref_of(draft: FormDraft, service) -> dict[str, Any] | None:
        view = VIEW_OF_KIND.get(draft.kind)
        if view is None:
            return None
        if draft.kind == DraftKind.CASE:
            number = service.case_number(draft.case_id) if draft.case_id is not None else None
            if draft.case_id is not None and number is None:
                return None
            return {"view": view, "kind": draft.kind.value, "case_number": number}
        if draft.kind in (DraftKind.MEETING, DraftKind.MEETING_RECORD):
            if draft.kind == DraftKind.MEETING_RECORD:
                return {"view": view, "kind": draft.kind.value, "meeting_id": draft.meeting_id,
                        "item": draft.fields.get("item")}
            return {"view": view, "kind": draft.kind.value, "meeting_id": draft.meeting_id}
        return {"view": view, "kind": draft.kind.value}
