"""Agenda and minutes PDFs, read back with pypdf: no resident name, address, BSN, date of birth or case number
unless consent for a named discussion is recorded (and then only the name, only for the participants it covers)."""
from __future__ import annotations

from dataclasses import replace
from datetime import date, datetime
from io import BytesIO

import pypdf
import pytest

from ketenregie.documents.meeting_agenda import MeetingDocumentOptions, file_name, render_agenda, sample_meeting
from ketenregie.documents.meeting_minutes import render_minutes
from ketenregie.domain.calendar import AtwCalendar
from ketenregie.domain.cases import (ActionOwner, Case, CasePartner, Crisis, CrisisKind, DebtBand, DebtPicture,
                                     Household, IntakeRoute, PartnerRole, Phase)
from ketenregie.domain.meetings import (CaseMeeting, CaseState, ItemRecord, NamedDiscussionConsent, Participant,
                                        ParticipantRole, RecordKind, add_cases)
from ketenregie.domain.pseudonymised_summary import summarise

CANARY_NAME = "Zwanhilde Kanarievogel-Qx"
CANARY_BSN = "111222333"
SECRETS = [CANARY_NAME, "Kanarievogel", "Zwanhilde", CANARY_BSN, "2651 AB", "2651AB", "07-03-1984", "1984-03-07",
           "7 maart 1984", "2026-0042", "0612345678", "kanarie@example.nl"]
PARTNERS = {1: "PLANgroep", 2: "Kwadraad"}
RENDERERS = [render_agenda, render_minutes]


def _case() -> Case:
    household = Household(name=CANARY_NAME, date_of_birth=date(1984, 3, 7), phone="0612345678",
                          email="kanarie@example.nl", postcode="2651 AB", house_number="12", adults=1, children=2)
    return Case(household=household, intake_route=IntakeRoute.SOCIAL_WORK, help_request_date=date(2026, 4, 1),
                phase=Phase.WITH_PARTNER, case_number="2026-0042", id=42,
                crisis=Crisis(CrisisKind.EVICTION, date(2026, 5, 20)), debt=DebtPicture(DebtBand.FROM_15000, 12),
                partners=(CasePartner(1, PartnerRole.DEBT_SETTLEMENT, leads=True),))


def _meeting(consent_keys: frozenset[str] | None = None) -> CaseMeeting:
    case = _case()
    participants = (Participant("Gemeente", ParticipantRole.CHAIR, key="gem"),
                    Participant("PLANgroep", partner_id=1, key="plan"), Participant("GGZ", key="ggz"))
    meeting = CaseMeeting(starts_at=datetime(2026, 5, 12, 9, 30), purpose="Regie bij vastgelopen schuldregeling",
                          chair="Teamleider", location="Raadhuis", participants=participants, id=3)
    meeting = add_cases(meeting, [case.id, 43])
    on = meeting.date
    summary = summarise(case, on=on, partner_names=PARTNERS, terms=case.terms(on, calendar=AtwCalendar())).text
    first = replace(meeting.items[0], question="Wie neemt de regie?", summary=summary, summary_final=True,
                    records=(ItemRecord(RecordKind.DISCUSSION, "Het hele verhaal van de inwoner"),
                             ItemRecord(RecordKind.AGREEMENT, "PLANgroep neemt de regie"),
                             ItemRecord(RecordKind.ACTION, "Moratorium aanvragen", owner=ActionOwner.PARTNER,
                                        partner_id=1, due=date(2026, 5, 26))))
    if consent_keys is not None:
        first = replace(first, consent=NamedDiscussionConsent(date(2026, 5, 1), "Bespreking met naam",
                                                              consent_keys))
    second = replace(meeting.items[1], case_id=None, case_state=CaseState.DELETED, question="Afronden?")
    return replace(meeting, items=(first, second))


def _text(pdf: bytes) -> str:
    reader = pypdf.PdfReader(BytesIO(pdf))
    meta = " ".join(str(v) for v in (reader.metadata or {}).values())
    return "\n".join(page.extract_text() for page in reader.pages) + "\n" + meta


def _names(meeting: CaseMeeting) -> dict[str, str]:
    # A careless caller hands over the name even without consent: the document must still refuse to print it.
    return {meeting.items[0].pseudonym: CANARY_NAME}


@pytest.mark.parametrize("render", RENDERERS)
def test_without_consent_nothing_identifying_even_when_a_name_is_passed(render):
    meeting = _meeting()
    pdf = render(meeting, MeetingDocumentOptions(names=_names(meeting), partner_names=PARTNERS))
    text = _text(pdf)
    for secret in SECRETS:
        assert secret not in text, secret
        assert secret.encode() not in pdf
    assert meeting.items[0].pseudonym in text
    assert "VERTROUWELIJK" in text
    assert "verwijderd" in text  # the item whose case was deleted still shows, and says so


@pytest.mark.parametrize("render", RENDERERS)
def test_consent_covering_everyone_shows_the_name_but_nothing_else(render):
    meeting = _meeting(frozenset({"gem", "plan", "ggz"}))
    text = _text(render(meeting, MeetingDocumentOptions(names=_names(meeting), partner_names=PARTNERS)))
    assert CANARY_NAME in text.replace("\n", " ")
    for secret in SECRETS[3:]:
        assert secret not in text, secret


@pytest.mark.parametrize("render", RENDERERS)
def test_consent_for_some_participants_names_only_in_their_copy(render):
    meeting = _meeting(frozenset({"gem", "plan"}))
    options = MeetingDocumentOptions(names=_names(meeting), partner_names=PARTNERS)
    assert "Kanarievogel" not in _text(render(meeting, options))  # for everyone: GGZ not covered
    assert "Kanarievogel" not in _text(render(meeting, replace(options, audience=frozenset({"ggz"}))))
    assert "Kanarievogel" in _text(render(meeting, replace(options, audience=frozenset({"plan"}))))


def test_agenda_has_details_question_summary_and_time_boxes():
    meeting = _meeting()
    text = _text(render_agenda(meeting, MeetingDocumentOptions(partner_names=PARTNERS)))
    for expected in ("dinsdag 12 mei 2026", "09.30", "Raadhuis", "Teamleider", "Regie bij vastgelopen",
                     "Wie neemt de regie?", "Leeftijd: 40 tot 55 jaar", "(15 min.)", "PLANgroep", "2031"):
        assert expected in text, expected


def test_minutes_hold_agreements_and_actions_not_the_story():
    text = _text(render_minutes(_meeting(), MeetingDocumentOptions(partner_names=PARTNERS)))
    assert "PLANgroep neemt de regie" in text and "Moratorium aanvragen" in text and "26-05-2026" in text
    assert "Het hele verhaal" not in text
    assert "Leeftijd" not in text  # the summary is not repeated in the minutes


def test_output_is_deterministic_and_file_names_carry_no_personal_data():
    meeting = _meeting()
    assert render_agenda(meeting) == render_agenda(meeting)
    assert file_name("agenda", meeting) == "overleg-3-agenda-2026-05-12.pdf"


def test_samples_render():
    text = _text(render_minutes(sample_meeting()))
    assert "Casus K" in text and "afgesloten" in text


def test_policy_letterhead_is_used_like_the_letters():
    from ketenregie.documents.letterhead import Letterhead

    options = MeetingDocumentOptions(letterhead=Letterhead(name="Gemeente Lansingerland", sender="Schuldhulpverlening"))
    text = _text(render_agenda(_meeting(), options))
    assert "Gemeente Lansingerland" in text and "Schuldhulpverlening" in text
