"""Monitor figures for the team lead (issue 14 item 5 (d)): the monitor's suppressed figures, as the council gets
them, in a bundle of kind "monitorcijfers" (rows as in the CSV export, and the report PDF). Never the drill-down,
never a case field. One transaction and one audit entry (counts and the start of the bundle id) per action."""
from __future__ import annotations

from datetime import date, datetime

from ketenregie.domain.audit import AuditAction
from ketenregie.domain.team import bundle as bundles
from ketenregie.domain.team.errors import RecipientUnverified, TeamError
from ketenregie.domain.team.meeting_bundle import MonitorPayload, parse_monitor
from ketenregie.errors import UserFacingError
from ketenregie.services.team import TeamService, TeamServiceError
from ketenregie.services.team_feature import TeamFeatureService
from ketenregie.store.team_meeting_repository import MonitorFigures


def _refuse(exc: TeamError) -> TeamServiceError:
    return TeamServiceError(exc.user_message)


class TeamMonitorService(TeamFeatureService):
    def make_monitor_bundle(self, colleague_id: int, period, *, monitor=None, report=None) -> tuple[str, bytes, int]:
        """The monitor's suppressed figures for `period` (rows as in the CSV export, and the report PDF) for a
        verified colleague. Never the drill-down, never a case. Returns (bundle id, bytes, number of rows).
        `report`: the figures already computed for `period` (the Monitor view's), else computed here."""
        from ketenregie.documents.monitor_tables import table_rows
        from ketenregie.services.monitor import MonitorService

        me = self.team._me()
        colleague = self.team.colleague(colleague_id)
        if not colleague.verified:
            raise TeamServiceError(RecipientUnverified.user_message)
        monitor = monitor or MonitorService(self._register, clock=self._today)
        try:
            report = report if report is not None and report.period == period else monitor.report(period)
            pdf = monitor.render(report, "pdf")
        except UserFacingError as exc:
            raise TeamServiceError(exc.user_message) from None
        payload = MonitorPayload(f"Monitor schuldhulpverlening {report.period.label_nl()}", report.period.start,
                                 report.period.end, report.suppression_rule,
                                 tuple(tuple(r) for r in table_rows(report)), pdf)
        with self._db.transaction():
            bundle_id, data = bundles.seal(payload.as_dict(), kind=bundles.BundleKind.MONITOR, sender=me,
                                           recipient=colleague.card, app_version=self._version, now=self._clock())
            self._audit.record(AuditAction.EXPORT, f"team_monitor:rows={len(payload.rows)},id={bundle_id[:16]}")
        return bundle_id, data, len(payload.rows)

    def receive_monitor(self, opened: bundles.OpenedBundle) -> MonitorFigures:
        payload = self.team.parsed_payload(opened, bundles.BundleKind.MONITOR, parse_monitor)
        header = opened.header
        with self._db.transaction():
            self.team.claim(header)
            self.repo.add_monitor_figures(header.bundle_id, header.sender, payload)
            self._audit.record(AuditAction.CREATE, f"team_monitor_received:rows={len(payload.rows)},"
                                                   f"id={header.bundle_id[:16]}")
        return next(f for f in self.repo.monitor_figures() if f.bundle_id == header.bundle_id)

    def monitor_figures(self) -> list[MonitorFigures]:
        return self.repo.monitor_figures()
