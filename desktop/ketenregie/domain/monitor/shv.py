"""The DDAS schuldhulpverlening delivery, SHV v1.0 (issue 13 item 5, DOMAIN.md §11).

`build_shv` turns the cases whose traject overlaps the period into one document: one levering for the municipality
with every schuldhulptraject: `gemeentecode`, start/end, toekenningsdatum (an admission decision), the client
(the BSN when policy allows it and it is known, else birth date, postcode and house number — never a name),
aanmelding (help request → first conversation, crisis), intake (first conversation → decision, decision kind),
plan van aanpak, stabilisatie, begeleiding, crisisinterventies, moratoria, schuldregeling, oplossing (the latest),
nazorg and uitstroom. Optional fields Ketenregie does not hold (schulden, vtlb, voorlopige voorzieningen,
informatie en advies) are left out, never invented.

`check_shv` makes the checks the schema cannot: date order inside each part, BSN elfproef, one or two clients with
an identification each, a four-digit gemeentecode. Problems name the traject's position, never a person.
"""
from __future__ import annotations

from collections.abc import Mapping, Sequence
from dataclasses import dataclass
from functools import lru_cache
from datetime import date, datetime, timezone
from typing import Any

from ketenregie.domain.cases import DecisionKind
from ketenregie.domain.monitor.figures import CaseRecord
from ketenregie.domain.monitor.period import Period
from ketenregie.domain.monitor.trajectory import default_outflow
from ketenregie.domain.signals.ddas import Supplier
from ketenregie.domain.signals.model import bsn_valid

DECISION_CODES = {DecisionKind.ADMISSION: "Toelatingsbeschikking", DecisionKind.REJECTION: "Afwijzingsbeschikking"}


@dataclass(frozen=True, slots=True)
class ShvClient:
    bsn: str | None = None
    date_of_birth: date | None = None
    postcode: str | None = None
    house_number: str | None = None
    house_number_addition: str | None = None

    def __repr__(self) -> str:
        return "ShvClient(<personal data hidden>)"


@dataclass
class ShvCounts:
    trajects: int = 0
    with_bsn: int = 0
    closed: int = 0

    @property
    def object_ref(self) -> str:
        return f"ddas_shv:trajects={self.trajects},bsn={self.with_bsn},closed={self.closed}"


def _d(value: date | None) -> str | None:
    return value.isoformat() if value is not None else None


def _part(**values: Any) -> dict[str, Any]:
    return {k: v for k, v in values.items() if v is not None}


def _client(c: ShvClient, bsn_allowed: bool) -> dict[str, str]:
    if bsn_allowed and c.bsn:
        return {"Burgerservicenummer": c.bsn}
    house, addition = c.house_number, c.house_number_addition
    if house and addition is None:  # "12a" / "12-2": the number and the addition apart
        digits = len(house) - len(house.lstrip("0123456789"))
        if 0 < digits < len(house):
            house, addition = house[:digits], house[digits:].strip(" -") or None
    return _part(Geboortedatum=_d(c.date_of_birth),
                 Postcode=c.postcode.replace(" ", "").upper() if c.postcode else None,
                 Huisnummer=house or None, Huisnummertoevoeging=addition)


def traject(r: CaseRecord, client: ShvClient, *, municipality_code: str, bsn_allowed: bool) -> dict[str, Any]:
    t = r.trajectory
    out: dict[str, Any] = {"gemeentecode": municipality_code, "startdatum": r.help_request.isoformat()}
    if r.closed_on is not None:
        out["einddatum"] = r.closed_on.isoformat()
    if r.decision is not None and r.decision_kind == DecisionKind.ADMISSION:
        out["toekenningsdatum"] = r.decision.isoformat()
    out["client"] = [_client(client, bsn_allowed)]
    out["aanmelding"] = _part(startdatum=r.help_request.isoformat(), einddatum=_d(r.first_conversation),
                              crisisinterventie=r.crisis)
    if r.first_conversation is not None:
        out["intake"] = _part(startdatum=r.first_conversation.isoformat(), einddatum=_d(r.decision),
                              beschikkingsdatum=_d(r.decision),
                              beschikkingssoort=DECISION_CODES[r.decision_kind] if r.decision_kind else None)
    if t.action_plan_date is not None:
        out["planVanAanpak"] = {"datumAfronding": t.action_plan_date.isoformat()}
    if t.stabilisation_start is not None:
        out["stabilisatie"] = _part(startdatum=_d(t.stabilisation_start), einddatum=_d(t.stabilisation_end))
    if t.guidance:
        out["begeleiding"] = [_part(soort=g.kind.ddas, startdatum=_d(g.start), einddatum=_d(g.end))
                              for g in sorted(t.guidance, key=lambda g: g.start)]
    if t.crisis_interventions:
        out["crisisinterventies"] = [_part(startdatum=_d(c.start), einddatum=_d(c.end))
                                     for c in sorted(t.crisis_interventions, key=lambda c: c.start)]
    if t.moratoria:
        out["moratoria"] = [_part(datumAanvraag=_d(m.requested_on), datumGoedkeuring=_d(m.approved_on),
                                  startdatum=_d(m.start), einddatum=_d(m.end))
                            for m in sorted(t.moratoria, key=lambda m: m.requested_on)]
    if t.arrangement_submitted is not None:
        out["schuldregeling"] = _part(datum=_d(t.arrangement_submitted), toegekend=_d(t.arrangement_granted),
                                      afgewezen=_d(t.arrangement_refused), ingetrokken=_d(t.arrangement_withdrawn),
                                      dwangakkoord=t.forced_settlement,
                                      datumVerzoekDwangakkoord=_d(t.forced_settlement_requested))
    solution = t.latest_solution
    if solution is not None:
        out["oplossing"] = _part(soort=solution.kind.ddas, startdatum=_d(solution.start), einddatum=_d(solution.end))
    if t.aftercare_start is not None:
        out["nazorg"] = _part(startdatum=_d(t.aftercare_start), einddatum=_d(t.aftercare_end))
    if r.closed_on is not None and r.closing_reason is not None:
        reason = t.outflow_reason or default_outflow(r.closing_reason)
        out["uitstroom"] = {"datum": r.closed_on.isoformat(), "reden": reason.ddas}
    return out


def build_shv(records: Sequence[CaseRecord], clients: Mapping[str, ShvClient], period: Period, *,
              municipality_code: str, supplier: Supplier, software: str, bsn_allowed: bool,
              now: datetime | None = None) -> tuple[dict[str, Any], ShvCounts]:
    counts = ShvCounts()
    trajects = []
    for r in sorted(records, key=lambda r: r.case_number):
        if not r.active_in(period):
            continue
        client = clients.get(r.case_number, ShvClient())
        trajects.append(traject(r, client, municipality_code=municipality_code, bsn_allowed=bsn_allowed))
        counts.trajects += 1
        counts.with_bsn += bool(bsn_allowed and client.bsn)
        counts.closed += r.closed_on is not None
    organisation = _part(**{"(Statutaire) Naam": supplier.name or None, "KvK-nummer": supplier.kvk or None,
                            "gemeentecode": municipality_code})
    contact = _part(naam=supplier.contact_name or None, telefoonnummer=supplier.contact_phone or None,
                    email=supplier.contact_email or None, functietitel=supplier.contact_function or None)
    if contact:
        organisation["contactpersonen"] = [contact]
    stamp = (now or datetime.now(timezone.utc)).astimezone(timezone.utc).replace(microsecond=0)
    document = {
        "startdatumLevering": period.start.isoformat(),
        "einddatumLevering": period.end.isoformat(),
        "aanleverdatumEnTijd": stamp.isoformat().replace("+00:00", "Z"),
        "codeGegevensleverancier": software,
        "leveringen": [{"teller": 1, "aanleverende_organisatie": organisation, "schuldhulptrajecten": trajects}],
    }
    return document, counts


_ORDER = (  # (part, earlier field, later field)
    ("aanmelding", "startdatum", "einddatum"), ("intake", "startdatum", "einddatum"),
    ("intake", "startdatum", "beschikkingsdatum"), ("stabilisatie", "startdatum", "einddatum"),
    ("oplossing", "startdatum", "einddatum"), ("nazorg", "startdatum", "einddatum"),
    ("schuldregeling", "datum", "toegekend"), ("schuldregeling", "datum", "afgewezen"),
    ("schuldregeling", "datum", "ingetrokken"),
)


@lru_cache(maxsize=8192)
def _parse(value: str) -> date | None:
    try:
        return date.fromisoformat(value)
    except ValueError:
        return None


def _date(value: Any) -> date | None:
    """A date from the document (a delivery of a year repeats a few hundred distinct dates many times)."""
    return _parse(value) if isinstance(value, str) else None


def check_shv(document: Mapping[str, Any]) -> list[str]:
    """Dutch problems, by traject position only. Empty: fit to deliver."""
    problems: list[str] = []
    start, end = _date(document.get("startdatumLevering")), _date(document.get("einddatumLevering"))
    if start is None or end is None:
        problems.append("Begin- of einddatum van de levering ontbreekt of is ongeldig.")
    elif start > end:
        problems.append("De begindatum van de levering ligt na de einddatum.")
    for levering in document.get("leveringen", []):
        for i, t in enumerate(levering.get("schuldhulptrajecten", []), start=1):
            where = f"Traject {i}"
            code = t.get("gemeentecode")
            if not (isinstance(code, str) and len(code) == 4 and code.isdigit()):
                problems.append(f"{where}: de gemeentecode moet uit vier cijfers bestaan.")
            clients = t.get("client", [])
            if not 1 <= len(clients) <= 2:
                problems.append(f"{where}: een traject heeft één of twee cliënten.")
            for c in clients:
                bsn = c.get("Burgerservicenummer")
                if bsn is not None and not bsn_valid(bsn):
                    problems.append(f"{where}: het BSN voldoet niet aan de elfproef.")
                if bsn is None and not (c.get("Geboortedatum") or (c.get("Postcode") and c.get("Huisnummer"))):
                    problems.append(f"{where}: zonder BSN zijn geboortedatum of postcode en huisnummer nodig.")
            t_start, t_end = _date(t.get("startdatum")), _date(t.get("einddatum"))
            if t_start and t_end and t_end < t_start:
                problems.append(f"{where}: de einddatum ligt vóór de startdatum.")
            for part, first, second in _ORDER:
                a, b = _date(t.get(part, {}).get(first)), _date(t.get(part, {}).get(second))
                if a and b and b < a:
                    problems.append(f"{where}: {part}: {second} ligt vóór {first}.")
            for part in ("begeleiding", "crisisinterventies", "moratoria"):
                for item in t.get(part, []):
                    a, b = _date(item.get("startdatum")), _date(item.get("einddatum"))
                    if a and b and b < a:
                        problems.append(f"{where}: {part}: einddatum ligt vóór startdatum.")
            if t_start and t_end:
                for part in ("aanmelding", "intake", "nazorg", "oplossing"):
                    for field in ("startdatum", "einddatum"):
                        d = _date(t.get(part, {}).get(field))
                        if d and not t_start <= d <= t_end:
                            problems.append(f"{where}: {part}: {field} valt buiten het traject.")
    return problems
