"""The dependency rule of DESIGN.md §2: domain, store, vault and documents never import Qt;
the domain imports no database either; SQL lives only in store/."""
from __future__ import annotations

import ast
import re
import subprocess
import sys
from pathlib import Path

import pytest

PACKAGE = Path(__file__).resolve().parents[1] / "desktop" / "ketenregie"
QT_FREE_ROOMS = ["domain", "store", "vault", "documents", "services"]


def _modules(room: str) -> list[Path]:
    return sorted((PACKAGE / room).rglob("*.py"))


def _imported_roots(path: Path) -> set[str]:
    roots = set()
    for node in ast.walk(ast.parse(path.read_text(encoding="utf-8"))):
        if isinstance(node, ast.Import):
            roots.update(alias.name.split(".")[0] for alias in node.names)
        elif isinstance(node, ast.ImportFrom) and node.module and node.level == 0:
            roots.add(node.module.split(".")[0])
            if node.module == "ketenregie":  # from ketenregie import bounded_read
                roots.update(f"ketenregie.{alias.name}" for alias in node.names)
            if node.module.startswith("ketenregie."):
                roots.add(".".join(node.module.split(".")[:2]))
    return roots


@pytest.mark.parametrize("room", QT_FREE_ROOMS)
def test_room_never_imports_qt_even_lazily(room):
    offenders = [p.name for p in _modules(room) if {"PySide6", "shiboken6"} & _imported_roots(p)]
    assert offenders == []


def test_domain_imports_no_database_and_nothing_of_ours_outside_domain():
    for path in _modules("domain"):
        roots = _imported_roots(path)
        assert not roots & {"sqlcipher3", "sqlite3", "PySide6"}, path.name
        ours = {r for r in roots if r.startswith("ketenregie.")}
        # bounded_read is a standard-library-only leaf (tests/test_bounded_read.py checks it): the one way any
        # room, the domain's loaders included, reads a file from outside.
        assert ours <= {"ketenregie.domain", "ketenregie.bounded_read"}, (path.name, ours)


def test_qt_free_rooms_load_without_qt_at_runtime():
    modules = [
        "ketenregie." + str(p.relative_to(PACKAGE).with_suffix("")).replace("/", ".").replace(".__init__", "")
        for room in QT_FREE_ROOMS for p in _modules(room)
    ]
    code = ("import sys, importlib\n"
            f"for name in {modules!r}: importlib.import_module(name)\n"
            "bad = [m for m in sys.modules if m.startswith(('PySide6', 'shiboken6'))]\n"
            "assert not bad, bad\n")
    result = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True,
                            env={"PYTHONPATH": str(PACKAGE.parent), "PATH": ""})
    assert result.returncode == 0, result.stderr[-2000:]


_SQL = re.compile(r"\b(SELECT\s+.+\s+FROM|INSERT\s+INTO|UPDATE\s+\w+\s+SET|DELETE\s+FROM|CREATE\s+TABLE)\b",
                  re.IGNORECASE)


def test_sql_lives_only_in_store():
    offenders = []
    for path in PACKAGE.rglob("*.py"):
        rel = path.relative_to(PACKAGE)
        if rel.parts[0] == "store" or rel.name == "doctor.py":  # doctor asks SQLCipher for its version only
            continue
        if _SQL.search(path.read_text(encoding="utf-8")):
            offenders.append(str(rel))
    assert offenders == []
