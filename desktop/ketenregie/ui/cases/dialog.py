"""Case detail and editing: one non-modal dialog per case, tabs Overzicht, Tijdlijn, Acties and Partners.

Everything the user changes (fields, new actions, journal entries, partners) is a draft until "Opslaan"
(Ctrl+S): then `validate_case` runs first and its Dutch messages appear next to the fields (and in a list at the
bottom); only a valid case goes to the repository, which saves it in one transaction with one audit entry — so a
refused or failed save leaves the register as it was. Free text is checked by the note scanner while typing:
a warning, never a block.

Privacy mode: the window title, the name field and the contact fields show initials or a mask (read-only), and
free text shown in the timeline and actions has the name replaced by initials.
"""
from __future__ import annotations

from collections.abc import Callable
from dataclasses import replace
from datetime import date

from PySide6.QtCore import QCoreApplication, Qt, Slot
from PySide6.QtGui import QKeySequence
from PySide6.QtWidgets import (QAbstractItemView, QCheckBox, QComboBox, QDialog, QFormLayout, QGridLayout,
                               QGroupBox, QHBoxLayout, QHeaderView, QLabel, QLineEdit, QPlainTextEdit, QPushButton,
                               QScrollArea, QSpinBox, QTableView, QTabWidget, QVBoxLayout, QWidget)

from ketenregie import APP_NAME
from ketenregie.domain import note_scanner
from ketenregie.domain.outgoing_text import RULE_NL as OUTGOING_RULE_NL
from ketenregie.domain.terms import term_warnings
from ketenregie.domain.case_validation import CaseValidationError, Issue, validate_case
from ketenregie.domain.cases import (START_PHASE, Action, ActionOwner, ActionStatus, Case, CasePartner, Closing,
                                     ClosingReason, ContactChannel, Crisis, CrisisKind, DebtBand, DebtPicture, EDUCATION_GROUPS,
                                     Decision, DecisionKind, ElementStatus, Household, IntakeRoute, IntegralElement,
                                     JournalEntry, PartnerRole, Phase, SPECIAL_TARGET_GROUPS, TargetGroup)
from ketenregie.store.case_repository import CaseRepository
from ketenregie.store.errors import StoreError
from ketenregie.store.partner_repository import PartnerRepository
from ketenregie.ui.icons import set_icon
from ketenregie.ui.keyboard import focus_first_field
from ketenregie.ui.caseload.data import calendar_for, case_events, nl_date, term_settings
from ketenregie.ui.caseload.widgets import EnumCombo, name_combo_popups
from ketenregie.ui.cases.fields import DateFieldError, DateLine, RowsModel, Sensitive, parse_nl_date, redact
from ketenregie.ui.cases.referrals_tab import BasesTab, ReferralsTab
from ketenregie.ui.cases.rights_tab import CorrectionDialog, RightsTab
from ketenregie.ui.cases.team_state import apply as apply_team_state
from ketenregie.ui.form_drafts import DraftFormMixin, apply_widgets, capture_widgets
from ketenregie.domain.form_drafts import DraftKind
from ketenregie.ui.accessibility import announce, mark_invalid, name_qt_internals
from ketenregie.ui.errors import user_message
from ketenregie.ui.messages import messenger
from ketenregie.ui.privacy_mode import privacy_mode_for
from ketenregie.ui.screen_fit import fit_to_screen
from ketenregie.ui.style import message_label, set_message
from ketenregie.ui.views.registry import ViewContext


def tr(text: str) -> str:
    return QCoreApplication.translate("CaseForm", text)


def _store_text(exc: BaseException) -> str:
    if isinstance(exc, (CaseValidationError, StoreError)):
        return exc.user_message
    return user_message(exc, "saving a case")


TAB_OVERVIEW, TAB_TIMELINE, TAB_ACTIONS, TAB_PARTNERS = range(4)


class CaseDialog(QDialog, DraftFormMixin):
    """`case_number` None: a new help request. `saved_number` holds the number after a successful save.
    What is typed but not saved is kept as a draft in the register when the register locks (ui/form_drafts.py)."""

    draft_kind = DraftKind.CASE

    def __init__(self, context: ViewContext, case_number: str | None, *, partners: list | None = None,
                 today: Callable[[], date] = date.today, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self._context = context
        self._today = today
        self.privacy = privacy_mode_for(context)
        register = context.register
        self.repository = CaseRepository(register.db, register.audit, clock=today)
        self.partners = list(partners) if partners else PartnerRepository(register.db).list_partners()
        self._partner_names = {p.id: p.name for p in self.partners}
        self.case: Case | None = self.repository.get(case_number) if case_number else None  # audited VIEW
        self.saved_number: str | None = case_number
        self._actions: list[Action] = []
        self._journal: list[JournalEntry] = []
        self._case_partners: list[CasePartner] = []
        self._dirty = False
        self._pending_correction: tuple[str, int, str] | None = None  # restored in presentatiemodus (see apply_form)
        self._error_labels: dict[str, QLabel] = {}
        self._field_widgets: dict[str, QWidget] = {}  # error key -> the field a failed save puts focus in
        self.setModal(False)
        fit_to_screen(self, 860, 680)
        self._build()
        self._load(self.case)
        self.privacy.changed.connect(self.set_privacy_mode)
        self._privacy_connected = True
        self.set_privacy_mode(self.privacy.enabled, force=True)
        self._dirty = False
        from ketenregie.services.form_drafts import FormDraftService  # noqa: PLC0415

        self._init_draft_tracking(FormDraftService(register))
        focus_first_field(self)  # opens with the focus in its first field

    # --- construction ---------------------------------------------------------------------------------------------

    def _error_label(self, key: str, parent: QWidget) -> QLabel:
        label = QLabel(parent)
        label.setWordWrap(True)
        label.setAccessibleName(tr("Foutmelding"))
        set_message(label, "")
        self._error_labels[key] = label
        return label

    def _row(self, form: QFormLayout, text: str, widget: QWidget, key: str | None = None) -> None:
        label = QLabel(text, widget.parentWidget())
        label.setBuddy(widget)
        if key is not None:
            self._field_widgets[key] = widget
        if key is None:
            form.addRow(label, widget)
            return
        box = QWidget(widget.parentWidget())
        layout = QVBoxLayout(box)
        layout.setContentsMargins(0, 0, 0, 0)
        layout.setSpacing(2)
        widget.setParent(box)
        layout.addWidget(widget)
        layout.addWidget(self._error_label(key, box))
        form.addRow(label, box)

    def _combo(self, parent: QWidget, name: str, items, none_label: str | None = None) -> "EnumCombo":
        return EnumCombo(name, items, none_label, parent)

    def _build(self) -> None:
        outer = QVBoxLayout(self)
        self.heading = QLabel(self)
        self.heading.setAccessibleName(tr("Casus"))
        font = self.heading.font()
        font.setBold(True)
        font.setPointSizeF((font.pointSizeF() if font.pointSizeF() > 0 else 10.0) * 1.3)
        self.heading.setFont(font)
        outer.addWidget(self.heading)
        # Issue 14: "Overgedragen aan … op …" or a cover copy (ui/cases/team_state.py), filled by every load
        self.team_banner = message_label(self, tr("Overdracht"))
        self.team_banner.setVisible(False)
        outer.addWidget(self.team_banner)
        self.tabs = QTabWidget(self)
        self.tabs.setAccessibleName(tr("Onderdelen van de casus"))
        outer.addWidget(self.tabs, 1)
        self._build_overview()
        self._build_timeline()
        self._build_actions()
        self._build_partners()
        # Issue 4: the case's referral letters and bases for sharing (ui/cases/referrals_tab.py); both read the
        # register when shown, so a case saved later in this dialog gets them too.
        self.referrals_tab = ReferralsTab(self._context, lambda: self.case, self.privacy, today=self._today)
        self.tabs.addTab(self.referrals_tab, tr("Ver&wijzingen"))
        self.bases_tab = BasesTab(self._context, lambda: self.case, self.privacy, today=self._today)
        self.tabs.addTab(self.bases_tab, tr("Gronds&lagen"))
        # Issue 11: the resident's rights (inzage, erasure on request); corrections live on Tijdlijn and Acties.
        self.rights_tab = RightsTab(self._context, lambda: self.case, self.privacy, today=self._today,
                                    on_erased=self._case_erased)
        self.tabs.addTab(self.rights_tab, tr("Rechten (AVG)"))
        self.correction_dialog: CorrectionDialog | None = None
        # Issue 13: the monitor facts (ui/monitor/trajectory_tab.py), saved together with the case.
        from ketenregie.ui.monitor.trajectory_tab import TrajectoryTab
        self.monitor_tab = TrajectoryTab(self._context, lambda: self.case, today=self._today)
        self.tabs.addTab(self.monitor_tab, tr("Monitor"))  # no free Alt letter left in this dialog: Ctrl+Tab reaches it
        name_combo_popups(self)
        name_qt_internals(self)

        self.errors_label = message_label(self, tr("Fouten"))
        self.warnings_label = message_label(self, tr("Waarschuwingen"))
        self.status_label = QLabel(self)
        self.status_label.setAccessibleName(tr("Status"))
        set_message(self.status_label, "")
        outer.addWidget(self.errors_label)
        outer.addWidget(self.warnings_label)
        outer.addWidget(self.status_label)
        buttons = QHBoxLayout()
        buttons.addStretch(1)
        self.save_button = QPushButton(tr("&Opslaan"), self)
        set_icon(self.save_button, "save")
        self.save_button.setAccessibleName(tr("Opslaan"))
        self.save_button.setToolTip(tr("Opslaan (Ctrl+S)"))
        self.save_button.setShortcut(QKeySequence.StandardKey.Save)
        self.save_button.setDefault(False)
        self.save_button.setAutoDefault(False)
        self.save_button.clicked.connect(self.save)
        self.close_button = QPushButton(tr("Sl&uiten"), self)
        self.close_button.setAccessibleName(tr("Sluiten"))
        self.close_button.setAutoDefault(False)
        self.close_button.clicked.connect(self.reject)
        buttons.addWidget(self.save_button)
        buttons.addWidget(self.close_button)
        outer.addLayout(buttons)

    def _build_overview(self) -> None:
        scroll = QScrollArea(self.tabs)
        scroll.setWidgetResizable(True)
        scroll.setAccessibleName(tr("Overzicht"))
        page = QWidget()
        scroll.setWidget(page)
        layout = QVBoxLayout(page)
        self.tabs.addTab(scroll, tr("O&verzicht"))

        self.terms_label = QLabel(page)
        self.terms_label.setWordWrap(True)
        self.terms_label.setAccessibleName(tr("Termijnen"))
        layout.addWidget(self.terms_label)

        resident = QGroupBox(tr("Inwoner en huishouden"), page)
        form = QFormLayout(resident)
        self.name_edit = QLineEdit(resident)
        self.name_edit.setAccessibleName(tr("Naam of initialen"))
        self.name_edit.setMaxLength(100)
        self._row(form, tr("&Naam of initialen:"), self.name_edit, "household.name")
        self.birth_edit = DateLine(tr("Geboortedatum (niet verplicht)"), resident)
        self._row(form, tr("Ge&boortedatum:"), self.birth_edit, "household.date_of_birth")
        self.channel_combo = self._combo(resident, tr("Contactkanaal"), ContactChannel, tr("(niet vastgelegd)"))
        self._row(form, tr("&Contactkanaal:"), self.channel_combo, "household.contact_channel")
        self.phone_edit = QLineEdit(resident)
        self.phone_edit.setAccessibleName(tr("Telefoonnummer"))
        self._row(form, tr("Tele&foon:"), self.phone_edit, "household.phone")
        self.email_edit = QLineEdit(resident)
        self.email_edit.setAccessibleName(tr("E-mailadres"))
        self._row(form, tr("E-&mail:"), self.email_edit, "household.email")
        self.postcode_edit = QLineEdit(resident)
        self.postcode_edit.setAccessibleName(tr("Postcode"))
        self.postcode_edit.setMaxLength(7)
        self._row(form, tr("Postco&de:"), self.postcode_edit, "household.postcode")
        self.house_number_edit = QLineEdit(resident)
        self.house_number_edit.setAccessibleName(tr("Huisnummer"))
        self.house_number_edit.setMaxLength(12)
        self._row(form, tr("Huisnummer:"), self.house_number_edit, "household.house_number")
        self.adults_spin = QSpinBox(resident)
        self.adults_spin.setRange(1, 20)
        self.adults_spin.setAccessibleName(tr("Aantal volwassenen"))
        self._row(form, tr("Volwassenen:"), self.adults_spin, "household.adults")
        self.children_spin = QSpinBox(resident)
        self.children_spin.setRange(0, 20)
        self.children_spin.setAccessibleName(tr("Aantal kinderen"))
        self._row(form, tr("Kinderen:"), self.children_spin, "household.children")
        layout.addWidget(resident)
        self.sensitive = {
            "name": Sensitive(self.name_edit, self.privacy.display_name),
            "date_of_birth": Sensitive(self.birth_edit, self.privacy.mask),
            "phone": Sensitive(self.phone_edit, self.privacy.mask),
            "email": Sensitive(self.email_edit, self.privacy.mask),
            "postcode": Sensitive(self.postcode_edit, self.privacy.mask),
            "house_number": Sensitive(self.house_number_edit, self.privacy.mask),
        }

        request = QGroupBox(tr("Hulpvraag"), page)
        form = QFormLayout(request)
        self.route_combo = self._combo(request, tr("Aanmeldroute"), IntakeRoute)
        self._row(form, tr("Aanmeld&route:"), self.route_combo, "intake_route")
        self.request_date_edit = DateLine(tr("Datum hulpvraag"), request)
        self._row(form, tr("Datum &hulpvraag:"), self.request_date_edit, "help_request_date")
        self.request_edit = QPlainTextEdit(request)
        self.request_edit.setAccessibleName(tr("Hulpvraag in de woorden van de inwoner"))
        self.request_edit.setTabChangesFocus(True)
        self.request_edit.setMaximumHeight(self.fontMetrics().height() * 4)
        self._row(form, tr("Hulpvraa&g:"), self.request_edit, "help_request")
        self.request_warning = self._warning_label(request)
        form.addRow(self.request_warning)
        self.request_edit.textChanged.connect(
            lambda: self._scan(self.request_warning, self.sensitive_request.real()))
        self.sensitive_request = Sensitive(self.request_edit, lambda text: redact(text, self._real_name()))

        groups_box = QWidget(request)
        grid = QGridLayout(groups_box)
        grid.setContentsMargins(0, 0, 0, 0)
        self.group_checks: dict[TargetGroup, QCheckBox] = {}
        self.reason_edits: dict[TargetGroup, QLineEdit] = {}
        regular = [g for g in TargetGroup if g not in SPECIAL_TARGET_GROUPS and g not in EDUCATION_GROUPS]
        for index, group in enumerate(regular):
            check = QCheckBox(group.label_nl, groups_box)
            check.setAccessibleName(tr("Doelgroep: {group}").format(group=group.label_nl))
            self.group_checks[group] = check
            grid.addWidget(check, index // 3, index % 3)
        row = (len(regular) + 2) // 3
        # Education is one choice (low, middle or high), not three ticks.
        self.education_combo = QComboBox(groups_box)
        self.education_combo.setAccessibleName(tr("Opleidingsniveau"))
        self.education_combo.addItem(tr("Opleidingsniveau onbekend"), None)
        for group in (g for g in TargetGroup if g in EDUCATION_GROUPS):
            self.education_combo.addItem(group.label_nl, group.value)
        grid.addWidget(self.education_combo, row, 0)
        row += 1
        for group in (g for g in TargetGroup if g in SPECIAL_TARGET_GROUPS):
            check = QCheckBox(group.label_nl, groups_box)
            check.setAccessibleName(tr("Doelgroep: {group}").format(group=group.label_nl))
            self.group_checks[group] = check
            reason = QLineEdit(groups_box)
            reason.setAccessibleName(tr("Reden voor {group}").format(group=group.label_nl))
            reason.setPlaceholderText(tr("Waarom is dit van belang voor de hulp?"))
            reason.setMaxLength(200)
            reason.setEnabled(False)
            check.toggled.connect(reason.setEnabled)
            self.reason_edits[group] = reason
            grid.addWidget(check, row, 0)
            grid.addWidget(reason, row, 1, 1, 2)
            row += 1
        self._row(form, tr("Doelgroepen:"), groups_box, "target_groups")

        self.crisis_combo = self._combo(request, tr("Crisis"), CrisisKind, tr("Geen crisis"))
        self._row(form, tr("Cr&isis:"), self.crisis_combo, "crisis")
        self.crisis_date_edit = DateLine(tr("Datum van de crisis, bijvoorbeeld de ontruimingsdatum"), request)
        self._row(form, tr("Datum crisis:"), self.crisis_date_edit, "crisis.date")
        layout.addWidget(request)

        course = QGroupBox(tr("Verloop"), page)
        form = QFormLayout(course)
        self.phase_combo = self._combo(course, tr("Fase"), Phase)
        self._row(form, tr("Fa&se:"), self.phase_combo, "phase")
        self.first_edit = DateLine(tr("Datum eerste gesprek"), course)
        self._row(form, tr("&Eerste gesprek:"), self.first_edit, "first_conversation_date")
        decision_box = QWidget(course)
        decision_row = QHBoxLayout(decision_box)
        decision_row.setContentsMargins(0, 0, 0, 0)
        self.decision_edit = DateLine(tr("Datum beschikking"), decision_box)
        self.decision_kind_combo = self._combo(decision_box, tr("Soort beschikking"), DecisionKind)
        decision_row.addWidget(self.decision_edit)
        decision_row.addWidget(self.decision_kind_combo)
        decision_row.addStretch(1)
        self._row(form, tr("Beschi&kking:"), decision_box, "decision")
        closing_box = QWidget(course)
        closing_row = QHBoxLayout(closing_box)
        closing_row.setContentsMargins(0, 0, 0, 0)
        self.closing_combo = self._combo(closing_box, tr("Sluitreden"), ClosingReason, tr("(niet afgesloten)"))
        self.closed_on_edit = DateLine(tr("Datum afsluiten"), closing_box)
        closing_row.addWidget(self.closing_combo, 1)
        closing_row.addWidget(self.closed_on_edit)
        self._row(form, tr("Afsluiten:"), closing_box, "closing")
        self.element_combos: dict[IntegralElement, QComboBox] = {}
        for element in IntegralElement:
            combo = self._combo(course, element.label_nl, ElementStatus)
            self.element_combos[element] = combo
            self._row(form, element.label_nl + ":", combo)
        self._error_labels["elements"] = self._error_label("elements", course)
        form.addRow(self._error_labels["elements"])
        debt_box = QWidget(course)
        debt_row = QHBoxLayout(debt_box)
        debt_row.setContentsMargins(0, 0, 0, 0)
        self.debt_combo = self._combo(debt_box, tr("Geschatte schuld"), DebtBand, tr("(onbekend)"))
        self.creditors_spin = QSpinBox(debt_box)
        self.creditors_spin.setRange(-1, 999)
        self.creditors_spin.setSpecialValueText(tr("onbekend"))
        self.creditors_spin.setAccessibleName(tr("Aantal schuldeisers"))
        debt_row.addWidget(self.debt_combo, 1)
        debt_row.addWidget(QLabel(tr("schuldeisers:"), debt_box))
        debt_row.addWidget(self.creditors_spin)
        self._row(form, tr("Schuldbeeld:"), debt_box, "debt")
        layout.addWidget(course)
        layout.addStretch(1)

        for widget in (self.name_edit, self.birth_edit, self.phone_edit, self.email_edit, self.postcode_edit,
                       self.house_number_edit, self.request_date_edit, self.crisis_date_edit, self.first_edit,
                       self.decision_edit, self.closed_on_edit, *self.reason_edits.values()):
            widget.textEdited.connect(self._mark_dirty)
        self.request_edit.textChanged.connect(self._mark_dirty)
        for combo in (self.channel_combo, self.route_combo, self.crisis_combo, self.phase_combo,
                      self.decision_kind_combo, self.closing_combo, self.debt_combo, self.education_combo,
                      *self.element_combos.values()):
            combo.activated.connect(self._mark_dirty)
        for spin in (self.adults_spin, self.children_spin, self.creditors_spin):
            spin.valueChanged.connect(self._mark_dirty)
        for check in self.group_checks.values():
            check.toggled.connect(self._mark_dirty)

    def _warning_label(self, parent: QWidget) -> QLabel:
        label = QLabel(parent)
        label.setWordWrap(True)
        label.setAccessibleName(tr("Waarschuwing"))
        set_message(label, "")
        return label

    @staticmethod
    def _scan(label: QLabel, text: str) -> None:
        # The register may keep it (a warning only); whatever leaves it is checked again by one rule.
        warnings = note_scanner.warnings_for(text)
        set_message(label, " ".join(warnings + [OUTGOING_RULE_NL]) if warnings else "", "warning")

    def _table(self, parent: QWidget, name: str, model: RowsModel) -> QTableView:
        table = QTableView(parent)
        table.setModel(model)
        table.setAccessibleName(name)
        table.setSelectionBehavior(QAbstractItemView.SelectionBehavior.SelectRows)
        table.setSelectionMode(QAbstractItemView.SelectionMode.SingleSelection)
        table.setEditTriggers(QAbstractItemView.EditTrigger.NoEditTriggers)
        table.setTabKeyNavigation(False)
        table.verticalHeader().hide()
        table.horizontalHeader().setStretchLastSection(True)
        table.horizontalHeader().setSectionResizeMode(QHeaderView.ResizeMode.ResizeToContents)
        return table

    def _build_timeline(self) -> None:
        page = QWidget(self.tabs)
        page.setAccessibleName(tr("Tijdlijn"))
        layout = QVBoxLayout(page)
        self.timeline_model = RowsModel([tr("Datum"), tr("Soort"), tr("Omschrijving")], page)
        self.timeline_table = self._table(page, tr("Tijdlijn: journaal en gebeurtenissen"), self.timeline_model)
        layout.addWidget(self.timeline_table, 1)
        correct_row = QHBoxLayout()
        self.journal_correct_button = QPushButton(tr("Journaalregel &corrigeren…"), page)
        self.journal_correct_button.setAccessibleName(tr("Gekozen journaalregel corrigeren (AVG art. 16)"))
        self.journal_correct_button.clicked.connect(self.correct_selected_journal_entry)
        correct_row.addWidget(self.journal_correct_button)
        correct_row.addStretch(1)
        layout.addLayout(correct_row)
        add = QGroupBox(tr("Journaalregel toevoegen"), page)
        form = QFormLayout(add)
        self.journal_date_edit = DateLine(tr("Datum journaalregel"), add)
        self.journal_date_edit.set_date(self._today())
        form.addRow(tr("&Datum:"), self.journal_date_edit)
        self.journal_edit = QPlainTextEdit(add)
        self.journal_edit.setAccessibleName(tr("Tekst van de journaalregel"))
        self.journal_edit.setTabChangesFocus(True)
        self.journal_edit.setMaximumHeight(self.fontMetrics().height() * 5)
        form.addRow(tr("Tek&st:"), self.journal_edit)
        self.journal_warning = self._warning_label(add)
        form.addRow(self.journal_warning)
        self.journal_edit.textChanged.connect(
            lambda: self._scan(self.journal_warning, self.journal_edit.toPlainText()))
        self.add_journal_button = QPushButton(tr("Aan &journaal toevoegen"), add)
        self.add_journal_button.setAccessibleName(tr("Journaalregel toevoegen"))
        self.add_journal_button.clicked.connect(self.add_journal_entry)
        form.addRow(self.add_journal_button)
        form.addRow(self._error_label("journal", add))
        layout.addWidget(add)
        self.tabs.addTab(page, tr("&Tijdlijn"))

    def _build_actions(self) -> None:
        page = QWidget(self.tabs)
        page.setAccessibleName(tr("Acties"))
        layout = QVBoxLayout(page)
        self.actions_model = RowsModel([tr("Uiterlijk"), tr("Actie"), tr("Van"), tr("Status")], page)
        self.actions_table = self._table(page, tr("Acties van de casus"), self.actions_model)
        layout.addWidget(self.actions_table, 1)
        row = QHBoxLayout()
        self.action_done_button = QPushButton(tr("&Gedaan"), page)
        self.action_done_button.setAccessibleName(tr("Gekozen actie gedaan"))
        self.action_cancel_button = QPushButton(tr("Ve&rvallen"), page)
        self.action_cancel_button.setAccessibleName(tr("Gekozen actie laten vervallen"))
        self.action_reopen_button = QPushButton(tr("&Heropenen"), page)
        self.action_reopen_button.setAccessibleName(tr("Gekozen actie heropenen"))
        self.action_done_button.clicked.connect(lambda: self.set_action_status(ActionStatus.DONE))
        self.action_cancel_button.clicked.connect(lambda: self.set_action_status(ActionStatus.CANCELLED))
        self.action_reopen_button.clicked.connect(lambda: self.set_action_status(ActionStatus.OPEN))
        self.action_correct_button = QPushButton(tr("Tekst corrigeren…"), page)
        self.action_correct_button.setAccessibleName(tr("Tekst van de gekozen actie corrigeren (AVG art. 16)"))
        self.action_correct_button.clicked.connect(self.correct_selected_action)
        for button in (self.action_done_button, self.action_cancel_button, self.action_reopen_button,
                       self.action_correct_button):
            row.addWidget(button)
        row.addStretch(1)
        layout.addLayout(row)
        add = QGroupBox(tr("Actie toevoegen"), page)
        form = QFormLayout(add)
        self.action_edit = QLineEdit(add)
        self.action_edit.setAccessibleName(tr("Omschrijving van de actie"))
        self.action_edit.setMaxLength(300)
        form.addRow(tr("O&mschrijving:"), self.action_edit)
        self.action_warning = self._warning_label(add)
        form.addRow(self.action_warning)
        self.action_edit.textChanged.connect(lambda text: self._scan(self.action_warning, text))
        self.owner_combo = self._combo(add, tr("Wie voert de actie uit"), ActionOwner)
        form.addRow(tr("&Door:"), self.owner_combo)
        self.action_partner_combo = QComboBox(add)
        self.action_partner_combo.setAccessibleName(tr("Partner die de actie uitvoert"))
        self.action_partner_combo.addItem(tr("(geen partner)"), None)
        for partner in self.partners:
            self.action_partner_combo.addItem(partner.name, partner.id)
        form.addRow(tr("Partn&er:"), self.action_partner_combo)
        self.action_due_edit = DateLine(tr("Uiterlijke datum van de actie"), add)
        form.addRow(tr("U&iterlijk:"), self.action_due_edit)
        self.add_action_button = QPushButton(tr("A&ctie toevoegen"), add)
        self.add_action_button.setAccessibleName(tr("Actie toevoegen"))
        self.add_action_button.clicked.connect(self.add_action)
        form.addRow(self.add_action_button)
        form.addRow(self._error_label("actions", add))
        layout.addWidget(add)
        self.tabs.addTab(page, tr("&Acties"))

    def _build_partners(self) -> None:
        page = QWidget(self.tabs)
        page.setAccessibleName(tr("Partners"))
        layout = QVBoxLayout(page)
        self.partners_model = RowsModel([tr("Partner"), tr("Rol"), tr("Leidend")], page)
        self.partners_table = self._table(page, tr("Betrokken partners"), self.partners_model)
        layout.addWidget(self.partners_table, 1)
        row = QHBoxLayout()
        self.partner_lead_button = QPushButton(tr("Leidend &maken"), page)
        self.partner_lead_button.setAccessibleName(tr("Gekozen partner leidend maken"))
        self.partner_remove_button = QPushButton(tr("Verw&ijderen"), page)
        self.partner_remove_button.setAccessibleName(tr("Gekozen partner van de casus halen"))
        self.partner_lead_button.clicked.connect(self.make_selected_partner_lead)
        self.partner_remove_button.clicked.connect(self.remove_selected_partner)
        row.addWidget(self.partner_lead_button)
        row.addWidget(self.partner_remove_button)
        row.addStretch(1)
        layout.addLayout(row)
        add = QGroupBox(tr("Partner toevoegen"), page)
        form = QFormLayout(add)
        self.partner_combo = QComboBox(add)
        self.partner_combo.setAccessibleName(tr("Partner"))
        for partner in self.partners:
            self.partner_combo.addItem(partner.name, partner.id)
        form.addRow(tr("Pa&rtner:"), self.partner_combo)
        self.role_combo = self._combo(add, tr("Rol van de partner"), PartnerRole)
        form.addRow(tr("Rol:"), self.role_combo)
        self.leads_check = QCheckBox(tr("&Deze partner heeft de regie over het traject (leidend)"), add)
        self.leads_check.setAccessibleName(tr("Partner is leidend"))
        form.addRow(self.leads_check)
        self.add_partner_button = QPushButton(tr("Partner toevoe&gen"), add)
        self.add_partner_button.setAccessibleName(tr("Partner toevoegen"))
        self.add_partner_button.clicked.connect(self.add_partner)
        form.addRow(self.add_partner_button)
        form.addRow(self._error_label("partners", add))
        layout.addWidget(add)
        self.partners_page = page
        self.tabs.addTab(page, tr("&Partners"))

    # --- filling the form -----------------------------------------------------------------------------------------

    @staticmethod
    def _select(combo: "EnumCombo", value) -> None:
        combo.set_value(value)

    def _load(self, case: Case | None) -> None:
        today = self._today()
        if case is None:
            case = Case(Household(""), IntakeRoute.SELF, today)
            self.phase_combo.setEnabled(False)
        else:
            self.phase_combo.setEnabled(True)
        h = case.household
        self.sensitive["name"].set_real(h.name)
        self.sensitive["date_of_birth"].set_real(nl_date(h.date_of_birth))
        self.sensitive["phone"].set_real(h.phone or "")
        self.sensitive["email"].set_real(h.email or "")
        self.sensitive["postcode"].set_real(h.postcode or "")
        self.sensitive["house_number"].set_real(h.house_number or "")
        self._select(self.channel_combo, h.contact_channel)
        self.adults_spin.setValue(h.adults)
        self.children_spin.setValue(h.children)
        self._select(self.route_combo, case.intake_route)
        self.request_date_edit.set_date(case.help_request_date)
        self.sensitive_request.set_real(case.help_request)
        for group, check in self.group_checks.items():
            check.setChecked(group in case.target_groups)
        education = next((g for g in case.target_groups if g in EDUCATION_GROUPS), None)
        self.education_combo.setCurrentIndex(max(0, self.education_combo.findData(
            education.value if education is not None else None)))
        for group, edit in self.reason_edits.items():
            edit.setText(case.special_reasons.get(group, ""))
        self._select(self.crisis_combo, case.crisis.kind if case.crisis else None)
        self.crisis_date_edit.set_date(case.crisis.date if case.crisis else None)
        self._select(self.phase_combo, case.phase)
        self.first_edit.set_date(case.first_conversation_date)
        self.decision_edit.set_date(case.decision.date if case.decision else None)
        self._select(self.decision_kind_combo, case.decision.kind if case.decision else DecisionKind.ADMISSION)
        self._select(self.closing_combo, case.closing.reason if case.closing else None)
        self.closed_on_edit.set_date(case.closing.closed_on if case.closing else None)
        for element, combo in self.element_combos.items():
            self._select(combo, case.element_status(element))
        self._select(self.debt_combo, case.debt.band)
        self.creditors_spin.setValue(case.debt.creditor_count if case.debt.creditor_count is not None else -1)
        self._actions = list(case.actions)
        self._journal = list(case.journal)
        self._case_partners = list(case.partners)
        self._refresh_lists()
        self._refresh_terms(case if self.case is not None else None)
        self._update_title()
        self.rights_tab.refresh()
        self.team_state = apply_team_state(self, self.team_banner)

    def _real_name(self) -> str:
        return self.sensitive["name"].real() if hasattr(self, "sensitive") else ""

    def _update_title(self) -> None:
        if self.case is None:
            title = tr("Nieuwe hulpvraag")
        else:
            title = tr("Casus {number} – {name}").format(number=self.case.case_number,
                                                        name=self.privacy.display_name(self.case.household.name))
        self.heading.setText(title)
        # The OS shows window titles outside the app (task bar, Alt+Tab, the window picker of screen-sharing
        # tools): the case number only, never the name.
        window_title = tr("Nieuwe hulpvraag") if self.case is None else tr("Casus {number}").format(
            number=self.case.case_number)
        self.setWindowTitle(f"{window_title} – {APP_NAME}")
        self.setAccessibleName(title)

    def _refresh_terms(self, case: Case | None) -> None:
        if case is None:
            self.terms_label.setText(tr("De termijnen worden berekend zodra de hulpvraag is opgeslagen."))
            return
        policy = self._context.policy
        terms = case.terms(self._today(), calendar=calendar_for(policy), **term_settings(policy))
        lines = [f"{t.label_nl}: {t.status.label_nl} (uiterlijk {nl_date(t.deadline)})" for t in terms]
        text = tr("Termijnen: ") + "; ".join(lines) if lines else ""
        warnings = term_warnings(case.help_request_date, terms, calendar=calendar_for(policy)) if lines else []
        self.terms_label.setText("\n".join([text, *("\u26a0 " + w for w in warnings)]) if warnings else text)

    def _refresh_lists(self) -> None:
        privacy = self.privacy.enabled
        name = self._real_name()
        shown = (lambda text: redact(text, name)) if privacy else (lambda text: text)
        self.actions_model.set_rows([
            (nl_date(a.due), shown(a.description),
             self._partner_names.get(a.partner_id, "") if a.owner == ActionOwner.PARTNER else a.owner.label_nl,
             a.status.label_nl + (f" ({nl_date(a.done_on)})" if a.done_on else ""))
            for a in self._actions])
        self.partners_model.set_rows([
            (self._partner_names.get(p.partner_id, tr("(onbekende partner)")), p.role.label_nl,
             tr("ja") if p.leads else "") for p in self._case_partners])
        events: list[tuple] = []  # (date, order, kind, text[, journal entry id])
        case = self.case
        if case is not None:
            events.append((case.help_request_date, 0, tr("Hulpvraag"), case.intake_route.label_nl))
            if case.first_conversation_date:
                events.append((case.first_conversation_date, 1, tr("Eerste gesprek"), ""))
            if case.decision:
                events.append((case.decision.date, 2, tr("Beschikking"), case.decision.kind.label_nl))
            if case.closing:
                events.append((case.closing.closed_on, 3, tr("Afgesloten"), case.closing.reason.label_nl))
        for action in self._actions:
            if action.done_on:
                events.append((action.done_on, 4, tr("Actie gedaan"), shown(action.description)))
        for entry in self._journal:
            events.append((entry.entry_date, 5, tr("Journaal") + ("" if entry.id else tr(" (nog niet opgeslagen)")),
                           shown(entry.text), entry.id))
        events.sort(key=lambda e: (e[0], e[1]), reverse=True)
        self.timeline_model.set_rows([(nl_date(e[0]), e[2], e[3]) for e in events])
        self._timeline_journal_ids = [e[4] if len(e) > 4 else None for e in events]

    # --- editing the lists (drafts until saved) --------------------------------------------------------------------

    @Slot()
    def _mark_dirty(self, *_args) -> None:
        self._dirty = True

    @property
    def dirty(self) -> bool:
        return self._dirty

    @Slot()
    def add_journal_entry(self) -> bool:
        label = self._error_labels["journal"]
        text = self.journal_edit.toPlainText().strip()
        try:
            day = self.journal_date_edit.date() or self._today()
        except DateFieldError as exc:
            set_message(label, str(exc), "error")
            return False
        if not text:
            set_message(label, tr("Schrijf eerst de tekst van de journaalregel."), "error")
            return False
        set_message(label, "")
        self._journal.append(JournalEntry(day, text))
        self.journal_edit.clear()
        self._dirty = True
        self._refresh_lists()
        set_message(self.status_label, tr("Journaalregel toegevoegd; sla de casus op om hem te bewaren."))
        return True

    @Slot()
    def add_action(self) -> bool:
        label = self._error_labels["actions"]
        try:
            due = self.action_due_edit.date()
        except DateFieldError as exc:
            set_message(label, str(exc), "error")
            return False
        owner = self.owner_combo.value()
        partner_id = self.action_partner_combo.currentData() if owner == ActionOwner.PARTNER else None
        description = self.action_edit.text().strip()
        if not description:
            set_message(label, tr("Beschrijf de actie."), "error")
            return False
        if owner == ActionOwner.PARTNER and partner_id is None:
            set_message(label, tr("Kies de partner die deze actie uitvoert."), "error")
            return False
        set_message(label, "")
        self._actions.append(Action(description, owner, partner_id, due))
        self.action_edit.clear()
        self.action_due_edit.clear()
        self._dirty = True
        self._refresh_lists()
        return True

    def set_action_status(self, status: ActionStatus) -> None:
        row = self.actions_table.currentIndex().row()
        if not 0 <= row < len(self._actions):
            return
        action = self._actions[row]
        done_on = self._today() if status == ActionStatus.DONE else None
        self._actions[row] = replace(action, status=status, done_on=done_on)
        self._dirty = True
        self._refresh_lists()
        self.actions_table.selectRow(row)

    @Slot()
    def add_partner(self) -> bool:
        label = self._error_labels["partners"]
        partner_id = self.partner_combo.currentData()
        if partner_id is None:
            return False
        if any(p.partner_id == partner_id for p in self._case_partners):
            set_message(label, tr("Deze partner is al bij de casus betrokken."), "error")
            return False
        leads = self.leads_check.isChecked()
        if leads:
            self._case_partners = [replace(p, leads=False) for p in self._case_partners]
        self._case_partners.append(CasePartner(partner_id, self.role_combo.value(), leads))
        set_message(label, "")
        self.leads_check.setChecked(False)
        self._dirty = True
        self._refresh_lists()
        return True

    @Slot()
    def make_selected_partner_lead(self) -> None:
        row = self.partners_table.currentIndex().row()
        if 0 <= row < len(self._case_partners):
            self._case_partners = [replace(p, leads=(i == row)) for i, p in enumerate(self._case_partners)]
            self._dirty = True
            self._refresh_lists()

    @Slot()
    def remove_selected_partner(self) -> None:
        row = self.partners_table.currentIndex().row()
        if 0 <= row < len(self._case_partners):
            del self._case_partners[row]
            self._dirty = True
            self._refresh_lists()

    # --- the resident's rights: correction (art. 16) and erasure (art. 17) ------------------------------------------

    def _can_correct(self, label_key: str) -> bool:
        label = self._error_labels[label_key]
        if self.case is None or self._dirty:
            set_message(label, tr("Sla de casus eerst op; daarna kunt u een opgeslagen tekst corrigeren."), "error")
            return False
        if self.privacy.enabled:
            set_message(label, tr("Zet de presentatiemodus uit om een tekst te corrigeren."), "error")
            return False
        set_message(label, "")
        return True

    @Slot()
    def correct_selected_journal_entry(self) -> None:
        row = self.timeline_table.currentIndex().row()
        ids = getattr(self, "_timeline_journal_ids", [])
        entry_id = ids[row] if 0 <= row < len(ids) else None
        if entry_id is None:
            set_message(self._error_labels["journal"], tr("Kies eerst een opgeslagen journaalregel."), "error")
            return
        if not self._can_correct("journal"):
            return
        entry = next(j for j in self._journal if j.id == entry_id)
        self._open_correction("journal", entry_id, entry.text)

    @Slot()
    def correct_selected_action(self) -> None:
        row = self.actions_table.currentIndex().row()
        action = self._actions[row] if 0 <= row < len(self._actions) else None
        if action is None or action.id is None:
            set_message(self._error_labels["actions"], tr("Kies eerst een opgeslagen actie."), "error")
            return
        if not self._can_correct("actions"):
            return
        self._open_correction("action", action.id, action.description)

    def _open_correction(self, kind: str, row_id: int, text: str) -> None:
        from ketenregie.services.rectification import RectificationService

        service = RectificationService(self._context.register, clock=self._today)
        self.correction_dialog = CorrectionDialog(service, self.case.case_number, kind, row_id, text, self)
        self.correction_dialog.finished.connect(self._correction_closed)
        self.correction_dialog.open()

    def _correction_closed(self, _result: int) -> None:
        dialog, self.correction_dialog = self.correction_dialog, None
        if dialog is None:
            return
        corrected = dialog.corrected
        dialog.deleteLater()  # closed dialogs are destroyed, not kept with their text
        if corrected and self.case is not None:
            self.case = self.repository.get(self.case.case_number, audit=False)
            self._load(self.case)
            self.set_privacy_mode(self.privacy.enabled, force=True)
            self._dirty = False
            self.mark_form_saved()  # what the form shows is the register now; a draft of the correction goes
            set_message(self.status_label, tr("Gecorrigeerd. De oude tekst is niet bewaard."), "ok")
            case_events().caseChanged.emit(self.case.case_number)

    def _case_erased(self, case_number: str) -> None:
        """The case is gone (erasure on request): close without asking, and let the lists drop it."""
        self.case = None
        self._dirty = False
        case_events().caseChanged.emit(case_number)
        super().reject()

    # --- collecting and saving ------------------------------------------------------------------------------------

    def collect(self) -> tuple[Case | None, list[Issue]]:
        """The case as the form describes it, or (None, problems) when a date cannot be read."""
        problems: list[Issue] = []

        def read(field: str, widget: DateLine, text: str | None = None) -> date | None:
            try:
                return widget.date() if text is None else parse_nl_date(text)
            except DateFieldError as exc:
                problems.append(Issue(field, str(exc)))
                return None

        today = self._today()
        birth = read("household.date_of_birth", self.birth_edit, self.sensitive["date_of_birth"].real())
        request_date = read("help_request_date", self.request_date_edit)
        crisis_date = read("crisis.date", self.crisis_date_edit)
        first = read("first_conversation_date", self.first_edit)
        decision_date = read("decision", self.decision_edit)
        closed_on = read("closing", self.closed_on_edit)
        if request_date is None and not any(p.field == "help_request_date" for p in problems):
            problems.append(Issue("help_request_date", tr("Vul de datum van de hulpvraag in.")))
        crisis_kind = self.crisis_combo.value()
        if crisis_kind is None and crisis_date is not None:
            problems.append(Issue("crisis", tr("Kies de soort crisis, of haal de datum van de crisis weg.")))
        reason = self.closing_combo.value()
        if reason is not None and closed_on is None and not any(p.field == "closing" for p in problems):
            closed_on = today  # closing without a date: today
        if reason is None and closed_on is not None:
            problems.append(Issue("closing", tr("Kies een sluitreden, of haal de datum van afsluiten weg.")))
        if problems:
            return None, problems
        groups = frozenset(g for g, check in self.group_checks.items() if check.isChecked())
        education = self.education_combo.currentData()
        if education is not None:
            groups |= {TargetGroup(education)}
        reasons = {g: edit.text() for g, edit in self.reason_edits.items() if g in groups and edit.text().strip()}
        household = Household(
            name=self.sensitive["name"].real(), date_of_birth=birth, contact_channel=self.channel_combo.value(),
            phone=self.sensitive["phone"].real() or None, email=self.sensitive["email"].real() or None,
            postcode=self.sensitive["postcode"].real() or None,
            house_number=self.sensitive["house_number"].real() or None,
            adults=self.adults_spin.value(), children=self.children_spin.value())
        creditors = self.creditors_spin.value()
        base = self.case
        case = Case(
            household=household, intake_route=self.route_combo.value(), help_request_date=request_date,
            help_request=self.sensitive_request.real(),
            phase=self.phase_combo.value() if base is not None else START_PHASE,
            target_groups=groups, special_reasons=reasons,
            crisis=Crisis(crisis_kind, crisis_date) if crisis_kind is not None else None,
            first_conversation_date=first,
            decision=Decision(decision_date, self.decision_kind_combo.value()) if decision_date else None,
            closing=Closing(reason, closed_on) if reason is not None else None,
            elements={e: combo.value() for e, combo in self.element_combos.items()},
            partners=tuple(self._case_partners), actions=tuple(self._actions), journal=tuple(self._journal),
            debt=DebtPicture(self.debt_combo.value(), creditors if creditors >= 0 else None),
            case_number=base.case_number if base else None, id=base.id if base else None,
            registered_on=base.registered_on if base else None)
        return case, []

    def _show_issues(self, errors: list[Issue] | tuple[Issue, ...], warnings=()) -> None:
        for label in self._error_labels.values():
            set_message(label, "")
        first_tab = None
        first_key = None
        placed: dict[str, list[str]] = {}
        for issue in errors:
            key = self._label_key(issue.field)
            placed.setdefault(key, []).append(issue.message)
            tab = self._tab_of(issue.field)
            first_tab = tab if first_tab is None else first_tab
            first_key = key if first_key is None else first_key
        for widget in self._field_widgets.values():
            if widget.property("invalid"):
                mark_invalid(widget, "")
        for key, messages in placed.items():
            if key in self._error_labels:
                set_message(self._error_labels[key], "\n".join(messages), "error")
            if key in self._field_widgets:
                mark_invalid(self._field_widgets[key], " ".join(messages))  # screen readers: tied to the field
        if errors:
            set_message(self.errors_label, tr("De casus is niet opgeslagen:") + "\n"
                        + "\n".join("• " + issue.message for issue in errors), "error")
            if first_tab is not None:
                self.tabs.setCurrentIndex(first_tab)
            self._focus_field(first_key)
            announce(self.errors_label)
        else:
            set_message(self.errors_label, "")
        set_message(self.warnings_label, "\n".join(dict.fromkeys("• " + w.message for w in warnings)), "warning")

    def _focus_field(self, key: str | None) -> None:
        """A failed save puts the keyboard focus in the field at fault (made visible in its scroll area)."""
        widget = self._field_widgets.get(key or "")
        if widget is None:
            widget = {"actions": getattr(self, "action_edit", None), "journal": getattr(self, "journal_edit", None),
                      "partners": getattr(self, "partner_combo", None)}.get(key or "")
        if widget is None or not widget.isEnabled():
            return
        if isinstance(widget, QLineEdit) and widget.isReadOnly():
            return
        widget.setFocus(Qt.FocusReason.OtherFocusReason)
        scroll = self.tabs.widget(TAB_OVERVIEW)
        if isinstance(scroll, QScrollArea) and scroll.isAncestorOf(widget):
            scroll.ensureWidgetVisible(widget)

    def _label_key(self, field: str) -> str:
        if field.startswith("special_reasons"):
            return "target_groups"
        if field.startswith("actions") or field.startswith("action"):
            return "actions"
        if field.startswith("journal"):
            return "journal"
        if field.startswith("debt"):
            return "debt"
        if field.startswith("crisis.date"):
            return "crisis.date"
        candidates = [k for k in self._error_labels if field == k or field.startswith(k + ".")]
        return max(candidates, key=len) if candidates else ""

    @staticmethod
    def _tab_of(field: str) -> int:
        if field.startswith("action"):
            return TAB_ACTIONS
        if field.startswith("journal"):
            return TAB_TIMELINE
        if field.startswith("partners"):
            return TAB_PARTNERS
        return TAB_OVERVIEW

    @Slot()
    def save(self) -> bool:
        """Validate and save (one transaction, one audit entry). Returns True when saved."""
        set_message(self.status_label, "")
        if self.case is not None and self.team_state.cover_until:
            return self._save_cover_additions()
        case, problems = self.collect()
        if case is None:
            self._show_issues(problems)
            return False
        report = validate_case(case, today=self._today(), previous=self.case)
        if report.errors:
            self._show_issues(report.errors, report.warnings)
            return False
        try:
            if self.case is None:
                number = self.repository.create(case)
                created = True
            else:
                # the case and its monitor facts: one transaction, one audit entry (issue 13)
                self.monitor_tab.save_case(case, self.case.phase)
                number = case.case_number
                created = False
        except CaseValidationError as exc:
            self._show_issues(exc.errors, report.warnings)
            return False
        except Exception as exc:  # noqa: BLE001 - the transaction rolled back; say so in Dutch, never the text
            self._show_issues([])
            set_message(self.errors_label, tr("De casus is niet opgeslagen. ") + _store_text(exc), "error")
            return False
        self.saved_number = number
        self.case = self.repository.get(number, audit=False)
        self._load(self.case)
        if created:
            self.monitor_tab.reload()  # the Monitor tab opens once the case has a number
        self.set_privacy_mode(self.privacy.enabled, force=True)
        self._show_issues([], report.warnings)
        self._dirty = False
        self.mark_form_saved()  # the kept draft (if any) is gone: the register holds the case now
        set_message(self.status_label, tr("Opgeslagen als casus {number}.").format(number=number)
                    if created else tr("Opgeslagen."), "ok")
        events = case_events()
        (events.caseCreated if created else events.caseChanged).emit(number)
        return True

    def _save_cover_additions(self) -> bool:
        """A colleague's cover copy (issue 14): only the new journal entries and actions are saved, in one
        transaction with one audit entry; the fields are read-only."""
        journal = [j for j in self._journal if j.id is None]
        actions = [a for a in self._actions if a.id is None]
        try:
            self.repository.add_notes_and_actions(self.case.case_number, journal, actions)
        except CaseValidationError as exc:
            self._show_issues(exc.errors)
            return False
        except Exception as exc:  # noqa: BLE001 - the transaction rolled back; say so in Dutch, never the text
            set_message(self.errors_label, tr("De casus is niet opgeslagen. ") + _store_text(exc), "error")
            return False
        self.case = self.repository.get(self.case.case_number, audit=False)
        self._load(self.case)
        self.set_privacy_mode(self.privacy.enabled, force=True)
        self._show_issues([])
        self._dirty = False
        set_message(self.status_label, tr("Opgeslagen."), "ok")
        case_events().caseChanged.emit(self.case.case_number)
        return True

    # --- privacy mode and closing ---------------------------------------------------------------------------------

    @Slot(bool)
    def set_privacy_mode(self, enabled: bool, force: bool = False) -> None:
        if not enabled and self._pending_correction is not None and self.correction_dialog is None:
            pending, self._pending_correction = self._pending_correction, None
            set_message(self.status_label, "")
            self._restore_correction(*pending)  # restored at unlock while presentatiemodus was on
        for field in self.sensitive.values():
            if force:
                field.set_masked(not enabled)  # make sure the state flips, then set the wanted one
            field.set_masked(enabled)
        if force:
            self.sensitive_request.set_masked(not enabled)
        self.sensitive_request.set_masked(enabled)
        self._refresh_lists()
        self._update_title()

    def reject(self) -> None:
        if (self._dirty or self.has_unsaved_input()) and not messenger().question(
                self, tr("Wijzigingen niet opgeslagen"),
                tr("U hebt wijzigingen die nog niet zijn opgeslagen. Wilt u ze weggooien?")):
            return
        self.forget_draft()  # cancelled (after the question): a kept draft goes too
        super().reject()

    # --- drafts at lock (issue 15, item 6; ui/form_drafts.py) -------------------------------------------------------

    def draft_owner(self) -> dict[str, int]:
        return {"case_id": self.case.id} if self.case is not None and self.case.id is not None else {}

    def form_ref(self) -> dict:
        return {"view": "caseload", "kind": DraftKind.CASE.value,
                "case_number": self.case.case_number if self.case is not None else None,
                "tab": self.tabs.currentIndex()}

    def _draft_widgets(self) -> dict:
        widgets = {f"household.{key}": field for key, field in self.sensitive.items()}
        widgets.update({
            "help_request": self.sensitive_request, "contact_channel": self.channel_combo,
            "intake_route": self.route_combo, "crisis": self.crisis_combo, "phase": self.phase_combo,
            "decision_kind": self.decision_kind_combo, "closing": self.closing_combo, "debt": self.debt_combo,
            "education": self.education_combo, "help_request_date": self.request_date_edit,
            "crisis_date": self.crisis_date_edit, "first_conversation_date": self.first_edit,
            "decision_date": self.decision_edit, "closed_on": self.closed_on_edit, "adults": self.adults_spin,
            "children": self.children_spin, "creditors": self.creditors_spin,
            "journal_date": self.journal_date_edit, "journal_text": self.journal_edit, "action_text": self.action_edit,
            "action_owner": self.owner_combo, "action_partner": self.action_partner_combo,
            "action_due": self.action_due_edit, "partner_pick": self.partner_combo,
            "partner_role": self.role_combo, "partner_leads": self.leads_check})
        widgets.update({f"element.{e.value}": combo for e, combo in self.element_combos.items()})
        widgets.update({f"group.{g.value}": check for g, check in self.group_checks.items()})
        widgets.update({f"reason.{g.value}": edit for g, edit in self.reason_edits.items()})
        # the Monitor tab's dates and choices (its lists: see capture_form)
        widgets.update({f"monitor.{name}": edit for name, edit in self.monitor_tab.dates.items()})
        widgets.update({"monitor.forced_settlement": self.monitor_tab.forced_check,
                        "monitor.outflow": self.monitor_tab.outflow_combo})
        return widgets

    def capture_form(self) -> dict:
        values = capture_widgets(self._draft_widgets())
        # journal entries and actions added in the dialog but not saved yet
        values["new_journal"] = [[e.entry_date.isoformat(), e.text] for e in self._journal if e.id is None]
        values["new_actions"] = [[a.description, a.owner.value, a.partner_id, a.due.isoformat() if a.due else None,
                                  a.status.value, a.done_on.isoformat() if a.done_on else None]
                                 for a in self._actions if a.id is None]
        # status changes of saved actions (Gedaan / Vervallen / Heropenen), the partners as the dialog shows them
        values["action_states"] = [[a.id, a.status.value, a.done_on.isoformat() if a.done_on else None]
                                   for a in self._actions if a.id is not None]
        values["partners"] = [[p.partner_id, p.role.value, p.leads] for p in self._case_partners]
        values["monitor.lists"] = self.monitor_tab.list_texts()
        # a correction (AVG art. 16) being typed in its dialog over this one
        dialog = self.correction_dialog
        if dialog is not None and dialog.edit.toPlainText() != dialog.original_text:
            values["correction"] = [dialog.kind, dialog.row_id, dialog.edit.toPlainText()]
        elif dialog is None and self._pending_correction is not None:
            values["correction"] = list(self._pending_correction)
        return values

    def apply_form(self, values: dict) -> None:
        apply_widgets(self._draft_widgets(), values)
        saved_journal = [e for e in self._journal if e.id is not None]
        saved_actions = [a for a in self._actions if a.id is not None]
        try:
            journal = [JournalEntry(date.fromisoformat(day), str(text)) for day, text in values.get("new_journal", [])]
            actions = [_new_action(*entry) for entry in values.get("new_actions", [])]
        except (TypeError, ValueError):
            journal, actions = [], []
        try:
            states = {int(action_id): (ActionStatus(status), date.fromisoformat(done) if done else None)
                      for action_id, status, done in values.get("action_states", [])}
        except (TypeError, ValueError):
            states = {}
        saved_actions = [replace(a, status=states[a.id][0], done_on=states[a.id][1]) if a.id in states else a
                         for a in saved_actions]
        self._journal = saved_journal + journal
        self._actions = saved_actions + actions
        if "partners" in values:
            try:
                known = {p.id for p in self.partners}
                self._case_partners = [CasePartner(int(pid), PartnerRole(role), bool(leads))
                                       for pid, role, leads in values["partners"] if int(pid) in known]
            except (TypeError, ValueError):
                pass  # a draft this form cannot read: keep the partners the form shows
        if "monitor.lists" in values:
            self.monitor_tab.set_list_texts(values["monitor.lists"])
        self._refresh_lists()
        self._pending_correction = None
        correction = values.get("correction")
        if isinstance(correction, list) and len(correction) == 3:
            self._restore_correction(*correction)

    def _restore_correction(self, kind, row_id, text) -> None:
        """Reopen the correction that was being typed at the lock, with its text — unless the text is gone meanwhile.
        In presentatiemodus it waits (the dialog shows the real text) until presentatiemodus is switched off."""
        if self.case is None or self.correction_dialog is not None or not isinstance(row_id, int):
            return
        rows = ({j.id: j.text for j in self._journal if j.id is not None} if kind == "journal" else
                {a.id: a.description for a in self._actions if a.id is not None} if kind == "action" else {})
        if row_id not in rows:
            return
        if self.privacy.enabled:
            self._pending_correction = (kind, row_id, str(text))
            set_message(self.status_label, tr("Een correctie die u aan het typen was, staat klaar. Zet de "
                                              "presentatiemodus uit om hem af te maken."), "warning")
            return
        self._open_correction(kind, row_id, str(text))
        self.correction_dialog.original_text = rows[row_id]  # unsaved is what differs from the register

    def restore_draft(self, draft) -> None:
        super().restore_draft(draft)
        self._dirty = True

    def discard_restored(self) -> None:
        super().discard_restored()
        self._dirty = False

    def done(self, result: int) -> None:
        if self._privacy_connected:
            self._privacy_connected = False
            self.privacy.changed.disconnect(self.set_privacy_mode)
        super().done(result)


def _new_action(text, owner, partner, due, status=ActionStatus.OPEN.value, done_on=None) -> Action:
    """An action added in the dialog but not saved, from a form draft (older drafts have no status)."""
    return Action(str(text), ActionOwner(owner), partner if isinstance(partner, int) else None,
                  date.fromisoformat(due) if due else None, ActionStatus(status),
                  date.fromisoformat(done_on) if done_on else None)
