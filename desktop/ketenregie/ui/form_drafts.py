"""Forms that keep what was typed when the register locks (issue 15, item 6): "the lock always wins, and it never
drops input".

A form (the case dialog, the planning dialog of a meeting, the manual entry of a vroegsignaal) mixes in
`DraftFormMixin` and implements four things:

    draft_kind                  DraftKind of the form
    draft_owner() -> dict       {"case_id": ...} / {"meeting_id": ...} / {} — which form, as register ids
    capture_form() -> dict      every value the user can type or choose, as plain JSON (the real values, also in
                                presentatiemodus)
    apply_form(values)          put such values back
    form_ref() -> dict          where the form lives, ids only ({"view": "caseload", "case_number": ...}), so the
                                form can be reopened after the unlock (ui/resume.py)

and calls `_init_draft_tracking(service)` at the end of its constructor. Whatever differs from what the form opened
with is "unsaved": at lock, ui/resume.py collects `form_draft()` of every open form and keeps them in the register
in one transaction; after the unlock the form is reopened and `restore_draft()` puts the values back with a visible
notice ("Niet-opgeslagen wijzigingen van HH:MM zijn teruggezet") and a button to throw them away. Saving or
cancelling the form calls `forget_draft()`. The values never go anywhere but the register.

A draft is offered back once (domain/form_drafts.py): a form that got a draft back and still shows exactly that at
the next lock hands over no draft, and `lock_handover()` names the restored draft so the lock removes it in the same
transaction. Working on in the form makes the next lock keep a fresh draft. Drafts older than 24 hours are destroyed
at unlock (ui/resume.py) and by `ketenregie purge --yes`.
"""
from __future__ import annotations

import logging
from datetime import date, datetime
from typing import Any

from PySide6.QtCore import QCoreApplication, QDate, QDateTime, QTime, Signal
from PySide6.QtWidgets import (QCheckBox, QComboBox, QDateEdit, QDateTimeEdit, QFrame, QHBoxLayout, QLabel,
                               QLineEdit, QPlainTextEdit, QPushButton, QSpinBox, QWidget)

from ketenregie.domain.form_drafts import DraftKind, FormDraft, not_acted_on, owner_key, restored_at_label
from ketenregie.ui.cases.fields import Sensitive

log = logging.getLogger(__name__)


def tr(text: str) -> str:
    return QCoreApplication.translate("FormDrafts", text)


# --- widget values as JSON ------------------------------------------------------------------------------------------

def widget_value(widget: Any) -> Any:
    """The value of one input as JSON (the real value of a masked field)."""
    if isinstance(widget, Sensitive):
        return widget.real()
    if isinstance(widget, QCheckBox):
        return widget.isChecked()
    if isinstance(widget, QSpinBox):
        return widget.value()
    if isinstance(widget, QDateEdit):
        return widget.date().toPython().isoformat()
    if isinstance(widget, QDateTimeEdit):
        return widget.dateTime().toPython().replace(second=0, microsecond=0).isoformat(timespec="minutes")
    if isinstance(widget, QComboBox):
        data = widget.currentData()
        return [widget.currentIndex(), data if isinstance(data, (str, int)) and not isinstance(data, bool) else None]
    if isinstance(widget, QPlainTextEdit):
        return widget.toPlainText()
    if isinstance(widget, QLineEdit):
        return widget.text()
    raise TypeError(f"no draft value for a {type(widget).__name__}")


def set_widget_value(widget: Any, value: Any) -> None:
    """Put a value from `widget_value` back; a value of the wrong shape is left out (the form shows what it had)."""
    try:
        if isinstance(widget, Sensitive):
            widget.set_real(str(value))
        elif isinstance(widget, QCheckBox):
            widget.setChecked(bool(value))
        elif isinstance(widget, QSpinBox):
            widget.setValue(int(value))
        elif isinstance(widget, QDateEdit):
            day = date.fromisoformat(str(value))
            widget.setDate(QDate(day.year, day.month, day.day))
        elif isinstance(widget, QDateTimeEdit):
            when = datetime.fromisoformat(str(value))
            widget.setDateTime(QDateTime(QDate(when.year, when.month, when.day), QTime(when.hour, when.minute)))
        elif isinstance(widget, QComboBox):
            index, data = value
            found = widget.findData(data) if data is not None else -1
            if found < 0 and 0 <= int(index) < widget.count():
                found = int(index)
            if found >= 0:
                widget.setCurrentIndex(found)
        elif isinstance(widget, QPlainTextEdit):
            widget.setPlainText(str(value))
        elif isinstance(widget, QLineEdit):
            widget.setText(str(value))
    except (TypeError, ValueError):
        log.warning("a draft value did not fit its field (%s)", type(widget).__name__)


def capture_widgets(widgets: dict[str, Any]) -> dict[str, Any]:
    return {name: widget_value(widget) for name, widget in widgets.items()}


def apply_widgets(widgets: dict[str, Any], values: dict[str, Any]) -> None:
    for name, widget in widgets.items():
        if name in values:
            set_widget_value(widget, values[name])


# --- the notice -----------------------------------------------------------------------------------------------------

class DraftNotice(QFrame):
    """"Niet-opgeslagen wijzigingen van HH:MM zijn teruggezet." with a button to throw them away."""

    discardRequested = Signal()

    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setObjectName("draftNotice")
        self.setFrameShape(QFrame.Shape.StyledPanel)
        self.setAccessibleName(tr("Teruggezette wijzigingen"))
        layout = QHBoxLayout(self)
        layout.setContentsMargins(8, 4, 8, 4)
        self.label = QLabel(self)
        self.label.setWordWrap(True)
        self.label.setAccessibleName(tr("Melding over teruggezette wijzigingen"))
        self.discard_button = QPushButton(tr("Wijzigingen weggooien"), self)
        self.discard_button.setAccessibleName(tr("Teruggezette wijzigingen weggooien"))
        self.discard_button.setAutoDefault(False)
        self.discard_button.clicked.connect(self.discardRequested)
        layout.addWidget(self.label, 1)
        layout.addWidget(self.discard_button)
        self.setVisible(False)

    def show_restored(self, updated_at) -> None:
        when = restored_at_label(updated_at)
        self.label.setText(tr("Niet-opgeslagen wijzigingen van {time} zijn teruggezet. Sla ze op, of gooi ze weg. "
                              "Werkt u er niet verder aan, dan worden ze bij de volgende vergrendeling niet opnieuw "
                              "bewaard.").format(time=when) if when else
                           tr("Niet-opgeslagen wijzigingen zijn teruggezet. Sla ze op, of gooi ze weg. Werkt u er "
                              "niet verder aan, dan worden ze bij de volgende vergrendeling niet opnieuw bewaard."))
        self.setVisible(True)
        from ketenregie.ui.accessibility import announce  # noqa: PLC0415
        announce(self.label)


# --- the mixin ------------------------------------------------------------------------------------------------------

class DraftFormMixin:
    """See the module docstring. For QDialog subclasses whose top-level layout is a QVBoxLayout."""

    draft_kind: DraftKind
    draft_notice: DraftNotice | None = None
    restored_draft: FormDraft | None = None  # the kept draft put back after the unlock (its row is still kept)
    _restored_values: dict[str, Any] | None = None  # what the form showed right after putting it back

    def _init_draft_tracking(self, service) -> None:
        self._draft_service = service  # services.form_drafts.FormDraftService (None: drafts are not kept)
        self._opened_with = self.capture_form()
        self._draft_owner_at_open = dict(self.draft_owner())

    # to implement -------------------------------------------------------------------------------------------------
    def draft_owner(self) -> dict[str, int]:
        return {}

    def capture_form(self) -> dict[str, Any]:
        raise NotImplementedError

    def apply_form(self, values: dict[str, Any]) -> None:
        raise NotImplementedError

    def form_ref(self) -> dict[str, Any]:
        raise NotImplementedError

    # provided -----------------------------------------------------------------------------------------------------
    def has_unsaved_input(self) -> bool:
        return self.capture_form() != self._opened_with

    def form_draft_key(self) -> tuple[str, str]:
        """(kind, owner key) of this form's draft in the register."""
        owner = self._draft_owner_at_open
        return self.draft_kind.value, owner_key(self.draft_kind, case_id=owner.get("case_id"),
                                                 meeting_id=owner.get("meeting_id"))

    def form_draft(self) -> FormDraft | None:
        """What this form holds that is not saved, as a draft (None when nothing is)."""
        values = self.capture_form()
        if values == self._opened_with or not_acted_on(values, self._restored_values):
            return None  # nothing unsaved, or a restored draft left untouched: offered once, not kept again
        owner = self._draft_owner_at_open
        return FormDraft(self.draft_kind, values, case_id=owner.get("case_id"), meeting_id=owner.get("meeting_id"))

    def lock_handover(self) -> tuple[FormDraft | None, tuple[str, str] | None]:
        """At lock: (the draft to keep or None, the (kind, owner key) of a restored draft to remove or None). A
        restored draft is removed when the form hands over nothing now (left untouched, or back to what was saved)
        or hands over its draft under another key; otherwise the new draft replaces it."""
        draft = self.form_draft()
        restored = self.restored_draft
        if restored is None:
            return draft, None
        key = (restored.kind.value, restored.owner_key)
        if draft is not None and (draft.kind.value, draft.owner_key) == key:
            return draft, None
        return draft, key

    def restore_draft(self, draft: FormDraft) -> None:
        """Put a kept draft back, with the notice and its button to throw the changes away."""
        self.apply_form(draft.fields)
        self.restored_draft = draft
        self._restored_values = self.capture_form()
        if self.draft_notice is None:
            self.draft_notice = DraftNotice(self)
            self.draft_notice.discardRequested.connect(self.discard_restored)
            self.layout().insertWidget(0, self.draft_notice)
        self.draft_notice.show_restored(draft.updated_at)

    def discard_restored(self) -> None:
        """The user does not want the restored changes: the form shows what it opened with; the draft is gone."""
        self.apply_form(self._opened_with)
        self.forget_draft()
        if self.draft_notice is not None:
            self.draft_notice.setVisible(False)

    def mark_form_saved(self) -> None:
        """After a successful save: what the form shows now is what the register holds; the draft is gone."""
        self.forget_draft()
        self._opened_with = self.capture_form()
        self._draft_owner_at_open = dict(self.draft_owner())
        if self.draft_notice is not None:
            self.draft_notice.setVisible(False)

    def forget_draft(self) -> None:
        """Remove this form's kept draft from the register (saved, cancelled or thrown away)."""
        self.restored_draft = None
        self._restored_values = None
        service = self._draft_service
        if service is None:
            return
        owners = [self._draft_owner_at_open]
        try:
            current = dict(self.draft_owner())
            if current != self._draft_owner_at_open:
                owners.append(current)
            for owner in owners:
                service.discard(self.draft_kind, case_id=owner.get("case_id"), meeting_id=owner.get("meeting_id"))
        except Exception as exc:  # noqa: BLE001 - the form's own work is done; never show or log the text
            log.error("removing a form draft failed (%s)", type(exc).__name__)
