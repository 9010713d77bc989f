"""Vroegsignalering in the register: households, signal cases, signals, contact attempts, import mappings.

Every user action is one transaction with one audit entry holding references or counts only ("signal_case:12",
"signal_import:new=40,repeated=2,present=0"), never content. An import adds all its signals or none: a cancel or
any failure rolls back (`add_signals` / `add_cases` run inside the caller's `Database.transaction()`).

Matching (domain/signals/matching.py): a signal joins the open signal case of its household (by `match_key`) when
its date falls in that case's matching period, else it starts a new case; the triage route is recomputed for every
case that received a signal (domain/signals/triage.py).
"""
from __future__ import annotations

import json
from collections.abc import Callable, Iterable, Sequence
from dataclasses import dataclass, field, replace
from datetime import date, datetime, timezone

from ketenregie.domain.audit import AuditAction
from ketenregie.domain.signals.codes import (ContactKind, Outcome, PartOfDay, Sex, SignalPartnerKind,
                                             SignalStatus)
from ketenregie.domain.signals.matching import DEFAULT_MATCHING_MONTHS, is_repeated, matching_period
from ketenregie.domain.signals.model import ContactAttempt, Signal, SignalCase, SignalHousehold
from ketenregie.domain.signals.retention import SignalCaseStub, SignalTerms, signal_cases_due
from ketenregie.domain.signals.triage import Queue, Route, TriageRules, queue_of
from ketenregie.store.audit_log import AuditLog
from ketenregie.store.case_guard import refuse_read_only
from ketenregie.store.database import Database
from ketenregie.store.errors import StoreError


class SignalCaseNotFound(StoreError):
    user_message = "Deze vroegsignaalzaak bestaat niet (meer). Vernieuw de lijst."


class SignalCaseClosed(StoreError):
    user_message = "Deze vroegsignaalzaak is al afgerond."


class ImportCancelled(StoreError):
    user_message = "Het inlezen is afgebroken; er is niets opgeslagen."


_HOUSEHOLD_COLUMNS = ("name", "street", "house_number", "house_number_addition", "postcode", "city", "phone",
                      "email", "date_of_birth", "sex", "bsn")
_SIGNAL_COLUMNS = ("id", "external_id", "signal_case_id", "partner_kind", "partner_name", "partner_id", "amount",
                   "arrears_start", "signal_date", "crisis", "warm_handover", "end_of_supply_date",
                   "eviction_date", "status")
_INSERT_SIGNAL = (
    "INSERT INTO signals (external_id, signal_case_id, partner_kind, partner_name, partner_id, amount, arrears_start, "
    "signal_date, crisis, warm_handover, end_of_supply_date, eviction_date, status, fingerprint, created_at) "
    "VALUES (?,?,?,?,?,?,?,?,?,?,?,?,?,?,?)")
_INSERT_HOUSEHOLD = (f"INSERT INTO signal_households (id, match_key, {', '.join(_HOUSEHOLD_COLUMNS)}) "
                     f"VALUES (?, ?, {', '.join('?' * len(_HOUSEHOLD_COLUMNS))})")
_INSERT_CASE = ("INSERT INTO signal_cases (id, household_id, period_start, period_end, matching_date, route, "
                "picked_up_on, outcome, closed_on, attempt_count, reached, created_at, updated_at) "
                "VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)")
_INSERT_ATTEMPT = ("INSERT INTO signal_contact_attempts (signal_case_id, kind, reached, day, part_of_day, created_at) "
                   "VALUES (?, ?, ?, ?, ?, ?)")


_FINAL_STATUS_OUTCOME = {
    SignalStatus.REPEATED: Outcome.REPEATED, SignalStatus.UNJUSTIFIED: Outcome.UNJUSTIFIED,
    SignalStatus.NOT_PICKED_UP_OTHER: Outcome.NOT_PICKED_UP_OTHER, SignalStatus.NOT_A_RESIDENT: Outcome.NOT_A_RESIDENT,
    SignalStatus.DECEASED: Outcome.DECEASED, SignalStatus.ALREADY_KNOWN: Outcome.ALREADY_KNOWN,
}


def _iso(value: date | None) -> str | None:
    return value.isoformat() if value is not None else None


def _date(text: str | None) -> date | None:
    return date.fromisoformat(text) if text else None


@dataclass(frozen=True, slots=True)
class Incoming:
    """One signal to add, with its household; `fingerprint` identifies a signal that came without an ID."""

    household: SignalHousehold
    signal: Signal
    fingerprint: str | None = None

    def __repr__(self) -> str:
        return f"Incoming({self.signal!r})"


@dataclass
class ImportCounts:
    new: int = 0
    repeated: int = 0
    already_present: int = 0
    new_cases: int = 0
    joined_cases: int = 0
    skipped_other_municipality: int = 0
    case_ids: set[int] = field(default_factory=set)

    @property
    def object_ref(self) -> str:
        return (f"signal_import:new={self.new},repeated={self.repeated},present={self.already_present},"
                f"cases={self.new_cases}")


@dataclass(frozen=True, slots=True)
class QueueRow:
    """One signal case in the queues (for the view's model; names only for display, masked in privacy mode)."""

    signal_case_id: int
    name: str
    postcode: str
    house_number: str
    first_signal: date
    last_signal: date
    signal_count: int
    partner_kinds: tuple[SignalPartnerKind, ...]
    amount: int
    crisis: bool
    route: Route | None
    queue: Queue
    outcome: Outcome | None
    attempts: int
    search: str = ""  # name and postcode, case-folded, for the search filter

    def __repr__(self) -> str:
        return f"QueueRow({self.signal_case_id}, {self.queue.value})"


@dataclass(frozen=True, slots=True)
class FeedbackRow:
    """Feedback to a signal partner: the signal's ID and date and only whether it was picked up."""

    external_id: str
    signal_date: date
    partner_kind: SignalPartnerKind
    partner_name: str
    picked_up: bool


class SignalRepository:
    def __init__(self, db: Database, audit: AuditLog, *, triage: TriageRules,
                 matching_months: int = DEFAULT_MATCHING_MONTHS, clock: Callable[[], date] = date.today,
                 now: Callable[[], datetime] = lambda: datetime.now(timezone.utc)) -> None:
        self._db = db
        self._audit = audit
        self._triage = triage
        self._months = matching_months
        self._clock = clock
        self._now = now

    def _stamp(self) -> str:
        return self._now().astimezone(timezone.utc).isoformat(timespec="seconds")

    # --- adding signals -----------------------------------------------------------------------------------------

    def import_signals(self, items: Sequence[Incoming], *, cases: Sequence[SignalCase] = (),
                       progress: Callable[[int, int], None] | None = None,
                       cancelled: Callable[[], bool] | None = None, dry_run: bool = False,
                       skipped_other_municipality: int = 0) -> ImportCounts:
        """Add pre-bundled cases (a DDAS file's zaken) and loose signals in ONE transaction with one audit entry.
        Signals already in the register (same ID or fingerprint) are counted and left alone. `dry_run` computes
        the exact counts (the preview) and rolls everything back. A cancel rolls back and raises ImportCancelled."""
        counts = ImportCounts(skipped_other_municipality=skipped_other_municipality)

        class _DryRun(Exception):
            pass

        total = len(items) + sum(len(c.signals) for c in cases)
        try:
            with self._db.transaction() as conn:
                state = _ImportState(conn)
                done = 0
                for case in cases:
                    done += len(case.signals)
                    self._add_case(conn, state, case, counts)
                    self._tick(done, total, progress, cancelled)
                for item in items:
                    done += 1
                    self._add_one(conn, state, item, counts)
                    if done % 200 == 0 or done == total:
                        self._tick(done, total, progress, cancelled)
                state.flush()
                self._retriage_all(conn, state, counts.case_ids)
                if dry_run:
                    raise _DryRun()
                self._audit.record(AuditAction.CREATE, counts.object_ref)
        except _DryRun:
            pass
        return counts

    @staticmethod
    def _tick(done: int, total: int, progress, cancelled) -> None:
        if cancelled is not None and cancelled():
            raise ImportCancelled()
        if progress is not None:
            progress(done, total)

    def _known(self, conn, state: "_ImportState", signal: Signal, fingerprint: str | None) -> bool:
        if signal.external_id in state.external_ids:
            return True
        return fingerprint is not None and fingerprint in state.fingerprints

    def _household_id(self, conn, state: "_ImportState", household: SignalHousehold) -> int:
        key = household.match_key
        found = state.households.get(key)
        if found is not None and found >= state.first_new_household_id:
            return found  # added by this import, not yet written
        if found is not None:
            # fill what the register did not know yet (a later signal may bring a phone number); never overwrite
            current = conn.execute(f"SELECT {', '.join(_HOUSEHOLD_COLUMNS)} FROM signal_households WHERE id = ?",
                                   (found,)).fetchone()
            updates = {col: val for col, val, now in zip(_HOUSEHOLD_COLUMNS, _household_values(household), current)
                       if now in (None, "") and val not in (None, "")}
            if updates:
                conn.execute(f"UPDATE signal_households SET {', '.join(f'{c} = ?' for c in updates)} WHERE id = ?",
                             (*updates.values(), found))
            return found
        new_id = state.next_household_id
        state.next_household_id += 1
        state.household_rows.append((new_id, key, *_household_values(household)))
        state.households[key] = new_id
        state.new_household(new_id)
        return new_id

    def _insert_signal(self, conn, state: "_ImportState", case_id: int, household_id: int, signal: Signal,
                       fingerprint: str | None) -> None:
        # batched: one prepared statement for the whole import (state.flush); each execute costs ~0.2 ms under
        # SQLCipher's memory security, executemany a fraction of that per row
        state.signal_rows.append(
            (signal.external_id, case_id, signal.partner_kind.value, signal.partner_name, signal.partner_id,
             signal.amount, _iso(signal.arrears_start), _iso(signal.signal_date), int(signal.crisis),
             int(signal.warm_handover), _iso(signal.end_of_supply_date), _iso(signal.eviction_date),
             signal.status.value, fingerprint, state.stamp))
        state.case_household[case_id] = household_id
        state.external_ids.add(signal.external_id)
        if fingerprint:
            state.fingerprints.add(fingerprint)
        state.household_signals(household_id).append(replace(signal, signal_case_id=case_id))

    def _add_one(self, conn, state: "_ImportState", item: Incoming, counts: ImportCounts) -> None:
        signal = item.signal
        if self._known(conn, state, signal, item.fingerprint):
            counts.already_present += 1
            return
        household_id = self._household_id(conn, state, item.household)
        earlier = state.household_signals(household_id)
        if signal.status == SignalStatus.NOT_YET_PICKED_UP and is_repeated(signal, earlier):
            signal = replace(signal, status=SignalStatus.REPEATED)
        case_id = state.open_case_for(household_id, signal.signal_date)
        if case_id is None:
            start, end = matching_period(signal.signal_date, self._months)
            case_id = state.new_case_id()
            state.case_rows.append((case_id, household_id, _iso(start), _iso(end), _iso(self._clock()), None, None,
                                    None, None, 0, 0, state.stamp, state.stamp))
            state.open_cases.setdefault(household_id, []).append((case_id, start, end))
            state.new_cases.add(case_id)
            counts.new_cases += 1
        elif case_id not in counts.case_ids:
            counts.joined_cases += 1
        self._insert_signal(conn, state, case_id, household_id, signal, item.fingerprint)
        counts.case_ids.add(case_id)
        if signal.status == SignalStatus.REPEATED:
            counts.repeated += 1
        else:
            counts.new += 1
        if case_id in state.new_cases:
            state.new_case_statuses.setdefault(case_id, set()).add(signal.status)

    def _add_case(self, conn, state: "_ImportState", case: SignalCase, counts: ImportCounts) -> None:
        """A case as delivered (DDAS zaak): its signals, attempts, dates and outcome as they are."""
        signals = [s for s in case.signals if not self._known(conn, state, s, None)]
        counts.already_present += len(case.signals) - len(signals)
        if not signals:
            return
        household_id = self._household_id(conn, state, case.household)
        stamp = self._stamp()
        closed_on = case.closed_on
        if case.outcome is not None and closed_on is None:
            days = [a.day for a in case.attempts] + [d for d in (case.picked_up_on, case.matching_date) if d]
            closed_on = max(days)
        case_id = state.new_case_id()
        state.case_rows.append((case_id, household_id, _iso(case.period_start), _iso(case.period_end),
                                _iso(case.matching_date), case.route, _iso(case.picked_up_on),
                                case.outcome.value if case.outcome else None, _iso(closed_on), len(case.attempts),
                                int(any(a.reached for a in case.attempts)), stamp, stamp))
        if case.outcome is None:
            state.open_cases.setdefault(household_id, []).append((case_id, case.period_start, case.period_end))
        else:
            state.closed_on_arrival.add(case_id)
        for signal in signals:
            self._insert_signal(conn, state, case_id, household_id, signal, None)
            if signal.status == SignalStatus.REPEATED:
                counts.repeated += 1
            else:
                counts.new += 1
        state.attempt_rows.extend(self._attempt_row(case_id, a, state.stamp) for a in case.attempts)
        counts.new_cases += 1
        counts.case_ids.add(case_id)

    @staticmethod
    def _attempt_row(case_id: int, attempt: ContactAttempt, stamp: str) -> tuple:
        return (case_id, attempt.kind.value, int(attempt.reached), _iso(attempt.day),
                attempt.part_of_day.value if attempt.part_of_day else None, stamp)

    def _insert_attempt(self, conn, case_id: int, attempt: ContactAttempt) -> int:
        return conn.execute(_INSERT_ATTEMPT, self._attempt_row(case_id, attempt, self._stamp())).lastrowid

    def _retriage_all(self, conn, state: "_ImportState", case_ids: Iterable[int]) -> None:
        """For every case that got signals: its summary columns and — when open — its route (from the signals in
        memory); NEW cases whose signals a file already marked as not picked up (e.g. a DDAS delivery) close."""
        routes, closings, summaries = [], [], []
        for case_id in case_ids:
            signals = [x for x in state.household_signals(state.case_household[case_id])
                       if x.signal_case_id == case_id]
            summaries.append((*_summary(signals), case_id))
            statuses = state.new_case_statuses.get(case_id)
            if statuses and len(statuses) == 1:
                outcome = _FINAL_STATUS_OUTCOME.get(next(iter(statuses)))
                if outcome is not None:
                    closings.append((outcome.value, case_id))
                    continue
            if case_id in state.closed_on_arrival:
                continue
            route, _rule = self._triage.route_for(signals)
            routes.append((route.value, case_id))
        conn.executemany("UPDATE signal_cases SET signal_count = ?, first_signal = ?, last_signal = ?, "
                         "partner_kinds = ?, amount_total = ?, crisis = ? WHERE id = ?", summaries)
        conn.executemany("UPDATE signal_cases SET route = ? WHERE id = ?", routes)
        conn.executemany("UPDATE signal_cases SET outcome = ?, closed_on = matching_date WHERE id = ?", closings)

    # --- reading ------------------------------------------------------------------------------------------------

    def get(self, signal_case_id: int) -> SignalCase:
        row = self._db.query_one(
            "SELECT c.id, c.household_id, c.period_start, c.period_end, c.matching_date, c.route, c.picked_up_on, "
            "c.outcome, c.closed_on, k.case_number FROM signal_cases c LEFT JOIN cases k ON k.id = c.case_id "
            "WHERE c.id = ?", (signal_case_id,))
        if row is None:
            raise SignalCaseNotFound()
        household = self._household(row[1])
        signals = tuple(_signal(r) for r in self._db.query_all(
            f"SELECT {', '.join(_SIGNAL_COLUMNS)} FROM signals WHERE signal_case_id = ? ORDER BY signal_date, id",
            (signal_case_id,)))
        attempts = tuple(_attempt(r) for r in self._db.query_all(
            "SELECT id, kind, reached, day, part_of_day FROM signal_contact_attempts WHERE signal_case_id = ? "
            "ORDER BY day, id", (signal_case_id,)))
        return SignalCase(household, _date(row[2]), _date(row[3]), _date(row[4]), signals, attempts, row[5],
                          _date(row[6]), Outcome.from_code(row[7]) if row[7] else None, _date(row[8]), row[9],
                          row[0])

    def _household(self, household_id: int) -> SignalHousehold:
        r = self._db.query_one(f"SELECT id, {', '.join(_HOUSEHOLD_COLUMNS)} FROM signal_households WHERE id = ?",
                               (household_id,))
        return _household_from(r)

    def count(self) -> int:
        return self._db.query_one("SELECT count(*) FROM signals")[0]

    def queue_rows(self) -> list[QueueRow]:
        """Every signal case with what the queues, filters and list need: one scan of the summary columns."""
        kinds: dict[str, tuple[SignalPartnerKind, ...]] = {}
        routes = {r.value: r for r in Route}
        outcomes = {o.value: o for o in Outcome}
        # 36k+ cases share a few hundred dates and a handful of queue inputs: parse/decide each once (issue 12)
        days: dict[str, date] = {}
        queues: dict[tuple, Queue] = {}
        rows = []
        for (case_id, name, postcode, number, route, picked, outcome, count, first, last, partner_kinds, amount,
             crisis, attempts, reached) in self._db.query_all(
                "SELECT c.id, h.name, h.postcode, h.house_number, c.route, c.picked_up_on, c.outcome, c.signal_count, "
                "c.first_signal, c.last_signal, c.partner_kinds, c.amount_total, c.crisis, c.attempt_count, c.reached "
                "FROM signal_cases c JOIN signal_households h ON h.id = c.household_id WHERE c.signal_count > 0"):
            k = kinds.get(partner_kinds)
            if k is None:
                k = kinds[partner_kinds] = tuple(SignalPartnerKind.from_code(x) for x in partner_kinds.split(",") if x)
            route_e = routes.get(route) if route else None
            first_day = days.get(first)
            if first_day is None:
                first_day = days[first] = date.fromisoformat(first)
            last_day = days.get(last)
            if last_day is None:
                last_day = days[last] = date.fromisoformat(last)
            inputs = (picked is not None, route_e, attempts, bool(reached), outcome is not None)
            queue = queues.get(inputs)
            if queue is None:
                queue = queues[inputs] = queue_of(*inputs)
            rows.append(QueueRow(
                case_id, name or "", postcode or "", number or "", first_day, last_day,
                count, k, amount, bool(crisis), route_e, queue,
                outcomes.get(outcome) if outcome else None, attempts,
                f"{(name or '').casefold()}\x1f{(postcode or '').replace(' ', '').casefold()}"))
        return rows

    def cases_in_period(self, start: date, end: date) -> list[SignalCase]:
        """Every signal case with a signal dated in [start, end], fully loaded (for the DDAS export)."""
        ids = [r[0] for r in self._db.query_all(
            "SELECT DISTINCT signal_case_id FROM signals WHERE signal_date BETWEEN ? AND ? ORDER BY 1",
            (_iso(start), _iso(end)))]
        return self._load_many(ids)

    def _load_many(self, ids: list[int]) -> list[SignalCase]:
        if not ids:
            return []
        wanted = set(ids)
        heads = {r[0]: r for r in self._db.query_all(
            "SELECT c.id, c.household_id, c.period_start, c.period_end, c.matching_date, c.route, c.picked_up_on, "
            "c.outcome, c.closed_on, k.case_number FROM signal_cases c LEFT JOIN cases k ON k.id = c.case_id")
            if r[0] in wanted}
        households = {r[0]: _household_from(r) for r in self._db.query_all(
            f"SELECT id, {', '.join(_HOUSEHOLD_COLUMNS)} FROM signal_households")}
        signals: dict[int, list[Signal]] = {}
        for r in self._db.query_all(f"SELECT {', '.join(_SIGNAL_COLUMNS)} FROM signals ORDER BY signal_date, id"):
            if r[2] in wanted:
                signals.setdefault(r[2], []).append(_signal(r))
        attempts: dict[int, list[ContactAttempt]] = {}
        for r in self._db.query_all("SELECT signal_case_id, id, kind, reached, day, part_of_day "
                                    "FROM signal_contact_attempts ORDER BY day, id"):
            if r[0] in wanted:
                attempts.setdefault(r[0], []).append(_attempt(r[1:]))
        out = []
        for case_id in ids:
            h = heads[case_id]
            out.append(SignalCase(households[h[1]], _date(h[2]), _date(h[3]), _date(h[4]),
                                  tuple(signals.get(case_id, ())), tuple(attempts.get(case_id, ())), h[5],
                                  _date(h[6]), Outcome.from_code(h[7]) if h[7] else None, _date(h[8]), h[9], h[0]))
        return out

    def all_cases(self) -> list[SignalCase]:
        return self._load_many([r[0] for r in self._db.query_all("SELECT id FROM signal_cases ORDER BY id")])

    def feedback(self, start: date, end: date) -> list[FeedbackRow]:
        """Per signal dated in [start, end]: whether it was picked up (its case was), nothing else."""
        rows = self._db.query_all(
            "SELECT s.external_id, s.signal_date, s.partner_kind, coalesce(s.partner_name, ''), c.picked_up_on "
            "FROM signals s JOIN signal_cases c ON c.id = s.signal_case_id WHERE s.signal_date BETWEEN ? AND ? "
            "ORDER BY s.partner_kind, s.partner_name, s.signal_date, s.external_id", (_iso(start), _iso(end)))
        return [FeedbackRow(r[0], date.fromisoformat(r[1]), SignalPartnerKind.from_code(r[2]), r[3], r[4] is not None)
                for r in rows]

    # --- working a case -----------------------------------------------------------------------------------------

    def _require_open(self, conn, signal_case_id: int) -> tuple:
        row = conn.execute("SELECT picked_up_on, outcome FROM signal_cases WHERE id = ?",
                           (signal_case_id,)).fetchone()
        if row is None:
            raise SignalCaseNotFound()
        if row[1] is not None:
            raise SignalCaseClosed()
        return row

    def _mark_picked_up(self, conn, signal_case_id: int, day: date) -> None:
        conn.execute("UPDATE signal_cases SET picked_up_on = ?, updated_at = ? WHERE id = ? AND picked_up_on IS NULL",
                     (_iso(day), self._stamp(), signal_case_id))
        conn.execute("UPDATE signals SET status = ? WHERE signal_case_id = ? AND status = ?",
                     (SignalStatus.PICKED_UP.value, signal_case_id, SignalStatus.NOT_YET_PICKED_UP.value))

    def pick_up(self, signal_case_id: int, day: date | None = None) -> None:
        with self._db.transaction() as conn:
            self._require_open(conn, signal_case_id)
            self._mark_picked_up(conn, signal_case_id, day or self._clock())
            self._audit.record(AuditAction.UPDATE, f"signal_case:{signal_case_id}")

    def set_route(self, signal_case_id: int, route: Route) -> None:
        with self._db.transaction() as conn:
            self._require_open(conn, signal_case_id)
            conn.execute("UPDATE signal_cases SET route = ?, updated_at = ? WHERE id = ?",
                         (route.value, self._stamp(), signal_case_id))
            self._audit.record(AuditAction.UPDATE, f"signal_case:{signal_case_id}")

    def add_attempt(self, signal_case_id: int, attempt: ContactAttempt) -> int:
        """Record a contact attempt (a contact attempt means the case is being worked: picked up too)."""
        if attempt.day > self._clock():
            raise SignalInputError("De datum van de contactpoging ligt in de toekomst.")
        with self._db.transaction() as conn:
            self._require_open(conn, signal_case_id)
            self._mark_picked_up(conn, signal_case_id, attempt.day)
            attempt_id = self._insert_attempt(conn, signal_case_id, attempt)
            conn.execute("UPDATE signal_cases SET attempt_count = attempt_count + 1, reached = max(reached, ?) "
                         "WHERE id = ?", (int(attempt.reached), signal_case_id))
            self._audit.record(AuditAction.CREATE, f"signal_case:{signal_case_id}")
        return attempt_id

    def close(self, signal_case_id: int, outcome: Outcome, day: date | None = None, *,
              link_case_id: int | None = None) -> None:
        """Close with a DDAS outcome. A picked-up outcome picks the case up if that had not happened; closing
        unpicked with a "not picked up" outcome gives its signals the matching status."""
        day = day or self._clock()
        with self._db.transaction() as conn:
            picked_up_on, _outcome = self._require_open(conn, signal_case_id)
            refuse_read_only(conn, link_case_id)  # issue 14: not a handed-over case or a colleague's cover copy
            if outcome.is_picked_up or picked_up_on is not None:
                self._mark_picked_up(conn, signal_case_id, day)
            else:
                conn.execute("UPDATE signals SET status = ? WHERE signal_case_id = ? AND status = ?",
                             (outcome.signal_status.value, signal_case_id, SignalStatus.NOT_YET_PICKED_UP.value))
            conn.execute("UPDATE signal_cases SET outcome = ?, closed_on = ?, case_id = coalesce(?, case_id), "
                         "updated_at = ? WHERE id = ?",
                         (outcome.value, _iso(day), link_case_id, self._stamp(), signal_case_id))
            self._audit.record(AuditAction.UPDATE, f"signal_case:{signal_case_id}")

    def household_case_id(self, signal_case_id: int) -> int | None:
        """The register case already linked to this household through an earlier signal case, if any."""
        row = self._db.query_one(
            "SELECT o.case_id FROM signal_cases c JOIN signal_cases o ON o.household_id = c.household_id "
            "WHERE c.id = ? AND o.case_id IS NOT NULL ORDER BY o.id DESC LIMIT 1", (signal_case_id,))
        return row[0] if row else None

    def known_case_id(self, household: SignalHousehold) -> int | None:
        """An open case in the register for the same address (postcode + house number): the resident is known."""
        if not (household.postcode and household.house_number):
            return None
        postcode = household.postcode.replace(" ", "").upper()
        for case_id, pc in self._db.query_all(
                "SELECT c.id, h.postcode FROM cases c JOIN households h ON h.case_id = c.id "
                "WHERE h.house_number = ? AND c.phase != 'closed' ORDER BY c.id DESC", (household.house_number,)):
            if (pc or "").replace(" ", "").upper() == postcode:
                return case_id
        return None

    def case_id_for_number(self, case_number: str) -> int:
        row = self._db.query_one("SELECT id FROM cases WHERE case_number = ?", (case_number,))
        if row is None:
            raise SignalCaseNotFound()
        return row[0]

    def partner_ids_by_name(self) -> dict[str, int]:
        """Directory entries by name (case-insensitive), to link a signal to its partner."""
        return {name.casefold(): pid for pid, name in self._db.query_all("SELECT id, name FROM partners")}

    # --- mappings -----------------------------------------------------------------------------------------------

    def mappings(self) -> dict[str, dict[str, str]]:
        return {name: json.loads(text) for name, text in self._db.query_all(
            "SELECT name, mapping FROM signal_import_mappings ORDER BY name")}

    def save_mapping(self, name: str, mapping: dict[str, str]) -> None:
        with self._db.transaction() as conn:
            conn.execute("INSERT INTO signal_import_mappings (name, mapping, updated_at) VALUES (?, ?, ?) "
                         "ON CONFLICT (name) DO UPDATE SET mapping = excluded.mapping, updated_at = excluded.updated_at",
                         (name, json.dumps(mapping, sort_keys=True), self._stamp()))
            mapping_id = conn.execute("SELECT id FROM signal_import_mappings WHERE name = ?", (name,)).fetchone()[0]
            self._audit.record(AuditAction.UPDATE, f"signal_mapping:{mapping_id}")

class SignalInputError(StoreError):
    def __init__(self, message: str) -> None:
        super().__init__(message)


class _ImportState:
    """What an import needs to know of the register, loaded once per import (set-based, no per-row scans)."""

    def __init__(self, conn) -> None:
        self.conn = conn
        self.external_ids = {r[0] for r in conn.execute("SELECT external_id FROM signals")}
        self.fingerprints = {r[0] for r in conn.execute("SELECT fingerprint FROM signals WHERE fingerprint "
                                                        "IS NOT NULL")}
        self.households = {r[0]: r[1] for r in conn.execute("SELECT match_key, id FROM signal_households")}
        self.open_cases: dict[int, list[tuple[int, date, date]]] = {}
        for cid, hid, start, end in conn.execute(
                "SELECT id, household_id, period_start, period_end FROM signal_cases WHERE outcome IS NULL"):
            self.open_cases.setdefault(hid, []).append((cid, date.fromisoformat(start), date.fromisoformat(end)))
        self._signals: dict[int, list[Signal]] = {}
        self.new_cases: set[int] = set()  # created by this import
        self.new_case_statuses: dict[int, set[SignalStatus]] = {}
        self.closed_on_arrival: set[int] = set()
        self.case_household: dict[int, int] = {}
        self.signal_rows: list[tuple] = []
        self.attempt_rows: list[tuple] = []
        self.household_rows: list[tuple] = []
        self.case_rows: list[tuple] = []
        # ids are handed out here and written in bulk (BEGIN IMMEDIATE: no other writer meanwhile); signal_cases is
        # AUTOINCREMENT, so never below its sequence (an id is never reused, not even after a purge)
        self.next_household_id = conn.execute("SELECT coalesce(max(id), 0) + 1 FROM signal_households").fetchone()[0]
        self.first_new_household_id = self.next_household_id
        seq = conn.execute("SELECT seq FROM sqlite_sequence WHERE name = 'signal_cases'").fetchone()
        top = conn.execute("SELECT coalesce(max(id), 0) FROM signal_cases").fetchone()[0]
        self.next_case_id = max(top, seq[0] if seq else 0) + 1
        self.stamp = datetime.now(timezone.utc).isoformat(timespec="seconds")

    def flush(self) -> None:
        """Write what the import collected, parents first (foreign keys are checked per statement)."""
        self.conn.executemany(_INSERT_HOUSEHOLD, self.household_rows)
        self.conn.executemany(_INSERT_CASE, self.case_rows)
        self.conn.executemany(_INSERT_SIGNAL, self.signal_rows)
        self.conn.executemany(_INSERT_ATTEMPT, self.attempt_rows)
        self.household_rows, self.case_rows, self.signal_rows, self.attempt_rows = [], [], [], []

    def new_case_id(self) -> int:
        case_id = self.next_case_id
        self.next_case_id += 1
        return case_id

    def new_household(self, household_id: int) -> None:
        self._signals[household_id] = []

    def household_signals(self, household_id: int) -> list[Signal]:
        found = self._signals.get(household_id)
        if found is None:
            found = self._signals[household_id] = [_signal(r) for r in self.conn.execute(
                f"SELECT {', '.join('s.' + c for c in _SIGNAL_COLUMNS)} FROM signals s "
                "JOIN signal_cases c ON c.id = s.signal_case_id WHERE c.household_id = ?", (household_id,))]
        return found

    def open_case_for(self, household_id: int, day: date) -> int | None:
        for case_id, start, end in self.open_cases.get(household_id, ()):
            if start <= day <= end:
                return case_id
        return None


def _household_values(h: SignalHousehold) -> tuple:
    return (h.name, h.street, h.house_number, h.house_number_addition, h.postcode, h.city, h.phone, h.email,
            _iso(h.date_of_birth), h.sex.value if h.sex else None, h.bsn)


def _household_from(r: tuple) -> SignalHousehold:
    return SignalHousehold(r[1], r[2], r[3], r[4], r[5], r[6], r[7], r[8], _date(r[9]),
                           Sex.from_code(r[10]) if r[10] else None, r[11], r[0])


def _signal(r: tuple) -> Signal:
    return Signal(r[1], SignalPartnerKind.from_code(r[3]), date.fromisoformat(r[8]), r[6], _date(r[7]), r[4], r[5],
                  bool(r[9]), bool(r[10]), _date(r[11]), _date(r[12]), SignalStatus.from_code(r[13]), r[0], r[2])


def _attempt(r: tuple) -> ContactAttempt:
    return ContactAttempt(ContactKind.from_code(r[1]), bool(r[2]), date.fromisoformat(r[3]),
                          PartOfDay.from_code(r[4]) if r[4] else None, r[0])


# --- retention (used by store/retention_repository.py inside the purge's transaction) ---------------------------

def signal_retention_stubs(db_or_conn) -> list[SignalCaseStub]:
    """What the retention rule needs of every signal case: its latest signal date, picked up, closed on."""
    sql = ("SELECT c.id, max(s.signal_date), c.picked_up_on, c.closed_on FROM signal_cases c "
           "JOIN signals s ON s.signal_case_id = c.id GROUP BY c.id")
    rows = db_or_conn.query_all(sql) if isinstance(db_or_conn, Database) else db_or_conn.execute(sql).fetchall()
    return [SignalCaseStub(r[0], date.fromisoformat(r[1]), r[2] is not None, _date(r[3])) for r in rows]


def purge_signal_cases(conn, approved_ids: Iterable[int], today: date, terms: SignalTerms) -> int:
    """Delete the approved signal cases that are still due on `today` (with their signals and attempts, by
    cascade); households left without a signal case go too. Returns the number of signal cases deleted."""
    approved_ids = list(approved_ids)
    if not approved_ids:
        return 0
    still = {d.signal_case_id for d in signal_cases_due(signal_retention_stubs(conn), today, terms)}
    deleted = sum(conn.execute("DELETE FROM signal_cases WHERE id = ?", (cid,)).rowcount
                  for cid in approved_ids if cid in still)
    if deleted:
        conn.execute("DELETE FROM signal_households WHERE id NOT IN (SELECT household_id FROM signal_cases)")
    return deleted


def _summary(signals: Sequence[Signal]) -> tuple:
    """(count, first date, last date, partner kinds "a,b", amount total, crisis) of a case's signals."""
    days = [x.signal_date for x in signals]
    return (len(signals), _iso(min(days)) if days else None, _iso(max(days)) if days else None,
            ",".join(sorted({x.partner_kind.value for x in signals})), sum(x.amount or 0 for x in signals),
            int(any(x.is_crisis for x in signals)))
