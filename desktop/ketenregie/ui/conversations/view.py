"""The conversations view: choose a case, see its bridge over time, start or resume a conversation, and make the
resident's summary and the bridge picture as PDF (off the UI thread).

Presentatiemodus toggles in place (`set_privacy_mode`, connected to the window's PrivacyMode service): the case list
shows initials and an open conversation re-renders without losing its draft."""
from __future__ import annotations

import functools
from pathlib import Path

from PySide6.QtCore import (QT_TRANSLATE_NOOP, QAbstractTableModel, QModelIndex, QSortFilterProxyModel, Qt,
                            Slot)
from PySide6.QtWidgets import (QAbstractItemView, QComboBox, QFileDialog, QHBoxLayout, QHeaderView, QLabel,
                               QLineEdit, QPushButton, QSplitter, QStackedWidget, QTableView, QVBoxLayout, QWidget)

from ketenregie.atomic import write_atomic
from ketenregie.checklist_source import active_bridge, active_checklist, active_document_list
from ketenregie.documents import bridge_chart, resident_summary
from ketenregie.domain.audit import AuditAction
from ketenregie.domain.bridge import BridgeProgress
from ketenregie.domain.cases import Phase
from ketenregie.domain.conversations import Conversation, ConversationKind, Stage
from ketenregie.domain.privacy_display import display_name
from ketenregie.paths import ensure_private_dir
from ketenregie.store.case_repository import CaseRepository
from ketenregie.store.conversation_repository import ConversationRepository, conversation_ref
from ketenregie.store.partner_repository import PartnerRepository
from ketenregie.ui.icons import set_icon
from ketenregie.ui.keyboard import focus_first_field
from ketenregie.ui.background import run_in_background
from ketenregie.ui.conversations.bridge_widget import BridgeChartWidget
from ketenregie.ui.conversations.mode import ConversationMode, name_internals, tr
from ketenregie.ui.privacy_mode import privacy_mode_for
from ketenregie.ui.style import heading_font, message_label, set_message
from ketenregie.ui.file_dialogs import documents_folder
from ketenregie.ui.views.registry import VIEWS, ViewContext, ViewSpec


class CaseListModel(QAbstractTableModel):
    HEADERS = (QT_TRANSLATE_NOOP("Conversations", "Casus"), QT_TRANSLATE_NOOP("Conversations", "Inwoner"),
               QT_TRANSLATE_NOOP("Conversations", "Fase"))

    def __init__(self, parent=None) -> None:
        super().__init__(parent)
        self._rows: list[tuple[str, str, str]] = []

    def set_rows(self, rows: list[tuple[str, str, str]]) -> None:
        self.beginResetModel()
        self._rows = rows
        self.endResetModel()

    def rowCount(self, parent=QModelIndex()) -> int:  # noqa: N802
        return 0 if parent.isValid() else len(self._rows)

    def columnCount(self, parent=QModelIndex()) -> int:  # noqa: N802
        return 0 if parent.isValid() else 3

    def data(self, index, role=Qt.ItemDataRole.DisplayRole):
        if not index.isValid():
            return None
        if role in (Qt.ItemDataRole.DisplayRole, Qt.ItemDataRole.AccessibleTextRole):
            return self._rows[index.row()][index.column()]
        if role == Qt.ItemDataRole.UserRole:
            return self._rows[index.row()][0]
        return None

    def headerData(self, section, orientation, role=Qt.ItemDataRole.DisplayRole):  # noqa: N802
        if orientation == Qt.Orientation.Horizontal and role == Qt.ItemDataRole.DisplayRole:
            return tr(self.HEADERS[section])
        return None


class ConversationsView(QWidget):
    def __init__(self, context: ViewContext, parent: QWidget | None = None, *, output_dir: Path | None = None) -> None:
        super().__init__(parent)
        register = context.register
        self._context = context
        self.audit = register.audit
        self.cases = CaseRepository(register.db, register.audit)
        self.repository = ConversationRepository(register.db, register.audit, cases=self.cases)
        self.checklist = active_checklist()
        self.bridge_load = active_bridge(context.policy)
        self.output_dir = output_dir
        self.mode: ConversationMode | None = None
        self.tasks: list = []
        self.written: list[Path] = []
        self.ask_printer = None  # seam: None = the system print dialog
        self.partners = PartnerRepository(register.db)
        self.document_list = active_document_list()
        self._names: dict[str, str] = {}  # case number -> recorded name, for the open conversation's header
        self.privacy = privacy_mode_for(context)
        self.privacy_mode = self.privacy.enabled
        self.setAccessibleName(tr("Gesprekken"))
        self._build()
        self.refresh()
        self.privacy.changed.connect(self.set_privacy_mode)

    # --- layout ---------------------------------------------------------------------------------------------------
    def _build(self) -> None:
        outer = QVBoxLayout(self)
        self.stack = QStackedWidget(self)
        self.stack.setAccessibleName(tr("Gesprekken"))
        outer.addWidget(self.stack)
        landing = QWidget(self.stack)
        layout = QVBoxLayout(landing)
        heading = QLabel(tr("Gesprekken"), landing)
        heading.setFont(heading_font(landing))
        heading.setAccessibleName(tr("Gesprekken"))
        layout.addWidget(heading)
        self.bridge_warning = QLabel(landing)
        self.bridge_warning.setWordWrap(True)
        self.bridge_warning.setAccessibleName(tr("Waarschuwing over de brug"))
        set_message(self.bridge_warning, self.bridge_load.warning, "warning")
        layout.addWidget(self.bridge_warning)

        drafts = QHBoxLayout()
        self.draft_combo = QComboBox(landing)
        self.draft_combo.setAccessibleName(tr("Concepten van gesprekken"))
        self.resume_button = QPushButton(tr("&Verder met dit gesprek"), landing)
        self.resume_button.setAccessibleName(tr("Verder met het gekozen conceptgesprek"))
        drafts.addWidget(QLabel(tr("Nog niet afgerond:"), landing))
        drafts.addWidget(self.draft_combo, 1)
        drafts.addWidget(self.resume_button)
        layout.addLayout(drafts)

        split = QSplitter(Qt.Orientation.Horizontal, landing)
        split.setChildrenCollapsible(False)
        left = QWidget(split)
        left_layout = QVBoxLayout(left)
        self.search_edit = QLineEdit(left)
        self.search_edit.setPlaceholderText(tr("Zoek op casusnummer of naam"))
        self.search_edit.setAccessibleName(tr("Zoeken in casussen"))
        self.model = CaseListModel(self)
        self.proxy = QSortFilterProxyModel(self)
        self.proxy.setSourceModel(self.model)
        self.proxy.setFilterKeyColumn(-1)
        self.proxy.setFilterCaseSensitivity(Qt.CaseSensitivity.CaseInsensitive)
        self.search_edit.textChanged.connect(self.proxy.setFilterFixedString)
        self.table = QTableView(left)
        self.table.setAccessibleName(tr("Casussen"))
        self.table.setModel(self.proxy)
        self.table.setSortingEnabled(True)
        self.table.setSelectionBehavior(QAbstractItemView.SelectionBehavior.SelectRows)
        self.table.setSelectionMode(QAbstractItemView.SelectionMode.SingleSelection)
        self.table.horizontalHeader().setSectionResizeMode(1, QHeaderView.ResizeMode.Stretch)
        self.table.setWordWrap(False)  # one line per case, names elide instead of wrapping into the row
        self.table.verticalHeader().hide()
        left.setMinimumWidth(self.table.fontMetrics().horizontalAdvance(
            "2026-00000  M. van der Bedachtsma  Traject bij partner") + 60)
        self.table.selectionModel().selectionChanged.connect(lambda *_: self._case_changed())
        left_layout.addWidget(self.search_edit)
        left_layout.addWidget(self.table, 1)
        right = QWidget(split)
        right_layout = QVBoxLayout(right)
        self.chart = BridgeChartWidget(right)
        self.chart_caption = QLabel(right)
        self.chart_caption.setWordWrap(True)
        self.chart_caption.setAccessibleName(tr("De brug in woorden"))
        right_layout.addWidget(self.chart, 1)
        right_layout.addWidget(self.chart_caption)
        split.addWidget(left)
        split.addWidget(right)
        split.setStretchFactor(1, 1)
        layout.addWidget(split, 1)

        buttons = QHBoxLayout()
        self.kind_combo = QComboBox(landing)
        self.kind_combo.setAccessibleName(tr("Soort gesprek"))
        for kind in ConversationKind:
            self.kind_combo.addItem(kind.label_nl, kind.value)
        self.new_button = QPushButton(tr("&Nieuw gesprek"), landing)
        set_icon(self.new_button, "conversations")
        self.new_button.setAccessibleName(tr("Nieuw gesprek beginnen met de gekozen casus"))
        self.chart_button = QPushButton(tr("B&rugplaatje (PDF)…"), landing)
        set_icon(self.chart_button, "pdf")
        self.chart_button.setAccessibleName(tr("Brugplaatje als PDF maken"))
        self.chart_print_button = QPushButton(tr("Brugplaatje afdru&kken…"), landing)
        set_icon(self.chart_print_button, "print")
        self.chart_print_button.setAccessibleName(tr("Brugplaatje afdrukken"))
        buttons.addWidget(self.kind_combo)
        buttons.addWidget(self.new_button)
        buttons.addWidget(self.chart_button)
        buttons.addWidget(self.chart_print_button)
        buttons.addStretch(1)
        layout.addLayout(buttons)
        self.message_label = message_label(landing, tr("Melding"))
        layout.addWidget(self.message_label)
        self.stack.addWidget(landing)
        self.landing = landing

        self.new_button.clicked.connect(self.new_conversation)
        self.resume_button.clicked.connect(self.resume_selected_draft)
        self.chart_button.clicked.connect(self.export_chart)
        self.chart_print_button.clicked.connect(self.print_chart)
        name_internals(self)

    # --- data -----------------------------------------------------------------------------------------------------
    def refresh(self, select: str | None = None) -> None:
        select = select or self.selected_case()
        rows = []
        self._names = {}
        for number, name, phase in self.repository.case_choices():
            self._names[number] = name
            rows.append((number, display_name(name, self.privacy_mode), Phase.from_code(phase).label_nl))
        self.model.set_rows(rows)
        self.draft_combo.clear()
        for draft in self.repository.drafts():
            self.draft_combo.addItem(tr("{number}: {kind} van {day} ({stage})").format(
                number=draft.case_number, kind=draft.kind.label_nl, day=draft.held_on.strftime("%d-%m-%Y"),
                stage=draft.stage.label_nl), draft.conversation_id)
        has_drafts = self.draft_combo.count() > 0
        self.draft_combo.setEnabled(has_drafts)
        self.resume_button.setEnabled(has_drafts)
        if select:
            self.select_case(select)
        self._case_changed()

    def selected_case(self) -> str | None:
        rows = self.table.selectionModel().selectedRows()
        return self.proxy.data(rows[0], Qt.ItemDataRole.UserRole) if rows else None

    def select_case(self, case_number: str) -> None:
        for row in range(self.proxy.rowCount()):
            if self.proxy.data(self.proxy.index(row, 0), Qt.ItemDataRole.UserRole) == case_number:
                self.table.selectRow(row)
                return

    def progress(self, case_number: str) -> BridgeProgress:
        return self.repository.progress(case_number, self.bridge_load.bridge)

    def _case_changed(self) -> None:
        number = self.selected_case()
        self.new_button.setEnabled(number is not None)
        self.chart_button.setEnabled(number is not None)
        self.chart_print_button.setEnabled(number is not None)
        progress = self.progress(number) if number else None
        self.chart.set_progress(progress)
        self.chart_caption.setText(progress.text_alternative() if progress else
                                   tr("Kies een casus om de brug over tijd te zien."))

    # --- conversation mode ----------------------------------------------------------------------------------------
    @Slot()
    def new_conversation(self) -> None:
        number = self.selected_case()
        if number is None:
            return
        kind = ConversationKind(self.kind_combo.currentData())
        conversation = self.repository.start(number, kind)
        self.open_mode(conversation, number)

    @Slot()
    def resume_selected_draft(self) -> None:
        conversation_id = self.draft_combo.currentData()
        if conversation_id is not None:
            self.resume(int(conversation_id))

    def resume(self, conversation_id: int) -> None:
        conversation = self.repository.resume(conversation_id)
        self.open_mode(conversation, self.repository.case_number_of(conversation))

    def open_mode(self, conversation: Conversation, case_number: str) -> None:
        self.close_mode()
        if case_number not in self._names:
            self._names = {number: name for number, name, _phase in self.repository.case_choices()}
        self.mode = ConversationMode(repository=self.repository, conversation=conversation, case_number=case_number,
                                     checklist=self.checklist, bridge=self.bridge_load.bridge,
                                     open_steps=self.repository.open_steps(case_number),
                                     on_print=self.export_summary, on_paper=self.print_summary,
                                     parent=self.stack,
                                     partners=[(p.id, p.name) for p in self.partners.list_partners()],
                                     document_choices=self.document_list.texts,
                                     resident_name=self._names.get(case_number, ""), privacy=self.privacy_mode)
        self.mode.closed.connect(self._mode_closed)
        self.stack.addWidget(self.mode)
        self.stack.setCurrentWidget(self.mode)
        focus_first_field(self.mode)

    def close_mode(self) -> None:
        if self.mode is not None:
            self.mode.release()
            self.stack.removeWidget(self.mode)
            self.mode.deleteLater()
            self.mode = None

    @Slot()
    def _mode_closed(self) -> None:
        number = self.mode.case_number if self.mode is not None else None
        self.close_mode()
        self.stack.setCurrentWidget(self.landing)
        self.refresh(select=number)

    # --- PDFs -----------------------------------------------------------------------------------------------------
    def _target_dir(self) -> Path | None:
        if self.output_dir is not None:
            return self.output_dir
        chosen = QFileDialog.getExistingDirectory(self, tr("Map voor de PDF"), str(documents_folder()))
        return Path(chosen) if chosen else None

    def _summary(self, conversation: Conversation):
        """(render, file name, audit reference) of the resident's B1 summary of `conversation`."""
        number = self.repository.case_number_of(conversation)
        organisation = self._context.policy.get("LetterheadName") if self._context.policy else "de gemeente"
        partner_names = {p.id: p.name for p in self.partners.list_partners(include_inactive=True)}
        summary = resident_summary.ResidentSummary.from_conversation(number, conversation,
                                                                     partner_names=partner_names,
                                                                     organisation=organisation or "de gemeente")
        return (functools.partial(resident_summary.render_resident_summary, summary),
                resident_summary.file_name(number, conversation.held_on), conversation_ref(number, conversation.id))

    def _chart(self, number: str):
        """(render, file name, audit reference) of the bridge picture of case `number`."""
        from datetime import date

        progress = self.progress(number)
        return (functools.partial(bridge_chart.render_bridge_chart, progress, number),
                bridge_chart.file_name(number, date.today()), f"case:{number}")

    def export_summary(self, conversation: Conversation) -> None:
        out_dir = self._target_dir()
        if out_dir is None:
            return
        render, name, ref = self._summary(conversation)
        self._write(lambda _value: render(), None, out_dir / name, ref)

    @Slot()
    def export_chart(self) -> None:
        number = self.selected_case()
        if number is None:
            return
        out_dir = self._target_dir()
        if out_dir is None:
            return
        render, name, ref = self._chart(number)
        self._write(lambda _value: render(), None, out_dir / name, ref)

    # --- printing (issue 15 item 11): rendered in memory, through the system print dialog ---------------------------
    def print_summary(self, conversation: Conversation):
        """Print the resident's summary; returns the PrintJob."""
        render, _name, ref = self._summary(conversation)
        return self._print(render, ref)

    @Slot()
    def print_chart(self):
        number = self.selected_case()
        if number is None:
            return None
        render, _name, ref = self._chart(number)
        return self._print(render, ref)

    def _print(self, render, audit_ref: str):
        from ketenregie.ui.printing import print_rendered  # noqa: PLC0415 - QtPrintSupport on first use

        audit = self.audit
        message = self.mode.message_label if self.mode is not None else self.message_label

        def done(printed: bool) -> None:
            label = self.mode.message_label if self.mode is not None else self.message_label
            if printed:
                audit.record(AuditAction.PRINT, audit_ref)  # only once it went to the printer
                set_message(label, tr("Naar de printer gestuurd."), "ok")
            else:
                set_message(label, tr("Afdrukken geannuleerd."))

        set_message(message, tr("Het document wordt klaargemaakt om af te drukken…"))
        job = print_rendered(self, render, ask=self.ask_printer, on_done=done, on_failure=self._print_failed)
        self.tasks.append(job)
        return job

    @Slot(object)
    def _print_failed(self, _exc: BaseException) -> None:
        label = self.mode.message_label if self.mode is not None else self.message_label
        set_message(label, tr("Het document kon niet worden afgedrukt. Controleer de printer."), "error")

    def _write(self, render, value, target: Path, audit_ref: str) -> None:
        audit = self.audit

        def work() -> Path:
            ensure_private_dir(target.parent)
            write_atomic(target, render(value))
            audit.record(AuditAction.PRINT, audit_ref)  # only once the file really exists
            return target

        message = self.mode.message_label if self.mode is not None else self.message_label
        lock_manager = self._context.lock_manager  # a lock meanwhile waits until the audit entry is written
        if lock_manager is not None:
            lock_manager.begin_operation()
        task = run_in_background(work, on_success=self._written, on_failure=self._write_failed)
        if lock_manager is not None:
            task.finished.connect(lock_manager.end_operation)
        self.tasks.append(task)
        set_message(message, tr("Bezig met de PDF…"))

    @Slot(object)
    def _written(self, path: Path) -> None:
        self.written.append(path)
        label = self.mode.message_label if self.mode is not None else self.message_label
        set_message(label, tr("PDF bewaard als {name}.").format(name=path.name), "ok")

    @Slot(object)
    def _write_failed(self, _exc: BaseException) -> None:
        label = self.mode.message_label if self.mode is not None else self.message_label
        set_message(label, tr("De PDF kon niet worden bewaard. Kies een andere map."), "error")

    # --- presentatiemodus ------------------------------------------------------------------------------------------
    @Slot(bool)
    def set_privacy_mode(self, enabled: bool) -> None:
        """Re-render in place: the case list with initials or names, and the open conversation (its draft is kept)."""
        self.privacy_mode = bool(enabled)
        if self.mode is not None:
            self.mode.set_privacy_mode(self.privacy_mode)
        self.refresh()

    # --- where was I (issue 15, item 6; ui/resume.py): ids only, kept in memory during the lock -------------------
    def resume_state(self) -> dict:
        state: dict = {}
        number = self.selected_case()
        if number:
            state["case_number"] = number
        if self.mode is not None and self.mode.conversation.id is not None:
            self.mode.flush()  # the conversation's own draft is in the register before the lock (it is anyway)
            state.update({"conversation_id": self.mode.conversation.id, "stage": self.mode.stage.value,
                          "position": self.mode.conversation.position})
        return state

    def restore_state(self, state: dict) -> None:
        """Select the case again and reopen the conversation at the same step."""
        if state.get("case_number"):
            self.select_case(state["case_number"])
        conversation_id = state.get("conversation_id")
        if conversation_id is None:
            return
        self.resume(int(conversation_id))
        if self.mode is not None and state.get("stage"):
            position = state.get("position")
            self.mode.show_stage(Stage(state["stage"]), position if isinstance(position, int) else None)

    # --- lock -----------------------------------------------------------------------------------------------------
    def release(self) -> None:
        """On lock: save the pending draft changes first (the register is still open), then drop everything."""
        try:
            self.privacy.changed.disconnect(self.set_privacy_mode)
        except (RuntimeError, TypeError):
            pass
        if self.mode is not None:
            self.mode.release()
        self.close_mode()
        self.model.set_rows([])
        self.chart.set_progress(None)


def _factory(context: ViewContext) -> QWidget:
    return ConversationsView(context)


SPEC = VIEWS.register(ViewSpec("conversations", QT_TRANSLATE_NOOP("Views", "Gesprekken"), _factory, 30,
                               QT_TRANSLATE_NOOP("Views", "Gesprekken voeren en vastleggen: de checklist voor een "
                                                          "stressbewust gesprek, de brug naar zelfredzaamheid, "
                                                          "doelen met kleine stappen en een samenvatting voor de "
                                                          "inwoner.")), replace=True)
