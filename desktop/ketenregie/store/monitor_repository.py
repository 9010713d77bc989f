"""The monitor's storage (issue 13): a case's trajectory facts (one transaction per save, one audit entry), the
records the figures and the SHV delivery read (a few set-based scans, no per-case queries), the vroegsignalering
rows for the signal figures, and the survey totals."""
from __future__ import annotations

from collections import Counter, defaultdict
from collections.abc import Mapping
from datetime import date

from ketenregie.domain.audit import AuditAction
from ketenregie.domain.case_validation import CaseValidationError, Issue
from ketenregie.domain.cases import (Case, ClosingReason, DecisionKind, ElementStatus, IntakeRoute, Phase,
                                     TargetGroup, case_ref)
from ketenregie.domain.monitor.figures import CaseRecord
from ketenregie.domain.monitor.period import Period
from ketenregie.domain.monitor.shv import ShvClient
from ketenregie.domain.monitor.signal_figures import SignalCounts
from ketenregie.domain.monitor.survey import check_totals
from ketenregie.domain.monitor.trajectory import (CrisisIntervention, Guidance, GuidanceKind, Moratorium,
                                                  OutflowReason, Solution, SolutionKind, Trajectory,
                                                  check_trajectory)
from ketenregie.domain.signals.codes import ContactKind, Outcome, SignalPartnerKind
from ketenregie.store.audit_log import AuditLog
from ketenregie.store.case_repository import CaseNotFound
from ketenregie.store.database import Database

_T_COLUMNS = ("action_plan_date", "stabilisation_start", "stabilisation_end", "arrangement_submitted",
              "arrangement_granted", "arrangement_refused", "arrangement_withdrawn", "forced_settlement_requested",
              "forced_settlement", "aftercare_start", "aftercare_end", "outflow_reason")
_DATE_COLUMNS = frozenset(_T_COLUMNS) - {"forced_settlement", "outflow_reason"}
_FORCED, _REASON = 1 + _T_COLUMNS.index("forced_settlement"), 1 + _T_COLUMNS.index("outflow_reason")


def _iso(value: date | None) -> str | None:
    return value.isoformat() if value is not None else None


def _date(text: str | None) -> date | None:
    return date.fromisoformat(text) if text else None


def _trajectory_values(t: Trajectory) -> tuple:
    return tuple(int(t.forced_settlement) if c == "forced_settlement"
                 else (t.outflow_reason.value if t.outflow_reason else None) if c == "outflow_reason"
                 else _iso(getattr(t, c)) for c in _T_COLUMNS)


class MonitorRepository:
    def __init__(self, db: Database, audit: AuditLog) -> None:
        self._db = db
        self._audit = audit

    # --- one case's trajectory --------------------------------------------------------------------------------

    def _case_id(self, case_number: str) -> int:
        row = self._db.query_one("SELECT id FROM cases WHERE case_number = ?", (case_number,))
        if row is None:
            raise CaseNotFound()
        return row[0]

    def get_trajectory(self, case_number: str) -> Trajectory:
        with self._db.transaction():
            case_id = self._case_id(case_number)
            return self._load_many([case_id]).get(case_id, Trajectory())

    def save_trajectory(self, case: Case, trajectory: Trajectory, *, today: date, audit: bool = True) -> None:
        """Validate against the case and store, replacing what was there. One transaction; one UPDATE audit entry
        on the case unless the caller already records one in the same transaction (`audit=False`, e.g. the case
        dialog saving the case and its trajectory together)."""
        problems = check_trajectory(trajectory, case, today=today)
        if problems:
            raise CaseValidationError([Issue(f"trajectory.{f}", m) for f, m in problems])
        with self._db.transaction() as conn:
            case_id = self._case_id(case.case_number)
            self._write(conn, case_id, trajectory)
            if audit:
                self._audit.record(AuditAction.UPDATE, case_ref(case.case_number))

    @staticmethod
    def _write(conn, case_id: int, t: Trajectory) -> None:
        marks = ", ".join("?" * len(_T_COLUMNS))
        conn.execute(f"INSERT OR REPLACE INTO case_trajectories (case_id, {', '.join(_T_COLUMNS)}) "
                     f"VALUES (?, {marks})", (case_id, *_trajectory_values(t)))
        for table in ("case_solutions", "case_guidance", "case_moratoria", "case_crisis_interventions"):
            conn.execute(f"DELETE FROM {table} WHERE case_id = ?", (case_id,))
        conn.executemany("INSERT INTO case_solutions (case_id, kind, start_date, end_date) VALUES (?, ?, ?, ?)",
                         [(case_id, s.kind.value, _iso(s.start), _iso(s.end)) for s in t.solutions])
        conn.executemany("INSERT INTO case_guidance (case_id, kind, start_date, end_date) VALUES (?, ?, ?, ?)",
                         [(case_id, g.kind.value, _iso(g.start), _iso(g.end)) for g in t.guidance])
        conn.executemany("INSERT INTO case_moratoria (case_id, requested_on, approved_on, start_date, end_date) "
                         "VALUES (?, ?, ?, ?, ?)", [(case_id, _iso(m.requested_on), _iso(m.approved_on),
                                                     _iso(m.start), _iso(m.end)) for m in t.moratoria])
        conn.executemany("INSERT INTO case_crisis_interventions (case_id, start_date, end_date) VALUES (?, ?, ?)",
                         [(case_id, _iso(c.start), _iso(c.end)) for c in t.crisis_interventions])

    def bulk_write(self, trajectories: Mapping[str, Trajectory], *, audit_ref: str = "demo:trajectories") -> None:
        """Many trajectories in ONE transaction with ONE audit entry (demo and benchmark data)."""
        with self._db.transaction() as conn:
            ids = dict(conn.execute("SELECT case_number, id FROM cases").fetchall())
            for number, t in trajectories.items():
                self._write(conn, ids[number], t)
            self._audit.record(AuditAction.CREATE, f"{audit_ref}={len(trajectories)}")

    def _load_many(self, case_ids: list[int] | None, *, where: str = "", params: tuple = (),
                   only: set[int] | None = None) -> dict[int, Trajectory]:
        """Trajectories by case id: of `case_ids`, or of the cases `where` (a condition on case_id) selects;
        `only`: build objects for these ids only (the scan itself is cheaper unfiltered)."""
        if case_ids is not None:
            where, params = f" WHERE case_id IN ({', '.join('?' * len(case_ids))})", tuple(case_ids)
        q = self._db.query_all
        lists: dict[int, dict[str, list]] = defaultdict(lambda: defaultdict(list))
        solution_kind, guidance_kind = SolutionKind._value2member_map_, GuidanceKind._value2member_map_
        for cid, kind, start, end in q(f"SELECT case_id, kind, start_date, end_date FROM case_solutions{where} "
                                       "ORDER BY start_date, id", params):
            lists[cid]["solutions"].append(Solution(solution_kind[kind], _date(start), _date(end)))
        for cid, kind, start, end in q(f"SELECT case_id, kind, start_date, end_date FROM case_guidance{where} "
                                       "ORDER BY start_date, id", params):
            lists[cid]["guidance"].append(Guidance(guidance_kind[kind], _date(start), _date(end)))
        for cid, req, ok, start, end in q("SELECT case_id, requested_on, approved_on, start_date, end_date FROM "
                                          f"case_moratoria{where} ORDER BY requested_on, id", params):
            lists[cid]["moratoria"].append(Moratorium(_date(req), _date(ok), _date(start), _date(end)))
        for cid, start, end in q(f"SELECT case_id, start_date, end_date FROM case_crisis_interventions{where} "
                                 "ORDER BY start_date, id", params):
            lists[cid]["crisis_interventions"].append(CrisisIntervention(_date(start), _date(end)))
        out: dict[int, Trajectory] = {}
        empty: dict[str, list] = {}
        for row in q(f"SELECT case_id, {', '.join(_T_COLUMNS)} FROM case_trajectories{where}", params):
            if only is not None and row[0] not in only:
                continue
            kwargs = {c: date.fromisoformat(v) for c, v in zip(_T_COLUMNS, row[1:]) if v and c in _DATE_COLUMNS}
            forced, reason = row[_FORCED], row[_REASON]
            extra = {k: tuple(v) for k, v in lists.get(row[0], empty).items()}
            out[row[0]] = Trajectory(**kwargs, **extra, forced_settlement=bool(forced),
                                     outflow_reason=OutflowReason.from_code(reason) if reason else None)
        for cid in (lists.keys() if only is None else lists.keys() & only) - out.keys():
            out[cid] = Trajectory(**{k: tuple(v) for k, v in lists[cid].items()})
        return out

    # --- what the figures and the SHV delivery read -----------------------------------------------------------

    def case_records(self, period: Period | None = None, *, with_conversations: bool = True) -> list[CaseRecord]:
        """The cases as `CaseRecord`s (no name, no contact details), in one snapshot: every case, or only those
        active in `period` (help request on or before its end, not closed before its start) — every figure of a
        period and every SHV traject comes from those."""
        where, params = "", ()
        if period is not None:
            where = " WHERE help_request_date <= ? AND (closed_on IS NULL OR closed_on >= ?)"
            params = (period.end.isoformat(), period.start.isoformat())
        # Side tables are scanned whole: measured at 10,000 cases, "case_id IN (SELECT ...)" costs more than the
        # rows it saves; only the cases themselves are filtered, and objects are built for those only.
        with self._db.transaction():
            rows = self._db.query_all(
                "SELECT id, case_number, phase, intake_route, help_request_date, crisis_kind, "
                "first_conversation_date, decision_date, decision_kind, closing_reason, closed_on, "
                f"element_debt_settlement, element_personal_support, element_self_reliance FROM cases{where}",
                params)
            wanted = {r[0] for r in rows}
            q = self._db.query_all
            groups, partners, conversations = defaultdict(set), defaultdict(set), defaultdict(dict)
            group_of = TargetGroup._value2member_map_
            for cid, group in q("SELECT case_id, target_group FROM case_target_groups"):
                groups[cid].add(group_of[group])
            names = dict(q("SELECT id, name FROM partners"))
            for cid, partner_id in q("SELECT case_id, partner_id FROM case_partners"):
                partners[cid].add(names[partner_id])
            if with_conversations:
                for cid, held, sub, step in q(
                        "SELECT c.case_id, c.held_on, b.sub_area_id, b.step FROM conversations c "
                        "JOIN conversation_bridge b ON b.conversation_id = c.id WHERE c.status = 'finished'"):
                    conversations[cid].setdefault(held, {})[sub] = step
            trajectories = self._load_many(None, only=wanted if where else None)
        phase_of, route_of = Phase._value2member_map_, IntakeRoute._value2member_map_
        decision_of, reason_of = DecisionKind._value2member_map_, ClosingReason._value2member_map_
        element_of = ElementStatus._value2member_map_
        no_groups: frozenset = frozenset()
        empty = Trajectory()
        records = []
        for (cid, number, phase, route, help_date, crisis, first, decision, decision_kind, reason, closed,
             e1, e2, e3) in rows:
            records.append(CaseRecord(
                number, phase_of[phase], route_of[route], date.fromisoformat(help_date), crisis is not None,
                _date(first), _date(decision), decision_of[decision_kind] if decision_kind else None,
                reason_of[reason] if reason else None, _date(closed),
                frozenset(groups[cid]) if cid in groups else no_groups,
                (element_of[e1], element_of[e2], element_of[e3]),
                frozenset(partners[cid]) if cid in partners else no_groups, trajectories.get(cid, empty),
                tuple((date.fromisoformat(d), steps) for d, steps in sorted(conversations[cid].items()))
                if cid in conversations else ()))
        return records

    def shv_clients(self, *, with_bsn: bool) -> dict[str, ShvClient]:
        """Per case number: birth date, postcode and house number of the household; the BSN only when asked
        (policy) and known through a linked vroegsignaalzaak."""
        rows = self._db.query_all("SELECT c.case_number, h.date_of_birth, h.postcode, h.house_number FROM cases c "
                                  "JOIN households h ON h.case_id = c.id")
        bsns: dict[str, str] = {}
        if with_bsn:
            bsns = dict(self._db.query_all(
                "SELECT c.case_number, max(sh.bsn) FROM signal_cases sc JOIN cases c ON c.id = sc.case_id "
                "JOIN signal_households sh ON sh.id = sc.household_id WHERE sh.bsn IS NOT NULL "
                "GROUP BY c.case_number"))
        return {number: ShvClient(bsns.get(number), _date(dob), postcode, house)
                for number, dob, postcode, house in rows}

    def signal_counts(self, start: date, end: date) -> SignalCounts:
        """The vroegsignalering counts for the period (see domain/monitor/signal_figures).

        Measured at 50,000 signals under SQLCipher: a range search through signals_by_date plus GROUP BY costs
        ~200 ms (an index lookup per row and a temporary B-tree), a plain scan (NOT INDEXED) counted in Python
        ~30 ms; the join for "picked up" drops from ~125 ms to ~8 ms the same way."""
        s, e = start.isoformat(), end.isoformat()
        accepted = tuple(o.value for o in Outcome if o.accepts_help)
        marks = ", ".join("?" * len(accepted))
        kind_of, contact_of = SignalPartnerKind._value2member_map_, ContactKind._value2member_map_
        with self._db.transaction():
            q = self._db.query_all
            by_kind_month = {(kind_of[k], m): n for (k, m), n in Counter(q(
                "SELECT partner_kind, substr(signal_date, 1, 7) FROM signals NOT INDEXED "
                "WHERE signal_date BETWEEN ? AND ?", (s, e))).items()}
            picked = q("SELECT count(*) FROM signals NOT INDEXED JOIN signal_cases c ON c.id = signal_case_id "
                       "WHERE signal_date BETWEEN ? AND ? AND c.picked_up_on IS NOT NULL", (s, e))[0][0]
            attempts = {(contact_of[k], bool(r)): n for (k, r), n in Counter(q(
                "SELECT kind, reached FROM signal_contact_attempts WHERE day BETWEEN ? AND ?", (s, e))).items()}
            outcomes = {Outcome.from_code(o): n for (o,), n in Counter(q(
                "SELECT outcome FROM signal_cases WHERE closed_on BETWEEN ? AND ? AND outcome IS NOT NULL",
                (s, e))).items()}
            funnel = q(f"SELECT count(*), count(picked_up_on), coalesce(sum(reached), 0), "
                       f"coalesce(sum(outcome IN ({marks})), 0) FROM signal_cases "
                       "WHERE first_signal BETWEEN ? AND ?", (*accepted, s, e))[0]
        return SignalCounts(by_kind_month, picked, attempts, outcomes, tuple(funnel))

    # --- survey totals ----------------------------------------------------------------------------------------

    def survey_totals(self, year: int) -> dict[str, dict[int, int]]:
        out: dict[str, dict[int, int]] = defaultdict(dict)
        for question, score, count in self._db.query_all(
                "SELECT question, score, count FROM survey_totals WHERE year = ?", (year,)):
            out[question][score] = count
        return dict(out)

    def save_survey_totals(self, year: int, totals: Mapping[str, Mapping[int, int]]) -> None:
        """Replace a year's totals; one transaction, one audit entry (the year and the number of answers)."""
        check_totals(totals)
        with self._db.transaction() as conn:
            conn.execute("DELETE FROM survey_totals WHERE year = ?", (year,))
            conn.executemany("INSERT INTO survey_totals (year, question, score, count) VALUES (?, ?, ?, ?)",
                             [(year, q, s, n) for q, scores in totals.items() for s, n in scores.items()])
            answers = sum(n for scores in totals.values() for n in scores.values())
            self._audit.record(AuditAction.UPDATE, f"survey:year={year},answers={answers}")
