"""The monitor end to end, for the UI and the CLI (issue 13): the figures for a period, the report PDF, CSV and
Excel exports, the DDAS SHV v1.0 delivery, a case's trajectory facts and the survey totals.

Dependency rule: joins store, domain and documents for one open `Register`; imports no Qt. Every export is written
atomically with user-only permissions and audited by counts; nothing here logs or prints personal data.
"""
from __future__ import annotations

import json
from collections.abc import Callable
from datetime import date, datetime, timezone
from pathlib import Path
from typing import Any

from ketenregie import __version__
from ketenregie.atomic import write_atomic
from ketenregie.calendar_source import load_calendar
from ketenregie.checklist_source import active_bridge
from ketenregie.config import Policy
from ketenregie.documents.letterhead import Letterhead
from ketenregie.documents.monitor_report import render_report
from ketenregie.documents.monitor_survey import render_questionnaire
from ketenregie.documents.monitor_tables import render_csv, render_xlsx
from ketenregie.domain.audit import AuditAction
from ketenregie.domain.cases import Case, Phase
from ketenregie.domain.monitor.period import Period, PeriodError
from ketenregie.domain.monitor.report import MonitorReport, build_report
from ketenregie.domain.monitor.shv import ShvCounts, build_shv, check_shv
from ketenregie.domain.monitor.suppression import effective_minimum
from ketenregie.domain.monitor.trajectory import Trajectory, fill_implied_dates
from ketenregie.domain.signals.ddas import Supplier
from ketenregie.errors import UserFacingError
from ketenregie.store.case_repository import CaseRepository
from ketenregie.store.monitor_repository import MonitorRepository

SOFTWARE_CODE = f"Ketenregie {__version__}"
DEFAULT_MUNICIPALITY = "1621"
SHV_BSN_WARNING = ("Let op: dit bestand bevat gegevens van inwoners (burgerservicenummer of geboortedatum, postcode "
                   "en huisnummer) en staat buiten het register. Lever het via het CBS-portaal aan en verwijder het "
                   "daarna.")
FORMATS = ("pdf", "csv", "xlsx")


class MonitorError(UserFacingError):
    user_message = "De monitor kon niet worden gemaakt."


class MonitorService:
    def __init__(self, register, *, clock: Callable[[], date] = date.today,
                 now: Callable[[], datetime] = lambda: datetime.now(timezone.utc)) -> None:
        self.register = register
        self.policy: Policy = register.policy or Policy.defaults()
        self.clock = clock
        self.now = now
        self.repo = MonitorRepository(register.db, register.audit)
        self.cases = CaseRepository(register.db, register.audit, clock=clock)

    def _policy(self, name: str, default: Any) -> Any:
        try:
            return self.policy.get(name)
        except KeyError:
            return default

    @property
    def minimum(self) -> int:
        return effective_minimum(self._policy("MonitorMinimumCell", 5))

    @property
    def municipality_code(self) -> str:
        code = str(self._policy("MunicipalityCode", DEFAULT_MUNICIPALITY)).strip()
        return code if len(code) == 4 and code.isdigit() else DEFAULT_MUNICIPALITY

    @property
    def bsn_allowed(self) -> bool:
        return bool(self._policy("BsnEnabled", False) or self._policy("SignalBsnEnabled", False))

    # --- figures ----------------------------------------------------------------------------------------------

    def report(self, period: Period, *, with_bridge: bool = True) -> MonitorReport:
        """Every figure for `period` (call off the UI thread: it reads the whole register)."""
        records = self.repo.case_records(period, with_conversations=with_bridge)
        signals = self.repo.signal_counts(period.start, period.end)
        survey = self.repo.survey_totals(period.end.year)
        bridge = active_bridge(self.policy).bridge if with_bridge else None
        return build_report(records, signals, survey, period, minimum=self.minimum,
                            calendar=load_calendar(self.policy, strict=False), as_of=self.clock(),
                            inhabitants=int(self._policy("MonitorInhabitants", 63000)),
                            decision_weeks=int(self._policy("DecisionTermWeeks", 8)), bridge=bridge)

    def render(self, report: MonitorReport, fmt: str) -> bytes:
        if fmt == "pdf":
            return render_report(report, Letterhead.from_policy(self.policy))
        if fmt == "csv":
            return render_csv(report)
        if fmt == "xlsx":
            return render_xlsx(report)
        raise MonitorError("Kies pdf, csv of xlsx als formaat.")

    def export(self, period: Period, fmt: str, out: Path, *, report: MonitorReport | None = None) -> MonitorReport:
        """Write the report in `fmt` atomically (0600); audited by format and number of tables."""
        out = Path(out)
        if not out.parent.is_dir():
            raise MonitorError("De map voor het bestand bestaat niet.")
        report = report or self.report(period)
        data = self.render(report, fmt)
        with self.register.db.transaction():
            self.register.audit.record(AuditAction.EXPORT, f"monitor:format={fmt},tables={len(report.tables)}")
            write_atomic(out, data)
        return report

    def record_printed(self, tables: int) -> None:
        """The report went to a printer (issue 15 item 11): audited like an export, by number of tables."""
        with self.register.db.transaction():
            self.register.audit.record(AuditAction.PRINT, f"monitor:format=print,tables={tables}")

    # --- DDAS SHV ---------------------------------------------------------------------------------------------

    def supplier(self) -> Supplier:
        return Supplier(self._policy("DdasOrganisationName", "Gemeente Lansingerland"),
                        self._policy("DdasKvkNumber", ""), self._policy("DdasContactName", ""),
                        self._policy("DdasContactPhone", ""), self._policy("DdasContactEmail", ""),
                        self._policy("DdasContactFunction", ""))

    def build_shv(self, period: Period) -> tuple[dict[str, Any], ShvCounts]:
        """The document and its counts (the preview); raises MonitorError when the own checks fail."""
        records = self.repo.case_records(period, with_conversations=False)
        clients = self.repo.shv_clients(with_bsn=self.bsn_allowed)
        document, counts = build_shv(records, clients, period, municipality_code=self.municipality_code,
                                     supplier=self.supplier(), software=SOFTWARE_CODE,
                                     bsn_allowed=self.bsn_allowed, now=self.now())
        problems = check_shv(document)
        if problems:
            shown = "\n".join(problems[:50])
            raise MonitorError(f"De DDAS-levering schuldhulpverlening is niet gemaakt; de controle vond:\n{shown}")
        return document, counts

    def export_shv(self, period: Period, out: Path) -> ShvCounts:
        out = Path(out)
        if not out.parent.is_dir():
            raise MonitorError("De map voor het bestand bestaat niet.")
        document, counts = self.build_shv(period)
        data = json.dumps(document, ensure_ascii=False, indent=2).encode("utf-8")
        with self.register.db.transaction():
            self.register.audit.record(AuditAction.EXPORT, counts.object_ref)
            write_atomic(out, data)
        return counts

    # --- a case's trajectory ----------------------------------------------------------------------------------

    def trajectory(self, case_number: str) -> Trajectory:
        return self.repo.get_trajectory(case_number)

    def save_case(self, case: Case, trajectory: Trajectory, previous_phase: Phase | None) -> Trajectory:
        """Save the case and its trajectory in ONE transaction with ONE audit entry; the dates the phase change
        implies are filled where still empty (returned, so the dialog shows them and the user can correct)."""
        today = self.clock()
        filled = fill_implied_dates(trajectory, previous_phase, case, today)
        with self.register.db.transaction():
            self.cases.update(case)
            self.repo.save_trajectory(case, filled, today=today, audit=False)
        return filled

    def save_trajectory(self, case: Case, trajectory: Trajectory) -> None:
        self.repo.save_trajectory(case, trajectory, today=self.clock())

    # --- survey -----------------------------------------------------------------------------------------------

    def survey_totals(self, year: int) -> dict[str, dict[int, int]]:
        return self.repo.survey_totals(year)

    def save_survey_totals(self, year: int, totals: dict[str, dict[int, int]]) -> None:
        self.repo.save_survey_totals(year, totals)

    def questionnaire(self, out: Path) -> None:
        data = render_questionnaire(Letterhead.from_policy(self.policy))
        with self.register.db.transaction():
            self.register.audit.record(AuditAction.PRINT, "survey:questionnaire")
            write_atomic(Path(out), data)


def parse_period(start: str, end: str) -> Period:
    """A custom period from two ISO dates typed on the command line; Dutch PeriodError otherwise."""
    from ketenregie.domain.monitor.period import custom
    try:
        first, last = date.fromisoformat(start), date.fromisoformat(end)
    except ValueError:
        raise PeriodError("Geef de datums als JJJJ-MM-DD, bijvoorbeeld 2026-01-01.") from None
    return custom(first, last)
