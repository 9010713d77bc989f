"""Vroegsignalering: the work queues (werkbakjes) with counts, filters, the signal-case detail, manual entry, file
imports off the UI thread with preview, progress and cancel, outreach (letter PDF, SMS through the clipboard guard,
contact attempts in one click), the outcome ("help accepted" starts or links a case), the DDAS export and the
feedback to signal partners. Everything goes through services/signals.py.

Presentatiemodus: names as initials, postcodes, addresses, phone numbers and e-mail masked, in the list and in the
detail. Keyboard: every action has a mnemonic or shortcut; every control an accessible name.
"""
from __future__ import annotations

import threading
from collections.abc import Callable
from datetime import date, timedelta
from pathlib import Path

from PySide6.QtCore import QT_TRANSLATE_NOOP, QCoreApplication, QObject, Qt, Signal, Slot
from PySide6.QtGui import QKeySequence, QShortcut
from PySide6.QtWidgets import (QAbstractItemView, QButtonGroup, QCheckBox, QComboBox, QDialog, QFileDialog,
                               QGridLayout, QHBoxLayout, QHeaderView, QLabel, QLineEdit, QProgressBar, QPushButton,
                               QSplitter, QTableView, QVBoxLayout, QWidget)

from ketenregie.domain.signals.codes import ContactKind, Outcome, SignalPartnerKind
from ketenregie.domain.signals.filters import SignalFilter, queue_counts
from ketenregie.domain.signals.triage import OPEN_QUEUES, Queue, Route, case_queue
from ketenregie.services.signals import (BSN_WARNING, ParsedFile, SignalError, SignalService, counts_nl)
from ketenregie.ui.icons import set_icon
from ketenregie.ui.background import run_in_background
from ketenregie.ui.privacy_mode import privacy_mode_for
from ketenregie.ui.signals.dialogs import ManualSignalDialog, MappingDialog, PeriodDialog
from ketenregie.ui.signals.model import SignalCaseModel
from ketenregie.ui.style import heading_font, message_label, set_message
from ketenregie.ui.views.registry import VIEWS, ViewContext, ViewSpec


def tr(text: str) -> str:
    return QCoreApplication.translate("SignalsView", text)


def _dmy(day: date | None) -> str:
    return day.strftime("%d-%m-%Y") if day else ""


# one-click contact attempts: (button text, kind, reached)
QUICK_ATTEMPTS: tuple[tuple[str, ContactKind, bool], ...] = (
    (QT_TRANSLATE_NOOP("SignalsView", "Brief verstuurd"), ContactKind.LETTER, False),
    (QT_TRANSLATE_NOOP("SignalsView", "Sms verstuurd"), ContactKind.SMS, False),
    (QT_TRANSLATE_NOOP("SignalsView", "Gebeld: niet bereikt"), ContactKind.PHONE, False),
    (QT_TRANSLATE_NOOP("SignalsView", "Gebeld: bereikt"), ContactKind.PHONE, True),
    (QT_TRANSLATE_NOOP("SignalsView", "Huisbezoek: niet thuis"), ContactKind.HOME_VISIT, False),
    (QT_TRANSLATE_NOOP("SignalsView", "Huisbezoek: gesproken"), ContactKind.HOME_VISIT, True),
)


class _Progress(QObject):
    """Carries progress from the import thread to the UI thread (queued: the receiver lives on the UI thread)."""

    advanced = Signal(int, int)


class SignalsView(QWidget):
    def __init__(self, context: ViewContext, parent: QWidget | None = None, *,
                 today: Callable[[], date] = date.today) -> None:
        super().__init__(parent)
        self._context = context
        self._today = today
        self.service = SignalService(context.register, clock=today)
        self.privacy = privacy_mode_for(context)
        self.current = None  # the SignalCase shown in the detail
        self.pending: ParsedFile | None = None  # a previewed file waiting for confirmation
        self.task = None
        self.manual_dialog: ManualSignalDialog | None = None  # the open manual entry
        self._cancel = threading.Event()
        self._progress = _Progress(self)
        self._progress.advanced.connect(self._advanced)
        self.setAccessibleName(tr("Vroegsignalering"))
        self._build()
        self._update_import_controls()  # no import pending yet: no confirm or cancel button
        self.privacy.changed.connect(self.set_privacy_mode)
        if self.service.triage_problem is not None:
            set_message(self.message, tr("De triageregels van IT zijn onbruikbaar; de meegeleverde regels worden "
                                         "gebruikt. {problem}").format(problem=str(self.service.triage_problem)),
                        "warning")
        self.refresh()

    # --- construction -------------------------------------------------------------------------------------------
    def _build(self) -> None:
        layout = QVBoxLayout(self)
        heading = QLabel(tr("Vroegsignalering"), self)
        heading.setFont(heading_font(self))
        layout.addWidget(heading)

        self.queue_group = QButtonGroup(self)
        self.queue_group.setExclusive(True)
        queues = QHBoxLayout()
        self.queue_buttons: dict[Queue | None, QPushButton] = {}
        for position, queue in enumerate((None, *OPEN_QUEUES, Queue.CLOSED)):
            button = QPushButton(self)
            button.setCheckable(True)
            self.queue_group.addButton(button, position)
            self.queue_buttons[queue] = button
            queues.addWidget(button)
            button.clicked.connect(self._filters_changed)
        self.queue_buttons[None].setChecked(True)
        queues.addStretch(1)
        layout.addLayout(queues)

        filters = QHBoxLayout()
        self.kind_filter = QComboBox(self)
        self.kind_filter.addItem(tr("Alle signaalpartners"), None)
        for kind in SignalPartnerKind:
            self.kind_filter.addItem(kind.ddas, kind.value)
        self.kind_filter.setAccessibleName(tr("Filter op soort signaalpartner"))
        self.crisis_filter = QCheckBox(tr("Alleen &crisis"), self)
        self.crisis_filter.setAccessibleName(tr("Alleen crisis"))
        self.search = QLineEdit(self)
        self.search.setPlaceholderText(tr("Zoek op naam of postcode"))
        self.search.setAccessibleName(tr("Zoek op naam of postcode"))
        self.search.setClearButtonEnabled(True)
        filters.addWidget(self.kind_filter)
        filters.addWidget(self.crisis_filter)
        filters.addWidget(self.search, 1)
        layout.addLayout(filters)
        self.kind_filter.currentIndexChanged.connect(self._filters_changed)
        self.crisis_filter.toggled.connect(self._filters_changed)
        self.search.textChanged.connect(self._filters_changed)

        actions = QHBoxLayout()
        self.import_button = self._button(tr("Signalen &inlezen…"), tr("Signalen inlezen uit een bestand"), actions)
        self.manual_button = self._button(tr("Signaal i&nvoeren…"), tr("Signaal met de hand invoeren"), actions)
        self.export_button = self._button(tr("&DDAS-levering…"), tr("DDAS-levering vroegsignalering maken"), actions)
        self.feedback_button = self._button(tr("&Terugkoppeling…"), tr("Terugkoppeling aan een signaalpartner"),
                                            actions)
        actions.addStretch(1)
        layout.addLayout(actions)
        self.import_button.clicked.connect(self.choose_import_file)
        self.manual_button.clicked.connect(self.manual_entry)
        self.export_button.clicked.connect(self.export_dialog)
        self.feedback_button.clicked.connect(self.feedback_dialog)

        importing = QHBoxLayout()
        self.progress = QProgressBar(self)
        self.progress.setAccessibleName(tr("Voortgang van het inlezen"))
        self.progress.setVisible(False)
        self.confirm_button = self._button(tr("Inlezen beve&stigen"), tr("Inlezen bevestigen"), importing)
        self.cancel_button = self._button(tr("&Afbreken"), tr("Inlezen afbreken"), importing)
        importing.insertWidget(0, self.progress, 1)
        layout.addLayout(importing)
        self.confirm_button.clicked.connect(self.confirm_import)
        self.cancel_button.clicked.connect(self.cancel_import)

        splitter = QSplitter(Qt.Orientation.Horizontal, self)
        self.model = SignalCaseModel(self.privacy, self)
        self.table = QTableView(splitter)
        self.table.setModel(self.model)
        self.table.setAccessibleName(tr("Vroegsignaalzaken"))
        self.table.setSortingEnabled(True)
        self.table.setSelectionBehavior(QAbstractItemView.SelectionBehavior.SelectRows)
        self.table.setSelectionMode(QAbstractItemView.SelectionMode.SingleSelection)
        self.table.setEditTriggers(QAbstractItemView.EditTrigger.NoEditTriggers)
        self.table.horizontalHeader().setSectionResizeMode(QHeaderView.ResizeMode.Interactive)
        self.table.horizontalHeader().setSortIndicator(6, Qt.SortOrder.DescendingOrder)
        self.table.selectionModel().currentRowChanged.connect(self._current_changed)
        splitter.addWidget(self.table)
        splitter.addWidget(self._build_detail(splitter))
        splitter.setStretchFactor(0, 3)
        splitter.setStretchFactor(1, 2)
        layout.addWidget(splitter, 1)
        self.message = message_label(self, tr("Melding"))
        layout.addWidget(self.message)
        QShortcut(QKeySequence("Ctrl+Shift+F"), self, activated=self.search.setFocus)  # Ctrl+F: the app-wide search

    def _button(self, text: str, name: str, layout) -> QPushButton:
        button = QPushButton(text, self)
        button.setAccessibleName(name)
        layout.addWidget(button)
        return button

    def _build_detail(self, parent: QWidget) -> QWidget:
        panel = QWidget(parent)
        panel.setAccessibleName(tr("Vroegsignaalzaak"))
        box = QVBoxLayout(panel)
        self.detail_title = QLabel(panel)
        self.detail_title.setFont(heading_font(panel, 1.15))
        self.detail_household = QLabel(panel)
        self.detail_household.setAccessibleName(tr("Huishouden"))
        self.detail_household.setTextInteractionFlags(Qt.TextInteractionFlag.TextSelectableByKeyboard)
        self.detail_signals = QLabel(panel)
        self.detail_signals.setAccessibleName(tr("Signalen"))
        self.detail_signals.setWordWrap(True)
        self.detail_attempts = QLabel(panel)
        self.detail_attempts.setAccessibleName(tr("Contactpogingen"))
        self.detail_attempts.setWordWrap(True)
        for widget in (self.detail_title, self.detail_household, self.detail_signals, self.detail_attempts):
            box.addWidget(widget)

        work = QHBoxLayout()
        self.pick_up_button = QPushButton(tr("&Oppakken"), panel)
        self.pick_up_button.setAccessibleName(tr("Zaak oppakken"))
        self.pick_up_button.clicked.connect(self.pick_up)
        self.route_combo = QComboBox(panel)
        for route in Route:
            self.route_combo.addItem(route.label_nl, route.value)
        self.route_combo.setAccessibleName(tr("Route"))
        self.route_combo.activated.connect(self._route_chosen)
        work.addWidget(self.pick_up_button)
        work.addWidget(QLabel(tr("Route:"), panel))
        work.addWidget(self.route_combo, 1)
        box.addLayout(work)

        outreach = QHBoxLayout()
        self.letter_button = QPushButton(tr("Uitnodigingsbrie&f…"), panel)
        set_icon(self.letter_button, "pdf")
        self.letter_button.setAccessibleName(tr("Uitnodigingsbrief opslaan als PDF"))
        self.letter_button.clicked.connect(self.save_letter_dialog)
        self.letter_print_button = QPushButton(tr("Brief afdr&ukken…"), panel)
        set_icon(self.letter_print_button, "print")
        self.letter_print_button.setAccessibleName(tr("Uitnodigingsbrief afdrukken"))
        self.letter_print_button.clicked.connect(self.print_letter)
        self.ask_printer = None  # seam: None = the system print dialog (issue 15 item 11)
        self.sms_button = QPushButton(tr("Sms-tekst &kopiëren"), panel)
        set_icon(self.sms_button, "copy")
        self.sms_button.setAccessibleName(tr("Sms-tekst kopiëren naar het klembord"))
        self.sms_button.clicked.connect(self.copy_sms)
        outreach.addWidget(self.letter_button)
        outreach.addWidget(self.letter_print_button)
        outreach.addWidget(self.sms_button)
        box.addLayout(outreach)

        attempts = QGridLayout()
        self.attempt_buttons: list[QPushButton] = []
        for i, (text, kind, reached) in enumerate(QUICK_ATTEMPTS):
            button = QPushButton(tr(text), panel)
            button.setAccessibleName(tr("Contactpoging vastleggen: {what}").format(what=tr(text)))
            button.clicked.connect(lambda _checked=False, k=kind, r=reached: self.record_attempt(k, r))
            attempts.addWidget(button, i // 2, i % 2)
            self.attempt_buttons.append(button)
        box.addLayout(attempts)

        closing = QHBoxLayout()
        self.outcome_combo = QComboBox(panel)
        for outcome in Outcome:
            self.outcome_combo.addItem(outcome.label_nl, outcome.value)
        self.outcome_combo.setAccessibleName(tr("Eindresultaat"))
        self.resident_name = QLineEdit(panel)
        self.resident_name.setPlaceholderText(tr("Naam voor de casus (als die onbekend is)"))
        self.resident_name.setAccessibleName(tr("Naam of initialen voor de nieuwe casus"))
        self.close_button = QPushButton(tr("Af&ronden"), panel)
        self.close_button.setAccessibleName(tr("Zaak afronden met het gekozen eindresultaat"))
        self.close_button.clicked.connect(self.close_case)
        closing.addWidget(self.outcome_combo, 1)
        closing.addWidget(self.close_button)
        box.addLayout(closing)
        box.addWidget(self.resident_name)
        box.addStretch(1)
        return panel

    # --- list ---------------------------------------------------------------------------------------------------
    @Slot()
    def refresh(self) -> None:
        keep = self.current.id if self.current is not None else None
        try:
            rows = self.service.repo.queue_rows()
        except Exception as exc:  # noqa: BLE001 - a Dutch text, never the exception's
            set_message(self.message, _error_text(exc), "error")
            rows = []
        self.model.set_rows(rows)
        self._update_counts()
        self._select(keep)

    def _update_counts(self) -> None:
        counts = queue_counts(self.model.all_rows)
        total_open = sum(counts.get(q, 0) for q in OPEN_QUEUES)
        for queue, button in self.queue_buttons.items():
            n = total_open if queue is None else counts.get(queue, 0)
            label = tr("Alle open") if queue is None else queue.label_nl
            button.setText(f"{label} ({n})")
            button.setAccessibleName(tr("Werkbak {queue}: {n} zaken").format(queue=label, n=n))

    def current_filter(self) -> SignalFilter:
        queue = next((q for q, b in self.queue_buttons.items() if b.isChecked()), None)
        kind = self.kind_filter.currentData()
        return SignalFilter(queue, SignalPartnerKind.from_code(kind) if kind else None,
                            self.crisis_filter.isChecked(), self.search.text())

    @Slot()
    def _filters_changed(self, *_args) -> None:
        keep = self.current.id if self.current is not None else None
        self.model.set_filter(self.current_filter())
        self._select(keep)

    def show_queue(self, queue: Queue | None) -> None:
        self.queue_buttons[queue].setChecked(True)
        self._filters_changed()

    def select_signal_case(self, signal_case_id: int) -> None:
        """Show one signal case (from the app-wide search): every open queue, that case selected."""
        self.show_queue(None)
        self._select(signal_case_id)

    def _select(self, signal_case_id: int | None) -> None:
        row = self.model.row_of(signal_case_id) if signal_case_id is not None else -1
        if row < 0:
            self.table.clearSelection()
            self._show(None)
            return
        self.table.selectRow(row)
        self._show(signal_case_id)

    @Slot()
    def _current_changed(self, current, _previous) -> None:
        if current.isValid():
            self._show(self.model.row_at(current.row()).signal_case_id)

    # --- detail -------------------------------------------------------------------------------------------------
    def _show(self, signal_case_id: int | None) -> None:
        self.current = self.service.repo.get(signal_case_id) if signal_case_id is not None else None
        self._render_detail()

    def _render_detail(self) -> None:
        case = self.current
        enabled = case is not None and not case.is_closed
        for widget in (self.pick_up_button, self.route_combo, self.letter_button, self.letter_print_button,
                       self.sms_button,
                       self.close_button, self.outcome_combo, self.resident_name, *self.attempt_buttons):
            widget.setEnabled(enabled)
        if case is None:
            self.detail_title.setText(tr("Kies een vroegsignaalzaak."))
            for label in (self.detail_household, self.detail_signals, self.detail_attempts):
                label.clear()
            return
        self.pick_up_button.setEnabled(enabled and case.picked_up_on is None)
        p = self.privacy
        h = case.household
        queue = case_queue(case)
        self.detail_title.setText(tr("Zaak {id} · {queue}").format(id=case.id, queue=queue.label_nl))
        name = p.display_name(h.name) if h.name else tr("(naam onbekend)")
        lines = [name, p.mask(h.address_line), p.mask(h.place_line), p.mask(h.phone), p.mask(h.email)]
        self.detail_household.setText("\n".join(line for line in lines if line))
        signal_lines = [tr("Matchingperiode {start} t/m {end}").format(start=_dmy(case.period_start),
                                                                        end=_dmy(case.period_end))]
        for s in case.signals:
            amount = f"€ {s.amount}" if s.amount is not None else ""
            crisis = tr(" · crisis") if s.is_crisis else ""
            signal_lines.append(f"• {_dmy(s.signal_date)} · {s.partner_kind.ddas} · {s.partner_name or ''} · "
                                f"{amount} · {s.status.label_nl}{crisis}")
        self.detail_signals.setText("\n".join(signal_lines))
        if case.attempts:
            attempt_lines = [f"• {_dmy(a.day)} {a.part_of_day.label_nl if a.part_of_day else ''} · "
                             f"{a.kind.label_nl} · {tr('bereikt') if a.reached else tr('niet bereikt')}"
                             for a in case.attempts]
        else:
            attempt_lines = [tr("Nog geen contactpogingen.")]
        if case.outcome is not None:
            attempt_lines.append(tr("Afgerond op {day}: {outcome}").format(day=_dmy(case.closed_on),
                                                                          outcome=case.outcome.label_nl))
        if case.case_number:
            attempt_lines.append(tr("Casus: {number}").format(number=case.case_number))
        self.detail_attempts.setText("\n".join(attempt_lines))
        if case.route:
            self.route_combo.setCurrentIndex(self.route_combo.findData(case.route))

    def _act(self, action: Callable[[], object], done: str) -> bool:
        try:
            action()
        except SignalError as exc:
            set_message(self.message, exc.user_message, "error")
            return False
        except Exception as exc:  # noqa: BLE001
            set_message(self.message, _error_text(exc), "error")
            return False
        set_message(self.message, done, "ok")
        self.refresh()
        return True

    @Slot()
    def pick_up(self) -> bool:
        case = self.current
        return case is not None and self._act(lambda: self.service.repo.pick_up(case.id, self._today()),
                                              tr("De zaak is opgepakt."))

    @Slot(int)
    def _route_chosen(self, _index: int) -> None:
        case = self.current
        if case is not None:
            route = Route.from_code(self.route_combo.currentData())
            self._act(lambda: self.service.repo.set_route(case.id, route), tr("De route is aangepast."))

    def record_attempt(self, kind: ContactKind, reached: bool) -> bool:
        case = self.current
        return case is not None and self._act(lambda: self.service.record_attempt(case.id, kind, reached),
                                              tr("Contactpoging vastgelegd."))

    @Slot()
    def close_case(self) -> bool:
        case = self.current
        if case is None:
            return False
        outcome = Outcome.from_code(self.outcome_combo.currentData())
        result: list = []
        name = self.resident_name.text().strip() or None
        ok = self._act(lambda: result.append(self.service.close(case.id, outcome, self._today(), resident_name=name)),
                       tr("De zaak is afgerond."))
        if ok and result and result[0]:
            set_message(self.message, tr("De zaak is afgerond. De inwoner heeft hulp aanvaard: casus {number}.")
                        .format(number=result[0]), "ok")
            self.resident_name.clear()
        return ok

    @Slot()
    def copy_sms(self) -> bool:
        case = self.current
        if case is None or self._context.clipboard is None:
            set_message(self.message, tr("Het klembord is niet beschikbaar."), "warning")
            return False
        self._context.clipboard.copy(self.service.sms_text(case.id))
        set_message(self.message, tr("Sms-tekst gekopieerd; het klembord wordt over {n} seconden gewist. Leg het "
                                     "versturen vast met 'Sms verstuurd'.").format(
            n=self._context.clipboard.clear_after_seconds), "ok")
        return True

    @Slot()
    def save_letter_dialog(self) -> None:
        case = self.current
        if case is None:
            return
        from ketenregie.documents.signals_invitation import invitation_file_name

        path, _ = QFileDialog.getSaveFileName(self, tr("Uitnodigingsbrief opslaan"),
                                              invitation_file_name(case.id), tr("PDF (*.pdf)"))
        if path:
            self.save_letter(Path(path))

    def save_letter(self, path: Path) -> bool:
        case = self.current
        return case is not None and self._act(
            lambda: self.service.write_invitation(case.id, path),
            tr("De brief is opgeslagen. Leg het versturen vast met 'Brief verstuurd'."))

    @Slot()
    def print_letter(self) -> bool:
        """The invitation letter through the system print dialog, rendered in memory (nothing on disk)."""
        from ketenregie.ui.printing import ask_printer, print_pdf  # noqa: PLC0415 - QtPrintSupport on first use

        case = self.current
        if case is None:
            return False
        try:
            data = self.service.invitation_pdf(case.id)
        except SignalError as exc:
            set_message(self.message, exc.user_message, "error")
            return False
        except Exception as exc:  # noqa: BLE001
            set_message(self.message, _error_text(exc), "error")
            return False
        if not print_pdf(data, self, ask=self.ask_printer or ask_printer):
            set_message(self.message, tr("Afdrukken geannuleerd."))
            return False
        return self._act(lambda: self.service.record_invitation_printed(case.id),
                         tr("De brief is naar de printer gestuurd. Leg het versturen vast met 'Brief verstuurd'."))

    # --- import -------------------------------------------------------------------------------------------------
    @Slot()
    def choose_import_file(self) -> None:
        path, _ = QFileDialog.getOpenFileName(self, tr("Signalen inlezen"), "",
                                              tr("Signalen (*.csv *.xlsx *.json);;Alle bestanden (*)"))
        if not path:
            return
        path = Path(path)
        mapping = None
        if path.suffix.lower() in (".csv", ".xlsx", ".txt"):
            try:
                headers = self.service.read_headers(path)
            except SignalError as exc:
                set_message(self.message, exc.user_message, "error")
                return
            name, mapping = self.service.mapping_for(headers)
            dialog = MappingDialog(headers, mapping, name, self)
            if dialog.exec() != QDialog.DialogCode.Accepted:
                return
            mapping = dialog.mapping()
            try:
                self.service.save_mapping(dialog.name(), mapping)
            except SignalError as exc:
                set_message(self.message, exc.user_message, "error")
                return
        self.preview_file(path, mapping)

    def preview_file(self, path: Path, mapping: dict[str, str] | None = None):
        """Read and check the file off the UI thread; show the counts and wait for confirmation."""
        if self.task is not None:
            return None
        self.pending = None
        set_message(self.message, tr("Bestand wordt gelezen…"))

        def work():
            parsed = self.service.read_file(path, mapping=mapping)
            return parsed, self.service.preview(parsed)

        self.task = run_in_background(work, on_success=self._previewed, on_failure=self._failed,
                                      on_finished=self._task_done)
        self._update_import_controls()
        return self.task

    @Slot(object)
    def _previewed(self, outcome) -> None:
        parsed, counts = outcome
        self.pending = parsed
        set_message(self.message, tr("Voorbeeld van {file}: {counts} Er is nog niets opgeslagen; kies 'Inlezen "
                                     "bevestigen'.").format(file=parsed.file_name, counts=counts_nl(counts)), "info")

    @Slot()
    def confirm_import(self):
        if self.pending is None or self.task is not None:
            return None
        parsed = self.pending
        self._cancel.clear()
        self.progress.setRange(0, max(1, parsed.signal_count))
        self.progress.setValue(0)
        lock_manager = self._context.lock_manager
        if lock_manager is not None:
            lock_manager.begin_operation()
        self.task = run_in_background(self.service.import_parsed, parsed, progress=self._progress.advanced.emit,
                                      cancelled=self._cancel.is_set, on_success=self._imported,
                                      on_failure=self._failed, on_finished=self._task_done)
        if lock_manager is not None:
            self.task.finished.connect(lock_manager.end_operation)
        self.pending = None
        set_message(self.message, tr("Bezig met inlezen…"))
        self._update_import_controls()
        return self.task

    @Slot()
    def cancel_import(self) -> None:
        if self.task is not None:
            self._cancel.set()
        elif self.pending is not None:
            self.pending = None
            set_message(self.message, tr("Inlezen afgebroken; er is niets opgeslagen."), "info")
        self._update_import_controls()

    @Slot(int, int)
    def _advanced(self, done: int, total: int) -> None:
        self.progress.setRange(0, max(1, total))
        self.progress.setValue(done)

    @Slot(object)
    def _imported(self, counts) -> None:
        set_message(self.message, tr("Ingelezen: {counts}").format(counts=counts_nl(counts)), "ok")

    @Slot(object)
    def _failed(self, exc: BaseException) -> None:
        self.pending = None
        set_message(self.message, _error_text(exc), "error")

    @Slot()
    def _task_done(self) -> None:
        self.task = None
        if not self._context.register.is_open:
            return
        self._update_import_controls()
        self.refresh()

    def _update_import_controls(self) -> None:
        running = self.task is not None
        self.progress.setVisible(running)
        self.confirm_button.setVisible(self.pending is not None)
        self.confirm_button.setEnabled(self.pending is not None and not running)
        self.cancel_button.setVisible(running or self.pending is not None)
        self.import_button.setEnabled(not running)

    # --- manual entry, export, feedback -------------------------------------------------------------------------
    @Slot()
    def manual_entry(self) -> ManualSignalDialog:
        """Open the manual entry (window-modal, without a nested event loop, so a lock can keep what was typed and
        reopen it after the unlock). Returns the dialog."""
        from ketenregie.services.form_drafts import FormDraftService  # noqa: PLC0415

        dialog = ManualSignalDialog(self.service, self._today(), self,
                                    drafts=FormDraftService(self._context.register))
        dialog.setAttribute(Qt.WidgetAttribute.WA_DeleteOnClose)
        dialog.accepted.connect(self._manual_saved)
        dialog.finished.connect(self._manual_finished)
        self.manual_dialog = dialog
        dialog.open()
        return dialog

    @Slot()
    def _manual_saved(self) -> None:
        dialog = self.sender()
        counts = getattr(dialog, "counts", None)
        if counts is not None:
            set_message(self.message, tr("Signaal opgeslagen: {counts}").format(counts=counts_nl(counts)), "ok")
            self.refresh()

    @Slot(int)
    def _manual_finished(self, _result: int) -> None:
        self.manual_dialog = None

    def reopen_form(self, ref: dict):
        """Issue 15: reopen the manual entry that was open before the lock (ui/resume.py)."""
        return self.manual_entry()

    def _last_month(self) -> tuple[date, date]:
        first = self._today().replace(day=1)
        end = first - timedelta(days=1)
        return end.replace(day=1), end

    @Slot()
    def export_dialog(self) -> None:
        start, end = self._last_month()
        dialog = PeriodDialog(tr("DDAS-levering vroegsignalering"), start, end, parent=self)
        set_message(dialog.message, BSN_WARNING, "warning")
        if dialog.exec() != QDialog.DialogCode.Accepted:
            return
        start, end = dialog.period()
        try:
            _document, counts = self.service.build_export(start, end)
        except SignalError as exc:
            set_message(self.message, exc.user_message, "error")
            return
        path, _ = QFileDialog.getSaveFileName(
            self, tr("DDAS-levering opslaan ({signals} signalen, {cases} zaken)").format(
                signals=counts.signals, cases=counts.cases),
            f"ddas-vs-{start.isoformat()}-{end.isoformat()}.json", tr("JSON (*.json)"))
        if path:
            self.export_ddas(start, end, Path(path))

    def export_ddas(self, start: date, end: date, path: Path) -> bool:
        result: list = []
        ok = self._act(lambda: result.append(self.service.export_ddas(start, end, path)), "")
        if ok:
            counts = result[0]
            set_message(self.message, tr("DDAS-levering opgeslagen: {signals} vroegsignalen, {cases} zaken, "
                                         "{attempts} contactpogingen. {warning}").format(
                signals=counts.signals, cases=counts.cases, attempts=counts.attempts, warning=BSN_WARNING), "warning")
        return ok

    @Slot()
    def feedback_dialog(self) -> None:
        start, end = self._last_month()
        partners = self.service.feedback_partners(start - timedelta(days=365), self._today())
        if not partners:
            set_message(self.message, tr("Er zijn geen signalen met een signaalpartner om terug te koppelen."), "info")
            return
        dialog = PeriodDialog(tr("Terugkoppeling aan een signaalpartner"), start, end, partners, self)
        set_message(dialog.message, tr("Alleen of een signaal is opgepakt, nooit waarom."), "info")
        if dialog.exec() != QDialog.DialogCode.Accepted:
            return
        start, end = dialog.period()
        partner = dialog.partner.currentText()
        path, _ = QFileDialog.getSaveFileName(self, tr("Terugkoppeling opslaan"),
                                              f"terugkoppeling-{start.isoformat()}.csv",
                                              tr("CSV (*.csv);;PDF (*.pdf)"))
        if path:
            self.write_feedback(start, end, partner, Path(path))

    def write_feedback(self, start: date, end: date, partner: str, path: Path) -> bool:
        if path.suffix.lower() == ".pdf":
            action = lambda: self.service.write_feedback_pdf(start, end, partner, path)  # noqa: E731
        else:
            action = lambda: self.service.write_feedback_csv(start, end, path, partner)  # noqa: E731
        return self._act(action, tr("Terugkoppeling opgeslagen (alleen of signalen zijn opgepakt)."))

    # --- privacy mode and lock ----------------------------------------------------------------------------------
    @Slot(bool)
    def set_privacy_mode(self, _enabled: bool) -> None:
        self.model.refresh_privacy()
        self._render_detail()

    def release(self) -> None:
        self._cancel.set()
        self.current = None
        self.pending = None
        self.model.set_rows([])
        for label in (self.detail_household, self.detail_signals, self.detail_attempts):
            label.clear()


def _error_text(exc: BaseException) -> str:
    from ketenregie.ui.errors import user_message

    return user_message(exc, "signals")


def _factory(context: ViewContext) -> QWidget:
    return SignalsView(context)


# Order 85: after the existing views, so their Ctrl+<number> shortcuts stay as users learned them.
SPEC = VIEWS.register(ViewSpec("signals", QT_TRANSLATE_NOOP("Views", "Vroegsignalering"), _factory, 85,
                               QT_TRANSLATE_NOOP("Views", "Vroegsignalen: werkbakjes, contactpogingen, uitkomst, "
                                                          "DDAS-levering en terugkoppeling aan signaalpartners.")))

from ketenregie.ui.signals import search as _search  # noqa: E402,F401  (registers the Ctrl+F provider)
