"""Inzage (AVG art. 15): everything the register holds about one case, as a report for the resident.

`build_inzage(data, catalogue, made_on)` turns what the register holds (`InzageData`) into an `InzageReport`: a
short introduction and sections of rows, in B1 Dutch. The PDF (documents/inzage_pdf.py) and the JSON file
(`InzageReport.to_json`) are two renderings of the SAME report object, so they cannot disagree.

Sections: what we keep, why and how long (every catalogued field of a case, with its value where it is one value,
its purpose and its retention from the privacy catalogue); journal; actions; conversations with the bridge;
referrals (what was shared with whom, on which basis); consents and other bases; meetings where the case was
discussed (date and the pseudonym used there); and how often and when the case was viewed, printed or exported
(from the audit log). Corrections (AVG art. 16) show as "gecorrigeerd op".

Pure domain: no Qt, no database.
"""
from __future__ import annotations

from collections import Counter
from collections.abc import Mapping, Sequence
from dataclasses import dataclass, field
from datetime import date, datetime
from typing import Any

from ketenregie.domain.audit import AuditAction
from ketenregie.domain.bridge import Bridge
from ketenregie.domain.cases import Case, IntegralElement
from ketenregie.domain.consent import SharingBasis
from ketenregie.domain.conversations import Conversation
from ketenregie.domain.privacy_catalogue import PrivacyCatalogue
from ketenregie.domain.referral import ReferralRecord
from ketenregie.domain.referral_fields import FIELDS_BY_ID, labels_nl
from ketenregie.domain.retention import RetentionTerms, add_years

DOCUMENT_KIND = "inzage"
JSON_FORMAT = "ketenregie-inzage/1"

# Which section a catalogued table's data appears in (tables not listed hold no data about a resident's case).
_TABLE_SECTION = {
    "actions": "actions", "journal_entries": "journal",
    "conversations": "conversations", "conversation_checklist": "conversations",
    "conversation_bridge": "conversations", "conversation_goals": "conversations",
    "conversation_goal_steps": "conversations", "conversation_recognitions": "conversations",
    "referrals": "referrals", "sharing_bases": "bases",
    "meetings": "meetings", "agenda_items": "meetings", "agenda_item_records": "meetings",
    "agenda_item_consent_participants": "meetings", "case_meeting_marks": "meetings",
    "audit_log": "views", "audit_subjects": "views",
}
_OWN_TABLES = ("cases", "households", "case_target_groups", "case_partners")
# Audit actions the resident is told about, with B1 wording.
_SEEN = {
    AuditAction.VIEW.value: "Bekeken",
    AuditAction.PRINT.value: "Afgedrukt of als PDF gemaakt",
    AuditAction.EXPORT.value: "Meegegeven in een bestand (brief, inzage)",
    AuditAction.UPDATE.value: "Gewijzigd",
    AuditAction.CREATE.value: "Vastgelegd",
    AuditAction.CORRECT.value: "Gecorrigeerd op uw verzoek",
}


@dataclass(frozen=True)
class MeetingMention:
    """The case on the agenda of a casuïstiekoverleg: when, under which pseudonym, named or anonymous."""

    starts_at: datetime
    pseudonym: str
    named: bool
    question: str = ""


@dataclass(frozen=True)
class AuditEvent:
    at: datetime
    action: str


@dataclass(frozen=True)
class InzageData:
    case: Case
    partner_names: Mapping[int, str] = field(default_factory=dict)
    conversations: Sequence[Conversation] = ()
    bases: Sequence[SharingBasis] = ()
    referrals: Sequence[ReferralRecord] = ()
    meetings: Sequence[MeetingMention] = ()
    audit_events: Sequence[AuditEvent] = ()
    corrections: Mapping[tuple[str, int], datetime] = field(default_factory=dict)  # ("journal", id) -> when
    bridge: Bridge | None = None

    def __repr__(self) -> str:  # never content
        return f"InzageData({self.case.case_number})"


@dataclass(frozen=True)
class Section:
    id: str
    title: str
    explanation: str
    columns: tuple[str, ...]
    rows: tuple[tuple[str, ...], ...]
    empty: str = "Hierover hebben wij niets vastgelegd."


@dataclass(frozen=True)
class InzageReport:
    case_number: str
    made_on: date
    introduction: tuple[str, ...]
    sections: tuple[Section, ...]

    def __repr__(self) -> str:
        return f"InzageReport({self.case_number}, sections={len(self.sections)})"

    def section(self, section_id: str) -> Section:
        return next(s for s in self.sections if s.id == section_id)

    @property
    def item_count(self) -> int:
        return sum(len(s.rows) for s in self.sections)

    def to_json(self) -> dict[str, Any]:
        """The same data as the PDF, as plain JSON (UTF-8, Dutch keys for the resident's own reading)."""
        return {
            "formaat": JSON_FORMAT,
            "casusnummer": self.case_number,
            "gemaakt_op": self.made_on.isoformat(),
            "uitleg": list(self.introduction),
            "onderdelen": [
                {"id": s.id, "titel": s.title, "uitleg": s.explanation,
                 "regels": [dict(zip(s.columns, row)) for row in s.rows]}
                for s in self.sections],
        }


def nl_date(value: date | datetime | None) -> str:
    if value is None:
        return ""
    if isinstance(value, datetime):
        return value.strftime("%d-%m-%Y %H:%M")
    return value.strftime("%d-%m-%Y")


def _yes(value: bool) -> str:
    return "ja" if value else "nee"


# --- building ---------------------------------------------------------------------------------------------------

def build_inzage(data: InzageData, catalogue: PrivacyCatalogue, made_on: date,
                 terms: RetentionTerms = RetentionTerms()) -> InzageReport:
    case = data.case
    if not case.case_number:
        raise ValueError("inzage needs a saved case")
    intro = (
        "Dit is een overzicht van alles wat wij over u hebben vastgelegd. "
        f"Het hoort bij casus {case.case_number}. Wij hebben het gemaakt op {nl_date(made_on)}.",
        "U hebt recht op dit overzicht (AVG artikel 15). Klopt er iets niet? Dan mag u vragen om het te "
        "verbeteren (artikel 16). U mag ook vragen om gegevens te wissen (artikel 17). Vraag het aan uw "
        "contactpersoon.",
        "Wij gebruiken uw gegevens om u te helpen met uw schulden. Dat is een taak van de gemeente. "
        "Wij delen alleen iets met een andere partij als daar een reden voor is. Of als u toestemming gaf. "
        "Hieronder ziet u ook met wie wij iets deelden.",
    )
    sections = (
        _fields_section(data, catalogue, terms),
        _journal_section(data),
        _actions_section(data),
        _conversations_section(data),
        _referrals_section(data),
        _bases_section(data),
        _meetings_section(data),
        _views_section(data),
    )
    return InzageReport(case.case_number, made_on, intro, sections)


def _own_values(data: InzageData) -> dict[str, str]:
    case, h = data.case, data.case.household
    names = data.partner_names
    return {
        "cases.case_number": case.case_number or "",
        "cases.registered_on": nl_date(case.registered_on),
        "cases.phase": case.phase.label_nl,
        "cases.intake_route": case.intake_route.label_nl,
        "cases.help_request_date": nl_date(case.help_request_date),
        "cases.help_request": case.help_request,
        "cases.crisis_kind": case.crisis.kind.label_nl if case.crisis else "",
        "cases.crisis_date": nl_date(case.crisis.date) if case.crisis else "",
        "cases.first_conversation_date": nl_date(case.first_conversation_date),
        "cases.decision_date": nl_date(case.decision.date) if case.decision else "",
        "cases.decision_kind": case.decision.kind.label_nl if case.decision else "",
        "cases.closing_reason": case.closing.reason.label_nl if case.closing else "",
        "cases.closed_on": nl_date(case.closing.closed_on) if case.closing else "",
        "cases.element_debt_settlement": case.element_status(IntegralElement.DEBT_SETTLEMENT).label_nl,
        "cases.element_personal_support": case.element_status(IntegralElement.PERSONAL_SUPPORT).label_nl,
        "cases.element_self_reliance": case.element_status(IntegralElement.SELF_RELIANCE).label_nl,
        "cases.debt_band": case.debt.band.label_nl if case.debt.band else "",
        "cases.creditor_count": "" if case.debt.creditor_count is None else str(case.debt.creditor_count),
        "households.name": h.name,
        "households.date_of_birth": nl_date(h.date_of_birth),
        "households.contact_channel": h.contact_channel.label_nl if h.contact_channel else "",
        "households.phone": h.phone or "",
        "households.email": h.email or "",
        "households.postcode": h.postcode or "",
        "households.house_number": h.house_number or "",
        "households.adults": str(h.adults),
        "households.children": str(h.children),
        "case_target_groups.target_group": ", ".join(sorted(g.label_nl for g in case.target_groups)),
        "case_target_groups.reason": "; ".join(f"{g.label_nl}: {r}" for g, r in case.special_reasons.items() if r),
        "case_partners.partner_id": ", ".join(names.get(p.partner_id, "") for p in case.partners),
        "case_partners.role": ", ".join(p.role.label_nl for p in case.partners),
        "case_partners.leads": ", ".join(names.get(p.partner_id, "") for p in case.partners if p.leads),
    }


def _retention_text(catalogue: PrivacyCatalogue, rule_id: str, case: Case, terms: RetentionTerms) -> str:
    rule = catalogue.retention_rules[rule_id]
    if not rule.rules:
        return rule.term
    # the case file: the term that applies to this case, in the years IT policy set (domain/retention.py)
    if case.closing is not None:
        years = terms.case_years_for(case.closing.reason.retention)
        until = add_years(case.closing.closed_on, years)
        return f"Tot {nl_date(until)} ({years} jaar na het sluiten van uw casus)."
    return (f"Zolang u hulp krijgt. Daarna nog {terms.case_years} jaar; {terms.aborted_case_years} jaar als de hulp "
            "stopte zonder afspraak of contact.")


def _fields_section(data: InzageData, catalogue: PrivacyCatalogue, terms: RetentionTerms) -> Section:
    values = _own_values(data)
    titles = _SECTION_TITLES
    rows = []
    for item in catalogue.fields:
        if item.table in _OWN_TABLES:
            value = values.get(item.key, "")
            value = value if value else "(niet ingevuld)"
        elif item.table in _TABLE_SECTION:
            value = f"Zie '{titles[_TABLE_SECTION[item.table]]}'"
        else:
            continue  # not about a resident's case (the partner list, the coordinator's own details)
        rows.append((item.label, value, item.purpose, _retention_text(catalogue, item.retention, data.case, terms)))
    return Section("fields", _SECTION_TITLES["fields"],
                   "Per gegeven ziet u wat wij hebben. En waarom wij het nodig hebben, en hoe lang wij het bewaren.",
                   ("Gegeven", "Wat wij hebben", "Waarom", "Hoe lang"), tuple(rows))


_SECTION_TITLES = {
    "fields": "Wat wij van u bewaren, waarom en hoe lang",
    "journal": "Journaal (korte notities)",
    "actions": "Acties (wie doet wat)",
    "conversations": "Gesprekken en de brug naar zelfredzaamheid",
    "referrals": "Verwijzingen: wat wij deelden, met wie en waarom",
    "bases": "Toestemming en andere redenen om te delen",
    "meetings": "Overleggen waarin uw situatie is besproken",
    "views": "Wie uw casus bekeek of afdrukte",
}


def _corrected(data: InzageData, kind: str, row_id: int | None) -> str:
    at = data.corrections.get((kind, row_id)) if row_id is not None else None
    return f"gecorrigeerd op {nl_date(at.date())}" if at else ""


def _journal_section(data: InzageData) -> Section:
    rows = tuple((nl_date(j.entry_date), j.text, _corrected(data, "journal", j.id))
                 for j in sorted(data.case.journal, key=lambda j: (j.entry_date, j.id or 0)))
    return Section("journal", _SECTION_TITLES["journal"],
                   "Korte notities over uw situatie en wat er gebeurde.",
                   ("Datum", "Notitie", "Verbeterd"), rows)


def _actions_section(data: InzageData) -> Section:
    names = data.partner_names
    rows = tuple((a.description,
                  names.get(a.partner_id, "") if a.partner_id is not None else a.owner.label_nl,
                  nl_date(a.due), a.status.label_nl + (f" ({nl_date(a.done_on)})" if a.done_on else ""),
                  _corrected(data, "action", a.id))
                 for a in data.case.actions)
    return Section("actions", _SECTION_TITLES["actions"], "Afspraken over wie wat doet, en wanneer.",
                   ("Actie", "Wie", "Uiterlijk", "Stand", "Verbeterd"), rows)


def _conversations_section(data: InzageData) -> Section:
    rows = []
    for c in sorted(data.conversations, key=lambda c: (c.held_on, c.id or 0)):
        goals = "; ".join(g.text + (" — stappen: " + ", ".join(s.description for s in g.steps) if g.steps else "")
                          for g in c.goals if g.text or g.steps)
        bridge = "; ".join(
            f"{(data.bridge.sub_area(sub).label if data.bridge and data.bridge.sub_area(sub) else sub)}: "
            f"trede {step}" for sub, step in sorted(c.placements.items()))
        notes = "; ".join(t.note for t in c.ticks.values() if t.note)
        status = "afgerond" if not c.is_draft else "nog niet afgerond (concept)"
        rows.append((nl_date(c.held_on), c.kind.label_nl, status, ", ".join(c.participants), goals, bridge, notes,
                     ", ".join(c.documents)))
    return Section("conversations", _SECTION_TITLES["conversations"],
                   "Uw gesprekken met ons: wie erbij waren en wat uw doelen en stappen zijn. En waar u stond op "
                   "de brug.",
                   ("Datum", "Soort", "Stand", "Wie waren erbij", "Doelen en stappen", "Brug", "Notities",
                    "Meenemen"), tuple(rows))


def _fields_text(ids) -> str:
    known = [i for i in ids if i in FIELDS_BY_ID]
    return ", ".join(labels_nl(known)) if known else ""


def _referrals_section(data: InzageData) -> Section:
    bases = {b.id: b for b in data.bases}
    rows = []
    for r in sorted(data.referrals, key=lambda r: (r.letter_date, r.id or 0)):
        basis = bases.get(r.basis_id)
        rows.append((nl_date(r.letter_date), data.partner_names.get(r.partner_id, ""), _fields_text(r.fields),
                     basis.describe_nl() if basis else "", nl_date(r.check_back_date),
                     _yes(r.resident_copy)))
    return Section("referrals", _SECTION_TITLES["referrals"],
                   "Stuurden wij u door? Dan schreven wij een brief aan die partij. Hier staat welke gegevens in "
                   "die brief stonden, en waarom. De brief zelf bewaren wij niet.",
                   ("Datum", "Aan", "Welke gegevens", "Grond", "Terugkoppeling", "Kopie voor u"), tuple(rows))


def _bases_section(data: InzageData) -> Section:
    rows = tuple((data.partner_names.get(b.partner_id, ""), b.kind.label_nl, nl_date(b.given_on),
                  b.form.label_nl if b.form else "", _fields_text(b.scope),
                  nl_date(b.withdrawn_on) if b.withdrawn_on else "")
                 for b in sorted(data.bases, key=lambda b: (b.given_on, b.id or 0)))
    return Section("bases", _SECTION_TITLES["bases"],
                   "Hier staat waarom wij gegevens met een partij mochten delen. Dat is uw toestemming, of onze "
                   "taak volgens de wet. Toestemming mag u altijd intrekken.",
                   ("Partij", "Soort", "Sinds", "Vorm", "Voor welke gegevens", "Ingetrokken op"), rows)


def _meetings_section(data: InzageData) -> Section:
    rows = tuple((nl_date(m.starts_at.date()), m.pseudonym, "op naam, met uw toestemming" if m.named
                  else "zonder naam (met een schuilnaam)", m.question)
                 for m in sorted(data.meetings, key=lambda m: m.starts_at))
    return Section("meetings", _SECTION_TITLES["meetings"],
                   "In een overleg bespreken partijen samen hoe zij u het best helpen. Zonder uw toestemming "
                   "noemen wij daar uw naam niet. Wij gebruiken dan een schuilnaam. Die is per overleg anders.",
                   ("Datum", "Schuilnaam", "Hoe besproken", "Vraag aan het overleg"), rows)


def _views_section(data: InzageData) -> Section:
    events = [e for e in data.audit_events if e.action in _SEEN]
    counts = Counter(e.action for e in events)
    summary = "; ".join(f"{_SEEN[a]}: {n} keer" for a, n in sorted(counts.items(), key=lambda kv: kv[0]))
    rows = tuple((nl_date(e.at), _SEEN[e.action]) for e in sorted(events, key=lambda e: e.at))
    return Section("views", _SECTION_TITLES["views"],
                   "Opent, wijzigt of print een medewerker uw casus? Dan legt het register dat vast. Maar niet "
                   "wat er in de casus staat. " + (f"In totaal: {summary}." if summary else ""),
                   ("Wanneer", "Wat"), rows)
