"""Throwaway demo registers with clearly fictitious data, for demos, screenshots and benchmarks."""
from __future__ import annotations

from datetime import date
from pathlib import Path

from ketenregie.config import load_policy
from ketenregie.domain.demo_data import DEFAULT_SEED, generate_cases
from ketenregie.register import Register, create_register
from ketenregie.store.case_repository import CaseRepository
from ketenregie.store.partner_repository import PartnerRepository
from ketenregie.vault.kdf import KdfParams


def create_demo_register(path: Path, passphrase: str, cases: int = 0, *, today: date | None = None,
                         seed: int = DEFAULT_SEED) -> str:
    """Create a demo register and return its recovery code. The KDF uses the floor parameters (64 MiB, 3
    passes): a demo holds fictitious data only, and a quick start matters more than offline resistance.

    `cases`: that many fictitious cases (domain/demo_data.py), inserted in one transaction with one audit entry."""
    register, code, _notices = create_register(path, passphrase, policy=load_policy(), kdf=KdfParams.minimum(),
                                               origin="cli")
    try:
        if cases:
            fill_demo_cases(register, cases, today=today or date.today(), seed=seed)
    finally:
        register.close("quit")
    return code


def fill_demo_cases(register: Register, count: int, *, today: date, seed: int = DEFAULT_SEED) -> list[str]:
    """Add `count` fictitious cases to an open register; returns their case numbers."""
    partners = PartnerRepository(register.db).list_partners()
    repository = CaseRepository(register.db, register.audit, clock=lambda: today)
    return repository.bulk_insert(generate_cases(count, today=today, partners=partners, seed=seed))
