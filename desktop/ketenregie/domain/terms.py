"""The Wgs term engine: statutory terms of a case, counted by the Algemene termijnenwet (DOMAIN.md §3).

- First conversation: 4 weeks (28 days) after the help request (Wgs art. 4 lid 1); in a crisis 3 working days
  (art. 4 lid 2), counted from the day after the request (see `AtwCalendar.add_working_days`).
- Decision (beschikking): the municipality's term, at most 8 weeks (56 days) after the first conversation
  (art. 4a); only once a first conversation happened.
- Objection term: 6 weeks after the decision (Awb art. 6:7); informational, it is the resident's term.
A term in calendar days that ends on a Saturday, Sunday, Atw feestdag or equated day runs on to the next day that
is none of those (Atw art. 1).

Pure domain and fast: the caseload evaluates terms for every case, so everything works on date ordinals against
the calendar's cached per-day table (a few microseconds per case).
"""
from __future__ import annotations

from collections.abc import Iterable
from datetime import date
from enum import Enum
from typing import NamedTuple

from ketenregie.domain.calendar import AtwCalendar

FIRST_CONVERSATION_DAYS = 28  # 4 weeks, Wgs art. 4 lid 1
CRISIS_WORKING_DAYS = 3  # Wgs art. 4 lid 2
MAX_DECISION_WEEKS = 8  # Wgs art. 4a: the municipality may set a shorter term, never a longer one
DEFAULT_DECISION_WEEKS = 8
OBJECTION_DAYS = 42  # 6 weeks, Awb art. 6:7
DEFAULT_DUE_SOON_WORKING_DAYS = 5


class TermKind(Enum):
    FIRST_CONVERSATION = "first_conversation"
    DECISION = "decision"
    OBJECTION = "objection"

    @property
    def label_nl(self) -> str:
        return _KIND_LABELS[self]


_KIND_LABELS = {
    TermKind.FIRST_CONVERSATION: "Eerste gesprek",
    TermKind.DECISION: "Beschikking",
    TermKind.OBJECTION: "Bezwaartermijn",
}


class TermStatus(Enum):
    OPEN = "open"
    DUE_SOON = "due_soon"
    OVERDUE = "overdue"
    MET = "met"
    MISSED = "missed"

    @property
    def label_nl(self) -> str:
        return _STATUS_LABELS[self]


_STATUS_LABELS = {
    TermStatus.OPEN: "Open",
    TermStatus.DUE_SOON: "Bijna verlopen",
    TermStatus.OVERDUE: "Verlopen",
    TermStatus.MET: "Gehaald",
    TermStatus.MISSED: "Niet gehaald",
}


class Term(NamedTuple):
    kind: TermKind
    deadline: date  # the last day on which the term is met (inclusive)
    status: TermStatus
    label_nl: str  # Dutch name of the term, e.g. "Eerste gesprek (crisis, 3 werkdagen)"
    met_on: date | None = None  # the date that ended the term (first conversation / decision), if any
    informational: bool = False  # True for the objection term: the resident's term, never "met" or "missed"


# --- deadlines -------------------------------------------------------------------------------------------------

def atw_deadline(start: date, days: int, *, calendar: AtwCalendar) -> date:
    """`start` + `days` calendar days, extended by Atw art. 1 to the next working day when needed."""
    return date.fromordinal(calendar.roll_forward_ordinal(start.toordinal() + days))


def add_working_days(start: date, count: int, *, calendar: AtwCalendar) -> date:
    """The `count`-th working day after `start` (the crisis-term reading; see `AtwCalendar.add_working_days`)."""
    return calendar.add_working_days(start, count)


def working_days_between(start: date, end: date, *, calendar: AtwCalendar) -> int:
    """Working days after `start` up to and including `end` (negative when end < start)."""
    return calendar.working_days_between(start, end)


def clamp_decision_weeks(weeks: int) -> int:
    """The configured decision term, capped at the law's 8 weeks; at least 1 week."""
    if weeks < 1:
        raise ValueError(f"decision_weeks moet minstens 1 zijn, niet {weeks}")
    return min(weeks, MAX_DECISION_WEEKS)


def first_conversation_deadline(help_request: date, crisis: bool, *, calendar: AtwCalendar) -> date:
    if crisis:
        return calendar.add_working_days(help_request, CRISIS_WORKING_DAYS)
    return atw_deadline(help_request, FIRST_CONVERSATION_DAYS, calendar=calendar)


def decision_deadline(first_conversation: date, *, calendar: AtwCalendar,
                      decision_weeks: int = DEFAULT_DECISION_WEEKS) -> date:
    return atw_deadline(first_conversation, 7 * clamp_decision_weeks(decision_weeks), calendar=calendar)


def objection_deadline(decision: date, *, calendar: AtwCalendar) -> date:
    return atw_deadline(decision, OBJECTION_DAYS, calendar=calendar)


# --- evaluation ------------------------------------------------------------------------------------------------

def evaluate_terms(help_request: date, crisis: bool, first_conversation: date | None, decision: date | None,
                   today: date, *, calendar: AtwCalendar, decision_weeks: int = DEFAULT_DECISION_WEEKS,
                   due_soon_working_days: int = DEFAULT_DUE_SOON_WORKING_DAYS) -> list[Term]:
    """The statutory terms of one case on `today`.

    Always the first-conversation term; the decision term once a first conversation happened; the objection
    term (informational) once a decision was taken. A term with its event recorded is MET (event on or before
    the deadline) or MISSED; otherwise OVERDUE after the deadline, DUE_SOON when the deadline is at most
    `due_soon_working_days` working days after today (today itself counts as "due soon" on the deadline day),
    else OPEN. `decision_weeks` above 8 is clamped to 8 (Wgs art. 4a).
    """
    return TermEvaluator(today, calendar=calendar, decision_weeks=decision_weeks,
                         due_soon_working_days=due_soon_working_days)(help_request, crisis, first_conversation,
                                                                      decision)


class TermEvaluator:
    """`evaluate_terms` for many cases on one day with one set of term settings (the caseload, Vandaag): what is
    the same for every case — today, the due-soon limit, the decision term, its label — is worked out once."""

    __slots__ = ("_calendar", "_today", "_due_soon_limit", "_decision_days", "_decision_label")

    def __init__(self, today: date, *, calendar: AtwCalendar, decision_weeks: int = DEFAULT_DECISION_WEEKS,
                 due_soon_working_days: int = DEFAULT_DUE_SOON_WORKING_DAYS) -> None:
        if due_soon_working_days < 0:
            raise ValueError("due_soon_working_days moet 0 of groter zijn")
        weeks = clamp_decision_weeks(decision_weeks)
        self._calendar = calendar
        self._today = today.toordinal()
        self._due_soon_limit = calendar.add_working_days_ordinal(self._today, due_soon_working_days)
        self._decision_days = 7 * weeks
        self._decision_label = f"Beschikking ({weeks} weken na eerste gesprek)"

    def __call__(self, help_request: date, crisis: bool, first_conversation: date | None,
                 decision: date | None) -> list[Term]:
        """The statutory terms of one case (see `evaluate_terms`)."""
        calendar, today_ord, due_soon_limit = self._calendar, self._today, self._due_soon_limit
        roll = calendar.roll_forward_ordinal
        # first conversation
        if crisis:
            first_deadline = calendar.add_working_days_ordinal(help_request.toordinal(), CRISIS_WORKING_DAYS)
            first_label = "Eerste gesprek (crisis, 3 werkdagen)"
        else:
            first_deadline = roll(help_request.toordinal() + FIRST_CONVERSATION_DAYS)
            first_label = "Eerste gesprek (4 weken)"
        terms = [_term(TermKind.FIRST_CONVERSATION, first_deadline, first_conversation, today_ord, due_soon_limit,
                       first_label)]
        # decision: only once the first conversation happened
        if first_conversation is not None:
            deadline = roll(first_conversation.toordinal() + self._decision_days)
            terms.append(_term(TermKind.DECISION, deadline, decision, today_ord, due_soon_limit,
                               self._decision_label))
        # objection: informational, the resident's term after the decision
        if decision is not None:
            deadline = roll(decision.toordinal() + OBJECTION_DAYS)
            status = _open_status(deadline, today_ord, due_soon_limit)
            terms.append(Term(TermKind.OBJECTION, date.fromordinal(deadline), status,
                              "Bezwaartermijn (6 weken na beschikking)", None, True))
        return terms


def _term(kind: TermKind, deadline: int, event: date | None, today: int, due_soon_limit: int,
          label: str) -> Term:
    if event is not None:
        status = TermStatus.MET if event.toordinal() <= deadline else TermStatus.MISSED
    else:
        status = _open_status(deadline, today, due_soon_limit)
    return Term(kind, date.fromordinal(deadline), status, label, event)


def _open_status(deadline: int, today: int, due_soon_limit: int) -> TermStatus:
    if today > deadline:
        return TermStatus.OVERDUE
    if deadline <= due_soon_limit:
        return TermStatus.DUE_SOON
    return TermStatus.OPEN


def term_warnings(help_request: date, terms: Iterable[Term], *, calendar: AtwCalendar) -> list[str]:
    """Dutch warnings for years (from the help request to the last deadline) without known equated days."""
    terms = list(terms)
    dates = [help_request, *(t.deadline for t in terms), *(t.met_on for t in terms)]
    return calendar.warnings_for(dates)


TERM_UNSURE_NL = "gelijkgestelde dagen van dat jaar onbekend: mogelijk te vroeg berekend"


def terms_unsure(help_request: date, terms: Iterable[Term], *, calendar: AtwCalendar) -> bool:
    """True when a term runs through a year whose equated days are unknown (then say so wherever it appears)."""
    return bool(term_warnings(help_request, terms, calendar=calendar))
