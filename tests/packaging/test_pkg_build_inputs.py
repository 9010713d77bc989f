"""Build inputs: hash-pinned requirements cover the app's dependencies; the spec keeps the Qt modules in use."""
from __future__ import annotations

import ast
import re
import tomllib

from pkg_helpers import PACKAGING, REPO


def _pins() -> dict[str, str]:
    text = (PACKAGING / "requirements-build.txt").read_text(encoding="utf-8")
    pins = {}
    for block in re.split(r"\n(?=[A-Za-z0-9])", text):
        match = re.match(r"([A-Za-z0-9_.\-]+)==(\S+)", block)
        if match:
            assert "--hash=sha256:" in block, f"{match.group(1)} is pinned without a hash"
            pins[re.sub(r"[-_.]+", "-", match.group(1)).lower()] = match.group(2)
    return pins


def test_every_runtime_dependency_and_pyinstaller_is_pinned_with_hashes():
    pyproject = tomllib.loads((REPO / "pyproject.toml").read_text(encoding="utf-8"))
    pins = _pins()
    for requirement in pyproject["project"]["dependencies"]:
        name = re.sub(r"[-_.]+", "-", re.match(r"[A-Za-z0-9_.\-]+", requirement).group(0)).lower()
        assert name in pins, f"{name} is not in packaging/requirements-build.txt: run packaging/lock.sh"
    assert "pyinstaller" in pins


def _spec_list(name: str) -> list[str]:
    tree = ast.parse((PACKAGING / "ketenregie.spec").read_text(encoding="utf-8"))
    for node in tree.body:
        if isinstance(node, ast.Assign) and any(getattr(t, "id", None) == name for t in node.targets):
            return list(ast.literal_eval(node.value))
    raise AssertionError(f"{name} not found in the spec")


def test_spec_does_not_exclude_a_qt_module_the_app_imports():
    excluded = set(_spec_list("QT_EXCLUDED"))
    used = set()
    for path in (REPO / "desktop" / "ketenregie").rglob("*.py"):
        used |= set(re.findall(r"PySide6\.(Qt\w+)", path.read_text(encoding="utf-8")))
        used |= {m for line in re.findall(r"from PySide6 import ([^\n]+)", path.read_text(encoding="utf-8"))
                 for m in re.findall(r"Qt\w+", line)}
    wrongly_excluded = used & excluded
    assert not wrongly_excluded, f"the app uses {sorted(wrongly_excluded)}: remove them from QT_EXCLUDED"
