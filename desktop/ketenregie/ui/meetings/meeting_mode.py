"""Meeting mode (vergadermodus): a full-screen view for the chair that is safe to share on screen.

It shows pseudonyms only — regardless of the privacy-mode setting and of any consent for a named discussion —
and never a case number: it does not even load names. The chair walks through the items (Vorige/Volgende,
Alt+Left/Alt+Right) and records discussion points, agreements and actions (owner: self, a partner or the resident;
a due date). Every record is saved at once (one transaction; actions land in the case); a record still being typed
when the register locks is kept as a draft in the register and comes back after the unlock (ui/form_drafts.py).
"""
from __future__ import annotations

from dataclasses import replace
from datetime import date

from PySide6.QtCore import QDate, Qt, Signal, Slot
from PySide6.QtGui import QKeySequence, QShortcut
from PySide6.QtWidgets import (QAbstractItemView, QApplication, QComboBox, QDateEdit, QFormLayout, QHBoxLayout,
                               QHeaderView, QLabel, QLineEdit, QPushButton, QTableView, QVBoxLayout, QWidget)

from ketenregie.domain.cases import ActionOwner
from ketenregie.domain.form_drafts import DraftKind, FormDraft, not_acted_on
from ketenregie.ui.form_drafts import DraftFormMixin, apply_widgets, capture_widgets
from ketenregie.domain.meetings import CaseMeeting, ItemRecord, RecordKind, schedule
from ketenregie.domain.outgoing_text import WITHHELD_NL, check_item_text
from ketenregie.ui.icons import set_icon
from ketenregie.ui.keyboard import focus_first_field
from ketenregie.ui.accessibility import name_qt_internals
from ketenregie.ui.messages import messenger
from ketenregie.ui.meetings.models import RecordListModel, error_text, name_combo_views, tr
from ketenregie.ui.style import heading_font, message_label, set_message


def open_meeting_mode(meeting_id: int, *, received: bool) -> MeetingModeWindow | None:
    """The meeting mode already open for this meeting, brought to the front: one window per meeting (from the
    Overleggen view or Bestand → Ontvangen overleggen…), as two would record the same meeting twice. `received`: a
    meeting received from a ketenregisseur (its own table, so its id may equal an own meeting's)."""
    for widget in QApplication.topLevelWidgets():
        if isinstance(widget, MeetingModeWindow) and widget.isVisible() and widget.chairs == (received, meeting_id):
            widget.raise_()
            widget.activateWindow()
            return widget
    return None


class MeetingModeWindow(QWidget, DraftFormMixin):
    """Top-level, full-screen. `closed` is emitted when the chair leaves meeting mode."""

    closed = Signal()
    draft_kind = DraftKind.MEETING_RECORD

    def __init__(self, repository, meeting_id: int, *, partners: dict[int, str], parent: QWidget | None = None,
                 today=date.today, self_owner_label: str | None = None, drafts=None) -> None:
        super().__init__(parent, Qt.WindowType.Window)
        self._self_owner_label = self_owner_label  # who "self" is, when the chair is not the coordinator
        self.setAttribute(Qt.WidgetAttribute.WA_DeleteOnClose)  # leaving meeting mode destroys the window
        self._repo = repository
        self._meeting_id = meeting_id
        self._partners = dict(partners)
        self._today = today
        self._index = 0
        self._residents: dict = {}
        self.meeting: CaseMeeting | None = None
        self.setObjectName("MeetingMode")
        self.setAccessibleName(tr("Vergadermodus"))
        self._build()
        name_qt_internals(self)
        name_combo_views(self)
        focus_first_field(self)
        self.reload()
        self._init_draft_tracking(drafts)

    @property
    def chairs(self) -> tuple[bool, int]:
        """(a received meeting — the team lead's mode, with its own owner label —, the meeting id)."""
        return self._self_owner_label is not None, self._meeting_id

    # --- construction -------------------------------------------------------------------------------------------
    def _build(self) -> None:
        layout = QVBoxLayout(self)
        self.meeting_label = QLabel(self)
        self.meeting_label.setAccessibleName(tr("Overleg"))
        self.position_label = QLabel(self)
        self.position_label.setAccessibleName(tr("Agendapunt"))
        self.pseudonym_label = QLabel(self)
        self.pseudonym_label.setFont(heading_font(self, 2.0))
        self.pseudonym_label.setAccessibleName(tr("Pseudoniem"))
        self.time_label = QLabel(self)
        self.time_label.setAccessibleName(tr("Tijd voor dit punt"))
        self.status_label = QLabel(self)
        self.status_label.setAccessibleName(tr("Stand van de casus"))
        self.question_label = QLabel(self)
        self.question_label.setWordWrap(True)
        self.question_label.setAccessibleName(tr("Vraag aan het overleg"))
        self.summary_label = QLabel(self)
        self.summary_label.setWordWrap(True)
        self.summary_label.setAlignment(Qt.AlignmentFlag.AlignTop | Qt.AlignmentFlag.AlignLeft)
        self.summary_label.setAccessibleName(tr("Samenvatting"))
        for label in (self.meeting_label, self.position_label, self.pseudonym_label, self.time_label,
                      self.status_label, self.question_label, self.summary_label):
            layout.addWidget(label)

        self.records_model = RecordListModel(self._partners, self)
        self.records_view = QTableView(self)
        self.records_view.setModel(self.records_model)
        self.records_view.setAccessibleName(tr("Vastgelegd bij dit punt"))
        self.records_view.setSelectionBehavior(QAbstractItemView.SelectionBehavior.SelectRows)
        self.records_view.setSelectionMode(QAbstractItemView.SelectionMode.SingleSelection)
        self.records_view.horizontalHeader().setSectionResizeMode(1, QHeaderView.ResizeMode.Stretch)
        layout.addWidget(self.records_view, 1)

        form = QFormLayout()
        self.kind_combo = QComboBox(self)
        self.kind_combo.setAccessibleName(tr("Soort"))
        for kind in (RecordKind.AGREEMENT, RecordKind.ACTION, RecordKind.DISCUSSION):
            self.kind_combo.addItem(kind.label_nl, kind.value)
        self.text_edit = QLineEdit(self)
        self.text_edit.setAccessibleName(tr("Tekst"))
        self.text_edit.setPlaceholderText(tr("Wie doet wat? Geen namen: gebruik het pseudoniem."))
        self.owner_combo = QComboBox(self)
        self.owner_combo.setAccessibleName(tr("Uitvoerder"))
        for owner in (ActionOwner.SELF, ActionOwner.PARTNER, ActionOwner.RESIDENT):
            label = self._self_owner_label if owner == ActionOwner.SELF and self._self_owner_label else owner.label_nl
            self.owner_combo.addItem(label, owner.value)
        self.partner_combo = QComboBox(self)
        self.partner_combo.setAccessibleName(tr("Ketenpartner"))
        for partner_id, name in sorted(self._partners.items(), key=lambda p: p[1].casefold()):
            self.partner_combo.addItem(name, partner_id)
        self.due_edit = QDateEdit(self)
        self.due_edit.setAccessibleName(tr("Klaar op"))
        self.due_edit.setCalendarPopup(True)
        self.due_edit.setDisplayFormat("dd-MM-yyyy")
        form.addRow(tr("&Soort:"), self.kind_combo)
        form.addRow(tr("&Tekst:"), self.text_edit)
        form.addRow(tr("&Uitvoerder:"), self.owner_combo)
        form.addRow(tr("&Ketenpartner:"), self.partner_combo)
        form.addRow(tr("Klaar &op:"), self.due_edit)
        layout.addLayout(form)
        for row_label in (self.kind_combo, self.text_edit, self.owner_combo, self.partner_combo, self.due_edit):
            buddy = form.labelForField(row_label)
            if isinstance(buddy, QLabel):
                buddy.setBuddy(row_label)
                buddy.setAccessibleName(buddy.text().replace("&", "").rstrip(":"))

        self.message_label = message_label(self, tr("Melding"))
        layout.addWidget(self.message_label)

        buttons = QHBoxLayout()
        self.previous_button = QPushButton(tr("◀ &Vorige"), self)
        self.previous_button.setAccessibleName(tr("Vorig agendapunt"))
        self.next_button = QPushButton(tr("Vol&gende ▶"), self)
        self.next_button.setAccessibleName(tr("Volgend agendapunt"))
        self.record_button = QPushButton(tr("Vast&leggen"), self)
        set_icon(self.record_button, "record")
        self.record_button.setAccessibleName(tr("Vastleggen"))
        self.record_button.setDefault(True)
        self.remove_button = QPushButton(tr("Ve&rwijderen"), self)
        self.remove_button.setAccessibleName(tr("Gekozen regel verwijderen"))
        self.finish_button = QPushButton(tr("Overleg &afronden"), self)
        self.finish_button.setAccessibleName(tr("Overleg afronden"))
        self.close_button = QPushButton(tr("Vergadermodus slu&iten"), self)
        self.close_button.setAccessibleName(tr("Vergadermodus sluiten"))
        for button in (self.previous_button, self.next_button, self.record_button, self.remove_button,
                       self.finish_button, self.close_button):
            buttons.addWidget(button)
        layout.addLayout(buttons)

        self.previous_button.clicked.connect(self.previous_item)
        self.next_button.clicked.connect(self.next_item)
        self.record_button.clicked.connect(self.record_current)
        self.text_edit.returnPressed.connect(self.record_current)
        self.remove_button.clicked.connect(self.remove_selected)
        self.finish_button.clicked.connect(self.finish_meeting)
        self.close_button.clicked.connect(self.close)
        self.kind_combo.currentIndexChanged.connect(self._update_action_fields)
        self.owner_combo.currentIndexChanged.connect(self._update_action_fields)
        QShortcut(QKeySequence("Alt+Right"), self, self.next_item)
        QShortcut(QKeySequence("Alt+Left"), self, self.previous_item)
        QShortcut(QKeySequence(Qt.Key.Key_Escape), self, self.close)
        self._update_action_fields()

    # --- state --------------------------------------------------------------------------------------------------
    def reload(self) -> None:
        self.meeting = self._repo.get(self._meeting_id)
        self._residents = self._repo.residents(self.meeting)  # for the outgoing-text rule only; never shown
        self._index = min(self._index, max(len(self.meeting.items) - 1, 0))
        m = self.meeting
        self.setWindowTitle(tr("Vergadermodus — overleg van {date}").format(date=m.starts_at.strftime("%d-%m-%Y")))
        self.meeting_label.setText(tr("{purpose} — {date}, voorzitter: {chair}").format(
            purpose=m.purpose, date=m.starts_at.strftime("%d-%m-%Y %H:%M"), chair=m.chair))
        self.due_edit.setMinimumDate(QDate(m.date.year, m.date.month, m.date.day))
        self._show_item()

    def _show_item(self) -> None:
        m = self.meeting
        if m is None or not m.items:
            self.position_label.setText(tr("Er staan geen casussen op de agenda."))
            for label in (self.pseudonym_label, self.time_label, self.status_label, self.question_label,
                          self.summary_label):
                label.setText("")
            self.records_model.set_records([])
            self._enable(False)
            return
        self._enable(True)
        slot = schedule(m)[self._index]
        item = slot.item
        self.position_label.setText(tr("Agendapunt {n} van {total}").format(n=self._index + 1, total=len(m.items)))
        self.pseudonym_label.setText(item.pseudonym)  # never a name, whatever consent or privacy mode says
        self.time_label.setText(tr("{start}–{end} ({minutes} minuten)").format(
            start=slot.starts_at.strftime("%H:%M"), end=slot.ends_at.strftime("%H:%M"), minutes=item.time_box_minutes))
        self.status_label.setText(item.status_note_nl)
        self.status_label.setVisible(bool(item.status_note_nl))
        # The shared screen shows only text that passes the meeting audience's check, now (DESIGN.md §8).
        resident, number = self._residents.get(item.id, (None, None))
        question = item.question if not check_item_text(item.question, resident, number) else WITHHELD_NL
        summary = item.summary if not check_item_text(item.summary, resident, number) else WITHHELD_NL
        self.question_label.setText(tr("Vraag: {question}").format(question=question or "—"))
        self.summary_label.setText(summary)
        self.records_model.set_records(tuple(
            r if not check_item_text(r.text, resident, number) else replace(r, text=WITHHELD_NL)
            for r in item.records))
        self.previous_button.setEnabled(self._index > 0)
        self.next_button.setEnabled(self._index < len(m.items) - 1)

    def _enable(self, on: bool) -> None:
        for widget in (self.record_button, self.remove_button, self.text_edit, self.kind_combo, self.previous_button,
                       self.next_button):
            widget.setEnabled(on)

    @property
    def current_index(self) -> int:
        return self._index

    @Slot()
    def _update_action_fields(self) -> None:
        is_action = self.kind_combo.currentData() == RecordKind.ACTION.value
        self.owner_combo.setEnabled(is_action)
        self.due_edit.setEnabled(is_action)
        self.partner_combo.setEnabled(is_action and self.owner_combo.currentData() == ActionOwner.PARTNER.value)

    # --- actions ------------------------------------------------------------------------------------------------
    def show_item_at(self, index: int) -> None:
        """Go to agenda item `index` (0-based), e.g. back to where the meeting was before a lock."""
        if self.meeting and 0 <= index < len(self.meeting.items):
            self._index = index
            set_message(self.message_label, "")
            self._show_item()

    @Slot()
    def next_item(self) -> None:
        if self.meeting and self._index < len(self.meeting.items) - 1:
            self._index += 1
            set_message(self.message_label, "")
            self._show_item()

    @Slot()
    def previous_item(self) -> None:
        if self._index > 0:
            self._index -= 1
            set_message(self.message_label, "")
            self._show_item()

    def current_record(self) -> ItemRecord:
        kind = RecordKind(self.kind_combo.currentData())
        if kind != RecordKind.ACTION:
            return ItemRecord(kind, self.text_edit.text())
        owner = ActionOwner(self.owner_combo.currentData())
        due = self.due_edit.date()
        return ItemRecord(kind, self.text_edit.text(), owner=owner,
                          partner_id=self.partner_combo.currentData() if owner == ActionOwner.PARTNER else None,
                          due=date(due.year(), due.month(), due.day()))

    @Slot()
    def record_current(self) -> None:
        if not self.meeting or not self.meeting.items:
            return
        item = self.meeting.items[self._index]
        try:
            outcome = self._repo.record(self._meeting_id, item.id, self.current_record())
        except Exception as exc:  # noqa: BLE001 - shown as Dutch text, never the exception text
            set_message(self.message_label, error_text(exc), "error")
            return
        self.text_edit.clear()
        self.forget_draft()  # recorded: a kept draft of it goes
        note = (tr("Vastgelegd; de actie staat nu ook bij de casus.") if outcome.case_action_id is not None
                else tr("Vastgelegd."))
        set_message(self.message_label, note, "ok")
        self.reload()

    @Slot()
    def remove_selected(self) -> None:
        rows = self.records_view.selectionModel().selectedRows()
        if not rows:
            set_message(self.message_label, tr("Kies eerst de regel die u wilt verwijderen."), "warning")
            return
        record = self.records_model.record(rows[0].row())
        try:
            self._repo.delete_record(self._meeting_id, record.id)
        except Exception as exc:  # noqa: BLE001
            set_message(self.message_label, error_text(exc), "error")
            return
        set_message(self.message_label, tr("Verwijderd; een actie bij de casus is vervallen."), "ok")
        self.reload()

    @Slot()
    def finish_meeting(self) -> None:
        # The team lead chairs a received meeting without cases (issue 14): no "voor overleg" list there.
        question = (tr("Het overleg afronden? Daarna stuur je de afspraken en acties terug naar de ketenregisseur "
                       "(Resultaat terugsturen…).") if self._self_owner_label else
                    tr("Het overleg afronden? Het verslag wordt definitief en de casussen gaan van de lijst 'voor "
                       "overleg'."))
        if not messenger().question(self, tr("Overleg afronden"), question):
            return
        try:
            self._repo.finish(self._meeting_id)
        except Exception as exc:  # noqa: BLE001
            set_message(self.message_label, error_text(exc), "error")
            return
        self.close()

    @Slot(bool)
    def set_privacy_mode(self, enabled: bool) -> None:
        """Meeting mode shows pseudonyms only, with presentatiemodus on or off: nothing to re-render, and the text
        being typed stays."""

    # --- drafts at lock (issue 15, item 6; ui/form_drafts.py) -------------------------------------------------------
    def draft_owner(self) -> dict[str, int]:
        return {"meeting_id": self._meeting_id}

    def form_ref(self) -> dict:
        return {"view": "meetings", "kind": DraftKind.MEETING_RECORD.value, "meeting_id": self._meeting_id,
                "item": self._index}

    def _draft_widgets(self) -> dict:
        return {"record_kind": self.kind_combo, "text": self.text_edit, "owner": self.owner_combo,
                "partner": self.partner_combo, "due": self.due_edit}

    def capture_form(self) -> dict:
        values = capture_widgets(self._draft_widgets())
        item = self.meeting.items[self._index] if self.meeting and self.meeting.items else None
        values.update({"item": self._index, "case_id": item.case_id if item is not None else None})
        return values

    def form_draft(self) -> FormDraft | None:
        """Only a record being typed is unsaved input (walking through the items is not); a restored record left
        untouched is not kept again (offered back once)."""
        if not self.text_edit.text().strip() or self.meeting is None:
            return None
        values = self.capture_form()
        if not_acted_on(values, self._restored_values):
            return None
        return FormDraft(self.draft_kind, values, meeting_id=self._meeting_id)

    def has_unsaved_input(self) -> bool:
        return bool(self.text_edit.text().strip())

    def apply_form(self, values: dict) -> None:
        item = values.get("item")
        if isinstance(item, int):
            self.show_item_at(item)
        apply_widgets(self._draft_widgets(), values)
        self._update_action_fields()

    def discard_restored(self) -> None:
        self.text_edit.clear()
        self.forget_draft()
        if self.draft_notice is not None:
            self.draft_notice.setVisible(False)

    def release(self) -> None:
        """Drop everything on lock."""
        self.records_model.set_records([])
        self.meeting = None
        self._residents = {}
        for label in (self.meeting_label, self.pseudonym_label, self.question_label, self.summary_label):
            label.clear()

    def closeEvent(self, event) -> None:  # noqa: N802
        self.closed.emit()
        super().closeEvent(event)
