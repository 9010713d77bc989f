"""The letters view: compose a referral letter (warme overdracht) to a chain partner.

Pick a case and a recipient; the table shows, before anything is produced, exactly which fields will be shared
and on which basis (fields outside the recipient profile are greyed out and cannot be checked). Without a
recorded basis the view says what to record ("Grondslag vastleggen…"). "Voorbeeld…" renders the pages in the app
(off the UI thread); "Opslaan…" writes the letter (and the resident's copy) to a folder the user chooses, with the
notice that the files are no longer protected by the register, optionally with an AES-256 password.

Issue 11: free text that would leave with the letter passes the one outgoing-text rule (domain/outgoing_text.py)
first — the composer names the words and why, and nothing is produced until the text is edited; preview and save
go through `ReferralService.verify` (the letter is composed again from the register). Typed text belongs to one
case: it is kept as that case's draft in the register (asked when switching case), never carried to the next.
In presentatiemodus typed text, the BSN field and the preview show initials and masked identifiers.
"""
from __future__ import annotations

from dataclasses import replace
import logging
from datetime import date, datetime, timezone
from pathlib import Path

from PySide6.QtCore import QT_TRANSLATE_NOOP, QDate, Qt, Slot
from PySide6.QtWidgets import (QAbstractItemView, QCheckBox, QComboBox, QFormLayout, QGroupBox, QHBoxLayout,
                               QHeaderView, QLabel, QLineEdit, QPlainTextEdit, QPushButton, QScrollArea, QSplitter,
                               QTableView, QVBoxLayout, QWidget)

from ketenregie.domain.consent import BasisKind, remaining_basis_nl, withdrawal_question_nl
from ketenregie.domain.outgoing_text import RULE_NL
from ketenregie.domain.privacy_display import MASK, initials, redact_free_text
from ketenregie.domain.referral import (ReferralContent, ReferralLetter, ReferralRefused, SenderInfo,
                                        presentation_letter, referral_file_name)
from ketenregie.domain.referral_draft import LetterDraft
from ketenregie.domain.referral_input import InputInvalid, parse_agreements, parse_arrears, parse_attachments
from ketenregie.services.referral import ReferralService, render_referral
from ketenregie.store.errors import StoreError
from ketenregie.ui.icons import set_icon
from ketenregie.ui.accessibility import mark_invalid
from ketenregie.ui.background import run_in_background
from ketenregie.ui.cases.fields import Sensitive
from ketenregie.ui.errors import user_message
from ketenregie.ui.letters.dialogs import BasisDialog, PreviewDialog, SaveDialog, date_edit, qdate_to_date, rasterise
from ketenregie.ui.letters.models import CaseListModel, DisclosureModel, case_proxy, tr
from ketenregie.ui.messages import messenger
from ketenregie.ui.privacy_mode import privacy_mode_for
from ketenregie.ui.style import heading_font, message_label, set_message
from ketenregie.ui.views.registry import VIEWS, ViewContext, ViewSpec


def presentation_case(case):
    """The case as a presentatiemodus preview of the resident's copy may name it: initials only."""
    household = case.household
    return replace(case, household=replace(household, name=initials(household.name) if household.name else ""))


def _render_for_preview(letter: ReferralLetter, case, letterhead, resident_copy: bool):
    """Worker thread: render the PDFs and rasterise their pages (no register access, no Qt objects)."""
    rendered = render_referral(letter, case, letterhead, resident_copy=resident_copy)
    documents = [(tr("Verwijsbrief"), rasterise(rendered.letter_pdf), rendered.letter_pdf)]
    if rendered.copy_pdf is not None:
        documents.append((tr("Kopie voor de inwoner"), rasterise(rendered.copy_pdf), rendered.copy_pdf))
    return documents


class LettersView(QWidget):
    holds_personal_data = True

    def __init__(self, context: ViewContext, parent: QWidget | None = None, *, clock=date.today) -> None:
        super().__init__(parent)
        self._context = context
        self._clock = clock
        self.service = ReferralService(context.register, clock=clock)
        self.case = None
        self._selected: set[str] | None = None
        self.dialog = None  # the open dialog, if any (tests drive it)
        self.last_saved: list[Path] = []
        self._stored_draft: LetterDraft | None = None  # the shown case's draft as stored in the register
        self.previewed_letter: ReferralLetter | None = None  # what the open preview shows (tests read it)
        self.privacy = privacy_mode_for(context)
        self.setAccessibleName(tr("Brieven"))
        self._build(self.privacy.enabled)
        self.privacy.changed.connect(self.set_privacy_mode)
        problem = self.service.sync_directory()
        if problem:
            set_message(self.message, problem, "warning")
        self.refresh()

    # --- layout -------------------------------------------------------------------------------------------------

    def _build(self, privacy: bool) -> None:
        outer = QVBoxLayout(self)
        heading = QLabel(tr("Verwijsbrief (warme overdracht)"), self)
        heading.setFont(heading_font(self))
        heading.setAccessibleName(tr("Verwijsbrief"))
        outer.addWidget(heading)
        splitter = QSplitter(Qt.Orientation.Horizontal, self)
        outer.addWidget(splitter, 1)

        left = QWidget(splitter)
        left_layout = QVBoxLayout(left)
        search_label = QLabel(tr("&Casus zoeken:"), left)
        self.search_edit = QLineEdit(left)
        self.search_edit.setAccessibleName(tr("Casus zoeken"))
        self.search_edit.setPlaceholderText(tr("Casusnummer of naam"))
        self.search_edit.setClearButtonEnabled(True)
        search_label.setBuddy(self.search_edit)
        left_layout.addWidget(search_label)
        left_layout.addWidget(self.search_edit)
        self.case_model = CaseListModel(self, privacy_mode=privacy)
        self.case_proxy = case_proxy(self.case_model, self)
        self.case_table = QTableView(left)
        self.case_table.setModel(self.case_proxy)
        self.case_table.setAccessibleName(tr("Casussen"))
        self.case_table.setSelectionBehavior(QAbstractItemView.SelectionBehavior.SelectRows)
        self.case_table.setSelectionMode(QAbstractItemView.SelectionMode.SingleSelection)
        self.case_table.setEditTriggers(QAbstractItemView.EditTrigger.NoEditTriggers)
        self.case_table.setSortingEnabled(True)
        self.case_table.verticalHeader().hide()
        self.case_table.horizontalHeader().setStretchLastSection(True)
        self.case_table.setWordWrap(False)  # one line per case, names elide instead of wrapping into the row
        metrics = self.case_table.fontMetrics()
        self.case_table.horizontalHeader().resizeSection(0, metrics.horizontalAdvance("2026-00000") + 24)
        self.case_table.horizontalHeader().resizeSection(1, metrics.horizontalAdvance("M. van der Bedachtsma") + 16)
        left.setMinimumWidth(metrics.horizontalAdvance("2026-00000  M. van der Bedachtsma  Traject bij") + 60)
        left_layout.addWidget(self.case_table, 1)
        self.search_edit.textChanged.connect(self.case_proxy.setFilterFixedString)
        self.case_table.selectionModel().currentRowChanged.connect(self._case_row_changed)

        scroll = QScrollArea(splitter)
        scroll.setWidgetResizable(True)
        scroll.setAccessibleName(tr("Brief opstellen"))
        right = QWidget()
        scroll.setWidget(right)
        layout = QVBoxLayout(right)

        recipient_row = QHBoxLayout()
        recipient_label = QLabel(tr("&Ontvanger:"), right)
        self.partner_combo = QComboBox(right)
        self.partner_combo.setAccessibleName(tr("Ontvanger (ketenpartner)"))
        recipient_label.setBuddy(self.partner_combo)
        recipient_row.addWidget(recipient_label)
        recipient_row.addWidget(self.partner_combo, 1)
        layout.addLayout(recipient_row)
        self.profile_label = QLabel(right)
        self.profile_label.setWordWrap(True)
        self.profile_label.setAccessibleName(tr("Ontvangersprofiel"))
        layout.addWidget(self.profile_label)

        basis_row = QHBoxLayout()
        self.basis_label = QLabel(right)
        self.basis_label.setWordWrap(True)
        self.basis_label.setAccessibleName(tr("Grondslag"))
        self.basis_button = QPushButton(tr("&Grondslag vastleggen…"), right)
        set_icon(self.basis_button, "record")
        self.basis_button.setAccessibleName(tr("Grondslag of toestemming vastleggen"))
        self.withdraw_button = QPushButton(tr("&Intrekken"), right)
        self.withdraw_button.setAccessibleName(tr("Toestemming intrekken"))
        basis_row.addWidget(self.basis_label, 1)
        basis_row.addWidget(self.basis_button)
        basis_row.addWidget(self.withdraw_button)
        layout.addLayout(basis_row)

        shared_label = QLabel(tr("Wat wordt gedeeld, en waarom (op de grondslag hierboven):"), right)
        layout.addWidget(shared_label)
        self.disclosure_model = DisclosureModel(self)
        self.disclosure_table = QTableView(right)
        self.disclosure_table.setModel(self.disclosure_model)
        self.disclosure_table.setAccessibleName(tr("Gegevens die gedeeld worden"))
        self.disclosure_table.verticalHeader().hide()
        self.disclosure_table.setSelectionMode(QAbstractItemView.SelectionMode.NoSelection)
        header = self.disclosure_table.horizontalHeader()
        header.setSectionResizeMode(0, QHeaderView.ResizeMode.ResizeToContents)
        header.setSectionResizeMode(1, QHeaderView.ResizeMode.ResizeToContents)
        header.setStretchLastSection(True)
        self.disclosure_table.setMinimumHeight(340)
        self.disclosure_table.setWordWrap(True)
        shared_label.setBuddy(self.disclosure_table)
        layout.addWidget(self.disclosure_table)
        self.disclosure_model.selection_changed.connect(self._field_toggled)

        content = QGroupBox(tr("Inhoud van deze brief"), right)
        form = QFormLayout(content)
        self.bsn_edit = QLineEdit(content)
        self.bsn_edit.setAccessibleName(tr("BSN (alleen voor deze brief, wordt niet bewaard)"))
        self.bsn_edit.setEchoMode(QLineEdit.EchoMode.PasswordEchoOnEdit)
        self.bsn_label = QLabel(tr("BS&N:"), content)
        self.bsn_label.setBuddy(self.bsn_edit)
        form.addRow(self.bsn_label, self.bsn_edit)
        self.arrears_edit = self._text(content, tr("Bekende achterstanden"),
                                       tr("Per regel: bij wie; bedrag; sinds (dd-mm-jjjj)"))
        form.addRow(tr("&Achterstanden:"), self.arrears_edit)
        self.field_errors: dict[str, QLabel] = {"arrears": message_label(content, tr("Fout bij achterstanden"))}
        form.addRow("", self.field_errors["arrears"])
        self.steps_edit = self._text(content, tr("Al gezette stappen"), tr("Wat is al gedaan?"))
        form.addRow(tr("Sta&ppen:"), self.steps_edit)
        self.agreements_edit = self._text(content, tr("Afspraken"),
                                          tr("Per regel: inwoner:, partner: of ik:, de afspraak; datum"))
        form.addRow(tr("A&fspraken:"), self.agreements_edit)
        self.field_errors["agreements"] = message_label(content, tr("Fout bij afspraken"))
        form.addRow("", self.field_errors["agreements"])
        check_row = QHBoxLayout()
        self.check_back_check = QCheckBox(tr("Terug&koppeling op:"), content)
        self.check_back_check.setAccessibleName(tr("Terugkoppeldatum gebruiken"))
        self.check_back_edit = date_edit(content, self._clock())
        self.check_back_edit.setAccessibleName(tr("Terugkoppeldatum"))
        check_row.addWidget(self.check_back_check)
        check_row.addWidget(self.check_back_edit)
        check_row.addStretch(1)
        form.addRow(check_row)
        self.attachments_edit = self._text(content, tr("Bijlagen"), tr("Per regel één bijlage"))
        form.addRow(tr("Bi&jlagen:"), self.attachments_edit)
        layout.addWidget(content)

        sender_box = QGroupBox(tr("Afzender (uzelf)"), right)
        sender_form = QFormLayout(sender_box)
        self.sender_name = QLineEdit(sender_box)
        self.sender_name.setAccessibleName(tr("Uw naam"))
        self.sender_phone = QLineEdit(sender_box)
        self.sender_phone.setAccessibleName(tr("Uw telefoonnummer"))
        self.sender_email = QLineEdit(sender_box)
        self.sender_email.setAccessibleName(tr("Uw e-mailadres"))
        sender_form.addRow(tr("Naa&m:"), self.sender_name)
        sender_form.addRow(tr("&Telefoon:"), self.sender_phone)
        sender_form.addRow(tr("&E-mail:"), self.sender_email)
        layout.addWidget(sender_box)

        for combo in (self.partner_combo,):
            combo.view().setAccessibleName(combo.accessibleName())
        self.copy_check = QCheckBox(tr("Ook een kopie voor de in&woner maken (B1)"), right)
        self.copy_check.setAccessibleName(tr("Kopie voor de inwoner maken"))
        self.copy_check.setChecked(True)
        layout.addWidget(self.copy_check)
        buttons = QHBoxLayout()
        self.preview_button = QPushButton(tr("&Voorbeeld…"), right)
        set_icon(self.preview_button, "preview")
        self.preview_button.setAccessibleName(tr("Voorbeeld van de brief bekijken"))
        self.save_button = QPushButton(tr("Op&slaan…"), right)
        set_icon(self.save_button, "save")
        self.save_button.setAccessibleName(tr("Brief opslaan"))
        self.draft_button = QPushButton(tr("Concept bewa&ren"), right)
        self.draft_button.setAccessibleName(tr("Getypte tekst bewaren als concept bij deze casus"))
        buttons.addWidget(self.draft_button)
        buttons.addStretch(1)
        buttons.addWidget(self.preview_button)
        buttons.addWidget(self.save_button)
        layout.addLayout(buttons)
        self.message = message_label(right, tr("Melding"))
        layout.addWidget(self.message)
        layout.addStretch(1)
        splitter.setStretchFactor(1, 2)

        # presentatiemodus: typed free text shows identifiers masked and the resident's name as initials (read-only
        # meanwhile; what was typed stays and is what the letter uses)
        self.sensitive = [Sensitive(edit, self._shown_text) for edit in (
            self.arrears_edit, self.steps_edit, self.agreements_edit, self.attachments_edit)]
        self.sensitive.append(Sensitive(self.bsn_edit, lambda text: MASK if text else ""))
        if privacy:
            for field in self.sensitive:
                field.set_masked(True)
        self.partner_combo.currentIndexChanged.connect(self._partner_changed)
        self.basis_button.clicked.connect(self.open_basis_dialog)
        self.withdraw_button.clicked.connect(self.withdraw_basis)
        self.preview_button.clicked.connect(self.preview)
        self.draft_button.clicked.connect(self.save_draft)
        self.save_button.clicked.connect(self.save)
        for edit in (self.arrears_edit, self.steps_edit, self.agreements_edit, self.attachments_edit):
            edit.textChanged.connect(self.update_plan)
        self.bsn_edit.textChanged.connect(self.update_plan)
        self.check_back_check.toggled.connect(self.update_plan)
        self.check_back_edit.dateChanged.connect(self.update_plan)

    @staticmethod
    def _text(parent: QWidget, name: str, placeholder: str) -> QPlainTextEdit:
        edit = QPlainTextEdit(parent)
        edit.setAccessibleName(name)
        edit.setPlaceholderText(placeholder)
        edit.setTabChangesFocus(True)
        edit.setFixedHeight(64)
        return edit

    # --- data ---------------------------------------------------------------------------------------------------

    @Slot()
    def refresh(self) -> None:
        self.case_model.set_rows(self.service.referrals.case_choices())
        self.case_table.sortByColumn(0, Qt.SortOrder.DescendingOrder)
        current = self.partner_combo.currentData()
        self.partner_combo.blockSignals(True)
        self.partner_combo.clear()
        for partner in self.service.partners():
            if self.service.profile_for(partner) is not None:
                self.partner_combo.addItem(f"{partner.name} — {partner.type.label_nl}", partner.id)
        index = self.partner_combo.findData(current)
        self.partner_combo.setCurrentIndex(max(index, 0))
        self.partner_combo.blockSignals(False)
        sender = self.service.sender()
        if not self.sender_name.text():
            self.sender_name.setText(sender.name)
            self.sender_phone.setText(sender.phone)
            self.sender_email.setText(sender.email)
        self._partner_changed()

    def select_case(self, case_number: str) -> None:
        row = self.case_model.row_of(case_number)
        if row >= 0:
            index = self.case_proxy.mapFromSource(self.case_model.index(row, 0))
            self.case_table.setCurrentIndex(index)
            self.case_table.selectRow(index.row())

    def select_partner(self, code: str) -> None:
        partner = next(p for p in self.service.partners() if p.code == code)
        self.partner_combo.setCurrentIndex(self.partner_combo.findData(partner.id))

    def partner(self):
        partner_id = self.partner_combo.currentData()
        if partner_id is None:
            return None
        return self.service.directory.get(partner_id)

    # --- drafts: typed text belongs to one case (issue 11, item 7) ------------------------------------------------

    def current_draft(self) -> LetterDraft:
        arrears, steps, agreements, attachments, _bsn = (field.real() for field in self.sensitive)
        check_back = qdate_to_date(self.check_back_edit.date()) if self.check_back_check.isChecked() else None
        return LetterDraft(self.partner_combo.currentData(), arrears, steps, agreements, attachments, check_back)

    def has_unsaved_text(self) -> bool:
        return not self.current_draft().same_text(self._stored_draft)

    def _leave_case(self) -> None:
        """Before another case is shown: ask to keep typed text as this case's draft; never carry it over."""
        if self.case is None or self.case.id is None or not self.has_unsaved_text():
            return
        if messenger().question(self, tr("Concept bewaren"), tr(
                "U heeft tekst getypt voor de brief bij casus {case}. Bewaren als concept bij deze casus (in het "
                "register)? Bij 'Nee' vervalt de tekst. Hij gaat in geen geval mee naar een andere casus.").format(
                case=self.case.case_number), default_yes=True):
            try:
                self.service.drafts.save(self.case.id, self.current_draft())
            except StoreError as exc:
                set_message(self.message, exc.user_message, "error")

    def _show_draft(self) -> None:
        """Fill the composer with the shown case's own draft (or empty it); the BSN is never kept."""
        draft = self.service.drafts.get(self.case.id) if self.case is not None and self.case.id else None
        self._stored_draft = draft
        draft = draft or LetterDraft()
        for field, text in zip(self.sensitive, (*draft.texts, "")):
            field.set_real(text)
        self.check_back_check.setChecked(draft.check_back_date is not None)
        if draft.check_back_date is not None:
            self.check_back_edit.setDate(QDate(draft.check_back_date.year, draft.check_back_date.month,
                                               draft.check_back_date.day))
        if draft.partner_id is not None and self.partner_combo.findData(draft.partner_id) >= 0:
            self.partner_combo.setCurrentIndex(self.partner_combo.findData(draft.partner_id))

    @Slot()
    def save_draft(self) -> None:
        """Keep the typed text as this case's draft now (also offered when switching case)."""
        if self.case is None or self.case.id is None:
            return
        try:
            self.service.drafts.save(self.case.id, self.current_draft())
        except StoreError as exc:
            set_message(self.message, exc.user_message, "error")
            return
        self._stored_draft = self.service.drafts.get(self.case.id)
        set_message(self.message, tr("Het concept is bewaard bij deze casus."), "ok")

    @Slot()
    def _case_row_changed(self, current, _previous=None) -> None:
        self._leave_case()
        if not current.isValid():
            self.case = None
        else:
            number = self.case_model.case_number(self.case_proxy.mapToSource(current).row())
            self.case = self.service.cases.get(number)  # audited as a VIEW of the case
        self._show_draft()  # (masked against this case's resident in presentatiemodus)
        self._selected = None
        self.update_plan()

    @Slot()
    def _partner_changed(self) -> None:
        self._selected = None
        partner = self.partner()
        profile = self.service.profile_for(partner) if partner else None
        self.profile_label.setText(f"<b>{profile.label}</b> — {profile.purpose}" if profile else "")
        bsn_possible = bool(profile and self.service.bsn_enabled and profile.entry("bsn"))
        self.bsn_label.setVisible(bsn_possible)
        self.bsn_edit.setVisible(bsn_possible)
        if not bsn_possible:
            self.bsn_edit.clear()
        self.update_plan()

    @Slot()
    def _field_toggled(self) -> None:
        toggle = self.disclosure_model.toggled()
        if toggle is None:
            return
        field_id, on = toggle
        selected = set(self.disclosure_model.selected())
        if self._selected is not None:
            selected = set(self._selected)
        selected = (selected | {field_id}) if on else (selected - {field_id})
        self._selected = selected
        self.update_plan()

    def _shown_text(self, text: str) -> str:
        name = self.case.household.name if self.case is not None else ""
        return redact_free_text(text, name)

    def content(self) -> ReferralContent:
        """The letter content from the inputs; raises InputInvalid (Dutch, by line number)."""
        check_back = qdate_to_date(self.check_back_edit.date()) if self.check_back_check.isChecked() else None
        arrears, steps, agreements, attachments, bsn = (field.real() for field in self.sensitive)
        return ReferralContent(arrears=parse_arrears(arrears), steps_taken=steps.strip(),
                               agreements=parse_agreements(agreements), check_back_date=check_back,
                               attachments=parse_attachments(attachments), bsn=bsn.strip() or None)

    def sender(self) -> SenderInfo:
        return SenderInfo(self.sender_name.text().strip(), phone=self.sender_phone.text().strip(),
                          email=self.sender_email.text().strip())

    @Slot()
    def update_plan(self) -> None:
        partner = self.partner()
        ready = False
        if self.case is None or partner is None:
            self.disclosure_model.set_plan(None)
            self.basis_label.setText(tr("Kies een casus en een ontvanger."))
            self.basis_button.setEnabled(False)
            self.withdraw_button.setEnabled(False)
        else:
            self.basis_button.setEnabled(True)
            try:
                content = self.content()
                problem = None
                self._show_field_error(None)
            except InputInvalid as exc:
                content, problem = ReferralContent(), " ".join(exc.problems)
                self._show_field_error(exc)
            try:
                plan = self.service.plan(self.case, partner, content, self._selected)
            except ReferralRefused as exc:
                self.disclosure_model.set_plan(None)
                set_message(self.message, exc.user_message, "error")
                self.basis_label.setText("")
                self.withdraw_button.setEnabled(False)
                self._set_ready(False)
                return
            self.disclosure_model.set_plan(plan)
            self.disclosure_table.resizeRowsToContents()
            withdrawable = plan.basis is not None and plan.basis.kind == BasisKind.CONSENT
            self.withdraw_button.setEnabled(withdrawable)
            if plan.basis is None:
                self.basis_label.setText(tr("<b>Geen grondslag</b>: er kan nog geen brief gemaakt worden."))
                set_message(self.message, plan.refusal or "", "warning")
            else:
                self.basis_label.setText(tr("<b>Grondslag:</b> {basis}").format(basis=plan.basis_text))
                if problem:
                    set_message(self.message, problem, "error")
                elif plan.text_problems:
                    set_message(self.message, self._text_problem_message(plan.text_problems), "error")
                elif not plan.shared_fields:
                    set_message(self.message, tr("Er is niets om te delen."), "warning")
                else:
                    set_message(self.message, tr("{n} soorten gegevens worden gedeeld; de rest niet.").format(
                        n=len(plan.shared_fields)), "info")
                ready = problem is None and bool(plan.shared_fields) and not plan.text_problems
        self._set_ready(ready)

    def _text_problem_message(self, problems) -> str:
        """Which words and why (on screen, inside the register); in presentatiemodus only the kinds."""
        lines = [tr("De brief kan pas gemaakt worden als deze tekst is aangepast (of het veld uit staat):")]
        for text_problem in problems:
            if self.privacy.enabled:
                lines.append(text_problem.message_nl)
            else:
                lines.append(f"• {text_problem.field_label}: {text_problem.detail_nl}")
        lines.append(RULE_NL)
        return "\n".join(lines)
    def _show_field_error(self, exc: InputInvalid | None) -> None:
        """The message next to the field it is about (and tied to it for screen readers)."""
        edits = {"arrears": self.arrears_edit, "agreements": self.agreements_edit}
        for field, label in self.field_errors.items():
            text = " ".join(exc.problems) if exc is not None and exc.field == field else ""
            set_message(label, text, "error")
            if text or edits[field].property("invalid"):
                mark_invalid(edits[field], text)

    def _set_ready(self, ready: bool) -> None:
        self.preview_button.setEnabled(ready)
        self.save_button.setEnabled(ready)

    def compose(self) -> ReferralLetter | None:
        partner = self.partner()
        if self.case is None or partner is None:
            return None
        try:
            return self.service.compose(self.case, partner, self.content(), sender=self.sender(),
                                        selected=self._selected)
        except InputInvalid as exc:
            set_message(self.message, " ".join(exc.problems), "error")
        except ReferralRefused as exc:
            set_message(self.message, exc.user_message, "error")
        return None

    # --- actions ------------------------------------------------------------------------------------------------

    @Slot()
    def open_basis_dialog(self) -> None:
        partner = self.partner()
        if self.case is None or partner is None:
            return
        self.dialog = BasisDialog(self.service, self.case, partner, today=self._clock(), parent=self)
        self.dialog.accepted.connect(self._basis_recorded)
        self._forget_when_closed(self.dialog)
        self.dialog.open()

    @Slot()
    def _basis_recorded(self) -> None:
        set_message(self.message, tr("De grondslag is vastgelegd."), "ok")
        self.dialog = None
        self.update_plan()

    @Slot()
    def withdraw_basis(self) -> None:
        plan = self.disclosure_model.plan
        if plan is None or plan.basis is None:
            return
        partner = self.partner()
        targets = self.service.consents_to_withdraw(plan.basis)
        if not messenger().question(self, tr("Toestemming intrekken"),
                                    withdrawal_question_nl(targets, partner.name)):
            return
        try:
            self.service.withdraw_basis(plan.basis.id)
        except (StoreError, ValueError) as exc:
            set_message(self.message, getattr(exc, "user_message", "") or " ".join(getattr(exc, "problems", [])),
                        "error")
            return
        self.update_plan()
        left = self.service.remaining_basis(self.case, partner)
        set_message(self.message, tr("De toestemming is ingetrokken.") + " " + remaining_basis_nl(left),
                    "ok" if left is not None else "warning")

    @Slot()
    def preview(self) -> None:
        letter = self.compose()
        if letter is None:
            return
        try:
            stored_case = self.service.verify(letter)  # the preview shows only what may be saved
        except ReferralRefused as exc:
            set_message(self.message, exc.user_message, "error")
            return
        self.preview_button.setEnabled(False)
        set_message(self.message, tr("Voorbeeld wordt gemaakt…"), "info")
        lock_manager = self._context.lock_manager
        if lock_manager is not None:
            lock_manager.begin_operation()
        if self.privacy.enabled:  # the preview shows initials and masks identifiers (never what is sent)
            letter, stored_case = presentation_letter(letter), presentation_case(stored_case)
        self.previewed_letter = letter
        task = run_in_background(_render_for_preview, letter, stored_case, self.service.letterhead(),
                                 self.copy_check.isChecked(), on_success=self._show_preview,
                                 on_failure=self._preview_failed)
        if lock_manager is not None:
            task.finished.connect(lock_manager.end_operation)
        self.preview_task = task

    @Slot(object)
    def _show_preview(self, documents) -> None:
        self.preview_button.setEnabled(True)
        set_message(self.message, "")
        case_number = self.case.case_number if self.case is not None else ""
        # In presentatiemodus the preview is a masked presentation copy: it is shown, never printed.
        pdfs = [] if self.privacy.enabled else [pdf for _title, _pages, pdf in documents]
        self.dialog = PreviewDialog([(title, pages) for title, pages, _pdf in documents], parent=self, pdfs=pdfs,
                                    on_printed=lambda index: self.service.record_print(case_number, index))
        self.dialog.finished.connect(self._preview_closed)
        self._forget_when_closed(self.dialog)
        self.dialog.open()

    def _forget_when_closed(self, dialog) -> None:
        """Dialogs are destroyed when they close (WA_DeleteOnClose): drop our reference then too."""
        def forget(*_args) -> None:
            if self.dialog is dialog:
                self.dialog = None
        dialog.finished.connect(forget)

    @Slot()
    def _preview_closed(self, *_args) -> None:
        self.previewed_letter = None

    @Slot(object)
    def _preview_failed(self, exc: BaseException) -> None:
        self.previewed_letter = None
        self.preview_button.setEnabled(True)
        set_message(self.message, user_message(exc, "rendering a letter preview"), "error")

    @Slot()
    def save(self) -> None:
        letter = self.compose()
        if letter is None:
            return
        names = [referral_file_name(letter.case_number, "verwijsbrief", letter.letter_date)]
        if self.copy_check.isChecked():
            names.append(referral_file_name(letter.case_number, "kopie-inwoner", letter.letter_date))
        self.dialog = SaveDialog(names, parent=self)
        self.dialog.accepted.connect(lambda: self._save_accepted(letter))
        self._forget_when_closed(self.dialog)
        self.dialog.open()

    def _save_accepted(self, letter: ReferralLetter) -> None:
        dialog, self.dialog = self.dialog, None
        folder, password = dialog.folder(), dialog.password()
        dialog.password_edit.clear()
        dialog.repeat_edit.clear()
        try:
            rendered = self.service.render(letter, self.case, resident_copy=self.copy_check.isChecked())
            paths = self.service.save(rendered, self.case, folder, password=password)
            stored = self.service.sender()
            if replace(letter.sender, function=stored.function or letter.sender.function) != stored:
                self.service.referrals.save_sender(letter.sender)
        except (ReferralRefused, StoreError) as exc:
            set_message(self.message, exc.user_message, "error")
            return
        except OSError:
            set_message(self.message, tr("De brief kon niet in deze map worden opgeslagen. Kies een andere map. "
                                         "Er is niets vastgelegd."), "error")
            return
        self.last_saved = paths
        self.case = self.service.cases.get(letter.case_number, audit=False)
        self._stored_draft = None  # saving the letter removed the case's draft
        text = tr("Opgeslagen: {names}. De verwijzing staat in de tijdlijn van de casus.").format(
            names=", ".join(p.name for p in paths))
        if password:
            text += " " + tr("De bestanden zijn beveiligd met het wachtwoord (AES-256).")
        set_message(self.message, text, "ok")

    @Slot(bool)
    def set_privacy_mode(self, enabled: bool) -> None:
        """Presentatiemodus on or off, in place: the case list shows initials (or names again) and everything the
        coordinator typed stays. An open preview shows the letter as it will be sent (with the full name), so it
        is closed when privacy mode goes on."""
        self.case_model.set_privacy_mode(enabled)
        for field in self.sensitive:
            field.set_masked(enabled)
        if self.disclosure_model.plan is not None:
            self.update_plan()  # the composer's messages name words only outside presentatiemodus
        if enabled and isinstance(self.dialog, PreviewDialog):
            self.dialog.reject()
            self.dialog = None
            set_message(self.message, tr("Het voorbeeld is gesloten omdat de presentatiemodus aan staat."), "info")

    # --- where was I (issue 15, item 6; ui/resume.py) ---------------------------------------------------------------
    def resume_state(self) -> dict:
        """Ids only: the case shown, and whether its typed text is kept as its draft at this lock (release)."""
        if self.case is None or not self.case.case_number:
            return {}
        state = {"case_number": self.case.case_number}
        if self.case.id is not None and self.has_unsaved_text():
            state["kept_at"] = datetime.now(timezone.utc).isoformat(timespec="seconds")
        return state

    def restore_state(self, state: dict) -> None:
        """Show the case again, with its draft (kept at the lock) in the composer."""
        if not state.get("case_number"):
            return
        self.select_case(state["case_number"])
        if state.get("kept_at") and self.case is not None and self.case.case_number == state["case_number"]:
            from ketenregie.domain.form_drafts import restored_at_label  # noqa: PLC0415

            set_message(self.message, tr("Niet-opgeslagen wijzigingen van {time} zijn teruggezet (bewaard als "
                                         "concept bij deze casus).").format(
                time=restored_at_label(datetime.fromisoformat(state["kept_at"]))), "info")

    def _keep_draft_at_lock(self) -> None:
        """The lock never drops input: typed text of the shown case becomes its draft (the register is still open)."""
        if self.case is None or self.case.id is None or not self.has_unsaved_text():
            return
        try:
            self.service.drafts.save(self.case.id, self.current_draft())
        except Exception as exc:  # noqa: BLE001 - the lock goes on; never log the text
            logging.getLogger(__name__).error("keeping the letter draft at lock failed (%s)", type(exc).__name__)

    def release(self) -> None:
        """Lock: keep typed text as the case's draft, then drop every model and input that holds personal data."""
        self._keep_draft_at_lock()
        try:
            self.privacy.changed.disconnect(self.set_privacy_mode)
        except (RuntimeError, TypeError):  # already disconnected
            pass
        if self.dialog is not None:
            self.dialog.reject()
            self.dialog = None
        self.case = None
        self.case_model.clear()
        self.disclosure_model.set_plan(None)
        for field in self.sensitive:
            field.set_real("")
        self.previewed_letter = None
        for edit in (self.arrears_edit, self.steps_edit, self.agreements_edit, self.attachments_edit):
            edit.clear()
        for edit in (self.bsn_edit, self.search_edit, self.sender_name, self.sender_phone, self.sender_email):
            edit.clear()
        self._context = ViewContext(None, None, None)


VIEWS.register(ViewSpec("letters", QT_TRANSLATE_NOOP("Views", "Brieven"), LettersView, order=40,
                        description=QT_TRANSLATE_NOOP("Views", "Verwijsbrieven aan ketenpartners, met alleen de "
                                                               "gegevens die de ontvanger mag krijgen.")),
               replace=True)
