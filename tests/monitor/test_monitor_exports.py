"""Exports as a new user makes them: pick last quarter, export the PDF and the Excel file and open them (pypdf,
openpyxl), make the SHV file and validate it against the national schema; atomic, 0600, audited by counts, and
through real CLI processes without any name in the output."""
from __future__ import annotations

import json
import re
import os
import stat
import subprocess
import sys
from datetime import date

import pytest
from openpyxl import load_workbook
from pypdf import PdfReader

from ketenregie.domain.monitor.period import PeriodKind, last_complete
from ketenregie.domain.monitor.shv import check_shv
from ketenregie.domain.monitor.trajectory import (Guidance, GuidanceKind, Moratorium, Solution, SolutionKind,
                                                  Trajectory)
from ketenregie.services.monitor import MonitorError

from monitor_helpers import CANARY, PASSPHRASE, SCHEMA, make_case

D = date


def fill(service, n: int = 12) -> list[str]:
    cases = [make_case(i) for i in range(n)] + [make_case(100, help_date=D(2026, 5, 4), first=D(2026, 5, 6),
                                                           decision=None, crisis=True)]
    numbers = service.cases.bulk_insert(cases)
    for number in numbers[:6]:
        case = service.cases.get(number, audit=False)
        service.save_trajectory(case, Trajectory(
            action_plan_date=D(2026, 5, 20), solutions=(Solution(SolutionKind.DEBT_MEDIATION, D(2026, 6, 1)),),
            guidance=(Guidance(GuidanceKind.BUDGET_COACHING, D(2026, 5, 21)),),
            moratoria=(Moratorium(D(2026, 5, 12), D(2026, 5, 14), D(2026, 5, 14), D(2026, 11, 13)),)))
    return numbers


def test_last_quarter_pdf_reads_back_with_figures_charts_and_the_suppression_rule(service, tmp_path):
    fill(service)
    period = last_complete(PeriodKind.QUARTER, service.clock())
    assert (period.start, period.end) == (D(2026, 4, 1), D(2026, 6, 30))
    before = service.register.audit.count()
    out = tmp_path / "monitor.pdf"
    service.export(period, "pdf", out)
    assert stat.S_IMODE(os.stat(out).st_mode) == 0o600
    assert service.register.audit.count() == before + 1
    text = "\n".join(page.extract_text() for page in PdfReader(out).pages)
    assert "2e kwartaal 2026" in text and "Instroom naar aanmeldroute" in text
    assert "Wettelijke termijnen gehaald" in text and "<5" in text
    assert "Staafdiagram" in text and "Trechter" in text  # text alternatives of the charts
    assert CANARY not in text and not re.search(r"\b\d{4}-\d{4}\b", text)  # no names, no case numbers


def test_excel_has_every_table_with_markers_and_no_hidden_count(service, tmp_path):
    fill(service)
    period = last_complete(PeriodKind.QUARTER, service.clock())
    out = tmp_path / "monitor.xlsx"
    report = service.export(period, "xlsx", out)
    book = load_workbook(out)
    assert book.sheetnames[0] == "Toelichting"
    terms = book["Wettelijke termijnen gehaald"]
    rows = [[c.value for c in r] for r in terms.iter_rows(min_row=4)]
    # 13 first conversations in Q2: 12 met on time, the crisis one (Mon 4 May -> Wed 6 May) met too
    crisis_rows = [r for r in rows if r[0].startswith("Eerste gesprek bij crisis")]
    assert [r[2] for r in crisis_rows] == ["<5", 0, "<5"]
    first = [r for r in rows if r[0] == "Eerste gesprek binnen 4 weken"]
    assert [r[2] for r in first] == [12, 0, 12]
    # every sheet is made of strings and numbers >= 5 or 0 only
    for ws in book.worksheets[1:]:
        for r in ws.iter_rows(min_row=4, values_only=True):
            for value in r:
                if isinstance(value, int):
                    assert value == 0 or value >= report.minimum


def test_csv_carries_the_markers(service, tmp_path):
    fill(service)
    out = tmp_path / "monitor.csv"
    service.export(last_complete(PeriodKind.QUARTER, service.clock()), "csv", out)
    text = out.read_text(encoding="utf-8-sig")
    assert "Tabel;Groep;Categorie;Waarde;Aandeel" in text and ";<5;" in text and CANARY not in text


def test_shv_delivery_validates_against_the_national_schema_and_the_own_checks(service, tmp_path):
    jsonschema = pytest.importorskip("jsonschema")
    numbers = fill(service)
    out = tmp_path / "shv.json"
    before = service.register.audit.count()
    counts = service.export_shv(last_complete(PeriodKind.QUARTER, service.clock()), out)
    assert stat.S_IMODE(os.stat(out).st_mode) == 0o600
    assert (counts.trajects, counts.with_bsn) == (len(numbers), 0)
    last = service.register.db.query_one("SELECT object_ref FROM audit_log ORDER BY id DESC LIMIT 1")[0]
    assert service.register.audit.count() == before + 1 and last == counts.object_ref
    document = json.loads(out.read_text(encoding="utf-8"))
    assert check_shv(document) == []
    if SCHEMA.exists():  # the schema lives outside the project: only this check is skipped without it
        schema = json.loads(SCHEMA.read_text(encoding="utf-8"))
        jsonschema.Draft202012Validator(schema, format_checker=jsonschema.FormatChecker()).validate(document)
    trajects = document["leveringen"][0]["schuldhulptrajecten"]
    first = next(t for t in trajects if "oplossing" in t)
    assert first["gemeentecode"] == "1621"
    assert first["client"] == [{"Geboortedatum": first["client"][0]["Geboortedatum"], "Postcode": "2651AB",
                                "Huisnummer": first["client"][0]["Huisnummer"], "Huisnummertoevoeging": "a"}]
    assert first["oplossing"] == {"soort": "Schuldbemiddeling", "startdatum": "2026-06-01"}
    assert first["intake"]["beschikkingssoort"] == "Toelatingsbeschikking"
    assert first["begeleiding"] == [{"soort": "Budgetcoaching", "startdatum": "2026-05-21"}]
    assert "schulden" not in first and "informatieEnAdvies" not in first  # not held: left out, never invented
    assert CANARY not in out.read_text(encoding="utf-8")


def test_own_checks_catch_what_the_schema_cannot():
    base = {"startdatumLevering": "2026-01-01", "einddatumLevering": "2026-03-31", "leveringen": [{
        "schuldhulptrajecten": [{"gemeentecode": "1621", "startdatum": "2026-02-01", "einddatum": "2026-01-15",
                                 "client": [{"Burgerservicenummer": "123456789"}, {"Postcode": "2651AB"},
                                            {"Geboortedatum": "1980-01-01"}],
                                 "intake": {"startdatum": "2026-02-10", "beschikkingsdatum": "2026-02-01"}}]}]}
    problems = "\n".join(check_shv(base))
    assert "einddatum ligt vóór de startdatum" in problems
    assert "één of twee cliënten" in problems
    assert "elfproef" in problems
    assert "beschikkingsdatum ligt vóór startdatum" in problems
    assert "zonder BSN" in problems


def test_a_bsn_goes_in_only_when_policy_allows_and_it_is_known(make_service, tmp_path):
    for allowed in (False, True):
        service = make_service(f"r{allowed}.krg", BsnEnabled=allowed)
        [number] = service.cases.bulk_insert([make_case(1)])
        case_id = service.repo._case_id(number)
        with service.register.db.transaction() as conn:
            conn.execute("INSERT INTO signal_households (id, match_key, bsn) VALUES (1, 'k', '111222333')")
            conn.execute("INSERT INTO signal_cases (household_id, period_start, period_end, matching_date, case_id, "
                         "created_at, updated_at) VALUES (1, '2026-04-01', '2026-06-30', '2026-04-01', ?, 'x', 'x')",
                         (case_id,))
        document, counts = service.build_shv(last_complete(PeriodKind.QUARTER, service.clock()))
        client = document["leveringen"][0]["schuldhulptrajecten"][0]["client"][0]
        assert (client == {"Burgerservicenummer": "111222333"}) is allowed
        assert counts.with_bsn == int(allowed)


def test_cli_monitor_and_shv_write_files_and_print_counts_only(make_service, tmp_path, isolated_home):
    service = make_service()
    fill(service)
    path = service.register.files.register
    service.register.close()
    secret = tmp_path / "pw"
    secret.write_text(PASSPHRASE + "\n", encoding="utf-8")
    env = {**os.environ, "KETENREGIE_HOME": str(isolated_home)}
    outputs = []
    for args in (["monitor", "--from", "2026-04-01", "--to", "2026-06-30", "--format", "xlsx",
                  "--out", str(tmp_path / "m.xlsx")],
                 ["export", "ddas-shv", "--from", "2026-04-01", "--to", "2026-06-30", "--out",
                  str(tmp_path / "shv.json")],
                 ["monitor", "--from", "2026-06-30", "--to", "2026-04-01", "--format", "pdf",
                  "--out", str(tmp_path / "x.pdf")]):
        proc = subprocess.run([sys.executable, "-m", "ketenregie", *args, "--register", str(path),
                               "--passphrase-file", str(secret)], env=env, capture_output=True, text=True,
                              timeout=120)
        outputs.append((proc.returncode, proc.stdout + proc.stderr))
    assert outputs[0][0] == 0 and "Monitor geschreven (xlsx)" in outputs[0][1], outputs[0][1]
    assert outputs[1][0] == 0 and "13 trajecten" in outputs[1][1] and "CBS-portaal" in outputs[1][1]
    assert outputs[2][0] != 0 and "begindatum ligt na de einddatum" in outputs[2][1]
    assert not (tmp_path / "x.pdf").exists()
    assert all(CANARY not in text for _, text in outputs)
    load_workbook(tmp_path / "m.xlsx")


def test_a_missing_folder_is_a_dutch_error(service, tmp_path):
    with pytest.raises(MonitorError) as caught:
        service.export_shv(last_complete(PeriodKind.QUARTER, service.clock()), tmp_path / "nope" / "f.json")
    assert "map" in caught.value.user_message
