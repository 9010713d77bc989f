"""Working a signal case: queues from Nieuw to Afronden, contact attempts in one click, outcome; "help accepted"
starts a case (intake route vroegsignalering) or links the resident's existing one; retention in the purge."""
from __future__ import annotations

from datetime import date

import pytest

from ketenregie.domain.cases import Case, Household, IntakeRoute
from ketenregie.domain.retention import RetentionTerms
from ketenregie.domain.signals.codes import ContactKind, Outcome, PartOfDay, SignalStatus
from ketenregie.domain.signals.triage import Queue
from ketenregie.services.signals import SignalError
from ketenregie.store.case_repository import CaseRepository
from ketenregie.store.retention_repository import RetentionRepository
from ketenregie.store.signal_repository import SignalCaseClosed

from signal_helpers import TODAY, row, table_counts, write_csv


def one_case(service, tmp_path, **kwargs) -> int:
    service.import_parsed(service.read_file(write_csv(tmp_path / "s.csv", [row("S1", **kwargs)])))
    (only,) = service.repo.queue_rows()
    return only.signal_case_id


def queue(service, case_id) -> Queue:
    return next(r.queue for r in service.repo.queue_rows() if r.signal_case_id == case_id)


def test_a_case_moves_through_the_queues(service, tmp_path):
    case_id = one_case(service, tmp_path)
    assert queue(service, case_id) == Queue.NEW
    service.repo.pick_up(case_id, date(2026, 6, 2))
    assert queue(service, case_id) == Queue.LETTER_SMS
    assert service.repo.get(case_id).signals[0].status == SignalStatus.PICKED_UP
    service.record_attempt(case_id, ContactKind.LETTER, False, date(2026, 6, 3))
    assert queue(service, case_id) == Queue.WAITING
    service.record_attempt(case_id, ContactKind.PHONE, True, date(2026, 6, 9), PartOfDay.AFTERNOON)
    assert queue(service, case_id) == Queue.FINISHING
    service.close(case_id, Outcome.SELF_ARRANGES, date(2026, 6, 10))
    assert queue(service, case_id) == Queue.CLOSED
    with pytest.raises(SignalCaseClosed):
        service.record_attempt(case_id, ContactKind.SMS, False)
    refs = [r[0] for r in service.register.db.query_all("SELECT object_ref FROM audit_log WHERE object_ref LIKE "
                                                        "'signal_case:%'")]
    assert refs == [f"signal_case:{case_id}"] * 4  # pick up, two attempts, close: one entry each


def test_a_contact_attempt_gets_the_part_of_day_of_the_click(service, tmp_path):
    case_id = one_case(service, tmp_path)
    service.record_attempt(case_id, ContactKind.SMS, False)
    attempt = service.repo.get(case_id).attempts[0]
    assert attempt.day == TODAY and attempt.part_of_day is not None
    assert service.repo.get(case_id).picked_up_on == TODAY  # an attempt means the case is being worked


def test_help_accepted_starts_a_case_with_intake_route_vroegsignalering(service, tmp_path):
    case_id = one_case(service, tmp_path)
    number = service.close(case_id, Outcome.FOLLOW_UP_FINANCIAL, date(2026, 6, 12))
    assert number is not None
    case = CaseRepository(service.register.db, service.register.audit, clock=lambda: TODAY).get(number, audit=False)
    assert case.intake_route == IntakeRoute.EARLY_SIGNALLING
    assert case.help_request_date == date(2026, 6, 12)
    assert case.household.name == "Zwanhilde Kanarievogel" and case.household.postcode == "2651 AB"
    assert case.household.phone == "0612345678"
    assert service.repo.get(case_id).case_number == number


def test_a_known_resident_links_to_the_existing_case(service, tmp_path):
    cases = CaseRepository(service.register.db, service.register.audit, clock=lambda: TODAY)
    existing = cases.create(Case(Household("Z. Kanarievogel", postcode="2651 AB", house_number="12"),
                                 IntakeRoute.SELF, date(2026, 5, 1)))
    case_id = one_case(service, tmp_path)
    before = service.register.db.query_one("SELECT count(*) FROM cases")[0]
    assert service.close(case_id, Outcome.FOLLOW_UP, date(2026, 6, 12)) == existing
    assert service.register.db.query_one("SELECT count(*) FROM cases")[0] == before


def test_help_accepted_without_a_name_asks_for_one_and_changes_nothing(service, tmp_path):
    case_id = one_case(service, tmp_path, name="")
    with pytest.raises(SignalError) as info:
        service.close(case_id, Outcome.FOLLOW_UP, date(2026, 6, 12))
    assert "naam" in info.value.user_message
    assert service.repo.get(case_id).outcome is None
    assert service.register.db.query_one("SELECT count(*) FROM cases")[0] == 0
    assert service.close(case_id, Outcome.FOLLOW_UP, date(2026, 6, 12), resident_name="Z.K.") is not None


def test_closing_unpicked_as_not_picked_up_sets_the_signal_status(service, tmp_path):
    case_id = one_case(service, tmp_path)
    service.close(case_id, Outcome.UNJUSTIFIED, date(2026, 6, 5))
    case = service.repo.get(case_id)
    assert case.picked_up_on is None and case.signals[0].status == SignalStatus.UNJUSTIFIED


def test_retention_purges_unpicked_after_6_months_and_picked_up_12_months_after_closing(service, tmp_path):
    path = write_csv(tmp_path / "r.csv", [
        row("OLD", day="2025-11-01", start="2025-10-01"),  # not picked up: due 2026-05-01
        row("NEW", "Water", "Evides", day="2026-06-01", number="5", postcode="2652CD"),  # not picked up, recent
        row("DONE", "Huur", "Woonzorg", day="2025-03-01", start="2025-02-01", number="9", postcode="2653EF"),
    ])
    service.import_parsed(service.read_file(path))
    by_id = {c.signals[0].external_id: c.id for c in service.repo.all_cases()}
    service.repo.pick_up(by_id["DONE"], date(2025, 3, 5))
    service.repo.close(by_id["DONE"], Outcome.ADVICE_QUICK_FIX, date(2025, 6, 10))  # due 2026-06-10
    retention = RetentionRepository(service.register.db, service.register.audit)
    terms = RetentionTerms()
    plan = retention.plan(TODAY, terms)
    assert sorted(s.signal_case_id for s in plan.signal_cases) == sorted([by_id["OLD"], by_id["DONE"]])
    assert dict(plan.counts_by_rule()) == {"Vroegsignaal, niet opgepakt": 1, "Vroegsignaal, opgepakt": 1}
    counts = retention.purge(plan, terms)
    assert counts.signal_cases == 2
    assert table_counts(service) == {"signals": 1, "signal_cases": 1, "signal_households": 1,
                                     "signal_contact_attempts": 0}
    last = service.register.db.query_one("SELECT object_ref FROM audit_log ORDER BY id DESC LIMIT 1")[0]
    assert last == "purge:cases=0,meetings=0,signal_cases=2"
    # policy terms are honoured: with 12 months for "not picked up" nothing more is due
    assert not retention.plan(date(2026, 12, 31), RetentionTerms(signal_not_picked_up_months=12)).signal_cases


def test_erasure_on_request_takes_the_signal_case_and_household_along(service, tmp_path):
    """AVG art. 17: erasing a case that came from vroegsignalering also destroys its vroegsignaalzaak, the signals,
    contact attempts and the signalled household (the link itself is ON DELETE SET NULL, so this is explicit)."""
    from ketenregie.services.erasure import ErasureService

    case_id = one_case(service, tmp_path)
    number = service.close(case_id, Outcome.FOLLOW_UP_FINANCIAL, date(2026, 6, 12))
    assert table_counts(service)["signal_households"] == 1
    erasure = ErasureService(service.register)
    assert erasure.preview(number).count("signal_cases") == 1
    erasure.erase(number, number)
    assert table_counts(service) == {"signals": 0, "signal_cases": 0, "signal_households": 0,
                                     "signal_contact_attempts": 0}
