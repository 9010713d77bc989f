"""The built-in search providers: cases (case number or a word of the name) and meetings (date, purpose)."""
from __future__ import annotations

from PySide6.QtCore import QT_TRANSLATE_NOOP, QCoreApplication

from ketenregie.domain.cases import Phase
from ketenregie.domain.privacy_display import display_name
from ketenregie.store.case_repository import CaseRepository
from ketenregie.store.meeting_repository import MeetingRepository
from ketenregie.ui.search.registry import LIMIT, SEARCH, SearchHit, SearchProvider


def _tr(text: str) -> str:
    return QCoreApplication.translate("Search", text)


def search_cases(context, text: str, privacy_mode: bool) -> list[SearchHit]:
    register = context.register
    records = CaseRepository(register.db, register.audit).caseload_records(search=text)[0]
    hits = []
    for record in sorted(records, key=lambda r: r[1], reverse=True)[:LIMIT]:
        number, name, phase = record[1], record[2], record[3]
        label = Phase(phase).label_nl if phase in Phase._value2member_map_ else phase
        hits.append(SearchHit("cases", number, f"{number} – {display_name(name, privacy_mode)} ({label})"))
    return hits


def open_case(window, hit: SearchHit) -> None:
    window.show_view("caseload")
    view = window.view("caseload")
    if view is not None:
        if hasattr(view, "select_case"):
            view.select_case(hit.key)
        view.open_case(hit.key)


def search_meetings(context, text: str, privacy_mode: bool) -> list[SearchHit]:
    needle = text.strip().casefold()
    register = context.register
    found = []
    for row in MeetingRepository(register.db, register.audit).list_meetings():
        when = row.starts_at.strftime("%d-%m-%Y %H:%M")
        if needle in when or needle in row.purpose.casefold() or needle in row.kind.label_nl.casefold():
            purpose = " ".join(row.purpose.split()) or row.kind.label_nl
            found.append((row.starts_at, SearchHit("meetings", row.id, f"{when} – {purpose}")))
    found.sort(key=lambda pair: pair[0], reverse=True)  # newest first
    return [hit for _when, hit in found[:LIMIT]]


def open_meeting(window, hit: SearchHit) -> None:
    window.show_view("meetings")
    view = window.view("meetings")
    if view is not None and hasattr(view, "select_meeting"):
        view.select_meeting(hit.key)


SEARCH.register(SearchProvider("cases", QT_TRANSLATE_NOOP("Search", "Casussen"), search_cases, open_case, order=10))
SEARCH.register(SearchProvider("meetings", QT_TRANSLATE_NOOP("Search", "Overleggen"), search_meetings, open_meeting,
                               order=20))
