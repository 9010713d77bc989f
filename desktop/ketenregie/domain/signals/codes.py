"""The DDAS vroegsignalering enumerations (VS v1.2, DOMAIN.md §11) as labelled enums.

Stored codes are stable English identifiers (project convention); `ddas` gives the exact national code string that
goes into a DDAS file and `from_ddas` reads it back. The Dutch label is what the UI shows (mostly the DDAS text).
"""
from __future__ import annotations

from ketenregie.domain.labels import LabelledEnum, register_labels

_DDAS: dict[tuple[type, str], str] = {}
_FROM_DDAS: dict[tuple[type, str], str] = {}


class DdasEnum(LabelledEnum):
    @property
    def ddas(self) -> str:
        return _DDAS[(type(self), self.value)]

    @classmethod
    def from_ddas(cls, text: str):
        """The member for an exact DDAS code; ValueError (no content in the message) otherwise."""
        try:
            return cls._value2member_map_[_FROM_DDAS[(cls, text)]]
        except (KeyError, TypeError):
            raise ValueError(f"unknown {cls.__name__} DDAS code") from None

    @classmethod
    def ddas_codes(cls) -> tuple[str, ...]:
        return tuple(m.ddas for m in cls)


def _register(enum: type[DdasEnum], table: dict, labels: dict | None = None) -> None:
    """`table`: member -> DDAS code; the Dutch label defaults to the DDAS code."""
    missing = [m for m in enum if m not in table]
    if missing:
        raise RuntimeError(f"{enum.__name__} lacks DDAS codes for {missing}")
    for member, code in table.items():
        _DDAS[(enum, member.value)] = code
        _FROM_DDAS[(enum, code)] = member.value
    register_labels(enum, {m: (labels or {}).get(m, table[m]) for m in enum})


class SignalPartnerKind(DdasEnum):
    """signaalpartner.type"""

    TAX = "tax"
    CAK_CONTRIBUTION = "cak_contribution"
    CAK_HEALTH_INSURANCE = "cak_health_insurance"
    ALLOWANCES = "allowances"
    DUO = "duo"
    ENERGY = "energy"
    RENT = "rent"
    MORTGAGE = "mortgage"
    OTHER = "other"
    WATER = "water"
    HEALTH = "health"


_register(SignalPartnerKind, {
    SignalPartnerKind.TAX: "Belastingdienst",
    SignalPartnerKind.CAK_CONTRIBUTION: "CAK Eigen bijdrage",
    SignalPartnerKind.CAK_HEALTH_INSURANCE: "CAK Zorgverzekeringen",
    SignalPartnerKind.ALLOWANCES: "Dienst Toeslagen",
    SignalPartnerKind.DUO: "DUO",
    SignalPartnerKind.ENERGY: "Energie",
    SignalPartnerKind.RENT: "Huur",
    SignalPartnerKind.MORTGAGE: "Hypotheek",
    SignalPartnerKind.OTHER: "Overige",
    SignalPartnerKind.WATER: "Water",
    SignalPartnerKind.HEALTH: "Zorg",
}, {SignalPartnerKind.HEALTH: "Zorgverzekeraar", SignalPartnerKind.RENT: "Huur (verhuurder)"})


class SignalStatus(DdasEnum):
    """Signaalstatus"""

    NOT_YET_PICKED_UP = "not_yet_picked_up"
    PICKED_UP = "picked_up"
    ALREADY_KNOWN = "already_known"
    DECEASED = "deceased"
    NOT_A_RESIDENT = "not_a_resident"
    REPEATED = "repeated"
    UNJUSTIFIED = "unjustified"
    NOT_PICKED_UP_OTHER = "not_picked_up_other"


_register(SignalStatus, {
    SignalStatus.NOT_YET_PICKED_UP: "Nog niet opgepakt",
    SignalStatus.PICKED_UP: "Opgepakt",
    SignalStatus.ALREADY_KNOWN: "Inwoner al bekend bij schuldhulpverlening",
    SignalStatus.DECEASED: "Inwoner is overleden",
    SignalStatus.NOT_A_RESIDENT: "Persoon is geen inwoner (meer) in de gemeente",
    SignalStatus.REPEATED: "Niet opgepakt: herhaalde melding",
    SignalStatus.UNJUSTIFIED: "Niet opgepakt: onterecht signaal",
    SignalStatus.NOT_PICKED_UP_OTHER: "Niet opgepakt: andere reden",
})


class Outcome(DdasEnum):
    """Eindresultaat of a signal case."""

    ADVICE_QUICK_FIX = "advice_quick_fix"
    NO_CONTACT = "no_contact"
    NO_RESPONSE_AFTER_CONTACT = "no_response_after_contact"
    ALREADY_KNOWN = "already_known"
    OTHER_TRAJECTORY = "other_trajectory"
    ALREADY_PAID = "already_paid"
    DECEASED = "deceased"
    SELF_ARRANGES = "self_arranges"
    NOT_PICKED_UP_OTHER = "not_picked_up_other"
    REPEATED = "repeated"
    UNJUSTIFIED = "unjustified"
    NOT_A_RESIDENT = "not_a_resident"
    FOLLOW_UP = "follow_up"
    FOLLOW_UP_FINANCIAL = "follow_up_financial"
    FOLLOW_UP_NON_FINANCIAL = "follow_up_non_financial"
    REFERRAL_WITHOUT_RESIDENT = "referral_without_resident"

    @property
    def accepts_help(self) -> bool:
        """"Help accepted": the outcomes that may start a case in the register (intake route vroegsignalering)."""
        return self in HELP_ACCEPTED

    @property
    def is_picked_up(self) -> bool:
        return self not in NOT_PICKED_UP_OUTCOMES

    @property
    def signal_status(self) -> "SignalStatus":
        """The status the case's signals get when it closes with this outcome."""
        return _OUTCOME_STATUS.get(self, SignalStatus.PICKED_UP)


_register(Outcome, {
    Outcome.ADVICE_QUICK_FIX: "(Budget)advies en/of quick fix",
    Outcome.NO_CONTACT: "Definitief geen contact kunnen krijgen",
    Outcome.NO_RESPONSE_AFTER_CONTACT: "Geen reactie na eerder contact",
    Outcome.ALREADY_KNOWN: "Inwoner al bekend bij schuldhulpverlening",
    Outcome.OTHER_TRAJECTORY: "Inwoner heeft al een ander lopend traject",
    Outcome.ALREADY_PAID: "Inwoner heeft zelf al betaald/betalingsregeling getroffen",
    Outcome.DECEASED: "Inwoner is overleden",
    Outcome.SELF_ARRANGES: "Inwoner regelt het zelf/hoeft geen hulp vanuit vroegsignalering",
    Outcome.NOT_PICKED_UP_OTHER: "Niet opgepakt: andere reden",
    Outcome.REPEATED: "Niet opgepakt: herhaalde melding",
    Outcome.UNJUSTIFIED: "Niet opgepakt: onterecht signaal",
    Outcome.NOT_A_RESIDENT: "Persoon is geen inwoner (meer) in de gemeente",
    Outcome.FOLLOW_UP: "Vervolghulp en/of verwijzing",
    Outcome.FOLLOW_UP_FINANCIAL: "Vervolghulp en/of verwijzing financieel",
    Outcome.FOLLOW_UP_NON_FINANCIAL: "Vervolghulp en/of verwijzing niet financieel",
    Outcome.REFERRAL_WITHOUT_RESIDENT: "Verwijzing zonder tussenkomst inwoner",
})

# "Help accepted" (issue 12 §5): the resident takes up follow-up help; a case in the register starts.
HELP_ACCEPTED = frozenset({Outcome.FOLLOW_UP, Outcome.FOLLOW_UP_FINANCIAL})
NOT_PICKED_UP_OUTCOMES = frozenset({Outcome.REPEATED, Outcome.UNJUSTIFIED, Outcome.NOT_PICKED_UP_OTHER,
                                    Outcome.NOT_A_RESIDENT, Outcome.DECEASED, Outcome.ALREADY_KNOWN})
_OUTCOME_STATUS = {
    Outcome.REPEATED: SignalStatus.REPEATED,
    Outcome.UNJUSTIFIED: SignalStatus.UNJUSTIFIED,
    Outcome.NOT_PICKED_UP_OTHER: SignalStatus.NOT_PICKED_UP_OTHER,
    Outcome.NOT_A_RESIDENT: SignalStatus.NOT_A_RESIDENT,
    Outcome.DECEASED: SignalStatus.DECEASED,
    Outcome.ALREADY_KNOWN: SignalStatus.ALREADY_KNOWN,
}


class ContactKind(DdasEnum):
    """Contactsoort"""

    ADMINISTRATIVE = "administrative"
    APPOINTMENT = "appointment"
    LETTER = "letter"
    HOME_VISIT = "home_visit"
    CARD = "card"
    EMAIL = "email"
    UNKNOWN = "unknown"
    OTHER = "other"
    SMS = "sms"
    PHONE = "phone"


_register(ContactKind, {
    ContactKind.ADMINISTRATIVE: "Administratief",
    ContactKind.APPOINTMENT: "Afspraak op locatie",
    ContactKind.LETTER: "Brief",
    ContactKind.HOME_VISIT: "Huisbezoek",
    ContactKind.CARD: "Kaartje",
    ContactKind.EMAIL: "Mail",
    ContactKind.UNKNOWN: "Onbekend",
    ContactKind.OTHER: "Overige",
    ContactKind.SMS: "SMS/Whatsapp",
    ContactKind.PHONE: "Telefoon",
}, {ContactKind.EMAIL: "E-mail", ContactKind.SMS: "Sms / WhatsApp"})


class PartOfDay(DdasEnum):
    """Dagdeel: Ochtend before 12:00, Middag 12-18, Avond 18:00 or later."""

    MORNING = "morning"
    AFTERNOON = "afternoon"
    EVENING = "evening"

    @classmethod
    def at_hour(cls, hour: int) -> "PartOfDay":
        if hour < 12:
            return cls.MORNING
        return cls.AFTERNOON if hour < 18 else cls.EVENING


_register(PartOfDay, {PartOfDay.MORNING: "Ochtend", PartOfDay.AFTERNOON: "Middag", PartOfDay.EVENING: "Avond"})


class Sex(DdasEnum):
    """Geslachtsaanduiding"""

    MALE = "male"
    FEMALE = "female"
    UNKNOWN = "unknown"
    EMPTY = "empty"


_register(Sex, {Sex.MALE: "Man", Sex.FEMALE: "Vrouw", Sex.UNKNOWN: "Onbekend", Sex.EMPTY: "Leeg"})
