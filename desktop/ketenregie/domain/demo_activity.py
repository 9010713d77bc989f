"""Synthetic, clearly fictitious activity around demo cases (seeded: the same seed and cases give the same plan):
casuïstiekoverleggen with agendas and minutes, conversations with bridge placements, goals and steps, and
referrals with their recorded sharing basis — so every view of a demo register shows something.

This module only plans: it returns value objects that demo.py stores through the existing repositories and
services (so every rule and audit entry of the real app applies). It is scaled modestly and capped
(`MAX_CONVERSATION_CASES`, `MAX_REFERRAL_CASES`, five meetings), so a demo of 10,000 cases stays quick.

Fictitious by construction: every text comes from the fixed tables below (no names, no numbers that look like a
BSN, IBAN or case number); the coordinator is "Demi Voorbeeldt", a made-up name from FICTITIOUS_SURNAMES;
places are marked "(demo)"; phone numbers are all zeros and e-mail is at example.org.

Pure domain: no Qt, no database.
"""
from __future__ import annotations

import random
from collections.abc import Mapping, Sequence
from dataclasses import dataclass, field
from datetime import date, datetime, time, timedelta

from ketenregie.domain.cases import ActionOwner, Partner, PartnerType, Phase
from ketenregie.domain.consent import BasisKind, ConsentForm
from ketenregie.domain.conversations import ConversationKind, Goal, GoalStep, Stage
from ketenregie.domain.meetings import (AgendaItem, CaseMeeting, ItemRecord, MeetingKind, MeetingStatus,
                                        NamedDiscussionConsent, Participant, ParticipantRole, RecordKind,
                                        Recurrence, Series)
from ketenregie.domain.pseudonyms import LETTERS, PREFIX, PseudonymStyle
from ketenregie.domain.referral import Agreement, AgreementOwner, ArrearsItem, ReferralContent

MAX_CONVERSATION_CASES = 40
MAX_REFERRAL_CASES = 20
CONVERSATION_SHARE = 0.10  # of the open cases
REFERRAL_SHARE = 0.05
UPCOMING_MEETINGS = 3
PAST_MEETINGS = 2
MEETING_MARKS = 2  # cases marked "voor overleg" but not yet on an agenda
DRAFTS = 1

COORDINATOR_NAME = "Demi Voorbeeldt"  # fictitious (its surname is in FICTITIOUS_SURNAMES)
COORDINATOR_PHONE = "000-0000000"
COORDINATOR_EMAIL = "ketenregisseur.demo@example.org"
COORDINATOR_FUNCTION = "Ketenregisseur schuldhulpverlening (demo)"
DEMO_MARKER = "(demo)"

_MEETING_CHAIR = "Teamleider schuldhulpverlening (demo)"
_SERIES_TITLE = "Casuïstiekoverleg schuldhulp (demo)"
_MEETING_PURPOSE = "Vastgelopen casussen samen vlot trekken: per casus één eigenaar en een volgende stap."
_LOCATIONS = ("Gemeentehuis (demo), vergaderzaal 2", "Wijkcentrum (demo), zaal De Brug")
_ONLINE = "Online via de vaste vergaderlink van het team (demo)"
_QUESTIONS = (
    "Welke partner kan de budgetbegeleiding oppakken?",
    "Is een saneringskrediet haalbaar, en wie vraagt het aan?",
    "Hoe voorkomen we dat de woning wordt ontruimd?",
    "Wie neemt de regie op de zorgvraag naast de schulden?",
    "Kan het beslag op het inkomen worden herzien?",
    "Hoe krijgen we weer contact met de inwoner?",
    "Is beschermingsbewind nodig, of volstaat begeleiding?",
    "Welke stap is nu het belangrijkst voor het huishouden?",
)
_DISCUSSION = (
    "Het huishouden heeft meerdere achterstanden; de vaste lasten zijn nog niet op orde.",
    "De inwoner is gemotiveerd, maar het openen van de post blijft lastig.",
    "Er lopen gesprekken met twee schuldeisers; één reageert nog niet.",
    "De zorgvraag staat het traject nu in de weg.",
)
_AGREEMENTS = (
    "De ketenregisseur blijft het vaste aanspreekpunt voor de inwoner.",
    "Partners stemmen contact met de inwoner eerst af met de ketenregisseur.",
    "De casus komt over zes weken terug op de agenda.",
    "Eerst de vaste lasten stabiliseren, daarna een regeling.",
)
_MEETING_ACTIONS = {
    ActionOwner.SELF: ("Warme overdracht regelen met de partner", "Huisbezoek samen met de partner plannen"),
    ActionOwner.PARTNER: ("Intakegesprek plannen en terugkoppelen", "Voorstel aan de schuldeisers voorbereiden"),
    ActionOwner.RESIDENT: ("Post van de afgelopen maanden verzamelen", "Afspraak met de budgetcoach maken"),
}
_CONSENT_SCOPE = "Bespreking met naam in dit casuïstiekoverleg, met de genoemde deelnemers."

_PARTICIPANTS = (("u",), ("u", "uw partner"), ("u", "uw zus"), ("u", "een vrijwilliger van de thuisadministratie"))
_DOCUMENTS = ("Loonstroken van de laatste drie maanden", "Post van deze maand", "Huurcontract",
              "Overzicht van de toeslagen", "Bankafschriften van de laatste maand")
_APPOINTMENT_PLACE = "Gemeentehuis (demo), spreekkamer 3"
_GOALS: Mapping[str, tuple[tuple[str, tuple[str, ...]], ...]] = {
    "financial_management": (
        ("Overzicht krijgen in de rekeningen", ("De post van deze maand samen openen", "Een map maken voor de post")),
        ("De vaste lasten op tijd betalen", ("Automatische betaling van de huur regelen",
                                             "Het budgetplan samen doorlopen")),
    ),
    "family_stability": (
        ("In de woning kunnen blijven", ("De betalingsregeling met de verhuurder bespreken",
                                         "Het huurbewijs meenemen naar het volgende gesprek")),
    ),
    "well_being": (
        ("Weer wat meer rust ervaren", ("Een afspraak maken met de huisarts", "Eén keer per week wandelen")),
    ),
    "education": (
        ("Brieven beter kunnen lezen", ("Aanmelden bij het taalcafé in de bibliotheek",)),
    ),
    "employment": (
        ("Een stabieler inkomen hebben", ("Toeslagen controleren met de vrijwilliger",
                                          "Een gesprek met werk en inkomen plannen")),
    ),
}
_PARTNER_STEPS = ("Contact opnemen met de inwoner", "Het schuldenoverzicht compleet maken")

_ARREARS = ("Woningcorporatie (huur)", "Energieleverancier", "Zorgverzekeraar", "Waterbedrijf",
            "Gemeentelijke belastingen")
_STEPS_TAKEN = (
    "Eerste gesprek gevoerd en de post samen geordend.",
    "Vaste lasten in kaart gebracht; de huurachterstand is besproken met de verhuurder.",
    "Inkomen gecontroleerd; toeslagen zijn aangevraagd.",
)
_REFERRAL_AGREEMENTS = (
    ("Neemt binnen twee weken contact op met de inwoner", AgreementOwner.PARTNER),
    ("Verzamelt de post en de loonstroken", AgreementOwner.RESIDENT),
    ("Blijft aanspreekpunt en belt na de intake", AgreementOwner.COORDINATOR),
)
_ATTACHMENTS = ("Overzicht van de schuldeisers", "Budgetoverzicht")

# Partner types that take part in the meetings, in order of preference.
_MEETING_PARTNER_TYPES = (PartnerType.DEBT_HELP, PartnerType.SOCIAL_WORK, PartnerType.CREDIT_BANK,
                          PartnerType.MUNICIPAL_TEAM, PartnerType.ADMINISTRATOR, PartnerType.CARE)

# Every free text the plan can contain (for tests: none of it may look identifying).
ALL_TEXTS: tuple[str, ...] = (
    _MEETING_CHAIR, _SERIES_TITLE, _MEETING_PURPOSE, *_LOCATIONS, _ONLINE, *_QUESTIONS, *_DISCUSSION, *_AGREEMENTS,
    *(t for texts in _MEETING_ACTIONS.values() for t in texts), _CONSENT_SCOPE,
    *(p for group in _PARTICIPANTS for p in group), *_DOCUMENTS, _APPOINTMENT_PLACE,
    *(t for goals in _GOALS.values() for g, steps in goals for t in (g, *steps)), *_PARTNER_STEPS, *_ARREARS,
    *_STEPS_TAKEN, *(t for t, _ in _REFERRAL_AGREEMENTS), *_ATTACHMENTS, COORDINATOR_NAME, COORDINATOR_FUNCTION,
)


# --- inputs and the plan ----------------------------------------------------------------------------------------

@dataclass(frozen=True, slots=True)
class DemoCase:
    """What the planner needs of a stored demo case (no name, no contact details)."""

    case_id: int
    case_number: str
    phase: Phase
    help_request_date: date
    first_conversation_date: date | None = None
    partner_ids: tuple[int, ...] = ()  # the lead first
    is_closed: bool = False


@dataclass(frozen=True)
class MeetingPlan:
    meeting: CaseMeeting  # items carry case_id, pseudonym and question; the summary is generated when stored
    held: bool  # held meetings get their records and then final minutes
    records: tuple[tuple[int, ItemRecord], ...] = ()  # (agenda item index, record)


@dataclass(frozen=True)
class ConversationPlan:
    case_number: str
    kind: ConversationKind
    held_on: date
    participants: tuple[str, ...]
    placements: Mapping[str, int]
    goals: tuple[Goal, ...] = ()
    recognise: int = 0  # how many open steps of earlier conversations the resident achieved
    documents: tuple[str, ...] = ()
    next_appointment: datetime | None = None
    next_appointment_place: str = ""
    finish: bool = True  # False: left as a draft
    stage: Stage = Stage.FINISH


@dataclass(frozen=True)
class ReferralPlan:
    case_number: str
    partner_id: int
    basis_kind: BasisKind
    form: ConsentForm | None
    given_on: date
    letter_date: date
    content: ReferralContent
    resident_copy: bool


@dataclass(frozen=True)
class DemoActivity:
    meetings: tuple[MeetingPlan, ...] = ()
    marks: tuple[tuple[str, str], ...] = ()  # (case number, question) marked "voor overleg"
    conversations: tuple[ConversationPlan, ...] = ()
    referrals: tuple[ReferralPlan, ...] = field(default_factory=tuple)


def activity_sizes(open_cases: int) -> tuple[int, int]:
    """(cases with conversations, cases with a referral) for this many open cases: ~10% and ~5%, at least one
    each when there is an open case, capped so a large demo stays quick."""
    if open_cases <= 0:
        return 0, 0
    conversations = min(MAX_CONVERSATION_CASES, max(1, round(open_cases * CONVERSATION_SHARE)))
    referrals = min(MAX_REFERRAL_CASES, max(1, round(open_cases * REFERRAL_SHARE)))
    return conversations, referrals


# --- the planner ------------------------------------------------------------------------------------------------

class _Planner:
    def __init__(self, rng: random.Random, today: date, partners: Sequence[Partner],
                 sub_areas: Mapping[str, Sequence[str]]) -> None:
        self.rng = rng
        self.today = today
        self.partners = {p.id: p for p in partners}
        self.sub_areas = sub_areas  # pillar id -> sub-area ids

    def day(self, lo: date, hi: date) -> date:
        if hi <= lo:
            return lo
        return lo + timedelta(days=self.rng.randint(0, (hi - lo).days))

    # --- meetings ---
    def participants(self) -> tuple[Participant, ...]:
        out = [Participant("Gemeente, schuldhulpverlening (demo)", ParticipantRole.CHAIR, key=self.key())]
        chosen: list[Partner] = []
        for kind in _MEETING_PARTNER_TYPES:
            chosen += [p for p in self.partners.values() if p.type == kind][:1]
        for partner in chosen[:4]:
            out.append(Participant(partner.name, ParticipantRole.MEMBER, partner.id, key=self.key()))
        out.append(Participant("Gemeente, team schuldhulp (demo)", ParticipantRole.MINUTE_TAKER, key=self.key()))
        if not chosen:
            out.append(Participant("Wijkteam (demo)", ParticipantRole.MEMBER, key=self.key()))
        return tuple(out)

    def key(self) -> str:
        return f"{self.rng.getrandbits(64):016x}"

    def meetings(self, open_cases: Sequence[DemoCase]) -> tuple[tuple[MeetingPlan, ...], set[str]]:
        rng, today = self.rng, self.today
        if not open_cases:
            return (), set()
        # a fixed weekday (Tuesday) every two weeks: the next one from tomorrow on, two before it held
        first = today + timedelta(days=1)
        first += timedelta(days=(1 - first.weekday()) % 7)
        series = Series(Recurrence.BIWEEKLY, _SERIES_TITLE)
        starts = [first - timedelta(days=14 * n) for n in range(PAST_MEETINGS, 0, -1)]
        starts += [first + timedelta(days=14 * n) for n in range(UPCOMING_MEETINGS)]
        plans, on_agenda = [], set()
        for index, day in enumerate(starts):
            held = day < today
            participants = self.participants()
            count = min(len(open_cases), rng.randint(3, 5))
            cases = rng.sample(list(open_cases), count)
            letters = rng.sample(LETTERS, count)
            items = []
            for n, (case, letter) in enumerate(zip(cases, letters)):
                consent = None
                if held and n == 0:
                    consent = NamedDiscussionConsent(day - timedelta(days=rng.randint(1, 10)), _CONSENT_SCOPE,
                                                     frozenset(p.key for p in participants))
                items.append(AgendaItem(f"{PREFIX} {letter}", rng.choice(_QUESTIONS), summary_final=held,
                                        time_box_minutes=rng.choice([10, 15, 15, 20]), consent=consent,
                                        case_id=case.case_id))
                on_agenda.add(case.case_number)
            location = _ONLINE if index % 3 == 2 else _LOCATIONS[index % 2]
            meeting = CaseMeeting(
                starts_at=datetime.combine(day, time(9, 30)), purpose=_MEETING_PURPOSE, chair=_MEETING_CHAIR,
                location=location, online=location == _ONLINE, duration_minutes=90, kind=MeetingKind.WITH_PARTNERS,
                status=MeetingStatus.PLANNED, pseudonym_style=PseudonymStyle.LETTERS, participants=participants,
                items=tuple(items), series=series)
            records = self.records(meeting, participants) if held else ()
            plans.append(MeetingPlan(meeting, held, records))
        return tuple(plans), on_agenda

    def records(self, meeting: CaseMeeting, participants: Sequence[Participant]) -> tuple:
        rng = self.rng
        partner_ids = [p.partner_id for p in participants if p.partner_id is not None]
        out = []
        for index, _item in enumerate(meeting.items):
            out.append((index, ItemRecord(RecordKind.DISCUSSION, rng.choice(_DISCUSSION))))
            out.append((index, ItemRecord(RecordKind.AGREEMENT, rng.choice(_AGREEMENTS))))
            if rng.random() < 0.8:
                owners = [ActionOwner.SELF, ActionOwner.RESIDENT] + ([ActionOwner.PARTNER] if partner_ids else [])
                owner = rng.choice(owners)
                out.append((index, ItemRecord(
                    RecordKind.ACTION, rng.choice(_MEETING_ACTIONS[owner]), owner,
                    rng.choice(partner_ids) if owner == ActionOwner.PARTNER else None,
                    meeting.date + timedelta(days=rng.choice([14, 21, 28, 42])))))
        return tuple(out)

    # --- conversations ---
    def conversations(self, cases: Sequence[DemoCase]) -> list[ConversationPlan]:
        out: list[ConversationPlan] = []
        for case in cases:
            out += self.case_conversations(case)
        return out

    def case_conversations(self, case: DemoCase) -> list[ConversationPlan]:
        rng, today = self.rng, self.today
        start = min(case.first_conversation_date or case.help_request_date, today)
        span = (today - start).days
        count = 1 if span < 14 else rng.choice([1, 2, 2, 3]) if span < 120 else rng.choice([2, 3, 3])
        days = sorted({start, *(self.day(start + timedelta(days=7), today) for _ in range(count - 1))})
        base = {sub: rng.randint(1, 3) for subs in self.sub_areas.values() for sub in subs}
        skipped = set(rng.sample(sorted(base), rng.randint(0, 2)))
        out = []
        for n, held_on in enumerate(days):
            last = n == len(days) - 1
            kind = (ConversationKind.INTAKE if n == 0 else
                    ConversationKind.AFTERCARE if last and case.phase == Phase.AFTERCARE else ConversationKind.PROGRESS)
            if n:
                base = {sub: min(5, step + rng.choice([0, 0, 1, 1, 2])) for sub, step in base.items()}
            placements = {sub: step for sub, step in base.items() if n or sub not in skipped}
            goals = self.goals(case, held_on) if kind.needs_goals else ()
            appointment = None
            if last:
                appointment = datetime.combine(today + timedelta(days=rng.randint(7, 28)), time(rng.choice([9, 10,
                                                                                                            14]), 0))
            out.append(ConversationPlan(
                case.case_number, kind, held_on, rng.choice(_PARTICIPANTS), placements, goals,
                recognise=rng.randint(1, 2) if n else 0,
                documents=tuple(rng.sample(_DOCUMENTS, rng.randint(0, 2))), next_appointment=appointment,
                next_appointment_place=_APPOINTMENT_PLACE if appointment else ""))
        return out

    def goals(self, case: DemoCase, held_on: date) -> tuple[Goal, ...]:
        rng = self.rng
        pillars = [p for p in self.sub_areas if p in _GOALS] or list(_GOALS)
        out = []
        for pillar in rng.sample(pillars, min(len(pillars), rng.choice([1, 2, 2]))):
            text, step_texts = rng.choice(_GOALS[pillar])
            steps = [GoalStep(s, rng.choice([ActionOwner.RESIDENT, ActionOwner.RESIDENT, ActionOwner.SELF]),
                              held_on + timedelta(days=rng.choice([7, 14, 21, 28])))
                     for s in step_texts[:rng.randint(1, len(step_texts))]]
            if case.partner_ids and pillar == "financial_management" and rng.random() < 0.6:
                steps.append(GoalStep(rng.choice(_PARTNER_STEPS), ActionOwner.PARTNER,
                                      held_on + timedelta(days=14), partner_id=case.partner_ids[0]))
            out.append(Goal(text, pillar if pillar in self.sub_areas else None, tuple(steps[:3])))
        return tuple(out)

    def draft(self, case: DemoCase) -> ConversationPlan:
        rng = self.rng
        subs = [sub for subs in self.sub_areas.values() for sub in subs]
        placements = {sub: rng.randint(1, 4) for sub in subs[:rng.randint(2, max(2, len(subs) // 2))]}
        return ConversationPlan(case.case_number, ConversationKind.PROGRESS, self.today, rng.choice(_PARTICIPANTS),
                                placements, finish=False, stage=Stage.BRIDGE)

    # --- referrals ---
    def referral(self, case: DemoCase, partner_id: int, bases: frozenset[BasisKind]) -> ReferralPlan:
        rng, today = self.rng, self.today
        kind = BasisKind.WGS_TASK if BasisKind.WGS_TASK in bases and (
            BasisKind.CONSENT not in bases or rng.random() < 0.4) else BasisKind.CONSENT
        form = rng.choice([ConsentForm.ORAL, ConsentForm.WRITTEN]) if kind == BasisKind.CONSENT else None
        given_on = self.day(max(case.help_request_date, today - timedelta(days=90)), today)
        letter_date = self.day(given_on, min(today, given_on + timedelta(days=7)))
        arrears = tuple(ArrearsItem(creditor, rng.randint(60, 3200) * 100 + rng.choice([0, 50]),
                                    letter_date - timedelta(days=rng.randint(60, 400)))
                        for creditor in rng.sample(_ARREARS, rng.randint(1, 3)))
        agreements = tuple(Agreement(text, owner, letter_date + timedelta(days=rng.choice([7, 14, 21])))
                           for text, owner in rng.sample(_REFERRAL_AGREEMENTS, rng.randint(1, 3)))
        content = ReferralContent(arrears=arrears, steps_taken=rng.choice(_STEPS_TAKEN), agreements=agreements,
                                  check_back_date=letter_date + timedelta(days=rng.choice([14, 21, 28])),
                                  attachments=tuple(rng.sample(_ATTACHMENTS, rng.randint(0, 2))))
        return ReferralPlan(case.case_number, partner_id, kind, form, given_on, letter_date, content,
                            resident_copy=rng.random() < 0.7)


def generate_activity(cases: Sequence[DemoCase], *, today: date, partners: Sequence[Partner] = (),
                      sub_areas: Mapping[str, Sequence[str]] | None = None,
                      referral_bases: Mapping[PartnerType, frozenset[BasisKind]] | None = None,
                      seed: int = 0) -> DemoActivity:
    """The activity for these stored demo cases as of `today`.

    `sub_areas`: the active bridge's pillar id -> sub-area ids (placements use them); `referral_bases`: per partner
    type the bases its recipient profile allows (types without a profile get no referral)."""
    rng = random.Random(seed)
    sub_areas = dict(sub_areas or {})
    referral_bases = dict(referral_bases or {})
    planner = _Planner(rng, today, partners, sub_areas)
    open_cases = sorted((c for c in cases if not c.is_closed and c.phase != Phase.CLOSED),
                        key=lambda c: c.case_number)
    if not open_cases:
        return DemoActivity()
    n_conversations, n_referrals = activity_sizes(len(open_cases))
    meetings, on_agenda = planner.meetings(open_cases)
    markable = [c for c in open_cases if c.case_number not in on_agenda]
    marks = tuple((c.case_number, rng.choice(_QUESTIONS))
                  for c in rng.sample(markable, min(MEETING_MARKS, len(markable))))

    talking = [c for c in open_cases if c.phase != Phase.REGISTRATION
               and (c.phase != Phase.INTAKE or c.first_conversation_date is not None)] if sub_areas else []
    chosen = rng.sample(talking, min(n_conversations, len(talking)))
    conversations = planner.conversations(sorted(chosen, key=lambda c: c.case_number))
    rest = [c for c in open_cases if c not in chosen and c.phase != Phase.CLOSED]
    conversations += [planner.draft(c) for c in rng.sample(rest, min(DRAFTS, len(rest))) if sub_areas]

    partner_types = {p.id: p.type for p in partners}
    referable = [(c, pid) for c in open_cases for pid in c.partner_ids[:1]
                 if referral_bases.get(partner_types.get(pid))]
    picked = rng.sample(referable, min(n_referrals, len(referable)))
    referrals = tuple(planner.referral(c, pid, referral_bases[partner_types[pid]])
                      for c, pid in sorted(picked, key=lambda x: x[0].case_number))
    return DemoActivity(meetings, marks, tuple(conversations), referrals)
