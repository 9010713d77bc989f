"""The one way Ketenregie reads a file that comes from outside the register: IT policy, equated days, checklists
and bridge, partner directory, letterhead logo, key-slot file, passphrase file, imports.

Every read is bounded, so a wrong or hostile file gives a clear Dutch finding instead of a hang or a crash:

- **regular files only**: a FIFO, `/dev/zero`, a socket or a directory is refused *without* reading from it (the
  file is opened non-blocking, so opening a FIFO with no writer does not hang, and checked with `fstat`);
- **a size limit** (`max_bytes`): at most `max_bytes + 1` bytes are ever read, also from a file that grows;
- **a nesting limit** for TOML and JSON (`max_depth`), checked on the text *before* it is parsed: CPython's
  `tomllib` recurses per `[`/`{` (a deeply nested 200 KB file raises RecursionError) and takes quadratic time and
  memory on a long dotted key (`a.a.a…`, hundreds of MB for 200 KB), `json` recurses too;
- **UTF-8, with or without BOM** (Windows Notepad writes one).

Failures raise `FileRefused` (a `ValueError`) whose `reason` is Dutch, names no content and can be put after a file
name: "Bestand X: <reason>". This module uses the standard library only, so every room — the domain's loaders
included — may use it (tests/test_architecture.py allows exactly this module in the domain).
"""
from __future__ import annotations

import codecs
import json
import os
import re
import stat
import tomllib
from pathlib import Path
from typing import Any

KIB = 1024
MIB = 1024 * KIB
DEFAULT_MAX_BYTES = 1 * MIB  # far above any policy, checklist, calendar or directory file we know of
DEFAULT_MAX_DEPTH = 32  # our formats nest 4-6 levels deep

_OPEN_FLAGS = (os.O_RDONLY | getattr(os, "O_NONBLOCK", 0) | getattr(os, "O_NOCTTY", 0)
               | getattr(os, "O_CLOEXEC", 0) | getattr(os, "O_BINARY", 0))


class FileRefused(ValueError):
    """A file that cannot be used; `reason` is Dutch, without the file's content."""

    def __init__(self, path: Path | str, reason: str) -> None:
        self.path = Path(path)
        self.reason = reason
        super().__init__(f"Bestand '{path}': {reason}")


class FileMissing(FileRefused):
    def __init__(self, path: Path | str) -> None:
        super().__init__(path, "het bestand bestaat niet.")


def _size_text(max_bytes: int) -> str:
    if max_bytes >= MIB and max_bytes % MIB == 0:
        return f"{max_bytes // MIB} MiB"
    if max_bytes >= KIB and max_bytes % KIB == 0:
        return f"{max_bytes // KIB} KiB"
    return f"{max_bytes} bytes"


def _not_regular(mode: int) -> str | None:
    if stat.S_ISREG(mode):
        return None
    if stat.S_ISDIR(mode):
        return "het is een map, geen bestand."
    if stat.S_ISFIFO(mode):
        return "het is een pijp (FIFO), geen gewoon bestand."
    if stat.S_ISCHR(mode) or stat.S_ISBLK(mode):
        return "het is een apparaat, geen gewoon bestand."
    if stat.S_ISSOCK(mode):
        return "het is een socket, geen gewoon bestand."
    return "het is geen gewoon bestand."


def _os_reason(exc: OSError) -> str:
    if isinstance(exc, PermissionError):
        return "u heeft geen leesrechten op dit bestand."
    if isinstance(exc, IsADirectoryError):
        return "het is een map, geen bestand."
    return f"het bestand is niet leesbaar ({exc.strerror or type(exc).__name__})."


def read_bytes(path: Path | str, *, max_bytes: int = DEFAULT_MAX_BYTES) -> bytes:
    """The bytes of the regular file `path` (at most `max_bytes`), or `FileRefused`."""
    path = Path(path)
    try:
        before = os.stat(path)  # refuse a device or FIFO before even opening it
    except FileNotFoundError:
        raise FileMissing(path) from None
    except OSError as exc:
        raise FileRefused(path, _os_reason(exc)) from None
    problem = _not_regular(before.st_mode)
    if problem:
        raise FileRefused(path, problem)
    if before.st_size > max_bytes:
        raise FileRefused(path, f"het bestand is te groot (meer dan {_size_text(max_bytes)}).")
    try:
        fd = os.open(path, _OPEN_FLAGS)
    except FileNotFoundError:
        raise FileMissing(path) from None
    except OSError as exc:
        raise FileRefused(path, _os_reason(exc)) from None
    try:
        problem = _not_regular(os.fstat(fd).st_mode)  # the file may have been swapped since the stat above
        if problem:
            raise FileRefused(path, problem)
        chunks: list[bytes] = []
        remaining = max_bytes + 1
        while remaining > 0:
            chunk = os.read(fd, min(remaining, 256 * KIB))
            if not chunk:
                break
            chunks.append(chunk)
            remaining -= len(chunk)
    except OSError as exc:
        raise FileRefused(path, _os_reason(exc)) from None
    finally:
        os.close(fd)
    data = b"".join(chunks)
    if len(data) > max_bytes:
        raise FileRefused(path, f"het bestand is te groot (meer dan {_size_text(max_bytes)}).")
    return data


def decode_text(path: Path | str, data: bytes) -> str:
    """UTF-8 text, a leading BOM dropped; `FileRefused` when it is not UTF-8."""
    if data.startswith(codecs.BOM_UTF8):
        data = data[len(codecs.BOM_UTF8):]
    try:
        return data.decode("utf-8")
    except UnicodeDecodeError:
        raise FileRefused(path, "het bestand is geen UTF-8-tekst.") from None


def read_text(path: Path | str, *, max_bytes: int = DEFAULT_MAX_BYTES) -> str:
    return decode_text(path, read_bytes(path, max_bytes=max_bytes))


def read_first_line(stream, *, max_bytes: int, what: str = "standaardinvoer") -> str:
    """The first line of a binary stream (stdin), reading at most `max_bytes + 1` bytes: `/dev/zero` or an
    endless pipe gives `FileRefused` instead of filling memory."""
    data = stream.readline(max_bytes + 1)
    if len(data) > max_bytes:
        raise FileRefused(what, f"de invoer is te lang (meer dan {_size_text(max_bytes)} zonder regeleinde).")
    text = decode_text(what, data)
    return text.splitlines()[0] if text else ""


# --- TOML -----------------------------------------------------------------------------------------------------

# Characters that matter for nesting; everything else (bare keys, numbers, dates, whitespace) is skipped at once.
_TOML_SPECIAL = re.compile(r"[\"'#\[\]{}=.,\n]")


def toml_nesting_depth(text: str, *, stop_above: int | None = None) -> int:
    """An upper bound of how deep the TOML `text` nests tables, arrays and dotted keys, found without parsing it
    (so without recursion): every `[`/`{` of a value and every part of a dotted key counts one level. Strings and
    comments are skipped. Stops early once the depth exceeds `stop_above`."""
    stack: list[tuple[str, int]] = []  # open containers of values: (bracket, depth of what holds it)
    header_depth = 0  # depth of the current [table] / [[array]]
    key_parts = 0  # parts of the key being read (a.b.c = 3 parts)
    expect_key = True
    line_start = True
    deepest = 0
    i, n = 0, len(text)

    def base() -> int:
        return stack[-1][1] if stack else header_depth

    while i < n:
        match = _TOML_SPECIAL.search(text, i)
        if match is None:
            break
        j = match.start()
        if expect_key and text[i:j].strip():
            key_parts = max(key_parts, 1)
        if text[i:j].strip():
            line_start = False
        c = text[j]
        i = j + 1
        if c == "\n":
            if not stack:
                expect_key, key_parts, line_start = True, 0, True
            continue
        if c == "#":
            end = text.find("\n", i)
            i = n if end < 0 else end
            continue
        if c in "\"'":
            if expect_key:
                key_parts = max(key_parts, 1)
            i = _skip_toml_string(text, j)
            line_start = False
            continue
        if expect_key and not stack and line_start and c == "[":
            i, header_depth = _skip_toml_header(text, j, stop_above)
            deepest = max(deepest, header_depth)
            line_start = False
            if stop_above is not None and deepest > stop_above:
                return deepest
            continue
        line_start = False
        if expect_key:
            if c == ".":
                key_parts += 1
                if stop_above is not None and base() + key_parts > stop_above:
                    return base() + key_parts
            elif c == "=":
                expect_key = False
                deepest = max(deepest, base() + max(key_parts, 1))
            elif c == "}" and stack and stack[-1][0] == "{":  # an empty inline table {}
                stack.pop()
                expect_key = False
            continue
        # value context
        if c in "[{":
            holder = base() + max(key_parts, 1) if key_parts else base() + 1
            stack.append((c, holder))
            deepest = max(deepest, holder)
            key_parts = 0
            if c == "{":
                expect_key = True
            if stop_above is not None and deepest > stop_above:
                return deepest
        elif c in "]}":
            if stack:
                stack.pop()
        elif c == "," and stack and stack[-1][0] == "{":
            expect_key, key_parts = True, 0
    return deepest


def _skip_toml_string(text: str, start: int) -> int:
    quote = text[start]
    if text.startswith(quote * 3, start):
        end = text.find(quote * 3, start + 3) if quote == "'" else _find_unescaped(text, quote * 3, start + 3)
        if end < 0:
            return len(text)
        end += 3
        extra = 0
        while end < len(text) and text[end] == quote and extra < 2:  # up to two quotes may end the content
            end, extra = end + 1, extra + 1
        return end
    if quote == "'":
        end = text.find("'", start + 1)
        return len(text) if end < 0 else end + 1
    end = _find_unescaped(text, '"', start + 1)
    return len(text) if end < 0 else end + 1


def _find_unescaped(text: str, needle: str, i: int) -> int:
    while True:
        end = text.find(needle, i)
        if end < 0:
            return -1
        backslashes = 0
        k = end - 1
        while k >= i and text[k] == "\\":
            backslashes += 1
            k -= 1
        if backslashes % 2 == 0:
            return end
        i = end + 1


def _skip_toml_header(text: str, start: int, stop_above: int | None) -> tuple[int, int]:
    """Skip a [table] or [[array of tables]] header; returns (index after it, its depth)."""
    i = start + 1
    depth = 1
    if text.startswith("[", i):
        i += 1
        depth += 1  # an array of tables adds the array level
    n = len(text)
    while i < n:
        c = text[i]
        if c in "\"'":
            i = _skip_toml_string(text, i)
            continue
        if c == ".":
            depth += 1
            if stop_above is not None and depth > stop_above:
                return i, depth
        elif c in "]\n":
            break
        i += 1
    while i < n and text[i] == "]":
        i += 1
    return i, depth


def check_toml_nesting(path: Path | str, text: str, *, max_depth: int = DEFAULT_MAX_DEPTH) -> None:
    if toml_nesting_depth(text, stop_above=max_depth) > max_depth:
        raise FileRefused(path, f"het bestand is te diep genest (meer dan {max_depth} niveaus).")


def parse_toml(path: Path | str, text: str, *, max_depth: int = DEFAULT_MAX_DEPTH) -> dict[str, Any]:
    """Parse TOML text after the nesting check; `tomllib.TOMLDecodeError` passes through for syntax errors (its
    message has line and column), so callers can point at the line."""
    check_toml_nesting(path, text, max_depth=max_depth)
    try:
        data = tomllib.loads(text)
    except RecursionError:  # belt and braces: the pre-scan should have caught it
        raise FileRefused(path, f"het bestand is te diep genest (meer dan {max_depth} niveaus).") from None
    if _data_depth(data) > max_depth:
        raise FileRefused(path, f"het bestand is te diep genest (meer dan {max_depth} niveaus).")
    return data


def read_toml(path: Path | str, *, max_bytes: int = DEFAULT_MAX_BYTES,
              max_depth: int = DEFAULT_MAX_DEPTH) -> dict[str, Any]:
    """A bounded TOML file as a dict. `FileRefused` for an unusable file, `tomllib.TOMLDecodeError` for a
    syntax error."""
    return parse_toml(path, read_text(path, max_bytes=max_bytes), max_depth=max_depth)


# --- JSON -----------------------------------------------------------------------------------------------------

_JSON_SPECIAL = re.compile(r'["\[\]{}]')


def json_nesting_depth(text: str, *, stop_above: int | None = None) -> int:
    depth = deepest = 0
    i = 0
    while True:
        match = _JSON_SPECIAL.search(text, i)
        if match is None:
            return deepest
        c, i = match.group(), match.end()
        if c == '"':
            end = _find_unescaped(text, '"', i)
            i = len(text) if end < 0 else end + 1
        elif c in "[{":
            depth += 1
            deepest = max(deepest, depth)
            if stop_above is not None and deepest > stop_above:
                return deepest
        else:
            depth = max(0, depth - 1)


def parse_json(path: Path | str, text: str, *, max_depth: int = DEFAULT_MAX_DEPTH, **loads_kwargs: Any) -> Any:
    """Parse JSON text after the nesting check; `json.JSONDecodeError` (a ValueError) passes through."""
    if json_nesting_depth(text, stop_above=max_depth) > max_depth:
        raise FileRefused(path, f"het bestand is te diep genest (meer dan {max_depth} niveaus).")
    return json.loads(text, **loads_kwargs)


def read_json(path: Path | str, *, max_bytes: int = DEFAULT_MAX_BYTES, max_depth: int = DEFAULT_MAX_DEPTH,
              **loads_kwargs: Any) -> Any:
    return parse_json(path, read_text(path, max_bytes=max_bytes), max_depth=max_depth, **loads_kwargs)


def _data_depth(value: Any) -> int:
    """Depth of parsed data, without recursion."""
    deepest = 0
    todo: list[tuple[Any, int]] = [(value, 1)]
    while todo:
        item, depth = todo.pop()
        if isinstance(item, dict):
            deepest = max(deepest, depth)
            todo.extend((v, depth + 1) for v in item.values())
        elif isinstance(item, list):
            deepest = max(deepest, depth)
            todo.extend((v, depth + 1) for v in item)
    return deepest
