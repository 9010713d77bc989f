"""Vault exceptions. Every one carries a Dutch `user_message` that is safe to show and to log: it never contains a
passphrase, recovery code, key, salt or personal data. `str(exc)` is the same text."""
from __future__ import annotations

from ketenregie.errors import UserFacingError


class VaultError(UserFacingError):
    user_message = "Er ging iets mis met de sleutels van het register."


class WrongPassphrase(VaultError):
    user_message = "De wachtwoordzin klopt niet."


class WrongRecoveryCode(VaultError):
    user_message = ("Deze herstelcode hoort niet bij dit register. Controleer of u het blad van dit register "
                       "gebruikt en of de code niet inmiddels is vervangen.")


class KeySlotFileDamaged(VaultError):
    user_message = ("Het sleutelbestand naast het register is beschadigd of gewijzigd. Ketenregie opent het "
                       "register daarom niet. Zet het sleutelbestand terug uit een back-up of neem contact op met "
                       "uw functioneel beheerder.")


class KeyringUnavailable(VaultError):
    user_message = ("De sleutelbos van het besturingssysteem (waarin Ketenregie het apparaatgeheim bewaart) is "
                       "niet beschikbaar.")


class DeviceSecretMissing(VaultError):
    user_message = ("Het apparaatgeheim van dit register staat niet in de sleutelbos van dit gebruikersaccount "
                       "(bijvoorbeeld op een andere computer of na een nieuw profiel). Open het register met uw "
                       "herstelcode en kies daarna een nieuwe wachtwoordzin.")


class DeviceSecretUnreachable(DeviceSecretMissing, KeyringUnavailable):
    """A slot needs the device secret but the keyring cannot be reached at all (no backend, locked, error).
    Caught by `except DeviceSecretMissing` and by `except KeyringUnavailable` alike."""

    user_message = ("De sleutelbos van het besturingssysteem is niet bereikbaar (misschien vergrendeld), en "
                       "dit register heeft het apparaatgeheim daaruit nodig. Probeer het opnieuw, of open het "
                       "register met uw herstelcode.")


class KeySlotDamaged(KeySlotFileDamaged):
    """One slot of the file is damaged; the other slot may still open the register. `kind` says which."""

    def __init__(self, user_message: str | None = None, kind: str = "") -> None:
        super().__init__(user_message)
        self.kind = kind
