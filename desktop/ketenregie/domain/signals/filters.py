"""Filtering the signal-case list (werkbakjes): by queue, partner kind, crisis and a search on name or postcode.

Pure and fast: one pass over plain rows (duck-typed: `queue`, `partner_kinds`, `crisis`, `name`, `postcode`), so a
filter change at 50,000 signal cases stays within the 30 ms budget (tests/benchmarks/test_signals_bench.py).
"""
from __future__ import annotations

from collections import Counter
from collections.abc import Sequence
from dataclasses import dataclass

from ketenregie.domain.signals.codes import SignalPartnerKind
from ketenregie.domain.signals.triage import Queue


@dataclass(frozen=True, slots=True)
class SignalFilter:
    queue: Queue | None = None  # None: every open queue (not the closed cases)
    partner_kind: SignalPartnerKind | None = None
    crisis_only: bool = False
    search: str = ""

    def apply(self, rows: Sequence) -> list[int]:
        """Indices of the matching rows, in their order."""
        wanted_queue = self.queue
        kind = self.partner_kind
        text = self.search.strip().casefold()
        compact = text.replace(" ", "")
        out = []
        for i, r in enumerate(rows):
            if wanted_queue is None:
                if r.queue == Queue.CLOSED:
                    continue
            elif r.queue != wanted_queue:
                continue
            if kind is not None and kind not in r.partner_kinds:
                continue
            if self.crisis_only and not r.crisis:
                continue
            if text and text not in r.name.casefold() and compact not in r.postcode.replace(" ", "").casefold():
                continue
            out.append(i)
        return out


def queue_counts(rows: Sequence) -> Counter:
    return Counter(r.queue for r in rows)
