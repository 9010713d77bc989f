"""Ctrl+F over vroegsignalen (issue 15 item 4): open signal cases whose household name or postcode matches, in the
app-wide search. Presentatiemodus shows initials and no postcode, as the Vroegsignalering view does."""
from __future__ import annotations

from PySide6.QtCore import QT_TRANSLATE_NOOP

from ketenregie.domain.privacy_display import display_name
from ketenregie.domain.signals.filters import SignalFilter
from ketenregie.services.signals import SignalService
from ketenregie.ui.search.registry import LIMIT, SEARCH, SearchHit, SearchProvider


def search_signals(context, text: str, privacy_mode: bool) -> list[SearchHit]:
    if not text.strip():
        return []
    rows = SignalService(context.register).repo.queue_rows()
    hits = []
    for index in SignalFilter(search=text).apply(rows)[:LIMIT]:  # open signal cases, in queue order
        row = rows[index]
        who = display_name(row.name, privacy_mode) if row.name else "(onbekend)"
        where = "" if privacy_mode else f", {row.postcode}"
        hits.append(SearchHit("signals", row.signal_case_id,
                              f"Zaak {row.signal_case_id} – {who}{where} ({row.queue.label_nl})"))
    return hits


def open_signal_case(window, hit: SearchHit) -> None:
    window.show_view("signals")
    view = window.view("signals")
    if view is not None:
        view.select_signal_case(hit.key)


SEARCH.register(SearchProvider("signals", QT_TRANSLATE_NOOP("Search", "Vroegsignalen"), search_signals,
                               open_signal_case, order=30))
