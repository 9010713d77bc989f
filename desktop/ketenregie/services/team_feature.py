"""What the services built on team bundles (team_meeting, team_monitor) share: the register, the TeamService that
seals, opens and claims bundles, the team-meeting store, and the clock and day they use."""
from __future__ import annotations

from collections.abc import Callable
from datetime import date, datetime, timezone

from ketenregie import __version__
from ketenregie.services.register import Register
from ketenregie.services.team import TeamService
from ketenregie.store.team_meeting_repository import TeamMeetingRepository


class TeamFeatureService:
    def __init__(self, register: Register, *, team: TeamService | None = None,
                 clock: Callable[[], datetime] = lambda: datetime.now(timezone.utc),
                 today: Callable[[], date] = date.today, app_version: str = __version__) -> None:
        self._register = register
        self._db = register.db
        self._audit = register.audit
        self.team = team or TeamService(register, clock=clock, app_version=app_version)
        self.repo = TeamMeetingRepository(register.db)
        self._clock = clock
        self._today = today
        self._version = app_version
