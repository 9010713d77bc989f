"""Audit references in words a coordinator or FG reads ("Verwijzing, casus 2026-0138, aan partner 1" instead of
`referral:2026-0138,to=1,f=597f`). References hold numbers and codes only, never content, so the labels do too.
Pure domain: no Qt, no database."""
from __future__ import annotations

import re

_KINDS = {
    "case": "Casus", "conversation": "Gesprek", "meeting": "Overleg", "referral": "Verwijzing", "basis": "Grondslag",
    "partner": "Partner", "saved_view": "Opgeslagen weergave", "schema": "Databaseschema", "demo": "Demogegevens",
    "settings": "Instelling", "register": "Register", "retention": "Bewaartermijnen", "purge": "Vernietiging",
}
_KINDS.update({"form_drafts": "Niet-opgeslagen invoer bewaard", "form_draft": "Niet-opgeslagen invoer"})  # issue 15
_SETTINGS = {"letter-sender": "afzender van brieven"}
_REASONS = {"manual": "op verzoek", "idle": "geen gebruik", "suspend": "slaapstand", "session_locked":
            "computer vergrendeld", "quit": "afsluiten"}
_DOCUMENTS = {"agenda": "agenda", "minutes": "verslag", "summary": "samenvatting", "letter": "brief",
              "resident-copy": "kopie voor de inwoner", "chart": "brugplaatje"}
_CASE_PART = re.compile(r"^(\d{4}-\d{4,})\.(\d+)$")


def describe_object(ref: str) -> str:
    """A Dutch label for an audit object reference; an unknown reference is shown as it is."""
    if not ref:
        return ""
    kind, sep, rest = ref.partition(":")
    if not sep:
        return ref
    if kind == "reason":
        return f"Reden: {_REASONS.get(rest, rest)}"
    if kind == "settings":
        return f"Instelling: {_SETTINGS.get(rest, rest)}"
    label = _KINDS.get(kind)
    if label is None:
        return ref
    if kind in ("conversation", "basis"):
        match = _CASE_PART.match(rest)
        if match:
            return f"{label} {match.group(2)}, casus {match.group(1)}"
    if kind == "referral":
        parts = rest.split(",")
        text = f"{label}, casus {parts[0]}"
        for part in parts[1:]:
            key, _, value = part.partition("=")
            if key == "to":
                text += f", aan partner {value}"
            elif key in _DOCUMENTS or part in _DOCUMENTS:
                text += f", {_DOCUMENTS.get(part, _DOCUMENTS.get(key, part))}"
        return text
    if kind == "meeting":
        number, _, document = rest.partition(".")
        return f"{label} {number}" + (f", {_DOCUMENTS.get(document, document)}" if document else "")
    if kind == "schema":
        return f"{label} {rest.replace('-', '–')}"
    if kind == "demo":
        what, _, count = rest.partition("=")
        return f"{label} ({count} {'casussen' if what == 'cases' else what})" if count else label
    return f"{label} {rest}"
