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


# Team work (issue 14): bundles and colleagues, by counts, colleague numbers and the start of a bundle id.
_TEAM_KINDS = {"team_handover": "Overdracht", "team_received": "Overdracht", "team_cover": "Vervanging",
               "team_cover_received": "Vervanging", "team_cover_return": "Terugbundel vervanging",
               "team_receipt": "Ontvangstbevestiging"}
_TEAM_COUNTS = {"cases": ("casus", "casussen"), "kept": ("gehouden", "gehouden"),
                "marked": ("als overgedragen gemarkeerd", "als overgedragen gemarkeerd"),
                "notes": ("journaalnotitie", "journaalnotities"), "actions": ("actie", "acties"),
                "already": ("al eerder ontvangen", "al eerder ontvangen")}


_COLLEAGUE_FLAGS = {"verified": "vingerafdruk gecontroleerd", "role": "rol gewijzigd", "name": "naam gewijzigd"}


def _describe_team(kind: str, rest: str) -> str:
    if kind == "team":
        return {"identity": "Eigen teamkaart", "card": "Eigen teamkaart (bestand)"}.get(rest, f"Teamkaart {rest}")
    if kind == "colleague":
        number, *flags = rest.split(",")
        words = [_COLLEAGUE_FLAGS.get(flag, flag) for flag in flags if flag]
        return f"Collega {number}" + (f" ({', '.join(words)})" if words else "")
    parts = []
    for part in rest.split(","):
        key, _, value = part.partition("=")
        if key in _TEAM_COUNTS and value.isdigit():
            one, many = _TEAM_COUNTS[key]
            parts.append(f"{value} {one if value == '1' else many}")
        elif key == "id":
            parts.append(f"bundel {value}")
        elif part == "again":
            parts.append("opnieuw gemaakt")
        elif part:
            parts.append(part)
    return _TEAM_KINDS[kind] + (": " + ", ".join(parts) if parts else "")


_FORM_DRAFT_COUNTS = {"kept": "bewaard bij vergrendelen", "dropped": "niet opnieuw bewaard (onaangeroerd teruggezet)",
                      "expired": "ouder dan 24 uur vernietigd"}


def _describe_form_drafts(rest: str) -> str:
    """'kept=2,dropped=1' -> 'Niet-opgeslagen invoer: 2 bewaard bij vergrendelen, 1 niet opnieuw bewaard (…)'."""
    parts = []
    for part in rest.split(","):
        key, _, value = part.partition("=")
        if key in _FORM_DRAFT_COUNTS and value.isdigit():
            if key == "kept" and value == "0" and "," in rest:
                continue
            parts.append(f"{value} {_FORM_DRAFT_COUNTS[key]}")
        elif part:
            parts.append(part)
    return "Niet-opgeslagen invoer: " + ", ".join(parts) if parts else "Niet-opgeslagen invoer"


def describe_object(ref: str) -> str:
    """A Dutch label for an audit object reference; an unknown reference is shown as it is."""
    if not ref:
        return ""
    kind, sep, rest = ref.partition(":")
    if not sep:
        return ref
    if kind in _TEAM_KINDS or kind in ("team", "colleague"):
        return _describe_team(kind, rest)
    if kind == "form_drafts":
        return _describe_form_drafts(rest)
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
