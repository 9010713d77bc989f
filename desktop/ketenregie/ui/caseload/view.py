"""The caseload view: every case in one sortable table with filters, a search box, saved views and counts per
phase; "Nieuwe hulpvraag" registers a case, Enter opens one, "Voor overleg…" marks it for the next meeting.

Keyboard: Ctrl+N new request and Ctrl+F search (main window, every view), Enter open, Ctrl+Shift+O voor overleg, Ctrl+Shift+X clear filters.
The caseload is read off the UI thread (ui/background.py); the filter and search run in memory on every
keystroke (see model.py). Locking calls `release()`: the model is emptied before the view is destroyed.
"""
from __future__ import annotations

from collections.abc import Callable
from datetime import date

from PySide6.QtCore import QT_TRANSLATE_NOOP, QModelIndex, Qt, Signal, Slot
from PySide6.QtGui import QKeySequence
from PySide6.QtWidgets import (QAbstractItemView, QCheckBox, QComboBox, QDialog, QDialogButtonBox, QFormLayout,
                               QHBoxLayout, QHeaderView, QLabel, QLineEdit, QMenu, QPushButton, QTableView,
                               QVBoxLayout, QWidget)

from ketenregie.domain.caseload import DEFAULT_FILTER, CaseloadFilter, SavedView
from ketenregie.domain.case_validation import CaseValidationError
from ketenregie.domain.cases import OPEN_PHASES, IntakeRoute, Phase, TargetGroup
from ketenregie.domain import note_scanner
from ketenregie.domain.terms import TermStatus
from ketenregie.store.case_repository import CaseRepository
from ketenregie.store.errors import StoreError
from ketenregie.store.meeting_repository import MeetingRepository
from ketenregie.ui.column_fit import ColumnFit
from ketenregie.ui.icons import set_icon
from ketenregie.ui.flow_layout import FlowLayout, labelled
from ketenregie.ui.caseload.data import CaseloadSnapshot, SnapshotLoader, case_events, load_case_row, tr
from ketenregie.ui.caseload.model import (CASE_NUMBER_ROLE, COLUMN_BY_KEY, COLUMN_KEYS, TEAM_STATE_ROLE, CaseloadModel,
                                          Column)
from ketenregie.ui.caseload.widgets import SetCombo, name_combo_popups
from ketenregie.ui.accessibility import name_qt_internals
from ketenregie.ui.errors import user_message
from ketenregie.ui.messages import messenger
from ketenregie.ui.privacy_mode import privacy_mode_for
from ketenregie.ui.style import heading_font, message_label, set_message
from ketenregie.ui.views.registry import VIEWS, ViewContext, ViewSpec


def error_text(exc: BaseException, action: str = "") -> str:
    """Dutch text for a failed store call: the store's own (content-free) message, else a generic one."""
    if isinstance(exc, (CaseValidationError, StoreError)):
        return exc.user_message
    return user_message(exc, action)


class CaseloadView(QWidget):
    holds_personal_data = True
    loaded = Signal()  # the caseload is in the model (tests and benchmarks wait for it)

    def __init__(self, context: ViewContext, parent: QWidget | None = None, *,
                 today: Callable[[], date] = date.today, background: bool = True) -> None:
        super().__init__(parent)
        self._context = context
        self._today = today
        self._is_loaded = False
        self._loader = SnapshotLoader(context, today, background=background, parent=self)
        self._loader.loaded.connect(self._loaded)
        self._loader.failed.connect(self._load_failed)
        self.privacy = privacy_mode_for(context)
        self.repository = CaseRepository(context.register.db, context.register.audit, clock=today)
        self.partners: list = []
        self.saved_views: list[SavedView] = []
        self.dialog: QDialog | None = None  # the open case or mark dialog (tests drive it)
        self.setAccessibleName(tr("Caseload"))
        self._build()
        self.privacy.changed.connect(self.set_privacy_mode)
        events = case_events()
        events.caseChanged.connect(self._case_changed)
        events.caseCreated.connect(self._case_changed)
        self._events_connected = True
        self.reload()

    # --- layout ---------------------------------------------------------------------------------------------------

    def _build(self) -> None:
        outer = QVBoxLayout(self)
        top = QHBoxLayout()
        heading = QLabel(tr("Caseload"), self)
        heading.setFont(heading_font(self))
        heading.setAccessibleName(tr("Caseload"))
        top.addWidget(heading)
        top.addStretch(1)
        self.new_button = QPushButton(tr("&Nieuwe hulpvraag…"), self)
        set_icon(self.new_button, "new-case")
        self.new_button.setAccessibleName(tr("Nieuwe hulpvraag registreren"))
        self.new_button.setToolTip(tr("Een nieuwe hulpvraag registreren (Ctrl+N)"))
        self.new_button.clicked.connect(self.new_case)
        top.addWidget(self.new_button)
        outer.addLayout(top)

        search_row = QHBoxLayout()
        search_label = QLabel(tr("&Zoeken:"), self)
        self.search_edit = QLineEdit(self)
        self.search_edit.setAccessibleName(tr("Zoeken op casusnummer of naam"))
        self.search_edit.setPlaceholderText(tr("Casusnummer of naam"))
        self.search_edit.setClearButtonEnabled(True)
        search_label.setBuddy(self.search_edit)
        search_row.addWidget(search_label)
        search_row.addWidget(self.search_edit, 2)
        view_label = QLabel(tr("&Weergave:"), self)
        self.view_combo = QComboBox(self)
        self.view_combo.setAccessibleName(tr("Opgeslagen weergave"))
        view_label.setBuddy(self.view_combo)
        self.save_view_button = QPushButton(tr("Weergave op&slaan…"), self)
        set_icon(self.save_view_button, "save")
        self.save_view_button.setAccessibleName(tr("Huidige filters opslaan als weergave"))
        self.delete_view_button = QPushButton(tr("Weergave verwijd&eren"), self)
        self.delete_view_button.setAccessibleName(tr("Gekozen weergave verwijderen"))
        search_row.addWidget(view_label)
        search_row.addWidget(self.view_combo, 1)
        search_row.addWidget(self.save_view_button)
        search_row.addWidget(self.delete_view_button)
        outer.addLayout(search_row)

        filters = FlowLayout()  # wraps on a narrow window (1280×720) instead of widening it
        self.phase_combo = SetCombo(tr("Filter op fase"), [
            (tr("Open casussen"), OPEN_PHASES), (tr("Alle fasen"), frozenset()),
            *((p.label_nl, frozenset({p})) for p in Phase)], self)
        self.term_combo = SetCombo(tr("Filter op termijnstatus"), [
            (tr("Alle termijnen"), frozenset()),
            (tr("Verlopen of bijna verlopen"), frozenset({TermStatus.OVERDUE, TermStatus.DUE_SOON})),
            *((s.label_nl, frozenset({s})) for s in TermStatus)], self)
        self.route_combo = SetCombo(tr("Filter op aanmeldroute"), [
            (tr("Alle aanmeldroutes"), frozenset()), *((r.label_nl, frozenset({r})) for r in IntakeRoute)], self)
        self.group_combo = SetCombo(tr("Filter op doelgroep"), [
            (tr("Alle doelgroepen"), frozenset()), *((g.label_nl, frozenset({g})) for g in TargetGroup)], self)
        self.partner_combo = SetCombo(tr("Filter op partner"), [(tr("Alle partners"), frozenset())], self)
        for label_text, combo in ((tr("&Fase:"), self.phase_combo), (tr("&Termijn:"), self.term_combo),
                                  (tr("&Route:"), self.route_combo), (tr("&Doelgroep:"), self.group_combo),
                                  (tr("&Partner:"), self.partner_combo)):
            label = QLabel(label_text, self)
            label.setBuddy(combo)
            filters.addWidget(labelled(label, combo, self))
            combo.currentIndexChanged.connect(self._apply_filter)
        outer.addLayout(filters)

        checks = FlowLayout()
        self.crisis_check = QCheckBox(tr("Alleen &crisis"), self)
        self.crisis_check.setAccessibleName(tr("Alleen casussen met een crisis"))
        self.mine_check = QCheckBox(tr("&Mijn acties deze week"), self)
        self.mine_check.setAccessibleName(tr("Alleen casussen met een eigen actie deze week"))
        self.waiting_check = QCheckBox(tr("W&acht op partner"), self)
        self.waiting_check.setAccessibleName(tr("Alleen casussen die wachten op een partner"))
        self.clear_button = QPushButton(tr("F&ilters wissen"), self)
        self.clear_button.setAccessibleName(tr("Filters wissen"))
        self.clear_button.setShortcut(QKeySequence("Ctrl+Shift+X"))
        for check in (self.crisis_check, self.mine_check, self.waiting_check):
            check.toggled.connect(self._apply_filter)
            checks.addWidget(check)
        checks.addWidget(self.clear_button)
        outer.addLayout(checks)

        self.phase_row = FlowLayout()
        self.phase_buttons: dict[Phase, QPushButton] = {}
        counts_label = QLabel(tr("Per fase:"), self)
        self.phase_row.addWidget(counts_label)
        for phase in Phase:
            button = QPushButton(self)
            button.setFlat(True)
            button.clicked.connect(lambda _checked=False, p=phase: self.show_phase(p))
            self.phase_buttons[phase] = button
            self.phase_row.addWidget(button)
        outer.addLayout(self.phase_row)

        self.message = QLabel(self)
        self.message.setWordWrap(True)
        self.message.setAccessibleName(tr("Melding"))
        set_message(self.message, tr("Caseload laden…"))
        outer.addWidget(self.message)

        self.model = CaseloadModel(self, privacy_mode=self.privacy.enabled)
        self.table = QTableView(self)
        self.table.setModel(self.model)
        self.table.setAccessibleName(tr("Casussen"))
        self.table.setSelectionBehavior(QAbstractItemView.SelectionBehavior.SelectRows)
        self.table.setSelectionMode(QAbstractItemView.SelectionMode.ExtendedSelection)  # several for Overdragen
        self.table.setEditTriggers(QAbstractItemView.EditTrigger.NoEditTriggers)
        self.table.setTabKeyNavigation(False)
        self.table.setWordWrap(False)
        self.table.setAlternatingRowColors(True)
        vertical = self.table.verticalHeader()
        vertical.hide()
        vertical.setSectionResizeMode(QHeaderView.ResizeMode.Fixed)  # uniform rows: no per-row measuring
        vertical.setDefaultSectionSize(self.fontMetrics().height() + 8)
        # Columns fit the table's width (issue 15 item 8): compact columns as wide as their samples and headers,
        # the name and next action share the rest (elided), the lead partner goes first when it does not fit.
        self.column_fit = ColumnFit(
            self.table,
            compact={Column.NUMBER: "2026-00000", Column.PHASE: "Traject bij partner",
                     Column.ROUTE: "Brede toegang / sluitend", Column.TERM: "uiterlijk 30-10-2026 – Verlopen",
                     Column.LEAD_PARTNER: "PLANgroep Schuldhulp"},
            stretch={Column.NAME: 140, Column.NEXT_ACTION: 150},
            optional=[Column.LEAD_PARTNER, Column.ROUTE])
        self.table.setSortingEnabled(True)
        self.table.sortByColumn(Column.TERM, Qt.SortOrder.AscendingOrder)
        self.table.activated.connect(self._activated)
        self.table.setContextMenuPolicy(Qt.ContextMenuPolicy.CustomContextMenu)
        self.table.customContextMenuRequested.connect(self._context_menu)
        outer.addWidget(self.table, 1)

        bottom = QHBoxLayout()
        self.count_label = QLabel(self)
        self.count_label.setAccessibleName(tr("Aantal casussen"))
        bottom.addWidget(self.count_label, 1)
        self.open_button = QPushButton(tr("&Openen"), self)
        set_icon(self.open_button, "open")
        self.open_button.setAccessibleName(tr("Gekozen casus openen"))
        self.open_button.clicked.connect(self.open_selected)
        self.meeting_button = QPushButton(tr("Voor o&verleg…"), self)
        set_icon(self.meeting_button, "plan-meeting")
        self.meeting_button.setAccessibleName(tr("Gekozen casus voor het casuïstiekoverleg aanmelden"))
        self.meeting_button.setToolTip(tr("Voor het volgende casuïstiekoverleg aanmelden (Ctrl+Shift+O)"))
        self.meeting_button.setShortcut(QKeySequence("Ctrl+Shift+O"))
        self.meeting_button.clicked.connect(self.mark_selected_for_meeting)
        bottom.addWidget(self.open_button)
        bottom.addWidget(self.meeting_button)
        # Issue 14: hand the selected cases over to a colleague (ui/team/dialogs.py).
        self.handover_button = QPushButton(tr("Overdra&gen…"), self)
        set_icon(self.handover_button, "handover")
        self.handover_button.setAccessibleName(tr("Gekozen casussen overdragen aan een collega"))
        self.handover_button.clicked.connect(self.hand_over_selected)
        bottom.addWidget(self.handover_button)
        outer.addLayout(bottom)

        self.search_edit.textChanged.connect(self._apply_filter)
        self.clear_button.clicked.connect(self.clear_filters)
        self.view_combo.activated.connect(self._view_chosen)
        self.save_view_button.clicked.connect(self.ask_save_view)
        self.delete_view_button.clicked.connect(self.delete_current_view)
        self.table.selectionModel().currentRowChanged.connect(self._update_buttons)
        self.model.modelReset.connect(self._update_buttons)
        self.setTabOrder(self.new_button, self.search_edit)
        self._update_phase_buttons()
        self._update_buttons()
        name_combo_popups(self)
        name_qt_internals(self)

    # --- loading --------------------------------------------------------------------------------------------------

    @property
    def is_loaded(self) -> bool:
        return self._is_loaded

    def reload(self) -> None:
        """Read the whole caseload again (off the UI thread unless built with background=False)."""
        self._reload_saved_views()
        self._loader.reload()

    @Slot(object)
    def _loaded(self, snapshot: CaseloadSnapshot) -> None:
        self.partners = snapshot.partners
        current = self.partner_combo.value()
        self.partner_combo.blockSignals(True)
        self.partner_combo.clear()
        self.partner_combo._values = []
        self.partner_combo._extra = -1
        self.partner_combo.addItem(tr("Alle partners"))
        self.partner_combo._values.append(frozenset())
        for partner in snapshot.partners:
            self.partner_combo.addItem(partner.name)
            self.partner_combo._values.append(frozenset({partner.id}))
        self.partner_combo.blockSignals(False)
        self.partner_combo.set_value(current)
        self.model.set_rows(snapshot.rows, snapshot.today)
        self.refresh_team_states()
        self._apply_filter()
        self._update_phase_buttons()
        self._is_loaded = True
        set_message(self.message, "" if snapshot.rows else tr(
            "Nog geen casussen — registreer een hulpvraag met Nieuwe hulpvraag (Ctrl+N)."), "info")
        self.loaded.emit()

    @Slot(object)
    def _load_failed(self, exc: BaseException) -> None:
        set_message(self.message, error_text(exc, "loading the caseload"), "error")

    def release(self) -> None:
        """On lock: drop every row (and the open dialog) before the widget is destroyed."""
        if self.dialog is not None:
            self.dialog.done(QDialog.DialogCode.Rejected)
            self.dialog = None
        self.model.clear()
        self.partners = []
        self.search_edit.clear()
        self._disconnect_events()

    def _disconnect_events(self) -> None:
        if getattr(self, "_events_connected", False):
            self._events_connected = False
            events = case_events()
            events.caseChanged.disconnect(self._case_changed)
            events.caseCreated.disconnect(self._case_changed)

    @Slot(str)
    def _case_changed(self, case_number: str) -> None:
        if not self._is_loaded or self._context.register is None or not self._context.register.db.is_open:
            return
        row = load_case_row(self._context.register, self._context.policy, self.model.today, case_number)
        if row is None:  # the case is gone (erased on request): reload the list
            self.reload()
            return
        self.model.replace_row(row)
        self.refresh_team_states()
        self._update_counts()
        self._update_phase_buttons()

    # --- filters --------------------------------------------------------------------------------------------------

    def current_filter(self) -> CaseloadFilter:
        return CaseloadFilter(
            text=self.search_edit.text(), phases=self.phase_combo.value(), term_statuses=self.term_combo.value(),
            intake_routes=self.route_combo.value(), target_groups=self.group_combo.value(),
            partner_ids=self.partner_combo.value(), crisis_only=self.crisis_check.isChecked(),
            my_actions_this_week=self.mine_check.isChecked(), waiting_on_partner=self.waiting_check.isChecked())

    @Slot()
    def _apply_filter(self, *_args) -> None:
        self.model.set_filter(self.current_filter())
        self._update_counts()

    def set_filter(self, flt: CaseloadFilter) -> None:
        """Show `flt` in the controls and apply it (once)."""
        widgets = (self.phase_combo, self.term_combo, self.route_combo, self.group_combo, self.partner_combo,
                   self.crisis_check, self.mine_check, self.waiting_check, self.search_edit)
        for widget in widgets:
            widget.blockSignals(True)
        try:
            self.phase_combo.set_value(flt.phases)
            self.term_combo.set_value(flt.term_statuses)
            self.route_combo.set_value(flt.intake_routes)
            self.group_combo.set_value(flt.target_groups)
            self.partner_combo.set_value(flt.partner_ids)
            self.crisis_check.setChecked(flt.crisis_only)
            self.mine_check.setChecked(flt.my_actions_this_week)
            self.waiting_check.setChecked(flt.waiting_on_partner)
            self.search_edit.setText(flt.text)
        finally:
            for widget in widgets:
                widget.blockSignals(False)
        self._apply_filter()

    @Slot()
    def clear_filters(self) -> None:
        self.view_combo.setCurrentIndex(0)
        self.set_filter(DEFAULT_FILTER)

    def show_phase(self, phase: Phase) -> None:
        self.phase_combo.set_value({phase})
        self._apply_filter()

    def _update_counts(self) -> None:
        shown, total = self.model.visible_count(), self.model.total_count()
        self.count_label.setText(tr("{shown} van {total} casussen").format(
            shown=f"{shown:,}".replace(",", "."), total=f"{total:,}".replace(",", ".")))

    def _update_phase_buttons(self) -> None:
        counts = self.model.phase_counts()
        for phase, button in self.phase_buttons.items():
            count = counts.get(phase, 0)
            button.setText(f"{phase.label_nl} ({count})")
            button.setAccessibleName(tr("{phase}: {count} casussen; toon alleen deze fase").format(
                phase=phase.label_nl, count=count))

    # --- saved views ----------------------------------------------------------------------------------------------

    def _reload_saved_views(self) -> None:
        try:
            self.saved_views = self.repository.list_views()
        except StoreError:
            self.saved_views = []
        self.view_combo.blockSignals(True)
        self.view_combo.clear()
        self.view_combo.addItem(tr("(geen)"), None)
        for view in self.saved_views:
            self.view_combo.addItem(view.name, view.id)
        self.view_combo.blockSignals(False)
        self._update_buttons()

    @Slot(int)
    def _view_chosen(self, index: int) -> None:
        view_id = self.view_combo.itemData(index)
        view = next((v for v in self.saved_views if v.id == view_id), None)
        if view is None:
            self._update_buttons()
            return
        self.apply_saved_view(view)

    def apply_saved_view(self, view: SavedView) -> None:
        column = COLUMN_BY_KEY.get(view.sort_column or "")
        if column is not None:
            order = Qt.SortOrder.DescendingOrder if view.sort_descending else Qt.SortOrder.AscendingOrder
            self.table.sortByColumn(column, order)
        self.set_filter(CaseloadFilter(**{**view.filter.__dict__, "text": self.search_edit.text()}))
        self._update_buttons()

    @Slot()
    def ask_save_view(self) -> None:
        dialog = SaveViewDialog(self.view_combo.currentText() if self.view_combo.currentIndex() > 0 else "", self)
        dialog.accepted.connect(lambda: self.save_current_view(dialog.name_edit.text()))
        dialog.finished.connect(self._dialog_closed)
        self.dialog = dialog
        dialog.open()

    def save_current_view(self, name: str) -> bool:
        existing = next((v for v in self.saved_views if v.name.casefold() == " ".join(name.split()).casefold()),
                        None)
        view = SavedView(name, self.current_filter(), COLUMN_KEYS[self.model.sort_column],
                         self.model.sort_order == Qt.SortOrder.DescendingOrder,
                         existing.id if existing is not None else None)
        try:
            view_id = self.repository.save_view(view)
        except (CaseValidationError, StoreError) as exc:
            set_message(self.message, error_text(exc), "error")
            return False
        self._reload_saved_views()
        self.view_combo.setCurrentIndex(max(0, self.view_combo.findData(view_id)))
        set_message(self.message, tr("Weergave opgeslagen."), "ok")
        self._update_buttons()
        return True

    @Slot()
    def delete_current_view(self) -> None:
        view_id = self.view_combo.currentData()
        if view_id is None:
            return
        if not messenger().question(self, tr("Weergave verwijderen"),
                                    tr("Wilt u de weergave '{name}' verwijderen? De casussen blijven bestaan.")
                                    .format(name=self.view_combo.currentText())):
            return
        try:
            self.repository.delete_view(view_id)
        except StoreError as exc:
            set_message(self.message, error_text(exc), "error")
            return
        self._reload_saved_views()
        set_message(self.message, tr("Weergave verwijderd."), "ok")

    # --- cases ----------------------------------------------------------------------------------------------------

    def selected_case_number(self) -> str | None:
        index = self.table.currentIndex()
        if not index.isValid():
            return None
        return self.model.data(index, CASE_NUMBER_ROLE)

    def select_case(self, case_number: str) -> bool:
        row = self.model.row_of_case(case_number)
        if row < 0:
            return False
        self.table.selectRow(row)
        self.table.setCurrentIndex(self.model.index(row, 0))
        return True

    @Slot(QModelIndex)
    def _activated(self, index: QModelIndex) -> None:
        if index.isValid():
            self.open_case(self.model.data(index, CASE_NUMBER_ROLE))

    @Slot()
    def open_selected(self) -> None:
        number = self.selected_case_number()
        if number:
            self.open_case(number)

    def _may_close_open_case(self) -> bool:
        """Before another case opens in its place: the open case dialog asks first when something was typed and not
        saved (as its own Sluiten does). False: the user keeps it, and it comes to the front."""
        dialog = self.dialog
        if dialog is None or not dialog.isVisible() or not callable(getattr(dialog, "has_unsaved_input", None)):
            return True
        dialog.reject()
        if self.dialog is dialog and dialog.isVisible():
            dialog.raise_()
            dialog.activateWindow()
            return False
        return True

    def _case_dialog(self, case_number: str | None):
        from ketenregie.ui.cases.dialog import CaseDialog  # the detail pulls in more widgets: load on first use

        if self.dialog is not None:
            self.dialog.done(QDialog.DialogCode.Rejected)
        dialog = CaseDialog(self._context, case_number, partners=self.partners, today=self._today, parent=self)
        dialog.finished.connect(self._dialog_closed)
        self.dialog = dialog
        return dialog

    def open_case(self, case_number: str):
        """Open the case in its detail dialog (non-modal); returns the dialog (the one kept open instead, when the
        user keeps unsaved input there)."""
        if not self._may_close_open_case():
            return self.dialog
        try:
            dialog = self._case_dialog(case_number)
        except (StoreError, CaseValidationError) as exc:
            set_message(self.message, error_text(exc), "error")
            return None
        dialog.show()
        dialog.raise_()
        self._show_team_state(case_number)
        return dialog

    def refresh_team_states(self) -> None:
        """Issue 14: mark handed-over cases and cover copies in the list (and the buttons that would change them)."""
        from ketenregie.services.team import TeamService

        register = self._context.register
        if register is None or not register.db.is_open:
            return
        self.model.set_team_states(TeamService(register).case_states())
        self._update_buttons()

    def _show_team_state(self, case_number: str) -> None:
        """Issue 14: say so when the case was handed over (read-only here) or is a cover copy."""
        from ketenregie.services.team import TeamService

        team = TeamService(self._context.register)
        handed = team.handed_over_text(case_number)
        until = team.cover_until(case_number)
        if handed:
            set_message(self.message, tr("{text}: de casus is hier alleen nog in te zien.").format(text=handed),
                        "info")
        elif until:
            set_message(self.message, tr("Vervanging tot en met {until}: u kunt journaalnotities en acties "
                                         "toevoegen, de gegevens zelf niet wijzigen.").format(until=until), "info")

    @Slot()
    def new_case(self):
        if not self._may_close_open_case():
            return self.dialog
        dialog = self._case_dialog(None)
        dialog.show()
        return dialog

    @Slot(int)
    def _dialog_closed(self, _result: int) -> None:
        if self.sender() is self.dialog:
            self.dialog = None

    @Slot()
    def mark_selected_for_meeting(self):
        number = self.selected_case_number()
        if not number:
            set_message(self.message, tr("Kies eerst een casus in de lijst."), "info")
            return None
        dialog = MeetingMarkDialog(number, self)
        dialog.accepted.connect(lambda: self.mark_for_meeting(number, dialog.question_edit.text()))
        dialog.finished.connect(self._dialog_closed)
        self.dialog = dialog
        dialog.open()
        return dialog

    def mark_for_meeting(self, case_number: str, question: str = "") -> bool:
        register = self._context.register
        try:
            MeetingRepository(register.db, register.audit, clock=self._today).mark_for_meeting(case_number, question)
        except (StoreError, CaseValidationError) as exc:
            set_message(self.message, error_text(exc), "error")
            return False
        set_message(self.message, tr("Casus {number} staat klaar voor het volgende overleg.").format(
            number=case_number), "ok")
        return True

    def selected_case_numbers(self) -> list[str]:
        rows = self.table.selectionModel().selectedRows()
        numbers = [self.model.data(index, CASE_NUMBER_ROLE) for index in sorted(rows, key=lambda i: i.row())]
        current = self.selected_case_number()
        return numbers or ([current] if current else [])

    @Slot()
    def hand_over_selected(self):
        """Issue 14: a bundle with everything of the selected cases for one verified colleague."""
        from ketenregie.services.team import TeamService
        from ketenregie.ui.team.dialogs import HandoverDialog

        numbers = self.selected_case_numbers()
        if not numbers:
            set_message(self.message, tr("Kies eerst een of meer casussen in de lijst."), "info")
            return None
        if self.dialog is not None:
            self.dialog.done(QDialog.DialogCode.Rejected)
        dialog = HandoverDialog(TeamService(self._context.register), numbers, self, privacy=self.privacy)
        dialog.finished.connect(self._dialog_closed)
        dialog.accepted.connect(self.refresh_team_states)  # "nu al als overgedragen markeren"
        self.dialog = dialog
        dialog.open()
        return dialog

    @Slot()
    def _context_menu(self, position) -> None:
        index = self.table.indexAt(position)
        if not index.isValid():
            return
        self.table.setCurrentIndex(index)
        menu = QMenu(self)
        menu.setAccessibleName(tr("Casusmenu"))
        menu.addAction(tr("Openen"), self.open_selected)
        state = self.model.data(index, TEAM_STATE_ROLE)
        menu.addAction(tr("Voor overleg…"), self.mark_selected_for_meeting).setEnabled(state != "handed_over")
        menu.addAction(tr("Overdragen…"), self.hand_over_selected).setEnabled(state is None)
        menu.popup(self.table.viewport().mapToGlobal(position))

    # --- state ----------------------------------------------------------------------------------------------------

    @Slot()
    def _update_buttons(self, *_args) -> None:
        current = self.table.currentIndex()
        has_case = current.isValid()
        # issue 14: a handed-over case changes nothing here; a cover copy is not ours to hand over
        state = self.model.data(current, TEAM_STATE_ROLE) if has_case else None
        self.open_button.setEnabled(has_case)
        self.meeting_button.setEnabled(has_case and state != "handed_over")
        self.handover_button.setEnabled(has_case and state is None)
        self.delete_view_button.setEnabled(self.view_combo.currentData() is not None)

    @Slot(bool)
    def set_privacy_mode(self, enabled: bool) -> None:
        self.model.set_privacy_mode(enabled)
        if self.dialog is not None and hasattr(self.dialog, "set_privacy_mode"):
            self.dialog.set_privacy_mode(enabled)

    # --- where was I (issue 15, item 6; ui/resume.py): ids only, kept in memory during the lock ----------------------

    def resume_state(self) -> dict:
        number = self.selected_case_number()
        return {"case_number": number} if number else {}

    def restore_state(self, state: dict) -> None:
        """Select the case that was selected before the lock (once the caseload is loaded)."""
        number = state.get("case_number")
        if not number:
            return
        if self._is_loaded:
            self.select_case(number)
            return
        if getattr(self, "_pending_selection", None) is None:
            self.loaded.connect(self._select_pending)
        self._pending_selection = number

    @Slot()
    def _select_pending(self) -> None:
        self.loaded.disconnect(self._select_pending)
        number, self._pending_selection = self._pending_selection, None
        if number and self.selected_case_number() is None:
            self.select_case(number)

    def reopen_form(self, ref: dict):
        """Reopen the case dialog that was open before the lock (a new help request when it had no number)."""
        number = ref.get("case_number")
        dialog = self.open_case(number) if number else self.new_case()
        if dialog is not None and isinstance(ref.get("tab"), int):
            dialog.tabs.setCurrentIndex(ref["tab"])
        return dialog


class SaveViewDialog(QDialog):
    def __init__(self, name: str, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setWindowTitle(tr("Weergave opslaan"))
        self.setAccessibleName(tr("Weergave opslaan"))
        layout = QFormLayout(self)
        self.name_edit = QLineEdit(name, self)
        self.name_edit.setAccessibleName(tr("Naam van de weergave"))
        self.name_edit.setMaxLength(60)
        layout.addRow(tr("&Naam:"), self.name_edit)
        note = QLabel(tr("De filters en de sortering worden bewaard; de zoektekst niet."), self)
        note.setWordWrap(True)
        layout.addRow(note)
        buttons = QDialogButtonBox(QDialogButtonBox.StandardButton.Save | QDialogButtonBox.StandardButton.Cancel,
                                   self)
        for button in buttons.buttons():
            button.setAccessibleName(button.text().replace("&", ""))
        buttons.accepted.connect(self.accept)
        buttons.rejected.connect(self.reject)
        layout.addRow(buttons)


class MeetingMarkDialog(QDialog):
    """"Voor overleg": the question for the casuïstiekoverleg (short; the note scanner warns, never blocks)."""

    def __init__(self, case_number: str, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setWindowTitle(tr("Voor overleg – casus {number}").format(number=case_number))
        self.setAccessibleName(tr("Voor overleg aanmelden"))
        layout = QFormLayout(self)
        intro = QLabel(tr("Welke vraag wilt u in het volgende casuïstiekoverleg stellen? Noem geen namen: het "
                          "overleg bespreekt de casus onder een pseudoniem."), self)
        intro.setWordWrap(True)
        layout.addRow(intro)
        self.question_edit = QLineEdit(self)
        self.question_edit.setAccessibleName(tr("Vraag voor het overleg"))
        self.question_edit.setMaxLength(300)
        layout.addRow(tr("&Vraag:"), self.question_edit)
        self.warning = message_label(self, tr("Waarschuwing"))
        layout.addRow(self.warning)
        self.question_edit.textChanged.connect(
            lambda text: set_message(self.warning, " ".join(note_scanner.warnings_for(text)), "warning"))
        buttons = QDialogButtonBox(QDialogButtonBox.StandardButton.Ok | QDialogButtonBox.StandardButton.Cancel, self)
        for button in buttons.buttons():
            button.setAccessibleName(button.text().replace("&", ""))
        buttons.accepted.connect(self.accept)
        buttons.rejected.connect(self.reject)
        layout.addRow(buttons)


def _factory(context: ViewContext) -> QWidget:
    return CaseloadView(context)


VIEWS.register(ViewSpec("caseload", QT_TRANSLATE_NOOP("Views", "Caseload"), _factory, order=10,
                        description=QT_TRANSLATE_NOOP("Views", "Alle casussen met fase, volgende actie en termijnen; "
                                                               "zoeken, filteren en een nieuwe hulpvraag registreren.")),
               replace=True)
