"""`ketenregie doctor`: a truthful health report for IT. Names versions, paths and policy; never case data."""
from __future__ import annotations

import platform
import secrets
import sys
from dataclasses import dataclass
from pathlib import Path

from ketenregie import __version__
from ketenregie.paths import AppPaths, is_private_dir


@dataclass(frozen=True)
class Check:
    level: str  # "ok" | "warning" | "error"
    label: str
    detail: str


_PREFIX = {"ok": "OK     ", "warning": "LET OP ", "error": "FOUT   "}


def collect_checks(paths: AppPaths, register: Path | None = None) -> list[Check]:
    checks = [Check("ok", "Ketenregie", __version__),
              Check("ok", "Python", f"{platform.python_version()} ({platform.platform(terse=True)})")]
    checks += _qt_checks()
    checks += _sqlcipher_checks()
    checks += _keyring_checks()
    checks += _dir_checks(paths)
    checks += _policy_checks()
    checks += _calendar_checks()
    checks += _checklist_checks()
    checks += _letter_checks()
    checks += _register_checks(register or paths.default_register)
    return checks


def _qt_checks() -> list[Check]:
    try:
        import PySide6
        from PySide6.QtCore import qVersion

        return [Check("ok", "Qt", f"{qVersion()} (PySide6 {PySide6.__version__})")]
    except Exception as exc:  # an incomplete bundle must be reported, not crash doctor
        return [Check("error", "Qt", f"niet te laden: {type(exc).__name__}")]


def _sqlcipher_checks() -> list[Check]:
    try:
        from sqlcipher3 import dbapi2 as sqlcipher

        conn = sqlcipher.connect(":memory:")
        conn.execute(f"PRAGMA key = \"x'{secrets.token_hex(32)}'\"")
        cipher = conn.execute("PRAGMA cipher_version").fetchone()
        provider = conn.execute("PRAGMA cipher_provider").fetchone()
        provider_version = conn.execute("PRAGMA cipher_provider_version").fetchone()
        sqlite_version = conn.execute("SELECT sqlite_version()").fetchone()[0]
        conn.close()
    except Exception as exc:
        return [Check("error", "SQLCipher", f"niet te laden: {type(exc).__name__}")]
    if not cipher:
        return [Check("error", "SQLCipher", "de sqlite-bibliotheek heeft geen versleuteling")]
    return [Check("ok", "SQLCipher", f"{cipher[0]} (SQLite {sqlite_version})"),
            Check("ok", "Cryptobibliotheek", " ".join(x[0] for x in (provider, provider_version) if x))]


def _keyring_checks() -> list[Check]:
    from ketenregie.vault.device_secret import describe_backend, is_available

    description = describe_backend().removeprefix("Sleutelbos: ")
    if is_available():
        return [Check("ok", "Sleutelbos", description)]
    return [Check("warning", "Sleutelbos", f"{description} Registers werken met alleen de wachtwoordzin.")]


def _dir_checks(paths: AppPaths) -> list[Check]:
    checks = []
    for label, folder in (("Gegevensmap", paths.data_dir), ("Logmap", paths.log_dir)):
        if not folder.exists():
            checks.append(Check("warning", label, f"{folder} (bestaat nog niet)"))
        elif not is_private_dir(folder):
            checks.append(Check("error", label, f"{folder} is leesbaar voor anderen; alleen de gebruiker mag erbij"))
        else:
            checks.append(Check("ok", label, f"{folder} (alleen voor deze gebruiker)"))
    return checks


def _policy_checks() -> list[Check]:
    from ketenregie.config import load_policy

    policy = load_policy()
    checks = [Check("ok", "Beleid", f"bron: {policy.source}")]
    for problem in policy.problems:
        checks.append(Check("error" if problem.severity == "error" else "warning", "Beleid", problem.message))
    return checks


def _calendar_checks() -> list[Check]:
    from datetime import date

    from ketenregie.calendar_source import CalendarUnavailable, load_calendar

    try:
        calendar = load_calendar()
    except CalendarUnavailable as exc:
        return [Check("error", "Atw-kalender", str(exc))]
    years = sorted(calendar.covered_years)
    span = f"{years[0]}–{years[-1]}" if years else "geen"
    this_year = date.today().year
    if not calendar.year_is_covered(this_year + 1):
        return [Check("warning", "Atw-kalender",
                      f"gelijkgestelde dagen bekend voor {span}; vul de lijst aan voor {this_year + 1} e.v.")]
    return [Check("ok", "Atw-kalender", f"gelijkgestelde dagen bekend voor {span}")]


def _letter_checks() -> list[Check]:
    """Issue 4: the letterhead logo and IT's partner directory file named by policy."""
    from ketenregie.config import load_policy
    from ketenregie.services.referral import policy_findings

    return [Check(level, label, detail) for level, label, detail in policy_findings(load_policy())]


def _checklist_checks() -> list[Check]:
    from ketenregie.checklist_source import active_bridge, active_checklist

    try:
        active_checklist()
    except Exception as exc:  # a damaged shipped file means a damaged installation
        return [Check("error", "Gesprekschecklist", str(exc))]
    load = active_bridge()
    if load.warning:
        return [Check("error", "Brug naar zelfredzaamheid", load.warning)]
    source = "vervangen door IT-bestand" if load.replaced else "meegeleverde versie"
    return [Check("ok", "Brug naar zelfredzaamheid", source)]


def _register_checks(register: Path) -> list[Check]:
    from ketenregie.services.register import RegisterFiles

    from ketenregie.services.register_checks import RegisterFileUnusable, check_existing_register

    files = RegisterFiles(register)
    if not files.register.exists():
        return [Check("ok", "Register", f"nog geen register op {register}")]
    try:
        check_existing_register(files.register, files.keyslots)  # zero bytes, a folder, read-only
    except RegisterFileUnusable as exc:
        return [Check("error", "Register", exc.user_message)]
    checks = [Check("ok", "Register", str(register))]
    if not files.keyslots.exists():
        checks.append(Check("error", "Sleutelbestand", f"{files.keyslots} ontbreekt"))
    else:
        from ketenregie.vault.keyslots import KeySlotFile, VaultError

        try:
            slots = KeySlotFile.load(files.keyslots)
            kinds = ", ".join(sorted({slot.kind for slot in slots.slots}))
            checks.append(Check("ok", "Sleutelbestand", f"intact ({kinds})"))
        except VaultError as exc:
            checks.append(Check("error", "Sleutelbestand", exc.user_message))
    return checks


def run_doctor(paths: AppPaths, register: Path | None = None) -> int:
    checks = collect_checks(paths, register)
    for check in checks:
        print(f"{_PREFIX[check.level]}{check.label}: {check.detail}")
    errors = sum(c.level == "error" for c in checks)
    print(f"\n{errors} fout(en), {sum(c.level == 'warning' for c in checks)} waarschuwing(en).")
    return 1 if errors else 0


if __name__ == "__main__":  # pragma: no cover
    sys.exit(run_doctor(AppPaths.from_environment()))
