"""Inzage (AVG art. 15): one case's data as a B1 PDF (read back with pypdf) and a JSON file with the same data;
written atomically under a name without personal data, audited by counts, nothing else changed."""
from __future__ import annotations

import json
import stat
from pathlib import Path

import pytest
from pypdf import PdfReader

from rights_helpers import (CANARY_BSN, CANARY_IBAN, CANARY_NAME, CANARY_NOTE, CANARY_PHONE, TODAY, full_case,
                            new_register)

from ketenregie.domain.audit import AuditAction
from ketenregie.services.inzage import InzageService
from ketenregie.services.rectification import RectificationService
from ketenregie.store.case_repository import CaseNotFound, CaseRepository


@pytest.fixture
def register(tmp_path):
    reg = new_register(tmp_path / "register.krg")
    yield reg
    reg.close()


def _pdf_text(path: Path) -> str:
    return "\n".join(page.extract_text() for page in PdfReader(path).pages)


def _flat(text: str) -> str:
    return " ".join(text.split())


def test_inzage_pdf_and_json_hold_the_same_full_picture(register, tmp_path):
    number = full_case(register)
    other = full_case(register, name="Karel Bos", note="Anderenotitie", bsn="123456782",
                      iban="NL02RABO0123456789", phone="06-11223344")
    cases = CaseRepository(register.db, register.audit, clock=lambda: TODAY)
    cases.get(number)  # viewed once more
    case = cases.get(number, audit=False)
    RectificationService(register, clock=lambda: TODAY).correct_journal_entry(
        number, case.journal[0].id, f"Eerste gesprek gehad. {CANARY_NOTE}")
    audit_before = register.audit.count()
    out = tmp_path / "uitvoer"

    files = InzageService(register, clock=lambda: TODAY).make(number, out)

    assert files.pdf.name == f"{number}_inzage_{TODAY.isoformat()}.pdf"
    assert files.json.name == f"{number}_inzage_{TODAY.isoformat()}.json"
    assert sorted(p.name for p in out.iterdir()) == sorted([files.pdf.name, files.json.name])  # no temp files
    for path in (files.pdf, files.json):
        assert stat.S_IMODE(path.stat().st_mode) == 0o600
    data = json.loads(files.json.read_text(encoding="utf-8"))
    sections = {s["id"]: s for s in data["onderdelen"]}
    assert data["casusnummer"] == number
    assert set(sections) == {"fields", "journal", "actions", "conversations", "referrals", "bases", "meetings",
                             "views"}
    fields = {r["Gegeven"]: r for r in sections["fields"]["regels"]}
    name_row = next(r for label, r in fields.items() if label.startswith("Naam"))
    assert name_row["Wat wij hebben"] == CANARY_NAME and name_row["Waarom"] and name_row["Hoe lang"]
    assert any(r["Wat wij hebben"] == CANARY_PHONE for r in fields.values())
    assert any(CANARY_IBAN in r["Wat wij hebben"] for r in fields.values())  # the help request
    journal = sections["journal"]["regels"]
    assert sum(r["Verbeterd"].startswith("gecorrigeerd op ") for r in journal) == 1
    assert not any(CANARY_BSN in r["Notitie"] for r in journal)  # the corrected text only
    assert len(sections["referrals"]["regels"]) == 1 and "Naam" in sections["referrals"]["regels"][0][
        "Welke gegevens"]
    assert sections["bases"]["regels"][0]["Soort"].startswith("Toestemming")
    meeting = sections["meetings"]["regels"][0]
    assert meeting["Schuilnaam"] and meeting["Datum"] == TODAY.strftime("%d-%m-%Y")
    conversations = sections["conversations"]["regels"]
    assert len(conversations) == 1 and "concept" in conversations[0]["Stand"]
    assert conversations[0]["Brug"].endswith("trede 3") and conversations[0]["Doelen en stappen"]
    views = sections["views"]
    assert any(r["Wat"] == "Bekeken" for r in views["regels"]) and "Bekeken: " in views["uitleg"]
    # nothing of the other case
    assert "Karel Bos" not in files.json.read_text(encoding="utf-8") and other not in files.json.read_text()
    # the PDF says the same things in readable Dutch
    text = _flat(_pdf_text(files.pdf))
    for expected in (f"casus {number}", CANARY_NAME, CANARY_PHONE, "Journaal", "Verwijzingen",
                     "Overleggen waarin uw situatie is besproken", meeting["Schuilnaam"], "Wie uw casus bekeek",
                     "AVG artikel 15"):
        assert _flat(expected) in text, expected
    assert "Karel Bos" not in text
    metadata = PdfReader(files.pdf).metadata
    assert CANARY_NAME not in str(dict(metadata)) and metadata.title == f"Inzage {number}"
    # one audit entry, counts only
    assert register.audit.count() == audit_before + 1
    entry = register.audit.recent(1)[0]
    assert entry.action == AuditAction.EXPORT.value
    assert entry.object_ref == f"inzage:{number},n={sum(len(s['regels']) for s in data['onderdelen'])}"
    stored = register.db.query_one("SELECT object_ref FROM audit_log ORDER BY id DESC LIMIT 1")[0]
    assert number not in stored


def test_a_second_inzage_the_same_day_gets_its_own_names_and_a_user_folder_is_left_as_it_is(register, tmp_path):
    number = full_case(register)
    folder = tmp_path / "documenten"
    folder.mkdir(mode=0o755)
    folder.chmod(0o755)
    service = InzageService(register, clock=lambda: TODAY)
    first = service.make(number, folder)
    second = service.make(number, folder)
    assert second.pdf.name == f"{number}_inzage-2_{TODAY.isoformat()}.pdf" and first.pdf.exists()
    assert stat.S_IMODE(folder.stat().st_mode) == 0o755


def test_an_unknown_case_writes_nothing_and_logs_nothing(register, tmp_path):
    before = register.audit.count()
    with pytest.raises(CaseNotFound):
        InzageService(register, clock=lambda: TODAY).make("2026-9999", tmp_path / "x")
    assert not (tmp_path / "x").exists() and register.audit.count() == before


def test_the_report_speaks_b1(register):
    """The report's own texts (introduction, titles, explanations, the views summary) pass the B1 check that the
    resident's summary uses (domain/readability.py); the catalogue's purposes are the catalogue's own words."""
    from ketenregie.domain.readability import check_texts

    number = full_case(register)
    CaseRepository(register.db, register.audit, clock=lambda: TODAY).get(number)
    report = InzageService(register, clock=lambda: TODAY).build(number)
    texts = [*report.introduction, *(s.title for s in report.sections), *(s.explanation for s in report.sections)]
    assert [w.message for w in check_texts(texts).warnings] == []


def test_views_from_before_the_opaque_references_are_counted_too(register):
    """A register upgraded from before migration 0009 has audit rows that name the case number itself: the inzage
    counts them as well (and never another case whose number merely starts the same)."""
    from ketenregie.store.audit_log import _row_hash

    number = full_case(register)
    with register.db.transaction() as conn:  # two legacy rows, chained like the old code wrote them
        for ref in (f"case:{number}", f"case:{number}9"):
            last_id, prev = conn.execute("SELECT id, hash FROM audit_log ORDER BY id DESC LIMIT 1").fetchone()
            ts = "2026-05-01T10:00:00.000+00:00"
            digest = _row_hash(last_id + 1, ts, "medewerker", "view", ref, "ok", "gui", prev)
            conn.execute("INSERT INTO audit_log VALUES (?, ?, 'medewerker', 'view', ?, 'ok', 'gui', ?, ?)",
                         (last_id + 1, ts, ref, prev, digest))
            conn.execute("INSERT OR REPLACE INTO meta (key, value) VALUES ('audit_head', ?)",
                         (f"{last_id + 1}:{digest}",))
    report = InzageService(register, clock=lambda: TODAY).build(number)
    views = report.section("views").rows
    assert ("01-05-2026 10:00", "Bekeken") in views and len([v for v in views if v[0] == "01-05-2026 10:00"]) == 1
