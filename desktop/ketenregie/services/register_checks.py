"""Checks on the register's files *before* anything opens them, so bad input gets its own Dutch message and
nothing is written: a zero-byte register (SQLite would happily turn it into a new database), a register or key-slot
path that is a folder or a device, a folder Ketenregie may not write in (the unlock needs the WAL, the lock file and
an audit row). `services/register.py` calls `check_existing_register` before it takes a lock or opens a file; the
CLI and `doctor` use the same checks.
"""
from __future__ import annotations

import os
import stat
from pathlib import Path

from ketenregie.services.register import RegisterError

# SQLite's smallest page size: a register file is at least one page. A register is never empty on disk (even while
# open in WAL mode the first page is written at creation).
MIN_REGISTER_BYTES = 512


class RegisterFileUnusable(RegisterError):
    """A register or key-slot path that cannot be what it should be; nothing was opened or written."""


def _kind(mode: int) -> str | None:
    if stat.S_ISREG(mode):
        return None
    if stat.S_ISDIR(mode):
        return "een map"
    return "geen gewoon bestand"


def check_existing_register(register: Path, keyslots: Path) -> None:
    """Raise `RegisterFileUnusable` (Dutch, names no resident) when the files of an existing register cannot be
    opened safely. A missing file is left to the caller (RegisterNotFound / KeySlotsDamaged)."""
    register, keyslots = Path(register), Path(keyslots)
    try:
        info = os.stat(register)
    except FileNotFoundError:
        return
    except OSError as exc:
        raise RegisterFileUnusable(f"Het register is niet bereikbaar ({exc.strerror}). Er is niets gewijzigd.") \
            from None
    kind = _kind(info.st_mode)
    if kind:
        raise RegisterFileUnusable(f"Het pad van het register is {kind}, geen registerbestand. Er is niets "
                                   "gewijzigd. Kies het bestand register.ketenregie zelf.")
    if info.st_size == 0:
        raise RegisterFileUnusable("Het registerbestand is leeg (0 bytes): het is geen Ketenregie-register, of het "
                                   "kopiëren is misgegaan. Er is niets gewijzigd; zet het register uit een back-up "
                                   "terug.")
    if info.st_size < MIN_REGISTER_BYTES:
        raise RegisterFileUnusable(f"Het registerbestand is te klein ({info.st_size} bytes) om een register te "
                                   "zijn. Er is niets gewijzigd; zet het register uit een back-up terug.")
    try:
        keys_info = os.stat(keyslots)
    except FileNotFoundError:
        keys_info = None
    except OSError as exc:
        raise RegisterFileUnusable(f"Het sleutelbestand naast het register is niet bereikbaar ({exc.strerror}). "
                                   "Er is niets gewijzigd.") from None
    if keys_info is not None:
        kind = _kind(keys_info.st_mode)
        if kind:
            raise RegisterFileUnusable(f"Het sleutelbestand naast het register ({keyslots.name}) is {kind}, geen "
                                       "bestand. Er is niets gewijzigd; zet het sleutelbestand uit een back-up "
                                       "terug.")
    if not os.access(register, os.R_OK | os.W_OK) or not os.access(register.parent, os.W_OK | os.X_OK):
        raise RegisterFileUnusable("Ketenregie mag op deze plek niet schrijven (alleen-lezen). Een register "
                                   "openen schrijft altijd iets (de vergrendeling en de auditlog), dus het kan hier "
                                   "niet worden geopend. Er is niets gewijzigd; kopieer het register (met het "
                                   "sleutelbestand) naar een map waarin u mag schrijven.")
