"""Planning dialog: meeting details, participating organisations, picking cases (marked "voor overleg" first) and
editing each agenda item (question, pseudonymised summary, time box, named-discussion consent). Not for screen
sharing: it shows case numbers and names (initials in privacy mode) so the chair can pick cases; the agenda itself
lists pseudonyms."""
from __future__ import annotations

from dataclasses import replace
from datetime import date, datetime, timedelta

from PySide6.QtCore import QCoreApplication, QDate, QDateTime, QSortFilterProxyModel, QTime, Qt, Slot
from PySide6.QtWidgets import (QAbstractItemView, QCheckBox, QComboBox, QDateEdit, QDateTimeEdit, QDialog,
                               QDialogButtonBox, QFormLayout, QGroupBox, QHBoxLayout, QLabel, QLineEdit,
                               QListWidget, QListWidgetItem, QPlainTextEdit, QPushButton, QSpinBox, QTableView,
                               QTabWidget, QVBoxLayout, QWidget)

from ketenregie.domain.form_drafts import DraftKind
from ketenregie.domain.meetings import (AgendaItem, CaseMeeting, MeetingKind, NamedDiscussionConsent, Participant,
                                        ParticipantRole, Recurrence, Series, move_item)
from ketenregie.domain.outgoing_text import mask_identifiers
from ketenregie.domain.privacy_display import display_name, redact_free_text
from ketenregie.domain.pseudonymised_summary import SummaryFact
from ketenregie.domain.pseudonyms import PseudonymStyle
from ketenregie.ui.keyboard import focus_first_field
from ketenregie.ui.flow_layout import FlowLayout
from ketenregie.ui.screen_fit import fit_to_screen
from ketenregie.ui.accessibility import name_qt_internals
from ketenregie.ui.cases.fields import Sensitive
from ketenregie.ui.form_drafts import DraftFormMixin, apply_widgets, capture_widgets
from ketenregie.ui.messages import messenger
from ketenregie.ui.meetings.models import CandidateModel, error_text, name_combo_views, tr
from ketenregie.ui.style import set_message


def _named(widget: QWidget, name: str) -> QWidget:
    widget.setAccessibleName(name)
    return widget



def next_working_day(today: date) -> date:
    """The default day of a new meeting: the next working day (no weekend, no Atw holiday)."""
    from ketenregie.domain.calendar import AtwCalendar  # noqa: PLC0415

    calendar = AtwCalendar()
    day = today + timedelta(days=1)
    while True:
        try:
            if calendar.is_working_day(day):
                return day
        except Exception:  # noqa: BLE001 - a year outside the calendar: weekdays only
            if day.weekday() < 5:
                return day
        day += timedelta(days=1)

class PlanningDialog(QDialog, DraftFormMixin):
    """What is typed but not saved (details, participants, agenda items) is kept as a draft in the register when the
    register locks, and comes back after the unlock (ui/form_drafts.py); `drafts` is the FormDraftService."""

    draft_kind = DraftKind.MEETING

    def __init__(self, repository, meeting: CaseMeeting | None, *, partners: dict[int, str], privacy_mode: bool,
                 parent: QWidget | None = None, drafts=None) -> None:
        super().__init__(parent)
        self._repo = repository
        self._partners = dict(partners)
        self._privacy = privacy_mode
        self.saved_id: int | None = None
        start = datetime.combine(next_working_day(date.today()), datetime.min.time()).replace(hour=9, minute=30)
        self.meeting = meeting or CaseMeeting(starts_at=start, purpose="", chair="", location="")
        self._candidates = repository.candidates()
        self._case_labels = self._labels_for(privacy_mode)
        self._current_item = -1
        self.setWindowTitle(tr("Overleg plannen") if meeting is None else tr("Overleg bewerken"))
        self.setAccessibleName(self.windowTitle())
        fit_to_screen(self, 980, 720)
        self._build()
        for field in self.sensitive_texts:
            field.set_masked(privacy_mode)
        self._load_meeting()
        name_qt_internals(self)
        name_combo_views(self)
        self._init_draft_tracking(drafts)
        focus_first_field(self)

    # --- construction -------------------------------------------------------------------------------------------
    def _build(self) -> None:
        layout = QVBoxLayout(self)
        self.tabs = _named(QTabWidget(self), tr("Onderdelen"))
        layout.addWidget(self.tabs)
        self.tabs.addTab(self._details_tab(), tr("&Gegevens"))
        self.tabs.addTab(self._participants_tab(), tr("&Deelnemers"))
        self.tabs.addTab(self._cases_tab(), tr("&Casussen kiezen"))
        self.tabs.addTab(self._agenda_tab(), tr("&Agenda"))
        self.message_label = _named(QLabel(self), tr("Melding"))
        self.message_label.setWordWrap(True)
        set_message(self.message_label, "")
        layout.addWidget(self.message_label)
        self.buttons = QDialogButtonBox(QDialogButtonBox.StandardButton.Save | QDialogButtonBox.StandardButton.Cancel,
                                        self)
        for button in self.buttons.buttons():
            button.setAccessibleName(button.text().replace("&", ""))
        self.buttons.accepted.connect(self.save)
        self.buttons.rejected.connect(self.reject)
        layout.addWidget(self.buttons)

    def _details_tab(self) -> QWidget:
        page = QWidget(self)
        form = QFormLayout(page)
        self.starts_edit = _named(QDateTimeEdit(page), tr("Datum en tijd"))
        self.starts_edit.setDisplayFormat("dd-MM-yyyy HH:mm")
        self.starts_edit.setCalendarPopup(True)
        self.starts_edit.dateTimeChanged.connect(lambda _value: self._check_date())
        self.duration_spin = _named(QSpinBox(page), tr("Duur in minuten"))
        self.duration_spin.setRange(15, 480)
        self.duration_spin.setSingleStep(15)
        self.location_edit = _named(QLineEdit(page), tr("Plaats of inbelwijze"))
        self.online_check = _named(QCheckBox(tr("Online overleg"), page), tr("Online overleg"))
        self.chair_edit = _named(QLineEdit(page), tr("Voorzitter"))
        self.purpose_edit = _named(QPlainTextEdit(page), tr("Doel van het overleg"))
        self.purpose_edit.setTabChangesFocus(True)
        self.kind_combo = _named(QComboBox(page), tr("Soort overleg"))
        for code, label in MeetingKind.choices_nl():
            self.kind_combo.addItem(label, code)
        self.recurrence_combo = _named(QComboBox(page), tr("Terugkerend"))
        self.recurrence_combo.addItem(tr("Eenmalig"), "")
        for code, label in Recurrence.choices_nl():
            self.recurrence_combo.addItem(label, code)
        self.style_combo = _named(QComboBox(page), tr("Soort pseudoniem"))
        for style in PseudonymStyle:
            self.style_combo.addItem(style.label_nl, style.value)
        for label, widget in ((tr("Datum en t&ijd:"), self.starts_edit), (tr("D&uur (minuten):"), self.duration_spin),
                              (tr("&Plaats:"), self.location_edit), ("", self.online_check),
                              (tr("&Voorzitter:"), self.chair_edit), (tr("D&oel:"), self.purpose_edit),
                              (tr("&Soort:"), self.kind_combo), (tr("&Terugkerend:"), self.recurrence_combo),
                              (tr("Pseudo&niemen:"), self.style_combo)):
            form.addRow(label, widget)
            buddy = form.labelForField(widget)
            if isinstance(buddy, QLabel) and label:
                buddy.setBuddy(widget)
                buddy.setAccessibleName(label.replace("&", "").rstrip(":"))
        return page

    def _participants_tab(self) -> QWidget:
        page = QWidget(self)
        layout = QVBoxLayout(page)
        self.participant_list = _named(QListWidget(page), tr("Deelnemende organisaties"))
        layout.addWidget(self.participant_list)
        row = QHBoxLayout()
        self.partner_pick = _named(QComboBox(page), tr("Organisatie"))
        self.partner_pick.setEditable(True)
        self.partner_pick.lineEdit().setAccessibleName(tr("Organisatie"))
        for partner_id, name in sorted(self._partners.items(), key=lambda p: p[1].casefold()):
            self.partner_pick.addItem(name, partner_id)
        self.role_pick = _named(QComboBox(page), tr("Rol"))
        for code, label in ParticipantRole.choices_nl():
            self.role_pick.addItem(label, code)
        self.role_pick.setCurrentIndex(self.role_pick.findData(ParticipantRole.MEMBER.value))
        self.add_participant_button = _named(QPushButton(tr("&Toevoegen"), page), tr("Deelnemer toevoegen"))
        self.remove_participant_button = _named(QPushButton(tr("&Verwijderen"), page), tr("Deelnemer verwijderen"))
        for widget in (self.partner_pick, self.role_pick, self.add_participant_button,
                       self.remove_participant_button):
            row.addWidget(widget)
        layout.addLayout(row)
        self.add_participant_button.clicked.connect(self.add_participant)
        self.remove_participant_button.clicked.connect(self.remove_participant)
        return page

    def _cases_tab(self) -> QWidget:
        page = QWidget(self)
        layout = QVBoxLayout(page)
        layout.addWidget(QLabel(tr("Casussen die voor overleg zijn gemarkeerd staan bovenaan en zijn al "
                                   "aangevinkt."), page))
        search_row = QHBoxLayout()
        self.candidate_search = _named(QLineEdit(page), tr("Zoeken in de casussen"))
        self.candidate_search.setPlaceholderText(tr("Casusnummer, naam of fase"))
        self.candidate_search.setClearButtonEnabled(True)
        search_label = QLabel(tr("Zoe&ken:"), page)
        search_label.setBuddy(self.candidate_search)
        search_row.addWidget(search_label)
        search_row.addWidget(self.candidate_search, 1)
        layout.addLayout(search_row)
        self.candidate_view = _named(QTableView(page), tr("Casussen"))
        self.candidate_view.setSelectionBehavior(QAbstractItemView.SelectionBehavior.SelectRows)
        layout.addWidget(self.candidate_view)
        # The search filters what is shown; ticks live in the model, so a filtered-out tick stays ticked.
        self.candidate_proxy = QSortFilterProxyModel(self)
        self.candidate_proxy.setFilterKeyColumn(-1)
        self.candidate_proxy.setFilterCaseSensitivity(Qt.CaseSensitivity.CaseInsensitive)
        self.candidate_search.textChanged.connect(self.candidate_proxy.setFilterFixedString)
        self.candidate_view.setModel(self.candidate_proxy)
        self.add_cases_button = _named(QPushButton(tr("Aangevinkte casussen op de agenda &zetten"), page),
                                       tr("Aangevinkte casussen op de agenda zetten"))
        self.add_cases_button.clicked.connect(self.add_picked_cases)
        layout.addWidget(self.add_cases_button)
        return page

    def _agenda_tab(self) -> QWidget:
        page = QWidget(self)
        layout = QHBoxLayout(page)
        left = QVBoxLayout()
        self.item_list = _named(QListWidget(page), tr("Agendapunten"))
        self.item_list.currentRowChanged.connect(self._select_item)
        left.addWidget(self.item_list)
        moves = QHBoxLayout()
        self.up_button = _named(QPushButton(tr("Om&hoog"), page), tr("Agendapunt omhoog"))
        self.down_button = _named(QPushButton(tr("Om&laag"), page), tr("Agendapunt omlaag"))
        self.remove_item_button = _named(QPushButton(tr("&Van agenda halen"), page), tr("Van de agenda halen"))
        for b in (self.up_button, self.down_button, self.remove_item_button):
            moves.addWidget(b)
        left.addLayout(moves)
        layout.addLayout(left, 1)
        self.up_button.clicked.connect(lambda: self._move(-1))
        self.down_button.clicked.connect(lambda: self._move(1))
        self.remove_item_button.clicked.connect(self.remove_item)

        editor = QGroupBox(tr("Agendapunt"), page)
        editor.setAccessibleName(tr("Agendapunt bewerken"))
        form = QFormLayout(editor)
        self.case_label = _named(QLabel(editor), tr("Casus"))
        self.question_edit = _named(QLineEdit(editor), tr("Vraag aan het overleg"))
        self.summary_edit = _named(QPlainTextEdit(editor), tr("Gepseudonimiseerde samenvatting"))
        self.summary_edit.setTabChangesFocus(True)
        # presentatiemodus: identifiers and the resident's name inside the texts are masked (read-only meanwhile)
        self.sensitive_texts = [Sensitive(edit, self._shown_text) for edit in (self.question_edit, self.summary_edit)]
        self.fact_checks: dict[SummaryFact, QCheckBox] = {}
        facts_box = QWidget(editor)
        facts_layout = FlowLayout(facts_box)  # wraps: the dialog fits 1280×720
        for fact in SummaryFact:
            check = _named(QCheckBox(fact.label_nl, facts_box), fact.label_nl)
            check.setChecked(True)
            self.fact_checks[fact] = check
            facts_layout.addWidget(check)
        self.regenerate_button = _named(QPushButton(tr("Samenvatting opnieuw &maken"), editor),
                                        tr("Samenvatting opnieuw maken"))
        self.regenerate_button.clicked.connect(self.regenerate_summary)
        self.time_box_spin = _named(QSpinBox(editor), tr("Tijd in minuten"))
        self.time_box_spin.setRange(1, 180)
        self.final_check = _named(QCheckBox(tr("Samenvatting is definitief"), editor), tr("Samenvatting definitief"))
        self.consent_check = _named(QCheckBox(tr("Toestemming voor bespreking op naam"), editor),
                                    tr("Toestemming voor bespreking op naam"))
        self.consent_date = _named(QDateEdit(editor), tr("Datum toestemming"))
        self.consent_date.setDisplayFormat("dd-MM-yyyy")
        self.consent_date.setCalendarPopup(True)
        self.consent_scope = _named(QLineEdit(editor), tr("Waarvoor geldt de toestemming"))
        self.consent_participants = _named(QListWidget(editor), tr("Deelnemers waarvoor de toestemming geldt"))
        form.addRow(tr("Casus:"), self.case_label)
        form.addRow(tr("Vraag:"), self.question_edit)
        form.addRow(tr("Gegevens:"), facts_box)
        form.addRow("", self.regenerate_button)
        form.addRow(tr("Samenvatting:"), self.summary_edit)
        form.addRow(tr("Tijd (min.):"), self.time_box_spin)
        form.addRow("", self.final_check)
        form.addRow("", self.consent_check)
        form.addRow(tr("Datum:"), self.consent_date)
        form.addRow(tr("Reikwijdte:"), self.consent_scope)
        form.addRow(tr("Geldt voor:"), self.consent_participants)
        for widget in (self.question_edit, self.summary_edit, self.time_box_spin):
            buddy = form.labelForField(widget)
            if isinstance(buddy, QLabel):
                buddy.setBuddy(widget)
        self.item_editor = editor
        layout.addWidget(editor, 2)
        return page

    # --- meeting <-> widgets ------------------------------------------------------------------------------------
    def _load_meeting(self) -> None:
        m = self.meeting
        self.starts_edit.setDateTime(QDateTime(QDate(m.starts_at.year, m.starts_at.month, m.starts_at.day),
                                               QTime(m.starts_at.hour, m.starts_at.minute)))
        self.duration_spin.setValue(m.duration_minutes)
        self.location_edit.setText(m.location)
        self.online_check.setChecked(m.online)
        self.chair_edit.setText(m.chair)
        self.purpose_edit.setPlainText(m.purpose)
        self.kind_combo.setCurrentIndex(self.kind_combo.findData(m.kind.value))
        self.recurrence_combo.setCurrentIndex(self.recurrence_combo.findData(
            m.series.recurrence.value if m.series else ""))
        self.style_combo.setCurrentIndex(self.style_combo.findData(m.pseudonym_style.value))
        self.style_combo.setEnabled(not m.items)
        self._refresh_participants()
        self._refresh_candidates()
        self._refresh_items(0 if m.items else -1)

    def _details_from_widgets(self) -> CaseMeeting:
        dt = self.starts_edit.dateTime()
        d, t = dt.date(), dt.time()
        recurrence = self.recurrence_combo.currentData()
        series = None
        if recurrence:
            series = replace(self.meeting.series, recurrence=Recurrence(recurrence)) if self.meeting.series else \
                Series(Recurrence(recurrence), tr("Casuïstiekoverleg"))
        return replace(self.meeting, starts_at=datetime(d.year(), d.month(), d.day(), t.hour(), t.minute()),
                       duration_minutes=self.duration_spin.value(), location=self.location_edit.text(),
                       online=self.online_check.isChecked(), chair=self.chair_edit.text(),
                       purpose=self.purpose_edit.toPlainText(), kind=MeetingKind(self.kind_combo.currentData()),
                       pseudonym_style=PseudonymStyle(self.style_combo.currentData()), series=series)

    def _refresh_participants(self) -> None:
        self.participant_list.clear()
        for p in self.meeting.participants:
            QListWidgetItem(p.label_nl, self.participant_list)

    def _refresh_candidates(self) -> None:
        on_agenda = {i.case_id for i in self.meeting.items if i.case_id is not None}
        self.candidate_model = CandidateModel(self._candidates, privacy_mode=self._privacy, on_agenda=on_agenda,
                                              parent=self)
        self.candidate_proxy.setSourceModel(self.candidate_model)

    def _labels_for(self, privacy_mode: bool) -> dict[int, str]:
        return {c.case_id: f"{c.case_number} ({display_name(c.name, privacy_mode)})" for c in self._candidates}

    def _item_label(self, item) -> str:
        label = item.pseudonym
        if item.case_id is not None and item.case_id in self._case_labels:
            label += " — " + self._case_labels[item.case_id]
        if item.status_note_nl:
            label += " — " + item.case_state.label_nl
        return label

    def set_privacy_mode(self, enabled: bool) -> None:
        """Presentatiemodus switched: re-render names (initials or not) in place. Everything typed so far (details,
        the item being edited, ticked cases) stays; nothing is saved."""
        enabled = bool(enabled)
        if enabled == self._privacy:
            return
        self._privacy = enabled
        for field in self.sensitive_texts:
            field.set_masked(enabled)
        self._case_labels = self._labels_for(enabled)
        self.candidate_model.set_privacy_mode(enabled)
        for row, item in enumerate(self.meeting.items):
            if row < self.item_list.count():
                self.item_list.item(row).setText(self._item_label(item))
        if 0 <= self._current_item < len(self.meeting.items):
            item = self.meeting.items[self._current_item]
            self.case_label.setText(item.status_note_nl or self._case_labels.get(item.case_id, item.pseudonym))

    def _shown_text(self, text: str) -> str:
        """Question or summary as presentatiemodus shows it, against the resident of the item being edited."""
        index = self._current_item
        case_id = self.meeting.items[index].case_id if 0 <= index < len(self.meeting.items) else None
        name = next((c.name for c in self._candidates if c.case_id == case_id), "")
        return redact_free_text(mask_identifiers(text), name)

    @property
    def privacy_mode(self) -> bool:
        return self._privacy

    def _refresh_items(self, select: int) -> None:
        self._current_item = -1
        self.item_list.blockSignals(True)
        self.item_list.clear()
        for item in self.meeting.items:
            QListWidgetItem(self._item_label(item), self.item_list)
        self.item_list.blockSignals(False)
        if 0 <= select < len(self.meeting.items):
            self.item_list.setCurrentRow(select)
            self._select_item(select)
        else:
            self.item_editor.setEnabled(False)

    def _store_current_item(self) -> bool:
        """Write the editor back into the meeting; False (with a message) when the consent is incomplete."""
        index = self._current_item
        if not 0 <= index < len(self.meeting.items):
            return True
        item = self.meeting.items[index]
        consent = None
        if self.consent_check.isChecked():
            d = self.consent_date.date()
            keys = frozenset(self.consent_participants.item(i).data(Qt.ItemDataRole.UserRole)
                             for i in range(self.consent_participants.count())
                             if self.consent_participants.item(i).checkState() == Qt.CheckState.Checked)
            consent = NamedDiscussionConsent(date(d.year(), d.month(), d.day()), self.consent_scope.text(), keys)
        question, summary = (field.real() for field in self.sensitive_texts)
        item = replace(item, question=question, summary=summary,
                       time_box_minutes=self.time_box_spin.value(), summary_final=self.final_check.isChecked(),
                       consent=consent)
        items = list(self.meeting.items)
        items[index] = item
        self.meeting = replace(self.meeting, items=tuple(items))
        return True

    @Slot(int)
    def _select_item(self, row: int) -> None:
        if self._current_item != row:
            self._store_current_item()
        self._current_item = row
        if not 0 <= row < len(self.meeting.items):
            self.item_editor.setEnabled(False)
            return
        item = self.meeting.items[row]
        self.item_editor.setEnabled(True)
        self.case_label.setText(item.status_note_nl or self._case_labels.get(item.case_id, item.pseudonym))
        for field, text in zip(self.sensitive_texts, (item.question, item.summary)):
            field.set_real(text)
        self.time_box_spin.setValue(item.time_box_minutes)
        self.final_check.setChecked(item.summary_final)
        self.consent_check.setChecked(item.consent is not None)
        given = item.consent.given_on if item.consent else date.today()
        self.consent_date.setDate(QDate(given.year, given.month, given.day))
        self.consent_scope.setText(item.consent.scope if item.consent else tr("Bespreking op naam in dit overleg"))
        self.consent_participants.clear()
        covered = item.consent.participant_keys if item.consent else frozenset()
        for p in self.meeting.participants:
            entry = QListWidgetItem(p.label_nl, self.consent_participants)
            entry.setData(Qt.ItemDataRole.UserRole, p.key)
            entry.setFlags(entry.flags() | Qt.ItemFlag.ItemIsUserCheckable)
            entry.setCheckState(Qt.CheckState.Checked if p.key in covered else Qt.CheckState.Unchecked)

    # --- actions ------------------------------------------------------------------------------------------------
    @Slot()
    def add_participant(self) -> None:
        name = self.partner_pick.currentText().strip()
        if not name:
            set_message(self.message_label, tr("Kies of typ eerst de organisatie."), "warning")
            return
        index = self.partner_pick.findText(name)
        partner_id = self.partner_pick.itemData(index) if index >= 0 else None
        participant = Participant(name, ParticipantRole(self.role_pick.currentData()), partner_id)
        self.meeting = replace(self.meeting, participants=self.meeting.participants + (participant,))
        self._refresh_participants()
        set_message(self.message_label, "")

    @Slot()
    def remove_participant(self) -> None:
        row = self.participant_list.currentRow()
        if 0 <= row < len(self.meeting.participants):
            parts = list(self.meeting.participants)
            del parts[row]
            self.meeting = replace(self.meeting, participants=tuple(parts))
            self._refresh_participants()

    @Slot()
    def add_picked_cases(self) -> None:
        picked = self.candidate_model.picked_ids()
        if not picked:
            set_message(self.message_label, tr("Vink eerst de casussen aan die op de agenda moeten."), "warning")
            return
        self._store_current_item()
        self.meeting = self._details_from_widgets()
        try:
            self.meeting = self._repo.add_cases(self.meeting, picked)
        except Exception as exc:  # noqa: BLE001
            set_message(self.message_label, error_text(exc), "error")
            return
        self.style_combo.setEnabled(False)
        self._refresh_candidates()
        self._refresh_items(len(self.meeting.items) - 1)
        set_message(self.message_label, QCoreApplication.translate(
            "Meetings", "%n casussen op de agenda gezet, elk met een nieuw pseudoniem.", None, len(picked)), "ok")

    def _move(self, offset: int) -> None:
        row = self._current_item
        self._store_current_item()
        moved = move_item(self.meeting, row, offset)
        if moved is not self.meeting:
            self.meeting = moved
            self._refresh_items(row + offset)

    @Slot()
    def remove_item(self) -> None:
        row = self._current_item
        if 0 <= row < len(self.meeting.items):
            items = list(self.meeting.items)
            del items[row]
            self.meeting = replace(self.meeting, items=tuple(items))
            self._refresh_candidates()
            self._refresh_items(min(row, len(items) - 1))

    @Slot()
    def regenerate_summary(self) -> None:
        row = self._current_item
        if not 0 <= row < len(self.meeting.items) or self.meeting.items[row].case_id is None:
            return
        facts = [f for f, check in self.fact_checks.items() if check.isChecked()]
        text = self._repo.generate_summary(self.meeting.items[row].case_id, self._details_from_widgets().date, facts)
        self.sensitive_texts[1].set_real(text)
        self.final_check.setChecked(False)

    @Slot()
    def past_date_warning(self) -> str:
        """A meeting planned in the past is almost always a typo: say so (a warning; recording one afterwards
        stays possible)."""
        starts = self.starts_edit.dateTime().toPython()
        if self.meeting.id is None and starts < datetime.now():
            return tr("Let op: deze datum en tijd liggen in het verleden. Klopt dat?")
        return ""

    @Slot()
    def _check_date(self) -> None:
        warning = self.past_date_warning()
        set_message(self.message_label, warning, "warning")

    def save(self) -> None:
        self._store_current_item()
        self.meeting = self._details_from_widgets()
        try:
            self.saved_id = self._repo.save(self.meeting)
        except Exception as exc:  # noqa: BLE001
            set_message(self.message_label, error_text(exc), "error")
            return
        self.forget_draft()  # saved: a kept draft goes
        self.accept()

    def reject(self) -> None:
        """Cancel: with unsaved input, ask first; a kept draft goes with the cancel."""
        if self.has_unsaved_input() and not messenger().question(
                self, tr("Wijzigingen niet opgeslagen"),
                tr("U hebt wijzigingen aan dit overleg die nog niet zijn opgeslagen. Wilt u ze weggooien?")):
            return
        self.forget_draft()
        super().reject()

    # --- drafts at lock (issue 15, item 6; ui/form_drafts.py) -------------------------------------------------------
    def draft_owner(self) -> dict[str, int]:
        return {"meeting_id": self.meeting.id} if self.meeting.id is not None else {}

    def form_ref(self) -> dict:
        return {"view": "meetings", "kind": DraftKind.MEETING.value, "meeting_id": self.meeting.id,
                "tab": self.tabs.currentIndex(), "item": self._current_item}

    def _draft_widgets(self) -> dict:
        return {"starts_at": self.starts_edit, "duration": self.duration_spin, "location": self.location_edit,
                "online": self.online_check, "chair": self.chair_edit, "purpose": self.purpose_edit,
                "kind": self.kind_combo, "recurrence": self.recurrence_combo, "pseudonym_style": self.style_combo}

    def capture_form(self) -> dict:
        self._store_current_item()  # the item being edited, into the meeting (what switching items does too)
        values = capture_widgets(self._draft_widgets())
        values["participants"] = [[p.organisation, p.role.value, p.partner_id, p.key, p.id]
                                  for p in self.meeting.participants]
        values["items"] = [{
            "id": i.id, "pseudonym": i.pseudonym, "case_id": i.case_id, "question": i.question, "summary": i.summary,
            "summary_final": i.summary_final, "time_box": i.time_box_minutes,
            "consent": [i.consent.given_on.isoformat(), i.consent.scope, sorted(i.consent.participant_keys)]
            if i.consent is not None else None} for i in self.meeting.items]
        values["current_item"] = self._current_item
        # Casussen kiezen: the ticks (case ids) and the search text
        values["picked"] = self.candidate_model.picked_case_ids()
        values["candidate_search"] = self.candidate_search.text()
        return values

    def apply_form(self, values: dict) -> None:
        apply_widgets(self._draft_widgets(), values)
        try:
            participants = tuple(Participant(str(org), ParticipantRole(role), partner_id, str(key), pid)
                                 for org, role, partner_id, key, pid in values.get("participants", []))
            originals = {i.id: i for i in self.meeting.items if i.id is not None}
            items = []
            for entry in values.get("items", []):
                base = originals.get(entry.get("id")) or AgendaItem(str(entry["pseudonym"]))
                consent = entry.get("consent")
                items.append(replace(
                    base, pseudonym=str(entry["pseudonym"]), case_id=entry.get("case_id"),
                    question=str(entry.get("question", "")), summary=str(entry.get("summary", "")),
                    summary_final=bool(entry.get("summary_final")), time_box_minutes=int(entry.get("time_box", 15)),
                    consent=NamedDiscussionConsent(date.fromisoformat(consent[0]), str(consent[1]),
                                                   frozenset(consent[2])) if consent else None))
        except (KeyError, TypeError, ValueError):
            self._apply_candidate_picks(values)
            return  # a draft this form cannot read: keep what the form shows
        self.meeting = replace(self.meeting, participants=participants, items=tuple(items))
        self.style_combo.setEnabled(not self.meeting.items)
        self._refresh_participants()
        self._refresh_candidates()
        current = values.get("current_item", 0)
        self._refresh_items(current if isinstance(current, int) and 0 <= current < len(items) else
                            (0 if items else -1))
        self._apply_candidate_picks(values)

    def _apply_candidate_picks(self, values: dict) -> None:
        """Casussen kiezen as it was: the ticked cases and the search text."""
        picked = values.get("picked")
        if isinstance(picked, list):
            try:
                self.candidate_model.set_picked(picked)
            except (TypeError, ValueError):
                pass  # a draft this form cannot read: the ticks stay as the form shows them
        search = values.get("candidate_search")
        if isinstance(search, str):
            self.candidate_search.setText(search)
