"""Refusals of team cards and bundles. Each Dutch message is safe to show: it names no resident and no key."""
from __future__ import annotations


class TeamError(ValueError):
    user_message = "Dit teambestand kan niet worden gebruikt."

    def __init__(self, user_message: str | None = None) -> None:
        if user_message:
            self.user_message = user_message
        super().__init__(self.user_message)


class CardInvalid(TeamError):
    user_message = "Dit is geen geldige teamkaart van Ketenregie, of de kaart is beschadigd."


class BundleInvalid(TeamError):
    user_message = "Dit is geen geldige bundel van Ketenregie, of het bestand is beschadigd."


class BundleTampered(TeamError):
    user_message = ("De bundel is onderweg gewijzigd of beschadigd: de handtekening of versleuteling klopt niet. "
                    "Er is niets ingelezen. Vraag de afzender de bundel opnieuw te sturen.")


class BundleNotForUs(TeamError):
    user_message = ("Deze bundel is bestemd voor iemand anders en kan in dit register niet worden geopend. "
                    "Er is niets ingelezen.")


class BundleUnknownSender(TeamError):
    user_message = ("De afzender van deze bundel staat niet bij je collega's. Voeg eerst de teamkaart van de "
                    "afzender toe en controleer de vingerafdruk. Er is niets ingelezen.")


class BundleUnverifiedSender(TeamError):
    user_message = ("De vingerafdruk van de afzender is nog niet gecontroleerd. Vergelijk eerst de vingerafdruk "
                    "(bijvoorbeeld telefonisch) en markeer hem als gecontroleerd. Er is niets ingelezen.")


class BundleReplayed(TeamError):
    user_message = "Deze bundel is al eerder ingelezen. Er is niets opnieuw ingelezen."


class BundleTooNew(TeamError):
    user_message = ("Deze bundel is gemaakt met een nieuwere versie van Ketenregie. Werk Ketenregie bij en lees "
                    "de bundel daarna opnieuw in. Er is niets ingelezen.")


class BundleWrongKind(TeamError):
    user_message = "Deze bundel is van een andere soort dan hier verwacht. Er is niets ingelezen."


class RecipientUnverified(TeamError):
    user_message = ("De vingerafdruk van deze collega is nog niet gecontroleerd. Een collega ontvangt pas "
                    "casusgegevens nadat je de vingerafdruk samen hebt vergeleken.")
