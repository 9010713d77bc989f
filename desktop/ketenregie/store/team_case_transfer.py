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
)

# Tables with a case_id that stay in the sender's register: meetings are the sender's own (a pseudonym per
# meeting), the team tables describe this register's own bundles.
LOCAL_ONLY_TABLES = frozenset({"agenda_items", "case_meeting_marks", "team_case_links", "team_handover_cases",
                               "case_handed_over"})
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
        `decisions`: travelling id -> "replace" | "keep" for cases that already exist here (others are new)."""
        self.check_shape(payload)
        tables = payload["tables"]
        partner_map = self._map_partners(conn, payload["partners"])
        id_maps: dict[str, dict[int, int]] = defaultdict(dict)
        added, replaced, kept, renumbered, rows = [], [], [], {}, 0

        cases = tables["cases"]
        cols = cases["columns"]
        for row in cases["rows"]:
            record = dict(zip(cols, row))
            ref = record["id"]
            uid = case_uids.get(str(ref))
            if not isinstance(uid, str):
                raise TransferRefused("case without travelling id")
            existing = conn.execute("SELECT c.id, c.case_number FROM team_case_links l JOIN cases c"
                                    " ON c.id = l.case_id WHERE l.case_uid = ?", (uid,)).fetchone()
            if existing is not None:
                choice = decisions.get(uid)
                if choice == "keep":
                    kept.append(existing[1])
                    continue
                if choice != "replace":
                    raise TransferRefused("undecided")
                conn.execute("DELETE FROM cases WHERE id = ?", (existing[0],))
                replaced.append(existing[1])
            number = record["case_number"]
            taken = conn.execute("SELECT 1 FROM cases WHERE case_number = ?", (number,)).fetchone()
            year = record["number_year"]
            while taken:  # the next free number of that year here (numbers are never reused)
                seq = conn.execute(
                    "INSERT INTO case_number_counters (year, last_seq) VALUES (?, 1) ON CONFLICT (year) DO UPDATE"
                    " SET last_seq = last_seq + 1 RETURNING last_seq", (year,)).fetchone()[0]
                record["number_seq"] = seq
                record["case_number"] = format_case_number(year, seq)
                renumbered[number] = record["case_number"]
                taken = conn.execute("SELECT 1 FROM cases WHERE case_number = ? OR (number_year = ? AND"
                                     " number_seq = ?)", (record["case_number"], year, seq)).fetchone()
            else:  # keep the number, and never hand it out again here
                conn.execute("INSERT INTO case_number_counters (year, last_seq) VALUES (?, ?) ON CONFLICT (year)"
                             " DO UPDATE SET last_seq = max(last_seq, excluded.last_seq)",
                             (year, record["number_seq"]))
            values = {k: v for k, v in record.items() if k != "id"}
            new_id = conn.execute(f"INSERT INTO cases ({', '.join(values)}) VALUES ({','.join('?' * len(values))})",
                                  list(values.values())).lastrowid
            conn.execute("INSERT OR REPLACE INTO team_case_links (case_id, case_uid) VALUES (?, ?)", (new_id, uid))
            id_maps["cases"][ref] = new_id
            if existing is None:
                added.append(record["case_number"])
            rows += 1

        for spec in TRANSFER_TABLES:
            data = tables[spec.table]
            cols = data["columns"]
            parent_at = cols.index(spec.parent_column)
            insert_cols = [c for c in cols if not (spec.own_id and c == "id")]
            sql = f"INSERT INTO {spec.table} ({', '.join(insert_cols)}) VALUES ({','.join('?' * len(insert_cols))})"
            parents = id_maps[spec.parent_table]
            for row in data["rows"]:
                if row[parent_at] not in parents:
                    continue  # a kept case's rows
                record = dict(zip(cols, row))
                record[spec.parent_column] = parents[row[parent_at]]
                for column, target in spec.refs:
                    value = record.get(column)
                    if value is None:
                        continue
                    mapping = partner_map if target == "partners" else id_maps[target]
                    if value not in mapping:
                        raise TransferRefused("dangling reference")
                    record[column] = mapping[value]
                cursor = conn.execute(sql, [record[c] for c in insert_cols])
                if spec.own_id:
                    id_maps[spec.table][record["id"]] = cursor.lastrowid
                rows += 1
        return ImportResult(added, replaced, kept, renumbered, rows)

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
