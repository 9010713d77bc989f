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


def test_verify_and_render_through_the_service(tmp_path):
    """Issue 11 (items 1 and 5): the service composes the letter again from the register (case, partner type and
    profile, active basis, outgoing-text check) before it renders; that re-check should stay small next to the
    render itself (budget: the whole verify + render within the one-letter budget plus 50 ms)."""
    from datetime import date

    from ketenregie.config import Policy
    from ketenregie.domain.consent import BasisKind
    from ketenregie.domain.referral import SenderInfo
    from ketenregie.documents.sample_referrals import sample_content
    from ketenregie.services.referral import ReferralService
    from ketenregie.services.register import create_register
    from ketenregie.vault.kdf import KdfParams

    register, _, _ = create_register(tmp_path / "r.krg", "een lange wachtwoordzin voor tests", policy=Policy.defaults(),
                                     kdf=KdfParams.minimum())
    try:
        service = ReferralService(register)
        number = service.cases.create(sample_case())
        case = service.cases.get(number, audit=False)
        plangroep = next(p for p in service.partners() if p.code == "plangroep")
        service.record_basis(case, plangroep, BasisKind.WGS_TASK, date.today(),
                             service.profile_for(plangroep).field_ids())
        letter = service.compose(case, plangroep, sample_content(), sender=SenderInfo("M. de Boer"))
        service.render(letter, case, resident_copy=False)  # warm-up
        median_v, best_v = measure(lambda: service.verify(letter), repeat=15)
        report("service.verify (compose again from the register)", median_v, best_v)
        median, best = measure(lambda: service.render(letter, case, resident_copy=False), repeat=15)
        report("service.render (verify + render)", median, best, 200)
        assert median <= 200
    finally:
        register.close()
