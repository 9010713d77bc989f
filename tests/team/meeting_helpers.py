"""Helpers for the team lead's meeting tests: a planned casuïstiekoverleg in a real register, a coordinator and a
team lead who know each other."""
from __future__ import annotations

from dataclasses import replace
from datetime import date, datetime

from ketenregie.domain.meetings import CaseMeeting, NamedDiscussionConsent, Participant, ParticipantRole
from ketenregie.services.team_meeting import TeamMeetingService
from ketenregie.store.meeting_repository import MeetingRepository

from team_helpers import introduce

MEETING_DAY = datetime(2026, 3, 20, 9, 30)


def make_team_lead(coordinator, lead) -> tuple[int, int]:
    """`lead` takes the role teamleider on its card; both add each other verified. Returns (lead's id at the
    coordinator, coordinator's id at the lead)."""
    lead.team.set_up_identity(lead.team.identity().display_name, "teamleider")
    return introduce(coordinator, lead)


def service(member, today=date(2026, 3, 16)) -> TeamMeetingService:
    return TeamMeetingService(member.register, team=member.team, today=lambda: today)


def meetings(member) -> MeetingRepository:
    return MeetingRepository(member.register.db, member.register.audit)


def open_case_ids(member, limit: int) -> list[int]:
    return [r[0] for r in member.register.db.query_all(
        "SELECT id FROM cases WHERE closed_on IS NULL ORDER BY id LIMIT ?", (limit,))]


def plan_meeting(member, count: int, *, consent_all: int | None = None, consent_some: int | None = None) -> int:
    """A planned meeting with `count` open cases; item `consent_all` has consent covering every participant,
    item `consent_some` consent for one participant only. Returns the meeting id."""
    repo = meetings(member)
    participants = (Participant("Gemeente (ketenregie)", ParticipantRole.CHAIR),
                    Participant("PLANgroep", partner_id=_partner_id(member, "plangroep")),
                    Participant("Kwadraad", partner_id=_partner_id(member, "kwadraad")))
    meeting = CaseMeeting(starts_at=MEETING_DAY, purpose="Vastgelopen trajecten doorbreken", chair="Teamleider",
                          location="Raadhuis, kamer 2", participants=participants, duration_minutes=8 * 60)
    meeting = repo.add_cases(meeting, open_case_ids(member, count), time_box_minutes=10)
    items = []
    for n, item in enumerate(meeting.items):
        consent = None
        if n == consent_all:
            consent = NamedDiscussionConsent(date(2026, 3, 10), "Bespreking met naam in dit overleg",
                                             frozenset(p.key for p in participants))
        elif n == consent_some:
            consent = NamedDiscussionConsent(date(2026, 3, 10), "Alleen met PLANgroep",
                                             frozenset({participants[1].key}))
        items.append(replace(item, question=f"Wie neemt de regie bij punt {n + 1}?", consent=consent))
    return repo.save(replace(meeting, items=tuple(items)))


def _partner_id(member, code: str) -> int | None:
    row = member.register.db.query_one("SELECT id FROM partners WHERE code = ?", (code,))
    return row[0] if row else None
