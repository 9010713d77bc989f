"""Issue 11 "Done means": the canary run. A canary name, BSN, IBAN, phone number and note go through create, edit,
letter, agenda, meeting mode, inzage, erase, lock and quit. Afterwards the canary is in no file outside the register
and the documents meant to hold it (the letter, the inzage) — logs, crash folder, settings, key-slot file, temp
dir, the agenda PDF (read back as text) — and, after the erasure, in no byte of the register either: every page of
the database file and its WAL is decrypted with the data key and searched (positive control: before the erasure
each canary is found there). The figures are printed (run with -s) for the closing note."""
from __future__ import annotations

import logging
import sys
import tempfile
from dataclasses import replace
from datetime import date, datetime, time, timedelta
from pathlib import Path

from pypdf import PdfReader

sys.path.insert(0, str(Path(__file__).resolve().parents[1] / "rights"))
from rights_helpers import (CANARIES, CANARY_BSN, CANARY_IBAN, CANARY_NAME, CANARY_NOTE,  # noqa: E402
                            CANARY_PHONE, PASSPHRASE)
from sqlcipher_pages import hits, needles, plaintext_pages, plaintext_wal_frames  # noqa: E402

from ketenregie.config import Policy  # noqa: E402
from ketenregie.diagnostics import install_excepthook, setup_logging  # noqa: E402
from ketenregie.domain.cases import (Action, Case, CasePartner, Household, IntakeRoute, JournalEntry,  # noqa: E402
                                     PartnerRole)
from ketenregie.domain.consent import BasisKind, ConsentForm  # noqa: E402
from ketenregie.domain.meetings import (CaseMeeting, MeetingKind, Participant, ParticipantRole,  # noqa: E402
                                        RecordKind)
from ketenregie.domain.referral import ReferralContent, SenderInfo  # noqa: E402
from ketenregie.paths import AppPaths  # noqa: E402
from ketenregie.services.erasure import ErasureService  # noqa: E402
from ketenregie.services.inzage import InzageService  # noqa: E402
from ketenregie.services.rectification import RectificationService  # noqa: E402
from ketenregie.services.referral import ReferralService  # noqa: E402
from ketenregie.services.register import create_register, open_register  # noqa: E402
from ketenregie.store.case_repository import CaseRepository  # noqa: E402
from ketenregie.store.meeting_repository import MeetingRepository  # noqa: E402
from ketenregie.store.partner_repository import PartnerRepository  # noqa: E402
from ketenregie.ui.meetings.documents import produce  # noqa: E402
from ketenregie.ui.meetings.meeting_mode import MeetingModeWindow  # noqa: E402
from ketenregie.vault.kdf import KdfParams  # noqa: E402

TODAY = date.today()
IDENTIFIERS = (CANARY_NAME, CANARY_BSN, CANARY_IBAN, CANARY_PHONE)


def _file_hits(path: Path) -> list[str]:
    """Canaries found in a file: raw bytes (UTF-8 and UTF-16), and for a PDF also its text and metadata."""
    data = path.read_bytes()
    found = [c for c in CANARIES if any(n in data for n in needles(c))]
    if path.suffix == ".pdf":
        reader = PdfReader(path)
        text = " ".join((page.extract_text() or "") for page in reader.pages) + str(dict(reader.metadata or {}))
        flat = " ".join(text.split())
        found += [c for c in CANARIES if c in flat and c not in found]
    return found


def _walk(folder: Path) -> list[Path]:
    return [p for p in folder.rglob("*") if p.is_file()] if folder.exists() else []


def test_canary_run(qtbot, tmp_path, monkeypatch, isolated_home):
    temp_dir = tmp_path / "tmp"
    temp_dir.mkdir()
    monkeypatch.setenv("TMPDIR", str(temp_dir))
    monkeypatch.setattr(tempfile, "tempdir", str(temp_dir))
    documents = tmp_path / "documenten"
    letters, agenda_dir, inzage_dir = documents / "brieven", documents / "overleg", documents / "inzage"
    letters.mkdir(parents=True)  # the letters view saves into a folder the user picked (it exists)
    paths = AppPaths.from_environment()
    paths.ensure()
    setup_logging(paths.log_dir)
    install_excepthook(paths.log_dir, show_dialog=False)
    policy = Policy.defaults()
    register_path = paths.default_register
    try:
        register, _code, _ = create_register(register_path, PASSPHRASE, policy=policy, kdf=KdfParams.minimum())
        key = bytes(register._key)
        partners = PartnerRepository(register.db).by_code()
        plangroep = partners["plangroep"]

        # create
        cases = CaseRepository(register.db, register.audit)
        number = cases.create(Case(
            household=Household(CANARY_NAME, date_of_birth=date(1980, 2, 3), phone=CANARY_PHONE,
                                 postcode="2651 AB", house_number="12"),
            intake_route=IntakeRoute.SELF, help_request_date=TODAY - timedelta(days=10),
            help_request=f"Hulp bij de post. {CANARY_NOTE}",
            partners=(CasePartner(plangroep.id, PartnerRole.DEBT_SETTLEMENT, leads=True),),
            actions=(Action(f"Bel terug op {CANARY_PHONE}"),),
            journal=(JournalEntry(TODAY - timedelta(days=9), f"BSN {CANARY_BSN} en IBAN {CANARY_IBAN} gezien."),)))
        # edit (and a correction of the action text)
        case = cases.get(number)
        cases.update(replace(case, help_request=case.help_request + " Aangevuld."))
        cases.add_journal_entry(number, JournalEntry(TODAY, f"Tweede gesprek: {CANARY_NOTE}"))
        action_id = cases.get(number, audit=False).actions[0].id
        RectificationService(register).correct_action(number, action_id, f"Bel {CANARY_NAME} terug")
        case = cases.get(number, audit=False)

        # letter (a document meant to hold the canary)
        service = ReferralService(register)
        partner = next(p for p in service.partners() if p.code == "plangroep")
        profile = service.profile_for(partner)
        service.record_basis(case, partner, BasisKind.CONSENT, TODAY, profile.field_ids({"BsnEnabled": False}),
                             ConsentForm.WRITTEN)
        letter = service.compose(case, partner, ReferralContent(steps_taken="Post geordend."),
                                 sender=SenderInfo("M. de Boer", phone="0412 123456"))
        letter_files = service.save(service.render(letter, case, resident_copy=True), case, letters)

        # agenda (pseudonymised: NOT meant to hold the canary)
        meetings = MeetingRepository(register.db, register.audit, cases=cases)
        meetings.mark_for_meeting(number, "Wie neemt de regie?")
        meeting_id = meetings.save(CaseMeeting(
            starts_at=datetime.combine(TODAY, time(9, 30)),
            purpose="Vastgelopen trajecten", chair="Teamleider", kind=MeetingKind.WITH_PARTNERS, location="Raadhuis",
            participants=(Participant("Gemeente", ParticipantRole.CHAIR),
                          Participant("Kwadraad", ParticipantRole.MEMBER))))
        meetings.save(meetings.add_cases(meetings.get(meeting_id, audit=False), [case.id]))
        task = produce(meetings, meetings.get(meeting_id, audit=False), "agenda", agenda_dir)
        with qtbot.waitSignal(task.finished, timeout=30000):
            pass

        # meeting mode (the shared screen): walk it, record an agreement, leave
        mode = MeetingModeWindow(meetings, meeting_id, partners={p.id: p.name for p in partners.values()})
        mode.show()  # not given to qtbot: closing destroys it (WA_DeleteOnClose, no data left in a hidden window)
        mode.kind_combo.setCurrentIndex(mode.kind_combo.findData(RecordKind.AGREEMENT.value))
        mode.text_edit.setText("Kwadraad plant een huisbezoek")
        mode.record_button.click()
        mode.close()

        # inzage (a document meant to hold the canary)
        inzage = InzageService(register).make(number, inzage_dir)

        # positive control: the decrypted register pages hold every canary before the erasure
        register.db.checkpoint()
        before = hits(register_path, key, list(CANARIES))
        assert all(n > 0 for n in before.values()), before

        # erase, lock, unlock, quit
        report = ErasureService(register).erase(number, number)
        register.close("manual")
        register = open_register(register_path, PASSPHRASE, policy=policy)
        assert register.db.query_one("SELECT count(*) FROM cases")[0] == 0
        assert register.audit.verify().ok
        register.close("quit")
    finally:
        sys.excepthook = sys.__excepthook__
        for handler in list(logging.getLogger("ketenregie").handlers):
            handler.close()
            logging.getLogger("ketenregie").removeHandler(handler)

    # the documents meant to hold it do (so the search below can see it)
    assert CANARY_NAME in _file_hits(letter_files[0])
    assert set(_file_hits(inzage.json)) == set(CANARIES) and CANARY_NAME in _file_hits(inzage.pdf)
    # every other file the run wrote: nothing
    meant = set(letter_files) | {inzage.pdf, inzage.json}
    register_files = {register_path, Path(f"{register_path}-wal"), Path(f"{register_path}-shm")}
    scanned = [p for p in _walk(isolated_home) + _walk(temp_dir) + _walk(documents)
               if p not in meant and p not in register_files]
    leaks = {str(p.relative_to(tmp_path.parent)): _file_hits(p) for p in scanned}
    assert {p: found for p, found in leaks.items() if found} == {}
    agenda_pdfs = [p for p in _walk(agenda_dir) if p.suffix == ".pdf"]
    assert len(agenda_pdfs) == 1
    assert any(p.name.endswith(".keys") for p in scanned) and any(p.name == "ketenregie.log" for p in scanned)
    # and after the erasure not one byte of the register, db + WAL, decrypted page by page
    pages = plaintext_pages(register_path, key)
    wal = plaintext_wal_frames(Path(f"{register_path}-wal"), key)
    after = hits(register_path, key, list(CANARIES))
    assert after == dict.fromkeys(CANARIES, 0)
    print("\nscanned:", sorted(p.name for p in scanned))
    print(f"canary run: {len(scanned)} files outside the register scanned "
          f"({sum(p.stat().st_size for p in scanned)} bytes), none holds a canary; "
          f"documents meant to hold it: {len(meant)}; register pages decrypted: {len(pages)} db + {len(wal)} WAL; "
          f"pages with a canary before erasure: {before}; after: {after}; erasure removed {report.total} rows")
