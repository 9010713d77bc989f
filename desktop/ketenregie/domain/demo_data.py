"""Synthetic, clearly fictitious cases for demos, screenshots and benchmarks (seeded: the same seed gives the
same cases).

Fictitious by construction:
- surnames come from `FICTITIOUS_SURNAMES`, a fixed list of obviously made-up names ("Verzonnen", "Fictief",
  ...), so every demo name is recognisable as fake (`is_fictitious_name`);
- postcodes use the letter pairs SA, SD and SS, which PostNL never issues, so no address is real;
- e-mail addresses are at example.org (reserved, RFC 2606); phone numbers are 06-00xxxxxx;
- no BSN anywhere (the register has no BSN field).

The cases are spread over phases, intake routes, partners, crises, target groups and actions so that the
caseload shows every state: overdue and due-soon terms, crisis cases, own actions due this week, cases waiting
on a partner. Every generated case passes `validate_case` on `today`.

Pure domain: no Qt, no database.
"""
from __future__ import annotations

import random
from collections.abc import Sequence
from datetime import date, timedelta

from ketenregie.domain.cases import (EDUCATION_GROUPS, Action, ActionOwner, ActionStatus, Case, CasePartner,
                                     Closing, ClosingReason, ContactChannel, Crisis, CrisisKind, DebtBand,
                                     DebtPicture, Decision, DecisionKind, ElementStatus, Household, IntakeRoute,
                                     IntegralElement, JournalEntry, Partner, PartnerRole, PartnerType, Phase,
                                     TargetGroup)

DEFAULT_SEED = 20260330

FICTITIOUS_SURNAMES: tuple[str, ...] = (
    "Verzonnen", "Fictief", "Bedachtsma", "Denkbeeld", "Voorbeeldt", "Proefmans", "Nepstra", "Testerink",
    "Oefenaar", "Schijnsma", "Demovic", "Zomaarsen", "Fantaseur", "Nietbestaan", "Droomkes", "Verbeeldt",
    "Luchtkasteel", "Sprookjes", "Gefingeerd", "Namaaksel",
)
_FIRST_NAMES = (
    "Jan", "Fatima", "Mohamed", "Sanne", "Kees", "Anouk", "Özlem", "Priya", "Daan", "Emma", "Noah", "Julia",
    "Ahmed", "Marieke", "Wim", "Ingrid", "Kofi", "Anna", "Piet", "Yara", "Bram", "Naima", "Lucas", "Fleur",
    "Tomasz", "Agnieszka", "Joyce", "Hüseyin", "Esther", "Ricardo",
)
_PARTICLES = ("", "", "", "", "van", "de", "van der", "van den", "ter")
_POSTCODES = ("2651", "2652", "2661", "2662", "2665", "2666")
_FICTITIOUS_LETTERS = ("SA", "SD", "SS")  # never issued by PostNL

_ROUTES = (
    (IntakeRoute.SELF, 25), (IntakeRoute.FRONT_DESK, 15), (IntakeRoute.EARLY_SIGNALLING, 15),
    (IntakeRoute.SOCIAL_WORK, 12), (IntakeRoute.COURT, 4), (IntakeRoute.ENTREPRENEURS, 5),
    (IntakeRoute.NATIONAL_ROUTE, 8), (IntakeRoute.HOUSING, 8), (IntakeRoute.CARE, 5), (IntakeRoute.OTHER, 3),
)
_PHASES = (
    (Phase.REGISTRATION, 12), (Phase.INTAKE, 14), (Phase.ACTION_PLAN, 14), (Phase.WITH_PARTNER, 25),
    (Phase.AFTERCARE, 10), (Phase.CLOSED, 25),
)
_CLOSINGS = (
    (ClosingReason.RESOLVED, 30), (ClosingReason.REFERRED_WSNP, 5), (ClosingReason.REFERRED_ADMINISTRATION, 8),
    (ClosingReason.REFERRED_OTHER, 6), (ClosingReason.NO_LONGER_NEEDED, 12), (ClosingReason.NO_CONTACT, 15),
    (ClosingReason.WITHDRAWN, 10), (ClosingReason.MOVED, 6), (ClosingReason.DECEASED, 1),
    (ClosingReason.REJECTED, 7),
)
_HELP_REQUESTS = (
    "Ik kan de huur niet meer betalen en krijg steeds meer brieven.",
    "Mijn inkomen is gedaald en de rekeningen stapelen zich op.",
    "Ik wil overzicht in mijn schulden en hulp bij een regeling.",
    "Er ligt beslag op mijn loon en ik kom niet meer rond.",
    "Ik heb een betalingsachterstand bij de zorgverzekeraar.",
    "Als ondernemer heb ik schulden en mijn omzet is weggevallen.",
    "Ik wil hulp bij het openen en ordenen van mijn post.",
    "",
)
_ACTIONS_SELF = (
    "Bellen over de stand van zaken", "Verwijsbrief sturen", "Terugkoppeling vragen aan de partner",
    "Huisbezoek plannen", "Casus inbrengen in het casuïstiekoverleg", "Beschikking opstellen",
    "Plan van aanpak bespreken", "Nazorggesprek plannen",
)
_ACTIONS_PARTNER = (
    "Schuldenoverzicht compleet maken", "Voorstel aan schuldeisers sturen", "Budgetplan opstellen",
    "Moratorium aanvragen", "Huisbezoek afleggen", "Terugkoppeling na intake",
)
_ACTIONS_RESIDENT = (
    "Loonstroken van de laatste drie maanden meenemen", "Post van deze maand verzamelen",
    "Afspraak met de huisarts maken", "Toeslagen controleren op de website",
)
_JOURNAL = (
    "Telefonisch contact gehad; afspraken bevestigd.",
    "Eerste gesprek gevoerd; de inwoner neemt volgende keer de post mee.",
    "Overleg met de partner over de voortgang van het traject.",
    "Inwoner heeft de gevraagde stukken aangeleverd.",
    "Afspraak niet nagekomen; neutraal opnieuw uitgenodigd.",
    "Voortgang besproken; volgende stap afgesproken.",
)
_SPECIAL_REASONS = {
    TargetGroup.MILD_INTELLECTUAL_DISABILITY: "Brieven samen doornemen; uitleg in eenvoudige taal en met beeld.",
    TargetGroup.NEWLY_DISABLED: "Inkomen veranderd door arbeidsbeperking; afstemmen met werk en inkomen.",
}
_ROLE_BY_TYPE = {
    PartnerType.DEBT_HELP: PartnerRole.DEBT_SETTLEMENT, PartnerType.CREDIT_BANK: PartnerRole.RESTRUCTURING_CREDIT,
    PartnerType.ADMINISTRATOR: PartnerRole.ADMINISTRATION, PartnerType.SOCIAL_WORK: PartnerRole.SOCIAL_WORK,
    PartnerType.VOLUNTEER: PartnerRole.VOLUNTEER_SUPPORT, PartnerType.CARE: PartnerRole.CARE,
    PartnerType.ENTREPRENEURS: PartnerRole.DEBT_SETTLEMENT, PartnerType.COURT: PartnerRole.REFERRER,
    PartnerType.HOUSING: PartnerRole.REFERRER, PartnerType.MUNICIPAL_TEAM: PartnerRole.OTHER,
}
# Partner types that lead a trajectory, and those that only support or refer.
_LEADING = (PartnerType.DEBT_HELP, PartnerType.CREDIT_BANK, PartnerType.ADMINISTRATOR, PartnerType.ENTREPRENEURS)
_SUPPORTING = (PartnerType.SOCIAL_WORK, PartnerType.VOLUNTEER, PartnerType.CARE, PartnerType.MUNICIPAL_TEAM)


def is_fictitious_name(name: str) -> bool:
    """True when the last word of `name` is one of the made-up surnames."""
    parts = name.split()
    return bool(parts) and parts[-1] in FICTITIOUS_SURNAMES


def _weighted(rng: random.Random, table: Sequence[tuple[object, int]]):
    return rng.choices([item for item, _ in table], weights=[w for _, w in table])[0]


class _Generator:
    def __init__(self, rng: random.Random, today: date, partners: Sequence[Partner]) -> None:
        self.rng = rng
        self.today = today
        by_type: dict[PartnerType, list[Partner]] = {}
        for partner in partners:
            by_type.setdefault(partner.type, []).append(partner)
        self.leading = [p for t in _LEADING for p in by_type.get(t, [])]
        self.supporting = [p for t in _SUPPORTING for p in by_type.get(t, [])]
        self.entrepreneurs = by_type.get(PartnerType.ENTREPRENEURS, [])
        self.social_work = by_type.get(PartnerType.SOCIAL_WORK, [])

    def day(self, lo: date, hi: date) -> date:
        """A random day in [lo, hi] (hi clipped to today)."""
        hi = min(hi, self.today)
        if hi <= lo:
            return lo
        return lo + timedelta(days=self.rng.randint(0, (hi - lo).days))

    def household(self, route: IntakeRoute) -> Household:
        rng = self.rng
        first = rng.choice(_FIRST_NAMES)
        particle = rng.choice(_PARTICLES)
        surname = rng.choice(FICTITIOUS_SURNAMES)
        given = first if rng.random() < 0.7 else first[0] + "."
        name = " ".join(part for part in (given, particle, surname) if part)
        channel = rng.choice(list(ContactChannel))
        phone = email = None
        if channel in (ContactChannel.PHONE, ContactChannel.SMS) or rng.random() < 0.5:
            phone = f"06-00{rng.randint(0, 999999):06d}"
        if channel == ContactChannel.EMAIL or rng.random() < 0.3:
            local = f"{first[0]}.{surname}".lower()
            email = f"{local}{rng.randint(1, 99)}@example.org"
        adults = 1 if rng.random() < 0.6 else 2
        children = rng.choices([0, 1, 2, 3, 4], weights=[45, 20, 20, 10, 5])[0]
        dob = None
        if rng.random() < 0.7:
            dob = self.today - timedelta(days=rng.randint(18 * 365 + 5, 82 * 365))
        return Household(
            name=name, date_of_birth=dob, contact_channel=channel, phone=phone, email=email,
            postcode=f"{rng.choice(_POSTCODES)} {rng.choice(_FICTITIOUS_LETTERS)}",
            house_number=str(rng.randint(1, 240)) + (rng.choice(["", "", "", "a", "b", "-2"])),
            adults=adults, children=children)

    def target_groups(self, route: IntakeRoute, household: Household) -> tuple[frozenset, dict]:
        rng = self.rng
        groups: set[TargetGroup] = set()
        if route == IntakeRoute.ENTREPRENEURS or rng.random() < 0.05:
            groups.add(TargetGroup.SELF_EMPLOYED)
        if household.date_of_birth and (self.today - household.date_of_birth).days < 27 * 365:
            groups.add(TargetGroup.YOUTH)
        if rng.random() < 0.08:
            groups.add(TargetGroup.LOW_LITERACY)
        if rng.random() < 0.10:
            groups.add(TargetGroup.MIGRANTS)
        if rng.random() < 0.4:
            groups.add(rng.choice(sorted(EDUCATION_GROUPS)))
        reasons = {}
        for special in (TargetGroup.MILD_INTELLECTUAL_DISABILITY, TargetGroup.NEWLY_DISABLED):
            if rng.random() < 0.04:
                groups.add(special)
                reasons[special] = _SPECIAL_REASONS[special]
        return frozenset(groups), reasons

    def case(self) -> Case:
        rng, today = self.rng, self.today
        phase = _weighted(rng, _PHASES)
        route = _weighted(rng, _ROUTES)
        crisis_case = rng.random() < 0.10
        household = self.household(route)
        groups, reasons = self.target_groups(route, household)

        # help request: recent for early phases (so their terms run now), longer ago later in the route
        ago = {
            Phase.REGISTRATION: (0, 40), Phase.INTAKE: (3, 80), Phase.ACTION_PLAN: (20, 120),
            Phase.WITH_PARTNER: (60, 700), Phase.AFTERCARE: (300, 900), Phase.CLOSED: (20, 1000),
        }[phase]
        if crisis_case and phase == Phase.REGISTRATION:
            ago = (0, 6)
        help_request = today - timedelta(days=rng.randint(*ago))
        crisis = None
        if crisis_case:
            kind = rng.choice(list(CrisisKind)) if rng.random() < 0.4 else rng.choice(
                [CrisisKind.EVICTION, CrisisKind.UTILITY_DISCONNECTION, CrisisKind.HEALTH_INSURANCE_CANCELLED])
            crisis_date = help_request + timedelta(days=rng.randint(5, 45)) if rng.random() < 0.8 else None
            crisis = Crisis(kind, crisis_date)

        first = decision = closing = None
        # the first conversation: none yet in registration, not always in intake (its term runs), not in every
        # closed case (closed without contact); mostly on time, sometimes late (a missed term)
        if phase == Phase.INTAKE:
            has_first = rng.random() >= 0.3
        elif phase == Phase.CLOSED:
            has_first = rng.random() < 0.8
        else:
            has_first = phase != Phase.REGISTRATION
        if has_first:
            limit = 3 if crisis else rng.choice([7, 14, 21, 28, 28, 35, 45])
            first = self.day(help_request, help_request + timedelta(days=limit))
        if phase in (Phase.ACTION_PLAN, Phase.WITH_PARTNER, Phase.AFTERCARE, Phase.CLOSED) and first is not None:
            if phase != Phase.ACTION_PLAN or rng.random() < 0.5:
                if phase != Phase.CLOSED or rng.random() < 0.7:
                    decided = self.day(first, first + timedelta(days=rng.choice([14, 28, 42, 56, 56, 70])))
                    kind = DecisionKind.ADMISSION if phase != Phase.CLOSED or rng.random() < 0.85 \
                        else DecisionKind.REJECTION
                    decision = Decision(decided, kind)
        if phase == Phase.CLOSED:
            last = max(d for d in (help_request, first, decision.date if decision else None) if d is not None)
            reason = ClosingReason.REJECTED if decision and decision.kind == DecisionKind.REJECTION \
                else _weighted(rng, _CLOSINGS)
            if reason == ClosingReason.REJECTED and (decision is None or decision.kind != DecisionKind.REJECTION):
                reason = ClosingReason.NO_LONGER_NEEDED
            closing = Closing(reason, self.day(last, last + timedelta(days=rng.randint(0, 500))))

        partners = self.partners(phase, route)
        elements = self.elements(phase)
        actions = self.actions(phase, partners, closing)
        end = closing.closed_on if closing else today
        journal = tuple(JournalEntry(self.day(help_request, end), rng.choice(_JOURNAL))
                        for _ in range(rng.choices([0, 1, 2, 3], weights=[30, 30, 25, 15])[0]))
        debt = DebtPicture(rng.choice(list(DebtBand)) if phase != Phase.REGISTRATION or rng.random() < 0.3 else None,
                           rng.randint(1, 25) if phase != Phase.REGISTRATION else None)
        return Case(
            household=household, intake_route=route, help_request_date=help_request,
            help_request=rng.choice(_HELP_REQUESTS), phase=phase, target_groups=groups, special_reasons=reasons,
            crisis=crisis, first_conversation_date=first, decision=decision, closing=closing, elements=elements,
            partners=partners, actions=actions, journal=journal, debt=debt,
            registered_on=min(help_request + timedelta(days=rng.randint(0, 2)), today))

    def partners(self, phase: Phase, route: IntakeRoute) -> tuple[CasePartner, ...]:
        rng = self.rng
        chosen: dict[int, CasePartner] = {}
        if phase in (Phase.WITH_PARTNER, Phase.AFTERCARE) or (phase == Phase.CLOSED and rng.random() < 0.5):
            pool = self.entrepreneurs if route == IntakeRoute.ENTREPRENEURS and self.entrepreneurs else self.leading
            if pool:
                lead = rng.choice(pool)
                chosen[lead.id] = CasePartner(lead.id, _ROLE_BY_TYPE.get(lead.type, PartnerRole.OTHER), True)
        if route == IntakeRoute.SOCIAL_WORK and self.social_work:
            referrer = self.social_work[0]
            chosen.setdefault(referrer.id, CasePartner(referrer.id, PartnerRole.REFERRER))
        if self.supporting and phase != Phase.REGISTRATION and rng.random() < 0.35:
            extra = rng.choice(self.supporting)
            chosen.setdefault(extra.id, CasePartner(extra.id, _ROLE_BY_TYPE.get(extra.type, PartnerRole.OTHER)))
        return tuple(chosen.values())

    def elements(self, phase: Phase) -> dict[IntegralElement, ElementStatus]:
        rng = self.rng
        if phase in (Phase.REGISTRATION, Phase.INTAKE):
            return {e: ElementStatus.NOT_STARTED for e in IntegralElement}
        if phase == Phase.ACTION_PLAN:
            options = [ElementStatus.NOT_STARTED, ElementStatus.IN_PROGRESS, ElementStatus.NOT_NEEDED]
        elif phase == Phase.WITH_PARTNER:
            options = [ElementStatus.IN_PROGRESS, ElementStatus.IN_PROGRESS, ElementStatus.DONE,
                       ElementStatus.NOT_NEEDED]
        else:
            options = [ElementStatus.DONE, ElementStatus.DONE, ElementStatus.IN_PROGRESS, ElementStatus.NOT_NEEDED]
        return {e: rng.choice(options) for e in IntegralElement}

    def actions(self, phase: Phase, partners: tuple[CasePartner, ...], closing: Closing | None) -> tuple:
        rng, today = self.rng, self.today
        count = rng.choices([0, 1, 2, 3, 4], weights=[15, 30, 30, 15, 10])[0]
        out = []
        for _ in range(count):
            owner = rng.choices([ActionOwner.SELF, ActionOwner.PARTNER, ActionOwner.RESIDENT],
                                weights=[50, 30 if partners else 0, 20])[0]
            partner_id = rng.choice(partners).partner_id if owner == ActionOwner.PARTNER else None
            text = rng.choice({ActionOwner.SELF: _ACTIONS_SELF, ActionOwner.PARTNER: _ACTIONS_PARTNER,
                               ActionOwner.RESIDENT: _ACTIONS_RESIDENT}[owner])
            due = today + timedelta(days=rng.randint(-20, 30)) if rng.random() < 0.9 else None
            if closing is not None or rng.random() < 0.3:
                status = ActionStatus.DONE if rng.random() < 0.8 else ActionStatus.CANCELLED
                end = closing.closed_on if closing else today
                if due is not None and due > end:
                    due = end
                done_on = self.day(end - timedelta(days=30), end) if status == ActionStatus.DONE else None
                out.append(Action(text, owner, partner_id, due, status, done_on))
            else:
                out.append(Action(text, owner, partner_id, due))
        return tuple(out)


def generate_cases(count: int, *, today: date, partners: Sequence[Partner] = (),
                   seed: int = DEFAULT_SEED) -> list[Case]:
    """`count` fictitious cases as of `today`, ordered by registration date (so case numbers rise with time).
    `partners`: the register's partners (their ids end up on the cases); none = cases without partners."""
    if count < 0:
        raise ValueError("count must be 0 or more")
    generator = _Generator(random.Random(seed), today, partners)
    cases = [generator.case() for _ in range(count)]
    cases.sort(key=lambda c: c.registered_on or today)
    return cases
