"""The meetings view: upcoming and past meetings, plan/edit, plan the next meeting of a recurring series, agenda and
minutes PDFs, and meeting mode. Presentatiemodus re-renders in place (`set_privacy_mode`): an open planning dialog
keeps what was typed."""
from __future__ import annotations

from pathlib import Path

from PySide6.QtCore import QT_TRANSLATE_NOOP, Qt, Slot
from PySide6.QtWidgets import (QAbstractItemView, QFileDialog, QHeaderView, QLabel, QMenu, QPushButton,
                               QTabBar, QTableView, QVBoxLayout, QWidget)

from ketenregie.documents.letterhead import Letterhead
from ketenregie.domain.meetings import CaseMeeting, CaseState, follow_up, next_occurrences
from ketenregie.store.meeting_repository import MeetingRepository
from ketenregie.store.partner_repository import PartnerRepository
from ketenregie.ui.icons import set_icon
from ketenregie.ui.caseload.data import calendar_for
from ketenregie.ui.meetings import documents, received
from ketenregie.ui.meetings.meeting_mode import MeetingModeWindow, open_meeting_mode
from ketenregie.ui.meetings.models import MeetingListModel, MeetingListProxy, error_text, tr
from ketenregie.ui.meetings.planning import PlanningDialog
from ketenregie.ui.privacy_mode import privacy_mode_for
from ketenregie.ui.style import heading_font, set_message
from ketenregie.ui.file_dialogs import documents_folder
from ketenregie.ui.flow_layout import FlowLayout
from ketenregie.ui.views.registry import VIEWS, ViewContext, ViewSpec


class MeetingsView(QWidget):
    def __init__(self, context: ViewContext, parent: QWidget | None = None, *, output_dir: Path | None = None) -> None:
        super().__init__(parent)
        self._context = context
        register = context.register
        # terms in generated summaries use the real Atw calendar (with the equated days), never an empty one
        self.repository = MeetingRepository(register.db, register.audit, calendar=calendar_for(context.policy))
        self.partners = {p.id: p.name for p in PartnerRepository(register.db).list_partners(include_inactive=True)}
        self.output_dir = output_dir
        self.meeting_mode: MeetingModeWindow | None = None
        self.received_mode: MeetingModeWindow | None = None  # lead meeting mode of a received meeting
        self.ask_result_path = lambda proposal: received.ask_result_path(self, proposal)  # seam
        self.planning_dialog: PlanningDialog | None = None
        self.tasks: list = []
        self.privacy = privacy_mode_for(context)
        self.setAccessibleName(tr("Overleggen"))
        self._build()
        self.privacy.changed.connect(self.set_privacy_mode)
        self.refresh()

    def _build(self) -> None:
        layout = QVBoxLayout(self)
        heading = QLabel(tr("Casuïstiekoverleg"), self)
        heading.setFont(heading_font(self))
        heading.setAccessibleName(tr("Casuïstiekoverleg"))
        layout.addWidget(heading)
        self.tab_bar = QTabBar(self)
        self.tab_bar.setAccessibleName(tr("Komend of geweest"))
        self.tab_bar.addTab(tr("Komend"))
        self.tab_bar.addTab(tr("Geweest"))
        self.tab_bar.currentChanged.connect(lambda index: self.proxy.set_upcoming(index == 0))
        layout.addWidget(self.tab_bar)
        self.model = MeetingListModel(self)
        self.proxy = MeetingListProxy(self)
        self.proxy.setSourceModel(self.model)
        self.table = QTableView(self)
        self.table.setAccessibleName(tr("Overleggen"))
        self.table.setModel(self.proxy)
        self.table.setSortingEnabled(True)
        self.table.sortByColumn(0, Qt.SortOrder.AscendingOrder)
        self.table.setSelectionBehavior(QAbstractItemView.SelectionBehavior.SelectRows)
        self.table.setSelectionMode(QAbstractItemView.SelectionMode.SingleSelection)
        self.table.horizontalHeader().setSectionResizeMode(1, QHeaderView.ResizeMode.Stretch)
        self.table.doubleClicked.connect(self.edit_meeting)
        layout.addWidget(self.table, 1)
        buttons = FlowLayout(spacing=6)  # wraps on a narrow window (1280×720): eight buttons in this row
        self.new_button = QPushButton(tr("&Nieuw overleg…"), self)
        set_icon(self.new_button, "plan-meeting")
        self.edit_button = QPushButton(tr("Be&werken…"), self)
        set_icon(self.edit_button, "edit")
        self.follow_up_button = QPushButton(tr("Vol&gend overleg plannen…"), self)
        set_icon(self.follow_up_button, "plan-meeting")
        self.agenda_button = QPushButton(tr("&Agenda (PDF)…"), self)
        set_icon(self.agenda_button, "pdf")
        self.minutes_button = QPushButton(tr("&Verslag (PDF)…"), self)
        set_icon(self.minutes_button, "pdf")
        self.mode_button = QPushButton(tr("Verga&dermodus"), self)
        set_icon(self.mode_button, "meetings")
        # Printing through the system print dialog, from memory (issue 15 item 11): a menu chooses the document.
        self.print_button = QPushButton(tr("Afdru&kken…"), self)
        set_icon(self.print_button, "print")
        self.print_menu = QMenu(self.print_button)
        self.print_agenda_action = self.print_menu.addAction(tr("Agenda afdrukken…"))
        self.print_minutes_action = self.print_menu.addAction(tr("Verslag afdrukken…"))
        self.print_button.setMenu(self.print_menu)
        self.ask_printer = None  # seam: None = the system print dialog
        self.team_lead_button = QPushButton(tr("Naar &teamleider sturen…"), self)  # issue 14 item 5
        set_icon(self.team_lead_button, "handover")
        # the team lead's received meetings (ui/meetings/received.py): shown only when there are any
        self.result_button = QPushButton(tr("&Resultaat terugsturen…"), self)
        set_icon(self.result_button, "handover")
        for button, name in ((self.new_button, tr("Nieuw overleg plannen")), (self.edit_button, tr("Overleg bewerken")),
                             (self.follow_up_button, tr("Volgend overleg van de reeks plannen")),
                             (self.agenda_button, tr("Agenda als PDF maken")),
                             (self.minutes_button, tr("Verslag als PDF maken")),
                             (self.print_button, tr("Agenda of verslag afdrukken")),
                             (self.mode_button, tr("Vergadermodus starten")),
                             (self.team_lead_button, tr("Agenda naar de teamleider sturen")),
                             (self.result_button, tr("Resultaat van een ontvangen overleg terugsturen"))):
            button.setAccessibleName(name)
            buttons.addWidget(button)
        layout.addLayout(buttons)
        self.message_label = QLabel(self)
        self.message_label.setAccessibleName(tr("Melding"))
        self.message_label.setWordWrap(True)
        set_message(self.message_label, "")
        layout.addWidget(self.message_label)
        self.new_button.clicked.connect(self.new_meeting)
        self.edit_button.clicked.connect(self.edit_meeting)
        self.follow_up_button.clicked.connect(self.plan_follow_up)
        self.agenda_button.clicked.connect(lambda: self.produce("agenda"))
        self.minutes_button.clicked.connect(lambda: self.produce("verslag"))
        self.print_agenda_action.triggered.connect(lambda: self.print_document("agenda"))
        self.print_minutes_action.triggered.connect(lambda: self.print_document("verslag"))
        self.mode_button.clicked.connect(self.start_meeting_mode)
        self.team_lead_button.clicked.connect(self.send_to_team_lead)
        self.result_button.clicked.connect(self.send_result)
        self.result_button.setVisible(False)
        self.table.selectionModel().selectionChanged.connect(self._selection_changed)

    # --- list ---------------------------------------------------------------------------------------------------
    def refresh(self) -> None:
        keep = self.selected_id() if self.model.rowCount() else None
        keep_received = self.selected_received_id() if self.model.rowCount() else None
        rows = self.repository.list_meetings()
        got = received.received_rows(self._context.register)
        if not rows and not got:  # an empty list says what to do (issue 15 item 7)
            set_message(self.message_label, tr("Nog geen overleggen — plan er een met Nieuw overleg (Alt+N)."),
                        "info")
        self.model.set_rows(list(rows) + got)
        self.result_button.setVisible(bool(got))
        if keep is not None:
            self.select_meeting(keep)
        elif keep_received is not None:
            self.select_received(keep_received)
        self._selection_changed()

    def selected_row(self):
        rows = self.table.selectionModel().selectedRows()
        if not rows:
            return None
        return self.model.row_at(self.proxy.mapToSource(rows[0]).row())

    def selected_id(self) -> int | None:
        """The selected OWN meeting's id (None for a received meeting: its id is of another table)."""
        row = self.selected_row()
        return None if row is None or received.is_received(row) else row.id

    def selected_received_id(self) -> int | None:
        row = self.selected_row()
        return row.id if row is not None and received.is_received(row) else None

    def select_meeting(self, meeting_id: int, *, is_received: bool = False) -> None:
        for row in range(self.model.rowCount()):
            found = self.model.row_at(row)
            if found.id == meeting_id and received.is_received(found) == is_received:
                index = self.proxy.mapFromSource(self.model.index(row, 0))
                if not index.isValid():
                    self.tab_bar.setCurrentIndex(1 - self.tab_bar.currentIndex())
                    index = self.proxy.mapFromSource(self.model.index(row, 0))
                self.table.selectRow(index.row())
                return

    def select_received(self, meeting_id: int) -> None:
        self.select_meeting(meeting_id, is_received=True)

    def _need_selection(self) -> int | None:
        meeting_id = self.selected_id()
        if meeting_id is None and self.selected_received_id() is not None:
            set_message(self.message_label, tr("Dit overleg is ontvangen van een ketenregisseur: zit het voor met "
                                               "Vergadermodus en stuur daarna het resultaat terug. Bewerken, agenda "
                                               "en verslag horen bij de ketenregisseur."), "warning")
        elif meeting_id is None:
            set_message(self.message_label, tr("Kies eerst een overleg in de lijst."), "warning")
        return meeting_id

    @Slot()
    def _selection_changed(self, *_args) -> None:
        """A received meeting takes Vergadermodus and Resultaat terugsturen only; the own-meeting buttons rest."""
        is_received = self.selected_received_id() is not None
        for button in (self.edit_button, self.follow_up_button, self.agenda_button, self.minutes_button,
                       self.print_button, self.team_lead_button):
            button.setEnabled(not is_received)
        self.result_button.setEnabled(is_received)

    # --- actions ------------------------------------------------------------------------------------------------
    @Slot()
    def new_meeting(self) -> PlanningDialog:
        return self._open_planning(None)

    @Slot()
    def edit_meeting(self) -> PlanningDialog | None:
        meeting_id = self._need_selection()
        if meeting_id is None:
            return None
        try:
            meeting = self.repository.get(meeting_id)
        except Exception as exc:  # noqa: BLE001
            set_message(self.message_label, error_text(exc), "error")
            return None
        return self._open_planning(meeting)

    @Slot()
    def plan_follow_up(self) -> PlanningDialog | None:
        """The next meeting of the selected meeting's series: same purpose, chair, place and organisations, an
        empty agenda (pseudonyms and consent never carry over), on the first date of the series' rhythm after the
        selected meeting that has no meeting yet. Opens the planning dialog; nothing is saved until the user saves."""
        meeting_id = self._need_selection()
        if meeting_id is None:
            return None
        try:
            meeting = self.repository.get(meeting_id, audit=False)
        except Exception as exc:  # noqa: BLE001
            set_message(self.message_label, error_text(exc), "error")
            return None
        if meeting.series is None:
            set_message(self.message_label, tr("Dit overleg hoort niet bij een reeks. Kies bij Bewerken hoe vaak het "
                                               "overleg terugkomt, of plan een nieuw overleg."), "warning")
            return None
        dialog = self._open_planning(self.follow_up_of(meeting))
        dialog.setWindowTitle(tr("Volgend overleg plannen"))
        dialog.setAccessibleName(dialog.windowTitle())
        return dialog

    def follow_up_of(self, meeting: CaseMeeting) -> CaseMeeting:
        taken = {row.starts_at for row in self.repository.list_meetings()}
        candidates = next_occurrences(meeting.starts_at, meeting.series.recurrence, 60)
        starts_at = next((when for when in candidates if when not in taken), candidates[-1])
        return follow_up(meeting, starts_at)

    def _open_planning(self, meeting) -> PlanningDialog:
        from ketenregie.services.form_drafts import FormDraftService  # noqa: PLC0415

        dialog = PlanningDialog(self.repository, meeting, partners=self.partners,
                                privacy_mode=self.privacy.enabled, parent=self,
                                drafts=FormDraftService(self._context.register))
        dialog.setAttribute(Qt.WidgetAttribute.WA_DeleteOnClose)
        dialog.accepted.connect(lambda: self._planning_saved(dialog.saved_id))
        dialog.finished.connect(self._planning_finished)
        self.planning_dialog = dialog
        dialog.open()
        return dialog

    def _planning_saved(self, meeting_id: int | None) -> None:
        self.refresh()
        if meeting_id is not None:
            self.select_meeting(meeting_id)
            set_message(self.message_label, tr("Het overleg is opgeslagen."), "ok")

    @Slot(int)
    def _planning_finished(self, _result: int) -> None:
        self.planning_dialog = None

    def _target_dir(self) -> Path | None:
        if self.output_dir is not None:
            return self.output_dir
        chosen = QFileDialog.getExistingDirectory(self, tr("Map voor de PDF kiezen"), str(documents_folder()))
        return Path(chosen) if chosen else None

    def produce(self, kind: str):
        meeting_id = self._need_selection()
        if meeting_id is None:
            return None
        target = self._target_dir()
        if target is None:
            return None
        try:
            meeting = self.repository.get(meeting_id, audit=False)
            policy = self._context.policy
            letterhead = Letterhead.from_policy(policy) if policy is not None else None
            task = documents.produce(self.repository, meeting, kind, target, letterhead=letterhead,
                                     on_success=self._produced, on_failure=self._produce_failed)
        except Exception as exc:  # noqa: BLE001
            set_message(self.message_label, error_text(exc), "error")
            return None
        set_message(self.message_label, tr("De PDF wordt gemaakt…"))
        if any(i.case_state != CaseState.ACTIVE for i in meeting.items):
            set_message(self.message_label, tr("De PDF wordt gemaakt. Let op: niet elke casus op de agenda loopt "
                                               "nog; de PDF vermeldt dat per punt."), "warning")
        self.tasks.append(task)
        return task

    def print_document(self, kind: str):
        """Print the agenda or minutes of the selected meeting through the system print dialog: rendered in memory on
        a worker, never written to a file; one PRINT audit entry once it went to the printer. Returns the PrintJob."""
        from ketenregie.ui.printing import print_rendered  # noqa: PLC0415 - QtPrintSupport on first use

        meeting_id = self._need_selection()
        if meeting_id is None:
            return None
        try:
            meeting = self.repository.get(meeting_id, audit=False)
            policy = self._context.policy
            letterhead = Letterhead.from_policy(policy) if policy is not None else None
            render = documents.prepare(self.repository, meeting, kind, letterhead=letterhead)
        except Exception as exc:  # noqa: BLE001
            set_message(self.message_label, error_text(exc), "error")
            return None
        set_message(self.message_label, tr("Het document wordt klaargemaakt om af te drukken…"))

        def done(printed: bool) -> None:
            if printed:
                self.repository.log_document(meeting_id, kind)
                set_message(self.message_label, tr("Naar de printer gestuurd."), "ok")
            else:
                set_message(self.message_label, tr("Afdrukken geannuleerd."))

        job = print_rendered(self, render, ask=self.ask_printer, on_done=done, on_failure=self._produce_failed)
        self.tasks.append(job)
        return job

    @Slot(object)
    def _produced(self, path) -> None:
        set_message(self.message_label, tr("Opgeslagen als {name}.").format(name=Path(path).name), "ok")

    @Slot(object)
    def _produce_failed(self, exc) -> None:
        set_message(self.message_label, error_text(exc), "error")

    @Slot()
    def start_meeting_mode(self) -> MeetingModeWindow | None:
        received_id = self.selected_received_id()
        if received_id is not None:
            return self.start_received_mode(received_id)
        meeting_id = self._need_selection()
        if meeting_id is None:
            return None
        open_already = open_meeting_mode(meeting_id, received=False)
        if open_already is not None:
            return open_already
        from ketenregie.services.form_drafts import FormDraftService  # noqa: PLC0415

        window = MeetingModeWindow(self.repository, meeting_id, partners=self.partners,
                                   drafts=FormDraftService(self._context.register))
        window.setAttribute(Qt.WidgetAttribute.WA_DeleteOnClose)
        window.closed.connect(self._meeting_mode_closed)
        self.meeting_mode = window
        lock_manager = self._context.lock_manager
        if lock_manager is not None:  # shared for an hour: idle time up to the policy's maximum (issue 15 item 6)
            lock_manager.extend_idle(self)
        window.showFullScreen()
        return window

    @Slot()
    def _meeting_mode_closed(self) -> None:
        self.meeting_mode = None
        if self._context.lock_manager is not None:
            self._context.lock_manager.end_extension(self)
        self.refresh()

    def start_received_mode(self, meeting_id: int) -> MeetingModeWindow:
        """The team lead chairs a received meeting: the lead meeting mode (pseudonyms only, no case)."""
        open_already = open_meeting_mode(meeting_id, received=True)
        if open_already is not None:
            return open_already
        window = received.start_meeting_mode(self, self._context.register, meeting_id)
        window.closed.connect(self._received_mode_closed)
        self.received_mode = window
        if self._context.lock_manager is not None:
            self._context.lock_manager.extend_idle(self)
        window.showFullScreen()
        return window

    @Slot()
    def _received_mode_closed(self) -> None:
        self.received_mode = None
        if self._context.lock_manager is not None:
            self._context.lock_manager.end_extension(self)
        self.refresh()

    @Slot()
    def send_result(self):
        """The selected received meeting's agreements and actions back to the ketenregisseur who sent it."""
        row = self.selected_row()
        if row is None or not received.is_received(row):
            set_message(self.message_label, tr("Kies eerst een ontvangen overleg in de lijst."), "warning")
            return None
        target, text, kind = received.send_result(self, received.meeting_service(self._context.register), row,
                                                  self.ask_result_path)
        if text:
            set_message(self.message_label, text, kind)
        if target is not None:
            self.refresh()
            self.select_received(row.id)
            set_message(self.message_label, text, kind)
        return target

    @Slot()
    def send_to_team_lead(self):
        """The selected planned meeting as a meeting bundle for the team lead (ui/team/meeting_dialogs.py)."""
        from ketenregie.ui.team import meeting_dialogs

        meeting_id = self._need_selection()
        if meeting_id is None:
            return None
        return meeting_dialogs.send_meeting_bundle(self, self._context.register, meeting_id,
                                                   **getattr(self, "team_lead_seams", {}))

    @Slot(bool)
    def set_privacy_mode(self, enabled: bool) -> None:
        """Presentatiemodus switched: the list holds no names; the planning dialog re-renders names in place (keeping
        what was typed); meeting mode shows pseudonyms only either way."""
        if self.planning_dialog is not None:
            self.planning_dialog.set_privacy_mode(enabled)
        if self.meeting_mode is not None:
            self.meeting_mode.set_privacy_mode(enabled)
        if self.received_mode is not None:
            self.received_mode.set_privacy_mode(enabled)

    # --- where was I (issue 15, item 6; ui/resume.py): ids only, kept in memory during the lock -------------------
    def resume_state(self) -> dict:
        state: dict = {}
        selected = self.selected_id()
        if selected is not None:
            state["meeting_id"] = selected
        elif self.selected_received_id() is not None:  # a received meeting (its mode closes at the lock)
            state["received_meeting_id"] = self.selected_received_id()
        mode = self.meeting_mode
        if mode is not None and mode.meeting is not None and mode.meeting.id is not None:
            # meeting mode is a window of its own: come back to it at the unlock, not only when Overleggen is shown
            state.update({"mode_meeting_id": mode.meeting.id, "mode_item": mode.current_index, "window_open": True})
        return state

    def restore_state(self, state: dict) -> None:
        """Select the meeting that was selected, and start meeting mode again on the same agenda item."""
        mode_meeting = state.get("mode_meeting_id")
        if mode_meeting is not None:
            self.select_meeting(int(mode_meeting))
            if self.selected_id() == mode_meeting:
                window = self.start_meeting_mode()
                if window is not None:
                    window.show_item_at(int(state.get("mode_item", 0)))
        if state.get("meeting_id") is not None:
            self.select_meeting(int(state["meeting_id"]))
        elif state.get("received_meeting_id") is not None:
            self.select_received(int(state["received_meeting_id"]))

    def reopen_form(self, ref: dict):
        """Reopen the planning dialog that was open before the lock (a new meeting when it had no id), or meeting
        mode with the record being typed."""
        meeting_id = ref.get("meeting_id")
        if ref.get("kind") == "meeting_record":
            mode = self.meeting_mode
            if mode is None or mode.meeting is None or mode.meeting.id != meeting_id:
                self.select_meeting(int(meeting_id))
                mode = self.start_meeting_mode() if self.selected_id() == meeting_id else None
            if mode is not None and isinstance(ref.get("item"), int):
                mode.show_item_at(ref["item"])
            return mode
        meeting = self.repository.get(int(meeting_id)) if meeting_id is not None else None
        dialog = self._open_planning(meeting)
        if isinstance(ref.get("tab"), int):
            dialog.tabs.setCurrentIndex(ref["tab"])
        item = ref.get("item")
        if isinstance(item, int) and 0 <= item < dialog.item_list.count():
            dialog.item_list.setCurrentRow(item)
        return dialog

    def release(self) -> None:
        """On lock: close meeting mode and the planning dialog, drop every model."""
        if self._context.lock_manager is not None:
            self._context.lock_manager.end_extension(self)
        if self.meeting_mode is not None:
            self.meeting_mode.release()
            self.meeting_mode.close()
            self.meeting_mode = None
        if self.received_mode is not None:
            self.received_mode.release()
            self.received_mode.close()
            self.received_mode = None
        if self.planning_dialog is not None:
            self.planning_dialog.done(0)
            self.planning_dialog = None
        self.model.set_rows([])


def _factory(context: ViewContext) -> QWidget:
    return MeetingsView(context)


SPEC = VIEWS.register(ViewSpec("meetings", QT_TRANSLATE_NOOP("Views", "Overleggen"), _factory, 20, QT_TRANSLATE_NOOP(
    "Views", "Casuïstiekoverleg plannen met pseudoniemen per overleg, agenda en verslag maken en het overleg "
             "voorzitten in de vergadermodus.")), replace=True)
