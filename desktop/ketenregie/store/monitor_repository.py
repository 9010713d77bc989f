"""The monitor's storage (issue 13): a case's trajectory facts (one transaction per save, one audit entry), the
records the figures and the SHV delivery read (a few set-based scans, no per-case queries), the vroegsignalering
rows for the signal figures, and the survey totals."""
from __future__ import annotations

from collections import defaultdict
from collections.abc import Mapping
from datetime import date

from ketenregie.domain.audit import AuditAction
from ketenregie.domain.case_validation import CaseValidationError, Issue
from ketenregie.domain.cases import (Case, ClosingReason, DecisionKind, ElementStatus, IntakeRoute, Phase,
                                     TargetGroup, case_ref)
from ketenregie.domain.monitor.figures import CaseRecord
from ketenregie.domain.monitor.shv import ShvClient
from ketenregie.domain.monitor.signal_figures import AttemptRow, SignalCaseRow, SignalRow
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

    def _load_many(self, case_ids: list[int] | None) -> dict[int, Trajectory]:
        where, params = "", ()
        if case_ids is not None:
            where = f" WHERE case_id IN ({', '.join('?' * len(case_ids))})"
            params = tuple(case_ids)
        q = self._db.query_all
        solutions, guidance, moratoria, interventions = (defaultdict(list) for _ in range(4))
        for cid, kind, start, end in q(f"SELECT case_id, kind, start_date, end_date FROM case_solutions{where} "
                                       "ORDER BY start_date, id", params):
            solutions[cid].append(Solution(SolutionKind.from_code(kind), _date(start), _date(end)))
        for cid, kind, start, end in q(f"SELECT case_id, kind, start_date, end_date FROM case_guidance{where} "
                                       "ORDER BY start_date, id", params):
            guidance[cid].append(Guidance(GuidanceKind.from_code(kind), _date(start), _date(end)))
        for cid, req, ok, start, end in q("SELECT case_id, requested_on, approved_on, start_date, end_date FROM "
                                          f"case_moratoria{where} ORDER BY requested_on, id", params):
            moratoria[cid].append(Moratorium(_date(req), _date(ok), _date(start), _date(end)))
        for cid, start, end in q(f"SELECT case_id, start_date, end_date FROM case_crisis_interventions{where} "
                                 "ORDER BY start_date, id", params):
            interventions[cid].append(CrisisIntervention(_date(start), _date(end)))
        out: dict[int, Trajectory] = {}
        for row in q(f"SELECT case_id, {', '.join(_T_COLUMNS)} FROM case_trajectories{where}", params):
            values = dict(zip(_T_COLUMNS, row[1:]))
            kwargs = {c: _date(v) for c, v in values.items() if c in _DATE_COLUMNS}
            out[row[0]] = Trajectory(**kwargs, forced_settlement=bool(values["forced_settlement"]),
                                     outflow_reason=OutflowReason.from_code(values["outflow_reason"])
                                     if values["outflow_reason"] else None)
        for cid in set(solutions) | set(guidance) | set(moratoria) | set(interventions) | set(out):
            base = out.get(cid, Trajectory())
            out[cid] = Trajectory(**{**{f: getattr(base, f) for f in _T_COLUMNS},
                                     "solutions": tuple(solutions[cid]), "guidance": tuple(guidance[cid]),
                                     "moratoria": tuple(moratoria[cid]),
                                     "crisis_interventions": tuple(interventions[cid])})
        return out

    # --- what the figures and the SHV delivery read -----------------------------------------------------------

    def case_records(self, *, with_conversations: bool = True) -> list[CaseRecord]:
        """Every case as a `CaseRecord` (no name, no contact details), in one snapshot."""
        with self._db.transaction():
            q = self._db.query_all
            groups, partners, conversations = defaultdict(set), defaultdict(set), defaultdict(dict)
            for cid, group in q("SELECT case_id, target_group FROM case_target_groups"):
                groups[cid].add(TargetGroup.from_code(group))
            for cid, name in q("SELECT cp.case_id, p.name FROM case_partners cp JOIN partners p ON p.id = cp.partner_id"):
                partners[cid].add(name)
            if with_conversations:
                for cid, held, sub, step in q(
                        "SELECT c.case_id, c.held_on, b.sub_area_id, b.step FROM conversations c "
                        "JOIN conversation_bridge b ON b.conversation_id = c.id WHERE c.status = 'finished'"):
                    conversations[cid].setdefault(held, {})[sub] = step
            trajectories = self._load_many(None)
            rows = q("SELECT id, case_number, phase, intake_route, help_request_date, crisis_kind, "
                     "first_conversation_date, decision_date, decision_kind, closing_reason, closed_on, "
                     "element_debt_settlement, element_personal_support, element_self_reliance FROM cases")
        records = []
        for (cid, number, phase, route, help_date, crisis, first, decision, decision_kind, reason, closed,
             e1, e2, e3) in rows:
            records.append(CaseRecord(
                number, Phase.from_code(phase), IntakeRoute.from_code(route), date.fromisoformat(help_date),
                crisis is not None, _date(first), _date(decision),
                DecisionKind.from_code(decision_kind) if decision_kind else None,
                ClosingReason.from_code(reason) if reason else None, _date(closed),
                frozenset(groups.get(cid, ())),
                (ElementStatus.from_code(e1), ElementStatus.from_code(e2), ElementStatus.from_code(e3)),
                frozenset(partners.get(cid, ())), trajectories.get(cid, Trajectory()),
                tuple((date.fromisoformat(d), steps) for d, steps in sorted(conversations.get(cid, {}).items()))))
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

    def signal_rows(self, start: date, end: date) -> tuple[list[SignalRow], list[SignalCaseRow], list[AttemptRow]]:
        """Signals dated in the period, every vroegsignaalzaak that could count (first signal, closing or a signal
        in the period), and the contact attempts in the period: three scans."""
        s, e = start.isoformat(), end.isoformat()
        with self._db.transaction():
            q = self._db.query_all
            signals = [SignalRow(date.fromisoformat(d), SignalPartnerKind.from_code(k), c) for d, k, c in q(
                "SELECT signal_date, partner_kind, signal_case_id FROM signals WHERE signal_date BETWEEN ? AND ?",
                (s, e))]
            cases = [SignalCaseRow(cid, _date(first), _date(picked), Outcome.from_code(o) if o else None,
                                   _date(closed), bool(reached)) for cid, first, picked, o, closed, reached in q(
                "SELECT id, first_signal, picked_up_on, outcome, closed_on, reached FROM signal_cases "
                "WHERE first_signal <= ? AND (last_signal >= ? OR closed_on >= ?)", (e, s, s))]
            attempts = [AttemptRow(ContactKind.from_code(k), bool(r), date.fromisoformat(d)) for k, r, d in q(
                "SELECT kind, reached, day FROM signal_contact_attempts WHERE day BETWEEN ? AND ?", (s, e))]
        return signals, cases, attempts

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
