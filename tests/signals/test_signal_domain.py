"""Pure rules: DDAS codes, matching period, repeated signals, triage data file, retention, BSN elfproef, rows."""
from __future__ import annotations

from datetime import date

import pytest
from hypothesis import given, strategies as st

from ketenregie.domain.checklists import DataFileError
from ketenregie.domain.signals.codes import ContactKind, Outcome, PartOfDay, SignalPartnerKind, SignalStatus
from ketenregie.domain.signals.matching import is_repeated, matching_period, rising_rent
from ketenregie.domain.signals.model import Signal, add_months, bsn_valid
from ketenregie.domain.signals.retention import SignalCaseStub, SignalTerms, signal_cases_due
from ketenregie.domain.signals.rows import parse_amount, parse_date
from ketenregie.domain.signals.triage import Route, load_triage, TRIAGE_RESOURCE
from ketenregie.resources import resource_path

from signal_helpers import SCHEMA


def test_enum_codes_are_exactly_the_ddas_codes():
    if not SCHEMA.is_file():
        pytest.skip("DDAS schema folder ../shared/ddas is absent")
    import json

    defs = json.loads(SCHEMA.read_text(encoding="utf-8"))["$defs"]
    assert sorted(SignalPartnerKind.ddas_codes()) == sorted(defs["EnumSignaalpartner"]["enum"])
    assert sorted(SignalStatus.ddas_codes()) == sorted(defs["EnumSignaalstatus"]["enum"])
    assert sorted(Outcome.ddas_codes()) == sorted(defs["EnumEindresultaat"]["enum"])
    assert sorted(ContactKind.ddas_codes()) == sorted(defs["EnumContactsoort"]["enum"])
    assert sorted(PartOfDay.ddas_codes()) == sorted(defs["EnumDagdeel"]["enum"])


def test_part_of_day_boundaries():
    assert [PartOfDay.at_hour(h) for h in (0, 11, 12, 17, 18, 23)] == [
        PartOfDay.MORNING, PartOfDay.MORNING, PartOfDay.AFTERNOON, PartOfDay.AFTERNOON, PartOfDay.EVENING,
        PartOfDay.EVENING]


def test_matching_period_and_month_ends():
    assert matching_period(date(2026, 1, 15)) == (date(2026, 1, 15), date(2026, 4, 15))
    assert matching_period(date(2025, 11, 30), 3) == (date(2025, 11, 30), date(2026, 2, 28))
    assert add_months(date(2024, 8, 31), 6) == date(2025, 2, 28)


def sig(sid, kind=SignalPartnerKind.RENT, day=date(2026, 5, 1), amount=500, start=date(2026, 3, 1), name="Woonzorg"):
    return Signal(sid, kind, day, amount, start, name)


def test_repeated_signal_rule():
    first = sig("1")
    assert is_repeated(sig("2", day=date(2026, 6, 1), amount=500), [first])
    assert is_repeated(sig("2", day=date(2026, 6, 1), amount=450), [first])
    assert not is_repeated(sig("2", day=date(2026, 6, 1), amount=501), [first])  # higher: new information
    assert not is_repeated(sig("2", day=date(2026, 6, 1), start=date(2026, 4, 1)), [first])  # other arrears
    assert not is_repeated(sig("2", day=date(2026, 6, 1), name="Vestia"), [first])  # other partner
    assert rising_rent([first, sig("2", day=date(2026, 6, 1), amount=800)])
    assert not rising_rent([first, sig("2", day=date(2026, 6, 1), amount=300)])


@given(st.integers(min_value=0, max_value=999_999_999))
def test_bsn_elfproef_property(n):
    text = f"{n:09d}"
    total = sum(int(d) * w for d, w in zip(text, (9, 8, 7, 6, 5, 4, 3, 2, -1)))
    assert bsn_valid(text) == (total % 11 == 0 and text != "000000000")


def test_known_bsns():
    assert bsn_valid("111222333") and not bsn_valid("123456789") and not bsn_valid("12345678")


def test_shipped_triage_rules_route_as_the_plan_says():
    rules = load_triage(resource_path(*TRIAGE_RESOURCE))
    single = [sig("1", SignalPartnerKind.HEALTH)]
    assert rules.route_for(single)[0] == Route.LETTER_SMS
    multiple = single + [sig("2", SignalPartnerKind.ENERGY, name="Eneco")]
    assert rules.route_for(multiple)[0] == Route.KWADRAAD
    crisis = [Signal("3", SignalPartnerKind.ENERGY, date(2026, 5, 1), end_of_supply_date=date(2026, 6, 1))]
    assert rules.route_for(crisis)[0] == Route.COORDINATOR


@pytest.mark.parametrize("text, fragment, line", [
    ('format = "ketenregie-signal-triage"\nversion = 1\n[[rule]]\nid = "a"\nwhen = ["crisis"]\nroute = "x"\n'
     'text = "t"\n', "onbekende route 'x'", 6),
    ('format = "ketenregie-signal-triage"\nversion = 1\n[[rule]]\nid = "a"\nwhen = ["maandag"]\n'
     'route = "letter_sms"\ntext = "t"\n', "onbekende voorwaarde 'maandag'", 5),
    ('format = "ketenregie-signal-triage"\nversion = 1\n[[rule]]\nid = "a"\nwhen = ["crisis"]\n'
     'route = "letter_sms"\ntext = "t"\n', "laatste regel", 3),
    ('format = "ketenregie-signal-triage"\nversion = 1\n[[rule]\n', "geen geldige TOML", 3),
])
def test_triage_file_errors_name_file_and_line(tmp_path, text, fragment, line):
    path = tmp_path / "triage.toml"
    path.write_text(text, encoding="utf-8")
    with pytest.raises(DataFileError) as info:
        load_triage(path)
    assert fragment in str(info.value) and info.value.line == line and "triage.toml" in str(info.value)


def test_retention_rule():
    terms = SignalTerms()
    stubs = [SignalCaseStub(1, date(2026, 1, 15), False, None), SignalCaseStub(2, date(2026, 1, 16), False, None),
             SignalCaseStub(3, date(2025, 1, 1), True, None), SignalCaseStub(4, date(2025, 1, 1), True,
                                                                              date(2025, 7, 15))]
    due = signal_cases_due(stubs, date(2026, 7, 15), terms)
    assert [d.signal_case_id for d in due] == [1, 4]  # open picked-up case 3 is kept


def test_dates_and_amounts():
    assert parse_date("1-3-2026") == date(2026, 3, 1) and parse_date("2026-03-01") == date(2026, 3, 1)
    with pytest.raises(ValueError, match="bestaat niet"):
        parse_date("31-02-2026")
    assert parse_amount("1.250,00") == 1250 and parse_amount("€ 99") == 99 and parse_amount("12.50") == 13
    with pytest.raises(ValueError, match="negatief"):
        parse_amount("-1")
