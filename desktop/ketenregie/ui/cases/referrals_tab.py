"""Two tabs of the case dialog for issue 4 (referrals): "Verwijzingen" and "Grondslagen".

- `ReferralsTab` (read-only): every referral letter made for the case — date, recipient, the basis it was made on,
  which kinds of data were shared, whether there was a copy for the resident and a password. What the register
  keeps about a referral, never its contents (the letter itself lives outside the register).
- `BasesTab`: every basis for sharing recorded for the case (Wgs task or the resident's consent: date, oral or
  written, scope, recorded by, withdrawn on), with "Toestemming vastleggen…" (the letters view's BasisDialog) and
  "Intrekken". Each action is one transaction with one audit entry (store/consent_repository.py).

Both tabs read the register when they are shown (a letter made in the letters view meanwhile then appears) and
after their own actions; for a case that is not saved yet they say so. Privacy mode: people's names (who
recorded, a partner's contact person) are shown as initials; the resident's name is never shown here at all.
"""
from __future__ import annotations

from collections.abc import Callable, Sequence
from dataclasses import dataclass
from datetime import date
from typing import Any

from PySide6.QtCore import (QAbstractTableModel, QCoreApplication, QModelIndex, QPersistentModelIndex,
                            QSortFilterProxyModel, Qt, Slot)
from PySide6.QtWidgets import (QAbstractItemView, QComboBox, QHBoxLayout, QHeaderView, QLabel, QPushButton,
                               QTableView, QVBoxLayout, QWidget)

from ketenregie.domain.cases import Case, PartnerType
from ketenregie.domain.consent import (BasisInvalid, BasisKind, SharingBasis, format_date_nl, remaining_basis_nl,
                                      withdrawal_question_nl)
from ketenregie.domain.privacy_display import display_name
from ketenregie.domain.referral import PartnerInfo, ReferralRecord
from ketenregie.domain.referral_fields import labels_nl
from ketenregie.services.referral import ReferralService
from ketenregie.store.errors import StoreError
from ketenregie.ui.letters.dialogs import BasisDialog
from ketenregie.ui.messages import messenger
from ketenregie.ui.privacy_mode import PrivacyMode
from ketenregie.ui.style import message_label, set_message
from ketenregie.ui.views.registry import ViewContext

_Index = QModelIndex | QPersistentModelIndex
SORT_ROLE = Qt.ItemDataRole.UserRole + 1


def tr(text: str) -> str:
    return QCoreApplication.translate("CaseReferrals", text)


def _yes_no(value: bool) -> str:
    return tr("ja") if value else tr("nee")


def _partner_text(partner: PartnerInfo | None) -> str:
    if partner is None:
        return tr("(onbekende partner)")
    try:
        kind = PartnerType(partner.type).label_nl
    except ValueError:
        return partner.name
    return f"{partner.name} ({kind})"


@dataclass(frozen=True)
class Column:
    """A column: its header, the text for a row (given the privacy state), and how it sorts."""

    header: str
    text: Callable[[Any, bool], str]
    sort_key: Callable[[Any], Any] | None = None


class RecordModel(QAbstractTableModel):
    """Read-only rows of records (referrals or bases) rendered through `Column`s; privacy mode re-renders in
    place. The sort role gives dates as ISO text so the proxy sorts them chronologically."""

    def __init__(self, columns: Sequence[Column], parent=None, *, privacy_mode: bool = False) -> None:
        super().__init__(parent)
        self._columns = list(columns)
        self._rows: list[Any] = []
        self._privacy = privacy_mode

    def set_rows(self, rows: Sequence[Any]) -> None:
        self.beginResetModel()
        self._rows = list(rows)
        self.endResetModel()

    def clear(self) -> None:
        self.set_rows([])

    def record(self, row: int) -> Any:
        return self._rows[row]

    def set_privacy_mode(self, enabled: bool) -> None:
        if enabled == self._privacy:
            return
        self._privacy = enabled
        if self._rows:
            self.dataChanged.emit(self.index(0, 0), self.index(len(self._rows) - 1, len(self._columns) - 1))

    def rowCount(self, parent: _Index = QModelIndex()) -> int:  # noqa: N802, B008
        return 0 if parent.isValid() else len(self._rows)

    def columnCount(self, parent: _Index = QModelIndex()) -> int:  # noqa: N802, B008
        return 0 if parent.isValid() else len(self._columns)

    def headerData(self, section: int, orientation: Qt.Orientation,  # noqa: N802
                   role: int = Qt.ItemDataRole.DisplayRole) -> Any:
        if orientation == Qt.Orientation.Horizontal and role == Qt.ItemDataRole.DisplayRole:
            return self._columns[section].header
        return None

    def data(self, index: _Index, role: int = Qt.ItemDataRole.DisplayRole) -> Any:
        if not index.isValid():
            return None
        column = self._columns[index.column()]
        record = self._rows[index.row()]
        if role in (Qt.ItemDataRole.DisplayRole, Qt.ItemDataRole.AccessibleTextRole, Qt.ItemDataRole.ToolTipRole):
            return column.text(record, self._privacy)
        if role == SORT_ROLE:
            return column.sort_key(record) if column.sort_key else column.text(record, self._privacy)
        return None


def _table(parent: QWidget, name: str, model: RecordModel, sort_column: int) -> tuple[QTableView,
                                                                                     QSortFilterProxyModel]:
    proxy = QSortFilterProxyModel(parent)
    proxy.setSourceModel(model)
    proxy.setSortRole(SORT_ROLE)
    table = QTableView(parent)
    table.setModel(proxy)
    table.setAccessibleName(name)
    table.setSelectionBehavior(QAbstractItemView.SelectionBehavior.SelectRows)
    table.setSelectionMode(QAbstractItemView.SelectionMode.SingleSelection)
    table.setEditTriggers(QAbstractItemView.EditTrigger.NoEditTriggers)
    table.setTabKeyNavigation(False)
    table.setWordWrap(True)
    table.setSortingEnabled(True)
    table.sortByColumn(sort_column, Qt.SortOrder.DescendingOrder)
    table.verticalHeader().hide()
    header = table.horizontalHeader()
    header.setSectionResizeMode(QHeaderView.ResizeMode.ResizeToContents)
    header.setStretchLastSection(True)
    return table, proxy


class _CaseTab(QWidget):
    """Common ground: the case comes from the dialog (None until it is saved), the service is made on demand,
    the register is read when the tab is shown."""

    def __init__(self, context: ViewContext, case: Callable[[], Case | None], privacy: PrivacyMode, *,
                 today: Callable[[], date] = date.today, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self._context = context
        self._case = case
        self._today = today
        self.privacy = privacy
        self._service: ReferralService | None = None
        privacy.changed.connect(self.set_privacy_mode)

    @property
    def service(self) -> ReferralService:
        if self._service is None:
            self._service = ReferralService(self._context.register, clock=self._today)
        return self._service

    def case(self) -> Case | None:
        return self._case()

    def showEvent(self, event) -> None:  # noqa: N802
        self.refresh()
        super().showEvent(event)

    def refresh(self) -> None:
        raise NotImplementedError

    @Slot(bool)
    def set_privacy_mode(self, enabled: bool) -> None:
        raise NotImplementedError


# --- Verwijzingen ---------------------------------------------------------------------------------------------------

class ReferralsTab(_CaseTab):
    """Read-only list of the referral letters made for this case (never their contents)."""

    def __init__(self, context: ViewContext, case: Callable[[], Case | None], privacy: PrivacyMode, *,
                 today: Callable[[], date] = date.today, parent: QWidget | None = None) -> None:
        super().__init__(context, case, privacy, today=today, parent=parent)
        self.setAccessibleName(tr("Verwijzingen"))
        self._partners: dict[int, PartnerInfo] = {}
        self._bases: dict[int, SharingBasis] = {}
        layout = QVBoxLayout(self)
        self.intro = QLabel(tr("Verwijsbrieven die voor deze casus zijn gemaakt: aan wie, op welke grondslag en "
                               "welke soorten gegevens zijn gedeeld. De inhoud van de brieven bewaart Ketenregie "
                               "niet."), self)
        self.intro.setWordWrap(True)
        self.intro.setAccessibleName(tr("Uitleg bij de verwijzingen"))
        layout.addWidget(self.intro)
        self.model = RecordModel([
            Column(tr("Datum"), lambda r, _p: format_date_nl(r.letter_date),
                   lambda r: (r.letter_date.isoformat(), r.id or 0)),
            Column(tr("Ontvanger"), lambda r, _p: _partner_text(self._partners.get(r.partner_id))),
            Column(tr("Grondslag"), lambda r, _p: self._basis_text(r.basis_id)),
            Column(tr("Gedeelde gegevens"), lambda r, _p: ", ".join(labels_nl(r.fields))),
            Column(tr("Kopie inwoner"), lambda r, _p: _yes_no(r.resident_copy)),
            Column(tr("Wachtwoord"), lambda r, _p: _yes_no(r.protected)),
            Column(tr("Terugkoppeling"), lambda r, _p: format_date_nl(r.check_back_date) if r.check_back_date
                   else "", lambda r: r.check_back_date.isoformat() if r.check_back_date else ""),
            Column(tr("Door"), lambda r, p: display_name(r.created_by, p)),
        ], self, privacy_mode=privacy.enabled)
        self.table, self.proxy = _table(self, tr("Verwijzingen van de casus"), self.model, 0)
        layout.addWidget(self.table, 1)
        self.status = message_label(self, tr("Status van de verwijzingen"))
        layout.addWidget(self.status)

    def _basis_text(self, basis_id: int) -> str:
        basis = self._bases.get(basis_id)
        if basis is None:
            return tr("(onbekend)")
        text = basis.describe_nl()
        if basis.withdrawn_on is not None:
            text += tr("; ingetrokken op {day}").format(day=format_date_nl(basis.withdrawn_on))
        return text

    def referrals(self) -> list[ReferralRecord]:
        return [self.model.record(row) for row in range(self.model.rowCount())]

    @Slot()
    def refresh(self) -> None:
        case = self.case()
        if case is None or case.id is None:
            self._partners, self._bases = {}, {}
            self.model.clear()
            set_message(self.status, tr("Sla de hulpvraag eerst op; daarna kunt u verwijzen vanuit Brieven."))
            return
        service = self.service
        self._partners = service.partner_map()
        self._bases = {b.id: b for b in service.bases(case)}
        self.model.set_rows(service.referrals.for_case(case.id))
        set_message(self.status, "" if self.model.rowCount() else
                    tr("Er is nog geen verwijsbrief gemaakt. Een brief maakt u in het onderdeel Brieven."))

    @Slot(bool)
    def set_privacy_mode(self, enabled: bool) -> None:
        self.model.set_privacy_mode(enabled)


# --- Grondslagen ----------------------------------------------------------------------------------------------------

class BasesTab(_CaseTab):
    """The recorded bases for sharing of this case, with recording and withdrawing."""

    def __init__(self, context: ViewContext, case: Callable[[], Case | None], privacy: PrivacyMode, *,
                 today: Callable[[], date] = date.today, parent: QWidget | None = None) -> None:
        super().__init__(context, case, privacy, today=today, parent=parent)
        self.setAccessibleName(tr("Grondslagen"))
        self.dialog: BasisDialog | None = None  # the open dialog, if any (tests drive it)
        self._partners: dict[int, PartnerInfo] = {}
        layout = QVBoxLayout(self)
        intro = QLabel(tr("Op welke grondslag mogen gegevens van deze casus naar een partner: de wettelijke taak "
                          "(Wgs) of de toestemming van de inwoner. Zonder grondslag maakt Ketenregie geen brief."),
                       self)
        intro.setWordWrap(True)
        intro.setAccessibleName(tr("Uitleg bij de grondslagen"))
        layout.addWidget(intro)

        self.model = RecordModel([
            Column(tr("Ontvanger"), lambda b, _p: _partner_text(self._partners.get(b.partner_id))),
            Column(tr("Grondslag"), lambda b, _p: b.kind.label_nl),
            Column(tr("Datum"), lambda b, _p: format_date_nl(b.given_on), lambda b: (b.given_on.isoformat(), b.id)),
            Column(tr("Vorm"), lambda b, _p: b.form.label_nl if b.form else ""),
            Column(tr("Vastgelegd door"), lambda b, p: display_name(b.recorded_by or "", p)),
            Column(tr("Ingetrokken op"), lambda b, _p: format_date_nl(b.withdrawn_on) if b.withdrawn_on else "",
                   lambda b: b.withdrawn_on.isoformat() if b.withdrawn_on else ""),
            Column(tr("Reikwijdte"), lambda b, _p: ", ".join(labels_nl(b.scope))),
        ], self, privacy_mode=privacy.enabled)
        self.table, self.proxy = _table(self, tr("Grondslagen van de casus"), self.model, 2)
        layout.addWidget(self.table, 1)

        row = QHBoxLayout()
        partner_label = QLabel(tr("Pa&rtner:"), self)
        self.partner_combo = QComboBox(self)
        self.partner_combo.setAccessibleName(tr("Partner voor de nieuwe grondslag"))
        self.partner_combo.view().setAccessibleName(self.partner_combo.accessibleName())
        partner_label.setBuddy(self.partner_combo)
        self.record_button = QPushButton(tr("Toe&stemming vastleggen…"), self)
        self.record_button.setAccessibleName(tr("Toestemming of grondslag vastleggen"))
        self.withdraw_button = QPushButton(tr("&Intrekken"), self)
        self.withdraw_button.setAccessibleName(tr("Gekozen grondslag intrekken"))
        row.addWidget(partner_label)
        row.addWidget(self.partner_combo, 1)
        row.addWidget(self.record_button)
        row.addWidget(self.withdraw_button)
        layout.addLayout(row)
        self.status = message_label(self, tr("Melding bij de grondslagen"))
        layout.addWidget(self.status)

        self.record_button.clicked.connect(self.open_record_dialog)
        self.withdraw_button.clicked.connect(self.withdraw_selected)
        self.table.selectionModel().currentRowChanged.connect(self._update_buttons)
        self._update_buttons()

    def bases(self) -> list[SharingBasis]:
        return [self.model.record(row) for row in range(self.model.rowCount())]

    def selected_basis(self) -> SharingBasis | None:
        index = self.table.currentIndex()
        if not index.isValid():
            return None
        return self.model.record(self.proxy.mapToSource(index).row())

    def select_basis(self, basis_id: int) -> None:
        for row in range(self.model.rowCount()):
            if self.model.record(row).id == basis_id:
                index = self.proxy.mapFromSource(self.model.index(row, 0))
                self.table.setCurrentIndex(index)
                self.table.selectRow(index.row())
                return

    def select_partner(self, code: str) -> None:
        partner = next(p for p in self.service.partners() if p.code == code)
        self.partner_combo.setCurrentIndex(self.partner_combo.findData(partner.id))

    @Slot()
    def refresh(self) -> None:
        case = self.case()
        selected = self.selected_basis()
        if case is None or case.id is None:
            self._partners = {}
            self.model.clear()
            self.partner_combo.clear()
            set_message(self.status, tr("Sla de hulpvraag eerst op; daarna kunt u een grondslag vastleggen."))
            self._update_buttons()
            return
        service = self.service
        self._partners = service.partner_map()
        self.model.set_rows(service.bases(case))
        set_message(self.status, "")
        current = self.partner_combo.currentData()
        self.partner_combo.blockSignals(True)
        self.partner_combo.clear()
        for partner in service.partners():
            if service.profile_for(partner) is not None:
                self.partner_combo.addItem(f"{partner.name} — {partner.type.label_nl}", partner.id)
        if current is None:  # first time: the partner that leads the case, else the first involved one
            involved = sorted(case.partners, key=lambda p: not p.leads)
            current = next((p.partner_id for p in involved if self.partner_combo.findData(p.partner_id) >= 0), None)
        self.partner_combo.setCurrentIndex(max(self.partner_combo.findData(current), 0))
        self.partner_combo.blockSignals(False)
        if selected is not None:
            self.select_basis(selected.id)
        self._update_buttons()

    @Slot()
    def _update_buttons(self, *_args) -> None:
        # issue 14: a handed-over case or a cover copy records and withdraws nothing (ui/cases/team_state.py)
        saved = self.case() is not None and self.case().id is not None and not getattr(self, "read_only", False)
        self.record_button.setEnabled(saved and self.partner_combo.count() > 0)
        basis = self.selected_basis()
        self.withdraw_button.setEnabled(saved and basis is not None and basis.withdrawn_on is None)

    @Slot()
    def open_record_dialog(self) -> None:
        case = self.case()
        partner_id = self.partner_combo.currentData()
        if case is None or case.id is None or partner_id is None:
            return
        partner = self.service.directory.get(partner_id)
        self.dialog = BasisDialog(self.service, case, partner, today=self._today(), parent=self)
        self.dialog.accepted.connect(self._recorded)
        self.dialog.finished.connect(self._dialog_finished)
        self.dialog.open()

    @Slot()
    def _recorded(self) -> None:
        recorded = self.dialog.recorded if self.dialog is not None else None
        self.refresh()
        if recorded is not None:
            self.select_basis(recorded.id)
        set_message(self.status, tr("De grondslag is vastgelegd."), "ok")

    @Slot()
    def _dialog_finished(self, *_args) -> None:
        self.dialog = None

    @Slot()
    def withdraw_selected(self) -> bool:
        basis = self.selected_basis()
        if basis is None or basis.withdrawn_on is not None:
            return False
        partner = _partner_text(self._partners.get(basis.partner_id))
        if basis.kind == BasisKind.CONSENT:
            title = tr("Toestemming intrekken")
            text = withdrawal_question_nl(self.service.consents_to_withdraw(basis), "{partner}")
        else:
            title = tr("Grondslag beëindigen")
            text = tr("De wettelijke taak als grondslag voor {partner} vervalt vandaag. Daarna maakt Ketenregie "
                      "geen brieven meer aan deze partner tot er een nieuwe grondslag is. Doorgaan?")
        if not messenger().question(self, title, text.format(partner=partner)):
            return False
        try:
            self.service.withdraw_basis(basis.id)
        except BasisInvalid as exc:
            set_message(self.status, " ".join(exc.problems), "error")
            return False
        except StoreError as exc:
            set_message(self.status, exc.user_message, "error")
            return False
        self.refresh()
        self.select_basis(basis.id)
        left = self.service.remaining_basis(self.case(), self.service.directory.get(basis.partner_id))
        set_message(self.status, tr("De grondslag is ingetrokken.") + " " + remaining_basis_nl(left),
                    "ok" if left is not None else "warning")
        return True

    @Slot(bool)
    def set_privacy_mode(self, enabled: bool) -> None:
        self.model.set_privacy_mode(enabled)

    def release(self) -> None:
        if self.dialog is not None:
            self.dialog.reject()
            self.dialog = None
        self.model.clear()
