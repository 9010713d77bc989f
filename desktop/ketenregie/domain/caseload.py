"""The caseload: one light row per case, built from the store's set-based queries plus the term engine, and
filtered in memory (the UI's filter keystroke must stay within 30 ms at 10,000 cases).

- `build_rows(case_records, target_groups=..., partner_links=..., open_actions=..., today=..., calendar=...)`
  merges the repository's set-based query results (dates as ISO text, enums as codes) into `CaseloadRow`s and
  computes each open case's most urgent statutory term with `domain/terms.py`.
- `CaseloadFilter` holds what the caseload can filter on; `filter_rows` / `CaseloadFilter.matcher` apply it.
  `CaseloadFilter.to_saved` / `from_saved` give the part a saved view keeps (codes only, never the search text).
- `today_overview(rows, today)` is the "Vandaag" view: overdue and due-soon terms, own actions due, crisis
  cases, cases waiting on a partner.

Pure domain: no Qt, no database.
"""
from __future__ import annotations

import unicodedata
from collections.abc import Callable, Collection, Iterable, Mapping, Sequence
from dataclasses import dataclass, field
from datetime import date, timedelta
from typing import Any, NamedTuple

from ketenregie.domain.calendar import AtwCalendar
from ketenregie.domain.cases import (OPEN_PHASES, ActionOwner, CrisisKind, IntakeRoute, Phase, TargetGroup)
from ketenregie.domain.privacy_display import initials
from ketenregie.domain.terms import (DEFAULT_DECISION_WEEKS, DEFAULT_DUE_SOON_WORKING_DAYS, TermKind,
                                     TermEvaluator, TermStatus)

# The caseload is read with four set-based queries (no per-case subqueries, no N+1) and merged here:
# one record per case, in this column order (dates ISO text, enums as codes) ...
CASE_RECORD_FIELDS: tuple[str, ...] = (
    "case_id", "case_number", "name", "phase", "intake_route", "help_request_date", "crisis_kind", "crisis_date",
    "first_conversation_date", "decision_date", "lead_partner_id", "lead_partner_name",
)
# ... plus (case_id, target_group code) pairs, (case_id, partner_id) pairs, and the open actions as
OPEN_ACTION_FIELDS: tuple[str, ...] = ("case_id", "action_id", "owner", "due_date", "description")

# How urgent a term status is, for "worst term" and sorting (higher = more urgent).
TERM_STATUS_RANK: Mapping[TermStatus, int] = {
    TermStatus.OVERDUE: 5, TermStatus.DUE_SOON: 4, TermStatus.OPEN: 3, TermStatus.MISSED: 2, TermStatus.MET: 1,
}
# Phases in which a crisis still counts as current on its own (before the trajectory at a partner).
_EARLY_PHASES = frozenset({Phase.REGISTRATION, Phase.INTAKE, Phase.ACTION_PLAN})


class CaseloadRow(NamedTuple):
    """What one caseload line shows and filters on. Immutable and light (a tuple)."""

    case_id: int
    case_number: str
    name: str  # as recorded (name or initials); use `display_name(privacy_mode)` to show it
    phase: Phase
    intake_route: IntakeRoute
    help_request_date: date
    crisis_kind: CrisisKind | None
    crisis_date: date | None
    first_conversation_date: date | None
    decision_date: date | None
    term_kind: TermKind | None  # the most urgent statutory term (None for a closed case)
    term_status: TermStatus | None
    term_deadline: date | None
    next_action: str | None  # description of the open action due first (any owner)
    next_action_due: date | None
    next_action_owner: ActionOwner | None
    lead_partner_id: int | None
    lead_partner_name: str | None
    target_groups: frozenset[TargetGroup]
    partner_ids: frozenset[int]
    my_action_due: date | None  # earliest due date of the open actions owned by the ketenregisseur
    waiting_on_partner: bool  # an open action lies with a partner
    partner_action_due: date | None  # earliest due date of those (None: none has a due date)
    search_key: str  # folded name and case number, for `matches_text`
    term_unsure: bool = False  # the term runs through a year without known equated days (domain/terms.py)
    # Issue 14: handed over to a colleague ("Overgedragen aan … op …"): its terms and actions are the colleague's
    # work now, so build_rows leaves them out (no term status, no own/partner action due) and Vandaag skips it.
    handed_over: bool = False

    @property
    def crisis(self) -> bool:
        return self.crisis_kind is not None

    @property
    def closed(self) -> bool:
        return self.phase == Phase.CLOSED

    def display_name(self, privacy_mode: bool) -> str:
        return initials(self.name) if privacy_mode else self.name

    def crisis_current(self, today: date) -> bool:
        """An open case with a crisis that still matters: before the partner trajectory, or a crisis date
        (eviction, disconnection, ...) that is still ahead."""
        if self.crisis_kind is None or self.phase == Phase.CLOSED:
            return False
        return self.phase in _EARLY_PHASES or (self.crisis_date is not None and self.crisis_date >= today)

    def has_my_action_due_by(self, day: date) -> bool:
        return self.my_action_due is not None and self.my_action_due <= day


# --- text search ----------------------------------------------------------------------------------------------

_SEPARATOR_TABLE = str.maketrans({ch: " " for ch in ".-'’`\t\n"})
# Letters NFKD does not decompose into a base letter plus accents.
_SPECIAL_LETTERS = str.maketrans({"ı": "i", "ł": "l", "ø": "o", "đ": "d", "ß": "ss", "æ": "ae", "œ": "oe",
                                  "ð": "d", "þ": "th"})


def fold(text: str) -> str:
    """Lower case, without diacritics, separators collapsed to one space: "Anne-Marie Çelik" -> "anne marie celik"."""
    text = text.lower()
    if not text.isascii():
        text = "".join(ch for ch in unicodedata.normalize("NFKD", text.translate(_SPECIAL_LETTERS))
                       if not unicodedata.combining(ch))
    return " ".join(text.translate(_SEPARATOR_TABLE).split())


def search_key(name: str, case_number: str) -> str:
    """" j de vries 2026 0042": the query is folded the same way, so "2026-004", "0042" and "vri" all match."""
    return f" {fold(name)} {case_number.replace('-', ' ')}"


def matches_text(row: CaseloadRow, folded_query: str) -> bool:
    """`folded_query` (already `fold`ed) starts a word of the name, or starts the case number or its sequence."""
    return not folded_query or (" " + folded_query) in row.search_key


# --- building rows --------------------------------------------------------------------------------------------

def _codes(enum) -> dict[str, Any]:
    return {member.value: member for member in enum}


_PHASES = _codes(Phase)
_ROUTES = _codes(IntakeRoute)
_CRISES = _codes(CrisisKind)
_OWNERS = _codes(ActionOwner)
_GROUPS = _codes(TargetGroup)


class _ActionSummary:
    """Per case: the first open action (earliest due date; no date last; then lowest id), the earliest due date of
    the own open actions, and whether (and until when) an open action lies with a partner."""

    __slots__ = ("key", "description", "due", "owner", "my_due", "waiting", "partner_due")

    def __init__(self) -> None:
        self.key: tuple | None = None
        self.description = self.due = self.owner = self.my_due = self.partner_due = None
        self.waiting = False


def summarise_open_actions(open_actions: Iterable[Sequence[Any]]) -> dict[int, _ActionSummary]:
    """Open actions (OPEN_ACTION_FIELDS order) summarised per case id."""
    summaries: dict[int, _ActionSummary] = {}
    for case_id, action_id, owner, due, description in open_actions:
        summary = summaries.get(case_id)
        if summary is None:
            summary = summaries[case_id] = _ActionSummary()
        key = (due is None, due or "", action_id)
        if summary.key is None or key < summary.key:
            summary.key, summary.description, summary.due, summary.owner = key, description, due, owner
        if owner == "self":
            if due is not None and (summary.my_due is None or due < summary.my_due):
                summary.my_due = due
        elif owner == "partner":
            summary.waiting = True
            if due is not None and (summary.partner_due is None or due < summary.partner_due):
                summary.partner_due = due
    return summaries


def build_rows(case_records: Iterable[Sequence[Any]], *, target_groups: Iterable[tuple[int, str]] = (),
               partner_links: Iterable[tuple[int, int]] = (), open_actions: Iterable[Sequence[Any]] = (),
               today: date, calendar: AtwCalendar, decision_weeks: int = DEFAULT_DECISION_WEEKS,
               due_soon_working_days: int = DEFAULT_DUE_SOON_WORKING_DAYS,
               handed_over: Collection[int] = (), search_keys: bool = True) -> list[CaseloadRow]:
    """Caseload rows from the store's records (see CASE_RECORD_FIELDS / OPEN_ACTION_FIELDS), with the most urgent
    statutory term of every open case on `today` (the term engine of domain/terms.py).

    `handed_over`: ids of cases handed over to a colleague (issue 14). Their rows carry `handed_over=True` and no
    work to do here: no term status, no own or partner action due (the next action stays, as information).

    `search_keys=False` leaves `search_key` empty (a list that is not searched by text, like Vandaag's: ~1.3 µs
    less per row)."""
    handed = handed_over if isinstance(handed_over, (set, frozenset, dict)) else frozenset(handed_over)
    dates = _DateCache()
    groups_by_case: dict[int, list[str]] = {}
    for case_id, code in target_groups:
        groups_by_case.setdefault(case_id, []).append(code)
    partners_by_case: dict[int, list[int]] = {}
    for case_id, partner_id in partner_links:
        partners_by_case.setdefault(case_id, []).append(partner_id)
    actions = summarise_open_actions(open_actions)

    group_sets: dict[tuple[str, ...], frozenset[TargetGroup]] = {}
    empty_groups: frozenset[TargetGroup] = frozenset()
    empty_ids: frozenset[int] = frozenset()
    no_actions = _ActionSummary()
    closed = Phase.CLOSED
    rank_of = TERM_STATUS_RANK
    rows: list[CaseloadRow] = []
    append = rows.append
    covered = calendar.year_is_covered
    new_row = tuple.__new__  # CaseloadRow(...) without the keyword-capable __new__: ~1 µs less per row
    evaluate = TermEvaluator(today, calendar=calendar, decision_weeks=decision_weeks,
                             due_soon_working_days=due_soon_working_days)  # the day's limits worked out once
    for (case_id, number, name, phase, route, help_request, crisis_kind, crisis_date, first, decision,
         lead_id, lead_name) in case_records:
        phase = _PHASES[phase]
        help_request = dates[help_request]
        first = dates[first] if first else None
        decision = dates[decision] if decision else None
        crisis = _CRISES[crisis_kind] if crisis_kind else None
        term_kind = term_status = term_deadline = None
        term_unsure = False
        is_handed = case_id in handed
        if phase is not closed and not is_handed:
            rank = 0
            for term in evaluate(help_request, crisis is not None, first, decision):
                if not term.informational and rank_of[term.status] > rank:
                    rank = rank_of[term.status]
                    term_kind, term_status, term_deadline = term.kind, term.status, term.deadline
            if term_deadline is not None:
                term_unsure = not (covered(help_request.year) and covered(term_deadline.year))
        codes = groups_by_case.get(case_id)
        if codes is None:
            group_set = empty_groups
        else:
            key = tuple(sorted(codes))
            group_set = group_sets.get(key)
            if group_set is None:
                group_set = group_sets[key] = frozenset(_GROUPS[c] for c in key)
        partner_ids = partners_by_case.get(case_id)
        summary = actions.get(case_id, no_actions)
        my_due = partner_due = None
        waiting = False
        if not is_handed:
            my_due, waiting, partner_due = summary.my_due, summary.waiting, summary.partner_due
        append(new_row(CaseloadRow, (
            case_id, number, name, phase, _ROUTES[route], help_request, crisis,
            dates[crisis_date] if crisis_date else None, first, decision, term_kind, term_status, term_deadline,
            summary.description, dates[summary.due] if summary.due else None,
            _OWNERS[summary.owner] if summary.owner else None, lead_id, lead_name, group_set,
            frozenset(partner_ids) if partner_ids else empty_ids,
            dates[my_due] if my_due else None, waiting,
            dates[partner_due] if partner_due else None, search_key(name, number) if search_keys else "", term_unsure,
            is_handed)))
    return rows


class _DateCache(dict):
    """ISO text -> date, parsing each distinct day once (a caseload repeats the same few hundred days)."""

    def __missing__(self, text: str) -> date:
        value = self[text] = date.fromisoformat(text)
        return value


# --- filtering ------------------------------------------------------------------------------------------------

def week_end(today: date) -> date:
    """Sunday of `today`'s ISO week."""
    return today + timedelta(days=6 - today.weekday())


@dataclass(frozen=True)
class CaseloadFilter:
    """What the caseload filters on. Empty sets mean "no restriction"; the sets combine with AND, the members of
    one set with OR ("phase is A or B, and a partner is X or Y")."""

    text: str = ""  # case number or name (word) prefix; never kept in a saved view
    phases: frozenset[Phase] = frozenset()
    term_statuses: frozenset[TermStatus] = frozenset()
    intake_routes: frozenset[IntakeRoute] = frozenset()
    target_groups: frozenset[TargetGroup] = frozenset()
    partner_ids: frozenset[int] = frozenset()
    crisis_only: bool = False
    my_actions_this_week: bool = False  # an open own action due by the end of this ISO week (overdue included)
    waiting_on_partner: bool = False

    def matcher(self, today: date) -> Callable[[CaseloadRow], bool]:
        """A fast predicate for one row; build it once per keystroke, not per row."""
        query = fold(self.text)
        needle = " " + query
        phases, statuses, routes = self.phases, self.term_statuses, self.intake_routes
        groups, partner_ids = self.target_groups, self.partner_ids
        crisis_only, mine, waiting = self.crisis_only, self.my_actions_this_week, self.waiting_on_partner
        until = week_end(today)

        def accept(row: CaseloadRow) -> bool:
            if phases and row.phase not in phases:
                return False
            if query and needle not in row.search_key:
                return False
            if statuses and row.term_status not in statuses:
                return False
            if routes and row.intake_route not in routes:
                return False
            if groups and groups.isdisjoint(row.target_groups):
                return False
            if partner_ids and partner_ids.isdisjoint(row.partner_ids):
                return False
            if crisis_only and row.crisis_kind is None:
                return False
            if mine and (row.my_action_due is None or row.my_action_due > until):
                return False
            if waiting and not row.waiting_on_partner:
                return False
            return True

        return accept

    def to_saved(self) -> dict[str, Any]:
        """The filter as plain data (codes, ids, flags) for a saved view; the search text is left out on purpose,
        so a name typed in the search box never lands in the register's saved views."""
        return {
            "phases": sorted(p.value for p in self.phases),
            "term_statuses": sorted(s.value for s in self.term_statuses),
            "intake_routes": sorted(r.value for r in self.intake_routes),
            "target_groups": sorted(g.value for g in self.target_groups),
            "partner_ids": sorted(self.partner_ids),
            "crisis_only": self.crisis_only,
            "my_actions_this_week": self.my_actions_this_week,
            "waiting_on_partner": self.waiting_on_partner,
        }

    @classmethod
    def from_saved(cls, data: Mapping[str, Any]) -> "CaseloadFilter":
        """Inverse of `to_saved`; unknown codes (from an older or newer version) are skipped, not fatal."""
        def members(key: str, table: dict[str, Any]) -> frozenset:
            return frozenset(table[c] for c in data.get(key, ()) if c in table)

        statuses = {s.value: s for s in TermStatus}
        return cls(
            phases=members("phases", _PHASES),
            term_statuses=members("term_statuses", statuses),
            intake_routes=members("intake_routes", _ROUTES),
            target_groups=members("target_groups", _GROUPS),
            partner_ids=frozenset(int(p) for p in data.get("partner_ids", ()) if isinstance(p, int)),
            crisis_only=bool(data.get("crisis_only", False)),
            my_actions_this_week=bool(data.get("my_actions_this_week", False)),
            waiting_on_partner=bool(data.get("waiting_on_partner", False)),
        )


DEFAULT_FILTER = CaseloadFilter(phases=OPEN_PHASES)


def filter_rows(rows: Sequence[CaseloadRow], flt: CaseloadFilter, today: date) -> list[int]:
    """Indexes of the rows `flt` accepts, in order (for a proxy/filtered model)."""
    accept = flt.matcher(today)
    return [i for i, row in enumerate(rows) if accept(row)]


@dataclass(frozen=True, slots=True)
class SavedView:
    name: str
    filter: CaseloadFilter
    sort_column: str | None = None
    sort_descending: bool = False
    id: int | None = None


# --- sorting --------------------------------------------------------------------------------------------------

def urgency_key(row: CaseloadRow) -> tuple:
    """Most urgent first: current term status, its deadline, crisis, then case number."""
    rank = TERM_STATUS_RANK.get(row.term_status, 0) if row.term_status else 0
    active = rank if row.term_status in (TermStatus.OVERDUE, TermStatus.DUE_SOON) else 0
    return (-active, row.term_deadline or date.max, row.crisis_kind is None, row.case_number)


# --- the "Vandaag" view ---------------------------------------------------------------------------------------

@dataclass(frozen=True)
class TodayOverview:
    overdue_terms: list[CaseloadRow] = field(default_factory=list)  # earliest deadline first
    due_soon_terms: list[CaseloadRow] = field(default_factory=list)  # earliest deadline first
    actions_due: list[CaseloadRow] = field(default_factory=list)  # own open action due today or earlier
    actions_this_week: list[CaseloadRow] = field(default_factory=list)  # own open action due later this week
    crisis_cases: list[CaseloadRow] = field(default_factory=list)  # current crises, earliest crisis date first
    waiting_on_partner: list[CaseloadRow] = field(default_factory=list)  # earliest partner due date first
    # Terms due this week (deadline from today up to and including Sunday, not overdue) — the Vandaag card
    # "Termijnen deze week" and its list — and the due-soon terms after this week (issue 15 item 7).
    terms_this_week: list[CaseloadRow] = field(default_factory=list)  # earliest deadline first
    terms_due_soon_later: list[CaseloadRow] = field(default_factory=list)  # earliest deadline first

    @property
    def is_empty(self) -> bool:
        return not (self.overdue_terms or self.due_soon_terms or self.actions_due or self.actions_this_week
                    or self.crisis_cases or self.waiting_on_partner)


def today_overview(rows: Iterable[CaseloadRow], today: date) -> TodayOverview:
    """What needs attention today. Rows must have been built with the same `today` (term statuses). A case handed
    over to a colleague is the colleague's work now (issue 14): it is in none of the lists (a cover copy is ours
    to work on, and stays)."""
    overdue, due_soon, due, this_week, crisis, waiting = [], [], [], [], [], []
    terms_week, terms_later = [], []
    until = week_end(today)
    for row in rows:
        if row.phase == Phase.CLOSED or row.handed_over:
            continue
        if row.term_status == TermStatus.OVERDUE:
            overdue.append(row)
        elif row.term_status == TermStatus.DUE_SOON:
            due_soon.append(row)
        if row.term_status in (TermStatus.DUE_SOON, TermStatus.OPEN) and row.term_deadline is not None:
            if today <= row.term_deadline <= until:  # due this week, whatever the due-soon horizon is
                terms_week.append(row)
            elif row.term_status == TermStatus.DUE_SOON:
                terms_later.append(row)
        if row.my_action_due is not None:
            if row.my_action_due <= today:
                due.append(row)
            elif row.my_action_due <= until:
                this_week.append(row)
        if row.crisis_current(today):
            crisis.append(row)
        if row.waiting_on_partner:
            waiting.append(row)
    by_deadline = lambda r: (r.term_deadline or date.max, r.case_number)  # noqa: E731
    by_my_due = lambda r: (r.my_action_due or date.max, r.case_number)  # noqa: E731
    return TodayOverview(
        overdue_terms=sorted(overdue, key=by_deadline),
        due_soon_terms=sorted(due_soon, key=by_deadline),
        actions_due=sorted(due, key=by_my_due),
        actions_this_week=sorted(this_week, key=by_my_due),
        crisis_cases=sorted(crisis, key=lambda r: (r.crisis_date or date.max, r.case_number)),
        waiting_on_partner=sorted(waiting, key=lambda r: (r.partner_action_due or date.max, r.case_number)),
        terms_this_week=sorted(terms_week, key=by_deadline),
        terms_due_soon_later=sorted(terms_later, key=by_deadline),
    )
