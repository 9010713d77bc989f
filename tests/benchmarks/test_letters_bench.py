"""Referral letters: one letter ≤ 150 ms; 100 letters in a batch ≤ 10 s (DESIGN.md §6: budgets live here)."""
from __future__ import annotations

import time

from benchutil import measure, report

from ketenregie.documents.letterhead import Letterhead
from ketenregie.documents.referral_letter import render_referral_letter
from ketenregie.documents.resident_copy import render_resident_copy
from ketenregie.documents.sample_referrals import sample_case, sample_letter, shipped_profiles
from ketenregie.domain.referral import compose_resident_copy

LETTERHEAD = Letterhead("Gemeente Lansingerland", "Schuldhulpverlening", ("Postbus 1", "2650 AA Bergschenhoek"))


def test_one_letter_within_150_ms():
    profiles = shipped_profiles()
    render_referral_letter(sample_letter("debt_help", profiles=profiles), LETTERHEAD)  # warm-up: fonts, templates
    median, best = measure(lambda: render_referral_letter(sample_letter("debt_help", profiles=profiles),
                                                          LETTERHEAD), repeat=15)
    report("one referral letter (compose + render)", median, best, 150)
    assert median <= 150


def test_hundred_letters_within_10_s():
    profiles = shipped_profiles()
    kinds = [p.partner_type for p in profiles]
    case = sample_case()
    start = time.perf_counter()
    for i in range(100):
        letter = sample_letter(kinds[i % len(kinds)], profiles=profiles)
        render_referral_letter(letter, LETTERHEAD)
        if i % 2 == 0:
            render_resident_copy(compose_resident_copy(letter, case), LETTERHEAD)
    elapsed = (time.perf_counter() - start) * 1000
    print(f"\nBENCH 100 referral letters (+50 resident copies): {elapsed:.0f} ms (budget 10000 ms)")
    assert elapsed <= 10_000
