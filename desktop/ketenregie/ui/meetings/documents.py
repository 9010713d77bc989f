"""Producing the agenda and minutes PDFs off the UI thread (ui/background.py).

The register is read on the UI thread (names only where consent covers the audience); rendering and writing run
on a worker with plain value objects. Files are named by kind and meeting date (no personal data, no case
number) and written atomically."""
from __future__ import annotations

import functools

from collections.abc import Callable
from pathlib import Path

from ketenregie.atomic import write_atomic
from ketenregie.documents.letterhead import Letterhead
from ketenregie.documents.meeting_agenda import MeetingDocumentOptions, file_name, render_agenda
from ketenregie.documents.meeting_minutes import render_minutes
from ketenregie.domain.meetings import CaseMeeting
from ketenregie.domain.outgoing_text import OutgoingTextBlocked, check_meeting
from ketenregie.paths import ensure_private_dir
from ketenregie.ui.background import BackgroundTask, run_in_background

KINDS = {"agenda": render_agenda, "verslag": render_minutes}


def prepare(repository, meeting: CaseMeeting, kind: str, *, audience: frozenset[str] | None = None,
            letterhead: Letterhead | None = None) -> Callable[[], bytes]:
    """Read what the `kind` ("agenda" or "verslag") PDF needs from the register (UI thread) and return the renderer
    that turns it into PDF bytes (safe on a worker thread). Raises OutgoingTextBlocked when a text may not leave."""
    if kind not in KINDS:
        raise ValueError(kind)
    # The outgoing-text rule, at the moment the text leaves: every text against its own resident (DESIGN.md §8).
    residents = repository.residents(meeting)
    problems = check_meeting(meeting, residents, agenda=kind == "agenda", records=kind == "verslag")
    if problems:
        raise OutgoingTextBlocked(problems, "De agenda" if kind == "agenda" else "Het verslag")
    options = MeetingDocumentOptions(audience=audience, names=repository.names_for_document(meeting, audience),
                                     partner_names=repository.partner_names(), letterhead=letterhead)
    return functools.partial(KINDS[kind], meeting, options, residents=residents)


def produce(repository, meeting: CaseMeeting, kind: str, out_dir: Path, *,
            audience: frozenset[str] | None = None, letterhead: Letterhead | None = None,
            on_success: Callable | None = None,
            on_failure: Callable | None = None) -> BackgroundTask:
    """Start producing the `kind` ("agenda" or "verslag") PDF for `audience` (None: all participants)."""
    render = prepare(repository, meeting, kind, audience=audience, letterhead=letterhead)
    repository.log_document(meeting.id, kind)
    return run_in_background(_write, render, kind, meeting, Path(out_dir),
                             on_success=on_success, on_failure=on_failure)


def _write(render: Callable[[], bytes], kind: str, meeting: CaseMeeting, out_dir: Path) -> Path:
    ensure_private_dir(out_dir)
    target = Path(out_dir) / file_name(kind, meeting)
    write_atomic(target, render())
    return target
