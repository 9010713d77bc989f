"""Helpers for the monitor tests (imported as `monitor_helpers`: a unique module name)."""
from __future__ import annotations

from datetime import date, datetime, timezone
from pathlib import Path

from ketenregie.config import Policy
from ketenregie.domain.cases import (Case, CasePartner, Closing, ClosingReason, Crisis, CrisisKind, Decision,
                                     DecisionKind, Household, IntakeRoute, PartnerRole, Phase)

PASSPHRASE = "een lange wachtwoordzin voor tests"
TODAY = date(2026, 7, 15)
NOW = datetime(2026, 7, 15, 9, 0, tzinfo=timezone.utc)
CANARY = "Kanarievogel-Monitor"
SCHEMA = Path(__file__).resolve().parents[3] / "shared" / "ddas" / "schuldhulpverlening-v1.0" / \
    "json_schema_Uitwisselmodel.json"


def policy(**values) -> Policy:
    return Policy.from_mapping(values, "test")


def make_case(i: int, *, help_date=date(2026, 4, 6), first=date(2026, 4, 20), decision=date(2026, 5, 11),
              closed: date | None = None, crisis: bool = False, phase=Phase.ACTION_PLAN) -> Case:
    household = Household(f"{CANARY} {i}", date(1980, 1, 1 + i % 28), postcode="2651 AB", house_number=f"{10 + i}a")
    return Case(household, IntakeRoute.SELF, help_date, phase=phase,
                crisis=Crisis(CrisisKind.EVICTION) if crisis else None, first_conversation_date=first,
                decision=Decision(decision, DecisionKind.ADMISSION) if decision else None,
                closing=Closing(ClosingReason.RESOLVED, closed) if closed else None,
                registered_on=help_date)
