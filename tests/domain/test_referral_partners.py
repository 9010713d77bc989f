"""The partner type is a privacy setting (issue 11, item 4): table tests over every pair of partner types with the
shipped recipient profiles."""
from __future__ import annotations

import itertools

from ketenregie.domain.cases import PartnerType
from ketenregie.domain.referral_partners import (SIGNAL_PARTNER_TYPES, assess_type_change, is_signal_partner,
                                                 letter_profile)
from ketenregie.services.referral import shipped_profiles


def test_signal_partners_have_no_letter_profile_whatever_the_profiles_file_says():
    profiles = shipped_profiles()
    for kind in SIGNAL_PARTNER_TYPES:
        assert is_signal_partner(kind) and is_signal_partner(kind.value)
        assert letter_profile(profiles, kind) is None
    assert {t for t in PartnerType if letter_profile(profiles, t) is not None} & SIGNAL_PARTNER_TYPES == set()


def test_every_type_change_is_judged():
    profiles = shipped_profiles()
    for old, new in itertools.permutations(PartnerType, 2):
        change = assess_type_change(old, new, profiles)
        before, after = letter_profile(profiles, old), letter_profile(profiles, new)
        if is_signal_partner(old) and not is_signal_partner(new):
            assert change.refused and "signaalpartner" in change.refused, (old, new)
            continue
        assert change.refused is None
        if after is None:
            assert not change.widens  # towards no letters at all: nothing widens
        elif before is None:
            assert change.widens  # from no profile to one: widens
        else:
            wider = (not after.field_ids({"BsnEnabled": True}) <= before.field_ids({"BsnEnabled": True})
                     or not after.bases <= before.bases)
            assert change.widens == wider, (old, new)
        assert change.audit_suffix == f"type={old.value}-{new.value}"
    volunteer_to_debt = assess_type_change(PartnerType.VOLUNTEER, PartnerType.DEBT_HELP, profiles)
    assert volunteer_to_debt.widens and "vervallen" in volunteer_to_debt.question_nl
