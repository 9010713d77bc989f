"""Throwaway demo registers with clearly fictitious data, for demos, screenshots and benchmarks."""
from __future__ import annotations

import os
import random
import secrets
from dataclasses import dataclass, replace
from datetime import date
from pathlib import Path
from types import MappingProxyType

from ketenregie.checklist_source import active_bridge
from ketenregie.config import load_policy
from ketenregie.domain.cases import Case, PartnerType
from ketenregie.domain.conversations import Recognition
from ketenregie.domain.demo_activity import (COORDINATOR_EMAIL, COORDINATOR_FUNCTION, COORDINATOR_NAME,
                                             COORDINATOR_PHONE, DemoActivity, DemoCase, generate_activity)
from ketenregie.domain.demo_data import DEFAULT_SEED, generate_cases
from ketenregie.domain.referral import SenderInfo
from ketenregie.paths import ensure_private_dir
from ketenregie.services.register import Register, RegisterAlreadyExists, RegisterFiles, create_register
from ketenregie.store.case_repository import CaseRepository
from ketenregie.store.conversation_repository import ConversationRepository
from ketenregie.store.meeting_repository import MeetingRepository
from ketenregie.store.partner_repository import PartnerRepository
from ketenregie.vault.kdf import KdfParams

# The activity (meetings, conversations, referrals) is planned over at most this many open cases, loaded in full;
# a demo of 10,000 cases stays quick.
ACTIVITY_POOL = 300


def create_demo_register(path: Path, passphrase: str, cases: int = 0, *, today: date | None = None,
                         seed: int = DEFAULT_SEED) -> str:
    """Create a demo register and return its recovery code. The KDF uses the floor parameters (64 MiB, 3
    passes): a demo holds fictitious data only, and a quick start matters more than offline resistance.

    `cases`: that many fictitious cases (domain/demo_data.py), inserted in one transaction with one audit entry,
    plus activity around them (domain/demo_activity.py): meetings, conversations with bridge placements, sharing
    bases and referrals — stored through the repositories, so every view of the demo shows something.

    All or nothing: the register is built and filled under a hidden temporary name in the same folder and only
    renamed to `path` (key-slot file first, so the register never appears without it) once it is complete. A
    failure removes the temporary files; a killed process leaves at most a hidden `.tmp-demo-*` file, never a
    half-filled register at `path`."""
    target = RegisterFiles(Path(path))
    if target.register.exists() or target.keyslots.exists():
        raise RegisterAlreadyExists()
    ensure_private_dir(target.register.parent)
    staged = RegisterFiles(target.register.with_name(f".tmp-demo-{secrets.token_hex(6)}.ketenregie"))
    try:
        register, code, _notices = create_register(staged.register, passphrase, policy=load_policy(),
                                                   kdf=KdfParams.minimum(), origin="cli")
        try:
            if cases:
                day = today or date.today()
                fill_demo_cases(register, cases, today=day, seed=seed)
                fill_demo_activity(register, today=day, seed=seed)
                fill_demo_signals(register, today=day)
                fill_demo_monitor(register, today=day, seed=seed)
        finally:
            register.close("quit")
        if target.register.exists() or target.keyslots.exists():  # appeared meanwhile: never overwrite
            raise RegisterAlreadyExists()
        os.rename(staged.keyslots, target.keyslots)
        try:
            os.rename(staged.register, target.register)
        except BaseException:
            target.keyslots.unlink(missing_ok=True)  # it was ours: no key-slot file without its register
            raise
    finally:
        for leftover in (staged.register, staged.keyslots, staged.lock, staged.attempts,
                         *(staged.register.with_name(staged.register.name + s) for s in ("-wal", "-shm", "-journal"))):
            leftover.unlink(missing_ok=True)
    return code


def fill_demo_cases(register: Register, count: int, *, today: date, seed: int = DEFAULT_SEED) -> list[str]:
    """Add `count` fictitious cases to an open register; returns their case numbers."""
    partners = PartnerRepository(register.db).list_partners()
    repository = CaseRepository(register.db, register.audit, clock=lambda: today)
    return repository.bulk_insert(generate_cases(count, today=today, partners=partners, seed=seed))


@dataclass(frozen=True)
class ActivitySummary:
    """Counts of what `fill_demo_activity` stored (for tests and the CLI; no content)."""

    meetings: int = 0
    marks: int = 0
    conversations: int = 0
    drafts: int = 0
    referrals: int = 0


def fill_demo_activity(register: Register, *, today: date, seed: int = DEFAULT_SEED) -> ActivitySummary:
    """Add fictitious activity around the register's open cases (domain/demo_activity.py), through the existing
    repositories and services: meetings with agendas (and minutes for the held ones), cases marked for the next
    meeting, finished conversations with bridge placements and a draft, sharing bases with referral records.
    Nothing is added when the register has no open cases."""
    cases_repo = CaseRepository(register.db, register.audit, clock=lambda: today)
    from ketenregie.calendar_source import load_calendar

    meetings = MeetingRepository(register.db, register.audit, cases=cases_repo, clock=lambda: today,
                                 calendar=load_calendar(register.policy, strict=False))
    partners = PartnerRepository(register.db).list_partners()
    open_rows = meetings.candidates()  # open cases: (id, number, name, phase, ...)
    if not open_rows:
        return ActivitySummary()
    pool = sorted(random.Random(seed).sample(open_rows, min(ACTIVITY_POOL, len(open_rows))),
                  key=lambda r: r.case_number)
    loaded = {row.case_number: cases_repo.get(row.case_number, audit=False) for row in pool}
    bridge = active_bridge(register.policy).bridge
    from ketenregie.services.referral import ReferralService  # documents are imported only when needed

    service = ReferralService(register, clock=lambda: today)
    bases = {}
    for kind in PartnerType:
        profile = service.profiles.for_partner_type(kind.value)
        if profile is not None:
            bases[kind] = frozenset(profile.bases)
    activity = generate_activity(
        [_demo_case(case) for case in loaded.values()], today=today, partners=partners,
        sub_areas={p.id: [s.id for s in p.sub_areas] for p in bridge.pillars}, referral_bases=bases, seed=seed)
    return _store_activity(register, activity, loaded, today=today, cases_repo=cases_repo, meetings=meetings,
                           service=service)


def _demo_case(case: Case) -> DemoCase:
    lead = [p.partner_id for p in case.partners if p.leads]
    others = [p.partner_id for p in case.partners if not p.leads]
    return DemoCase(case.id, case.case_number, case.phase, case.help_request_date, case.first_conversation_date,
                    tuple(lead + others), case.is_closed)


def _store_activity(register: Register, activity: DemoActivity, cases: dict[str, Case], *, today: date,
                    cases_repo: CaseRepository, meetings: MeetingRepository, service) -> ActivitySummary:
    series_id = None
    for plan in activity.meetings:
        meeting = plan.meeting
        items = tuple(replace(i, summary=meetings.generate_summary(i.case_id, meeting.date)) for i in meeting.items)
        meeting = replace(meeting, items=items)
        if series_id is not None and meeting.series is not None:
            meeting = replace(meeting, series=replace(meeting.series, id=series_id))
        meeting_id = meetings.save(meeting)
        saved = meetings.get(meeting_id, audit=False)
        series_id = saved.series.id if saved.series else series_id
        if plan.held:
            for index, record in plan.records:
                meetings.record(meeting_id, saved.items[index].id, record)
            meetings.finish(meeting_id)
    for case_number, question in activity.marks:
        meetings.mark_for_meeting(case_number, question)

    conversations = ConversationRepository(register.db, register.audit, cases=cases_repo, clock=lambda: today)
    finished = drafts = 0
    for plan in activity.conversations:
        conversation = conversations.start(plan.case_number, plan.kind, held_on=plan.held_on,
                                           contact_name=COORDINATOR_NAME)
        recognitions = ()
        if plan.recognise:
            steps = [s for s in conversations.open_steps(plan.case_number) if s.agreed_on < plan.held_on]
            recognitions = tuple(Recognition(s.action_id) for s in steps[:plan.recognise])
        conversation = replace(
            conversation, participants=plan.participants, placements=MappingProxyType(dict(plan.placements)),
            goals=plan.goals, recognitions=recognitions, documents=plan.documents, contact_phone=COORDINATOR_PHONE,
            next_appointment=plan.next_appointment,
            next_appointment_place=plan.next_appointment_place, stage=plan.stage)
        if plan.finish:
            conversations.finish(conversation)
            finished += 1
        else:
            conversations.save_draft(conversation)
            drafts += 1

    referrals = 0
    if activity.referrals:
        sender = SenderInfo(COORDINATOR_NAME, COORDINATOR_FUNCTION, COORDINATOR_PHONE, COORDINATOR_EMAIL)
        service.referrals.save_sender(sender)
        entries = {e.id: e for e in service.partners(include_inactive=True)}
        for plan in activity.referrals:
            case, entry = cases[plan.case_number], entries[plan.partner_id]
            profile = service.profile_for(entry)
            service.record_basis(case, entry, plan.basis_kind, plan.given_on,
                                 profile.field_ids({"BsnEnabled": False}), plan.form)
            letter = service.compose(case, entry, plan.content, sender=sender, letter_date=plan.letter_date)
            service.referrals.record(letter, case_id=case.id, basis_id=letter.basis_id,
                                     resident_copy=plan.resident_copy, protected=False)
            referrals += 1
    return ActivitySummary(len(activity.meetings), len(activity.marks), finished, drafts, referrals)


def fill_demo_signals(register: Register, *, today: date, months: int = 12) -> int:
    """A year of fictitious vroegsignalen (domain/demo_signals.py), worked and in the queues, stored in one
    transaction through the signal service; returns the number of signals."""
    from ketenregie.domain.demo_signals import generate_signals
    from ketenregie.services.signals import SignalService
    from ketenregie.store.signal_repository import Incoming

    service = SignalService(register, clock=lambda: today)
    demo = generate_signals(today=today, months=months)
    counts = service.repo.import_signals([Incoming(h, s) for h, s in demo.loose], cases=demo.cases)
    return counts.new + counts.repeated


def fill_demo_monitor(register: Register, *, today: date, seed: int = DEFAULT_SEED) -> int:
    """Monitor facts for every demo case (domain/monitor/demo.py) in one transaction with one audit entry, and
    three years of client-experience survey totals; returns the number of trajectories."""
    from ketenregie.domain.monitor.demo import demo_survey, demo_trajectories
    from ketenregie.store.monitor_repository import MonitorRepository

    repo = MonitorRepository(register.db, register.audit)
    trajectories = demo_trajectories(repo.case_records(with_conversations=False), today=today, seed=seed)
    repo.bulk_write(trajectories)
    for year in range(today.year - 2, today.year + 1):
        repo.save_survey_totals(year, demo_survey(year, seed))
    return len(trajectories)
