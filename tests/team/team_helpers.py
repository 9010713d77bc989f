"""Helpers for the team tests (imported by name; pytest puts this folder on sys.path): real registers with a
team identity, made with the fast KDF floor."""
from __future__ import annotations

from dataclasses import dataclass
from datetime import date
from pathlib import Path

from ketenregie.config import load_policy
from ketenregie.demo import fill_demo_activity, fill_demo_cases
from ketenregie.services.register import Register, create_register, open_register
from ketenregie.services.team import TeamService
from ketenregie.vault.kdf import KdfParams

PASSPHRASE = "Fietsbel wolk pannenkoek ladder zeven"
TODAY = date(2026, 3, 16)


@dataclass
class Member:
    register: Register
    team: TeamService
    path: Path


def make_member(folder: Path, name: str, role: str = "ketenregisseur", cases: int = 0) -> Member:
    folder.mkdir(parents=True, exist_ok=True)
    path = folder / "register.ketenregie"
    register, _code, _notices = create_register(path, PASSPHRASE, policy=load_policy(), kdf=KdfParams.minimum(),
                                                origin="cli")
    if cases:
        fill_demo_cases(register, cases, today=TODAY)
        fill_demo_activity(register, today=TODAY)
    team = TeamService(register)
    team.set_up_identity(name, role)
    return Member(register, team, path)


def introduce(a: Member, b: Member, *, verified: bool = True) -> tuple[int, int]:
    """Exchange cards both ways; returns (b's id in a's list, a's id in b's list)."""
    b_in_a = a.team.add_colleague(b.team.identity().card(), verified=verified).id
    a_in_b = b.team.add_colleague(a.team.identity().card(), verified=verified).id
    return b_in_a, a_in_b


def open_member(path: Path) -> Member:
    register = open_register(path, PASSPHRASE, policy=load_policy(), origin="cli")
    return Member(register, TeamService(register), path)
