"""Throwaway demo registers with clearly fictitious data, for demos, screenshots and benchmarks."""
from __future__ import annotations

from pathlib import Path

from ketenregie.config import load_policy
from ketenregie.register import create_register
from ketenregie.vault.kdf import KdfParams


def create_demo_register(path: Path, passphrase: str) -> str:
    """Create a demo register and return its recovery code. The KDF uses the floor parameters (64 MiB, 3
    passes): a demo holds fictitious data only, and a quick start matters more than offline resistance."""
    register, code, _notices = create_register(path, passphrase, policy=load_policy(), kdf=KdfParams.minimum(),
                                               origin="cli")
    register.close("quit")
    return code
