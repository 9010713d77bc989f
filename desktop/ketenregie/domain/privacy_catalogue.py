"""The privacy catalogue (DESIGN.md §4): every personal-data field the register can hold, with its Dutch label,
category, purpose, legal basis, retention rule and the recipients that may receive it.

The catalogue is data (`resources/privacy/catalogue.toml`); this module loads and checks it. It doubles as the
AVG art. 30 processing record the in-app privacy view renders. A test checks the database schema against it in
both directions (tests/store/test_privacy_catalogue_schema.py).

Pure: takes a path, imports nothing of ours outside the domain.
"""
from __future__ import annotations

import tomllib
from collections.abc import Mapping
from dataclasses import dataclass
from pathlib import Path
from types import MappingProxyType

from ketenregie import bounded_read

# Where the shipped catalogue lives, as parts for `ketenregie.resources.resource_path(*CATALOGUE_RESOURCE)`.
CATALOGUE_RESOURCE: tuple[str, ...] = ("privacy", "catalogue.toml")

CATEGORIES: Mapping[str, str] = MappingProxyType({
    "identifying": "Identificerend",
    "contact": "Contactgegevens",
    "financial": "Financieel",
    "special": "Bijzonder persoonsgegeven (AVG art. 9)",
    "case": "Casusgegevens (verloop van de hulp)",
    "free_text": "Vrije tekst",
})

_TOP_KEYS = frozenset({"version", "note", "legal_basis", "retention", "recipient", "field"})
_FIELD_KEYS = frozenset({"table", "column", "label", "category", "purpose", "legal_basis", "retention",
                         "recipients", "note"})
_FIELD_REQUIRED = _FIELD_KEYS - {"note"}
_BASIS_KEYS = frozenset({"label", "article"})
_RETENTION_KEYS = frozenset({"label", "term", "source", "rules"})
_RECIPIENT_KEYS = frozenset({"label"})


class CatalogueError(ValueError):
    """The catalogue file is missing or malformed; the message (Dutch) names the file and the problem."""

    def __init__(self, path: Path | str, problem: str) -> None:
        self.path = Path(path)
        self.problem = problem
        super().__init__(f"Privacycatalogus '{self.path}' is ongeldig: {problem}")


@dataclass(frozen=True, slots=True)
class LegalBasis:
    id: str
    label: str
    article: str


@dataclass(frozen=True, slots=True)
class RetentionRule:
    id: str
    label: str
    term: str  # Dutch description of the term
    source: str
    rules: tuple[str, ...] = ()  # a composite rule (the case file) points to the rules it chooses from


@dataclass(frozen=True, slots=True)
class Recipient:
    id: str
    label: str


@dataclass(frozen=True, slots=True)
class CatalogueField:
    table: str
    column: str
    label: str
    category: str
    purpose: str
    legal_basis: str
    retention: str
    recipients: tuple[str, ...]
    note: str = ""

    @property
    def key(self) -> str:
        return f"{self.table}.{self.column}"

    @property
    def category_label(self) -> str:
        return CATEGORIES[self.category]


@dataclass(frozen=True)
class PrivacyCatalogue:
    version: int
    note: str
    legal_bases: Mapping[str, LegalBasis]
    retention_rules: Mapping[str, RetentionRule]
    recipients: Mapping[str, Recipient]
    fields: tuple[CatalogueField, ...]

    def columns(self) -> frozenset[tuple[str, str]]:
        return frozenset((f.table, f.column) for f in self.fields)

    def tables(self) -> frozenset[str]:
        return frozenset(f.table for f in self.fields)

    def field(self, table: str, column: str) -> CatalogueField:
        for item in self.fields:
            if item.table == table and item.column == column:
                return item
        raise KeyError(f"{table}.{column}")

    def fields_for_recipient(self, recipient: str) -> list[CatalogueField]:
        return [f for f in self.fields if recipient in f.recipients]

    def by_category(self) -> dict[str, list[CatalogueField]]:
        out: dict[str, list[CatalogueField]] = {key: [] for key in CATEGORIES}
        for item in self.fields:
            out[item.category].append(item)
        return out


def load_catalogue(path: Path | str) -> PrivacyCatalogue:
    """Read and check the catalogue; raise `CatalogueError` (Dutch, names the file) for anything wrong."""
    path = Path(path)
    try:
        raw = bounded_read.read_toml(path)
    except bounded_read.FileRefused as exc:
        raise CatalogueError(path, exc.reason) from None
    except tomllib.TOMLDecodeError as exc:
        raise CatalogueError(path, f"geen geldige TOML ({exc}).") from None
    return parse_catalogue(raw, path)


def parse_catalogue(raw: Mapping, path: Path | str = "<catalogus>") -> PrivacyCatalogue:
    def fail(problem: str):
        raise CatalogueError(path, problem)

    unknown = sorted(set(raw) - _TOP_KEYS)
    if unknown:
        fail(f"onbekende sleutel(s) {', '.join(unknown)}.")
    if raw.get("version") != 1:
        fail("version moet 1 zijn.")

    def section(name: str, keys: frozenset[str], required: frozenset[str]) -> dict[str, dict]:
        table = raw.get(name, {})
        if not isinstance(table, dict) or not table:
            fail(f"de sectie [{name}.…] ontbreekt of is leeg.")
        for ident, entry in table.items():
            if not isinstance(entry, dict):
                fail(f"[{name}.{ident}] moet een tabel zijn.")
            extra = sorted(set(entry) - keys)
            if extra:
                fail(f"[{name}.{ident}] heeft onbekende sleutel(s) {', '.join(extra)}.")
            missing = sorted(required - set(entry))
            if missing:
                fail(f"[{name}.{ident}] mist {', '.join(missing)}.")
            for key in required:
                if key != "rules" and not _text(entry[key]):
                    fail(f"[{name}.{ident}] {key} moet een niet-lege tekst zijn.")
        return table

    bases = {ident: LegalBasis(ident, e["label"].strip(), e["article"].strip())
             for ident, e in section("legal_basis", _BASIS_KEYS, _BASIS_KEYS).items()}
    retention_raw = section("retention", _RETENTION_KEYS, _RETENTION_KEYS - {"rules"})
    retention = {}
    for ident, e in retention_raw.items():
        rules = e.get("rules", [])
        if not isinstance(rules, list) or not all(isinstance(r, str) for r in rules):
            fail(f"[retention.{ident}] rules moet een lijst van teksten zijn.")
        retention[ident] = RetentionRule(ident, e["label"].strip(), e["term"].strip(), e["source"].strip(),
                                         tuple(rules))
    for rule in retention.values():
        for ref in rule.rules:
            if ref not in retention or ref == rule.id:
                fail(f"[retention.{rule.id}] verwijst naar onbekende bewaarregel '{ref}'.")
    recipients = {ident: Recipient(ident, e["label"].strip())
                  for ident, e in section("recipient", _RECIPIENT_KEYS, _RECIPIENT_KEYS).items()}

    entries = raw.get("field", [])
    if not isinstance(entries, list) or not entries:
        fail("er staan geen velden ([[field]]) in de catalogus.")
    fields: list[CatalogueField] = []
    seen: set[tuple[str, str]] = set()
    for number, entry in enumerate(entries, start=1):
        where = f"[[field]] nr. {number}"
        if not isinstance(entry, dict):
            fail(f"{where} moet een tabel zijn.")
        extra = sorted(set(entry) - _FIELD_KEYS)
        if extra:
            fail(f"{where} heeft onbekende sleutel(s) {', '.join(extra)}.")
        missing = sorted(_FIELD_REQUIRED - set(entry))
        if missing:
            fail(f"{where} mist {', '.join(missing)}.")
        for key in _FIELD_REQUIRED - {"recipients"}:
            if not _text(entry[key]):
                fail(f"{where}: {key} moet een niet-lege tekst zijn.")
        where = f"{where} ({entry['table']}.{entry['column']})"
        if entry["category"] not in CATEGORIES:
            fail(f"{where}: onbekende categorie '{entry['category']}'; kies uit {', '.join(CATEGORIES)}.")
        if entry["legal_basis"] not in bases:
            fail(f"{where}: onbekende grondslag '{entry['legal_basis']}'.")
        if entry["retention"] not in retention:
            fail(f"{where}: onbekende bewaarregel '{entry['retention']}'.")
        recips = entry["recipients"]
        if not isinstance(recips, list) or not all(isinstance(r, str) for r in recips):
            fail(f"{where}: recipients moet een lijst van teksten zijn.")
        for recipient in recips:
            if recipient not in recipients:
                fail(f"{where}: onbekende ontvanger '{recipient}'.")
        key = (entry["table"], entry["column"])
        if key in seen:
            fail(f"{where} staat twee keer in de catalogus.")
        seen.add(key)
        note = entry.get("note", "")
        if not isinstance(note, str):
            fail(f"{where}: note moet een tekst zijn.")
        fields.append(CatalogueField(entry["table"], entry["column"], entry["label"].strip(), entry["category"],
                                     entry["purpose"].strip(), entry["legal_basis"], entry["retention"],
                                     tuple(recips), note.strip()))
    note = raw.get("note", "")
    if not isinstance(note, str):
        fail("note moet een tekst zijn.")
    return PrivacyCatalogue(1, note.strip(), MappingProxyType(bases), MappingProxyType(retention),
                            MappingProxyType(recipients), tuple(fields))


def _text(value: object) -> bool:
    return isinstance(value, str) and bool(value.strip())
