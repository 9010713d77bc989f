"""Triage of signal cases: conditions, routing rules as data, and the work queues (werkbakjes).

Rules come from `resources/signals/triage.toml` (format "ketenregie-signal-triage"), replaceable by IT policy
(`SignalTriageFile`) and validated like the checklists (errors name the file and the line). The first rule whose
conditions match decides the route; the last rule must hold `always`.

Queues (issue 12 §3): Nieuw (not yet picked up), Brief en sms / Huisbezoek of Kwadraad (picked up, no contact
attempt yet, by route), Wacht op reactie (attempts, nobody reached yet), Afronden (reached, no outcome yet),
Afgesloten (outcome given).
"""
from __future__ import annotations

from collections.abc import Iterable
from dataclasses import dataclass
from pathlib import Path

from ketenregie.domain.checklists import (DataFileError, TomlDocument, _check_header, _check_keys, _identifier,
                                          _table_list, _text, read_toml)
from ketenregie.domain.labels import LabelledEnum, register_labels
from ketenregie.domain.signals.matching import rising_rent
from ketenregie.domain.signals.model import Signal, SignalCase
from ketenregie.domain.signals.codes import SignalStatus

TRIAGE_RESOURCE: tuple[str, ...] = ("signals", "triage.toml")
TRIAGE_FORMAT = "ketenregie-signal-triage"
MAX_RULE_TEXT = 200


class Condition(LabelledEnum):
    CRISIS = "crisis"
    MULTIPLE = "multiple"
    RISING_RENT = "rising_rent"
    ALWAYS = "always"


register_labels(Condition, {
    Condition.CRISIS: "Crisis",
    Condition.MULTIPLE: "Meervoudig",
    Condition.RISING_RENT: "Oplopende huurachterstand",
    Condition.ALWAYS: "Altijd",
})


class Route(LabelledEnum):
    LETTER_SMS = "letter_sms"
    HOME_VISIT = "home_visit"
    KWADRAAD = "kwadraad"
    COORDINATOR = "coordinator"

    @property
    def needs_visit(self) -> bool:
        return self != Route.LETTER_SMS


register_labels(Route, {
    Route.LETTER_SMS: "Brief en sms",
    Route.HOME_VISIT: "Huisbezoek",
    Route.KWADRAAD: "Kwadraad (Vroeg erop af)",
    Route.COORDINATOR: "Direct naar de ketenregisseur",
})


class Queue(LabelledEnum):
    NEW = "new"
    LETTER_SMS = "letter_sms"
    VISIT = "visit"
    WAITING = "waiting"
    FINISHING = "finishing"
    CLOSED = "closed"


register_labels(Queue, {
    Queue.NEW: "Nieuw",
    Queue.LETTER_SMS: "Brief en sms",
    Queue.VISIT: "Huisbezoek of Kwadraad",
    Queue.WAITING: "Wacht op reactie",
    Queue.FINISHING: "Afronden",
    Queue.CLOSED: "Afgesloten",
})
OPEN_QUEUES: tuple[Queue, ...] = (Queue.NEW, Queue.LETTER_SMS, Queue.VISIT, Queue.WAITING, Queue.FINISHING)


@dataclass(frozen=True, slots=True)
class TriageRule:
    id: str
    when: frozenset[Condition]
    route: Route
    text: str


@dataclass(frozen=True, slots=True)
class TriageRules:
    rules: tuple[TriageRule, ...]
    source: Path | None = None

    def route_for(self, signals: Iterable[Signal]) -> tuple[Route, TriageRule]:
        found = conditions(signals)
        for rule in self.rules:
            if Condition.ALWAYS in rule.when or rule.when & found:
                return rule.route, rule
        raise AssertionError("validated rules end with 'always'")  # pragma: no cover


def conditions(signals: Iterable[Signal]) -> frozenset[Condition]:
    """What holds for a case's signals (repeated signals do not count towards 'multiple')."""
    signals = list(signals)
    live = [s for s in signals if s.status != SignalStatus.REPEATED]
    found = set()
    if any(s.is_crisis for s in signals):
        found.add(Condition.CRISIS)
    if len({s.partner_key for s in live}) > 1:
        found.add(Condition.MULTIPLE)
    if rising_rent(signals):
        found.add(Condition.RISING_RENT)
    return frozenset(found)


def is_multiple(signals: Iterable[Signal]) -> bool:
    return Condition.MULTIPLE in conditions(signals)


def queue_of(picked_up: bool, route: Route | None, attempts: int, reached: bool, closed: bool) -> Queue:
    if closed:
        return Queue.CLOSED
    if not picked_up:
        return Queue.NEW
    if reached:
        return Queue.FINISHING
    if attempts:
        return Queue.WAITING
    return Queue.LETTER_SMS if route in (None, Route.LETTER_SMS) else Queue.VISIT


def case_queue(case: SignalCase) -> Queue:
    route = Route.from_code(case.route) if case.route else None
    return queue_of(case.picked_up_on is not None, route, len(case.attempts), case.reached, case.is_closed)


# --- the data file --------------------------------------------------------------------------------------------

def load_triage(path: Path | str) -> TriageRules:
    return parse_triage(read_toml(path))


def parse_triage(doc: TomlDocument) -> TriageRules:
    _check_keys(doc, (), doc.data, ("format", "version", "rule"), (), "Triagebestand")
    _check_header(doc, TRIAGE_FORMAT)
    raw_rules = _table_list(doc, ("rule",), doc.data["rule"], "Het triagebestand", "[[rule]]")
    seen: set[str] = set()
    rules = []
    for i, raw in enumerate(raw_rules):
        where = ("rule", i)
        _check_keys(doc, where, raw, ("id", "when", "route", "text"), (), f"Regel {i + 1}")
        rule_id = _identifier(doc, where + ("id",), raw["id"], f"Regel {i + 1}", seen)
        when = raw["when"]
        if not isinstance(when, list) or not when or not all(isinstance(w, str) for w in when):
            raise doc.error(where + ("when",), f"Regel '{rule_id}': when moet een lijst met voorwaarden zijn.")
        known = [c.value for c in Condition]
        bad = [w for w in when if w not in known]
        if bad:
            raise doc.error(where + ("when",), f"Regel '{rule_id}': onbekende voorwaarde '{bad[0]}'; toegestaan "
                                               f"zijn {', '.join(known)}.")
        if raw["route"] not in [r.value for r in Route]:
            raise doc.error(where + ("route",), f"Regel '{rule_id}': onbekende route '{raw['route']}'; toegestaan "
                                                f"zijn {', '.join(r.value for r in Route)}.")
        text = _text(doc, where + ("text",), raw["text"], f"Regel '{rule_id}': text", MAX_RULE_TEXT)
        rules.append(TriageRule(rule_id, frozenset(Condition(w) for w in when), Route(raw["route"]), text))
    if Condition.ALWAYS not in rules[-1].when:
        raise doc.error(("rule", len(rules) - 1), "De laatste regel moet when = [\"always\"] hebben, zodat elke "
                                                  "zaak een route krijgt.")
    return TriageRules(tuple(rules), doc.path)


def load_triage_with_fallback(built_in: Path | str, replacement: Path | str | None
                              ) -> tuple[TriageRules, DataFileError | None]:
    """IT's replacement when it is valid; otherwise the built-in rules and the problem to show."""
    if replacement:
        try:
            return load_triage(replacement), None
        except DataFileError as exc:
            return load_triage(built_in), exc
    return load_triage(built_in), None
