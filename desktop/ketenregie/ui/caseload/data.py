"""Reading the caseload for the UI: one call that the caseload and Vandaag views run (off the UI thread when the
register is large), plus the small helpers both views share (dates in Dutch notation, term texts, icons).

`CaseEvents` is the one place views hear that a case changed (saved in a dialog, marked "voor overleg"), so the
caseload and Vandaag views refresh that case without reloading everything."""
from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass
from datetime import date
from typing import Any

from PySide6.QtCore import QCoreApplication, QObject, Signal
from PySide6.QtGui import QIcon
from PySide6.QtWidgets import QApplication, QStyle

from ketenregie.calendar_source import load_calendar
from ketenregie.domain.calendar import AtwCalendar
from ketenregie.domain.caseload import CaseloadRow
from ketenregie.domain.privacy_display import redact_free_text
from ketenregie.domain.terms import TERM_UNSURE_NL, TermStatus
from ketenregie.services.today import read_today
from ketenregie.store.case_repository import CaseRepository
from ketenregie.store.partner_repository import PartnerRepository

_CALENDARS: dict[str, AtwCalendar] = {}


def calendar_for(policy: Any) -> AtwCalendar:
    """The Atw calendar for this policy (built once per extra-days file; a broken policy file is skipped)."""
    key = str(policy.get("EquatedDaysFile") or "") if policy is not None else ""
    calendar = _CALENDARS.get(key)
    if calendar is None:
        calendar = _CALENDARS[key] = load_calendar(policy, strict=False)
    return calendar


def term_settings(policy: Any) -> dict[str, int]:
    if policy is None:
        return {}
    return {"decision_weeks": int(policy.get("DecisionTermWeeks")),
            "due_soon_working_days": int(policy.get("DueSoonWorkingDays"))}


@dataclass
class CaseloadSnapshot:
    rows: list[CaseloadRow]
    today: date
    partners: list[Any]  # domain.cases.Partner, active ones, sorted by name


def load_caseload(register: Any, policy: Any, today: date) -> CaseloadSnapshot:
    """Every case as a CaseloadRow on `today`, and the partner list. Safe to run on a worker thread (the
    Database serialises access); touches no widget."""
    repository = CaseRepository(register.db, register.audit, clock=lambda: today)
    rows = repository.list_caseload(today=today, calendar=calendar_for(policy), **term_settings(policy))
    partners = PartnerRepository(register.db).list_partners()
    return CaseloadSnapshot(rows, today, partners)


def load_today(register: Any, policy: Any, today: date):
    """Vandaag's snapshot (services.today.TodaySnapshot): only the cases it can list, overview built — off the UI
    thread like load_caseload."""
    return read_today(register, today=today, calendar=calendar_for(policy), **term_settings(policy))


class SnapshotLoader(QObject):
    """Reads caseload snapshots for a view, off the UI thread unless `background` is False. A reload asked for
    while one runs is queued, not dropped (the data changed meanwhile). `load(register, policy, today)` is what
    is read: load_caseload (the default) or load_today.

    A lock does not wait for a running read: closing the database takes the Database lock (so it waits for a
    query in flight, a few ms at most), later queries of the task fail, and its outcome goes to a loader that no
    longer exists (it dies with its view) — Qt drops the connection — so nothing of it survives the lock."""

    loaded = Signal(object)  # CaseloadSnapshot (or what `load` returns)
    failed = Signal(object)  # the exception

    def __init__(self, context: Any, today: Callable[[], date], *, background: bool = True,
                 parent: QObject | None = None, load: Callable[[Any, Any, date], Any] | None = None) -> None:
        super().__init__(parent)
        self._load = load
        self._context = context
        self._today = today
        self._background = background
        self._loading = False
        self._pending = False

    def reload(self) -> None:
        if self._loading:
            self._pending = True
            return
        self._pending = False
        register, policy, today = self._context.register, self._context.policy, self._today()
        load = self._load or load_caseload
        if not self._background:
            self.loaded.emit(load(register, policy, today))
            return
        from ketenregie.ui.background import BackgroundTask

        self._loading = True
        task = BackgroundTask(load, register, policy, today)
        task.succeeded.connect(self.loaded)
        task.failed.connect(self.failed)
        task.finished.connect(self._finished)
        task.start()

    def _finished(self) -> None:
        self._loading = False
        if self._pending:
            self.reload()


def load_case_row(register: Any, policy: Any, today: date, case_number: str) -> CaseloadRow | None:
    """One case's caseload row (after a save), or None when it is gone."""
    repository = CaseRepository(register.db, register.audit, clock=lambda: today)
    rows = repository.list_caseload(today=today, calendar=calendar_for(policy), search=case_number,
                                    **term_settings(policy))
    return next((row for row in rows if row.case_number == case_number), None)


# --- presentation helpers ---------------------------------------------------------------------------------------

def nl_date(value: date | None) -> str:
    return f"{value.day:02d}-{value.month:02d}-{value.year}" if value is not None else ""


def tr(text: str, context: str = "Caseload") -> str:
    return QCoreApplication.translate(context, text)


def term_text(row: CaseloadRow) -> str:
    """"uiterlijk 09-04-2026 – Verlopen: Eerste gesprek": the date first, so a narrow column never cuts it off;
    the words carry the meaning, the icon only repeats it. A case handed over to a colleague: "overgedragen"
    (its terms are the colleague's now; the store gives it no term status, so no icon either)."""
    if getattr(row, "handed_over", False):
        return tr("overgedragen")
    if row.term_status is None:
        return ""
    kind = row.term_kind.label_nl if row.term_kind is not None else ""
    deadline = nl_date(row.term_deadline)
    text = f"{row.term_status.label_nl}: {kind}" if kind else row.term_status.label_nl
    if deadline and row.term_status in (TermStatus.OPEN, TermStatus.DUE_SOON, TermStatus.OVERDUE):
        text = tr("uiterlijk {date} – {term}").format(date=deadline, term=text)
    if getattr(row, "term_unsure", False):
        text += " \u26a0 " + tr("(let op: {warning})").format(warning=TERM_UNSURE_NL)
    return text


def next_action_text(row: CaseloadRow) -> str:
    """"15-04-2026 – Terugbellen". A case handed over to a colleague: "overgedragen" (its actions are the
    colleague's work now, as Vandaag leaves them out); a cover copy keeps its next action."""
    if getattr(row, "handed_over", False):
        return tr("overgedragen")
    if not row.next_action:
        return ""
    if row.next_action_due is None:
        return row.next_action
    return f"{nl_date(row.next_action_due)} – {row.next_action}"


def redact(text: str, name: str) -> str:
    """`text` as presentatiemodus shows free text: identifiers (BSN, IBAN, phone, e-mail) masked and the
    resident's name as initials (domain/privacy_display.py)."""
    return redact_free_text(text, name)


_ICONS: dict[TermStatus, QIcon] = {}
_ICON_PIXMAPS = {
    TermStatus.OVERDUE: QStyle.StandardPixmap.SP_MessageBoxCritical,
    TermStatus.DUE_SOON: QStyle.StandardPixmap.SP_MessageBoxWarning,
    TermStatus.OPEN: QStyle.StandardPixmap.SP_MessageBoxInformation,
    TermStatus.MET: QStyle.StandardPixmap.SP_DialogApplyButton,
    TermStatus.MISSED: QStyle.StandardPixmap.SP_DialogCancelButton,
}


def term_icon(status: TermStatus | None) -> QIcon | None:
    """A themed icon per term status (built once); always shown next to the status text, never alone."""
    if status is None:
        return None
    icon = _ICONS.get(status)
    if icon is None:
        icon = _ICONS[status] = QApplication.style().standardIcon(_ICON_PIXMAPS[status])
    return icon


class CaseEvents(QObject):
    """Application-wide notices about cases (never their content): a case number that was saved or changed."""

    caseChanged = Signal(str)  # case number
    caseCreated = Signal(str)


_EVENTS: CaseEvents | None = None


def case_events() -> CaseEvents:
    global _EVENTS
    if _EVENTS is None:
        _EVENTS = CaseEvents(QApplication.instance())
    return _EVENTS
