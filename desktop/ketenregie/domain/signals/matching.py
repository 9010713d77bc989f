"""Bundling signals into signal cases and the repeated-signal rule (DOMAIN.md §7, §11).

- A signal joins the open signal case of the same household (`SignalHousehold.match_key`) when its signal date
  lies within that case's matching period; otherwise it starts a new case whose period runs `months` (policy
  `SignalMatchingMonths`, default 3) from the signal date.
- A repeated signal ("herhaalde melding"): same partner, same arrears (ontstaansdatum), amount not higher than the
  earlier signal. It is kept (the partner did send it) with status "Niet opgepakt: herhaalde melding".
- Rising rent arrears: a later rent signal of the same partner with a higher amount.
"""
from __future__ import annotations

from collections.abc import Iterable
from datetime import date

from ketenregie.domain.signals.codes import SignalPartnerKind
from ketenregie.domain.signals.model import Signal, add_months

DEFAULT_MATCHING_MONTHS = 3


def matching_period(first_signal: date, months: int = DEFAULT_MATCHING_MONTHS) -> tuple[date, date]:
    """[start, end] of the matching period that starts with a signal on `first_signal` (end inclusive)."""
    if months < 1:
        raise ValueError("matching period must be at least one month")
    return first_signal, add_months(first_signal, months)


def within(period: tuple[date, date], day: date) -> bool:
    return period[0] <= day <= period[1]


def is_repeated(new: Signal, earlier: Iterable[Signal]) -> bool:
    """Same partner, same arrears (start date), amount not higher than an earlier signal's."""
    if new.arrears_start is None:
        return False
    for old in earlier:
        if old.external_id == new.external_id:
            continue
        if (old.partner_key == new.partner_key and old.arrears_start == new.arrears_start
                and old.signal_date <= new.signal_date
                and (new.amount or 0) <= (old.amount or 0)):
            return True
    return False


def rising_rent(signals: Iterable[Signal]) -> bool:
    """A rent partner signalled again with a higher amount than before."""
    by_partner: dict[str, list[Signal]] = {}
    for s in signals:
        if s.partner_kind == SignalPartnerKind.RENT and s.amount is not None:
            by_partner.setdefault(s.partner_key, []).append(s)
    for items in by_partner.values():
        items.sort(key=lambda s: (s.signal_date, s.external_id))
        if any(b.amount > a.amount for a, b in zip(items, items[1:])):
            return True
    return False
