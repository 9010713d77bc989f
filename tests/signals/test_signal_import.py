"""Importing signal files: CSV and .xlsx through a mapping, one transaction, line-level Dutch errors, idempotent."""
from __future__ import annotations

import pytest
from openpyxl import Workbook

from ketenregie.domain.signals.codes import SignalStatus
from ketenregie.domain.signals.triage import Queue, Route
from ketenregie.services.signals import SignalFileRefused

from signal_helpers import HEADERS, row, table_counts, write_csv


def test_csv_import_bundles_a_household_and_recognises_repeat_and_multiple(service, tmp_path):
    path = write_csv(tmp_path / "signalen.csv", [
        row("S1", "Zorg", "Zilveren Kruis", "2026-05-01", "2026-03-01", "250"),
        row("S2", "Energie", "Eneco", "2026-05-20", "2026-04-01", "180"),
        row("S3", "Zorg", "Zilveren Kruis", "2026-06-01", "2026-03-01", "250"),  # same arrears, not higher
        row("S4", "Water", "Evides", "2026-06-02", "2026-05-01", "90", name="Piet Puk", number="3", postcode="2652CD"),
    ])
    parsed = service.read_file(path)
    preview = service.preview(parsed)
    assert (preview.new, preview.repeated, preview.new_cases) == (3, 1, 2)
    assert table_counts(service)["signals"] == 0  # the preview stored nothing
    counts = service.import_parsed(parsed)
    assert (counts.new, counts.repeated, counts.already_present, counts.new_cases) == (3, 1, 0, 2)
    rows = {r.signal_count: r for r in service.repo.queue_rows()}
    assert rows[3].route == Route.KWADRAAD and rows[3].queue == Queue.NEW  # meervoudig: two partners
    assert rows[1].route == Route.LETTER_SMS  # enkelvoudig
    statuses = {s.external_id: s.status for s in service.repo.get(rows[3].signal_case_id).signals}
    assert statuses["S3"] == SignalStatus.REPEATED


def test_reimporting_the_same_file_changes_nothing(service, tmp_path):
    path = write_csv(tmp_path / "s.csv", [row("S1"), row("S2", "Huur", "Woonzorg", "2026-06-03")])
    service.import_parsed(service.read_file(path))
    before = table_counts(service)
    audit_before = service.register.db.query_one("SELECT count(*) FROM audit_log")[0]
    again = service.import_parsed(service.read_file(path))
    assert (again.new, again.already_present) == (0, 2)
    assert table_counts(service) == before
    # a file without IDs is recognised by its fingerprint
    headers = HEADERS[1:]
    no_id = write_csv(tmp_path / "zonder_id.csv", [row("X", "Water", "Evides")[1:]], headers=headers)
    first = service.import_parsed(service.read_file(no_id))
    second = service.import_parsed(service.read_file(no_id))
    assert (first.new, second.new, second.already_present) == (1, 0, 1)
    assert service.register.db.query_one("SELECT count(*) FROM audit_log")[0] == audit_before + 3


def test_rising_rent_goes_to_a_home_visit_queue(service, tmp_path):
    path = write_csv(tmp_path / "huur.csv", [row("H1", "Huur", "Woonzorg", "2026-05-01", "2026-03-01", "600"),
                                             row("H2", "Huur", "Woonzorg", "2026-06-01", "2026-03-01", "900")])
    service.import_parsed(service.read_file(path))
    (only,) = service.repo.queue_rows()
    assert only.route == Route.KWADRAAD


def test_crisis_goes_straight_to_the_coordinator(service, tmp_path):
    path = write_csv(tmp_path / "c.csv", [row("C1", "Energie", "Eneco", crisis="ja")])
    service.import_parsed(service.read_file(path))
    (only,) = service.repo.queue_rows()
    assert only.route == Route.COORDINATOR and only.crisis


@pytest.mark.parametrize("bad, column, fragment", [
    (dict(day="31-02-2026"), "Signaaldatum", "bestaat niet"),
    (dict(day="gisteren"), "Signaaldatum", "geen datum"),
    (dict(amount="-20"), "Bedrag", "negatief"),
    (dict(municipality="0344"), "Gemeentecode", "gemeente 0344"),
    (dict(kind="Telefonie"), "Soort signaalpartner", "geen soort signaalpartner"),
    (dict(postcode="99"), "Postcode", "postcode"),
])
def test_malformed_lines_give_dutch_errors_and_store_nothing(service, tmp_path, bad, column, fragment):
    path = write_csv(tmp_path / "fout.csv", [row("OK1"), row("BAD", **bad), row("OK2", number="7")])
    with pytest.raises(SignalFileRefused) as info:
        service.read_file(path)
    message = info.value.user_message
    assert f"fout.csv, regel 3, kolom '{column}'" in message and fragment in message
    assert "Zwanhilde" not in message and "Dorpsstraat" not in message  # no personal data quoted
    assert table_counts(service)["signals"] == 0


def test_wrong_columns_are_refused_with_the_missing_field(service, tmp_path):
    path = write_csv(tmp_path / "kolommen.csv", [["1", "x"]], headers=["Kenmerk", "Iets anders"])
    with pytest.raises(SignalFileRefused) as info:
        service.read_file(path)
    assert "Soort signaalpartner" in info.value.user_message
    assert table_counts(service)["signals"] == 0


def test_a_saved_mapping_reads_a_partner_export_and_xlsx(service, tmp_path):
    headers = ["Dossier", "Categorie", "Datum melding", "Achterstand euro", "PC", "Nr", "Klantnaam"]
    mapping = {"Dossier": "external_id", "Categorie": "partner_kind", "Datum melding": "signal_date",
               "Achterstand euro": "amount", "PC": "postcode", "Nr": "house_number", "Klantnaam": "name"}
    service.save_mapping("Woonzorg export", mapping)
    assert service.repo.mappings()["Woonzorg export"] == mapping
    book = Workbook()
    sheet = book.active
    sheet.append(headers)
    from datetime import datetime
    sheet.append(["W-1", "Huur", datetime(2026, 6, 2), 812.0, "2651AB", 12, "A. Jansen"])
    sheet.append(["W-2", "Huur", "03-06-2026", "1.250,00", "2651 AC", "4", "B. de Vries"])
    path = tmp_path / "woonzorg.xlsx"
    book.save(path)
    parsed = service.read_file(path, mapping_name="Woonzorg export")
    counts = service.import_parsed(parsed)
    assert counts.new == 2
    amounts = sorted(s.amount for c in service.repo.all_cases() for s in c.signals)
    assert amounts == [812, 1250]
    with pytest.raises(SignalFileRefused) as info:
        service.read_file(path, mapping_name="Bestaat niet")
    assert "Woonzorg export" in info.value.user_message


def test_cancel_rolls_back_everything(service, tmp_path):
    from ketenregie.store.signal_repository import ImportCancelled

    rows = [row(f"S{i}", number=str(i + 1)) for i in range(450)]
    parsed = service.read_file(write_csv(tmp_path / "groot.csv", rows))
    seen = []
    with pytest.raises(ImportCancelled):
        service.import_parsed(parsed, progress=lambda d, t: seen.append(d), cancelled=lambda: len(seen) >= 1)
    assert table_counts(service)["signals"] == 0
    assert seen and seen[0] == 200


def test_bsn_is_dropped_unless_policy_allows_it(make_service, tmp_path):
    headers = HEADERS + ["BSN"]
    path = write_csv(tmp_path / "bsn.csv", [row("B1") + ["111222333"]], headers=headers)
    off = make_service("off.krg")
    off.import_parsed(off.read_file(path))
    assert off.register.db.query_one("SELECT bsn FROM signal_households")[0] is None
    on = make_service("on.krg", SignalBsnEnabled=True)
    on.import_parsed(on.read_file(path))
    assert on.register.db.query_one("SELECT bsn FROM signal_households")[0] == "111222333"
    bad = write_csv(tmp_path / "badbsn.csv", [row("B2") + ["123456789"]], headers=headers)
    with pytest.raises(SignalFileRefused) as info:
        on.read_file(bad)
    assert "elfproef" in info.value.user_message and "123456789" not in info.value.user_message
