"""Retention of signal cases (DOMAIN.md §7; catalogue rules `signal_not_picked_up` and `signal_picked_up`).

No statutory term exists; municipal practice, configurable by policy: a case that was not picked up is destroyed
`not_picked_up_months` (default 6) after its latest signal date; a picked-up case `picked_up_months` (default 12)
after it was closed. An open picked-up case is kept.
"""
from __future__ import annotations

from collections.abc import Iterable
from dataclasses import dataclass
from datetime import date
from typing import Any

from ketenregie.domain.labels import LabelledEnum, register_labels
from ketenregie.domain.signals.model import add_months

DEFAULT_NOT_PICKED_UP_MONTHS = 6
DEFAULT_PICKED_UP_MONTHS = 12
POLICY_NOT_PICKED_UP_MONTHS = "RetentionSignalNotPickedUpMonths"
POLICY_PICKED_UP_MONTHS = "RetentionSignalPickedUpMonths"


class SignalRetention(LabelledEnum):
    NOT_PICKED_UP = "signal_not_picked_up"  # ids match resources/privacy/catalogue.toml
    PICKED_UP = "signal_picked_up"


register_labels(SignalRetention, {
    SignalRetention.NOT_PICKED_UP: "Vroegsignaal, niet opgepakt",
    SignalRetention.PICKED_UP: "Vroegsignaal, opgepakt",
})


@dataclass(frozen=True, slots=True)
class SignalTerms:
    not_picked_up_months: int = DEFAULT_NOT_PICKED_UP_MONTHS
    picked_up_months: int = DEFAULT_PICKED_UP_MONTHS

    def __post_init__(self) -> None:
        for value in (self.not_picked_up_months, self.picked_up_months):
            if isinstance(value, bool) or not isinstance(value, int) or value < 1:
                raise ValueError("a signal retention term is a whole number of months, at least 1")

    @classmethod
    def from_policy(cls, policy: Any) -> "SignalTerms":
        if policy is None:
            return cls()
        try:
            return cls(policy.get(POLICY_NOT_PICKED_UP_MONTHS), policy.get(POLICY_PICKED_UP_MONTHS))
        except KeyError:
            return cls()


@dataclass(frozen=True, slots=True)
class SignalCaseStub:
    """What the rule needs of a signal case (no personal data)."""

    signal_case_id: int
    last_signal_date: date
    picked_up: bool  # picked up and not closed with a "not picked up" outcome
    closed_on: date | None


@dataclass(frozen=True, slots=True)
class SignalCaseDue:
    signal_case_id: int
    retention: SignalRetention
    destroy_from: date


def signal_case_destroy_from(stub: SignalCaseStub, terms: SignalTerms = SignalTerms()) -> date | None:
    if not stub.picked_up:
        return add_months(stub.last_signal_date, terms.not_picked_up_months)
    if stub.closed_on is None:
        return None
    return add_months(stub.closed_on, terms.picked_up_months)


def signal_cases_due(stubs: Iterable[SignalCaseStub], today: date,
                     terms: SignalTerms = SignalTerms()) -> list[SignalCaseDue]:
    due = []
    for stub in stubs:
        destroy_from = signal_case_destroy_from(stub, terms)
        if destroy_from is not None and destroy_from <= today:
            kind = SignalRetention.PICKED_UP if stub.picked_up else SignalRetention.NOT_PICKED_UP
            due.append(SignalCaseDue(stub.signal_case_id, kind, destroy_from))
    return sorted(due, key=lambda d: (d.destroy_from, d.signal_case_id))
