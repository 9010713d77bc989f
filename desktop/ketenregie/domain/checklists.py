"""Checklists and the bridge as data files: loading, validation, and errors that name the file and the line.

Two formats live in `resources/checklists/` (described for IT and content editors in docs/checklists.md):

- `stress_sensitive.toml` (format "ketenregie-checklist"): the stress-sensitive conversation checklist, in three
  sections `before`, `during`, `after` (DOMAIN.md §10), each with items that have a stable id and a short text,
  optionally limited to some conversation kinds;
- `documents.toml` (format "ketenregie-documents"): short neutral items for the "Meenemen / opsturen" list of the
  resident's summary (DOMAIN.md §10 "After": a documents checklist);
- `bridge.toml` (format "ketenregie-bridge"): the five pillars of the bridge, their sub-areas and five steps per
  sub-area (domain model in `domain/bridge.py`). An organisation may replace it with its licensed texts via the
  policy key BridgeDefinitionFile; `load_bridge_with_fallback` then keeps the app working with the built-in
  version when the replacement is broken, and says so.

Every problem raises `DataFileError`, whose Dutch message names the file and — as far as it can be known — the
line: TOML syntax errors carry it in tomllib's message (Python 3.11) or attributes (3.14+); for schema errors a
small line index of the file finds the line of the offending key, table or array element.

Pure domain: no Qt, no database, nothing of ours outside the domain.
"""
from __future__ import annotations

import re
import tomllib
from collections.abc import Iterable, Sequence
from dataclasses import dataclass
from pathlib import Path
from typing import Any

from ketenregie import bounded_read
from ketenregie.domain.bridge import STEP_COUNT, Bridge, Pillar, SubArea

# Parts for `ketenregie.resources.resource_path(*...)` (the domain does not locate resources itself).
CHECKLIST_RESOURCE: tuple[str, ...] = ("checklists", "stress_sensitive.toml")
BRIDGE_RESOURCE: tuple[str, ...] = ("checklists", "bridge.toml")
DOCUMENTS_RESOURCE: tuple[str, ...] = ("checklists", "documents.toml")

CHECKLIST_FORMAT = "ketenregie-checklist"
BRIDGE_FORMAT = "ketenregie-bridge"
DOCUMENTS_FORMAT = "ketenregie-documents"
SUPPORTED_VERSION = 1

SECTION_IDS: tuple[str, ...] = ("before", "during", "after")
CONVERSATION_KIND_CODES: tuple[str, ...] = ("intake", "progress", "aftercare")  # see domain/conversations.py

_ID = re.compile(r"^[a-z][a-z0-9_]{0,39}$")
MAX_ITEM_TEXT = 200
MAX_LABEL = 60
MAX_STEP_TEXT = 160
MAX_DOCUMENT_TEXT = 60  # equals domain.conversations.MAX_DOCUMENT (checked by a test)


# --- errors ---------------------------------------------------------------------------------------------------

class DataFileError(ValueError):
    """A checklist or bridge file is missing, unreadable or malformed. The message (Dutch) names file and line."""

    def __init__(self, path: Path | str, problem: str, line: int | None = None, column: int | None = None) -> None:
        self.path = Path(path)
        self.problem = problem
        self.line = line
        self.column = column
        where = f"'{self.path}'"
        if line is not None:
            where += f", regel {line}" + (f", kolom {column}" if column is not None else "")
        super().__init__(f"Bestand {where}: {problem}")


# --- a line index of a TOML text ------------------------------------------------------------------------------

Path_ = tuple[str | int, ...]


class TomlLineIndex:
    """Maps paths of a TOML document to the line they start on: ("pillar", 2, "sub_area", 0, "steps", 3).

    Array-of-tables entries get their index; array elements too (also in multi-line arrays). Not a TOML parser:
    it runs only on text tomllib has already accepted, and only to point at lines in error messages."""

    def __init__(self, text: str) -> None:
        self._lines: dict[Path_, int] = {}
        self._scan(text)

    def line_of(self, path: Sequence[str | int]) -> int | None:
        """The line of `path`, or of its nearest known ancestor (None when nothing is known)."""
        path = tuple(path)
        while path:
            if path in self._lines:
                return self._lines[path]
            path = path[:-1]
        return None

    # The scanner keeps: the current table path, counters of array-of-tables, the state of a multi-line string
    # and, inside a value's brackets, the path of the array and the index of its current element.
    def _scan(self, text: str) -> None:
        counters: dict[Path_, int] = {}
        table: Path_ = ()
        in_string: str | None = None  # the closing delimiter of an open multi-line string
        arrays: list[list] = []  # stack of [path, element index, element recorded?]
        for lineno, line in enumerate(text.splitlines(), start=1):
            i, key = 0, ()
            if in_string is not None:
                end = line.find(in_string)
                if end < 0:
                    continue
                i, in_string = end + len(in_string), None
            elif not arrays:
                stripped = line.strip()
                if stripped.startswith("["):
                    table = self._header(stripped, counters, lineno) or table
                    continue
                match = _KEY_LINE.match(line)
                if not match:
                    continue
                key = table + tuple(_split_key(match.group(1)))
                self._lines.setdefault(key, lineno)
                i = match.end()
            i, in_string = self._scan_value(line, i, lineno, arrays, key)

    def _header(self, stripped: str, counters: dict[Path_, int], lineno: int) -> Path_ | None:
        is_array = stripped.startswith("[[")
        close = stripped.find("]]" if is_array else "]")
        if close < 0:
            return None
        names = _split_key(stripped[2 if is_array else 1:close])
        path: Path_ = ()
        for name in names[:-1]:
            path += (name,)
            if path in counters:
                path += (counters[path] - 1,)
        path += (names[-1],)
        if is_array:
            self._lines.setdefault(path, lineno)
            index = counters.get(path, 0)
            counters[path] = index + 1
            path += (index,)
        self._lines.setdefault(path, lineno)
        return path

    def _scan_value(self, line: str, i: int, lineno: int, arrays: list[list], key: Path_) -> tuple[int, str | None]:
        n = len(line)
        while i < n:
            ch = line[i]
            if ch == "#":
                break
            if ch in " \t":
                i += 1
                continue
            if arrays and ch not in "],":
                self._record_element(arrays, lineno)
            if ch == "[":
                path = arrays[-1][0] + (arrays[-1][1],) if arrays else key
                arrays.append([path, 0, False])
                i += 1
            elif ch == "]":
                if arrays:
                    arrays.pop()
                i += 1
            elif ch == ",":
                if arrays:
                    arrays[-1][1] += 1
                    arrays[-1][2] = False
                i += 1
            elif line.startswith('"""', i) or line.startswith("'''", i):
                delim = line[i:i + 3]
                end = line.find(delim, i + 3)
                if end < 0:
                    return n, delim
                i = end + 3
            elif ch in "\"'":
                i = _end_of_string(line, i)
            elif ch == "{":  # inline table: skip to its end (not indexed further)
                depth = 0
                while i < n:
                    if line[i] in "\"'":
                        i = _end_of_string(line, i)
                        continue
                    depth += line[i] == "{"
                    depth -= line[i] == "}"
                    i += 1
                    if depth == 0:
                        break
            else:
                i += 1
        return i, None

    def _record_element(self, arrays: list[list], lineno: int) -> None:
        top = arrays[-1]
        if not top[2]:
            self._lines.setdefault(top[0] + (top[1],), lineno)
            top[2] = True


_KEY_LINE = re.compile(r"""^\s*((?:[A-Za-z0-9_-]+|"[^"]*"|'[^']*')(?:\s*\.\s*(?:[A-Za-z0-9_-]+|"[^"]*"|'[^']*'))*)\s*=""")


def _split_key(raw: str) -> list[str]:
    parts = re.findall(r"""[A-Za-z0-9_-]+|"[^"]*"|'[^']*'""", raw)
    return [p[1:-1] if p[:1] in "\"'" else p for p in parts]


def _end_of_string(line: str, i: int) -> int:
    quote = line[i]
    i += 1
    while i < len(line):
        if quote == '"' and line[i] == "\\":
            i += 2
            continue
        if line[i] == quote:
            return i + 1
        i += 1
    return i


# --- reading a data file --------------------------------------------------------------------------------------

@dataclass
class TomlDocument:
    path: Path
    data: dict[str, Any]
    index: TomlLineIndex

    def error(self, path: Sequence[str | int], problem: str) -> DataFileError:
        return DataFileError(self.path, problem, self.index.line_of(path))


_DECODE_POSITION = re.compile(r"\(at line (\d+), column (\d+)\)")


def read_toml(path: Path | str) -> TomlDocument:
    """Read and parse a TOML file; every failure becomes a `DataFileError` naming the file (and line)."""
    path = Path(path)
    try:
        text = bounded_read.read_text(path)
        data = bounded_read.parse_toml(path, text)
    except bounded_read.FileRefused as exc:
        raise DataFileError(path, exc.reason) from None
    except tomllib.TOMLDecodeError as exc:
        line, column = getattr(exc, "lineno", None), getattr(exc, "colno", None)
        message = str(exc).splitlines()[0] if str(exc) else "ongeldige TOML"
        match = _DECODE_POSITION.search(message)
        if match and line is None:
            line, column = int(match.group(1)), int(match.group(2))
        message = _DECODE_POSITION.sub("", message).strip()
        if line is None and "end of document" in message:
            line = max(1, text.count("\n") + (0 if text.endswith("\n") else 1))
        raise DataFileError(path, f"geen geldige TOML ({message}).", line, column) from None
    return TomlDocument(path, data, TomlLineIndex(text))


# --- small validators shared by both formats -----------------------------------------------------------------

def _check_keys(doc: TomlDocument, where: Path_, table: dict, required: Iterable[str], optional: Iterable[str],
                label: str) -> None:
    required, optional = tuple(required), tuple(optional)
    unknown = sorted(set(table) - set(required) - set(optional))
    if unknown:
        raise doc.error(where + (unknown[0],), f"{label}: onbekende sleutel '{unknown[0]}'; toegestaan zijn "
                                               f"{', '.join(required + optional)}.")
    missing = [k for k in required if k not in table]
    if missing:
        raise doc.error(where, f"{label}: '{missing[0]}' ontbreekt.")


def _text(doc: TomlDocument, where: Path_, value: Any, label: str, maximum: int) -> str:
    if not isinstance(value, str) or not value.strip():
        raise doc.error(where, f"{label} moet een niet-lege tekst zijn.")
    value = " ".join(value.split())
    if len(value) > maximum:
        raise doc.error(where, f"{label} is te lang ({len(value)} tekens; hooguit {maximum}).")
    return value


def _identifier(doc: TomlDocument, where: Path_, value: Any, label: str, seen: set[str]) -> str:
    if not isinstance(value, str) or not _ID.match(value):
        raise doc.error(where, f"{label}: id '{value}' is ongeldig; gebruik kleine letters, cijfers en _, "
                               "beginnend met een letter (hooguit 40 tekens).")
    if value in seen:
        raise doc.error(where, f"{label}: id '{value}' komt twee keer voor.")
    seen.add(value)
    return value


def _table_list(doc: TomlDocument, where: Path_, value: Any, label: str, header: str) -> list[dict]:
    if not isinstance(value, list) or not value or not all(isinstance(v, dict) for v in value):
        raise doc.error(where, f"{label} moet een of meer tabellen {header} bevatten.")
    return value


def _check_header(doc: TomlDocument, expected_format: str) -> None:
    fmt = doc.data.get("format")
    if fmt != expected_format:
        raise doc.error(("format",), f"format moet \"{expected_format}\" zijn (gevonden: {fmt!r}).")
    version = doc.data.get("version")
    if version != SUPPORTED_VERSION:
        raise doc.error(("version",), f"version {version!r} wordt niet ondersteund; verwacht {SUPPORTED_VERSION}.")


# --- the checklist --------------------------------------------------------------------------------------------

@dataclass(frozen=True, slots=True)
class ChecklistItem:
    id: str
    text: str
    kinds: frozenset[str]  # conversation kinds it applies to (all when the file names none)

    def applies_to(self, kind: str) -> bool:
        return kind in self.kinds


@dataclass(frozen=True, slots=True)
class ChecklistSection:
    id: str  # before | during | after
    label: str
    items: tuple[ChecklistItem, ...]

    def items_for(self, kind: str) -> tuple[ChecklistItem, ...]:
        return tuple(item for item in self.items if item.applies_to(kind))


@dataclass(frozen=True, slots=True)
class Checklist:
    id: str
    title: str
    sections: tuple[ChecklistSection, ...]

    def section(self, section_id: str) -> ChecklistSection:
        for section in self.sections:
            if section.id == section_id:
                return section
        raise KeyError(section_id)

    def item(self, item_id: str) -> ChecklistItem | None:
        for section in self.sections:
            for item in section.items:
                if item.id == item_id:
                    return item
        return None

    @property
    def item_ids(self) -> frozenset[str]:
        return frozenset(item.id for section in self.sections for item in section.items)


def load_checklist(path: Path | str) -> Checklist:
    doc = read_toml(path)
    return parse_checklist(doc)


def parse_checklist(doc: TomlDocument) -> Checklist:
    data = doc.data
    _check_keys(doc, (), data, ("format", "version", "id", "title", "section"), (), "Checklist")
    _check_header(doc, CHECKLIST_FORMAT)
    checklist_id = _identifier(doc, ("id",), data["id"], "Checklist", set())
    title = _text(doc, ("title",), data["title"], "title", MAX_LABEL)
    raw_sections = _table_list(doc, ("section",), data["section"], "De checklist", "[[section]]")
    item_ids: set[str] = set()
    sections: list[ChecklistSection] = []
    for s, raw in enumerate(raw_sections):
        where: Path_ = ("section", s)
        label = f"[[section]] nr. {s + 1}"
        _check_keys(doc, where, raw, ("id", "label", "item"), (), label)
        expected = SECTION_IDS[s] if s < len(SECTION_IDS) else None
        if raw["id"] != expected:
            raise doc.error(where + ("id",), f"{label}: id moet '{expected}' zijn; de onderdelen zijn "
                                             f"{', '.join(SECTION_IDS)}, in die volgorde."
                            if expected else f"{label}: er zijn maar drie onderdelen ({', '.join(SECTION_IDS)}).")
        section_label = _text(doc, where + ("label",), raw["label"], f"{label}: label", MAX_LABEL)
        items: list[ChecklistItem] = []
        for n, item in enumerate(_table_list(doc, where + ("item",), raw["item"], label, "[[section.item]]")):
            item_where = where + ("item", n)
            item_label = f"punt {n + 1} van '{raw['id']}'"
            _check_keys(doc, item_where, item, ("id", "text"), ("kinds",), item_label)
            item_id = _identifier(doc, item_where + ("id",), item["id"], item_label, item_ids)
            item_label = f"punt '{item_id}'"
            text = _text(doc, item_where + ("text",), item["text"], f"{item_label}: text", MAX_ITEM_TEXT)
            kinds = _kinds(doc, item_where + ("kinds",), item.get("kinds"), item_label)
            items.append(ChecklistItem(item_id, text, kinds))
        sections.append(ChecklistSection(raw["id"], section_label, tuple(items)))
    if len(sections) != len(SECTION_IDS):
        raise doc.error(("section",), f"de checklist moet precies de onderdelen {', '.join(SECTION_IDS)} hebben.")
    return Checklist(checklist_id, title, tuple(sections))


def _kinds(doc: TomlDocument, where: Path_, value: Any, label: str) -> frozenset[str]:
    if value is None:
        return frozenset(CONVERSATION_KIND_CODES)
    if not isinstance(value, list) or not value:
        raise doc.error(where, f"{label}: kinds moet een niet-lege lijst zijn, bijv. [\"intake\"].")
    for n, kind in enumerate(value):
        if kind not in CONVERSATION_KIND_CODES:
            raise doc.error(where + (n,), f"{label}: onbekende gesprekssoort '{kind}'; kies uit "
                                          f"{', '.join(CONVERSATION_KIND_CODES)}.")
    return frozenset(value)


# --- the documents list ("Meenemen / opsturen") --------------------------------------------------------------

@dataclass(frozen=True, slots=True)
class DocumentChoice:
    id: str
    text: str


@dataclass(frozen=True, slots=True)
class DocumentList:
    """Short neutral items a resident brings or sends after a conversation; the summary shows the chosen ones."""

    id: str
    title: str
    items: tuple[DocumentChoice, ...]

    @property
    def texts(self) -> tuple[str, ...]:
        return tuple(item.text for item in self.items)


def load_document_list(path: Path | str) -> DocumentList:
    return parse_document_list(read_toml(path))


def parse_document_list(doc: TomlDocument) -> DocumentList:
    data = doc.data
    _check_keys(doc, (), data, ("format", "version", "id", "title", "item"), (), "Papierenlijst")
    _check_header(doc, DOCUMENTS_FORMAT)
    list_id = _identifier(doc, ("id",), data["id"], "Papierenlijst", set())
    title = _text(doc, ("title",), data["title"], "title", MAX_LABEL)
    seen: set[str] = set()
    texts: set[str] = set()
    items: list[DocumentChoice] = []
    for n, raw in enumerate(_table_list(doc, ("item",), data["item"], "De papierenlijst", "[[item]]")):
        where: Path_ = ("item", n)
        label = f"[[item]] nr. {n + 1}"
        _check_keys(doc, where, raw, ("id", "text"), (), label)
        item_id = _identifier(doc, where + ("id",), raw["id"], label, seen)
        text = _text(doc, where + ("text",), raw["text"], f"punt '{item_id}': text", MAX_DOCUMENT_TEXT)
        if text.casefold() in texts:
            raise doc.error(where + ("text",), f"punt '{item_id}': deze tekst staat er al.")
        texts.add(text.casefold())
        items.append(DocumentChoice(item_id, text))
    return DocumentList(list_id, title, tuple(items))


# --- the bridge -----------------------------------------------------------------------------------------------

def load_bridge(path: Path | str, *, built_in: bool = False) -> Bridge:
    return parse_bridge(read_toml(path), built_in=built_in)


def parse_bridge(doc: TomlDocument, *, built_in: bool = False) -> Bridge:
    data = doc.data
    _check_keys(doc, (), data, ("format", "version", "title", "pillar"), ("source",), "Brug")
    _check_header(doc, BRIDGE_FORMAT)
    title = _text(doc, ("title",), data["title"], "title", MAX_LABEL)
    source = _text(doc, ("source",), data["source"], "source", MAX_ITEM_TEXT) if "source" in data else ""
    raw_pillars = _table_list(doc, ("pillar",), data["pillar"], "De brug", "[[pillar]]")
    if len(raw_pillars) != 5:
        raise doc.error(("pillar", 5) if len(raw_pillars) > 5 else ("pillar",),
                        f"de brug heeft precies vijf pijlers ([[pillar]]); dit bestand heeft er "
                        f"{len(raw_pillars)}.")
    pillar_ids: set[str] = set()
    sub_ids: set[str] = set()
    pillars: list[Pillar] = []
    for p, raw in enumerate(raw_pillars):
        where: Path_ = ("pillar", p)
        label = f"pijler {p + 1}"
        _check_keys(doc, where, raw, ("id", "label", "sub_area"), ("short",), label)
        pillar_id = _identifier(doc, where + ("id",), raw["id"], label, pillar_ids)
        pillar_label = _text(doc, where + ("label",), raw["label"], f"{label}: label", MAX_LABEL)
        short = _text(doc, where + ("short",), raw["short"], f"{label}: short", 12) if "short" in raw \
            else pillar_label[:12]
        subs: list[SubArea] = []
        for s, sub in enumerate(_table_list(doc, where + ("sub_area",), raw["sub_area"], label,
                                            "[[pillar.sub_area]]")):
            sub_where = where + ("sub_area", s)
            sub_label = f"deelgebied {s + 1} van pijler '{pillar_id}'"
            _check_keys(doc, sub_where, sub, ("id", "label", "steps"), (), sub_label)
            sub_id = _identifier(doc, sub_where + ("id",), sub["id"], sub_label, sub_ids)
            sub_label = f"deelgebied '{sub_id}' van pijler '{pillar_id}'"
            text = _text(doc, sub_where + ("label",), sub["label"], f"{sub_label}: label", MAX_LABEL)
            steps = sub["steps"]
            if not isinstance(steps, list) or len(steps) != STEP_COUNT:
                count = len(steps) if isinstance(steps, list) else "geen lijst"
                raise doc.error(sub_where + ("steps",), f"{sub_label}: steps moet precies {STEP_COUNT} "
                                                        f"teksten hebben (trede 1 tot en met 5); gevonden: {count}.")
            texts = tuple(_text(doc, sub_where + ("steps", n), step, f"{sub_label}: trede {n + 1}", MAX_STEP_TEXT)
                          for n, step in enumerate(steps))
            subs.append(SubArea(sub_id, text, texts))
        pillars.append(Pillar(pillar_id, pillar_label, short, tuple(subs)))
    return Bridge(title, source, tuple(pillars), built_in=built_in)


@dataclass(frozen=True)
class BridgeLoad:
    """The bridge to work with, and a Dutch warning when a replacement could not be used."""

    bridge: Bridge
    warning: str = ""
    replaced: bool = False  # the organisation's replacement file is in use


def load_bridge_with_fallback(built_in: Path | str, replacement: Path | str | None) -> BridgeLoad:
    """The replacement file when it is valid; otherwise the built-in file with a visible warning.

    A broken built-in file is a packaging error and raises `DataFileError`."""
    if replacement:
        try:
            return BridgeLoad(load_bridge(replacement), replaced=True)
        except DataFileError as exc:
            return BridgeLoad(load_bridge(built_in, built_in=True),
                              f"De vervangende brug kon niet worden gebruikt. {exc} "
                              "Ketenregie gebruikt de meegeleverde neutrale teksten.")
    return BridgeLoad(load_bridge(built_in, built_in=True))
