"""Bewaartermijnen: preview and approve the retention purge (DOMAIN.md §9)."""
