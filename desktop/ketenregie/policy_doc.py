"""Renders docs/policy.md from POLICY_KEYS, so the IT documentation can never drift from the code.

Regenerate with `python -m ketenregie.policy_doc > docs/policy.md`; a test fails when the file is stale."""
from __future__ import annotations

from ketenregie.config import POLICY_KEYS, WINDOWS_POLICY_KEY

_TYPE_NL = {int: "geheel getal (REG_DWORD)", bool: "waar/onwaar (REG_DWORD 0/1)", str: "tekst (REG_SZ)"}


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
