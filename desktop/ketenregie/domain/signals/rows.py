"""Turning rows of a CSV/xlsx signal export into signals, through a column mapping, with line-level Dutch errors.

A mapping is data: {column header in the file: field name}. Field names are the stable ids in `FIELDS`; the
built-in mapping `STANDARD_MAPPING` knows the usual Dutch headers. Nothing here keeps a value from a file
outside the returned objects; error messages quote a value only for non-personal fields (dates, amounts, codes).
"""
from __future__ import annotations

import hashlib
import re
import secrets
from collections.abc import Iterable, Mapping
from dataclasses import dataclass
from datetime import date

from ketenregie.domain.signals.codes import Sex, SignalPartnerKind
from ketenregie.domain.signals.model import (MAX_AMOUNT, Signal, SignalHousehold, bsn_valid, normalise_postcode,
                                             valid_house_number, valid_postcode)


@dataclass(frozen=True, slots=True)
class FieldSpec:
    id: str
    label: str  # Dutch, for the mapping dialog
    required: bool = False
    personal: bool = False  # never quoted in an error message


FIELDS: tuple[FieldSpec, ...] = (
    FieldSpec("external_id", "ID van het signaal"),
    FieldSpec("partner_kind", "Soort signaalpartner (DDAS)", required=True),
    FieldSpec("partner_name", "Signaalpartner (organisatie)"),
    FieldSpec("signal_date", "Signaaldatum", required=True),
    FieldSpec("arrears_start", "Ontstaansdatum achterstand"),
    FieldSpec("amount", "Bedrag (hele euro's)"),
    FieldSpec("crisis", "Crisissignaal (ja/nee)"),
    FieldSpec("warm_handover", "Warme overdracht (ja/nee)"),
    FieldSpec("end_of_supply_date", "Datum einde levering"),
    FieldSpec("eviction_date", "Datum ontruiming"),
    FieldSpec("name", "Naam", personal=True),
    FieldSpec("street", "Straat", personal=True),
    FieldSpec("house_number", "Huisnummer", required=True, personal=True),
    FieldSpec("house_number_addition", "Huisnummertoevoeging", personal=True),
    FieldSpec("postcode", "Postcode", required=True, personal=True),
    FieldSpec("city", "Woonplaats", personal=True),
    FieldSpec("phone", "Telefoonnummer", personal=True),
    FieldSpec("email", "E-mailadres", personal=True),
    FieldSpec("date_of_birth", "Geboortedatum", personal=True),
    FieldSpec("sex", "Geslacht"),
    FieldSpec("bsn", "BSN", personal=True),
    FieldSpec("municipality_code", "Gemeentecode (CBS)"),
)
FIELD_BY_ID = {f.id: f for f in FIELDS}
REQUIRED_FIELDS = tuple(f.id for f in FIELDS if f.required)

# Headers as the matching platform and most partners name them (compared case- and space-insensitively).
STANDARD_MAPPING: Mapping[str, str] = {
    "id": "external_id", "signaal id": "external_id", "signaalid": "external_id", "kenmerk": "external_id",
    "soort signaalpartner": "partner_kind", "type signaalpartner": "partner_kind", "signaalpartner type": "partner_kind",
    "signaalpartner": "partner_name", "partner": "partner_name", "organisatie": "partner_name",
    "signaaldatum": "signal_date", "datum signaal": "signal_date",
    "ontstaansdatum": "arrears_start", "begin achterstand": "arrears_start", "achterstand sinds": "arrears_start",
    "bedrag": "amount", "bedrag achterstand": "amount", "achterstand": "amount",
    "crisis": "crisis", "crisissignaal": "crisis", "warme overdracht": "warm_handover",
    "einde levering": "end_of_supply_date", "einddatum levering": "end_of_supply_date",
    "ontruimingsdatum": "eviction_date", "datum ontruiming": "eviction_date",
    "naam": "name", "straat": "street", "straatnaam": "street", "huisnummer": "house_number",
    "toevoeging": "house_number_addition", "huisnummertoevoeging": "house_number_addition",
    "postcode": "postcode", "woonplaats": "city", "plaats": "city", "telefoon": "phone",
    "telefoonnummer": "phone", "mobiel": "phone", "e-mail": "email", "email": "email", "e-mailadres": "email",
    "geboortedatum": "date_of_birth", "geslacht": "sex", "bsn": "bsn", "burgerservicenummer": "bsn",
    "gemeentecode": "municipality_code", "gemeente code": "municipality_code",
}

_TRUE = {"ja", "j", "yes", "y", "true", "waar", "1", "x"}
_FALSE = {"nee", "n", "no", "false", "onwaar", "0", ""}
_DUTCH_DATE = re.compile(r"^(\d{1,2})[-/.](\d{1,2})[-/.](\d{4})$")
_ISO_DATE = re.compile(r"^(\d{4})-(\d{2})-(\d{2})$")
_AMOUNT = re.compile(r"^-?(?:\d{1,3}(?:\.\d{3})+|\d+)(?:,\d{1,2})?$|^-?\d+(?:\.\d{1,2})?$")
_PHONE = re.compile(r"^\+?[0-9][0-9 ()-]{5,19}$")
_EMAIL = re.compile(r"^[^@\s]+@[^@\s]+\.[^@\s]+$")
_SEX = {"m": Sex.MALE, "man": Sex.MALE, "v": Sex.FEMALE, "vrouw": Sex.FEMALE, "o": Sex.UNKNOWN,
        "onbekend": Sex.UNKNOWN, "leeg": Sex.EMPTY}


def header_key(header: str) -> str:
    return " ".join(str(header).replace("\ufeff", "").split()).casefold()


def auto_mapping(headers: Iterable[str], known: Mapping[str, str] = STANDARD_MAPPING) -> dict[str, str]:
    """{header: field} for the headers a mapping recognises (by normalised header text)."""
    table = {header_key(h): f for h, f in known.items()}
    found: dict[str, str] = {}
    for header in headers:
        field_id = table.get(header_key(header))
        if field_id and field_id not in found.values():
            found[header] = field_id
    return found


@dataclass(frozen=True, slots=True)
class RowProblem:
    line: int
    column: str  # the header in the file (or the field label when the column is missing)
    message: str  # Dutch

    def text(self, file_name: str) -> str:
        return f"{file_name}, regel {self.line}, kolom '{self.column}': {self.message}"


class MappingError(ValueError):
    """The mapping misses a required field or points at a column the file does not have."""


def check_mapping(mapping: Mapping[str, str], headers: Iterable[str]) -> list[str]:
    """Dutch problems with a mapping for a file with these headers (empty list: usable)."""
    problems = []
    headers = list(headers)
    for header, field_id in mapping.items():
        if field_id not in FIELD_BY_ID:
            problems.append(f"Onbekend veld '{field_id}' in de koppeling.")
        elif header not in headers:
            problems.append(f"De kolom '{header}' (voor {FIELD_BY_ID[field_id].label}) staat niet in het bestand.")
    mapped = set(mapping.values())
    for field_id in REQUIRED_FIELDS:
        if field_id not in mapped and not (field_id in ("postcode", "house_number") and "bsn" in mapped):
            problems.append(f"Geen kolom gekoppeld aan het verplichte veld '{FIELD_BY_ID[field_id].label}'.")
    return problems


def parse_date(text: str) -> date:
    """ISO (2026-03-01) or Dutch (1-3-2026, 01-03-2026); ValueError with a Dutch message otherwise."""
    text = text.strip()
    m = _ISO_DATE.match(text)
    if m:
        y, mo, d = int(m.group(1)), int(m.group(2)), int(m.group(3))
    else:
        m = _DUTCH_DATE.match(text)
        if not m:
            raise ValueError(f"'{text}' is geen datum; gebruik JJJJ-MM-DD of DD-MM-JJJJ.")
        d, mo, y = int(m.group(1)), int(m.group(2)), int(m.group(3))
    try:
        return date(y, mo, d)
    except ValueError:
        raise ValueError(f"de datum '{text}' bestaat niet.") from None


def parse_amount(text: str) -> int:
    text = text.strip().replace("€", "").replace(" ", "")
    if not _AMOUNT.match(text):
        raise ValueError(f"'{text}' is geen bedrag in hele euro's.")
    if text.startswith("-"):
        raise ValueError("een bedrag kan niet negatief zijn.")
    if "," in text:
        whole, cents = text.replace(".", "").split(",")
    elif text.count(".") == 1 and len(text.split(".")[1]) <= 2:
        whole, cents = text.split(".")
    else:
        whole, cents = text.replace(".", ""), ""
    value = int(whole) + (1 if cents and int(cents.ljust(2, "0")) >= 50 else 0)
    if value > MAX_AMOUNT:
        raise ValueError("het bedrag is onwaarschijnlijk hoog.")
    return value


def parse_bool(text: str) -> bool:
    key = text.strip().casefold()
    if key in _TRUE:
        return True
    if key in _FALSE:
        return False
    raise ValueError(f"'{text.strip()}' is geen ja of nee.")


def parse_partner_kind(text: str) -> SignalPartnerKind:
    key = text.strip()
    for kind in SignalPartnerKind:
        if key.casefold() in (kind.ddas.casefold(), kind.value, kind.label_nl.casefold()):
            return kind
    raise ValueError(f"'{key}' is geen soort signaalpartner; toegestaan zijn "
                     f"{', '.join(SignalPartnerKind.ddas_codes())}.")


def fingerprint(household: SignalHousehold, signal: Signal) -> str:
    """Identifies a signal that came without an ID (for idempotent re-import). A hash: never shown or exported."""
    material = "\x1f".join([household.match_key, signal.partner_kind.value, (signal.partner_name or "").casefold(),
                            signal.signal_date.isoformat(), str(signal.amount),
                            signal.arrears_start.isoformat() if signal.arrears_start else ""])
    return hashlib.sha256(material.encode("utf-8")).hexdigest()


@dataclass(frozen=True, slots=True)
class ParsedRow:
    line: int
    household: SignalHousehold
    signal: Signal
    fingerprint: str | None
    municipality_code: str | None

    def __repr__(self) -> str:
        return f"ParsedRow(line={self.line})"


def parse_row(line: int, values: Mapping[str, str], headers_by_field: Mapping[str, str], *, today: date,
              bsn_allowed: bool, municipality_code: str) -> tuple[ParsedRow | None, list[RowProblem]]:
    """One row: {field id: raw text}. Returns the parsed row or the problems found (all of them)."""
    problems: list[RowProblem] = []

    def column(field_id: str) -> str:
        return headers_by_field.get(field_id, FIELD_BY_ID[field_id].label)

    def get(field_id: str) -> str:
        return (values.get(field_id) or "").strip()

    def convert(field_id: str, parser, required: bool = False):
        raw = get(field_id)
        if not raw:
            if required:
                problems.append(RowProblem(line, column(field_id), "dit veld is leeg maar verplicht."))
            return None
        try:
            return parser(raw)
        except ValueError as exc:
            message = str(exc) if not FIELD_BY_ID[field_id].personal else "de waarde is ongeldig."
            problems.append(RowProblem(line, column(field_id), message))
            return None

    kind = convert("partner_kind", parse_partner_kind, required=True)
    signal_date = convert("signal_date", parse_date, required=True)
    arrears_start = convert("arrears_start", parse_date)
    amount = convert("amount", parse_amount)
    crisis = convert("crisis", parse_bool) or False
    warm = convert("warm_handover", parse_bool) or False
    end_of_supply = convert("end_of_supply_date", parse_date)
    eviction = convert("eviction_date", parse_date)
    birth = convert("date_of_birth", parse_date)
    sex = None
    if get("sex"):
        sex = _SEX.get(get("sex").casefold())
        if sex is None:
            problems.append(RowProblem(line, column("sex"), "gebruik M, V, onbekend of leeg."))
    if signal_date and signal_date > today:
        problems.append(RowProblem(line, column("signal_date"), f"de signaaldatum {signal_date:%d-%m-%Y} ligt in de "
                                                                "toekomst."))
    if signal_date and arrears_start and arrears_start > signal_date:
        problems.append(RowProblem(line, column("arrears_start"), "de achterstand begint na de signaaldatum."))
    if birth and birth >= today:
        problems.append(RowProblem(line, column("date_of_birth"), "de geboortedatum ligt in de toekomst."))
    code = get("municipality_code")
    if code and code.zfill(4) != municipality_code:
        problems.append(RowProblem(line, column("municipality_code"),
                                   f"signaal voor gemeente {code}, niet voor deze gemeente ({municipality_code})."))
    bsn = get("bsn") or None
    if bsn is not None:
        if not bsn_valid(bsn):
            problems.append(RowProblem(line, column("bsn"), "geen geldig BSN (elfproef)."))
        if not bsn_allowed:
            bsn = None  # policy: the BSN is not kept
    postcode = normalise_postcode(get("postcode"))
    number = get("house_number") or None
    if postcode and not valid_postcode(postcode):
        problems.append(RowProblem(line, column("postcode"), "geen geldige postcode (1234 AB)."))
    if number and not valid_house_number(number):
        problems.append(RowProblem(line, column("house_number"), "geen geldig huisnummer."))
    if not bsn and not (postcode and number):
        problems.append(RowProblem(line, column("postcode"), "postcode en huisnummer zijn verplicht (of een BSN)."))
    phone = get("phone") or None
    if phone and not _PHONE.match(phone):
        problems.append(RowProblem(line, column("phone"), "geen geldig telefoonnummer."))
    email = get("email") or None
    if email and not _EMAIL.match(email):
        problems.append(RowProblem(line, column("email"), "geen geldig e-mailadres."))
    if problems:
        return None, problems
    household = SignalHousehold(get("name") or None, get("street") or None, number,
                                get("house_number_addition") or None, postcode, get("city") or None, phone, email,
                                birth, sex, bsn)
    signal = Signal(get("external_id") or "", kind, signal_date, amount, arrears_start, get("partner_name") or None,
                    None, crisis, warm, end_of_supply, eviction)
    fp = None
    if not signal.external_id:
        fp = fingerprint(household, signal)
        # the ID is random, not derived from the hash: it goes into the DDAS export and must reveal nothing
        signal = Signal(f"KR-{secrets.token_hex(8)}", kind, signal_date, amount, arrears_start, signal.partner_name, None,
                        crisis, warm, end_of_supply, eviction)
    return ParsedRow(line, household, signal, fp, code or None), []
