"""Failed unlocks: how long to wait after how many, and how to say it. Pure rules, no files, no Qt.

The register layer (services/register.py) applies them to every origin — GUI, CLI and API alike — with the count
kept beside the register in a file of its own (store/unlock_attempts.py)."""
from __future__ import annotations

from dataclasses import dataclass
from datetime import datetime

FREE_ATTEMPTS = 3
MAX_DELAY_SECONDS = 30
_MONTHS_NL = ("januari", "februari", "maart", "april", "mei", "juni", "juli", "augustus", "september", "oktober",
              "november", "december")


def delay_seconds(failures: int) -> int:
    """Seconds to wait after `failures` failed unlocks in a row: none for 3, then 2, 4, 8, 16, capped at 30."""
    if failures <= FREE_ATTEMPTS:
        return 0
    return min(MAX_DELAY_SECONDS, 2 ** (failures - FREE_ATTEMPTS))


@dataclass(frozen=True)
class AttemptState:
    seq: int = 0  # grows by one with every failed attempt, never goes back (anchored in the key-slot file)
    failures: int = 0  # failed attempts since the last successful unlock
    first_failure: datetime | None = None
    last_failure: datetime | None = None

    def failed(self, now: datetime) -> "AttemptState":
        return AttemptState(self.seq + 1, self.failures + 1, self.first_failure or now, now)

    def cleared(self) -> "AttemptState":
        return AttemptState(self.seq, 0, None, None)

    def wait_left(self, now: datetime) -> int:
        """Whole seconds until the next attempt may run (0 = now)."""
        delay = delay_seconds(self.failures)
        if not delay or self.last_failure is None:
            return 0
        left = delay - (now - self.last_failure).total_seconds()
        if left > delay:  # the clock went back: wait the full delay, not forever
            return delay
        return max(0, int(left + 0.999))


def failures_notice(failures: int, since: datetime | None) -> str:
    """Dutch, for the user at the next successful unlock: "3 mislukte pogingen sinds 4 december 2026 14:03"."""
    if failures <= 0:
        return ""
    noun = "mislukte poging" if failures == 1 else "mislukte pogingen"
    if since is None:
        return f"{failures} {noun} om dit register te ontgrendelen sinds de vorige keer."
    local = since.astimezone()
    when = f"{local.day} {_MONTHS_NL[local.month - 1]} {local.year} {local:%H:%M}"
    return f"{failures} {noun} sinds {when} om dit register te ontgrendelen."
