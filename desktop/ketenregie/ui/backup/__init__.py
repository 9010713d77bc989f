"""Backup and restore dialogs (Bestand → Back-up terugzetten)."""
