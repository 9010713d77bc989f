"""Two real registers in tmp_path (fast KDF), each with a team identity: Anna (sender, demo cases with activity),
Bram and Carla (empty). Made once per session; each test works on its own copy of the files."""
from __future__ import annotations

import shutil
from pathlib import Path

import pytest

from team_helpers import Member, make_member, open_member


@pytest.fixture(scope="session")
def templates(tmp_path_factory):
    """Anna's and Bram's registers are made once (the KDF and the demo activity take seconds on a shared
    machine); each test works on its own copy of the files."""
    folder = tmp_path_factory.mktemp("team-templates")
    made = {}
    for key, name, cases in (("anna", "Anna de Vries", 30), ("bram", "Bram Jansen", 0),
                               ("carla", "Carla Smit", 0)):
        member = make_member(folder / key, name, cases=cases)
        member.register.close("quit")
        made[key] = member.path.parent
    return made


def _copy(templates, key: str, tmp_path: Path) -> Member:
    target = tmp_path / key
    shutil.copytree(templates[key], target, ignore=shutil.ignore_patterns("*.lock", "backups"))
    return open_member(target / "register.ketenregie")


@pytest.fixture
def anna(templates, tmp_path):
    member = _copy(templates, "anna", tmp_path)
    yield member
    member.register.close("quit")


@pytest.fixture
def carla(templates, tmp_path):
    member = _copy(templates, "carla", tmp_path)
    yield member
    member.register.close("quit")


@pytest.fixture
def bram(templates, tmp_path):
    member = _copy(templates, "bram", tmp_path)
    yield member
    member.register.close("quit")
