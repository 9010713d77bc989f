"""Everything of a set of cases as plain rows (for a handover bundle), and adding such rows to this register.

Table-driven: TRANSFER_TABLES names every table that belongs to a case, how it hangs from its parent and which of
its columns point at other rows (remapped on import: row ids differ per register; partners are matched by their
stable directory code). Columns are read from the schema itself, so a column a later migration adds to one of
these tables travels without a change here. A NEW case table must be added to TRANSFER_TABLES (a test checks that
every table with a case_id column is either listed or deliberately left out in LOCAL_ONLY_TABLES).
"""
from __future__ import annotations

from collections import defaultdict
from collections.abc import Iterable
from dataclasses import dataclass, field

from ketenregie.domain.cases import format_case_number
from ketenregie.store.database import Database


@dataclass(frozen=True)
class TransferTable:
    table: str
    parent_column: str
    parent_table: str               # "cases" or an earlier TransferTable
    own_id: bool                    # has an `id` other rows may point at (remapped)
    refs: tuple[tuple[str, str], ...] = ()   # (column, table) pointing at remapped rows or "partners"


TRANSFER_TABLES: tuple[TransferTable, ...] = (
    TransferTable("households", "case_id", "cases", False),
    TransferTable("case_target_groups", "case_id", "cases", False),
    TransferTable("case_partners", "case_id", "cases", False, (("partner_id", "partners"),)),
    TransferTable("actions", "case_id", "cases", True, (("partner_id", "partners"),)),
    TransferTable("journal_entries", "case_id", "cases", True),
    TransferTable("sharing_bases", "case_id", "cases", True, (("partner_id", "partners"),)),
    TransferTable("referrals", "case_id", "cases", True, (("partner_id", "partners"), ("basis_id", "sharing_bases"))),
    TransferTable("conversations", "case_id", "cases", True),
    TransferTable("conversation_checklist", "conversation_id", "conversations", False),
    TransferTable("conversation_bridge", "conversation_id", "conversations", False),
    TransferTable("conversation_goals", "conversation_id", "conversations", True),
    TransferTable("conversation_goal_steps", "goal_id", "conversation_goals", True,
                  (("partner_id", "partners"), ("action_id", "actions"))),
    TransferTable("conversation_recognitions", "conversation_id", "conversations", False,
                  (("action_id", "actions"),)),
    # Issue 13: the monitor facts travel with the case (the receiver reports on the case from then on).
    TransferTable("case_trajectories", "case_id", "cases", False),
    TransferTable("case_solutions", "case_id", "cases", True),
    TransferTable("case_guidance", "case_id", "cases", True),
    TransferTable("case_moratoria", "case_id", "cases", True),
    TransferTable("case_crisis_interventions", "case_id", "cases", True),
)

# Tables with a case_id that stay in the sender's register: meetings are the sender's own (a pseudonym per
# meeting), the team tables describe this register's own bundles.
# Left with the sender: meetings and their marks, team bookkeeping, the sender's own letter drafts, the audit log's
# opaque case link (each register audits itself) and the vroegsignaalzaak a case came from (its signals, household
# and contact attempts are the sender's early-warning file; not yet part of a bundle).
LOCAL_ONLY_TABLES = frozenset({"agenda_items", "case_meeting_marks", "team_case_links", "team_handover_cases",
                               "case_handed_over", "cover_copies", "letter_drafts", "audit_subjects",
                               "signal_cases", "form_drafts"})  # form drafts: what this user typed, never sent
_CASE_SKIP = ("id",)


class TransferRefused(ValueError):
    """The rows do not fit this register's schema (a newer sender) or are malformed."""


@dataclass
class CaseDiff:
    """What differs between a local case and an incoming one: column names of the case and household rows, and
    per child table (local count, incoming count) when the counts differ."""

    fields: list[str] = field(default_factory=list)
    counts: dict[str, tuple[int, int]] = field(default_factory=dict)

    @property
    def same(self) -> bool:
        return not self.fields and not self.counts


@dataclass(frozen=True)
class ImportResult:
    added: list[str]          # local case numbers of new cases
    replaced: list[str]
    kept: list[str]
    renumbered: dict[str, str]  # incoming number -> local number where the number was taken
    rows: int


class CaseTransfer:
    def __init__(self, db: Database) -> None:
        self._db = db
        self._columns: dict[str, list[str]] = {}

    def columns(self, table: str) -> list[str]:
        if table not in self._columns:
            self._columns[table] = [r[1] for r in self._db.query_all(f"PRAGMA table_info({table})")]
        return self._columns[table]

    # --- export ---------------------------------------------------------------------------------------------

    def export(self, case_ids: Iterable[int]) -> dict:
        """{"tables": {table: {"columns": [...], "rows": [[...], ...]}}, "partners": {id: {...}}}; row ids are the
        sender's and only serve as references inside the bundle."""
        ids = sorted(set(case_ids))
        tables: dict[str, dict] = {}
        exported_ids: dict[str, list[int]] = {"cases": ids}
        tables["cases"] = self._select("cases", "id", ids)
        partner_ids: set[int] = set()
        for spec in TRANSFER_TABLES:
            data = self._select(spec.table, spec.parent_column, exported_ids.get(spec.parent_table, []))
            tables[spec.table] = data
            if spec.own_id:
                at = data["columns"].index("id")
                exported_ids[spec.table] = [row[at] for row in data["rows"]]
            for column, target in spec.refs:
                if target == "partners":
                    at = data["columns"].index(column)
                    partner_ids.update(row[at] for row in data["rows"] if row[at] is not None)
        return {"tables": tables, "partners": self._partners(partner_ids)}

    def _select(self, table: str, key: str, ids: list[int]) -> dict:
        columns = self.columns(table)
        rows: list[list] = []
        order = "id" if "id" in columns else key  # some tables are WITHOUT ROWID
        for start in range(0, len(ids), 500):
            chunk = ids[start:start + 500]
            rows.extend(list(r) for r in self._db.query_all(
                f"SELECT {', '.join(columns)} FROM {table} WHERE {key} IN ({','.join('?' * len(chunk))})"
                f" ORDER BY {order}", chunk))
        return {"columns": columns, "rows": rows}

    def _partners(self, ids: set[int]) -> dict[str, dict]:
        columns = [c for c in self.columns("partners") if c not in ("id", "editable")]
        out = {}
        for partner_id in sorted(ids):
            row = self._db.query_one(f"SELECT {', '.join(columns)} FROM partners WHERE id = ?", (partner_id,))
            if row is not None:
                out[str(partner_id)] = dict(zip(columns, row))
        return out

    # --- preview --------------------------------------------------------------------------------------------

    def diff(self, local_case_id: int, incoming: dict, incoming_ref: int) -> CaseDiff:
        """Compare one incoming case (by its sender id `incoming_ref` inside `incoming`) with a local case."""
        self.check_shape(incoming)
        result = CaseDiff()
        tables = incoming["tables"]
        for table, key, skip in (("cases", "id", {"id", "case_number", "number_year", "number_seq", "updated_at"}),
                                 ("households", "case_id", {"case_id"})):
            data = tables[table]
            at = data["columns"].index(key)
            theirs = next((dict(zip(data["columns"], r)) for r in data["rows"] if r[at] == incoming_ref), {})
            local = self._select(table, key, [local_case_id])
            ours = dict(zip(local["columns"], local["rows"][0])) if local["rows"] else {}
            for column in sorted((set(theirs) | set(ours)) - skip):
                if theirs.get(column) != ours.get(column):
                    result.fields.append(f"{table}.{column}")
        for spec in TRANSFER_TABLES:
            if spec.parent_table != "cases" or spec.table == "households":
                continue
            data = tables[spec.table]
            at = data["columns"].index(spec.parent_column)
            theirs = sum(1 for r in data["rows"] if r[at] == incoming_ref)
            ours = self._db.query_one(f"SELECT count(*) FROM {spec.table} WHERE {spec.parent_column} = ?",
                                      (local_case_id,))[0]
            if theirs != ours:
                result.counts[spec.table] = (ours, theirs)
        return result

    # --- import ---------------------------------------------------------------------------------------------

    def check_shape(self, payload: dict) -> None:
        tables = payload.get("tables") if isinstance(payload, dict) else None
        partners = payload.get("partners") if isinstance(payload, dict) else None
        if not isinstance(tables, dict) or not isinstance(partners, dict):
            raise TransferRefused("malformed")
        known = {"cases"} | {s.table for s in TRANSFER_TABLES}
        if set(tables) != known:
            raise TransferRefused("tables")
        for table, data in tables.items():
            if not isinstance(data, dict) or not isinstance(data.get("columns"), list) \
                    or not isinstance(data.get("rows"), list):
                raise TransferRefused("malformed")
            if not set(data["columns"]) <= set(self.columns(table)):
                raise TransferRefused("newer schema")
            width = len(data["columns"])
            for row in data["rows"]:
                if not isinstance(row, list) or len(row) != width \
                        or not all(v is None or isinstance(v, (str, int, float)) for v in row):
                    raise TransferRefused("malformed")

    def import_cases(self, conn, payload: dict, case_uids: dict[str, str], decisions: dict[str, str]
                     ) -> ImportResult:
        """Add the cases inside the caller's transaction. `case_uids`: sender case id (as text) -> travelling id.
        `decisions`: travelling id -> "replace" | "keep" for cases that already exist here (others are new).
        New rows get explicit ids above every id used so far (AUTOINCREMENT's sequence included), so each table
        is written with one executemany."""
        self.check_shape(payload)
        tables = payload["tables"]
        partner_map = self._map_partners(conn, payload["partners"])
        id_maps: dict[str, dict[int, int]] = defaultdict(dict)
        added, replaced, kept, renumbered, rows = [], [], [], {}, 0

        cases = tables["cases"]
        cols = cases["columns"]
        records = [dict(zip(cols, row)) for row in cases["rows"]]
        uids = []
        for record in records:
            uid = case_uids.get(str(record["id"]))
            if not isinstance(uid, str):
                raise TransferRefused("case without travelling id")
            uids.append(uid)
        existing = {}
        for start in range(0, len(uids), 500):
            chunk = uids[start:start + 500]
            existing.update((r[0], (r[1], r[2])) for r in conn.execute(
                "SELECT l.case_uid, c.id, c.case_number FROM team_case_links l JOIN cases c ON c.id = l.case_id"
                f" WHERE l.case_uid IN ({','.join('?' * len(chunk))})", chunk))
        to_insert = []
        for record, uid in zip(records, uids):
            found = existing.get(uid)
            if found is not None:
                choice = decisions.get(uid)
                if choice == "keep":
                    kept.append(found[1])
                    continue
                if choice != "replace":
                    raise TransferRefused("undecided")
                conn.execute("DELETE FROM cases WHERE id = ?", (found[0],))
                replaced.append(found[1])
            to_insert.append((record, uid, found))
        numbers = [r["case_number"] for r, _u, _f in to_insert]
        taken = set()
        for start in range(0, len(numbers), 500):
            chunk = numbers[start:start + 500]
            taken.update(r[0] for r in conn.execute(
                f"SELECT case_number FROM cases WHERE case_number IN ({','.join('?' * len(chunk))})", chunk))
        next_id = self._next_id(conn, "cases")
        case_rows, links, highest = [], [], {}
        for record, uid, found in to_insert:
            number, year = record["case_number"], record["number_year"]
            while record["case_number"] in taken:  # the next free number of that year here (never reused)
                seq = conn.execute(
                    "INSERT INTO case_number_counters (year, last_seq) VALUES (?, 1) ON CONFLICT (year) DO UPDATE"
                    " SET last_seq = last_seq + 1 RETURNING last_seq", (year,)).fetchone()[0]
                record["number_seq"] = seq
                record["case_number"] = format_case_number(year, seq)
                renumbered[number] = record["case_number"]
                if conn.execute("SELECT 1 FROM cases WHERE case_number = ? OR (number_year = ? AND number_seq = ?)",
                                (record["case_number"], year, seq)).fetchone() is None:
                    break
            taken.add(record["case_number"])
            highest[year] = max(highest.get(year, 0), record["number_seq"])
            id_maps["cases"][record["id"]] = next_id
            case_rows.append([next_id if c == "id" else record[c] for c in cols])
            links.append((next_id, uid))
            next_id += 1
            if found is None:
                added.append(record["case_number"])
        conn.executemany(f"INSERT INTO cases ({', '.join(cols)}) VALUES ({','.join('?' * len(cols))})", case_rows)
        conn.executemany("INSERT OR REPLACE INTO team_case_links (case_id, case_uid) VALUES (?, ?)", links)
        # keep the numbers, and never hand them out again here
        conn.executemany("INSERT INTO case_number_counters (year, last_seq) VALUES (?, ?) ON CONFLICT (year)"
                         " DO UPDATE SET last_seq = max(last_seq, excluded.last_seq)", list(highest.items()))
        rows += len(case_rows)

        for spec in TRANSFER_TABLES:
            data = tables[spec.table]
            cols = data["columns"]
            parent_at = cols.index(spec.parent_column)
            if spec.own_id and "id" not in cols:
                raise TransferRefused("malformed")
            id_at = cols.index("id") if spec.own_id else None
            ref_at = [(cols.index(c), partner_map if t == "partners" else id_maps[t]) for c, t in spec.refs
                      if c in cols]
            parents = id_maps[spec.parent_table]
            own = id_maps[spec.table]
            next_id = self._next_id(conn, spec.table) if spec.own_id else 0
            out = []
            for row in data["rows"]:
                parent = parents.get(row[parent_at])
                if parent is None:
                    continue  # a kept case's rows
                row = list(row)
                row[parent_at] = parent
                for at, mapping in ref_at:
                    if row[at] is not None:
                        if row[at] not in mapping:
                            raise TransferRefused("dangling reference")
                        row[at] = mapping[row[at]]
                if id_at is not None:
                    own[row[id_at]] = next_id
                    row[id_at] = next_id
                    next_id += 1
                out.append(row)
            conn.executemany(f"INSERT INTO {spec.table} ({', '.join(cols)}) VALUES ({','.join('?' * len(cols))})",
                             out)
            rows += len(out)
        return ImportResult(added, replaced, kept, renumbered, rows)

    @staticmethod
    def _next_id(conn, table: str) -> int:
        """Above every id in the table and above AUTOINCREMENT's sequence (ids there are never reused)."""
        highest = conn.execute(f"SELECT coalesce(max(id), 0) FROM {table}").fetchone()[0]
        seq = conn.execute("SELECT seq FROM sqlite_sequence WHERE name = ?", (table,)).fetchone() \
            if conn.execute("SELECT 1 FROM sqlite_master WHERE name = 'sqlite_sequence'").fetchone() else None
        return max(highest, seq[0] if seq else 0) + 1

    def _map_partners(self, conn, partners: dict) -> dict[int, int]:
        mapping = {}
        columns = set(self.columns("partners"))
        for ref, data in partners.items():
            if not isinstance(data, dict) or not isinstance(data.get("code"), str) or not set(data) <= columns:
                raise TransferRefused("partner")
            row = conn.execute("SELECT id FROM partners WHERE code = ?", (data["code"],)).fetchone()
            if row is None:
                values = {k: v for k, v in data.items() if k not in ("id", "editable")}
                row = (conn.execute(f"INSERT INTO partners ({', '.join(values)}) VALUES "
                                    f"({','.join('?' * len(values))})", list(values.values())).lastrowid,)
            try:
                mapping[int(ref)] = row[0]
            except ValueError:
                raise TransferRefused("partner") from None
        return mapping
