"""Build inputs: hash-pinned requirements cover the app's dependencies, agree with pyproject.toml and never lock
an excluded (crashing) Python/PySide6 pair; the spec keeps the Qt modules in use."""
from __future__ import annotations

import ast
import re
import tomllib
from typing import NamedTuple

import pytest
from packaging.markers import Marker
from packaging.requirements import Requirement
from packaging.version import Version

from pkg_helpers import PACKAGING, REPO

LOCKED_PYTHON = "3.11"  # packaging/lock.sh resolves for CPython 3.11 (uv --python-version 3.11)
PLATFORMS = ("linux", "win32", "darwin")  # uv --universal: one lock for all three


class Pin(NamedTuple):
    name: str
    version: str
    marker: Marker | None


def _normal(name: str) -> str:
    return re.sub(r"[-_.]+", "-", name).lower()


def _pins() -> list[Pin]:
    text = (PACKAGING / "requirements-build.txt").read_text(encoding="utf-8")
    pins = []
    for block in re.split(r"\n(?=[A-Za-z0-9])", text):
        match = re.match(r"([A-Za-z0-9_.\-]+)==([^\s;]+)\s*(?:;\s*([^\\\n]+?))?\s*\\", block)
        if match:
            assert "--hash=sha256:" in block, f"{match.group(1)} is pinned without a hash"
            marker = Marker(match.group(3)) if match.group(3) else None
            pins.append(Pin(_normal(match.group(1)), match.group(2), marker))
    assert pins, "no pins found in packaging/requirements-build.txt"
    return pins


def _environment(python: str, platform: str) -> dict[str, str]:
    full = python if python.count(".") == 2 else python + ".0"
    return {"python_version": ".".join(full.split(".")[:2]), "python_full_version": full, "sys_platform": platform,
            "platform_python_implementation": "CPython", "implementation_name": "cpython",
            "platform_system": {"linux": "Linux", "win32": "Windows", "darwin": "Darwin"}[platform],
            "os_name": "nt" if platform == "win32" else "posix", "platform_machine": "x86_64",
            "implementation_version": full, "platform_release": "", "platform_version": "", "extra": ""}


def _applies(marker: Marker | None, environment: dict[str, str]) -> bool:
    return marker is None or marker.evaluate(environment)


def _pyproject() -> dict:
    return tomllib.loads((REPO / "pyproject.toml").read_text(encoding="utf-8"))


def _dependencies() -> list[Requirement]:
    return [Requirement(line) for line in _pyproject()["project"]["dependencies"]]


def _excluded_pairs() -> list[dict]:
    return _pyproject()["tool"]["ketenregie"]["excluded-qt-python-pairs"]


def test_every_runtime_dependency_and_pyinstaller_is_pinned_with_hashes():
    pins = {pin.name for pin in _pins()}
    for requirement in _dependencies():
        name = _normal(requirement.name)
        assert name in pins, f"{name} is not in packaging/requirements-build.txt: run packaging/lock.sh"
    assert "pyinstaller" in pins


@pytest.mark.parametrize("platform", PLATFORMS)
def test_locked_versions_satisfy_pyproject_for_the_locked_python(platform):
    """Exactly one pin per runtime dependency applies to each platform, and it satisfies pyproject.toml."""
    environment = _environment(LOCKED_PYTHON, platform)
    pins = [pin for pin in _pins() if _applies(pin.marker, environment)]
    for requirement in _dependencies():
        if not _applies(requirement.marker, environment):
            continue
        name = _normal(requirement.name)
        versions = [pin.version for pin in pins if pin.name == name]
        assert len(versions) == 1, f"{name}: {len(versions)} pins apply on {platform}: run packaging/lock.sh"
        assert requirement.specifier.contains(versions[0], prereleases=True), (
            f"{name}=={versions[0]} is locked but pyproject.toml asks {requirement.specifier}: run packaging/lock.sh")


def test_pyproject_markers_exclude_every_crashing_qt_python_pair():
    pairs = _excluded_pairs()
    assert pairs, "the known crashing pair (PySide6 6.12.0 on CPython 3.11) must stay listed"
    for pair in pairs:
        assert (REPO / pair["test"]).is_file(), f"regression test {pair['test']} is missing"
        for platform in PLATFORMS:
            environment = _environment(pair["python"], platform)
            applying = [r for r in _dependencies()
                        if _normal(r.name) == "pyside6-essentials" and _applies(r.marker, environment)]
            assert applying, f"no PySide6 requirement for Python {pair['python']} on {platform}"
            for requirement in applying:
                assert not requirement.specifier.contains(pair["pyside6"], prereleases=True), (
                    f"pyproject.toml allows the crashing pair PySide6 {pair['pyside6']} on Python {pair['python']}")


def test_locked_build_requirements_never_install_a_crashing_qt_python_pair():
    pins = _pins()
    for pair in _excluded_pairs():
        for platform in PLATFORMS:
            environment = _environment(pair["python"], platform)
            for name in ("pyside6-essentials", "shiboken6"):  # shiboken6 is released in step with PySide6
                locked = [pin.version for pin in pins if pin.name == name and _applies(pin.marker, environment)]
                assert len(locked) == 1, f"{name}: {locked} apply to Python {pair['python']} on {platform}"
                assert Version(locked[0]) != Version(pair["pyside6"]), (
                    f"requirements-build.txt locks {name} {locked[0]} for Python {pair['python']}: a crashing "
                    "pair; run packaging/lock.sh")


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
