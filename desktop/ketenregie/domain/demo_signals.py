"""A year of fictitious vroegsignalen for demo registers (issue 12 §9): about 100 signals a month with the real mix
of partner types (zorg ~45%, energie ~20%, huur ~20%, water ~15%), bundled per household as the matching would,
and worked as a ketenregisseur would: older cases picked up, contacted and closed with a DDAS outcome, recent ones
still in the queues. Names use the obviously made-up surnames of domain/demo_data.py; postcodes use letter pairs
PostNL never issues.

Pure domain: returns signal cases and loose signals; demo.py stores them through the signal repository."""
from __future__ import annotations

import random
from dataclasses import dataclass
from datetime import date, timedelta

from ketenregie.domain.demo_data import FICTITIOUS_SURNAMES, _FICTITIOUS_LETTERS, _FIRST_NAMES, _POSTCODES
from ketenregie.domain.signals.codes import ContactKind, Outcome, PartOfDay, SignalPartnerKind, SignalStatus
from ketenregie.domain.signals.matching import matching_period
from ketenregie.domain.signals.model import ContactAttempt, Signal, SignalCase, SignalHousehold

SIGNALS_PER_MONTH = 100
_KINDS = ((SignalPartnerKind.HEALTH, 45), (SignalPartnerKind.ENERGY, 20), (SignalPartnerKind.RENT, 20),
          (SignalPartnerKind.WATER, 15))
_PARTNERS = {
    SignalPartnerKind.HEALTH: ("Zorgverzekeraar Fictief", "Verzonnen Zorg"),
    SignalPartnerKind.ENERGY: ("Energie Voorbeeld", "Stroom Fictief"),
    SignalPartnerKind.RENT: ("Woonstichting Verzonnen", "Verhuurder Voorbeeld"),
    SignalPartnerKind.WATER: ("Waterbedrijf Fictief",),
}
_STREETS = ("Verzonnenlaan", "Fictiefstraat", "Voorbeeldweg", "Demoplein", "Proefhof")
_OUTCOMES = ((Outcome.ADVICE_QUICK_FIX, 18), (Outcome.NO_CONTACT, 25), (Outcome.SELF_ARRANGES, 15),
             (Outcome.ALREADY_PAID, 12), (Outcome.FOLLOW_UP_FINANCIAL, 10), (Outcome.FOLLOW_UP_NON_FINANCIAL, 5),
             (Outcome.ALREADY_KNOWN, 5), (Outcome.NO_RESPONSE_AFTER_CONTACT, 10))


@dataclass(frozen=True)
class DemoSignals:
    cases: tuple[SignalCase, ...]  # worked cases (picked up or closed)
    loose: tuple[tuple[SignalHousehold, Signal], ...]  # recent signals still to be matched into Nieuw

    @property
    def signal_count(self) -> int:
        return sum(len(c.signals) for c in self.cases) + len(self.loose)


def _weighted(rng: random.Random, table):
    return rng.choices([v for v, _ in table], weights=[w for _, w in table])[0]


def generate_signals(*, today: date, months: int = 12, per_month: int = SIGNALS_PER_MONTH,
                     seed: int = 20260612, matching_months: int = 3) -> DemoSignals:
    rng = random.Random(seed)
    total = months * per_month
    start = today - timedelta(days=months * 30)
    cases: list[SignalCase] = []
    loose: list[tuple[SignalHousehold, Signal]] = []
    serial = 0
    produced = 0
    house = 0
    while produced < total:
        house += 1
        household = SignalHousehold(
            f"{rng.choice(_FIRST_NAMES)} {rng.choice(FICTITIOUS_SURNAMES)}", rng.choice(_STREETS), str(house),
            None, f"{rng.choice(_POSTCODES)}{rng.choice(_FICTITIOUS_LETTERS)}", "Lansingerland",
            f"06{rng.randrange(10_000_000, 99_999_999)}" if rng.random() < 0.6 else None)
        first_day = start + timedelta(days=rng.randrange(0, months * 30))
        period = matching_period(first_day, matching_months)
        n = 1 if rng.random() < 0.7 else rng.choice((2, 2, 3))
        signals = []
        seen_partners = set()
        for i in range(n):
            serial += 1
            kind = _weighted(rng, _KINDS)
            partner = rng.choice(_PARTNERS[kind])
            day = min(today, first_day + timedelta(days=rng.randrange(0, 60) if i else 0), period[1])
            arrears = day - timedelta(days=rng.randrange(30, 100))
            amount = rng.randrange(60, 2500)
            crisis = kind in (SignalPartnerKind.ENERGY, SignalPartnerKind.RENT) and rng.random() < 0.05
            status = SignalStatus.NOT_YET_PICKED_UP
            if (kind, partner) in seen_partners:
                status = SignalStatus.REPEATED
            seen_partners.add((kind, partner))
            signals.append(Signal(f"DEMO-{serial:06d}", kind, day, amount, arrears, partner, None, crisis,
                                  rng.random() < 0.05, status=status))
        produced += n
        age = (today - first_day).days
        if age < 21:  # recent: still in Nieuw, matched by the import
            loose.extend((household, s) for s in signals)
            continue
        picked = first_day + timedelta(days=rng.randrange(1, 6))
        attempts = []
        day = picked
        reached = False
        tries = 0 if age < 30 else rng.choice((1, 2, 2, 3))  # just picked up: the letter or visit is still to come
        for _ in range(tries):
            day = min(today, day + timedelta(days=rng.randrange(1, 8)))
            kind = rng.choice((ContactKind.LETTER, ContactKind.SMS, ContactKind.PHONE, ContactKind.HOME_VISIT))
            reached = kind in (ContactKind.PHONE, ContactKind.HOME_VISIT) and rng.random() < 0.45
            attempts.append(ContactAttempt(kind, reached, day, rng.choice(list(PartOfDay))))
            if reached:
                break
        signals = [s if s.status == SignalStatus.REPEATED else
                   Signal(s.external_id, s.partner_kind, s.signal_date, s.amount, s.arrears_start, s.partner_name,
                          None, s.crisis, s.warm_handover, status=SignalStatus.PICKED_UP) for s in signals]
        outcome = closed = None
        if age > 45:
            outcome = _weighted(rng, _OUTCOMES)
            if not reached and outcome not in (Outcome.NO_CONTACT, Outcome.NO_RESPONSE_AFTER_CONTACT):
                outcome = Outcome.NO_CONTACT
            closed = min(today, day + timedelta(days=rng.randrange(1, 20)))
        route = "letter_sms" if len({s.partner_name for s in signals}) == 1 else "kwadraad"
        if any(s.crisis for s in signals):
            route = "coordinator"
        cases.append(SignalCase(household, period[0], period[1], first_day, tuple(signals), tuple(attempts), route,
                                picked, outcome, closed))
    return DemoSignals(tuple(cases), tuple(loose))
