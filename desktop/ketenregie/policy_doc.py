"""Renders docs/policy.md from POLICY_KEYS, so the IT documentation can never drift from the code.

Regenerate with `python -m ketenregie.policy_doc > docs/policy.md`; a test fails when the file is stale."""
from __future__ import annotations

from ketenregie.config import POLICY_KEYS, STRICTEST_ON_ERROR, WINDOWS_POLICY_KEY

_TYPE_NL = {int: "geheel getal (REG_DWORD)", bool: "waar/onwaar (REG_DWORD 0/1)", str: "tekst (REG_SZ)"}


def _value_nl(value) -> str:
    if isinstance(value, bool):
        return "true" if value else "false"
    return str(value)


def render() -> str:
    lines = [
        "# Beleidsinstellingen (IT-beleid)",
        "",
        "<!-- Gegenereerd door `python -m ketenregie.policy_doc`; niet met de hand wijzigen. -->",
        "",
        "Ketenregie leest een alleen-lezen IT-beleid. Beleid gaat altijd vóór gebruikersinstellingen: een",
        "gebruikersinstelling wordt begrensd tot wat het beleid toestaat. Waarden buiten het bereik worden",
        "begrensd; een verkeerd type wordt genegeerd (standaardwaarde). `ketenregie doctor` meldt beide.",
        "",
        "Een beleid maakt de beveiliging nooit zwakker door een fout. Is het beleidsbestand onleesbaar (geen",
        "geldige TOML, te groot, te diep genest, geen gewoon bestand), dan gelden de standaardwaarden, maar elke",
        "beveiligingsinstelling krijgt haar strengste waarde; hetzelfde geldt voor een beveiligingsinstelling met",
        "een onbruikbare waarde. De gebruiker ziet bij het starten een melding; het logbestand noemt alleen de",
        "soort fout, nooit de inhoud. Een UTF-8-BOM (Kladblok) is toegestaan. Strengste waarden: "
        + ", ".join(f"`{name}` = {_value_nl(value)}" for name, value in STRICTEST_ON_ERROR.items()) + ".",
        "Een apparaatgeheim dat een register al gebruikt, blijft altijd nodig (het staat in het sleutelbestand).",
        "",
        "## Waar het beleid staat",
        "",
        f"- **Windows**: register `HKEY_LOCAL_MACHINE\\{WINDOWS_POLICY_KEY}` (instelbaar met GPO/Intune via de",
        "  ADMX-sjabloon in `packaging/policy/`).",
        "- **Linux**: TOML-bestand `/etc/ketenregie/policy.toml`; **macOS**:",
        "  `/Library/Application Support/Ketenregie/policy.toml`.",
        "- Overal: de omgevingsvariabele `KETENREGIE_POLICY_FILE` wijst een ander TOML-bestand aan (tests, proeven).",
        "",
        "Voorbeeld (`policy.toml`):",
        "",
        "```toml",
        "IdleLockMaxMinutes = 10",
        "DeviceSecret = true",
        "```",
        "",
        "## Sleutels",
        "",
        "| Sleutel | Type | Standaard | Bereik | Betekenis |",
        "|---|---|---|---|---|",
    ]
    for key in POLICY_KEYS:
        default = str(key.default).lower() if key.type is bool else str(key.default)
        span = f"{key.minimum}–{key.maximum}" if key.minimum is not None else "—"
        lines.append(f"| `{key.name}` | {_TYPE_NL[key.type]} | {default} | {span} | {key.description} |")
    return "\n".join(lines) + "\n"


if __name__ == "__main__":  # pragma: no cover
    print(render(), end="")
