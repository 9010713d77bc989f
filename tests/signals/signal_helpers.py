"""Helpers for the vroegsignalering tests (imported as `signal_helpers`): constants, a fixed clock, the DDAS schema's
place, and helpers to write signal files the way partners and the matching platform deliver them."""
from __future__ import annotations

import csv
import io
from datetime import date, datetime, timezone
from pathlib import Path

from ketenregie.config import Policy

PASSPHRASE = "een lange wachtwoordzin voor tests"
TODAY = date(2026, 6, 15)
NOW = datetime(2026, 6, 15, 10, 30, tzinfo=timezone.utc)
SCHEMA = Path(__file__).resolve().parents[3] / "shared" / "ddas" / "vroegsignalering-v1.2" / \
    "json_schema_Uitwisselmodel.json"
HEADERS = ["ID", "Soort signaalpartner", "Signaalpartner", "Signaaldatum", "Ontstaansdatum", "Bedrag", "Crisis",
           "Naam", "Straat", "Huisnummer", "Toevoeging", "Postcode", "Woonplaats", "Telefoon", "Gemeentecode"]


def policy(**values) -> Policy:
    return Policy.from_mapping(values, "test")


def row(sid="S1", kind="Zorg", partner="Zilveren Kruis", day="2026-06-01", start="2026-04-01", amount="250",
        crisis="nee", name="Zwanhilde Kanarievogel", street="Dorpsstraat", number="12", addition="", postcode="2651 AB",
        city="Bergschenhoek", phone="0612345678", municipality="1621") -> list[str]:
    return [sid, kind, partner, day, start, amount, crisis, name, street, number, addition, postcode, city, phone,
            municipality]


def write_csv(path: Path, rows: list[list[str]], headers: list[str] = HEADERS, delimiter: str = ";") -> Path:
    buffer = io.StringIO()
    writer = csv.writer(buffer, delimiter=delimiter, lineterminator="\n")
    writer.writerow(headers)
    writer.writerows(rows)
    path.write_text(buffer.getvalue(), encoding="utf-8-sig")
    return path


def table_counts(service: SignalService) -> dict[str, int]:
    db = service.register.db
    return {t: db.query_one(f"SELECT count(*) FROM {t}")[0]
            for t in ("signals", "signal_cases", "signal_households", "signal_contact_attempts")}
