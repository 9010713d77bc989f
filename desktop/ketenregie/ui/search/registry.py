"""What Ctrl+F searches: a registry of search providers, so a feature adds its own kind of result.

    SEARCH.register(SearchProvider("signals", QT_TRANSLATE_NOOP("Search", "Signalen"), search_signals,
                                   open_signal, order=30))

`search(context, text, privacy_mode)` returns at most `limit` hits (already privacy-aware: initials in presentation
mode); `open(window, hit)` shows the hit in the main window (switch to the view, select or open it). Providers run
on the UI thread, so keep them to one indexed query.
"""
from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass
from typing import Any

from PySide6.QtCore import QCoreApplication

LIMIT = 50


@dataclass(frozen=True)
class SearchHit:
    provider: str  # the provider's key
    key: Any  # what `open` needs: a case number, a meeting id, ...
    text: str  # the line shown (privacy-aware)


@dataclass(frozen=True)
class SearchProvider:
    key: str
    title: str  # Dutch source text in context "Search" (mark with QT_TRANSLATE_NOOP)
    search: Callable[[Any, str, bool], list[SearchHit]]  # (ViewContext, text, privacy_mode) -> hits
    open: Callable[[Any, SearchHit], None]  # (MainWindow, hit)
    order: int = 100

    @property
    def display_title(self) -> str:
        return QCoreApplication.translate("Search", self.title)


class SearchRegistry:
    def __init__(self) -> None:
        self._providers: dict[str, SearchProvider] = {}

    def register(self, provider: SearchProvider) -> SearchProvider:
        if provider.key in self._providers:
            raise ValueError(f"search provider {provider.key!r} is already registered")
        self._providers[provider.key] = provider
        return provider

    def unregister(self, key: str) -> None:
        self._providers.pop(key, None)

    def get(self, key: str) -> SearchProvider | None:
        return self._providers.get(key)

    def providers(self) -> list[SearchProvider]:
        return sorted(self._providers.values(), key=lambda p: (p.order, p.key))


SEARCH = SearchRegistry()
