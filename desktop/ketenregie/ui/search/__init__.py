"""Ctrl+F from every view: one search over cases, meetings and whatever else registers a provider
(registry.py). Importing this package registers the built-in providers."""
from ketenregie.ui.search.registry import SEARCH, SearchHit, SearchProvider, SearchRegistry
from ketenregie.ui.search import providers as _providers  # noqa: F401  (registers cases and meetings)

__all__ = ["SEARCH", "SearchHit", "SearchProvider", "SearchRegistry"]
