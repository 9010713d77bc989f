"""Team identity, colleagues, received bundle ids, case links and handover state (migration 0010)."""
from __future__ import annotations

import secrets
from collections.abc import Iterable
from dataclasses import dataclass
from datetime import datetime, timezone

from ketenregie.domain.team.identity import TeamCard, TeamIdentity, TeamRole
from ketenregie.store.connection import DatabaseError
from ketenregie.store.database import Database


def _now() -> str:
    return datetime.now(timezone.utc).isoformat(timespec="seconds")


@dataclass(frozen=True)
class Colleague:
    id: int
    card: TeamCard
    display_name: str
    added_at: str
    verified_at: str | None

    @property
    def fingerprint(self) -> str:
        return self.card.fingerprint

    @property
    def verified(self) -> bool:
        return self.verified_at is not None


@dataclass(frozen=True)
class HandedOver:
    colleague_name: str
    handed_over_on: str


class TeamRepository:
    def __init__(self, db: Database) -> None:
        self._db = db

    # --- own identity ---------------------------------------------------------------------------------------

    def identity(self) -> TeamIdentity | None:
        row = self._db.query_one(
            "SELECT encryption_private, signing_private, display_name, role FROM team_identity WHERE id = 1")
        return TeamIdentity(bytes(row[0]), bytes(row[1]), row[2], TeamRole(row[3])) if row else None

    def save_identity(self, identity: TeamIdentity) -> None:
        with self._db.transaction() as conn:
            conn.execute(
                "INSERT INTO team_identity (id, encryption_private, signing_private, display_name, role, created_at)"
                " VALUES (1, ?, ?, ?, ?, ?)",
                (identity.encryption_private, identity.signing_private, identity.display_name,
                 identity.role.value, _now()))

    def update_identity_card(self, display_name: str, role: TeamRole) -> None:
        with self._db.transaction() as conn:
            conn.execute("UPDATE team_identity SET display_name = ?, role = ? WHERE id = 1",
                         (display_name, role.value))

    # --- colleagues -----------------------------------------------------------------------------------------

    _COLS = "id, encryption_public, signing_public, display_name, role, added_at, verified_at"

    @staticmethod
    def _colleague(row: tuple) -> Colleague:
        card = TeamCard(bytes(row[1]), bytes(row[2]), row[3], TeamRole(row[4]))
        return Colleague(row[0], card, row[3], row[5], row[6])

    def colleagues(self) -> list[Colleague]:
        rows = self._db.query_all(f"SELECT {self._COLS} FROM team_colleagues ORDER BY display_name, id")
        return [self._colleague(r) for r in rows]

    def colleague(self, colleague_id: int) -> Colleague | None:
        row = self._db.query_one(f"SELECT {self._COLS} FROM team_colleagues WHERE id = ?", (colleague_id,))
        return self._colleague(row) if row else None

    def colleague_by_fingerprint(self, fingerprint: str) -> Colleague | None:
        row = self._db.query_one(f"SELECT {self._COLS} FROM team_colleagues WHERE fingerprint = ?", (fingerprint,))
        return self._colleague(row) if row else None

    def add_colleague(self, card: TeamCard, *, verified: bool) -> int:
        with self._db.transaction() as conn:
            cursor = conn.execute(
                "INSERT INTO team_colleagues (fingerprint, encryption_public, signing_public, display_name, role,"
                " added_at, verified_at) VALUES (?, ?, ?, ?, ?, ?, ?)",
                (card.fingerprint, card.encryption_public, card.signing_public, card.display_name, card.role.value,
                 _now(), _now() if verified else None))
            return cursor.lastrowid

    def mark_verified(self, colleague_id: int) -> None:
        with self._db.transaction() as conn:
            conn.execute("UPDATE team_colleagues SET verified_at = ? WHERE id = ? AND verified_at IS NULL",
                         (_now(), colleague_id))

    def rename_colleague(self, colleague_id: int, display_name: str) -> None:
        with self._db.transaction() as conn:
            conn.execute("UPDATE team_colleagues SET display_name = ? WHERE id = ?", (display_name, colleague_id))

    def update_colleague_card(self, colleague_id: int, display_name: str, role: TeamRole) -> None:
        """Name and role from a new card with the same keys; the keys, the fingerprint and verified_at stay."""
        with self._db.transaction() as conn:
            conn.execute("UPDATE team_colleagues SET display_name = ?, role = ? WHERE id = ?",
                         (display_name, role.value, colleague_id))

    def remove_colleague(self, colleague_id: int) -> None:
        with self._db.transaction() as conn:
            conn.execute("DELETE FROM team_colleagues WHERE id = ?", (colleague_id,))

    # --- received bundles (replay protection) ---------------------------------------------------------------

    def was_received(self, bundle_id: str) -> bool:
        return self._db.query_one("SELECT 1 FROM team_received_bundles WHERE bundle_id = ?", (bundle_id,)) is not None

    def record_received(self, bundle_id: str, sender_fingerprint: str, kind: str) -> None:
        with self._db.transaction() as conn:
            conn.execute("INSERT INTO team_received_bundles (bundle_id, sender_fingerprint, kind, received_at)"
                         " VALUES (?, ?, ?, ?)", (bundle_id, sender_fingerprint, kind, _now()))

    def received_bundles(self, kind: str) -> list[tuple[str, str, str]]:
        """(bundle id, sender fingerprint, received at) of the bundles of one kind read here, newest first."""
        return self._db.query_all("SELECT bundle_id, sender_fingerprint, received_at FROM team_received_bundles"
                                  " WHERE kind = ? ORDER BY received_at DESC, bundle_id", (kind,))

    # Rows taken from a cover's return bundles, by their travelling row id (services/team.return_row_id). They are
    # kept with the received bundle ids (the same "seen once" bookkeeping, kind RETURNED_ROW): opaque hashes,
    # no content; a second return bundle of the same cover then adds only what is new.
    RETURNED_ROW = "vervanging-terug-regel"

    def received_rows(self, row_ids: Iterable[str]) -> set[str]:
        ids = list(dict.fromkeys(row_ids))
        seen: set[str] = set()
        for start in range(0, len(ids), 500):
            chunk = ids[start:start + 500]
            seen.update(r[0] for r in self._db.query_all(
                f"SELECT bundle_id FROM team_received_bundles WHERE kind = ? AND bundle_id IN"
                f" ({','.join('?' * len(chunk))})", (self.RETURNED_ROW, *chunk)))
        return seen

    def record_received_rows(self, row_ids: Iterable[str], sender_fingerprint: str) -> None:
        with self._db.transaction() as conn:
            conn.executemany("INSERT OR IGNORE INTO team_received_bundles (bundle_id, sender_fingerprint, kind,"
                             " received_at) VALUES (?, ?, ?, ?)",
                             [(r, sender_fingerprint, self.RETURNED_ROW, _now()) for r in dict.fromkeys(row_ids)])

    # --- cases across registers -----------------------------------------------------------------------------

    def case_uids(self, case_ids: Iterable[int]) -> dict[int, str]:
        """The travelling id of each case; a case that never travelled gets a new random one."""
        ids = list(case_ids)
        with self._db.transaction() as conn:
            known = dict(conn.execute(
                f"SELECT case_id, case_uid FROM team_case_links WHERE case_id IN ({','.join('?' * len(ids))})",
                ids).fetchall()) if ids else {}
            for case_id in ids:
                if case_id not in known:
                    known[case_id] = secrets.token_hex(16)
                    conn.execute("INSERT INTO team_case_links (case_id, case_uid) VALUES (?, ?)",
                                 (case_id, known[case_id]))
        return known

    def case_by_uid(self, case_uid: str) -> tuple[int, str] | None:
        """(case id, case number) of the local case with that travelling id."""
        return self._db.query_one(
            "SELECT c.id, c.case_number FROM team_case_links l JOIN cases c ON c.id = l.case_id"
            " WHERE l.case_uid = ?", (case_uid,))

    def case_ids_for_numbers(self, case_numbers: Iterable[str]) -> dict[str, int]:
        numbers = list(case_numbers)
        if not numbers:
            return {}
        rows = self._db.query_all(
            f"SELECT case_number, id FROM cases WHERE case_number IN ({','.join('?' * len(numbers))})", numbers)
        return dict(rows)

    def case_names(self, case_numbers: Iterable[str]) -> dict[str, str]:
        numbers = list(case_numbers)
        out: dict[str, str] = {}
        for start in range(0, len(numbers), 500):
            chunk = numbers[start:start + 500]
            out.update(self._db.query_all(
                "SELECT c.case_number, h.name FROM cases c JOIN households h ON h.case_id = c.id"
                f" WHERE c.case_number IN ({','.join('?' * len(chunk))})", chunk))
        return out

    def open_case_ids(self) -> list[int]:
        rows = self._db.query_all(
            "SELECT id FROM cases WHERE closed_on IS NULL"
            " AND id NOT IN (SELECT case_id FROM case_handed_over) ORDER BY id")
        return [r[0] for r in rows]

    # --- handovers ------------------------------------------------------------------------------------------

    def record_handover_sent(self, bundle_id: str, colleague_id: int, case_ids: Iterable[int], *,
                             kind: str = "overdracht", until: str | None = None) -> None:
        with self._db.transaction() as conn:
            conn.execute("INSERT INTO team_handovers_sent (bundle_id, colleague_id, created_at, kind, until)"
                         " VALUES (?, ?, ?, ?, ?)", (bundle_id, colleague_id, _now(), kind, until))
            conn.executemany("INSERT INTO team_handover_cases (bundle_id, case_id) VALUES (?, ?)",
                             [(bundle_id, case_id) for case_id in case_ids])

    def handover_sent(self, bundle_id: str, kind: str = "overdracht"
                      ) -> tuple[int | None, list[int], str | None] | None:
        """(colleague id, case ids, receipt time) of a handover (or cover) this register made, or None."""
        row = self._db.query_one("SELECT colleague_id, receipt_at FROM team_handovers_sent WHERE bundle_id = ?"
                                 " AND kind = ?", (bundle_id, kind))
        if row is None:
            return None
        cases = [r[0] for r in self._db.query_all(
            "SELECT case_id FROM team_handover_cases WHERE bundle_id = ? ORDER BY case_id", (bundle_id,))]
        return row[0], cases, row[1]

    def record_receipt(self, bundle_id: str) -> None:
        with self._db.transaction() as conn:
            conn.execute("UPDATE team_handovers_sent SET receipt_at = ? WHERE bundle_id = ?", (_now(), bundle_id))

    def mark_handed_over(self, case_ids: Iterable[int], colleague_name: str, on: str) -> int:
        """Mark cases handed over; a case marked before keeps its first day. Returns how many were marked now."""
        with self._db.transaction() as conn:
            return sum(conn.execute(
                "INSERT OR IGNORE INTO case_handed_over (case_id, colleague_name, handed_over_on) VALUES (?, ?, ?)",
                (case_id, colleague_name, on)).rowcount for case_id in case_ids)

    def pending_handovers(self) -> list[tuple[str, str, str, int]]:
        """(bundle id, colleague's name, made at, cases) of sent handovers without a receipt whose cases are not
        all marked handed over yet, newest first."""
        return self._db.query_all(
            "SELECT s.bundle_id, coalesce(c.display_name, '?'), s.created_at, count(*) FROM team_handovers_sent s"
            " JOIN team_handover_cases hc ON hc.bundle_id = s.bundle_id"
            " LEFT JOIN team_colleagues c ON c.id = s.colleague_id"
            " WHERE s.kind = 'overdracht' AND s.receipt_at IS NULL"
            " AND hc.case_id NOT IN (SELECT case_id FROM case_handed_over)"
            " GROUP BY s.bundle_id ORDER BY s.created_at DESC, s.bundle_id")

    def handed_over(self, case_id: int) -> HandedOver | None:
        row = self._db.query_one("SELECT colleague_name, handed_over_on FROM case_handed_over WHERE case_id = ?",
                                 (case_id,))
        return HandedOver(row[0], row[1]) if row else None

    def handed_over_all(self) -> dict[int, HandedOver]:
        return {r[0]: HandedOver(r[1], r[2]) for r in self._db.query_all(
            "SELECT case_id, colleague_name, handed_over_on FROM case_handed_over")}

    def cover_until_all(self) -> dict[int, str]:
        return dict(self._db.query_all("SELECT case_id, until FROM cover_copies"))

    # --- cover (vervanging) ---------------------------------------------------------------------------------

    def add_cover_copies(self, case_ids: Iterable[int], bundle_id: str, sender_fingerprint: str, until: str) -> None:
        """Mark freshly imported cases as cover copies; what is in them now does not go back."""
        with self._db.transaction() as conn:
            for case_id in case_ids:
                journal = conn.execute("SELECT coalesce(max(id), 0) FROM journal_entries WHERE case_id = ?",
                                       (case_id,)).fetchone()[0]
                action = conn.execute("SELECT coalesce(max(id), 0) FROM actions WHERE case_id = ?",
                                      (case_id,)).fetchone()[0]
                conn.execute("INSERT INTO cover_copies (case_id, bundle_id, sender_fingerprint, until, journal_max,"
                             " action_max) VALUES (?, ?, ?, ?, ?, ?)",
                             (case_id, bundle_id, sender_fingerprint, until, journal, action))

    def cover_until(self, case_id: int) -> str | None:
        row = self._db.query_one("SELECT until FROM cover_copies WHERE case_id = ?", (case_id,))
        return row[0] if row else None

    def cover_bundles(self) -> list[tuple[str, str, str, int]]:
        """(cover bundle id, sender fingerprint, until, number of cases) of the cover copies held here."""
        return self._db.query_all("SELECT bundle_id, sender_fingerprint, until, count(*) FROM cover_copies"
                                  " GROUP BY bundle_id, sender_fingerprint, until ORDER BY until")

    def cover_additions(self, bundle_id: str) -> dict:
        """Journal notes and actions added to the cover copies of one cover bundle during the cover (rows above
        the *_max recorded at import), per travelling case id, each row led by its id here; actions name their
        partner by its directory code. Every return bundle holds them all (services/team.py: travelling row
        ids let the colleague's register take each row once), so a lost return bundle can be made again."""
        out = {}
        copies = self._db.query_all(
            "SELECT cc.case_id, l.case_uid, cc.journal_max, cc.action_max FROM cover_copies cc"
            " JOIN team_case_links l ON l.case_id = cc.case_id WHERE cc.bundle_id = ?", (bundle_id,))
        for case_id, uid, journal_max, action_max in copies:
            journal = self._db.query_all(
                "SELECT id, entry_date, text, created_at FROM journal_entries WHERE case_id = ? AND id > ?"
                " ORDER BY id", (case_id, journal_max))
            actions = self._db.query_all(
                "SELECT a.id, a.description, a.owner, p.code, a.due_date, a.status, a.done_on, a.created_on"
                " FROM actions a LEFT JOIN partners p ON p.id = a.partner_id WHERE a.case_id = ? AND a.id > ?"
                " ORDER BY a.id", (case_id, action_max))
            if journal or actions:
                out[uid] = {"journal": [list(r) for r in journal], "actions": [list(r) for r in actions],
                            "case_id": case_id}
        return out

    def add_returned(self, case_id: int, journal: list[list], actions: list[list]) -> None:
        """Journal notes and actions from a cover's return bundle, into the original case. Rows the schema refuses
        raise ValueError (the caller's transaction rolls back)."""
        try:
            self._add_returned(case_id, journal, actions)
        except DatabaseError:
            raise ValueError("returned rows do not fit") from None

    def _add_returned(self, case_id: int, journal: list[list], actions: list[list]) -> None:
        with self._db.transaction() as conn:
            conn.executemany("INSERT INTO journal_entries (case_id, entry_date, text, created_at)"
                             " VALUES (?, ?, ?, ?)", [(case_id, *row) for row in journal])
            for description, owner, code, due, status, done_on, created_on in actions:
                partner = conn.execute("SELECT id FROM partners WHERE code = ?", (code,)).fetchone() \
                    if code is not None else None
                if code is not None and partner is None:
                    raise ValueError("unknown partner")
                conn.execute("INSERT INTO actions (case_id, description, owner, partner_id, due_date, status,"
                             " done_on, created_on) VALUES (?, ?, ?, ?, ?, ?, ?, ?)",
                             (case_id, description, owner, partner[0] if partner else None, due, status, done_on,
                              created_on))
            conn.execute("UPDATE cases SET updated_at = ? WHERE id = ?", (_now(), case_id))

    def expired_cover_cases(self, today: str) -> list[int]:
        return [r[0] for r in self._db.query_all("SELECT case_id FROM cover_copies WHERE until < ?", (today,))]

    def delete_cases(self, case_ids: Iterable[int]) -> int:
        ids = list(case_ids)
        with self._db.transaction() as conn:
            conn.executemany("DELETE FROM cases WHERE id = ?", [(i,) for i in ids])
        return len(ids)
