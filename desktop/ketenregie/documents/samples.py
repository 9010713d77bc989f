"""`ketenregie sample-documents --out DIR`: every document kind rendered with fictitious data and the current
policy letterhead, without a register, so IT can check the house style.

Each document module that can produce a sample offers `samples() -> list[SampleDocument]`; list the module in
SAMPLE_MODULES. Files are named by kind only (no personal data) and written atomically."""
from __future__ import annotations

import importlib
from collections.abc import Callable
from dataclasses import dataclass
from pathlib import Path

from ketenregie.atomic import write_atomic
from ketenregie.paths import ensure_private_dir


@dataclass(frozen=True)
class SampleDocument:
    file_name: str                # e.g. "verwijsbrief-plangroep.pdf"
    description: str              # Dutch, printed by the CLI
    render: Callable[[], bytes]   # reads policy itself (letterhead), uses fictitious data only


SAMPLE_MODULES: tuple[str, ...] = (
    "ketenregie.documents.recovery_sheet",
    "ketenregie.documents.processing_record",
    "ketenregie.documents.referral_letter",
    "ketenregie.documents.resident_copy",
    "ketenregie.documents.meeting_agenda",
    "ketenregie.documents.meeting_minutes",
    "ketenregie.documents.resident_summary",
    "ketenregie.documents.bridge_chart",
    "ketenregie.documents.inzage_pdf",
    "ketenregie.documents.signals_invitation",
    "ketenregie.documents.monitor_report",
    "ketenregie.documents.monitor_survey",
)


def all_samples() -> list[SampleDocument]:
    found: list[SampleDocument] = []
    for name in SAMPLE_MODULES:
        found.extend(importlib.import_module(name).samples())
    return found


def write_samples(out_dir: Path) -> list[Path]:
    ensure_private_dir(out_dir)
    written = []
    for sample in all_samples():
        target = out_dir / sample.file_name
        write_atomic(target, sample.render())
        written.append(target)
    return written
