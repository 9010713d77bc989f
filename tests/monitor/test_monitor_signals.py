"""The vroegsignalering figures on a real register: the store's grouped counts equal what the signals package's
own objects say (counted one by one here), and the figures use them with suppression and per-1,000 rates."""
from __future__ import annotations

from collections import Counter
from datetime import date

from ketenregie.domain.demo_signals import generate_signals
from ketenregie.domain.monitor.period import custom, month
from ketenregie.domain.monitor.signal_figures import SignalCounts, signal_figures
from ketenregie.domain.monitor.suppression import display
from ketenregie.domain.signals.codes import ContactKind, Outcome, SignalPartnerKind
from ketenregie.services.signals import SignalService
from ketenregie.store.signal_repository import Incoming

TODAY = date(2026, 7, 15)


def test_store_counts_equal_the_signal_objects(service):
    signals = SignalService(service.register, clock=lambda: TODAY)
    demo = generate_signals(today=TODAY, months=6, per_month=60)
    signals.repo.import_signals([Incoming(h, s) for h, s in demo.loose], cases=demo.cases)
    period = custom(date(2026, 3, 1), date(2026, 5, 31))
    counts = service.repo.signal_counts(period.start, period.end)
    cases = signals.repo.all_cases()
    expected_kinds = Counter((s.partner_kind, s.signal_date.strftime("%Y-%m")) for c in cases for s in c.signals
                             if period.contains(s.signal_date))
    assert counts.by_kind_month == dict(expected_kinds) and sum(expected_kinds.values()) > 50
    assert counts.picked_up == sum(1 for c in cases for s in c.signals
                                   if period.contains(s.signal_date) and c.picked_up_on is not None)
    assert counts.attempts == dict(Counter((a.kind, a.reached) for c in cases for a in c.attempts
                                           if period.contains(a.day)))
    assert counts.outcomes == dict(Counter(c.outcome for c in cases if period.contains(c.closed_on) and c.outcome))
    started = [c for c in cases if period.contains(min(s.signal_date for s in c.signals))]
    assert counts.funnel == (len(started), sum(c.picked_up_on is not None for c in started),
                             sum(any(a.reached for a in c.attempts) for c in started),
                             sum(bool(c.outcome and c.outcome.accepts_help) for c in started))


def test_rates_per_1000_inhabitants_and_no_rate_from_a_hidden_count():
    counts = SignalCounts(by_kind_month={(SignalPartnerKind.HEALTH, "2026-03"): 126,
                                         (SignalPartnerKind.WATER, "2026-03"): 3,
                                         (SignalPartnerKind.ENERGY, "2026-03"): 40},
                          picked_up=60, attempts={(ContactKind.PHONE, True): 20, (ContactKind.PHONE, False): 30,
                                                  (ContactKind.LETTER, False): 2, (ContactKind.SMS, True): 10},
                          outcomes={Outcome.FOLLOW_UP: 7, Outcome.SELF_ARRANGES: 9}, funnel=(80, 40, 25, 3))
    fig = signal_figures(counts, month(2026, 3), minimum=5, inhabitants=63000)
    rates = {s.label: s for s in next(t for t in fig.stats if t.key == "signals_rate").rows}
    # 126 signals / 63,000 inhabitants * 1,000 / (31 days / 30.4375) = 1.96 per 1,000 per month
    assert rates["Zorgverzekeraar"].text(5, 2) == "1,96"
    assert rates["Water"].text(5, 2) == "<5"
    assert rates["Energie"].text(5, 2) == "x"  # hidden as the complementary cell: no rate from it
    success = {s.label: s.text(5) for s in next(t for t in fig.stats if t.key == "attempt_success").rows}
    assert success == {"Telefoon": "40 % bereikt", "Brief": "<5", ContactKind.SMS.label_nl: "x"}
    kinds = next(t for t in fig.tables if t.key == "signals_kind").groups[0]
    shown = {c.label: display(c, 5) for c in kinds.cells if c.count}
    assert shown == {"Zorgverzekeraar": "126", "Water": "<5", "Energie": "x"}  # 40 hides with the 3
    assert fig.funnel == [("Vroegsignaalzaken", 80), ("Opgepakt", 40), ("Bereikt", 25), ("Hulp aanvaard", None)]
