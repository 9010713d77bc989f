"""Retention (bewaartermijnen, Selectielijst gemeenten 2020, DOMAIN.md §9): which closed cases and which meetings
are past their term on a given date.

- A case closed with help provided (`RetentionClass.HELP_PROVIDED`) or ended/refused (`ENDED_OR_REFUSED`): destroy
  5 years after closing (the closing date is the day the help ended); aborted (`ABORTED`): 1 year after closing.
- Agendas and minutes of a meeting with third parties chaired by the municipality: 5 years after the meeting;
  an internal meeting: 1 year.
- A case handed over to a colleague (issue 14, "Overgedragen aan … op …"): no longer this register's case — the
  colleague keeps the case under the rules above — so the read-only copy here goes 12 months after the
  handover (`RetentionHandedOverCaseMonths`): as long as the shortest case term of the Selectielijst (an
  aborted case, 1 year), long enough to answer questions about the handover. A closed case whose own term ends
  earlier goes under its own rule.

The terms are IT policy (`RetentionCaseYears`, `RetentionAbortedCaseYears`, `RetentionMeetingExternalYears`,
`RetentionMeetingInternalYears`); the law's values are the defaults. A term of N years after day D ends on the same
day N years later; from 29 February it ends on 28 February (the last day of that month). That end date is the
first day the record may be destroyed, so a record is due when `destroy_from <= today`.

Destruction is previewed here (pure), approved by a person in the UI or with `ketenregie purge --yes`, carried out
by `store.retention_repository` in one transaction, and logged by counts only (`PurgeCounts.object_ref`).

Pure domain: no Qt, no database.
"""
from __future__ import annotations

from collections.abc import Iterable, Mapping
from dataclasses import dataclass
from datetime import date, datetime
from typing import Any

from ketenregie.domain.cases import ClosingReason, RetentionClass
from ketenregie.domain.meetings import MeetingKind, MeetingRetention
from ketenregie.domain.signals.model import add_months
from ketenregie.domain.signals.retention import (DEFAULT_NOT_PICKED_UP_MONTHS, DEFAULT_PICKED_UP_MONTHS,
                                                 POLICY_NOT_PICKED_UP_MONTHS, POLICY_PICKED_UP_MONTHS,
                                                 SignalCaseDue, SignalRetention, SignalTerms)

DEFAULT_CASE_YEARS = 5
DEFAULT_ABORTED_CASE_YEARS = 1
DEFAULT_MEETING_EXTERNAL_YEARS = 5
DEFAULT_MEETING_INTERNAL_YEARS = 1
# The audit log's own term (issue 11 item 9): rows older than this go with the purge; the chain keeps verifying
# from the last removed row (store/audit_log.py).
DEFAULT_AUDIT_LOG_YEARS = 5
# A handed-over case (issue 14): months after the handover.
DEFAULT_HANDED_OVER_MONTHS = 12
HANDED_OVER_RULE_NL = "Overgedragen aan een collega: {months} maanden na de overdracht"

# Policy key per term (config.POLICY_KEYS holds their ranges and Dutch descriptions).
POLICY_CASE_YEARS = "RetentionCaseYears"
POLICY_ABORTED_CASE_YEARS = "RetentionAbortedCaseYears"
POLICY_MEETING_EXTERNAL_YEARS = "RetentionMeetingExternalYears"
POLICY_MEETING_INTERNAL_YEARS = "RetentionMeetingInternalYears"
POLICY_AUDIT_LOG_YEARS = "RetentionAuditLogYears"
POLICY_HANDED_OVER_MONTHS = "RetentionHandedOverCaseMonths"


def add_years(day: date, years: int) -> date:
    """The same calendar day `years` later; 29 February becomes 28 February in a year without a leap day."""
    try:
        return day.replace(year=day.year + years)
    except ValueError:  # 29 February -> the last day of February
        return day.replace(year=day.year + years, day=28)


@dataclass(frozen=True, slots=True)
class RetentionTerms:
    """Years per retention rule. Build from policy with `from_policy` (anything with `.get(name)`)."""

    case_years: int = DEFAULT_CASE_YEARS  # help provided, ended or refused
    aborted_case_years: int = DEFAULT_ABORTED_CASE_YEARS
    meeting_external_years: int = DEFAULT_MEETING_EXTERNAL_YEARS
    meeting_internal_years: int = DEFAULT_MEETING_INTERNAL_YEARS
    audit_log_years: int = DEFAULT_AUDIT_LOG_YEARS
    # vroegsignalering (months; domain/signals/retention.py)
    signal_not_picked_up_months: int = DEFAULT_NOT_PICKED_UP_MONTHS
    signal_picked_up_months: int = DEFAULT_PICKED_UP_MONTHS
    handed_over_months: int = DEFAULT_HANDED_OVER_MONTHS

    def __post_init__(self) -> None:
        for name in ("case_years", "aborted_case_years", "meeting_external_years", "meeting_internal_years",
                     "audit_log_years", "handed_over_months"):
            value = getattr(self, name)
            if isinstance(value, bool) or not isinstance(value, int) or value < 1:
                raise ValueError(f"{name} must be a whole number, at least 1")
        SignalTerms(self.signal_not_picked_up_months, self.signal_picked_up_months)  # validates

    @classmethod
    def from_policy(cls, policy: Any) -> "RetentionTerms":
        if policy is None:
            return cls()
        audit_years = policy.get(POLICY_AUDIT_LOG_YEARS)
        try:
            handed_over = policy.get(POLICY_HANDED_OVER_MONTHS)
        except KeyError:  # a policy object from before the key
            handed_over = None
        signals = SignalTerms.from_policy(policy)
        return cls(policy.get(POLICY_CASE_YEARS), policy.get(POLICY_ABORTED_CASE_YEARS),
                   policy.get(POLICY_MEETING_EXTERNAL_YEARS), policy.get(POLICY_MEETING_INTERNAL_YEARS),
                   DEFAULT_AUDIT_LOG_YEARS if audit_years is None else audit_years,
                   signals.not_picked_up_months, signals.picked_up_months,
                   DEFAULT_HANDED_OVER_MONTHS if handed_over is None else handed_over)

    def audit_cutoff(self, today: date) -> date:
        """Audit rows from before this day are past the audit log's term on `today`."""
        return add_years(today, -self.audit_log_years)

    @property
    def signal_terms(self) -> SignalTerms:
        return SignalTerms(self.signal_not_picked_up_months, self.signal_picked_up_months)

    def case_years_for(self, retention: RetentionClass) -> int:
        return self.aborted_case_years if retention == RetentionClass.ABORTED else self.case_years

    def meeting_years_for(self, kind: MeetingKind) -> int:
        return self.meeting_external_years if kind == MeetingKind.WITH_PARTNERS else self.meeting_internal_years

    @property
    def meeting_years(self) -> dict[MeetingRetention, int]:
        """In the shape `domain.meetings.retention_until` takes."""
        return {MeetingRetention.WITH_PARTNERS: self.meeting_external_years,
                MeetingRetention.INTERNAL: self.meeting_internal_years}


# --- cases ----------------------------------------------------------------------------------------------------

@dataclass(frozen=True, slots=True)
class ClosedCase:
    """What the rule needs of a closed case (no personal data)."""

    case_number: str
    reason: ClosingReason
    closed_on: date


@dataclass(frozen=True, slots=True)
class CaseDue:
    case_number: str
    closed_on: date  # for a handed-over case: the day of the handover
    retention: RetentionClass | None  # None: a handed-over case (its own rule, `handed_over_months`)
    destroy_from: date
    handed_over_months: int | None = None

    @property
    def handed_over(self) -> bool:
        return self.retention is None

    @property
    def rule_nl(self) -> str:
        if self.retention is None:
            return HANDED_OVER_RULE_NL.format(months=self.handed_over_months)
        return self.retention.label_nl


@dataclass(frozen=True, slots=True)
class HandedOverCase:
    """A case handed over to a colleague (no personal data): its number and the day of the handover."""

    case_number: str
    handed_over_on: date


def case_destroy_from(reason: ClosingReason, closed_on: date, terms: RetentionTerms = RetentionTerms()) -> date:
    """The first day a case closed for `reason` on `closed_on` may be destroyed."""
    return add_years(closed_on, terms.case_years_for(reason.retention))


def cases_due(cases: Iterable[ClosedCase], today: date, terms: RetentionTerms = RetentionTerms()) -> list[CaseDue]:
    """The closed cases past their term on `today`, longest overdue first (then by case number)."""
    due = []
    for case in cases:
        destroy_from = case_destroy_from(case.reason, case.closed_on, terms)
        if destroy_from <= today:
            due.append(CaseDue(case.case_number, case.closed_on, case.reason.retention, destroy_from))
    return sorted(due, key=lambda d: (d.destroy_from, d.case_number))


def handed_over_destroy_from(handed_over_on: date, terms: RetentionTerms = RetentionTerms()) -> date:
    """The first day the read-only copy of a case handed over on `handed_over_on` may be destroyed."""
    return add_months(handed_over_on, terms.handed_over_months)


def handed_over_due(cases: Iterable[HandedOverCase], today: date, terms: RetentionTerms = RetentionTerms(), *,
                    already: Iterable[str] = ()) -> list[CaseDue]:
    """The handed-over cases past their own term on `today`, leaving out the numbers in `already` (a closed case
    due under its own rule is listed once, under that rule)."""
    skip = set(already)
    due = []
    for case in cases:
        destroy_from = handed_over_destroy_from(case.handed_over_on, terms)
        if destroy_from <= today and case.case_number not in skip:
            due.append(CaseDue(case.case_number, case.handed_over_on, None, destroy_from, terms.handed_over_months))
    return sorted(due, key=lambda d: (d.destroy_from, d.case_number))


# --- meetings -------------------------------------------------------------------------------------------------

@dataclass(frozen=True, slots=True)
class MeetingStub:
    """What the rule needs of a meeting (no agenda, no names)."""

    meeting_id: int
    starts_at: datetime
    kind: MeetingKind


@dataclass(frozen=True, slots=True)
class MeetingDue:
    meeting_id: int
    held_on: date
    kind: MeetingKind
    destroy_from: date

    @property
    def retention(self) -> MeetingRetention:
        return MeetingRetention.WITH_PARTNERS if self.kind == MeetingKind.WITH_PARTNERS else MeetingRetention.INTERNAL

    @property
    def rule_nl(self) -> str:
        return self.retention.label_nl


def meeting_destroy_from(kind: MeetingKind, held_on: date, terms: RetentionTerms = RetentionTerms()) -> date:
    return add_years(held_on, terms.meeting_years_for(kind))


def meetings_due(meetings: Iterable[MeetingStub], today: date,
                 terms: RetentionTerms = RetentionTerms()) -> list[MeetingDue]:
    due = []
    for meeting in meetings:
        held_on = meeting.starts_at.date()
        destroy_from = meeting_destroy_from(meeting.kind, held_on, terms)
        if destroy_from <= today:
            due.append(MeetingDue(meeting.meeting_id, held_on, meeting.kind, destroy_from))
    return sorted(due, key=lambda d: (d.destroy_from, d.meeting_id))


# --- the preview and the log entry ----------------------------------------------------------------------------

@dataclass(frozen=True, slots=True)
class PurgePlan:
    """What a purge on `today` would destroy."""

    today: date
    cases: tuple[CaseDue, ...] = ()
    meetings: tuple[MeetingDue, ...] = ()
    audit_rows: int = 0  # audit log rows past the audit log's term ...
    audit_last_id: int = 0  # ... up to this row id (a purge never reaches beyond what was previewed)
    audit_years: int = DEFAULT_AUDIT_LOG_YEARS
    signal_cases: tuple[SignalCaseDue, ...] = ()

    @property
    def is_empty(self) -> bool:
        return not self.cases and not self.meetings and not self.audit_rows and not self.signal_cases

    def counts_by_rule(self) -> Mapping[str, int]:
        """Dutch rule label -> count, cases first (rules with nothing due are left out)."""
        counts: dict[str, int] = {}
        for retention in RetentionClass:
            n = sum(1 for c in self.cases if c.retention == retention)
            if n:
                counts[retention.label_nl] = n
        handed = [c for c in self.cases if c.handed_over]
        if handed:
            counts[handed[0].rule_nl] = len(handed)
        for retention in MeetingRetention:
            n = sum(1 for m in self.meetings if m.retention == retention)
            if n:
                counts[retention.label_nl] = n
        for retention in SignalRetention:
            n = sum(1 for s in self.signal_cases if s.retention == retention)
            if n:
                counts[retention.label_nl] = n
        if self.audit_rows:
            counts[f"Auditlog: regels ouder dan {self.audit_years} jaar"] = self.audit_rows
        return counts


@dataclass(frozen=True, slots=True)
class PurgeCounts:
    cases: int = 0
    meetings: int = 0
    audit_rows: int = 0
    signal_cases: int = 0
    handed_over: int = 0  # of `cases`: handed over to a colleague (their own term)

    @property
    def object_ref(self) -> str:
        """The audit reference: counts only, e.g. "purge:cases=12,meetings=3" (",audit=N" when audit rows went,
        ",signal_cases=N" when signal cases went)."""
        ref = f"purge:cases={self.cases},meetings={self.meetings}"
        if self.audit_rows:
            ref += f",audit={self.audit_rows}"
        if self.signal_cases:
            ref += f",signal_cases={self.signal_cases}"
        if self.handed_over:
            ref += f",handed_over={self.handed_over}"
        return ref

    @property
    def summary_nl(self) -> str:
        parts = [cases_nl(self.cases), meetings_nl(self.meetings)]
        if self.signal_cases:
            parts.append(signal_cases_nl(self.signal_cases))
        if self.audit_rows:
            parts.append(f"{self.audit_rows} oude auditregels")
        return ", ".join(parts[:-1]) + " en " + parts[-1] + " vernietigd."


def cases_nl(n: int) -> str:
    """"1 casus", "2 casussen"."""
    return f"{n} {'casus' if n == 1 else 'casussen'}"


def meetings_nl(n: int) -> str:
    """"1 overleg", "0 overleggen"."""
    return f"{n} {'overleg' if n == 1 else 'overleggen'}"


def signal_cases_nl(n: int) -> str:
    """"1 vroegsignaalzaak", "2 vroegsignaalzaken"."""
    return f"{n} {'vroegsignaalzaak' if n == 1 else 'vroegsignaalzaken'}"


# --- backups (DESIGN.md §8: backups are part of retention) ---------------------------------------------------

@dataclass(frozen=True, slots=True)
class BackupHorizon:
    """Until when the automatic backups can still hold what exists (or is destroyed) on `today`."""

    today: date
    backups: int  # backups in the backup folder now
    oldest: date | None  # the day the oldest of them was taken
    holds_until: date  # the last day a backup taken today can exist under the rotation

    @property
    def summary_nl(self) -> str:
        if not self.backups:
            held = "Er zijn nog geen automatische back-ups."
        else:
            held = (f"Er {'is' if self.backups == 1 else 'zijn'} {self.backups} "
                    f"{'back-up' if self.backups == 1 else 'back-ups'}, de oudste van {_dmy(self.oldest)}.")
        return (f"{held} Wat vandaag bestaat of wordt vernietigd, kan nog in back-ups staan tot en met "
                f"{_dmy(self.holds_until)}; daarna ruimt de rotatie die back-ups op (bij het eerste gebruik na "
                "die datum). Back-ups die u zelf elders hebt bewaard, vallen hierbuiten.")


def backup_horizon(today: date, taken: Iterable[date], rotation: Any) -> BackupHorizon:
    """The backup line of the retention view. `rotation` is a `domain.backup_rotation.Rotation`; `taken` the
    days of the backups that exist now. Every one of them is older than a backup taken today and expires no later
    than it, so the day a backup of today ends bounds them all."""
    days = sorted(taken)
    return BackupHorizon(today, len(days), days[0] if days else None, rotation.last_day(today))


def _dmy(day: date | None) -> str:
    return day.strftime("%d-%m-%Y") if day else ""
