"""The chain partners (organisations): listing them, and seeding the default directory into a register.

The directory is data (`resources/partners/default_partners.toml`, DOMAIN.md §4). `ensure_default_partners`
seeds it when a register has no partners yet (a new register, or one just migrated to schema 2); a later issue
builds the full directory (editing, IT-shipped updates).
"""
from __future__ import annotations

import re
import tomllib
from dataclasses import dataclass
from pathlib import Path

from ketenregie import bounded_read
from ketenregie.domain.cases import Partner, PartnerType
from ketenregie.resources import resource_path
from ketenregie.store.database import Database

DEFAULT_PARTNERS_RESOURCE: tuple[str, ...] = ("partners", "default_partners.toml")
_CODE = re.compile(r"^[a-z0-9_]{1,40}$")


class PartnerDirectoryError(ValueError):
    """The directory file is missing or malformed; the message (Dutch) names the file."""

    def __init__(self, path: Path | str, problem: str) -> None:
        self.path = Path(path)
        super().__init__(f"Partnerlijst '{self.path}' is ongeldig: {problem}")


@dataclass(frozen=True, slots=True)
class PartnerSeed:
    code: str
    name: str
    type: PartnerType


def load_partner_directory(path: Path | str) -> list[PartnerSeed]:
    path = Path(path)
    try:
        raw = bounded_read.read_toml(path)
    except bounded_read.FileRefused as exc:
        raise PartnerDirectoryError(path, exc.reason) from None
    except tomllib.TOMLDecodeError as exc:
        raise PartnerDirectoryError(path, f"geen geldige TOML ({exc}).") from None
    entries = raw.get("partner")
    if set(raw) - {"partner"} or not isinstance(entries, list) or not entries:
        raise PartnerDirectoryError(path, "verwacht alleen [[partner]]-blokken.")
    seeds: list[PartnerSeed] = []
    for number, entry in enumerate(entries, start=1):
        where = f"[[partner]] nr. {number}"
        if not isinstance(entry, dict) or set(entry) != {"code", "name", "type"}:
            raise PartnerDirectoryError(path, f"{where} moet precies code, name en type hebben.")
        if not isinstance(entry["code"], str) or not _CODE.match(entry["code"]):
            raise PartnerDirectoryError(path, f"{where}: code mag alleen kleine letters, cijfers en _ bevatten.")
        if not isinstance(entry["name"], str) or not entry["name"].strip():
            raise PartnerDirectoryError(path, f"{where}: name moet een niet-lege tekst zijn.")
        try:
            kind = PartnerType.from_code(entry["type"])
        except (ValueError, TypeError):
            raise PartnerDirectoryError(path, f"{where}: onbekend type '{entry['type']}'.") from None
        seeds.append(PartnerSeed(entry["code"], entry["name"].strip(), kind))
    codes = [s.code for s in seeds]
    if len(codes) != len(set(codes)):
        raise PartnerDirectoryError(path, "een code staat er twee keer in.")
    return seeds


def default_partner_seeds() -> list[PartnerSeed]:
    return load_partner_directory(resource_path(*DEFAULT_PARTNERS_RESOURCE))


def ensure_default_partners(db: Database, seeds: list[PartnerSeed] | None = None) -> int:
    """Seed the default directory when the register has no partners yet; returns how many were added."""
    if db.query_one("SELECT count(*) FROM partners")[0]:
        return 0
    seeds = default_partner_seeds() if seeds is None else seeds
    with db.transaction() as conn:
        conn.executemany("INSERT INTO partners (code, name, type, active) VALUES (?, ?, ?, 1)",
                         [(s.code, s.name, s.type.value) for s in seeds])
    return len(seeds)


class PartnerRepository:
    def __init__(self, db: Database) -> None:
        self._db = db

    def list_partners(self, *, include_inactive: bool = False) -> list[Partner]:
        """Partners sorted by name (Dutch collation is not needed for a list this short: case-insensitive)."""
        rows = self._db.query_all("SELECT id, code, name, type, active FROM partners"
                                  + ("" if include_inactive else " WHERE active = 1"))
        partners = [Partner(r[0], r[1], r[2], PartnerType.from_code(r[3]), bool(r[4])) for r in rows]
        return sorted(partners, key=lambda p: p.name.casefold())

    def get(self, partner_id: int) -> Partner:
        row = self._db.query_one("SELECT id, code, name, type, active FROM partners WHERE id = ?", (partner_id,))
        if row is None:
            raise KeyError(partner_id)
        return Partner(row[0], row[1], row[2], PartnerType.from_code(row[3]), bool(row[4]))

    def by_code(self) -> dict[str, Partner]:
        return {p.code: p for p in self.list_partners(include_inactive=True)}
