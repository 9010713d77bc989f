"""Inzage (AVG art. 15) for the UI and the CLI: one case's data as a readable PDF plus a JSON file with the same
data (both rendered from one `domain.inzage.InzageReport`).

Files: `<case number>_inzage_<date>.pdf` and `.json` in the folder the user chose — case number and document kind
only, never a name — each written atomically (temp file 0600, fsync, rename; atomic.py). The folder is created
user-only when it does not exist yet, and left as it is when it does (a folder the user chose is never changed).
One audit entry EXPORT "inzage:<case>,n=<items>" (counts only; the case through its opaque token) once both files
exist; reading for the inzage adds no VIEW entries of its own.

Imports no Qt; never logs or prints personal data.
"""
from __future__ import annotations

import json
from collections.abc import Callable
from dataclasses import dataclass
from datetime import date
from pathlib import Path

from ketenregie.atomic import write_atomic
from ketenregie.checklist_source import active_bridge
from ketenregie.documents.inzage_pdf import render_inzage
from ketenregie.domain.audit import AuditAction
from ketenregie.domain.inzage import DOCUMENT_KIND, InzageData, InzageReport, build_inzage
from ketenregie.domain.privacy_catalogue import CATALOGUE_RESOURCE, load_catalogue
from ketenregie.domain.referral import referral_file_name
from ketenregie.domain.retention import RetentionTerms
from ketenregie.paths import ensure_private_dir
from ketenregie.resources import resource_path
from ketenregie.store.case_repository import CaseRepository
from ketenregie.store.consent_repository import ConsentRepository
from ketenregie.store.conversation_repository import ConversationRepository
from ketenregie.store.inzage_repository import InzageRepository
from ketenregie.store.partner_repository import PartnerRepository
from ketenregie.store.rectification_repository import RectificationRepository
from ketenregie.store.referral_repository import ReferralRepository


@dataclass(frozen=True)
class InzageFiles:
    pdf: Path
    json: Path
    items: int


class InzageService:
    def __init__(self, register, *, clock: Callable[[], date] = date.today) -> None:
        self._register = register
        self._db = register.db
        self._audit = register.audit
        self._clock = clock

    def build(self, case_number: str) -> InzageReport:
        """The report (reads only; raises store.case_repository.CaseNotFound for an unknown case)."""
        db, audit = self._db, self._audit
        with db.transaction():  # one snapshot for every part
            cases = CaseRepository(db, audit, clock=self._clock)
            case = cases.get(case_number, audit=False)
            inzage = InzageRepository(db)
            data = InzageData(
                case=case,
                partner_names={p.id: p.name for p in PartnerRepository(db).list_partners(include_inactive=True)},
                conversations=ConversationRepository(db, audit, cases=cases, clock=self._clock)
                .list_for_case(case_number),
                bases=ConsentRepository(db, audit).for_case(case.id),
                referrals=ReferralRepository(db, audit).for_case(case.id),
                meetings=inzage.meetings(case.id),
                audit_events=inzage.audit_events(case.id),
                corrections={(c.kind, c.row_id): c.corrected_at
                             for c in RectificationRepository(db, audit).corrections(case_number)},
                bridge=active_bridge(getattr(self._register, "policy", None)).bridge,
            )
        policy = getattr(self._register, "policy", None)
        return build_inzage(data, load_catalogue(resource_path(*CATALOGUE_RESOURCE)), self._clock(),
                            RetentionTerms.from_policy(policy))

    def make(self, case_number: str, folder: Path) -> InzageFiles:
        """Write the PDF and the JSON file into `folder`; returns their paths and the number of items."""
        report = self.build(case_number)
        pdf = render_inzage(report)
        data = (json.dumps(report.to_json(), ensure_ascii=False, indent=2) + "\n").encode("utf-8")
        folder = Path(folder)
        if not folder.exists():
            ensure_private_dir(folder)
        pdf_path, json_path = _unused_pair(folder, case_number, self._clock())
        written: list[Path] = []
        try:
            write_atomic(pdf_path, pdf)
            written.append(pdf_path)
            write_atomic(json_path, data)
            written.append(json_path)
            self._audit.record(AuditAction.EXPORT, f"inzage:{case_number},n={report.item_count}")
        except BaseException:
            for path in written:  # nothing half-made: both files and the audit entry, or none
                path.unlink(missing_ok=True)
            raise
        return InzageFiles(pdf_path, json_path, report.item_count)


    def render_pdf(self, case_number: str) -> bytes:
        """The inzage PDF in memory, for printing (issue 15 item 11); nothing is written. Reads only."""
        return render_inzage(self.build(case_number))

    def record_printed(self, case_number: str) -> None:
        """The inzage PDF went to a printer: one PRINT entry (references only)."""
        self._audit.record(AuditAction.PRINT, f"inzage:{case_number}")


def _unused_pair(folder: Path, case_number: str, day: date) -> tuple[Path, Path]:
    for n in range(1, 1000):
        kind = DOCUMENT_KIND if n == 1 else f"{DOCUMENT_KIND}-{n}"
        pdf = folder / referral_file_name(case_number, kind, day, extension="pdf")
        data = folder / referral_file_name(case_number, kind, day, extension="json")
        if not pdf.exists() and not data.exists():
            return pdf, data
    raise FileExistsError("too many inzage files today")
