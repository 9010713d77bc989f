"""The team lead and the casuïstiekoverleg (issue 14 item 5), on top of the team bundles of services/team.py.

(a) Coordinator -> team lead: a planned meeting's agenda items as a meeting bundle, with exactly what the agenda
    PDF shows (the same heading, names and outgoing-text rule as documents/meeting_agenda.py), each item under an
    OPAQUE random item id kept only in the coordinator's register. Only a verified colleague with the role
    teamleider receives one.
(b) Team lead: the bundle becomes a meeting without any case; the team lead chairs it in meeting mode
    (`TeamMeetingChair` gives ui/meetings/meeting_mode.py what it needs) and sends the agreements and actions back
    as a result bundle.
(c) Coordinator: the result lands in the right cases, matched by the opaque item id only, in one transaction; an
    item that no longer leads to a case here is reported by its position on the agenda, never guessed.
(d) The monitor figures for the team lead: services/team_monitor.py.
(e) Every action: one transaction, one audit entry with counts and the start of the bundle id.
"""
from __future__ import annotations

import secrets
from dataclasses import dataclass, field
from datetime import date, datetime, timezone

from ketenregie.documents.meeting_agenda import MeetingDocumentOptions, item_heading
from ketenregie.domain.audit import AuditAction
from ketenregie.domain.case_validation import action_errors, journal_errors
from ketenregie.domain.cases import Action, ActionOwner, JournalEntry
from ketenregie.domain.meetings import (AgendaItem, CaseMeeting, CaseState, ItemRecord, MeetingKind, MeetingStatus,
                                        Participant, ParticipantRole, RecordKind, schedule, validate_record)
from ketenregie.domain.outgoing_text import OutgoingTextBlocked, check_meeting
from ketenregie.domain.pseudonymised_summary import check_summary
from ketenregie.domain.team import bundle as bundles
from ketenregie.domain.team.errors import RecipientUnverified, TeamError
from ketenregie.domain.team.identity import TeamRole
from ketenregie.domain.team.meeting_bundle import (MeetingItemPayload, MeetingParticipantPayload, MeetingPayload,
                                                   ResultAction, ResultItem, ResultPayload,
                                                   parse_meeting, parse_result)
from ketenregie.services.team import TeamService, TeamServiceError
from ketenregie.services.team_feature import TeamFeatureService
from ketenregie.store.meeting_repository import MeetingNotFound, MeetingRepository, MeetingValidationError

NOT_A_TEAM_LEAD = ("Een overlegbundel gaat alleen naar een collega met de rol teamleider. Deze collega heeft op "
                   "zijn of haar teamkaart een andere rol.")


def _refuse(exc: TeamError) -> TeamServiceError:
    return TeamServiceError(exc.user_message)


@dataclass
class ResultImport:
    """What a result bundle brought: counts, and the agenda positions (1-based) that matched no case here."""

    agreements: int = 0
    actions: int = 0
    items: int = 0
    unmatched_positions: list[int] = field(default_factory=list)
    unknown_items: int = 0  # item ids this register never sent (not expected; reported, never guessed)

    @property
    def unmatched(self) -> int:
        return len(self.unmatched_positions) + self.unknown_items

    def message_nl(self) -> str:
        text = (f"{self.agreements} afspraak/afspraken en {self.actions} actie(s) staan nu bij {self.items} "
                "casus(sen).")
        if self.unmatched_positions:
            points = ", ".join(str(p) for p in self.unmatched_positions)
            text += (f" {len(self.unmatched_positions)} agendapunt(en) (punt {points}) horen niet meer bij een casus "
                     "in dit register (van de agenda gehaald, de casus is verwijderd of overgedragen); wat daarbij "
                     "is afgesproken, is niet ingelezen.")
        if self.unknown_items:
            text += (f" {self.unknown_items} agendapunt(en) in de bundel komen niet uit dit overleg en zijn niet "
                     "ingelezen.")
        return text


class TeamMeetingService(TeamFeatureService):
    # --- (a) coordinator: the meeting bundle ----------------------------------------------------------------

    def _team_lead(self, colleague_id: int):
        colleague = self.team.colleague(colleague_id)
        if not colleague.verified:
            raise TeamServiceError(RecipientUnverified.user_message)
        if colleague.card.role != TeamRole.TEAMLEIDER:
            raise TeamServiceError(NOT_A_TEAM_LEAD)
        return colleague

    def meeting_payload(self, meeting: CaseMeeting, meetings: MeetingRepository) -> tuple[MeetingPayload,
                                                                                          list[int]]:
        """What the agenda PDF shows, with a fresh opaque id per item; returns the payload and the agenda item
        ids in the same order. Refuses text the outgoing-text rule refuses for the agenda."""
        residents = meetings.residents(meeting)
        problems = check_meeting(meeting, residents, agenda=True, records=False)
        if problems:
            raise TeamServiceError(OutgoingTextBlocked(problems, "De overlegbundel").user_message)
        options = MeetingDocumentOptions(names=meetings.names_for_document(meeting, None))
        items = []
        for slot in schedule(meeting):
            item = slot.item
            items.append(MeetingItemPayload(
                secrets.token_hex(16), item.pseudonym, item_heading(item, meeting, options), item.question,
                item.summary, item.time_box_minutes, f"{slot.starts_at:%H.%M}", f"{slot.ends_at:%H.%M}",
                item.status_note_nl))
        participants = tuple(MeetingParticipantPayload(p.organisation, p.role.value, p.partner_id)
                             for p in meeting.participants)
        payload = MeetingPayload(meeting.starts_at, meeting.duration_minutes, meeting.location, meeting.online,
                                 meeting.chair, meeting.purpose, meeting.kind.value, participants, tuple(items))
        return payload, [i.id for i in meeting.items]

    def make_meeting_bundle(self, colleague_id: int, meeting_id: int, *,
                            meetings: MeetingRepository | None = None) -> tuple[str, bytes, int]:
        """Seal a planned meeting's agenda for a verified team lead. Returns (bundle id, bytes, item count)."""
        me = self.team._me()
        colleague = self._team_lead(colleague_id)
        meetings = meetings or MeetingRepository(self._db, self._audit)
        try:
            meeting = meetings.get(meeting_id, audit=False)
        except MeetingNotFound as exc:
            raise TeamServiceError(exc.user_message) from None
        if meeting.status != MeetingStatus.PLANNED:
            raise TeamServiceError("Alleen een gepland overleg gaat naar de teamleider; dit overleg is al gehouden "
                                   "of afgelast.")
        if not meeting.items:
            raise TeamServiceError("Er staan nog geen casussen op de agenda van dit overleg.")
        payload, agenda_ids = self.meeting_payload(meeting, meetings)
        with self._db.transaction():
            bundle_id, data = bundles.seal(payload.as_dict(), kind=bundles.BundleKind.MEETING, sender=me,
                                           recipient=colleague.card, app_version=self._version, now=self._clock())
            self.repo.record_meeting_sent(bundle_id, meeting_id, colleague.id, [
                (item.item_id, position, agenda_id)
                for position, (item, agenda_id) in enumerate(zip(payload.items, agenda_ids), start=1)])
            self._audit.record(AuditAction.EXPORT, f"team_meeting:items={len(payload.items)},id={bundle_id[:16]}")
        return bundle_id, data, len(payload.items)

    # --- (b) team lead: receive, chair, result --------------------------------------------------------------

    def receive_meeting(self, opened: bundles.OpenedBundle) -> int:
        """The meeting lands in this register without any case; returns its id here."""
        payload = self.team.parsed_payload(opened, bundles.BundleKind.MEETING, parse_meeting)
        header = opened.header
        with self._db.transaction():
            self.team.claim(header)
            meeting_id = self.repo.add_team_meeting(header.bundle_id, header.sender, payload)
            self._audit.record(AuditAction.CREATE,
                               f"team_meeting_received:items={len(payload.items)},id={header.bundle_id[:16]}")
        return meeting_id

    def planned_meetings(self) -> list:
        """The coordinator's planned meetings (those that can be sent to the team lead)."""
        return [m for m in MeetingRepository(self._register.db, self._register.audit).list_meetings()
                if m.status == MeetingStatus.PLANNED]

    def team_meetings(self):
        return self.repo.team_meetings()

    def sender_name(self, fingerprint: str) -> str:
        colleague = self.team.repo.colleague_by_fingerprint(fingerprint)
        return colleague.display_name if colleague else "?"

    def chair(self, meeting_id: int) -> "TeamMeetingChair":
        return TeamMeetingChair(self, meeting_id)

    def load(self, meeting_id: int) -> CaseMeeting:
        """A received meeting as the meeting domain knows it (items without any case: case_id is None)."""
        row = self.repo.team_meeting(meeting_id)
        if row is None:
            raise MeetingNotFound()
        (_bid, _sender, starts, duration, location, online, chair, purpose, kind, finished, _sent) = row
        participants = tuple(Participant(org, ParticipantRole.from_code(role), partner_ref, key=f"p{pid}", id=pid)
                             for pid, org, role, partner_ref in self.repo.team_participants(meeting_id))
        records: dict[int, list[ItemRecord]] = {}
        for r in self.repo.team_records(meeting_id):
            records.setdefault(r.item_id, []).append(ItemRecord(
                RecordKind.from_code(r.kind), r.text, ActionOwner.from_code(r.owner) if r.owner else None,
                r.partner_ref, r.due, None, r.id))
        states = {CaseState.CLOSED.label_nl: CaseState.CLOSED, CaseState.DELETED.label_nl: CaseState.DELETED}
        items = tuple(AgendaItem(pseudonym, question, summary, True, box, None, None,
                                 states.get(note, CaseState.ACTIVE), tuple(records.get(item_id, ())), item_id)
                      for item_id, _uid, pseudonym, _heading, question, summary, box, note
                      in self.repo.team_items(meeting_id))
        return CaseMeeting(starts_at=datetime.fromisoformat(starts), purpose=purpose, chair=chair, location=location,
                           online=bool(online), duration_minutes=duration, kind=MeetingKind.from_code(kind),
                           status=MeetingStatus.HELD if finished else MeetingStatus.PLANNED,
                           participants=participants, items=items, minutes_final=bool(finished), id=meeting_id)

    def headings(self, meeting_id: int) -> list[tuple[str, str]]:
        """(pseudonym, heading as on the agenda) in agenda order; the UI applies presentatiemodus."""
        return [(r[2], r[3]) for r in self.repo.team_items(meeting_id)]

    def partners(self, meeting_id: int) -> dict[int, str]:
        """Partner reference -> organisation, for the action owner choice in meeting mode."""
        return {ref: org for _pid, org, _role, ref in self.repo.team_participants(meeting_id) if ref is not None}

    def record(self, meeting_id: int, item_id: int, record: ItemRecord) -> int:
        meeting = self.load(meeting_id)
        if not self.repo.item_belongs(meeting_id, item_id):
            raise MeetingNotFound()
        problems = validate_record(record, meeting.date)
        # Records are shown on the shared screen and go back to the coordinator: no identifier, no number.
        problems += [p.message_nl.replace("De samenvatting", "De tekst") for p in check_summary(record.text, None)]
        if record.kind == RecordKind.ACTION and record.owner == ActionOwner.PARTNER \
                and record.partner_id not in self.partners(meeting_id):
            problems.append("Kies een ketenpartner die aan dit overleg deelneemt.")
        if record.kind == RecordKind.ACTION and not problems:  # it must fit the case's action list over there
            problems += [i.message for i in action_errors(
                Action(record.text.strip(), record.owner, record.partner_id, record.due), self._today())]
        if problems:
            raise MeetingValidationError(problems)
        is_action = record.kind == RecordKind.ACTION
        with self._db.transaction():
            record_id = self.repo.add_team_record(
                item_id, record.kind.value, record.text.strip(), record.owner.value if is_action else None,
                record.partner_id if is_action and record.owner == ActionOwner.PARTNER else None,
                record.due if is_action else None)
            self._audit.record(AuditAction.UPDATE, f"team_meeting:{meeting_id}")
        return record_id

    def delete_record(self, meeting_id: int, record_id: int) -> None:
        with self._db.transaction():
            if not self.repo.delete_team_record(meeting_id, record_id):
                raise MeetingNotFound()
            self._audit.record(AuditAction.UPDATE, f"team_meeting:{meeting_id}")

    def finish(self, meeting_id: int) -> None:
        with self._db.transaction():
            if not self.repo.finish_team_meeting(meeting_id):
                raise MeetingNotFound()
            self._audit.record(AuditAction.UPDATE, f"team_meeting:{meeting_id}")

    def make_result(self, meeting_id: int) -> tuple[str, bytes, int, int]:
        """The agreements and actions per opaque item id, sealed for the coordinator who sent the meeting.
        Returns (bundle id, bytes, agreements, actions). Discussion points stay here."""
        me = self.team._me()
        row = self.repo.team_meeting(meeting_id)
        if row is None:
            raise TeamServiceError(MeetingNotFound.user_message)
        meeting_bundle_id, sender = row[0], row[1]
        coordinator = self.team.repo.colleague_by_fingerprint(sender)
        if coordinator is None or not coordinator.verified:
            raise TeamServiceError(RecipientUnverified.user_message)
        by_item: dict[int, list] = {}
        for r in self.repo.team_records(meeting_id):
            by_item.setdefault(r.item_id, []).append(r)
        items = []
        for item_id, uid, *_rest in self.repo.team_items(meeting_id):
            mine = by_item.get(item_id, [])
            agreements = tuple(r.text for r in mine if r.kind == RecordKind.AGREEMENT.value)
            actions = tuple(ResultAction(r.text, r.owner, r.partner_ref, r.due) for r in mine
                            if r.kind == RecordKind.ACTION.value)
            if agreements or actions:
                items.append(ResultItem(uid, agreements, actions))
        payload = ResultPayload(meeting_bundle_id, tuple(items))
        n_agreements = sum(len(i.agreements) for i in items)
        n_actions = sum(len(i.actions) for i in items)
        with self._db.transaction():
            bundle_id, data = bundles.seal(payload.as_dict(), kind=bundles.BundleKind.MEETING_RESULT, sender=me,
                                           recipient=coordinator.card, app_version=self._version, now=self._clock())
            self.repo.mark_result_sent(meeting_id, bundle_id)
            self._audit.record(AuditAction.EXPORT, f"team_meeting_result:agreements={n_agreements},"
                                                   f"actions={n_actions},id={bundle_id[:16]}")
        return bundle_id, data, n_agreements, n_actions

    def purge_expired_meetings(self, today: date | None = None, terms=None) -> int:
        """Received meetings past the retention term of their kind (as the coordinator's own agendas and minutes:
        1 year internal, 5 years with partners, or the policy's terms) are deleted; audited by count only."""
        from ketenregie.domain.retention import MeetingStub, RetentionTerms, meetings_due

        terms = terms or RetentionTerms.from_policy(self._register.policy)
        stubs = [MeetingStub(mid, starts, MeetingKind.from_code(kind))
                 for mid, starts, kind in self.repo.team_meeting_stubs()]
        due = meetings_due(stubs, today or self._today(), terms)
        if not due:
            return 0
        with self._db.transaction():
            count = self.repo.delete_team_meetings(d.meeting_id for d in due)
            self._audit.record(AuditAction.PURGE, f"team_meeting:meetings={count}")
        return count

    # --- (c) coordinator: import the result -----------------------------------------------------------------

    def import_result(self, opened: bundles.OpenedBundle) -> ResultImport:
        payload = self.team.parsed_payload(opened, bundles.BundleKind.MEETING_RESULT, parse_result)
        sent = self.repo.meeting_sent(payload.meeting_bundle_id)
        colleague = self.team.repo.colleague_by_fingerprint(opened.header.sender)
        if sent is None or colleague is None or sent[1] != colleague.id:
            raise TeamServiceError("Deze resultaatbundel hoort niet bij een overleg dat je vanuit dit register naar "
                                   "deze teamleider stuurde. Er is niets ingelezen.")
        meeting_id, _colleague_id, result_at = sent
        if result_at is not None:
            raise TeamServiceError("Het resultaat van dit overleg is al eerder ingelezen. Er is niets opnieuw "
                                   "ingelezen.")
        if meeting_id is None:
            raise TeamServiceError("Het overleg bij deze resultaatbundel staat niet meer in je register. Er is niets "
                                   "ingelezen.")
        meeting_day = self._meeting_day(meeting_id)
        today = self._today()
        journal_day = min(meeting_day, today)
        header = opened.header
        outcome = ResultImport()
        with self._db.transaction():
            self.team.claim(header)
            matched = self.repo.matched_items(payload.meeting_bundle_id)
            positions = self.repo.sent_positions(payload.meeting_bundle_id)
            self._check_result_fits(payload, matched, meeting_day, journal_day, today)
            for item in payload.items:
                found = matched.get(item.item_id)
                if found is None:
                    if item.item_id in positions:
                        outcome.unmatched_positions.append(positions[item.item_id])
                    else:
                        outcome.unknown_items += 1
                    continue
                for action in item.actions:
                    if action.partner is not None and not self.repo.partner_exists(action.partner):
                        raise TeamServiceError("Een actie in de resultaatbundel noemt een ketenpartner die niet "
                                               "(meer) in je partnerlijst staat. Er is niets ingelezen.")
                agreements, actions = self.repo.add_result(found, journal_day, meeting_day, item.agreements,
                                                           item.actions, today)
                outcome.agreements += agreements
                outcome.actions += actions
                outcome.items += 1
            outcome.unmatched_positions.sort()
            self.repo.mark_result_imported(payload.meeting_bundle_id)
            self.repo.mark_meeting_held(meeting_id, _result_stamp(header.created_at, self._clock()))
            self._audit.record(AuditAction.UPDATE,
                               f"team_meeting_result:agreements={outcome.agreements},actions={outcome.actions},"
                               f"unmatched={outcome.unmatched},id={header.bundle_id[:12]}")
        return outcome

    @staticmethod
    def _check_result_fits(payload: ResultPayload, matched: dict, meeting_day: date, journal_day: date,
                           today: date) -> None:
        """Every action and journal line must pass the case's own rules before anything is written."""
        issues = []
        for item in payload.items:
            if item.item_id not in matched:
                continue
            for action in item.actions:
                issues += action_errors(Action(action.text.strip(), ActionOwner(action.owner), action.partner,
                                               action.due), today)
            texts = [f"Casuïstiekoverleg {meeting_day:%d-%m-%Y}: afspraak — {t.strip()}" for t in item.agreements]
            texts += [f"Casuïstiekoverleg {meeting_day:%d-%m-%Y}: actie afgesproken — {a.text.strip()}"
                      for a in item.actions]
            for text in texts:
                issues += journal_errors(JournalEntry(journal_day, text), today)
        if issues:
            found = " ".join(dict.fromkeys(i.message for i in issues))
            raise TeamServiceError(f"De resultaatbundel past niet in je casussen: {found} Er is niets ingelezen.")

    def _meeting_day(self, meeting_id: int) -> date:
        starts_at = self.repo.meeting_starts_at(meeting_id)
        if starts_at is None:
            raise TeamServiceError("Het overleg bij deze resultaatbundel staat niet meer in je register. Er is niets "
                                   "ingelezen.")
        return starts_at.date()

def _result_stamp(created_at: str, now: datetime) -> str:
    """The result bundle's time (signed by the team lead) as the held meeting's stamp, in UTC like the store's
    other stamps; the time of the import when it cannot be read."""
    try:
        when = datetime.fromisoformat(created_at)
    except (TypeError, ValueError):
        when = now
    if when.tzinfo is None:
        when = when.replace(tzinfo=timezone.utc)
    return when.astimezone(timezone.utc).isoformat(timespec="seconds")


class TeamMeetingChair:
    """What ui/meetings/meeting_mode.py needs from a repository, for a meeting received from a coordinator: the
    same screen (pseudonyms only), the same record rules; nothing here touches a case."""

    def __init__(self, service: TeamMeetingService, meeting_id: int) -> None:
        self._service = service
        self.meeting_id = meeting_id

    def get(self, meeting_id: int, *, audit: bool = True) -> CaseMeeting:
        return self._service.load(meeting_id)

    def residents(self, _meeting: CaseMeeting) -> dict:
        return {}  # no case here: the outgoing-text rule still refuses identifiers and numbers

    def record(self, meeting_id: int, item_id: int, record: ItemRecord):
        from ketenregie.store.meeting_repository import RecordOutcome

        return RecordOutcome(self._service.record(meeting_id, item_id, record), None)

    def delete_record(self, meeting_id: int, record_id: int) -> None:
        self._service.delete_record(meeting_id, record_id)

    def finish(self, meeting_id: int) -> None:
        self._service.finish(meeting_id)
