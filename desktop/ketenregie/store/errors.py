"""Errors the store raises. Each carries a Dutch `user_message` that is safe to show: no content, no paths
with personal data (register paths are chosen by the app and hold none)."""
from __future__ import annotations

from ketenregie.errors import UserFacingError


class StoreError(UserFacingError):
    user_message = "Het register kon niet worden gebruikt."


class RegisterUnreadable(StoreError):
    """SQLCipher could not decrypt page 1: a wrong key, or a damaged first page."""

    user_message = "Het register kan met deze sleutel niet worden geopend."


class RegisterCorrupt(StoreError):
    user_message = ("Het registerbestand is beschadigd of ingekort (de integriteitscontrole faalt). Er is niets "
                    "gewijzigd. Zet een back-up terug of neem contact op met de servicedesk.")


class RegisterTooNew(StoreError):
    user_message = ("Dit register is gemaakt met een nieuwere versie van Ketenregie. Installeer de nieuwste "
                    "versie; er is niets gewijzigd.")


class RegisterInUse(StoreError):
    user_message = ("Dit register is al geopend in een ander Ketenregie-venster of door een andere gebruiker. "
                    "Sluit dat eerst.")


class MigrationFailed(StoreError):
    user_message = ("Het bijwerken van het register naar deze versie is mislukt. Er is niets gewijzigd; een "
                    "back-up van vóór het bijwerken staat in de back-upmap.")
