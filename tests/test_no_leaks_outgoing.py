"""Issue 11 canary run for what leaves the register (items 1, 2, 5, 7): a canary name, BSN, IBAN, phone number and
birth date planted in the help request, a journal note, a letter draft and an agenda summary go through letter,
agenda and minutes. Whatever was refused wrote nothing; what was produced holds none of the canary values; the
draft stays inside the (encrypted) register. Every file under the app home, the output folder and the temp dir is
searched, in UTF-8 and UTF-16."""
from __future__ import annotations

import tempfile
from dataclasses import replace
from datetime import date, datetime, timedelta
from io import BytesIO
from pathlib import Path

import pytest
from pypdf import PdfReader

from ketenregie.config import Policy
from ketenregie.documents.letterhead import Letterhead
from ketenregie.documents.meeting_agenda import render_agenda
from ketenregie.documents.meeting_minutes import render_minutes
from ketenregie.domain.cases import Case, Household, IntakeRoute, JournalEntry
from ketenregie.domain.consent import BasisKind, ConsentForm
from ketenregie.domain.meetings import CaseMeeting, ItemRecord, MeetingKind, Participant, ParticipantRole, RecordKind
from ketenregie.domain.outgoing_text import OutgoingTextBlocked
from ketenregie.domain.referral import ReferralContent, SenderInfo, TextNotCleared
from ketenregie.domain.referral_draft import LetterDraft
from ketenregie.services.referral import ReferralService
from ketenregie.services.register import create_register
from ketenregie.store.meeting_repository import MeetingRepository, MeetingValidationError
from ketenregie.vault.kdf import KdfParams

NAME = "Zwanhilde Kanarievogel-Qx"
BSN, IBAN, PHONE, BIRTH = "111222333", "NL91ABNA0417164300", "0687654321", "03-06-1984"
CANARIES = (NAME, "Kanarievogel", BSN, IBAN, PHONE, BIRTH)


def _needles(canaries) -> list[bytes]:
    return [text.encode(codec) for text in canaries for codec in ("utf-8", "utf-16-le")]


def _scan(folders: list[Path], skip: set[Path]) -> tuple[int, list[str]]:
    files, found = 0, []
    for folder in folders:
        for path in folder.rglob("*"):
            if path.is_file() and path not in skip:
                files += 1
                # the resident's own copy is meant to name them (and only that): no identifier in it either
                canaries = CANARIES[2:] if "kopie-inwoner" in path.name else CANARIES
                data = path.read_bytes()
                found += [f"{path.name}: {n!r}" for n in _needles(canaries) if n in data]
                if path.suffix == ".pdf":
                    text = " ".join(p.extract_text() for p in PdfReader(BytesIO(data)).pages)
                    found += [f"{path.name}: {c}" for c in canaries if c in " ".join(text.split())]
    return files, found


def test_canary_reaches_no_file_outside_the_register(tmp_path, isolated_home, monkeypatch, capsys):
    temp_dir = tmp_path / "tmp"
    temp_dir.mkdir()
    monkeypatch.setenv("TMPDIR", str(temp_dir))
    monkeypatch.setattr(tempfile, "tempdir", str(temp_dir))
    out = tmp_path / "uit"
    out.mkdir()
    reg_path = tmp_path / "reg" / "register.krg"
    reg_path.parent.mkdir()
    register, _, _ = create_register(reg_path, "een lange wachtwoordzin voor tests", policy=Policy.defaults(),
                                     kdf=KdfParams.minimum())
    try:
        service = ReferralService(register)
        number = service.cases.create(Case(
            Household(NAME, date_of_birth=date(1984, 6, 3), phone=PHONE, postcode="2651 AB", house_number="12"),
            IntakeRoute.SELF, date.today() - timedelta(days=3),
            help_request=f"{NAME} ({BIRTH}), BSN {BSN}, rekening {IBAN}, bel {PHONE}"))
        service.cases.add_journal_entry(number, JournalEntry(date.today(), f"Kanarievogel belde van {PHONE}"))
        case = service.cases.get(number, audit=False)
        kwadraad = next(p for p in service.partners() if p.code == "kwadraad")
        service.record_basis(case, kwadraad, BasisKind.CONSENT, date.today(), {"household", "help_request",
                                                                                 "agreements"}, ConsentForm.ORAL)
        content = ReferralContent(steps_taken=f"Gesproken met Zwanhilde, {PHONE}")
        refused = 0
        with pytest.raises(TextNotCleared):
            service.compose(case, kwadraad, content, sender=SenderInfo("M. de Boer"))
        refused += 1
        # the coordinator edits the help request; the letter goes with what the consent covers, nothing more
        service.cases.update(replace(case, help_request="Wil overzicht van de post"))
        case = service.cases.get(number, audit=False)
        letter = service.compose(case, kwadraad, ReferralContent(), sender=SenderInfo("M. de Boer"))
        written = service.save(service.render(letter, case, resident_copy=True), case, out)
        # a draft for a next letter, with the canary in it, stays inside the register
        service.drafts.save(case.id, LetterDraft(kwadraad.id, steps_taken=content.steps_taken))

        meetings = MeetingRepository(register.db, register.audit)
        start = datetime.combine(date.today() + timedelta(days=2), datetime.min.time()).replace(hour=9)
        meeting_id = meetings.save(CaseMeeting(starts_at=start, purpose="Vastgelopen trajecten", chair="Teamleider",
                                               location="Raadhuis", kind=MeetingKind.INTERNAL,
                                               participants=(Participant("Gemeente", ParticipantRole.CHAIR),)))
        meeting = meetings.add_cases(meetings.get(meeting_id, audit=False), [case.id])
        [item] = meeting.items
        meetings.save(replace(meeting, items=(replace(item, question=f"Hoe verder met {NAME}?",
                                                      summary=f"Geboren {BIRTH}, BSN {BSN}."),)))
        meeting = meetings.get(meeting_id, audit=False)
        residents = meetings.residents(meeting)
        with pytest.raises(OutgoingTextBlocked):
            render_agenda(meeting, residents=residents)
        refused += 1
        with pytest.raises(MeetingValidationError):
            meetings.record(meeting_id, meeting.items[0].id, ItemRecord(RecordKind.AGREEMENT, f"Bellen: {PHONE}"))
        refused += 1
        [item] = meeting.items
        meetings.save(replace(meeting, items=(replace(item, question="Welke partner neemt de regie?",
                                                      summary="Alleenstaand, schulden in beeld."),)))
        meetings.record(meeting_id, item.id, ItemRecord(RecordKind.AGREEMENT, "PLANgroep belt deze week"))
        meeting = meetings.get(meeting_id, audit=False)
        for kind, render in (("agenda", render_agenda), ("verslag", render_minutes)):
            target = out / f"overleg-{kind}.pdf"
            target.write_bytes(render(meeting, residents=meetings.residents(meeting)))
            written.append(target)
        assert service.drafts.get(case.id) is not None  # the draft is in the register
    finally:
        register.close()

    register_files = {reg_path, *reg_path.parent.glob("register.krg*")}
    files, found = _scan([Path(isolated_home), out, temp_dir, reg_path.parent], register_files)
    assert found == []
    assert len(written) == 4 and refused == 3
    with capsys.disabled():
        print(f"\nCANARY outgoing: {files} files searched (home, output, temp, register folder minus the "
              f"register), {len(written)} documents produced, {refused} refused, 0 hits")
