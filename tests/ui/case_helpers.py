"""Helpers for the issue-3 UI tests (caseload, Vandaag, case detail, privacy mode): an open register with cases
and a ViewContext for building views on their own, without the whole main window."""
from __future__ import annotations

from datetime import date, timedelta

from ketenregie.config import Policy
from ketenregie.demo import fill_demo_cases
from ketenregie.domain.cases import (Action, ActionOwner, Case, CasePartner, Crisis, CrisisKind, Household,
                                     IntakeRoute, PartnerRole)
from ketenregie.services.register import open_register
from ketenregie.store.case_repository import CaseRepository
from ketenregie.store.partner_repository import PartnerRepository
from ketenregie.ui.views.registry import ViewContext

TODAY = date(2026, 4, 15)  # a Wednesday


def today() -> date:
    return TODAY


def open_with_context(existing_register, settings, policy=None) -> tuple[object, ViewContext]:
    policy = policy or Policy.defaults()
    register = open_register(existing_register.path, existing_register.passphrase, policy=policy)
    return register, ViewContext(register=register, settings=settings, policy=policy)


def repository(register) -> CaseRepository:
    return CaseRepository(register.db, register.audit, clock=today)


def partners(register) -> list:
    return PartnerRepository(register.db).list_partners()


def add_demo(register, count: int) -> list[str]:
    return fill_demo_cases(register, count, today=TODAY, seed=7)


def add_case(register, name: str, *, days_ago: int = 3, crisis: bool = False, actions=(), partners_=(),
             route=IntakeRoute.SELF) -> str:
    case = Case(Household(name), route, TODAY - timedelta(days=days_ago),
                crisis=Crisis(CrisisKind.EVICTION, TODAY + timedelta(days=10)) if crisis else None,
                actions=tuple(actions), partners=tuple(partners_))
    return repository(register).create(case)


def own_action(text: str, due: date) -> Action:
    return Action(text, ActionOwner.SELF, None, due)


def partner_action(text: str, partner_id: int, due: date | None = None) -> Action:
    return Action(text, ActionOwner.PARTNER, partner_id, due)


def lead(partner_id: int) -> CasePartner:
    return CasePartner(partner_id, PartnerRole.DEBT_SETTLEMENT, True)


def audit_count(register) -> int:
    return register.db.query_one("SELECT count(*) FROM audit_log")[0]
