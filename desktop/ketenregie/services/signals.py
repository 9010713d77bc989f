"""Vroegsignalering end to end, for the UI and the CLI (issue 12): reading signal files (CSV, .xlsx, DDAS VS v1.2
and v1.0) with a preview and line-level Dutch errors, importing in one transaction, working a signal case
(pick up, contact attempts, outcome; "help accepted" starts or links a case), the DDAS VS v1.2 export and the
feedback to signal partners.

Dependency rule: joins store, domain and documents for one open `Register`; imports no Qt. Nothing here logs or
prints personal data; every error is a `SignalError` whose Dutch `user_message` names file, line and column but
quotes values only of non-personal fields.
"""
from __future__ import annotations

import csv
import io
import json
import os
import stat
from collections.abc import Callable
from dataclasses import dataclass, field
from datetime import date, datetime, timezone
from pathlib import Path
from typing import Any

from ketenregie import __version__
from ketenregie.atomic import write_atomic
from ketenregie.config import Policy
from ketenregie.domain.audit import AuditAction
from ketenregie.domain.cases import Case, Household, IntakeRoute
from ketenregie.domain.checklists import DataFileError
from ketenregie.domain.signals.codes import ContactKind, Outcome, PartOfDay
from ketenregie.domain.signals.ddas import (DeliveryCounts, DeliveryError, Supplier, build_delivery, check_delivery,
                                            read_delivery)
from ketenregie.domain.signals.matching import DEFAULT_MATCHING_MONTHS
from ketenregie.domain.signals.model import ContactAttempt, Signal, SignalCase, SignalHousehold
from ketenregie.domain.signals.rows import (FIELD_BY_ID, STANDARD_MAPPING, RowProblem, auto_mapping, check_mapping,
                                            parse_row)
from ketenregie.domain.signals.triage import TRIAGE_RESOURCE, TriageRules, load_triage_with_fallback
from ketenregie.errors import UserFacingError
from ketenregie.resources import resource_path
from ketenregie.store.case_repository import CaseRepository
from ketenregie.store.signal_repository import ImportCounts, Incoming, SignalRepository

MAX_FILE_BYTES = 50 * 1024 * 1024  # a year of signals is a few MB; anything far larger is not a signal export
MAX_PROBLEMS_SHOWN = 50
DEFAULT_MUNICIPALITY = "1621"
SOFTWARE_CODE = f"Ketenregie {__version__}"
BSN_WARNING = ("Let op: dit bestand bevat burgerservicenummers en adresgegevens en staat buiten het register. "
               "Lever het via het CBS-portaal aan en verwijder het daarna.")


class SignalError(UserFacingError):
    user_message = "Het vroegsignaal kon niet worden verwerkt."


class SignalFileRefused(SignalError):
    """The file cannot be imported; `problems` lists the Dutch line-level problems (at most MAX_PROBLEMS_SHOWN)."""

    def __init__(self, summary: str, problems: list[str] | None = None) -> None:
        self.problems = problems or []
        text = summary
        if self.problems:
            text += "\n" + "\n".join(self.problems[:MAX_PROBLEMS_SHOWN])
            if len(self.problems) > MAX_PROBLEMS_SHOWN:
                text += f"\n… en nog {len(self.problems) - MAX_PROBLEMS_SHOWN} problemen."
        super().__init__(text)


@dataclass
class ParsedFile:
    """A read signal file, not yet stored: what a preview shows and an import stores."""

    file_name: str
    kind: str  # "csv" | "xlsx" | "ddas"
    headers: list[str] = field(default_factory=list)
    mapping: dict[str, str] = field(default_factory=dict)
    items: list[Incoming] = field(default_factory=list)
    cases: list[SignalCase] = field(default_factory=list)
    skipped_other_municipality: int = 0
    ddas_version: str | None = None

    def __repr__(self) -> str:
        return f"ParsedFile({self.kind}, items={len(self.items)}, cases={len(self.cases)})"

    @property
    def signal_count(self) -> int:
        return len(self.items) + sum(len(c.signals) for c in self.cases)


def counts_nl(counts: ImportCounts) -> str:
    parts = [f"{counts.new} nieuw", f"{counts.repeated} herhaalde melding", f"{counts.already_present} al aanwezig"]
    if counts.skipped_other_municipality:
        parts.append(f"{counts.skipped_other_municipality} overgeslagen (andere gemeente)")
    return ", ".join(parts) + f"; {counts.new_cases} nieuwe vroegsignaalzaken."


class SignalService:
    def __init__(self, register, *, clock: Callable[[], date] = date.today,
                 now: Callable[[], datetime] = lambda: datetime.now(timezone.utc)) -> None:
        self.register = register
        self.policy: Policy = register.policy or Policy.defaults()
        self.clock = clock
        self.now = now
        self.triage, self.triage_problem = self._load_triage()
        self.repo = SignalRepository(register.db, register.audit, triage=self.triage,
                                     matching_months=self._policy("SignalMatchingMonths", DEFAULT_MATCHING_MONTHS),
                                     clock=clock, now=now)
        self.cases = CaseRepository(register.db, register.audit, clock=clock)

    def _policy(self, name: str, default: Any) -> Any:
        try:
            return self.policy.get(name)
        except KeyError:
            return default

    def _load_triage(self) -> tuple[TriageRules, DataFileError | None]:
        replacement = self._policy("SignalTriageFile", "") or None
        return load_triage_with_fallback(resource_path(*TRIAGE_RESOURCE), replacement)

    @property
    def municipality_code(self) -> str:
        code = str(self._policy("MunicipalityCode", DEFAULT_MUNICIPALITY)).strip()
        return code if len(code) == 4 and code.isdigit() else DEFAULT_MUNICIPALITY

    @property
    def bsn_allowed(self) -> bool:
        return bool(self._policy("SignalBsnEnabled", False))

    # --- reading files ------------------------------------------------------------------------------------------

    def read_file(self, path: Path, *, mapping_name: str | None = None,
                  mapping: dict[str, str] | None = None) -> ParsedFile:
        """Read and check a whole file; raises SignalFileRefused with every problem (nothing is stored)."""
        path = Path(path)
        data = _read_bounded(path)
        suffix = path.suffix.lower()
        if suffix == ".json":
            return self._read_ddas(path.name, data)
        if suffix == ".xlsx":
            headers, rows = _xlsx_rows(path.name, data)
            kind = "xlsx"
        elif suffix in (".csv", ".txt"):
            headers, rows = _csv_rows(path.name, data)
            kind = "csv"
        else:
            raise SignalFileRefused(f"{path.name}: onbekend bestandstype; kies een .csv-, .xlsx- of DDAS-.json-bestand.")
        if mapping is None:
            if mapping_name:
                known = self.repo.mappings()
                if mapping_name not in known:
                    raise SignalFileRefused(f"Er is geen kolomkoppeling met de naam '{mapping_name}'. Bekend: "
                                            f"{', '.join(sorted(known)) or 'geen'}.")
                mapping = known[mapping_name]
            else:
                mapping = auto_mapping(headers, STANDARD_MAPPING)
        problems = check_mapping(mapping, headers)
        if problems:
            raise SignalFileRefused(f"{path.name}: de kolommen passen niet bij de koppeling. Kies of maak een "
                                    "kolomkoppeling.", problems)
        return self._parse_rows(path.name, kind, headers, rows, mapping)

    def read_headers(self, path: Path) -> list[str]:
        """The column headers of a CSV/xlsx file (for the mapping dialog); DDAS files have none ([])."""
        path = Path(path)
        suffix = path.suffix.lower()
        if suffix == ".json":
            return []
        data = _read_bounded(path)
        headers, _rows = _xlsx_rows(path.name, data) if suffix == ".xlsx" else _csv_rows(path.name, data)
        return headers

    def mapping_for(self, headers: list[str]) -> tuple[str | None, dict[str, str]]:
        """The remembered mapping that fits these headers (name, mapping), else the automatic one (None, ...)."""
        for name, mapping in self.repo.mappings().items():
            if mapping and all(h in headers for h in mapping) and not check_mapping(mapping, headers):
                return name, mapping
        return None, auto_mapping(headers, STANDARD_MAPPING)

    def _parse_rows(self, file_name: str, kind: str, headers: list[str], rows: list[tuple[int, list[str]]],
                    mapping: dict[str, str]) -> ParsedFile:
        index = {field_id: headers.index(header) for header, field_id in mapping.items()}
        headers_by_field = {field_id: header for header, field_id in mapping.items()}
        today = self.clock()
        parsed = ParsedFile(file_name, kind, headers, dict(mapping))
        problems: list[RowProblem] = []
        partners = self.repo.partner_ids_by_name()
        seen_ids: dict[str, int] = {}
        for line, cells in rows:
            values = {f: (cells[i] if i < len(cells) else "") for f, i in index.items()}
            row, row_problems = parse_row(line, values, headers_by_field, today=today, bsn_allowed=self.bsn_allowed,
                                          municipality_code=self.municipality_code)
            if row_problems:
                problems.extend(row_problems)
                continue
            sid = row.signal.external_id
            if sid in seen_ids and row.fingerprint is None:
                problems.append(RowProblem(line, headers_by_field.get("external_id", "ID"),
                                           f"het ID {sid} staat ook op regel {seen_ids[sid]}."))
                continue
            seen_ids[sid] = line
            signal = row.signal
            if signal.partner_name:
                partner_id = partners.get(signal.partner_name.casefold())
                if partner_id is not None:
                    signal = Signal(signal.external_id, signal.partner_kind, signal.signal_date, signal.amount,
                                    signal.arrears_start, signal.partner_name, partner_id, signal.crisis,
                                    signal.warm_handover, signal.end_of_supply_date, signal.eviction_date)
            parsed.items.append(Incoming(row.household, signal, row.fingerprint))
        if problems:
            raise SignalFileRefused(f"{file_name}: {len(problems)} probleem/problemen gevonden; er is niets "
                                    "ingelezen.", [p.text(file_name) for p in problems])
        if not parsed.items:
            raise SignalFileRefused(f"{file_name}: het bestand bevat geen signalen.")
        return parsed

    def _read_ddas(self, file_name: str, data: bytes) -> ParsedFile:
        try:
            raw = json.loads(data.decode("utf-8-sig"))
        except UnicodeDecodeError:
            raise SignalFileRefused(f"{file_name}: het bestand is geen UTF-8-tekst.") from None
        except json.JSONDecodeError as exc:
            raise SignalFileRefused(f"{file_name}, regel {exc.lineno}, kolom {exc.colno}: geen geldige JSON.") from None
        except RecursionError:
            raise SignalFileRefused(f"{file_name}: het bestand is te diep genest.") from None
        try:
            delivery = read_delivery(raw, municipality_code=self.municipality_code, bsn_allowed=self.bsn_allowed,
                                     today=self.clock())
        except DeliveryError as exc:
            raise SignalFileRefused(f"{file_name}: {exc}") from None
        parsed = ParsedFile(file_name, "ddas", skipped_other_municipality=delivery.skipped_other_municipality,
                            ddas_version=delivery.version)
        parsed.cases = delivery.cases
        parsed.items = [Incoming(h, s) for h, s in delivery.loose]
        return parsed

    # --- importing ----------------------------------------------------------------------------------------------

    def preview(self, parsed: ParsedFile) -> ImportCounts:
        """The exact counts an import would give, without storing anything."""
        return self.repo.import_signals(parsed.items, cases=parsed.cases, dry_run=True,
                                        skipped_other_municipality=parsed.skipped_other_municipality)

    def import_parsed(self, parsed: ParsedFile, *, progress: Callable[[int, int], None] | None = None,
                      cancelled: Callable[[], bool] | None = None) -> ImportCounts:
        """One transaction, one audit entry (counts only)."""
        return self.repo.import_signals(parsed.items, cases=parsed.cases, progress=progress, cancelled=cancelled,
                                        skipped_other_municipality=parsed.skipped_other_municipality)

    def save_mapping(self, name: str, mapping: dict[str, str]) -> None:
        name = " ".join(name.split())
        if not name or len(name) > 60:
            raise SignalError("Geef de koppeling een naam van hooguit 60 tekens (bijv. de naam van de bron).")
        unknown = [f for f in mapping.values() if f not in FIELD_BY_ID]
        if unknown:
            raise SignalError("De koppeling bevat een onbekend veld.")
        self.repo.save_mapping(name, mapping)

    def add_manual(self, household: SignalHousehold, signal: Signal) -> ImportCounts:
        """Manual entry: the same checks and matching as an import of one line."""
        values = {"partner_kind": signal.partner_kind.ddas, "signal_date": signal.signal_date.isoformat(),
                  "arrears_start": signal.arrears_start.isoformat() if signal.arrears_start else "",
                  "amount": "" if signal.amount is None else str(signal.amount),
                  "crisis": "ja" if signal.crisis else "nee", "warm_handover": "ja" if signal.warm_handover else "nee",
                  "end_of_supply_date": signal.end_of_supply_date.isoformat() if signal.end_of_supply_date else "",
                  "eviction_date": signal.eviction_date.isoformat() if signal.eviction_date else "",
                  "partner_name": signal.partner_name or "", "external_id": signal.external_id or "",
                  "name": household.name or "", "street": household.street or "",
                  "house_number": household.house_number or "",
                  "house_number_addition": household.house_number_addition or "",
                  "postcode": household.postcode or "", "city": household.city or "", "phone": household.phone or "",
                  "email": household.email or "", "bsn": household.bsn or ""}
        row, problems = parse_row(1, values, {f: FIELD_BY_ID[f].label for f in FIELD_BY_ID}, today=self.clock(),
                                  bsn_allowed=self.bsn_allowed, municipality_code=self.municipality_code)
        if problems:
            raise SignalFileRefused("Het signaal is niet opgeslagen:", [f"{p.column}: {p.message}" for p in problems])
        return self.repo.import_signals([Incoming(row.household, row.signal, row.fingerprint)])

    # --- working a case -----------------------------------------------------------------------------------------

    def record_attempt(self, signal_case_id: int, kind: ContactKind, reached: bool, day: date | None = None,
                       part_of_day: PartOfDay | None = None) -> int:
        """One click: a letter, SMS, call or visit as a contact attempt."""
        when = self.now().astimezone()
        day = day or self.clock()
        if part_of_day is None:
            part_of_day = PartOfDay.at_hour(when.hour)
        return self.repo.add_attempt(signal_case_id, ContactAttempt(kind, reached, day, part_of_day))

    def close(self, signal_case_id: int, outcome: Outcome, day: date | None = None, *,
              resident_name: str | None = None) -> str | None:
        """Close with a DDAS outcome. "Help accepted" starts a case (intake route vroegsignalering, help request
        dated `day`, household data carried over) or links the resident's existing case; returns its number."""
        day = day or self.clock()
        if not outcome.accepts_help:
            self.repo.close(signal_case_id, outcome, day)
            return None
        case = self.repo.get(signal_case_id)
        with self.register.db.transaction():
            existing = self.repo.household_case_id(signal_case_id) or self.repo.known_case_id(case.household)
            if existing is not None:
                case_id = existing
            else:
                h = case.household
                name = (resident_name or h.name or "").strip()
                if not name:
                    raise SignalError("Vul de naam of de initialen van de inwoner in om een casus te starten.")
                household = Household(name, h.date_of_birth, None, h.phone, h.email, h.postcode, h.house_number)
                number = self.cases.create(Case(household, IntakeRoute.EARLY_SIGNALLING, day))
                case_id = self.repo.case_id_for_number(number)
            self.repo.close(signal_case_id, outcome, day, link_case_id=case_id)
        return self.repo.get(signal_case_id).case_number

    # --- DDAS export --------------------------------------------------------------------------------------------

    def supplier(self) -> Supplier:
        return Supplier(self._policy("DdasOrganisationName", "Gemeente Lansingerland"),
                        self._policy("DdasKvkNumber", ""), self._policy("DdasContactName", ""),
                        self._policy("DdasContactPhone", ""), self._policy("DdasContactEmail", ""),
                        self._policy("DdasContactFunction", ""))

    def build_export(self, start: date, end: date) -> tuple[dict[str, Any], DeliveryCounts]:
        """The document and its counts (the preview); raises SignalError when the own checks fail."""
        if start > end:
            raise SignalError("De begindatum ligt na de einddatum.")
        cases = self.repo.cases_in_period(start, end)
        document, counts = build_delivery(cases, start=start, end=end, municipality_code=self.municipality_code,
                                          supplier=self.supplier(), software=SOFTWARE_CODE, now=self.now())
        problems = check_delivery(document)
        if problems:
            raise SignalFileRefused("De DDAS-levering is niet gemaakt; de controle vond:", problems)
        return document, counts

    def export_ddas(self, start: date, end: date, out: Path) -> DeliveryCounts:
        """Write the delivery atomically (0600) and audit it by counts."""
        document, counts = self.build_export(start, end)
        data = json.dumps(document, ensure_ascii=False, indent=2).encode("utf-8")
        out = Path(out)
        if not out.parent.is_dir():
            raise SignalError("De map voor het bestand bestaat niet.")
        with self.register.db.transaction():
            self.register.audit.record(AuditAction.EXPORT, counts.object_ref)
            write_atomic(out, data)
        return counts

    # --- feedback to signal partners ----------------------------------------------------------------------------

    def feedback_csv(self, start: date, end: date, partner_name: str | None = None) -> tuple[bytes, int]:
        rows = [r for r in self.repo.feedback(start, end)
                if partner_name is None or r.partner_name.casefold() == partner_name.casefold()]
        buffer = io.StringIO()
        writer = csv.writer(buffer, delimiter=";", lineterminator="\r\n")
        writer.writerow(["Signaalpartner", "Soort signaalpartner", "ID", "Signaaldatum", "Opgepakt"])
        for r in rows:
            writer.writerow([r.partner_name, r.partner_kind.ddas, r.external_id, r.signal_date.isoformat(),
                             "ja" if r.picked_up else "nee"])
        return buffer.getvalue().encode("utf-8-sig"), len(rows)

    def feedback_partners(self, start: date, end: date) -> list[str]:
        return sorted({r.partner_name for r in self.repo.feedback(start, end) if r.partner_name}, key=str.casefold)

    def write_feedback_pdf(self, start: date, end: date, partner_name: str, out: Path) -> int:
        from ketenregie.documents.letterhead import Letterhead
        from ketenregie.documents.signals_feedback import render_feedback

        rows = [r for r in self.repo.feedback(start, end) if r.partner_name.casefold() == partner_name.casefold()]
        data = render_feedback(rows, partner_name, start, end, Letterhead.from_policy(self.policy))
        with self.register.db.transaction():
            self.register.audit.record(AuditAction.EXPORT, f"signal_feedback:rows={len(rows)}")
            write_atomic(Path(out), data)
        return len(rows)

    # --- outreach -----------------------------------------------------------------------------------------------

    def invitation(self, signal_case_id: int):
        from ketenregie.documents.signals_invitation import Invitation
        from ketenregie.store.referral_repository import ReferralRepository

        case = self.repo.get(signal_case_id)
        sender = ReferralRepository(self.register.db, self.register.audit, clock=self.clock).sender()
        first = case.signals[0]
        h = case.household
        return Invitation(signal_case_id, h.name, tuple(x for x in (h.address_line, h.place_line) if x),
                          first.partner_name or first.partner_kind.label_nl, first.partner_kind.value,
                          sender.name if sender else "", sender.phone if sender else "",
                          sender.email if sender else "", self.clock())

    def invitation_pdf(self, signal_case_id: int) -> bytes:
        from ketenregie.documents.letterhead import Letterhead
        from ketenregie.documents.signals_invitation import render_invitation

        return render_invitation(self.invitation(signal_case_id), Letterhead.from_policy(self.policy))

    def write_invitation(self, signal_case_id: int, out: Path) -> None:
        data = self.invitation_pdf(signal_case_id)
        with self.register.db.transaction():
            self.register.audit.record(AuditAction.PRINT, f"signal_case:{signal_case_id}")
            write_atomic(Path(out), data)

    def record_invitation_printed(self, signal_case_id: int) -> None:
        """The invitation letter went to a printer (issue 15 item 11): the same PRINT entry as a saved letter."""
        with self.register.db.transaction():
            self.register.audit.record(AuditAction.PRINT, f"signal_case:{signal_case_id}")

    def sms_text(self, signal_case_id: int) -> str:
        from ketenregie.documents.signals_invitation import sms_text

        return sms_text(self.invitation(signal_case_id), self._policy("LetterheadName", "de gemeente") or "")

    def write_feedback_csv(self, start: date, end: date, out: Path, partner_name: str | None = None) -> int:
        data, n = self.feedback_csv(start, end, partner_name)
        with self.register.db.transaction():
            self.register.audit.record(AuditAction.EXPORT, f"signal_feedback:rows={n}")
            write_atomic(Path(out), data)
        return n


# --- file readers (bounded: regular files, size limit, BOM-safe) -------------------------------------------------

def _read_bounded(path: Path) -> bytes:
    try:
        info = path.stat()
    except OSError:
        raise SignalFileRefused(f"{path.name}: het bestand bestaat niet of is niet leesbaar.") from None
    if not stat.S_ISREG(info.st_mode):
        raise SignalFileRefused(f"{path.name}: dit is geen gewoon bestand.")
    if info.st_size > MAX_FILE_BYTES:
        raise SignalFileRefused(f"{path.name}: het bestand is te groot (meer dan {MAX_FILE_BYTES // 1024 // 1024} MB).")
    try:
        with open(path, "rb") as handle:
            return handle.read(MAX_FILE_BYTES + 1)
    except OSError:
        raise SignalFileRefused(f"{path.name}: het bestand is niet leesbaar.") from None


def _csv_rows(file_name: str, data: bytes) -> tuple[list[str], list[tuple[int, list[str]]]]:
    try:
        text = data.decode("utf-8-sig")
    except UnicodeDecodeError:
        try:
            text = data.decode("cp1252")  # Excel's "CSV" on Windows
        except UnicodeDecodeError:
            raise SignalFileRefused(f"{file_name}: de tekencodering wordt niet herkend; sla op als CSV UTF-8.") from None
    first = text.split("\n", 1)[0]
    delimiter = ";" if first.count(";") >= first.count(",") else ","
    reader = csv.reader(io.StringIO(text, newline=""), delimiter=delimiter)
    rows: list[tuple[int, list[str]]] = []
    headers: list[str] | None = None
    try:
        for cells in reader:
            if headers is None:
                headers = [c.strip() for c in cells]
                continue
            if not any(c.strip() for c in cells):
                continue
            rows.append((reader.line_num, cells))
    except csv.Error as exc:
        raise SignalFileRefused(f"{file_name}, regel {reader.line_num}: geen geldige CSV ({exc}).") from None
    if not headers:
        raise SignalFileRefused(f"{file_name}: het bestand is leeg.")
    return headers, rows


def _xlsx_rows(file_name: str, data: bytes) -> tuple[list[str], list[tuple[int, list[str]]]]:
    import zipfile

    from openpyxl import load_workbook

    try:
        book = load_workbook(io.BytesIO(data), read_only=True, data_only=True)
    except (zipfile.BadZipFile, KeyError, ValueError, OSError):
        raise SignalFileRefused(f"{file_name}: geen leesbaar Excel-bestand (.xlsx).") from None
    try:
        sheet = book.worksheets[0]
        headers: list[str] | None = None
        rows: list[tuple[int, list[str]]] = []
        for number, values in enumerate(sheet.iter_rows(values_only=True), start=1):
            cells = [_cell_text(v) for v in values]
            if headers is None:
                headers = [c.strip() for c in cells]
                while headers and not headers[-1]:
                    headers.pop()
                continue
            if any(c.strip() for c in cells):
                rows.append((number, cells))
    finally:
        book.close()
    if not headers:
        raise SignalFileRefused(f"{file_name}: het eerste werkblad is leeg.")
    return headers, rows


def _cell_text(value: Any) -> str:
    if value is None:
        return ""
    if isinstance(value, datetime):
        return value.date().isoformat()
    if isinstance(value, date):
        return value.isoformat()
    if isinstance(value, bool):
        return "ja" if value else "nee"
    if isinstance(value, float) and value.is_integer():
        return str(int(value))
    return str(value)
