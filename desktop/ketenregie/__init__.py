"""Ketenregie: privacy-first case register for the ketenregisseur schuldhulpverlening."""

__version__ = "0.1.0"
APP_NAME = "Ketenregie"
ORG_NAME = "Ketenregie"
