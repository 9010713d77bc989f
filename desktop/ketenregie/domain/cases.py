"""The case (casus) and everything it holds: household, route, crisis, terms' dates, phase, partners, actions,
journal and a coarse debt picture (DOMAIN.md §1, §2, §5, §6).

Enums are stored by their stable English code (the enum value); every enum has a Dutch label (`label_nl`) for
the UI. Entities are frozen dataclasses: the UI edits a copy (`dataclasses.replace`) and hands it to the
repository, which validates it (`case_validation.validate_case`) and saves it in one transaction.

Only what the work needs is kept (DESIGN.md §4): no BSN field in this version (policy `BsnEnabled` is for a later
issue about formal referrals), special categories (LVB, health-related groups) only as coarse target-group flags
with a reason, a debt picture in bands rather than amounts per creditor.

Pure domain: no Qt, no database.
"""
from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass, field
from datetime import date
from types import MappingProxyType

from ketenregie.domain.calendar import AtwCalendar
from ketenregie.domain.labels import LabelledEnum, register_labels
from ketenregie.domain.terms import (DEFAULT_DECISION_WEEKS, DEFAULT_DUE_SOON_WORKING_DAYS, Term,
                                     evaluate_terms)

# --- phase ----------------------------------------------------------------------------------------------------

class Phase(LabelledEnum):
    REGISTRATION = "registration"
    INTAKE = "intake"
    ACTION_PLAN = "action_plan"
    WITH_PARTNER = "with_partner"
    AFTERCARE = "aftercare"
    CLOSED = "closed"

    @property
    def order(self) -> int:
        return _PHASE_ORDER[self]

    @property
    def allowed_next(self) -> frozenset["Phase"]:
        return ALLOWED_TRANSITIONS[self]

    def can_move_to(self, target: "Phase") -> bool:
        return target == self or target in ALLOWED_TRANSITIONS[self]


register_labels(Phase, {
    Phase.REGISTRATION: "Aanmelding",
    Phase.INTAKE: "Intake",
    Phase.ACTION_PLAN: "Plan van aanpak",
    Phase.WITH_PARTNER: "Traject bij partner",
    Phase.AFTERCARE: "Nazorg",
    Phase.CLOSED: "Afgesloten",
})
PHASES_IN_ORDER: tuple[Phase, ...] = tuple(Phase)
_PHASE_ORDER = {phase: i for i, phase in enumerate(PHASES_IN_ORDER)}
OPEN_PHASES: frozenset[Phase] = frozenset(PHASES_IN_ORDER[:-1])

# One step forward, one step back (a plan that has to be redone, a relapse during aftercare), closing from any
# open phase (no contact, withdrawn, rejected, ...), and reopening a closed case into intake.
ALLOWED_TRANSITIONS: Mapping[Phase, frozenset[Phase]] = MappingProxyType({
    Phase.REGISTRATION: frozenset({Phase.INTAKE, Phase.CLOSED}),
    Phase.INTAKE: frozenset({Phase.ACTION_PLAN, Phase.REGISTRATION, Phase.CLOSED}),
    Phase.ACTION_PLAN: frozenset({Phase.WITH_PARTNER, Phase.INTAKE, Phase.CLOSED}),
    Phase.WITH_PARTNER: frozenset({Phase.AFTERCARE, Phase.ACTION_PLAN, Phase.CLOSED}),
    Phase.AFTERCARE: frozenset({Phase.WITH_PARTNER, Phase.CLOSED}),
    Phase.CLOSED: frozenset({Phase.INTAKE}),
})
START_PHASE = Phase.REGISTRATION


# --- closing (uitstroom / uitval) -----------------------------------------------------------------------------

class RetentionClass(LabelledEnum):
    """Selectielijst gemeenten 2020 (DOMAIN.md §9); the ids match `resources/privacy/catalogue.toml`."""

    HELP_PROVIDED = "debt_help_provided"  # 5 years after the help ended
    ENDED_OR_REFUSED = "debt_help_ended_or_refused"  # 5 years after closing
    ABORTED = "debt_help_aborted"  # 1 year


register_labels(RetentionClass, {
    RetentionClass.HELP_PROVIDED: "Schuldhulp verleend: 5 jaar na beëindiging van de hulp",
    RetentionClass.ENDED_OR_REFUSED: "Beëindigd of afgewezen: 5 jaar na afsluiten",
    RetentionClass.ABORTED: "Afgebroken: 1 jaar na afsluiten",
})


class ClosingReason(LabelledEnum):
    RESOLVED = "resolved"
    REFERRED_WSNP = "referred_wsnp"
    REFERRED_ADMINISTRATION = "referred_administration"
    REFERRED_OTHER = "referred_other"
    NO_LONGER_NEEDED = "no_longer_needed"
    NO_CONTACT = "no_contact"
    WITHDRAWN = "withdrawn"
    MOVED = "moved"
    DECEASED = "deceased"
    REJECTED = "rejected"

    @property
    def retention(self) -> RetentionClass:
        return _CLOSING_RETENTION[self]


register_labels(ClosingReason, {
    ClosingReason.RESOLVED: "Schulden opgelost / regeling getroffen",
    ClosingReason.REFERRED_WSNP: "Doorverwezen naar de Wsnp",
    ClosingReason.REFERRED_ADMINISTRATION: "Doorverwezen naar beschermingsbewind",
    ClosingReason.REFERRED_OTHER: "Doorverwezen (overig)",
    ClosingReason.NO_LONGER_NEEDED: "Geen hulp meer nodig",
    ClosingReason.NO_CONTACT: "Geen contact meer",
    ClosingReason.WITHDRAWN: "Teruggetrokken",
    ClosingReason.MOVED: "Verhuisd",
    ClosingReason.DECEASED: "Overleden",
    ClosingReason.REJECTED: "Afgewezen",
})
_CLOSING_RETENTION = {
    ClosingReason.RESOLVED: RetentionClass.HELP_PROVIDED,
    ClosingReason.REFERRED_WSNP: RetentionClass.HELP_PROVIDED,
    ClosingReason.REFERRED_ADMINISTRATION: RetentionClass.HELP_PROVIDED,
    ClosingReason.REFERRED_OTHER: RetentionClass.HELP_PROVIDED,
    ClosingReason.NO_LONGER_NEEDED: RetentionClass.ENDED_OR_REFUSED,
    ClosingReason.REJECTED: RetentionClass.ENDED_OR_REFUSED,
    ClosingReason.MOVED: RetentionClass.ENDED_OR_REFUSED,
    ClosingReason.DECEASED: RetentionClass.ENDED_OR_REFUSED,
    ClosingReason.NO_CONTACT: RetentionClass.ABORTED,
    ClosingReason.WITHDRAWN: RetentionClass.ABORTED,
}


# --- intake, target groups, crisis, decision -------------------------------------------------------------------

class IntakeRoute(LabelledEnum):
    SELF = "self"
    FRONT_DESK = "front_desk"
    EARLY_SIGNALLING = "early_signalling"
    SOCIAL_WORK = "social_work"
    COURT = "court"
    ENTREPRENEURS = "entrepreneurs"
    NATIONAL_ROUTE = "national_route"
    HOUSING = "housing"
    CARE = "care"
    OTHER = "other"


register_labels(IntakeRoute, {
    IntakeRoute.SELF: "Zelfmelder",
    IntakeRoute.FRONT_DESK: "Brede toegang / sluitende aanpak",
    IntakeRoute.EARLY_SIGNALLING: "Vroegsignalering",
    IntakeRoute.SOCIAL_WORK: "Kwadraad (Vroeg erop af)",
    IntakeRoute.COURT: "Schuldenfunctionaris rechtbank Rotterdam",
    IntakeRoute.ENTREPRENEURS: "Regionaal Bureau Zelfstandigen",
    IntakeRoute.NATIONAL_ROUTE: "Nederlandse Schuldhulproute / Geldfit",
    IntakeRoute.HOUSING: "Woningcorporatie",
    IntakeRoute.CARE: "Huisarts / GGZ",
    IntakeRoute.OTHER: "Anders",
})


class TargetGroup(LabelledEnum):
    SELF_EMPLOYED = "self_employed"
    YOUTH = "youth"
    LOW_LITERACY = "low_literacy"
    NEWLY_DISABLED = "newly_disabled"
    MILD_INTELLECTUAL_DISABILITY = "mild_intellectual_disability"
    EDUCATION_LOW = "education_low"
    EDUCATION_MIDDLE = "education_middle"
    EDUCATION_HIGH = "education_high"
    MIGRANTS = "migrants"

    @property
    def special_category(self) -> bool:
        """Health-related (AVG art. 9): record only when it changes the help, with a reason."""
        return self in SPECIAL_TARGET_GROUPS


register_labels(TargetGroup, {
    TargetGroup.SELF_EMPLOYED: "Zelfstandige",
    TargetGroup.YOUTH: "Jongere",
    TargetGroup.LOW_LITERACY: "Laaggeletterd",
    TargetGroup.NEWLY_DISABLED: "Nieuw arbeidsbeperkt",
    TargetGroup.MILD_INTELLECTUAL_DISABILITY: "Licht verstandelijk beperkt (LVB)",
    TargetGroup.EDUCATION_LOW: "Laag opgeleid",
    TargetGroup.EDUCATION_MIDDLE: "Middelbaar opgeleid",
    TargetGroup.EDUCATION_HIGH: "Hoog opgeleid",
    TargetGroup.MIGRANTS: "Migrant",
})
SPECIAL_TARGET_GROUPS = frozenset({TargetGroup.NEWLY_DISABLED, TargetGroup.MILD_INTELLECTUAL_DISABILITY})
EDUCATION_GROUPS = frozenset({TargetGroup.EDUCATION_LOW, TargetGroup.EDUCATION_MIDDLE, TargetGroup.EDUCATION_HIGH})


class CrisisKind(LabelledEnum):
    EVICTION = "eviction"
    UTILITY_DISCONNECTION = "utility_disconnection"
    HEALTH_INSURANCE_CANCELLED = "health_insurance_cancelled"
    SALE_OF_GOODS = "sale_of_goods"
    SALE_OF_HOME = "sale_of_home"
    WAGE_SEIZURE = "wage_seizure"
    ACCOUNT_SEIZURE = "account_seizure"
    BANKRUPTCY_PETITION = "bankruptcy_petition"
    BUSINESS_SEIZURE = "business_seizure"

    @property
    def statutory(self) -> bool:
        """Named in the Wgs itself (art. 4 lid 2); the others are situations the municipality adds."""
        return self in STATUTORY_CRISES


register_labels(CrisisKind, {
    CrisisKind.EVICTION: "Dreigende huisuitzetting",
    CrisisKind.UTILITY_DISCONNECTION: "Afsluiting gas, elektriciteit, warmte of water",
    CrisisKind.HEALTH_INSURANCE_CANCELLED: "Opzegging zorgverzekering",
    CrisisKind.SALE_OF_GOODS: "Aangekondigde verkoop van de inboedel",
    CrisisKind.SALE_OF_HOME: "Aangekondigde verkoop van de woning",
    CrisisKind.WAGE_SEIZURE: "Beslag op loon of uitkering",
    CrisisKind.ACCOUNT_SEIZURE: "Beslag op de bankrekening",
    CrisisKind.BANKRUPTCY_PETITION: "Faillissementsaanvraag",
    CrisisKind.BUSINESS_SEIZURE: "Beslag dat het bedrijf bedreigt (ondernemer)",
})
STATUTORY_CRISES = frozenset({CrisisKind.EVICTION, CrisisKind.UTILITY_DISCONNECTION,
                              CrisisKind.HEALTH_INSURANCE_CANCELLED})


class DecisionKind(LabelledEnum):
    ADMISSION = "admission"
    REJECTION = "rejection"


register_labels(DecisionKind, {DecisionKind.ADMISSION: "Toelating", DecisionKind.REJECTION: "Afwijzing"})


# --- integral elements ----------------------------------------------------------------------------------------

class IntegralElement(LabelledEnum):
    DEBT_SETTLEMENT = "debt_settlement"
    PERSONAL_SUPPORT = "personal_support"
    SELF_RELIANCE = "self_reliance"


register_labels(IntegralElement, {
    IntegralElement.DEBT_SETTLEMENT: "Regelen van schulden",
    IntegralElement.PERSONAL_SUPPORT: "Persoonlijke begeleiding",
    IntegralElement.SELF_RELIANCE: "Planning financiële zelfredzaamheid",
})


class ElementStatus(LabelledEnum):
    NOT_STARTED = "not_started"
    NOT_NEEDED = "not_needed"
    IN_PROGRESS = "in_progress"
    DONE = "done"


register_labels(ElementStatus, {
    ElementStatus.NOT_STARTED: "Nog niet gestart",
    ElementStatus.NOT_NEEDED: "Niet nodig",
    ElementStatus.IN_PROGRESS: "Loopt",
    ElementStatus.DONE: "Afgerond",
})


def default_elements() -> Mapping[IntegralElement, ElementStatus]:
    return MappingProxyType({element: ElementStatus.NOT_STARTED for element in IntegralElement})


# --- household ------------------------------------------------------------------------------------------------

class ContactChannel(LabelledEnum):
    PHONE = "phone"
    SMS = "sms"
    EMAIL = "email"
    LETTER = "letter"
    IN_PERSON = "in_person"
    VIA_PARTNER = "via_partner"


register_labels(ContactChannel, {
    ContactChannel.PHONE: "Telefoon",
    ContactChannel.SMS: "Sms / WhatsApp",
    ContactChannel.EMAIL: "E-mail",
    ContactChannel.LETTER: "Brief",
    ContactChannel.IN_PERSON: "Persoonlijk (huisbezoek of balie)",
    ContactChannel.VIA_PARTNER: "Via een ketenpartner",
})


@dataclass(frozen=True, slots=True)
class Household:
    """The resident(s) helped. `name` is the name or only the initials, whatever the work needs."""

    name: str
    date_of_birth: date | None = None
    contact_channel: ContactChannel | None = None
    phone: str | None = None
    email: str | None = None
    postcode: str | None = None
    house_number: str | None = None
    adults: int = 1
    children: int = 0

    def __repr__(self) -> str:  # never print personal data (tracebacks, logs)
        return "Household(<personal data hidden>)"


# --- partners, actions, journal, debts -------------------------------------------------------------------------

class PartnerType(LabelledEnum):
    DEBT_HELP = "debt_help"
    SOCIAL_WORK = "social_work"
    ENTREPRENEURS = "entrepreneurs"
    CREDIT_BANK = "credit_bank"
    COURT = "court"
    ADMINISTRATOR = "administrator"
    CARE = "care"
    VOLUNTEER = "volunteer"
    MUNICIPAL_TEAM = "municipal_team"
    CREDITOR_EXCHANGE = "creditor_exchange"
    HOUSING = "housing"
    HEALTH_INSURER = "health_insurer"
    ENERGY = "energy"
    WATER = "water"
    OTHER = "other"


register_labels(PartnerType, {
    PartnerType.DEBT_HELP: "Schuldhulpverlening",
    PartnerType.SOCIAL_WORK: "Maatschappelijk werk",
    PartnerType.ENTREPRENEURS: "Ondernemers",
    PartnerType.CREDIT_BANK: "Kredietbank",
    PartnerType.COURT: "Rechtbank",
    PartnerType.ADMINISTRATOR: "Bewindvoering",
    PartnerType.CARE: "Zorg",
    PartnerType.VOLUNTEER: "Informele / vrijwillige hulp",
    PartnerType.MUNICIPAL_TEAM: "Gemeentelijk team",
    PartnerType.CREDITOR_EXCHANGE: "Berichtenverkeer schuldeisers",
    PartnerType.HOUSING: "Verhuurder",
    PartnerType.HEALTH_INSURER: "Zorgverzekeraar",
    PartnerType.ENERGY: "Energieleverancier",
    PartnerType.WATER: "Drinkwaterbedrijf",
    PartnerType.OTHER: "Overig",
})


@dataclass(frozen=True, slots=True)
class Partner:
    """An organisation in the chain (the directory is data: resources/partners/default_partners.toml)."""

    id: int
    code: str
    name: str
    type: PartnerType
    active: bool = True


class PartnerRole(LabelledEnum):
    DEBT_SETTLEMENT = "debt_settlement"
    RESTRUCTURING_CREDIT = "restructuring_credit"
    WSNP = "wsnp"
    BUDGET_MANAGEMENT = "budget_management"
    ADMINISTRATION = "administration"
    MORATORIUM = "moratorium"
    SOCIAL_WORK = "social_work"
    CARE = "care"
    VOLUNTEER_SUPPORT = "volunteer_support"
    REFERRER = "referrer"
    OTHER = "other"


register_labels(PartnerRole, {
    PartnerRole.DEBT_SETTLEMENT: "Minnelijke schuldregeling / schuldbemiddeling",
    PartnerRole.RESTRUCTURING_CREDIT: "Saneringskrediet",
    PartnerRole.WSNP: "Wsnp",
    PartnerRole.BUDGET_MANAGEMENT: "Budgetbeheer",
    PartnerRole.ADMINISTRATION: "Beschermingsbewind",
    PartnerRole.MORATORIUM: "Moratorium",
    PartnerRole.SOCIAL_WORK: "Maatschappelijk werk / begeleiding",
    PartnerRole.CARE: "Zorg",
    PartnerRole.VOLUNTEER_SUPPORT: "Vrijwillige ondersteuning",
    PartnerRole.REFERRER: "Verwijzer",
    PartnerRole.OTHER: "Overig",
})


@dataclass(frozen=True, slots=True)
class CasePartner:
    """A partner involved in the case, its role, and whether it leads the trajectory (at most one leads)."""

    partner_id: int
    role: PartnerRole
    leads: bool = False


class ActionOwner(LabelledEnum):
    SELF = "self"  # the ketenregisseur
    PARTNER = "partner"
    RESIDENT = "resident"


register_labels(ActionOwner, {
    ActionOwner.SELF: "Ketenregisseur (ik)",
    ActionOwner.PARTNER: "Ketenpartner",
    ActionOwner.RESIDENT: "Inwoner",
})


class ActionStatus(LabelledEnum):
    OPEN = "open"
    DONE = "done"
    CANCELLED = "cancelled"


register_labels(ActionStatus, {
    ActionStatus.OPEN: "Open",
    ActionStatus.DONE: "Gedaan",
    ActionStatus.CANCELLED: "Vervallen",
})


@dataclass(frozen=True, slots=True)
class Action:
    description: str
    owner: ActionOwner = ActionOwner.SELF
    partner_id: int | None = None  # required when owner is PARTNER
    due: date | None = None
    status: ActionStatus = ActionStatus.OPEN
    done_on: date | None = None
    id: int | None = None

    @property
    def is_open(self) -> bool:
        return self.status == ActionStatus.OPEN

    def __repr__(self) -> str:
        return f"Action(id={self.id}, owner={self.owner.value}, status={self.status.value})"


@dataclass(frozen=True, slots=True)
class JournalEntry:
    entry_date: date
    text: str
    id: int | None = None

    def __repr__(self) -> str:
        return f"JournalEntry(id={self.id})"


class DebtBand(LabelledEnum):
    UNDER_5000 = "under_5000"
    FROM_5000 = "5000_15000"
    FROM_15000 = "15000_30000"
    FROM_30000 = "30000_60000"
    OVER_60000 = "over_60000"


register_labels(DebtBand, {
    DebtBand.UNDER_5000: "minder dan € 5.000",
    DebtBand.FROM_5000: "€ 5.000 tot € 15.000",
    DebtBand.FROM_15000: "€ 15.000 tot € 30.000",
    DebtBand.FROM_30000: "€ 30.000 tot € 60.000",
    DebtBand.OVER_60000: "€ 60.000 of meer",
})


@dataclass(frozen=True, slots=True)
class DebtPicture:
    """Estimated total debt in a band and the number of creditors; None = not known (yet)."""

    band: DebtBand | None = None
    creditor_count: int | None = None


@dataclass(frozen=True, slots=True)
class Crisis:
    kind: CrisisKind
    date: date | None = None  # e.g. the eviction or disconnection date, when known


@dataclass(frozen=True, slots=True)
class Decision:
    date: date
    kind: DecisionKind


@dataclass(frozen=True, slots=True)
class Closing:
    reason: ClosingReason
    closed_on: date


# --- the case -------------------------------------------------------------------------------------------------

@dataclass(frozen=True, slots=True)
class Case:
    household: Household
    intake_route: IntakeRoute
    help_request_date: date
    help_request: str = ""  # the question in the resident's words (short)
    phase: Phase = START_PHASE
    target_groups: frozenset[TargetGroup] = frozenset()
    special_reasons: Mapping[TargetGroup, str] = field(default_factory=dict)  # why a special flag matters
    crisis: Crisis | None = None
    first_conversation_date: date | None = None
    decision: Decision | None = None
    closing: Closing | None = None
    elements: Mapping[IntegralElement, ElementStatus] = field(default_factory=default_elements)
    partners: tuple[CasePartner, ...] = ()
    actions: tuple[Action, ...] = ()
    journal: tuple[JournalEntry, ...] = ()
    debt: DebtPicture = DebtPicture()
    case_number: str | None = None  # "2026-0042"; allocated by the repository on first save
    id: int | None = None
    registered_on: date | None = None  # set by the repository on first save

    def __repr__(self) -> str:  # tracebacks and logs see the reference only
        return f"Case({self.case_number or 'nieuw'}, phase={self.phase.value})"

    @property
    def is_closed(self) -> bool:
        return self.phase == Phase.CLOSED

    @property
    def object_ref(self) -> str:
        """The audit reference, e.g. "case:2026-0042"."""
        if not self.case_number:
            raise ValueError("case has no number yet")
        return case_ref(self.case_number)

    @property
    def lead_partner_id(self) -> int | None:
        return next((p.partner_id for p in self.partners if p.leads), None)

    def element_status(self, element: IntegralElement) -> ElementStatus:
        return self.elements.get(element, ElementStatus.NOT_STARTED)

    def open_actions(self) -> list[Action]:
        """Open actions, earliest due first (no due date last)."""
        return sorted((a for a in self.actions if a.is_open),
                      key=lambda a: (a.due is None, a.due or date.max, a.id or 0))

    def terms(self, today: date, *, calendar: AtwCalendar, decision_weeks: int = DEFAULT_DECISION_WEEKS,
              due_soon_working_days: int = DEFAULT_DUE_SOON_WORKING_DAYS) -> list[Term]:
        """The statutory terms on `today` (the existing term engine, `domain/terms.py`)."""
        return evaluate_terms(self.help_request_date, self.crisis is not None, self.first_conversation_date,
                              self.decision.date if self.decision else None, today, calendar=calendar,
                              decision_weeks=decision_weeks, due_soon_working_days=due_soon_working_days)


# --- case numbers ---------------------------------------------------------------------------------------------

def format_case_number(year: int, sequence: int) -> str:
    """"2026-0042": the year and a per-year sequence, at least four digits."""
    if not 1 <= sequence:
        raise ValueError("sequence must be positive")
    return f"{year:04d}-{sequence:04d}"


def parse_case_number(number: str) -> tuple[int, int]:
    """(year, sequence) of "2026-0042"; ValueError for anything else."""
    year, sep, seq = number.partition("-")
    if sep != "-" or len(year) != 4 or not year.isdigit() or len(seq) < 4 or not seq.isdigit():
        raise ValueError("not a case number (expected YYYY-NNNN)")
    return int(year), int(seq)


def case_ref(case_number: str) -> str:
    parse_case_number(case_number)
    return f"case:{case_number}"
