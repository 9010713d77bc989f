"""The pseudonymised summary: only the chosen facts, in bands; never name, birth date, address, contact, case
number. The guard for edited text finds identifying content without repeating it."""
from __future__ import annotations

from datetime import date

import pytest
from hypothesis import given, settings, strategies as st

from ketenregie.domain.cases import (Case, CasePartner, Crisis, CrisisKind, DebtBand, DebtPicture, Household,
                                     IntakeRoute, PartnerRole, Phase)
from ketenregie.domain.calendar import AtwCalendar
from ketenregie.domain.pseudonymised_summary import (ALL_FACTS, SummaryFact, SummaryProblem, age_band,
                                                     check_summary, household_type, summarise)

MEETING_DAY = date(2026, 5, 12)


def _case(**household) -> Case:
    hh = dict(name="Zwanhilde van der Kanarievogel", date_of_birth=date(1984, 3, 7), phone="0612345678",
              email="z.kanarie@example.nl", postcode="2651 AB", house_number="12", adults=1, children=2)
    hh.update(household)
    return Case(household=Household(**hh), intake_route=IntakeRoute.SOCIAL_WORK, help_request_date=date(2026, 4, 1),
                help_request="Ik kom er niet meer uit", phase=Phase.WITH_PARTNER, case_number="2026-0042",
                crisis=Crisis(CrisisKind.EVICTION, date(2026, 5, 20)),
                debt=DebtPicture(DebtBand.FROM_15000, 12),
                partners=(CasePartner(1, PartnerRole.DEBT_SETTLEMENT, leads=True), CasePartner(2, PartnerRole.SOCIAL_WORK)))


@pytest.mark.parametrize("birth, band", [
    (date(2008, 5, 13), "jonger dan 18 jaar"),
    (date(2008, 5, 12), "18 tot 27 jaar"),
    (date(1999, 5, 13), "18 tot 27 jaar"),
    (date(1999, 5, 12), "27 tot 40 jaar"),
    (date(1984, 3, 7), "40 tot 55 jaar"),
    (date(1959, 5, 12), "67 jaar of ouder"),
    (None, None),
])
def test_age_bands(birth, band):
    assert age_band(birth, MEETING_DAY) == band


@pytest.mark.parametrize("adults, children, text", [
    (1, 0, "alleenstaand"), (1, 1, "eenoudergezin met één kind"), (1, 3, "eenoudergezin met meer kinderen"),
    (2, 0, "twee volwassenen, geen kinderen"), (2, 2, "twee volwassenen met meer kinderen"),
    (3, 0, "meerdere volwassenen, geen kinderen"),
])
def test_household_types(adults, children, text):
    assert household_type(Household(name="x", adults=adults, children=children)) == text


def test_full_summary_has_bands_and_partners_but_nothing_identifying():
    case = _case()
    terms = case.terms(MEETING_DAY, calendar=AtwCalendar())
    summary = summarise(case, on=MEETING_DAY, partner_names={1: "PLANgroep", 2: "Kwadraad"}, terms=terms)
    text = summary.text
    assert "Leeftijd: 40 tot 55 jaar" in text
    assert "Huishouden: eenoudergezin met meer kinderen" in text
    assert "€ 15.000 tot € 30.000" in text and "meer dan 10 schuldeisers" in text
    assert "Fase: Traject bij partner" in text
    assert "PLANgroep" in text and "regiehouder" in text and "Kwadraad" in text
    assert "dreigende huisuitzetting (over 8 dagen)" in text
    for secret in ("Kanarievogel", "Zwanhilde", "1984", "07-03", "2651", "0612345678", "example.nl", "2026-0042",
                   "2026-04-01", "01-04-2026", "Ik kom er niet meer uit"):
        assert secret not in text
    assert check_summary(text, case) == []


def test_only_the_facts_the_question_needs():
    summary = summarise(_case(), on=MEETING_DAY, facts={SummaryFact.DEBT, SummaryFact.PHASE})
    assert [line.fact for line in summary.lines] == [SummaryFact.DEBT, SummaryFact.PHASE]
    assert "Leeftijd" not in summary.text and "Betrokken" not in summary.text


@pytest.mark.parametrize("text, problem", [
    ("Mevrouw Kanarievogel heeft schulden", SummaryProblem.NAME),
    ("zwanhilde belt niet terug", SummaryProblem.NAME),
    ("zie 2026-0042", SummaryProblem.CASE_NUMBER),
    ("geboren 07-03-1984", SummaryProblem.DATE_OF_BIRTH),
    ("geboren 7 maart 1984", SummaryProblem.DATE_OF_BIRTH),
    ("woont op 2651AB", SummaryProblem.ADDRESS),
    ("bel 06-12345678", SummaryProblem.IDENTIFIER),
    ("BSN 111222333", SummaryProblem.IDENTIFIER),
    ("mail z.kanarie@example.nl", SummaryProblem.IDENTIFIER),
    ("zie ook 2025-0107", SummaryProblem.ANY_CASE_NUMBER),
])
def test_guard_finds_identifying_text(text, problem):
    assert problem in check_summary(text, _case())


def test_guard_ignores_particles_and_ordinary_words():
    assert check_summary("Van de schulden is de helft in een regeling.", _case()) == []
    assert all(p.message_nl and "Kanarievogel" not in p.message_nl for p in SummaryProblem)


@settings(max_examples=50, deadline=None)
@given(birth=st.dates(min_value=date(1930, 1, 1), max_value=date(2008, 1, 1)),
       adults=st.integers(1, 4), children=st.integers(0, 6),
       facts=st.sets(st.sampled_from(sorted(ALL_FACTS))))
def test_generated_summaries_always_pass_the_guard(birth, adults, children, facts):
    case = _case(date_of_birth=birth, adults=adults, children=children)
    summary = summarise(case, on=MEETING_DAY, facts=facts, partner_names={1: "PLANgroep", 2: "Kwadraad"})
    assert check_summary(summary.text, case) == []
    assert str(birth.year) not in summary.text
