"""Team identity, colleagues, received bundle ids, case links and handover state (migration 0013)."""
from __future__ import annotations

import secrets
from collections.abc import Iterable
from dataclasses import dataclass
from datetime import datetime, timezone

from ketenregie.domain.team.identity import TeamCard, TeamIdentity, TeamRole
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

    def open_case_ids(self) -> list[int]:
        rows = self._db.query_all(
            "SELECT id FROM cases WHERE closed_on IS NULL"
            " AND id NOT IN (SELECT case_id FROM case_handed_over) ORDER BY id")
        return [r[0] for r in rows]

    # --- handovers ------------------------------------------------------------------------------------------

    def record_handover_sent(self, bundle_id: str, colleague_id: int, case_ids: Iterable[int]) -> None:
        with self._db.transaction() as conn:
            conn.execute("INSERT INTO team_handovers_sent (bundle_id, colleague_id, created_at) VALUES (?, ?, ?)",
                         (bundle_id, colleague_id, _now()))
            conn.executemany("INSERT INTO team_handover_cases (bundle_id, case_id) VALUES (?, ?)",
                             [(bundle_id, case_id) for case_id in case_ids])

    def handover_sent(self, bundle_id: str) -> tuple[int | None, list[int], str | None] | None:
        """(colleague id, case ids, receipt time) of a handover this register made, or None."""
        row = self._db.query_one("SELECT colleague_id, receipt_at FROM team_handovers_sent WHERE bundle_id = ?",
                                 (bundle_id,))
        if row is None:
            return None
        cases = [r[0] for r in self._db.query_all(
            "SELECT case_id FROM team_handover_cases WHERE bundle_id = ? ORDER BY case_id", (bundle_id,))]
        return row[0], cases, row[1]

    def record_receipt(self, bundle_id: str) -> None:
        with self._db.transaction() as conn:
            conn.execute("UPDATE team_handovers_sent SET receipt_at = ? WHERE bundle_id = ?", (_now(), bundle_id))

    def mark_handed_over(self, case_ids: Iterable[int], colleague_name: str, on: str) -> None:
        with self._db.transaction() as conn:
            conn.executemany(
                "INSERT OR REPLACE INTO case_handed_over (case_id, colleague_name, handed_over_on) VALUES (?, ?, ?)",
                [(case_id, colleague_name, on) for case_id in case_ids])

    def handed_over(self, case_id: int) -> HandedOver | None:
        row = self._db.query_one("SELECT colleague_name, handed_over_on FROM case_handed_over WHERE case_id = ?",
                                 (case_id,))
        return HandedOver(row[0], row[1]) if row else None
