"""The team lead's received meetings in the Overleggen view (issue 14 follow-up): a meeting a ketenregisseur sent
as a meeting bundle is listed with the own meetings, marked "Ontvangen van <colleague>", by date in Komend or
Geweest. It holds no case: only what the agenda showed (pseudonyms). Vergadermodus opens the same lead meeting mode
as Bestand → Ontvangen overleggen… (services/team_meeting.TeamMeetingChair), and "Resultaat terugsturen…" seals the
agreements and actions for the ketenregisseur.

The list reads the received meetings through the store (no crypto); the team service (and its crypto) loads only
when there is a received meeting to show or use.
"""
from __future__ import annotations

from dataclasses import dataclass
from datetime import datetime
from pathlib import Path

from PySide6.QtWidgets import QFileDialog, QWidget

from ketenregie.domain.meetings import MeetingStatus
from ketenregie.ui.meetings.models import tr


@dataclass(frozen=True)
class ReceivedMeetingRow:
    """One received meeting as a line of the meetings list (the fields MeetingListModel shows)."""

    id: int  # the id in team_meetings: never mixed up with an own meeting's id (see `received`)
    starts_at: datetime
    purpose: str
    location: str
    online: bool
    item_count: int
    status: MeetingStatus  # planned until it was finished or its result went back
    minutes_final: bool
    sender_name: str
    state_nl: str
    finished: bool
    received: bool = True

    @property
    def status_text(self) -> str:
        return tr("Ontvangen van {name}").format(name=self.sender_name) + " — " + self.state_nl


def meeting_service(register):
    from ketenregie.services.team_meeting import TeamMeetingService  # noqa: PLC0415 - the crypto loads on use

    return TeamMeetingService(register)


def received_rows(register) -> list[ReceivedMeetingRow]:
    """The meetings this register received as team lead; [] (and nothing of the team code loaded) when none."""
    from ketenregie.store.team_meeting_repository import TeamMeetingRepository  # noqa: PLC0415

    repo = TeamMeetingRepository(register.db)
    rows = repo.team_meetings()
    if not rows:
        return []
    service = meeting_service(register)
    out = []
    for m in rows:
        detail = repo.team_meeting(m.id)
        location, online = (detail[4], bool(detail[5])) if detail else ("", False)
        done = m.finished or m.result_sent_at is not None
        state = (tr("resultaat teruggestuurd") if m.result_sent_at else tr("afgerond, resultaat nog terugsturen")
                 if m.finished else tr("nog te houden"))
        out.append(ReceivedMeetingRow(m.id, m.starts_at, m.purpose, location, online, m.item_count,
                                      MeetingStatus.HELD if done else MeetingStatus.PLANNED, False,
                                      service.sender_name(m.sender_fingerprint), state, m.finished))
    return out


def is_received(row) -> bool:
    return bool(getattr(row, "received", False))


def start_meeting_mode(parent: QWidget, register, meeting_id: int):
    """The lead meeting mode for a received meeting (pseudonyms only, no case), as in Ontvangen overleggen…."""
    from ketenregie.ui.meetings.meeting_mode import MeetingModeWindow  # noqa: PLC0415

    service = meeting_service(register)
    return MeetingModeWindow(service.chair(meeting_id), meeting_id, partners=service.partners(meeting_id),
                             parent=parent, self_owner_label=tr("Ketenregisseur (die het overleg stuurde)"))


def ask_result_path(parent: QWidget, proposal: str) -> Path | None:
    name, _ = QFileDialog.getSaveFileName(parent, tr("Resultaat terugsturen"), proposal, tr("Bundel (*.ketenbundel)"))
    return Path(name) if name else None


def send_result(parent: QWidget, service, row: ReceivedMeetingRow, ask_path) -> tuple[Path | None, str, str]:
    """Seal the agreements and actions of a received meeting for the ketenregisseur who sent it and write the
    bundle to a chosen file (`service`: services.team_meeting.TeamMeetingService). Returns (file or None, Dutch
    message, message kind). Used by the Overleggen view and by Bestand → Ontvangen overleggen… alike."""
    from ketenregie.atomic import write_atomic  # noqa: PLC0415
    from ketenregie.errors import UserFacingError  # noqa: PLC0415
    from ketenregie.services.team import BUNDLE_SUFFIX  # noqa: PLC0415
    from ketenregie.ui.messages import messenger  # noqa: PLC0415

    if not row.finished and not messenger().question(parent, tr("Resultaat terugsturen"), tr(
            "Het overleg is nog niet afgerond. Toch de afspraken en acties die er nu staan terugsturen?")):
        return None, "", ""
    target = ask_path(f"overleg-resultaat-{row.starts_at:%Y-%m-%d}{BUNDLE_SUFFIX}")
    if target is None:
        return None, "", ""
    try:
        _bid, data, agreements, actions = service.make_result(row.id)
        write_atomic(target, data)
    except UserFacingError as exc:
        return None, exc.user_message, "error"
    except OSError:
        return None, tr("Het bestand kan niet worden geschreven."), "error"
    return target, tr("{agreements} afspraak/afspraken en {actions} actie(s) staan versleuteld voor de "
                      "ketenregisseur in {file}.").format(agreements=agreements, actions=actions,
                                                          file=target.name), "ok"
