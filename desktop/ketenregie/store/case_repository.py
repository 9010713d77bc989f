"""Cases in the register: create, update, view, delete; the caseload in one query; actions, journal, saved views.

Every user action is one transaction with one audit entry (object reference "case:2026-0042", never content):
if anything fails — validation, a constraint, the audit write — the transaction rolls back and nothing is
half-written, not even a case number. Case numbers are allocated per year inside the save transaction and never
reused.

Validation errors raise `domain.case_validation.CaseValidationError` (Dutch, per field); a case that is not
there raises `CaseNotFound`. Warnings (e.g. a BSN-like number in a note) never block a save: the UI gets them
from `validate_case` before saving.
"""
from __future__ import annotations

import json
from collections.abc import Callable, Sequence
from datetime import date, datetime, timezone

from ketenregie.domain.audit import AuditAction
from ketenregie.domain.calendar import AtwCalendar
from ketenregie.domain.case_validation import (CaseValidationError, Issue, check_action, check_case,
                                               check_journal_entry, normalise_case)
from ketenregie.domain.caseload import (CaseloadFilter, CaseloadRow,
                                        SavedView, build_rows)
from ketenregie.domain.cases import (Action, ActionOwner, ActionStatus, Case, CasePartner, Closing, ClosingReason,
                                     ContactChannel, Crisis, CrisisKind, DebtBand, DebtPicture, Decision,
                                     DecisionKind, ElementStatus, Household, IntakeRoute, IntegralElement,
                                     JournalEntry, PartnerRole, Phase, TargetGroup, case_ref, format_case_number)
from ketenregie.domain.terms import DEFAULT_DECISION_WEEKS, DEFAULT_DUE_SOON_WORKING_DAYS
from ketenregie.store.audit_log import AuditLog
from ketenregie.store.case_guard import (CaseHandedOver, CaseIsCoverCopy, refuse_handed_over,  # noqa: F401
                                         refuse_read_only)
from ketenregie.store.database import Database
from ketenregie.store.errors import StoreError


class CaseNotFound(StoreError):
    user_message = "Deze casus bestaat niet (meer). Vernieuw de caseload."


class SavedViewNotFound(StoreError):
    user_message = "Deze opgeslagen weergave bestaat niet (meer)."


# --- columns --------------------------------------------------------------------------------------------------

_ELEMENT_COLUMNS = {
    IntegralElement.DEBT_SETTLEMENT: "element_debt_settlement",
    IntegralElement.PERSONAL_SUPPORT: "element_personal_support",
    IntegralElement.SELF_RELIANCE: "element_self_reliance",
}
_CASE_COLUMNS = (
    "phase", "intake_route", "help_request_date", "help_request", "crisis_kind", "crisis_date",
    "first_conversation_date", "decision_date", "decision_kind", "closing_reason", "closed_on",
    *_ELEMENT_COLUMNS.values(), "debt_band", "creditor_count", "updated_at",
)
_HOUSEHOLD_COLUMNS = ("name", "date_of_birth", "contact_channel", "phone", "email", "postcode", "house_number",
                      "adults", "children")

# The caseload is four set-based queries merged in Python (domain.caseload.build_rows): no N+1 and no correlated
# subqueries. Aggregate subqueries per case (group_concat, min, ORDER BY .. LIMIT 1) cost ~15 µs each under
# SQLCipher's cipher_memory_security (every allocation is wiped and locked): ~330 ms at 10,000 cases, against
# ~40 ms for these four scans (tests/benchmarks/test_caseload_store_bench.py).
_CASELOAD_CASES = """
SELECT c.id, c.case_number, h.name, c.phase, c.intake_route, c.help_request_date, c.crisis_kind, c.crisis_date,
       c.first_conversation_date, c.decision_date, lp.partner_id, lpp.name
  FROM cases c
  JOIN households h ON h.case_id = c.id
  LEFT JOIN case_partners lp ON lp.case_id = c.id AND lp.leads = 1
  LEFT JOIN partners lpp ON lpp.id = lp.partner_id
"""
_CASELOAD_GROUPS = "SELECT case_id, target_group FROM case_target_groups"
_CASELOAD_PARTNERS = "SELECT case_id, partner_id FROM case_partners"
_CASELOAD_ACTIONS = "SELECT case_id, id, owner, due_date, description FROM actions WHERE status = 'open'"
_CASELOAD_HANDED_OVER = "SELECT case_id FROM case_handed_over"  # issue 14: the colleague's work now
# With a search that hits few cases, the three side queries ask for those cases only.
_SMALL_RESULT = 500


def _iso(value: date | None) -> str | None:
    return value.isoformat() if value is not None else None


def _date(text: str | None) -> date | None:
    return date.fromisoformat(text) if text is not None else None


def _code(value) -> str | None:
    return value.value if value is not None else None


def _like_prefix(text: str) -> str:
    return text.replace("\\", "\\\\").replace("%", "\\%").replace("_", "\\_") + "%"


class CaseRepository:
    def __init__(self, db: Database, audit: AuditLog, *, clock: Callable[[], date] = date.today,
                 now: Callable[[], datetime] = lambda: datetime.now(timezone.utc)) -> None:
        self._db = db
        self._audit = audit
        self._clock = clock
        self._now = now

    # --- numbers ----------------------------------------------------------------------------------------------

    def next_case_number(self, year: int) -> str:
        """The number the next case registered in `year` will get (a preview: allocation happens on save)."""
        row = self._db.query_one("SELECT last_seq FROM case_number_counters WHERE year = ?", (year,))
        return format_case_number(year, (row[0] if row else 0) + 1)

    @staticmethod
    def _allocate(conn, year: int, count: int = 1) -> int:
        """Reserve `count` numbers in `year`; returns the first sequence number (inside the caller's transaction)."""
        last = conn.execute(
            "INSERT INTO case_number_counters (year, last_seq) VALUES (?, ?) "
            "ON CONFLICT (year) DO UPDATE SET last_seq = last_seq + excluded.last_seq RETURNING last_seq",
            (year, count)).fetchone()[0]
        return last - count + 1

    # --- saving -----------------------------------------------------------------------------------------------

    def create(self, case: Case) -> str:
        """Validate and store a new case; returns its case number ("2026-0042"). One transaction, one audit
        entry (CREATE). Raises CaseValidationError."""
        today = self._clock()
        case = normalise_case(case)
        check_case(case, today=today, previous=None)
        with self._db.transaction() as conn:
            self._check_partners(conn, case)
            year = today.year
            seq = self._allocate(conn, year)
            number = format_case_number(year, seq)
            case_id = conn.execute(
                f"INSERT INTO cases (case_number, number_year, number_seq, registered_on, {', '.join(_CASE_COLUMNS)})"
                f" VALUES (?, ?, ?, ?, {', '.join('?' * len(_CASE_COLUMNS))})",
                (number, year, seq, today.isoformat(), *self._case_values(case))).lastrowid
            conn.execute(f"INSERT INTO households (case_id, {', '.join(_HOUSEHOLD_COLUMNS)}) "
                         f"VALUES (?, {', '.join('?' * len(_HOUSEHOLD_COLUMNS))})",
                         (case_id, *self._household_values(case.household)))
            self._write_children(conn, case_id, case, today, new=True)
            self._audit.record(AuditAction.CREATE, case_ref(number))
        return number

    def update(self, case: Case) -> None:
        """Validate against the stored version (phase transitions) and store; one transaction, one audit entry."""
        if not case.case_number:
            raise ValueError("update needs a case with a case number; use create for a new case")
        today = self._clock()
        case = normalise_case(case)
        with self._db.transaction() as conn:
            previous = self._load(case.case_number)
            refuse_read_only(conn, previous.id)  # issue 14: handed over, or a colleague's case during cover
            check_case(case, today=today, previous=previous)
            self._check_partners(conn, case)
            self._check_child_ids(case, previous)
            case_id = previous.id
            conn.execute(f"UPDATE cases SET {', '.join(c + ' = ?' for c in _CASE_COLUMNS)} WHERE id = ?",
                         (*self._case_values(case), case_id))
            conn.execute(f"UPDATE households SET {', '.join(c + ' = ?' for c in _HOUSEHOLD_COLUMNS)} "
                         "WHERE case_id = ?", (*self._household_values(case.household), case_id))
            self._write_children(conn, case_id, case, today, new=False)
            self._audit.record(AuditAction.UPDATE, case_ref(case.case_number))

    def delete(self, case_number: str) -> None:
        """Delete the case and everything on it through the erasure steps every deletion uses
        (store/case_erasure.py; secure_delete overwrites the freed pages)."""
        from ketenregie.store.case_erasure import case_id_of, erase_case

        with self._db.transaction() as conn:
            case_id = case_id_of(conn, case_number)
            if case_id is None:
                raise CaseNotFound()
            erase_case(conn, case_id)
            self._audit.record(AuditAction.DELETE, case_ref(case_number))

    def _case_values(self, case: Case) -> tuple:
        return (
            case.phase.value, case.intake_route.value, case.help_request_date.isoformat(), case.help_request,
            _code(case.crisis.kind) if case.crisis else None, _iso(case.crisis.date) if case.crisis else None,
            _iso(case.first_conversation_date),
            _iso(case.decision.date) if case.decision else None,
            _code(case.decision.kind) if case.decision else None,
            _code(case.closing.reason) if case.closing else None,
            _iso(case.closing.closed_on) if case.closing else None,
            *(case.element_status(element).value for element in _ELEMENT_COLUMNS),
            _code(case.debt.band), case.debt.creditor_count,
            self._now().astimezone(timezone.utc).isoformat(timespec="seconds"),
        )

    @staticmethod
    def _household_values(h: Household) -> tuple:
        return (h.name, _iso(h.date_of_birth), _code(h.contact_channel), h.phone, h.email, h.postcode,
                h.house_number, h.adults, h.children)

    def _write_children(self, conn, case_id: int, case: Case, today: date, *, new: bool) -> None:
        if not new:
            conn.execute("DELETE FROM case_target_groups WHERE case_id = ?", (case_id,))
            conn.execute("DELETE FROM case_partners WHERE case_id = ?", (case_id,))
        conn.executemany("INSERT INTO case_target_groups (case_id, target_group, reason) VALUES (?, ?, ?)",
                         [(case_id, g.value, case.special_reasons.get(g) or None)
                          for g in sorted(case.target_groups, key=lambda g: g.value)])
        conn.executemany("INSERT INTO case_partners (case_id, partner_id, role, leads) VALUES (?, ?, ?, ?)",
                         [(case_id, p.partner_id, p.role.value, int(p.leads)) for p in case.partners])
        # actions and journal entries keep their ids: update the known ones, insert new ones, delete the rest
        keep_actions = [a.id for a in case.actions if a.id is not None]
        keep_entries = [j.id for j in case.journal if j.id is not None]
        if not new:
            conn.execute(f"DELETE FROM actions WHERE case_id = ? AND id NOT IN ({', '.join('?' * len(keep_actions))})",
                         (case_id, *keep_actions))
            conn.execute("DELETE FROM journal_entries WHERE case_id = ? "
                         f"AND id NOT IN ({', '.join('?' * len(keep_entries))})", (case_id, *keep_entries))
        for action in case.actions:
            values = (action.description, action.owner.value, action.partner_id, _iso(action.due),
                      action.status.value, _iso(action.done_on))
            if action.id is None:
                conn.execute("INSERT INTO actions (case_id, description, owner, partner_id, due_date, status, "
                             "done_on, created_on) VALUES (?, ?, ?, ?, ?, ?, ?, ?)",
                             (case_id, *values, today.isoformat()))
            else:
                conn.execute("UPDATE actions SET description = ?, owner = ?, partner_id = ?, due_date = ?, "
                             "status = ?, done_on = ? WHERE id = ? AND case_id = ?", (*values, action.id, case_id))
        stamp = self._now().astimezone(timezone.utc).isoformat(timespec="seconds")
        for entry in case.journal:
            if entry.id is None:
                conn.execute("INSERT INTO journal_entries (case_id, entry_date, text, created_at) VALUES (?, ?, ?, ?)",
                             (case_id, entry.entry_date.isoformat(), entry.text, stamp))
            else:
                conn.execute("UPDATE journal_entries SET entry_date = ?, text = ? WHERE id = ? AND case_id = ?",
                             (entry.entry_date.isoformat(), entry.text, entry.id, case_id))

    @staticmethod
    def _check_partners(conn, case: Case) -> None:
        wanted = {p.partner_id for p in case.partners} | {a.partner_id for a in case.actions if a.partner_id}
        if not wanted:
            return
        found = {r[0] for r in conn.execute(
            f"SELECT id FROM partners WHERE id IN ({', '.join('?' * len(wanted))})", tuple(wanted))}
        if wanted - found:
            raise CaseValidationError([Issue("partners", "Een gekozen partner staat niet (meer) in de partnerlijst. "
                                                         "Kies een andere partner.")])

    @staticmethod
    def _check_child_ids(case: Case, previous: Case) -> None:
        issues = []
        if {a.id for a in case.actions if a.id is not None} - {a.id for a in previous.actions}:
            issues.append(Issue("actions", "Een actie hoort niet (meer) bij deze casus. Open de casus opnieuw."))
        if {j.id for j in case.journal if j.id is not None} - {j.id for j in previous.journal}:
            issues.append(Issue("journal", "Een journaalregel hoort niet (meer) bij deze casus. Open de casus "
                                           "opnieuw."))
        if issues:
            raise CaseValidationError(issues)

    # --- reading ----------------------------------------------------------------------------------------------

    def get(self, case_number: str, *, audit: bool = True) -> Case:
        """The full case (household, partners, actions, journal). Records a VIEW audit entry unless told not to
        (e.g. re-reading after a save the user just made)."""
        with self._db.transaction():
            case = self._load(case_number)
            if audit:
                self._audit.record(AuditAction.VIEW, case_ref(case_number))
        return case

    def exists(self, case_number: str) -> bool:
        return self._db.query_one("SELECT 1 FROM cases WHERE case_number = ?", (case_number,)) is not None

    def _load(self, case_number: str) -> Case:
        db = self._db
        row = db.query_one(
            f"SELECT c.id, c.case_number, c.registered_on, {', '.join('c.' + c for c in _CASE_COLUMNS)}, "
            f"{', '.join('h.' + c for c in _HOUSEHOLD_COLUMNS)} "
            "FROM cases c JOIN households h ON h.case_id = c.id WHERE c.case_number = ?", (case_number,))
        if row is None:
            raise CaseNotFound()
        (case_id, number, registered_on, phase, route, help_date, help_text, crisis_kind, crisis_date, first,
         decision_date, decision_kind, closing_reason, closed_on, el_debts, el_support, el_self, debt_band,
         creditors, _updated, name, dob, channel, phone, email, postcode, house_number, adults,
         children) = row
        groups = db.query_all("SELECT target_group, reason FROM case_target_groups WHERE case_id = ?", (case_id,))
        partners = db.query_all("SELECT partner_id, role, leads FROM case_partners WHERE case_id = ? "
                                "ORDER BY leads DESC, partner_id", (case_id,))
        actions = db.query_all("SELECT id, description, owner, partner_id, due_date, status, done_on FROM actions "
                               "WHERE case_id = ? ORDER BY id", (case_id,))
        journal = db.query_all("SELECT id, entry_date, text FROM journal_entries WHERE case_id = ? "
                               "ORDER BY entry_date, id", (case_id,))
        return Case(
            household=Household(name, _date(dob), ContactChannel.from_code(channel) if channel else None, phone,
                                email, postcode, house_number, adults, children),
            intake_route=IntakeRoute.from_code(route),
            help_request_date=date.fromisoformat(help_date),
            help_request=help_text,
            phase=Phase.from_code(phase),
            target_groups=frozenset(TargetGroup.from_code(g) for g, _ in groups),
            special_reasons={TargetGroup.from_code(g): r for g, r in groups if r},
            crisis=Crisis(CrisisKind.from_code(crisis_kind), _date(crisis_date)) if crisis_kind else None,
            first_conversation_date=_date(first),
            decision=Decision(date.fromisoformat(decision_date), DecisionKind.from_code(decision_kind))
            if decision_date else None,
            closing=Closing(ClosingReason.from_code(closing_reason), date.fromisoformat(closed_on))
            if closing_reason else None,
            elements={IntegralElement.DEBT_SETTLEMENT: ElementStatus.from_code(el_debts),
                      IntegralElement.PERSONAL_SUPPORT: ElementStatus.from_code(el_support),
                      IntegralElement.SELF_RELIANCE: ElementStatus.from_code(el_self)},
            partners=tuple(CasePartner(p, PartnerRole.from_code(role), bool(leads)) for p, role, leads in partners),
            actions=tuple(Action(desc, ActionOwner.from_code(owner), partner, _date(due),
                                 ActionStatus.from_code(status), _date(done), action_id)
                          for action_id, desc, owner, partner, due, status, done in actions),
            journal=tuple(JournalEntry(date.fromisoformat(d), text, entry_id) for entry_id, d, text in journal),
            debt=DebtPicture(DebtBand.from_code(debt_band) if debt_band else None, creditors),
            case_number=number,
            id=case_id,
            registered_on=date.fromisoformat(registered_on),
        )

    # --- the caseload -----------------------------------------------------------------------------------------

    def caseload_records(self, *, search: str | None = None, include_closed: bool = True
                         ) -> tuple[list[tuple], list[tuple], list[tuple], list[tuple]]:
        """The raw caseload: (case records, target-group pairs, partner pairs, open actions), in the orders
        `domain.caseload.build_rows` expects.

        `search`: case-number prefix, or a prefix of a word of the name (case-insensitive for ASCII letters)."""
        where, params = [], []
        if not include_closed:
            where.append("c.phase <> 'closed'")
        if search and search.strip():
            prefix = _like_prefix(search.strip())
            where.append("(c.case_number LIKE ? ESCAPE '\\' OR h.name LIKE ? ESCAPE '\\' "
                         "OR h.name LIKE ? ESCAPE '\\')")
            params += [prefix, prefix, "% " + prefix]
        condition = " WHERE " + " AND ".join(where) if where else ""
        # One transaction: the four queries see one snapshot, and a save from another thread waits (~30 ms).
        with self._db.transaction():
            return self._caseload_records(condition, params)

    def _caseload_records(self, condition: str, params: list) -> tuple[list[tuple], list[tuple], list[tuple],
                                                                       list[tuple]]:
        cases = self._db.query_all(_CASELOAD_CASES + condition, params)
        side = (_CASELOAD_GROUPS, _CASELOAD_PARTNERS, _CASELOAD_ACTIONS)
        if not condition:
            rest = [self._db.query_all(sql) for sql in side]
        elif not cases:
            rest = [[], [], []]
        elif len(cases) <= _SMALL_RESULT:  # few hits: ask for exactly those cases
            ids = [r[0] for r in cases]
            marks = ", ".join("?" * len(ids))
            rest = [self._db.query_all(f"{sql} {'AND' if 'WHERE' in sql else 'WHERE'} case_id IN ({marks})", ids)
                    for sql in side]
        else:  # many hits: let SQLite repeat the (cheap) search instead of shipping every side row to Python
            found = f"SELECT c.id FROM cases c JOIN households h ON h.case_id = c.id{condition}"
            rest = [self._db.query_all(f"{sql} {'AND' if 'WHERE' in sql else 'WHERE'} case_id IN ({found})", params)
                    for sql in side]
        return cases, rest[0], rest[1], rest[2]

    def list_caseload(self, *, today: date, calendar: AtwCalendar, decision_weeks: int = DEFAULT_DECISION_WEEKS,
                      due_soon_working_days: int = DEFAULT_DUE_SOON_WORKING_DAYS, search: str | None = None,
                      include_closed: bool = True) -> list[CaseloadRow]:
        """Every case as a `CaseloadRow` (order: as stored; the UI sorts), with each open case's most urgent
        statutory term on `today`. Pass the policy's DecisionTermWeeks and DueSoonWorkingDays.

        A case handed over to a colleague (issue 14) comes back marked `handed_over`, without term status or action
        due dates: its terms and actions are the colleague's work now (Vandaag, its badge, the term column)."""
        with self._db.transaction():  # one snapshot for the records and the handed-over marks
            cases, groups, partners, actions = self.caseload_records(search=search, include_closed=include_closed)
            handed = frozenset(r[0] for r in self._db.query_all(_CASELOAD_HANDED_OVER))
        return build_rows(cases, target_groups=groups, partner_links=partners, open_actions=actions, today=today,
                          calendar=calendar, decision_weeks=decision_weeks,
                          due_soon_working_days=due_soon_working_days, handed_over=handed)

    def count_by_phase(self) -> dict[Phase, int]:
        counts = dict.fromkeys(Phase, 0)
        for phase, count in self._db.query_all("SELECT phase, count(*) FROM cases GROUP BY phase"):
            counts[Phase.from_code(phase)] = count
        return counts

    def count(self) -> int:
        return self._db.query_one("SELECT count(*) FROM cases")[0]

    # --- quick actions from the caseload / Vandaag ------------------------------------------------------------

    def _case_id(self, case_number: str) -> int:
        row = self._db.query_one("SELECT id FROM cases WHERE case_number = ?", (case_number,))
        if row is None:
            raise CaseNotFound()
        self._refuse_handed_over(row[0])  # the quick actions all change the case
        return row[0]

    def _refuse_handed_over(self, case_id: int) -> None:
        """Issue 14: a case handed over to a colleague is read-only here (store/case_guard.py)."""
        refuse_handed_over(self._db, case_id)

    def add_action(self, case_number: str, action: Action) -> int:
        """Add one action to a case; returns its id. Audited as an UPDATE of the case."""
        if action.id is not None:
            raise ValueError("a new action has no id yet")
        today = self._clock()
        action = Action(action.description.strip(), action.owner, action.partner_id, action.due, action.status,
                        action.done_on)
        check_action(action, today=today)
        with self._db.transaction() as conn:
            case_id = self._case_id(case_number)
            if action.partner_id is not None and conn.execute(
                    "SELECT 1 FROM partners WHERE id = ?", (action.partner_id,)).fetchone() is None:
                raise CaseValidationError([Issue("action.partner_id", "Deze partner staat niet (meer) in de "
                                                                      "partnerlijst.")])
            action_id = conn.execute(
                "INSERT INTO actions (case_id, description, owner, partner_id, due_date, status, done_on, created_on)"
                " VALUES (?, ?, ?, ?, ?, ?, ?, ?)",
                (case_id, action.description, action.owner.value, action.partner_id, _iso(action.due),
                 action.status.value, _iso(action.done_on), today.isoformat())).lastrowid
            self._touch(conn, case_id)
            self._audit.record(AuditAction.UPDATE, case_ref(case_number))
        return action_id

    def set_action_status(self, case_number: str, action_id: int, status: ActionStatus, *,
                          done_on: date | None = None) -> None:
        """Mark an action done (done_on defaults to today), cancelled, or open again."""
        today = self._clock()
        if status == ActionStatus.DONE:
            done_on = done_on or today
            if done_on > today:
                raise CaseValidationError([Issue("action.done_on", "De datum van afronden ligt in de toekomst.")])
        else:
            done_on = None
        with self._db.transaction() as conn:
            case_id = self._case_id(case_number)
            changed = conn.execute("UPDATE actions SET status = ?, done_on = ? WHERE id = ? AND case_id = ?",
                                   (status.value, _iso(done_on), action_id, case_id)).rowcount
            if not changed:
                raise CaseValidationError([Issue("action", "Deze actie hoort niet (meer) bij de casus. Vernieuw "
                                                           "de casus.")])
            self._touch(conn, case_id)
            self._audit.record(AuditAction.UPDATE, case_ref(case_number))

    def add_journal_entry(self, case_number: str, entry: JournalEntry) -> int:
        """Add one journal entry; returns its id. Audited as an UPDATE of the case."""
        if entry.id is not None:
            raise ValueError("a new journal entry has no id yet")
        entry = JournalEntry(entry.entry_date, entry.text.strip())
        check_journal_entry(entry, today=self._clock())
        with self._db.transaction() as conn:
            case_id = self._case_id(case_number)
            entry_id = conn.execute(
                "INSERT INTO journal_entries (case_id, entry_date, text, created_at) VALUES (?, ?, ?, ?)",
                (case_id, entry.entry_date.isoformat(), entry.text,
                 self._now().astimezone(timezone.utc).isoformat(timespec="seconds"))).lastrowid
            self._touch(conn, case_id)
            self._audit.record(AuditAction.UPDATE, case_ref(case_number))
        return entry_id

    def add_notes_and_actions(self, case_number: str, journal: Sequence[JournalEntry],
                              actions: Sequence[Action]) -> None:
        """New journal entries and actions in ONE transaction with ONE audit entry: what the case dialog saves on a
        colleague's cover copy (issue 14), whose other fields are read-only."""
        today = self._clock()
        journal = [JournalEntry(e.entry_date, e.text.strip()) for e in journal]
        actions = [Action(a.description.strip(), a.owner, a.partner_id, a.due, a.status, a.done_on)
                   for a in actions]
        for entry in journal:
            check_journal_entry(entry, today=today)
        for action in actions:
            check_action(action, today=today)
        if not journal and not actions:
            return
        stamp = self._now().astimezone(timezone.utc).isoformat(timespec="seconds")
        with self._db.transaction() as conn:
            case_id = self._case_id(case_number)
            for action in actions:
                if action.partner_id is not None and conn.execute(
                        "SELECT 1 FROM partners WHERE id = ?", (action.partner_id,)).fetchone() is None:
                    raise CaseValidationError([Issue("action.partner_id", "Deze partner staat niet (meer) in de "
                                                                          "partnerlijst.")])
            conn.executemany("INSERT INTO journal_entries (case_id, entry_date, text, created_at) VALUES (?, ?, ?, ?)",
                             [(case_id, e.entry_date.isoformat(), e.text, stamp) for e in journal])
            conn.executemany(
                "INSERT INTO actions (case_id, description, owner, partner_id, due_date, status, done_on, created_on)"
                " VALUES (?, ?, ?, ?, ?, ?, ?, ?)",
                [(case_id, a.description, a.owner.value, a.partner_id, _iso(a.due), a.status.value, _iso(a.done_on),
                  today.isoformat()) for a in actions])
            self._touch(conn, case_id)
            self._audit.record(AuditAction.UPDATE, case_ref(case_number))

    def _touch(self, conn, case_id: int) -> None:
        conn.execute("UPDATE cases SET updated_at = ? WHERE id = ?",
                     (self._now().astimezone(timezone.utc).isoformat(timespec="seconds"), case_id))

    # --- saved views ------------------------------------------------------------------------------------------

    def list_views(self) -> list[SavedView]:
        rows = self._db.query_all("SELECT id, name, filters, sort_column, sort_descending FROM saved_views "
                                  "ORDER BY name COLLATE NOCASE")
        return [SavedView(name, CaseloadFilter.from_saved(json.loads(filters)), sort, bool(desc), view_id)
                for view_id, name, filters, sort, desc in rows]

    def save_view(self, view: SavedView) -> int:
        """Insert (id None) or replace a saved view; returns its id. The filter's search text is not kept."""
        name = " ".join(view.name.split())
        if not name or len(name) > 60:
            raise CaseValidationError([Issue("name", "Geef de weergave een naam van hoogstens 60 tekens.")])
        filters = json.dumps(view.filter.to_saved(), sort_keys=True)
        stamp = self._now().astimezone(timezone.utc).isoformat(timespec="seconds")
        with self._db.transaction() as conn:
            clash = conn.execute("SELECT id FROM saved_views WHERE name = ? COLLATE NOCASE", (name,)).fetchone()
            if clash and clash[0] != view.id:
                raise CaseValidationError([Issue("name", "Er is al een weergave met deze naam. Kies een andere "
                                                         "naam.")])
            if view.id is None:
                view_id = conn.execute(
                    "INSERT INTO saved_views (name, filters, sort_column, sort_descending, updated_at) "
                    "VALUES (?, ?, ?, ?, ?)", (name, filters, view.sort_column, int(view.sort_descending),
                                               stamp)).lastrowid
                action = AuditAction.CREATE
            else:
                view_id = view.id
                if not conn.execute("UPDATE saved_views SET name = ?, filters = ?, sort_column = ?, "
                                    "sort_descending = ?, updated_at = ? WHERE id = ?",
                                    (name, filters, view.sort_column, int(view.sort_descending), stamp,
                                     view_id)).rowcount:
                    raise SavedViewNotFound()
                action = AuditAction.UPDATE
            self._audit.record(action, f"saved_view:{view_id}")
        return view_id

    def delete_view(self, view_id: int) -> None:
        with self._db.transaction() as conn:
            if not conn.execute("DELETE FROM saved_views WHERE id = ?", (view_id,)).rowcount:
                raise SavedViewNotFound()
            self._audit.record(AuditAction.DELETE, f"saved_view:{view_id}")

    # --- bulk (demo data, benchmarks) -------------------------------------------------------------------------

    def bulk_insert(self, cases: Sequence[Case], *, audit_ref: str = "demo:cases") -> list[str]:
        """Insert many cases in ONE transaction with ONE audit entry (for demo and benchmark data); returns the
        case numbers. Numbers are allocated per year of `registered_on` (default: today), in the given order.
        The cases are not validated one by one: the caller (the demo generator) guarantees valid data."""
        today = self._clock()
        stamp = self._now().astimezone(timezone.utc).isoformat(timespec="seconds")
        numbers: list[str] = []
        with self._db.transaction() as conn:
            first_id = (conn.execute("SELECT max(id) FROM cases").fetchone()[0] or 0) + 1
            per_year: dict[int, list[int]] = {}
            for index, case in enumerate(cases):
                per_year.setdefault((case.registered_on or today).year, []).append(index)
            seqs: dict[int, int] = {}
            for year, indexes in per_year.items():
                start = self._allocate(conn, year, len(indexes))
                for offset, index in enumerate(indexes):
                    seqs[index] = start + offset
            case_rows, household_rows, group_rows, partner_rows, action_rows, journal_rows = [], [], [], [], [], []
            for index, case in enumerate(cases):
                case_id = first_id + index
                registered = case.registered_on or today
                number = format_case_number(registered.year, seqs[index])
                numbers.append(number)
                values = self._case_values(case)
                case_rows.append((case_id, number, registered.year, seqs[index], registered.isoformat(), *values))
                household_rows.append((case_id, *self._household_values(case.household)))
                group_rows += [(case_id, g.value, case.special_reasons.get(g) or None) for g in case.target_groups]
                partner_rows += [(case_id, p.partner_id, p.role.value, int(p.leads)) for p in case.partners]
                action_rows += [(case_id, a.description, a.owner.value, a.partner_id, _iso(a.due), a.status.value,
                                 _iso(a.done_on), registered.isoformat()) for a in case.actions]
                journal_rows += [(case_id, j.entry_date.isoformat(), j.text, stamp) for j in case.journal]
            conn.executemany(
                f"INSERT INTO cases (id, case_number, number_year, number_seq, registered_on, "
                f"{', '.join(_CASE_COLUMNS)}) VALUES ({', '.join('?' * (5 + len(_CASE_COLUMNS)))})", case_rows)
            conn.executemany(f"INSERT INTO households (case_id, {', '.join(_HOUSEHOLD_COLUMNS)}) "
                             f"VALUES (?, {', '.join('?' * len(_HOUSEHOLD_COLUMNS))})", household_rows)
            conn.executemany("INSERT INTO case_target_groups (case_id, target_group, reason) VALUES (?, ?, ?)",
                             group_rows)
            conn.executemany("INSERT INTO case_partners (case_id, partner_id, role, leads) VALUES (?, ?, ?, ?)",
                             partner_rows)
            conn.executemany("INSERT INTO actions (case_id, description, owner, partner_id, due_date, status, "
                             "done_on, created_on) VALUES (?, ?, ?, ?, ?, ?, ?, ?)", action_rows)
            conn.executemany("INSERT INTO journal_entries (case_id, entry_date, text, created_at) "
                             "VALUES (?, ?, ?, ?)", journal_rows)
            self._audit.record(AuditAction.CREATE, f"{audit_ref}={len(cases)}" if "=" not in audit_ref
                               else audit_ref)
        return numbers

