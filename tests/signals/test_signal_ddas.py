"""DDAS VS v1.2 export (schema, own checks, atomic 0600, audited by counts) and reading v1.2/v1.0 deliveries,
including the round trip import(export)."""
from __future__ import annotations

import json
import os
import stat
from datetime import date

import pytest

from ketenregie.domain.signals.codes import ContactKind, Outcome, PartOfDay, SignalStatus
from ketenregie.domain.signals.ddas import check_delivery
from ketenregie.services.signals import SignalFileRefused

from signal_helpers import HEADERS, SCHEMA, row, table_counts, write_csv

BSN_OK = "111222333"


def schema_validator():
    if not SCHEMA.is_file():
        pytest.skip("DDAS schema folder ../shared/ddas is absent")
    import jsonschema

    schema = json.loads(SCHEMA.read_text(encoding="utf-8"))
    return jsonschema.Draft202012Validator(schema, format_checker=jsonschema.Draft202012Validator.FORMAT_CHECKER)


def worked_register(service, tmp_path):
    """A month with every shape: picked-up case with attempts and outcome, a repeated signal inside it, an open
    unpicked signal, a case closed as 'onterecht' without pick-up, a BSN client."""
    path = write_csv(tmp_path / "juni.csv", [
        row("A1", "Zorg", "Zilveren Kruis", "2026-06-01", "2026-03-01", "250"),
        row("A2", "Energie", "Eneco", "2026-06-03", "2026-04-01", "180"),
        row("A3", "Zorg", "Zilveren Kruis", "2026-06-05", "2026-03-01", "200"),
        row("B1", "Water", "Evides", "2026-06-02", "2026-05-01", "90", number="3", postcode="2652CD", addition="b"),
        row("C1", "Huur", "Woonzorg", "2026-06-04", "2026-05-01", "40", number="8", postcode="2653EF"),
    ] , headers=HEADERS)
    service.import_parsed(service.read_file(path))
    bsn_file = write_csv(tmp_path / "bsn.csv", [row("D1", "Energie", "Vattenfall", "2026-06-06", "2026-05-01", "300",
                                                    number="20", postcode="2654GH") + [BSN_OK]],
                         headers=HEADERS + ["BSN"])
    service.import_parsed(service.read_file(bsn_file))
    by_first = {c.signals[0].external_id: c for c in service.repo.all_cases()}
    a = by_first["A1"].id
    service.record_attempt(a, ContactKind.LETTER, False, date(2026, 6, 8), PartOfDay.MORNING)
    service.record_attempt(a, ContactKind.HOME_VISIT, True, date(2026, 6, 10), PartOfDay.EVENING)
    service.close(a, Outcome.ADVICE_QUICK_FIX, date(2026, 6, 12))
    service.close(by_first["C1"].id, Outcome.UNJUSTIFIED, date(2026, 6, 12))
    service.repo.pick_up(by_first["D1"].id, date(2026, 6, 9))
    return by_first


def test_export_validates_against_the_schema_and_holds_no_names(make_service, tmp_path):
    service = make_service(SignalBsnEnabled=True, DdasKvkNumber="12345678", DdasContactName="T. Tester",
                           DdasContactEmail="vroegsignalering@example.org")
    worked_register(service, tmp_path)
    out = tmp_path / "ddas-vs-2026-06.json"
    audit_before = service.register.db.query_one("SELECT count(*) FROM audit_log")[0]
    counts = service.export_ddas(date(2026, 6, 1), date(2026, 6, 30), out)
    assert stat.S_IMODE(os.stat(out).st_mode) == 0o600
    document = json.loads(out.read_text(encoding="utf-8"))
    errors = sorted(schema_validator().iter_errors(document), key=str)
    assert errors == []
    assert check_delivery(document) == []
    text = out.read_text(encoding="utf-8")
    for personal in ("Zwanhilde", "Kanarievogel", "Dorpsstraat", "Bergschenhoek", "0612345678"):
        assert personal not in text
    (levering,) = document["leveringen"]
    assert levering["gemeentecode"] == "1621"
    signals = {s["ID"]: s for s in levering["vroegsignalen"]}
    assert signals["D1"]["client"] == {"burgerservicenummer": BSN_OK}  # BSN alone
    assert signals["B1"]["client"] == {"postcode": "2652CD", "huisnummer": "3", "huisnummertoevoeging": "b"}
    assert signals["A3"]["status"] == "Niet opgepakt: herhaalde melding"
    assert signals["C1"]["status"] == "Niet opgepakt: onterecht signaal"
    assert signals["B1"]["status"] == "Nog niet opgepakt"
    zaken = {z["vroegsignalen"][0]["ID"]: z for z in levering["vroegsignaalzaken"]}
    assert set(zaken) == {"A1", "D1"}  # only picked-up cases are zaken
    assert zaken["A1"]["resultaat"] == "(Budget)advies en/of quick fix"
    assert zaken["A1"]["contactpogingen"][1] == {"soort": "Huisbezoek", "bereikt": True, "datum": "2026-06-10",
                                                 "dagdeel": "Avond"}
    assert (counts.signals, counts.cases, counts.attempts, counts.with_bsn) == (6, 2, 2, 1)
    last = service.register.db.query_one("SELECT action, object_ref FROM audit_log ORDER BY id DESC LIMIT 1")
    assert last == ("export", counts.object_ref)
    assert service.register.db.query_one("SELECT count(*) FROM audit_log")[0] == audit_before + 1


def test_round_trip_import_of_an_export_gives_back_the_same(make_service, tmp_path):
    source = make_service("a.krg", SignalBsnEnabled=True)
    worked_register(source, tmp_path)
    out = tmp_path / "export.json"
    source.export_ddas(date(2026, 6, 1), date(2026, 6, 30), out)
    target = make_service("b.krg", SignalBsnEnabled=True)
    counts = target.import_parsed(target.read_file(out))
    assert counts.new + counts.repeated == 6

    def shape(service):
        out = {}
        for case in service.repo.all_cases():
            key = tuple(sorted(s.external_id for s in case.signals))
            out[key] = (
                case.outcome, case.picked_up_on, case.period_start, case.period_end,
                tuple((a.kind, a.reached, a.day, a.part_of_day) for a in case.attempts),
                tuple(sorted((s.external_id, s.partner_kind, s.amount, s.arrears_start, s.signal_date, s.crisis,
                              s.warm_handover, s.status) for s in case.signals)),
                # DDAS carries the BSN alone when it is known, otherwise postcode + number (+ addition)
                case.household.bsn or (case.household.postcode, case.household.house_number,
                                       case.household.house_number_addition))
        return out

    assert shape(target) == shape(source)
    again = target.import_parsed(target.read_file(out))
    assert (again.new, again.already_present) == (0, 6)


def test_export_refuses_what_the_schema_cannot_see(service, tmp_path):
    document = {
        "startdatumLevering": "2026-06-30", "einddatumLevering": "2026-06-01",
        "leveringen": [{"gemeentecode": "1621", "teller": 1, "aanleverendeOrganisatie": {"naam": "x"},
                        "vroegsignalen": [
                            {"ID": "X1", "signaaldatum": "2026-06-01", "ontstaansdatum": "2026-07-01",
                             "client": {"burgerservicenummer": "123456789"}},
                            {"ID": "X1", "client": {"postcode": "2651AB"}}],
                        "vroegsignaalzaken": [{"vroegsignalen": [{"ID": "X9"}]}]}]}
    problems = "\n".join(check_delivery(document))
    for fragment in ("begindatum", "meer dan eens", "elfproef", "ontstaansdatum ligt na", "postcode en huisnummer",
                     "onbekende signaal X9"):
        assert fragment in problems


def test_ddas_import_takes_only_the_own_municipality(service, tmp_path):
    def levering(code, sid):
        return {"teller": 1, "gemeentecode": code, "aanleverendeOrganisatie": {"naam": "Platform"},
                "vroegsignalen": [{"ID": sid, "signaaldatum": "2026-06-01", "status": "Nog niet opgepakt",
                                   "signaalpartner": {"type": "Zorg"}, "bedrag": 100,
                                   "client": {"postcode": "2651AB", "huisnummer": "1"}}]}
    doc = {"codeGegevensleverancier": "x", "startdatumLevering": "2026-06-01", "einddatumLevering": "2026-06-30",
           "aanleverdatumEnTijd": "2026-07-01T10:00:00Z",
           "leveringen": [levering("1621", "OWN"), levering("0344", "OTHER1"), levering("0599", "OTHER2")]}
    path = tmp_path / "levering.json"
    path.write_text(json.dumps(doc), encoding="utf-8")
    parsed = service.read_file(path)
    counts = service.import_parsed(parsed)
    assert (counts.new, counts.skipped_other_municipality) == (1, 2)
    only_other = dict(doc, leveringen=[levering("0344", "OTHER1")])
    path.write_text(json.dumps(only_other), encoding="utf-8")
    with pytest.raises(SignalFileRefused) as info:
        service.read_file(path)
    assert "geen levering voor deze gemeente (1621)" in info.value.user_message


def test_ddas_v10_file_is_read_with_its_names(service, tmp_path):
    v10 = {
        "codeGegevensleverancier": "SOFTLEVERANCIER-XYZ", "startdatumLevering": "2025-01-01",
        "einddatumLevering": "2025-01-31", "aanleverdatumEnTijd": "2025-02-05T10:15:30Z",
        "leveringen": [{
            "teller": 1, "gemeentecode": "1621",
            "aanleverende_organisatie": {"naam": "Gemeente", "contactpersoonen": []},
            "vroegsignalen": [{"ID": "VS-1", "crisissignaal": False, "warmeOverdracht": True, "bedrag": 450,
                               "ontstaansdatum": "2024-12-15", "signaaldatum": "2025-01-10",
                               "status": "Nog niet opgepakt", "signaalpartner": {"type": "Energie"},
                               "client": {"Voorletters": "A.B.", "Voorvoegsel": "van", "Achternaam": "Dijk",
                                          "Straatnaam": "Voorbeeldstraat", "Postcode": "2651AB", "Huisnummer": "10",
                                          "Huisnummertoevoeging": "A", "Plaatsnaam": "Bergschenhoek"}}],
            "vroegsignaalzaken": [{"resultaat": "(Budget)advies en/of quick fix", "matchingsdatum": "2025-01-12",
                                   "startdatum_matchtingperiode": "2025-01-01",
                                   "einddatum_matchingperiode": "2025-01-31", "datum_opgepakt": "2025-01-15",
                                   "vroegsignalen": [{"ID": "VS-1"}],
                                   "contactpogingen": [{"soort": "Telefoon", "bereikt": False, "datum": "2025-01-16",
                                                        "dagdeel": "Middag"}]}]}]}
    path = tmp_path / "v10.json"
    path.write_text(json.dumps(v10), encoding="utf-8")
    parsed = service.read_file(path)
    assert parsed.ddas_version == "1.0"
    service.import_parsed(parsed)
    (case,) = service.repo.all_cases()
    assert case.household.name == "A.B. van Dijk" and case.household.street == "Voorbeeldstraat"
    assert case.picked_up_on == date(2025, 1, 15) and case.outcome == Outcome.ADVICE_QUICK_FIX
    assert case.attempts[0].kind == ContactKind.PHONE
    assert case.signals[0].warm_handover and case.signals[0].status == SignalStatus.NOT_YET_PICKED_UP


@pytest.mark.parametrize("mutate, fragment", [
    (lambda s: s.update(signaaldatum="2026-02-31"), "geen geldige datum"),
    (lambda s: s.update(bedrag=-5), "niet-negatief"),
    (lambda s: s["signaalpartner"].update(type="Telecom"), "onbekende soort signaalpartner"),
])
def test_malformed_ddas_files_store_nothing(service, tmp_path, mutate, fragment):
    signal = {"ID": "M1", "signaaldatum": "2026-06-01", "signaalpartner": {"type": "Zorg"}, "bedrag": 10,
              "client": {"postcode": "2651AB", "huisnummer": "1"}}
    mutate(signal)
    doc = {"leveringen": [{"teller": 1, "gemeentecode": "1621", "aanleverendeOrganisatie": {"naam": "x"},
                           "vroegsignalen": [signal]}]}
    path = tmp_path / "m.json"
    path.write_text(json.dumps(doc), encoding="utf-8")
    with pytest.raises(SignalFileRefused) as info:
        service.read_file(path)
    assert fragment in info.value.user_message
    assert table_counts(service)["signals"] == 0
