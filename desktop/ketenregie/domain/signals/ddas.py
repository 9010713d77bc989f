"""The DDAS vroegsignalering delivery file (VS v1.2; reading v1.0 too), DOMAIN.md §11.

`build_delivery` turns signal cases into the v1.2 document: one levering for the municipality; a signal's client
is `{burgerservicenummer}` alone when the BSN is known, otherwise postcode + huisnummer (+ toevoeging, geboortedatum,
geslachtsaanduiding) — never a name or street; amounts in whole euros. Only picked-up cases are vroegsignaalzaken
("a signal inside a zaak counts as picked up"); the signals of the other cases are delivered on their own with
their status.

`check_delivery` makes the checks the JSON Schema cannot: referenced signal IDs exist, IDs are unique, BSN
elfproef, date order, required client identification. `read_delivery` reads v1.2 and v1.0 files (v1.0 used other
field names and still carried names and streets: read them, never write them), keeping only the levering of the
own municipality and counting the others.
"""
from __future__ import annotations

from collections.abc import Iterable, Mapping, Sequence
from dataclasses import dataclass, field
from datetime import date, datetime, timezone
from typing import Any

from ketenregie.domain.signals.codes import ContactKind, Outcome, PartOfDay, Sex, SignalPartnerKind, SignalStatus
from ketenregie.domain.signals.model import (ContactAttempt, Signal, SignalCase, SignalHousehold, bsn_valid,
                                             normalise_postcode, valid_house_number, valid_postcode)


@dataclass(frozen=True, slots=True)
class Supplier:
    """The aanleverende organisatie (policy: name, KvK number, contact person)."""

    name: str
    kvk: str = ""
    contact_name: str = ""
    contact_phone: str = ""
    contact_email: str = ""
    contact_function: str = ""


@dataclass
class DeliveryCounts:
    signals: int = 0
    cases: int = 0
    attempts: int = 0
    with_bsn: int = 0

    @property
    def object_ref(self) -> str:
        return f"ddas_vs:signals={self.signals},cases={self.cases},attempts={self.attempts},bsn={self.with_bsn}"


def _client(h: SignalHousehold) -> dict[str, str]:
    if h.bsn:
        return {"burgerservicenummer": h.bsn}
    client: dict[str, str] = {}
    if h.postcode:
        client["postcode"] = h.postcode
    if h.house_number:
        client["huisnummer"] = h.house_number
    if h.house_number_addition:
        client["huisnummertoevoeging"] = h.house_number_addition
    if h.date_of_birth:
        client["geboortedatum"] = h.date_of_birth.isoformat()
    if h.sex:
        client["geslachtsaanduiding"] = h.sex.ddas
    return client


def _signal(s: Signal, h: SignalHousehold, in_zaak: bool) -> dict[str, Any]:
    out: dict[str, Any] = {"ID": s.external_id, "crisissignaal": s.crisis, "warmeOverdracht": s.warm_handover}
    if s.amount is not None:
        out["bedrag"] = int(s.amount)
    if s.arrears_start:
        out["ontstaansdatum"] = s.arrears_start.isoformat()
    out["signaaldatum"] = s.signal_date.isoformat()
    status = s.status
    if in_zaak and status == SignalStatus.NOT_YET_PICKED_UP:
        status = SignalStatus.PICKED_UP  # DDAS: a signal inside a zaak counts as picked up
    out["status"] = status.ddas
    out["signaalpartner"] = {"type": s.partner_kind.ddas}
    out["client"] = _client(h)
    return out


def _zaak(case: SignalCase) -> dict[str, Any]:
    out: dict[str, Any] = {}
    if case.outcome is not None:
        out["resultaat"] = case.outcome.ddas
    out["matchingsdatum"] = case.matching_date.isoformat()
    out["startdatumMatchingperiode"] = case.period_start.isoformat()
    out["einddatumMatchingperiode"] = case.period_end.isoformat()
    if case.picked_up_on:
        out["datumOpgepakt"] = case.picked_up_on.isoformat()
    out["vroegsignalen"] = [{"ID": s.external_id} for s in case.signals]
    if case.attempts:
        out["contactpogingen"] = [
            {k: v for k, v in (("soort", a.kind.ddas), ("bereikt", a.reached), ("datum", a.day.isoformat()),
                               ("dagdeel", a.part_of_day.ddas if a.part_of_day else None)) if v is not None}
            for a in case.attempts]
    return out


def build_delivery(cases: Sequence[SignalCase], *, start: date, end: date, municipality_code: str,
                   supplier: Supplier, software: str, now: datetime) -> tuple[dict[str, Any], DeliveryCounts]:
    counts = DeliveryCounts()
    signals, zaken = [], []
    for case in cases:
        in_zaak = case.picked_up_on is not None
        for s in case.signals:
            signals.append(_signal(s, case.household, in_zaak))
            counts.signals += 1
            counts.with_bsn += 1 if case.household.bsn else 0
        if in_zaak:
            zaken.append(_zaak(case))
            counts.cases += 1
            counts.attempts += len(case.attempts)
    contact = {k: v for k, v in (("naam", supplier.contact_name), ("telefoonnummer", supplier.contact_phone),
                                 ("email", supplier.contact_email), ("functietitel", supplier.contact_function)) if v}
    organisation: dict[str, Any] = {"naam": supplier.name}
    if supplier.kvk:
        organisation["kvk-nummer"] = supplier.kvk
    if contact:
        organisation["contactpersonen"] = [contact]
    levering: dict[str, Any] = {"teller": 1, "gemeentecode": municipality_code,
                                "aanleverendeOrganisatie": organisation, "vroegsignalen": signals,
                                "vroegsignaalzaken": zaken}
    document = {
        "codeGegevensleverancier": software,
        "startdatumLevering": start.isoformat(),
        "einddatumLevering": end.isoformat(),
        "aanleverdatumEnTijd": now.astimezone(timezone.utc).strftime("%Y-%m-%dT%H:%M:%SZ"),
        "leveringen": [levering],
    }
    return document, counts


# --- the checks the schema cannot make ------------------------------------------------------------------------

def check_delivery(document: Mapping[str, Any]) -> list[str]:
    """Dutch problems (no personal data in them: signal IDs and positions only). Empty: fit to deliver."""
    problems: list[str] = []
    try:
        start = date.fromisoformat(document["startdatumLevering"])
        end = date.fromisoformat(document["einddatumLevering"])
        if start > end:
            problems.append("De begindatum van de levering ligt na de einddatum.")
    except (KeyError, ValueError, TypeError):
        problems.append("Begin- of einddatum van de levering ontbreekt of is ongeldig.")
    for levering in document.get("leveringen", []):
        code = levering.get("gemeentecode", "")
        if not (isinstance(code, str) and len(code) == 4 and code.isdigit()):
            problems.append("De gemeentecode moet uit vier cijfers bestaan (CBS-code).")
        seen: set[str] = set()
        signal_dates: dict[str, date] = {}
        for i, s in enumerate(levering.get("vroegsignalen", []), start=1):
            sid = s.get("ID", "")
            try:
                signal_dates[sid] = date.fromisoformat(s.get("signaaldatum", ""))
            except ValueError:
                pass
            if not sid:
                problems.append(f"Vroegsignaal {i} heeft geen ID.")
            elif sid in seen:
                problems.append(f"Het ID {sid} komt meer dan eens voor.")
            seen.add(sid)
            client = s.get("client", {})
            bsn = client.get("burgerservicenummer")
            if bsn is not None and not bsn_valid(bsn):
                problems.append(f"Vroegsignaal {sid}: het BSN voldoet niet aan de elfproef.")
            if bsn is None and not (client.get("postcode") and client.get("huisnummer")):
                problems.append(f"Vroegsignaal {sid}: zonder BSN zijn postcode en huisnummer nodig.")
            if "bedrag" in s and (not isinstance(s["bedrag"], int) or s["bedrag"] < 0):
                problems.append(f"Vroegsignaal {sid}: het bedrag moet een heel, niet-negatief getal zijn.")
            try:
                if s.get("ontstaansdatum") and s.get("signaaldatum") and \
                        date.fromisoformat(s["ontstaansdatum"]) > date.fromisoformat(s["signaaldatum"]):
                    problems.append(f"Vroegsignaal {sid}: de ontstaansdatum ligt na de signaaldatum.")
            except ValueError:
                problems.append(f"Vroegsignaal {sid}: een datum is ongeldig.")
        referenced: set[str] = set()
        for j, zaak in enumerate(levering.get("vroegsignaalzaken", []), start=1):
            ids = [r.get("ID") for r in zaak.get("vroegsignalen", [])]
            if not ids:
                problems.append(f"Vroegsignaalzaak {j} verwijst naar geen enkel vroegsignaal.")
            for sid in ids:
                if sid not in seen:
                    problems.append(f"Vroegsignaalzaak {j} verwijst naar het onbekende signaal {sid}.")
                if sid in referenced:
                    problems.append(f"Het signaal {sid} hoort bij meer dan één vroegsignaalzaak.")
                referenced.add(sid)
            try:
                ps, pe = zaak.get("startdatumMatchingperiode"), zaak.get("einddatumMatchingperiode")
                if ps and pe and date.fromisoformat(ps) > date.fromisoformat(pe):
                    problems.append(f"Vroegsignaalzaak {j}: de matchingperiode eindigt voor ze begint.")
                first = min((signal_dates[i] for i in ids if i in signal_dates), default=None)
                for attempt in zaak.get("contactpogingen", []):
                    if first and attempt.get("datum") and date.fromisoformat(attempt["datum"]) < first:
                        problems.append(f"Vroegsignaalzaak {j}: een contactpoging ligt voor het eerste signaal.")
                        break
                picked = zaak.get("datumOpgepakt")
                if first and picked and date.fromisoformat(picked) < first:
                    problems.append(f"Vroegsignaalzaak {j}: de zaak is opgepakt voor het eerste signaal.")
            except ValueError:
                problems.append(f"Vroegsignaalzaak {j}: een datum is ongeldig.")
    return problems


# --- reading --------------------------------------------------------------------------------------------------

class DeliveryError(ValueError):
    """The file is not a usable DDAS delivery; the Dutch message says where (no personal data)."""


_V10_KEYS = {  # v1.0 name -> v1.2 name
    "aanleverende_organisatie": "aanleverendeOrganisatie",
    "startdatum_matchtingperiode": "startdatumMatchingperiode",
    "startdatum_matchingperiode": "startdatumMatchingperiode",
    "einddatum_matchingperiode": "einddatumMatchingperiode",
    "datum_opgepakt": "datumOpgepakt",
    "warme_overdracht": "warmeOverdracht",
}


def _normalise_keys(obj: Any) -> Any:
    """v1.0 -> v1.2 field names; client fields to lower camel case ("Burgerservicenummer" -> "burgerservicenummer")."""
    if isinstance(obj, dict):
        return {_V10_KEYS.get(k, k[:1].lower() + k[1:] if k not in ("ID",) else k): _normalise_keys(v)
                for k, v in obj.items()}
    if isinstance(obj, list):
        return [_normalise_keys(v) for v in obj]
    return obj


@dataclass
class Delivery:
    cases: list[SignalCase] = field(default_factory=list)
    loose: list[tuple[SignalHousehold, Signal]] = field(default_factory=list)
    skipped_other_municipality: int = 0
    version: str = "1.2"

    def __repr__(self) -> str:
        return f"Delivery(cases={len(self.cases)}, loose={len(self.loose)})"


def _d(value: Any, where: str, label: str) -> date | None:
    if value in (None, ""):
        return None
    try:
        return date.fromisoformat(value)
    except (TypeError, ValueError):
        raise DeliveryError(f"{where}: {label} '{value}' is geen geldige datum (JJJJ-MM-DD).") from None


def _enum(enum, value: Any, where: str, label: str):
    try:
        return enum.from_ddas(value)
    except ValueError:
        raise DeliveryError(f"{where}: onbekende {label} '{value}'.") from None


def read_delivery(raw: Mapping[str, Any], *, municipality_code: str, bsn_allowed: bool, today: date) -> Delivery:
    if not isinstance(raw, dict) or "leveringen" not in raw:
        raise DeliveryError("Dit is geen DDAS-vroegsignaleringsbestand: 'leveringen' ontbreekt.")
    version = "1.0" if any("aanleverende_organisatie" in lv for lv in raw.get("leveringen", [])
                           if isinstance(lv, dict)) else "1.2"
    doc = _normalise_keys(raw)
    delivery = Delivery(version=version)
    own = 0
    for n, levering in enumerate(doc["leveringen"], start=1):
        if not isinstance(levering, dict):
            raise DeliveryError(f"Levering {n} is geen object.")
        code = str(levering.get("gemeentecode", ""))
        if code != municipality_code:
            delivery.skipped_other_municipality += len(levering.get("vroegsignalen", []) or [])
            continue
        own += 1
        signals: dict[str, tuple[SignalHousehold, Signal]] = {}
        for i, s in enumerate(levering.get("vroegsignalen", []) or [], start=1):
            where = f"levering {n}, vroegsignaal {i}"
            sid = s.get("ID") or s.get("iD") or s.get("id")
            if not sid or not isinstance(sid, str):
                raise DeliveryError(f"{where}: het ID ontbreekt.")
            if sid in signals:
                raise DeliveryError(f"{where}: het ID {sid} komt twee keer voor.")
            kind = _enum(SignalPartnerKind, (s.get("signaalpartner") or {}).get("type"), where, "soort signaalpartner")
            status = _enum(SignalStatus, s.get("status", "Nog niet opgepakt"), where, "signaalstatus")
            signal_date = _d(s.get("signaaldatum"), where, "signaaldatum")
            if signal_date is None:
                raise DeliveryError(f"{where}: de signaaldatum ontbreekt.")
            if signal_date > today:
                raise DeliveryError(f"{where}: de signaaldatum ligt in de toekomst.")
            arrears = _d(s.get("ontstaansdatum"), where, "ontstaansdatum")
            if arrears and arrears > signal_date:
                raise DeliveryError(f"{where}: de ontstaansdatum ligt na de signaaldatum.")
            amount = s.get("bedrag")
            if amount is not None and (isinstance(amount, bool) or not isinstance(amount, int) or amount < 0):
                raise DeliveryError(f"{where}: het bedrag moet een heel, niet-negatief getal zijn.")
            signal = Signal(sid, kind, signal_date, amount, arrears, None, None, bool(s.get("crisissignaal", False)),
                            bool(s.get("warmeOverdracht", False)), status=status)
            signals[sid] = (_household(s.get("client") or {}, where, bsn_allowed, today), signal)
        in_zaak: set[str] = set()
        for j, zaak in enumerate(levering.get("vroegsignaalzaken", []) or [], start=1):
            where = f"levering {n}, vroegsignaalzaak {j}"
            ids = [r.get("ID") for r in zaak.get("vroegsignalen", []) or []]
            missing = [i for i in ids if i not in signals]
            if not ids or missing:
                raise DeliveryError(f"{where}: verwijst naar een signaal dat niet in het bestand staat.")
            if in_zaak & set(ids):
                raise DeliveryError(f"{where}: een signaal hoort al bij een andere vroegsignaalzaak.")
            in_zaak |= set(ids)
            attempts = []
            for k, a in enumerate(zaak.get("contactpogingen", []) or [], start=1):
                aw = f"{where}, contactpoging {k}"
                day = _d(a.get("datum"), aw, "datum")
                if day is None:
                    raise DeliveryError(f"{aw}: de datum ontbreekt.")
                attempts.append(ContactAttempt(_enum(ContactKind, a.get("soort", "Onbekend"), aw, "contactsoort"),
                                               bool(a.get("bereikt", False)), day,
                                               _enum(PartOfDay, a["dagdeel"], aw, "dagdeel") if a.get("dagdeel")
                                               else None))
            first = signals[ids[0]]
            dates = [signals[i][1].signal_date for i in ids]
            start = _d(zaak.get("startdatumMatchingperiode"), where, "startdatum matchingperiode") or min(dates)
            end = _d(zaak.get("einddatumMatchingperiode"), where, "einddatum matchingperiode") or max(dates)
            if start > end:
                raise DeliveryError(f"{where}: de matchingperiode eindigt voor ze begint.")
            matching = _d(zaak.get("matchingsdatum"), where, "matchingsdatum") or start
            picked = _d(zaak.get("datumOpgepakt"), where, "datum opgepakt") or matching
            outcome = _enum(Outcome, zaak["resultaat"], where, "eindresultaat") if zaak.get("resultaat") else None
            delivery.cases.append(SignalCase(first[0], start, end, matching, tuple(signals[i][1] for i in ids),
                                             tuple(attempts), None, picked, outcome))
        delivery.loose.extend(v for k, v in signals.items() if k not in in_zaak)
    if not own:
        raise DeliveryError(f"Dit bestand bevat geen levering voor deze gemeente ({municipality_code}); er is niets "
                            "ingelezen.")
    return delivery


def _household(client: Mapping[str, Any], where: str, bsn_allowed: bool, today: date) -> SignalHousehold:
    bsn = client.get("burgerservicenummer") or None
    if bsn is not None and not bsn_valid(str(bsn)):
        raise DeliveryError(f"{where}: het BSN voldoet niet aan de elfproef.")
    postcode = normalise_postcode(client.get("postcode"))
    number = str(client["huisnummer"]) if client.get("huisnummer") not in (None, "") else None
    if postcode and not valid_postcode(postcode):
        raise DeliveryError(f"{where}: ongeldige postcode.")
    if number and not valid_house_number(number):
        raise DeliveryError(f"{where}: ongeldig huisnummer.")
    if not bsn_allowed:
        bsn = None
    if not bsn and not (postcode and number):
        raise DeliveryError(f"{where}: postcode en huisnummer ontbreken (en een BSN wordt niet bewaard).")
    birth = _d(client.get("geboortedatum"), where, "geboortedatum")
    sex = _enum(Sex, client["geslachtsaanduiding"], where, "geslachtsaanduiding") \
        if client.get("geslachtsaanduiding") else None
    # v1.0 still carried name and street: kept for outreach (never written back into a delivery)
    name_parts = [client.get(k) for k in ("voorletters", "voorvoegsel", "achternaam") if client.get(k)]
    return SignalHousehold(" ".join(name_parts) or None, client.get("straatnaam") or None, number,
                           client.get("huisnummertoevoeging") or None, postcode, client.get("plaatsnaam") or None,
                           None, None, birth, sex, str(bsn) if bsn else None)
