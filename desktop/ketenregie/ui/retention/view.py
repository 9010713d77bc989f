"""Bewaartermijnen: what is past its retention term, approved by a person, destroyed in one transaction.

The view previews what a purge today would destroy: counts per rule and a list of the due cases (case number,
closing date, rule, and the household name as INITIALS only — the person approving needs to recognise a case, not
read its name; in presentatiemodus the same initials) and the due meetings (date, kind, rule). Destroying needs an
explicit confirmation: typing the number of cases (or, when only meetings are due, of meetings). The purge runs off
the UI thread (ui/background.py) and re-checks inside its transaction that everything is still due; the audit log
gets one entry with counts only. The result is shown as counts.
"""
from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass
from datetime import date
from typing import Any

from PySide6.QtCore import (QT_TRANSLATE_NOOP, QAbstractTableModel, QCoreApplication, QModelIndex,
                            QPersistentModelIndex, QSortFilterProxyModel, Qt, Slot)
from PySide6.QtWidgets import (QAbstractItemView, QHBoxLayout, QHeaderView, QLabel, QLineEdit, QPushButton,
                               QTableView, QVBoxLayout, QWidget)

from ketenregie.domain.privacy_display import initials
from ketenregie.domain.retention import (PurgeCounts, PurgePlan, RetentionTerms, cases_nl, meetings_nl,
                                         signal_cases_nl)
from ketenregie.store.retention_repository import PurgePreview, RetentionRepository
from ketenregie.ui.column_fit import ColumnFit
from ketenregie.ui.background import run_in_background
from ketenregie.ui.privacy_mode import privacy_mode_for
from ketenregie.ui.style import heading_font, message_label, set_message
from ketenregie.ui.views.registry import VIEWS, ViewContext, ViewSpec

SORT_ROLE = Qt.ItemDataRole.UserRole + 1
_NO_PARENT = QModelIndex()


def tr(text: str, n: int = -1) -> str:
    return QCoreApplication.translate("Retention", text, None, n)


def _dmy(day: date) -> str:
    return day.strftime("%d-%m-%Y")


@dataclass(frozen=True)
class DueRow:
    kind: str  # "case" | "handed_over" | "meeting" | "signal_case"
    reference: str  # case number, or "Overleg" + date
    name: str  # initials only ("" for meetings)
    day: date  # closing date / meeting date
    rule: str
    destroy_from: date


def due_rows(preview: PurgePreview) -> list[DueRow]:
    """The list the view shows. Names never leave this function other than as initials."""
    rows = [DueRow("handed_over" if c.handed_over else "case", c.case_number, initials(preview.names.get(c.case_number, "")), c.closed_on, c.rule_nl,
                   c.destroy_from) for c in preview.plan.cases]
    rows += [DueRow("meeting", tr("Overleg {id}").format(id=m.meeting_id), "", m.held_on, m.rule_nl, m.destroy_from)
             for m in preview.plan.meetings]
    # vroegsignaalzaken: a reference number only, never a name (these residents did not ask for help)
    rows += [DueRow("signal_case", tr("Vroegsignaalzaak {id}").format(id=s.signal_case_id), "", s.destroy_from,
                    s.retention.label_nl, s.destroy_from) for s in preview.plan.signal_cases]
    return rows


class DueModel(QAbstractTableModel):
    COLUMNS = (QT_TRANSLATE_NOOP("Retention", "Soort"), QT_TRANSLATE_NOOP("Retention", "Casus / overleg"),
               QT_TRANSLATE_NOOP("Retention", "Initialen"), QT_TRANSLATE_NOOP("Retention", "Afgesloten / gehouden"),
               QT_TRANSLATE_NOOP("Retention", "Regel"), QT_TRANSLATE_NOOP("Retention", "Vernietigen vanaf"))

    def __init__(self, parent=None) -> None:
        super().__init__(parent)
        self._rows: list[DueRow] = []

    def set_rows(self, rows: list[DueRow]) -> None:
        self.beginResetModel()
        self._rows = list(rows)
        self.endResetModel()

    def row_at(self, row: int) -> DueRow:
        return self._rows[row]

    def rowCount(self, parent: QModelIndex | QPersistentModelIndex = _NO_PARENT) -> int:  # noqa: N802
        return 0 if parent.isValid() else len(self._rows)

    def columnCount(self, parent: QModelIndex | QPersistentModelIndex = _NO_PARENT) -> int:  # noqa: N802
        return 0 if parent.isValid() else len(self.COLUMNS)

    def headerData(self, section: int, orientation: Qt.Orientation,  # noqa: N802
                   role: int = Qt.ItemDataRole.DisplayRole) -> Any:
        if orientation == Qt.Orientation.Horizontal and role == Qt.ItemDataRole.DisplayRole:
            return tr(self.COLUMNS[section])
        return None

    def data(self, index, role: int = Qt.ItemDataRole.DisplayRole) -> Any:
        if not index.isValid():
            return None
        row = self._rows[index.row()]
        column = index.column()
        if role == SORT_ROLE:
            return (row.kind, row.reference, row.name, row.day.isoformat(), row.rule,
                    row.destroy_from.isoformat())[column]
        if role in (Qt.ItemDataRole.DisplayRole, Qt.ItemDataRole.AccessibleTextRole):
            kind = {"case": tr("Casus"), "handed_over": tr("Casus (overgedragen)"),
                    "meeting": tr("Overleg")}.get(row.kind, tr("Vroegsignaal"))
            return (kind, row.reference, row.name, _dmy(row.day),
                    row.rule, _dmy(row.destroy_from))[column]
        return None


class RetentionView(QWidget):
    def __init__(self, context: ViewContext, parent: QWidget | None = None, *,
                 today: Callable[[], date] = date.today) -> None:
        super().__init__(parent)
        self._context = context
        self._today = today
        self.repository = RetentionRepository(context.register.db, context.register.audit)
        self.terms = RetentionTerms.from_policy(context.policy)
        self.privacy = privacy_mode_for(context)
        self.preview: PurgePreview | None = None
        self.task = None
        self.last_result: PurgeCounts | None = None
        self._result_text: str | None = None
        self._failure_text = ""
        self.setAccessibleName(tr("Bewaartermijnen"))
        self._build()
        self.privacy.changed.connect(self.set_privacy_mode)
        self.refresh()

    # --- construction -------------------------------------------------------------------------------------------
    def _build(self) -> None:
        layout = QVBoxLayout(self)
        heading = QLabel(tr("Bewaartermijnen"), self)
        heading.setFont(heading_font(self))
        heading.setAccessibleName(tr("Bewaartermijnen"))
        layout.addWidget(heading)
        intro = QLabel(tr(
            "Afgesloten casussen en overleggen die over hun bewaartermijn zijn (Selectielijst gemeenten 2020), "
            "worden hier eerst getoond. Pas als u bevestigt, worden ze definitief vernietigd, met alles wat erbij "
            "hoort. De auditlog legt alleen de aantallen vast."), self)
        intro.setWordWrap(True)
        intro.setAccessibleName(tr("Uitleg"))
        layout.addWidget(intro)
        self.terms_label = QLabel(self)
        self.terms_label.setWordWrap(True)
        self.terms_label.setAccessibleName(tr("Termijnen"))
        layout.addWidget(self.terms_label)
        self.summary_label = QLabel(self)
        self.summary_label.setWordWrap(True)
        self.summary_label.setAccessibleName(tr("Te vernietigen per regel"))
        layout.addWidget(self.summary_label)
        # Backups are part of retention (DESIGN.md §8): until when they still hold what is destroyed today.
        self.backup_label = QLabel(self)
        self.backup_label.setWordWrap(True)
        self.backup_label.setAccessibleName(tr("Back-ups"))
        layout.addWidget(self.backup_label)

        self.model = DueModel(self)
        self.proxy = QSortFilterProxyModel(self)
        self.proxy.setSourceModel(self.model)
        self.proxy.setSortRole(SORT_ROLE)
        self.table = QTableView(self)
        self.table.setAccessibleName(tr("Wat vernietigd wordt"))
        self.table.setModel(self.proxy)
        self.table.setSortingEnabled(True)
        self.table.setSelectionBehavior(QAbstractItemView.SelectionBehavior.SelectRows)
        self.table.setEditTriggers(QAbstractItemView.EditTrigger.NoEditTriggers)
        # Columns fit the width, headers never cut off (issue 15 item 8).
        self.column_fit = ColumnFit(self.table, compact={0: "Vroegsignaalzaak", 1: "Vroegsignaalzaak 1234",
                                                         2: "Ö.v.d.F.", 3: "27-07-2024", 5: "27-07-2025"},
                                    stretch={4: 160})
        layout.addWidget(self.table, 1)

        confirm_row = QHBoxLayout()
        self.confirm_label = QLabel(self)
        self.confirm_label.setWordWrap(True)
        self.confirm_edit = QLineEdit(self)
        self.confirm_edit.setAccessibleName(tr("Bevestiging: aantal"))
        self.confirm_edit.setMaximumWidth(120)
        self.confirm_label.setBuddy(self.confirm_edit)
        self.confirm_label.setAccessibleName(tr("Bevestigen"))
        confirm_row.addWidget(self.confirm_label, 1)
        confirm_row.addWidget(self.confirm_edit)
        layout.addLayout(confirm_row)

        buttons = QHBoxLayout()
        self.refresh_button = QPushButton(tr("Opnieuw b&ekijken"), self)
        self.refresh_button.setAccessibleName(tr("Opnieuw bekijken wat over de termijn is"))
        self.purge_button = QPushButton(tr("Definitief &vernietigen"), self)
        self.purge_button.setAccessibleName(tr("Definitief vernietigen"))
        buttons.addWidget(self.refresh_button)
        buttons.addStretch(1)
        buttons.addWidget(self.purge_button)
        layout.addLayout(buttons)
        self.message_label = message_label(self, tr("Melding"))
        layout.addWidget(self.message_label)

        self.refresh_button.clicked.connect(self.refresh)
        self.purge_button.clicked.connect(self.purge)
        self.confirm_edit.textChanged.connect(self._update_enabled)
        self.confirm_edit.returnPressed.connect(self.purge)

    # --- preview ------------------------------------------------------------------------------------------------
    @Slot()
    def refresh(self) -> None:
        t = self.terms
        self.terms_label.setText(tr(
            "Termijnen: schuldhulp verleend, beëindigd of afgewezen {case} jaar, afgebroken {aborted} jaar na "
            "afsluiten; overleg met derden {external} jaar, intern overleg {internal} jaar. Niet-opgeslagen "
            "invoer van een formulier (bewaard bij vergrendelen) wordt één keer teruggeboden en is na uiterlijk "
            "24 uur weg.").format(
            case=t.case_years, aborted=t.aborted_case_years, external=t.meeting_external_years,
            internal=t.meeting_internal_years))
        self._show_backup_horizon()
        try:
            self.preview = self.repository.preview(self._today(), self.terms)
        except Exception as exc:  # noqa: BLE001 - Dutch text, never the exception's
            self.preview = None
            self.model.set_rows([])
            set_message(self.message_label, _error_text(exc), "error")
            self._update_enabled()
            return
        plan = self.preview.plan
        self.model.set_rows(due_rows(self.preview))
        self.proxy.sort(5, Qt.SortOrder.AscendingOrder)
        if plan.is_empty:
            self.summary_label.setText(tr("Er is op {date} niets over de bewaartermijn.").format(
                date=_dmy(plan.today)))
        else:
            lines = [tr("Op {date} over de bewaartermijn: {cases} en {meetings}.").format(
                date=_dmy(plan.today), cases=cases_nl(len(plan.cases)), meetings=meetings_nl(len(plan.meetings)))]
            if plan.signal_cases:
                lines.append(tr("En {signals}.").format(signals=signal_cases_nl(len(plan.signal_cases))))
            lines += [f"• {rule}: {count}" for rule, count in plan.counts_by_rule().items()]
            self.summary_label.setText("\n".join(lines))
        self.confirm_label.setText(self._confirm_text(plan))
        self.confirm_edit.clear()
        self._update_enabled()

    def _show_backup_horizon(self) -> None:
        from ketenregie.services.backup import horizon

        try:
            line = horizon(self._context.register.files.register, self._context.policy, self._today())
        except OSError:
            self.backup_label.setText(tr("De back-upmap kan niet worden gelezen."))
            return
        self.backup_label.setText(tr("Back-ups: {text}").format(text=line.summary_nl))

    @staticmethod
    def _confirm_text(plan: PurgePlan) -> str:
        if plan.cases:
            return tr("Typ het aantal casussen ({n}) om te bevestigen dat ze definitief vernietigd worden:").format(
                n=len(plan.cases))
        if plan.meetings:
            return tr("Typ het aantal overleggen ({n}) om te bevestigen dat ze definitief vernietigd worden:").format(
                n=len(plan.meetings))
        if plan.signal_cases:
            return tr("Typ het aantal vroegsignaalzaken ({n}) om te bevestigen dat ze definitief vernietigd "
                      "worden:").format(n=len(plan.signal_cases))
        if plan.audit_rows:  # only old audit rows are due (issue 11: the audit log's own term)
            return tr("Typ het aantal auditregels ({n}) om te bevestigen dat ze definitief vernietigd worden:").format(
                n=plan.audit_rows)
        return tr("Er is niets te bevestigen.")

    @property
    def required_confirmation(self) -> str | None:
        if self.preview is None or self.preview.plan.is_empty:
            return None
        plan = self.preview.plan
        if plan.cases:
            return str(len(plan.cases))
        if plan.meetings:
            return str(len(plan.meetings))
        if plan.signal_cases:
            return str(len(plan.signal_cases))
        return str(plan.audit_rows)

    @Slot()
    def _update_enabled(self) -> None:
        required = self.required_confirmation
        running = self.task is not None
        self.confirm_edit.setEnabled(required is not None and not running)
        self.purge_button.setEnabled(required is not None and not running
                                     and self.confirm_edit.text().strip() == required)
        self.refresh_button.setEnabled(not running)

    # --- purge --------------------------------------------------------------------------------------------------
    @Slot()
    def purge(self):
        required = self.required_confirmation
        if self.task is not None or required is None:
            return None
        if self.confirm_edit.text().strip() != required:
            set_message(self.message_label, tr("Typ eerst het aantal ({n}) om te bevestigen.").format(n=required),
                        "warning")
            return None
        plan = self.preview.plan
        lock_manager = self._context.lock_manager
        if lock_manager is not None:
            lock_manager.begin_operation()
        self.task = run_in_background(self.repository.purge, plan, self.terms, on_success=self._purged,
                                      on_failure=self._purge_failed, on_finished=self._purge_finished)
        if lock_manager is not None:
            # connected to the lock manager, not to this view: a lock during the purge destroys the view, and the
            # deferred close of the register must still happen when the purge ends (delivery is queued to this
            # thread, so connecting after start is in time)
            self.task.finished.connect(lock_manager.end_operation)
        set_message(self.message_label, tr("Bezig met vernietigen…"))
        self._update_enabled()
        return self.task

    @Slot(object)
    def _purged(self, counts: PurgeCounts) -> None:
        self.last_result = counts
        self._result_text = tr("Vernietigd: {cases} en {meetings}. De auditlog vermeldt alleen deze "
                               "aantallen.").format(cases=cases_nl(counts.cases), meetings=meetings_nl(counts.meetings))
        if counts.signal_cases:
            self._result_text += " " + tr("Ook vernietigd: {signals}.").format(
                signals=signal_cases_nl(counts.signal_cases))

    @Slot(object)
    def _purge_failed(self, exc: BaseException) -> None:
        self._result_text = None
        self._failure_text = tr("Er is niets vernietigd. {reason}").format(reason=_error_text(exc))

    @Slot()
    def _purge_finished(self) -> None:
        self.task = None
        if not self._context.register.is_open:
            return
        self.refresh()
        if self._result_text:
            set_message(self.message_label, self._result_text, "ok")
        else:
            set_message(self.message_label, self._failure_text, "error")
        self._result_text, self._failure_text = None, ""

    # --- privacy mode and lock ----------------------------------------------------------------------------------
    @Slot(bool)
    def set_privacy_mode(self, enabled: bool) -> None:
        """Names are initials here whether presentatiemodus is on or off: nothing to re-render, and the typed
        confirmation stays (the main window does not rebuild a view that has this method)."""

    def release(self) -> None:
        self.preview = None
        self.model.set_rows([])
        self.summary_label.clear()


def _error_text(exc: BaseException) -> str:
    from ketenregie.services.register import RegisterError
    from ketenregie.store.errors import StoreError
    from ketenregie.ui.errors import user_message

    if isinstance(exc, (StoreError, RegisterError)) and getattr(exc, "user_message", ""):
        return exc.user_message
    return user_message(exc, "retention")


def _factory(context: ViewContext) -> QWidget:
    return RetentionView(context)


SPEC = VIEWS.register(ViewSpec("retention", QT_TRANSLATE_NOOP("Views", "Bewaartermijnen"), _factory, 80,
                               QT_TRANSLATE_NOOP("Views", "Zien wat over de bewaartermijn is en het na bevestiging "
                                                          "definitief vernietigen; de auditlog krijgt alleen "
                                                          "aantallen.")))
