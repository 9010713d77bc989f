"""Issue 11, item 2: no agenda PDF, minutes or meeting-mode screen shows text that has not passed the meeting
audience's check — whether or not the summary was ever marked final. Real register, real PDFs, real widgets."""
from __future__ import annotations

from dataclasses import replace
from datetime import date, datetime, timedelta
from io import BytesIO

import pypdf
import pytest
from PySide6.QtWidgets import QLabel, QWidget

from ketenregie.config import Policy
from ketenregie.documents.meeting_agenda import render_agenda
from ketenregie.documents.meeting_minutes import render_minutes
from ketenregie.domain.cases import Case, Household, IntakeRoute
from ketenregie.domain.meetings import (CaseMeeting, ItemRecord, MeetingKind, Participant, ParticipantRole,
                                        RecordKind)
from ketenregie.domain.outgoing_text import WITHHELD_NL, OutgoingTextBlocked
from ketenregie.services.register import create_register
from ketenregie.store.case_repository import CaseRepository
from ketenregie.store.meeting_repository import MeetingRepository
from ketenregie.ui.meetings import documents
from ketenregie.ui.meetings.meeting_mode import MeetingModeWindow
from ketenregie.vault.kdf import KdfParams

NAME = "Zwanhilde Kanarievogel"
START = datetime.combine(date.today() + timedelta(days=3), datetime.min.time()).replace(hour=9, minute=30)


@pytest.fixture
def register(tmp_path):
    reg, _, _ = create_register(tmp_path / "register.krg", "een lange wachtwoordzin voor tests",
                                policy=Policy.defaults(), kdf=KdfParams.minimum())
    yield reg
    reg.close()


@pytest.fixture
def planned(register):
    cases = CaseRepository(register.db, register.audit)
    number = cases.create(Case(household=Household(name=NAME, date_of_birth=date(1984, 6, 3), postcode="2651 AB"),
                               intake_route=IntakeRoute.SELF, help_request_date=date.today()))
    repo = MeetingRepository(register.db, register.audit, cases=cases)
    meeting_id = repo.save(CaseMeeting(
        starts_at=START, purpose="Vastgelopen trajecten", chair="Teamleider", location="Raadhuis",
        kind=MeetingKind.WITH_PARTNERS,
        participants=(Participant("Gemeente", ParticipantRole.CHAIR), Participant("Kwadraad", ParticipantRole.MEMBER))))
    meeting = repo.add_cases(repo.get(meeting_id, audit=False), [cases.get(number, audit=False).id])
    [item] = meeting.items
    # typed but never marked final: nothing used to check it before printing or presenting
    item = replace(item, question=f"Hoe verder met mevrouw Kanarievogel ({number})?",
                   summary="Geboren 03-06-1984, woont op 2651 AB. Alleenstaand.")
    repo.save(replace(meeting, items=(item,)))
    return repo, meeting_id, number


def _texts(root: QWidget) -> str:
    parts = []
    for widget in [root, *root.findChildren(QWidget)]:
        parts += [widget.accessibleName(), widget.toolTip(), widget.windowTitle()]
        if isinstance(widget, QLabel):
            parts.append(widget.text())
    return "\n".join(parts)


def test_the_agenda_is_not_produced_until_the_text_is_edited(planned, tmp_path, qtbot):
    repo, meeting_id, number = planned
    tmp_path = tmp_path / "uit"
    tmp_path.mkdir()
    meeting = repo.get(meeting_id, audit=False)
    with pytest.raises(OutgoingTextBlocked) as refused:
        documents.produce(repo, meeting, "agenda", tmp_path)
    message = refused.value.user_message
    assert "De agenda wordt niet gemaakt" in message and "naam van de inwoner" in message
    assert "geboortedatum" in message and "casusnummer" in message
    assert "Kanarievogel" not in message and number not in message and "2651" not in message
    assert list(tmp_path.iterdir()) == []
    with pytest.raises(OutgoingTextBlocked):  # the renderer refuses on its own, even without the cases
        render_agenda(meeting)
    [item] = meeting.items
    repo.save(replace(meeting, items=(replace(item, question="Welke partner neemt de regie?",
                                              summary="Alleenstaand, schulden 5.000 tot 15.000 euro."),)))
    meeting = repo.get(meeting_id, audit=False)
    with qtbot.waitSignal(documents.produce(repo, meeting, "agenda", tmp_path).finished, timeout=10_000):
        pass
    [pdf] = list(tmp_path.iterdir())
    text = " ".join(p.extract_text() for p in pypdf.PdfReader(BytesIO(pdf.read_bytes())).pages)
    assert "Welke partner neemt de regie?" in text and "Kanarievogel" not in text


def test_meeting_mode_withholds_unchecked_text(planned, qtbot):
    repo, meeting_id, number = planned
    window = MeetingModeWindow(repo, meeting_id, partners={})
    qtbot.addWidget(window)
    shown = _texts(window)
    assert WITHHELD_NL in window.summary_label.text() and WITHHELD_NL in window.question_label.text()
    for secret in ("Kanarievogel", number, "2651", "03-06-1984"):
        assert secret not in shown
    meeting = repo.get(meeting_id, audit=False)
    [item] = meeting.items
    repo.save(replace(meeting, items=(replace(item, question="Welke partner neemt de regie?", summary="Alleenstaand."),)))
    window.reload()
    assert window.summary_label.text() == "Alleenstaand." and "regie" in window.question_label.text()


def test_minutes_refuse_a_record_with_identifiers(planned):
    repo, meeting_id, _number = planned
    meeting = repo.get(meeting_id, audit=False)
    [item] = meeting.items
    item = replace(item, question="", summary="", records=(
        ItemRecord(RecordKind.AGREEMENT, "Bellen op 06-12345678"),
        ItemRecord(RecordKind.DISCUSSION, "Bespreekpunt blijft in het register, 06-12345678")))
    with pytest.raises(OutgoingTextBlocked, match="Het verslag wordt niet gemaakt"):
        render_minutes(replace(meeting, items=(item,)))
    clean = replace(item, records=(ItemRecord(RecordKind.AGREEMENT, "PLANgroep belt deze week"),))
    assert render_minutes(replace(meeting, items=(clean,))).startswith(b"%PDF")
