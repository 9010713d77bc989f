"""Privacy mode (presentatiemodus): names shown as initials only, for screen sharing (DESIGN.md §4).

`initials("J. de Vries")` == "J.d.V.": every part of the name gives its first letter followed by a dot;
tussenvoegsels ("de", "van der", "'t") keep the case they were written in, other parts are upper case; double
names and initials written together ("Anne-Marie", "J.P.") give one letter per part. Use
`display_name(name, privacy_mode)` everywhere the UI shows a name.
"""
from __future__ import annotations

import re

# Dutch (and a few common Flemish/foreign) particles written in lower case inside a surname.
TUSSENVOEGSELS = frozenset({
    "van", "de", "der", "den", "het", "'t", "t", "te", "ten", "ter", "in", "op", "aan", "bij", "uit", "onder",
    "voor", "over", "'s", "s", "d'", "l'", "la", "le", "les", "du", "des", "da", "dos", "el", "al", "von", "zu",
    "vom", "zum", "zur", "del", "della", "di", "do", "y", "bin", "ben", "ibn",
})

_PARTS = re.compile(r"[\s.\-]+")
PLACEHOLDER = "?"


def initials(name: str) -> str:
    """"J. de Vries" -> "J.d.V."; "Anne-Marie van den Berg" -> "A.M.v.d.B."; "" -> "?"."""
    if not name or not name.strip():
        return PLACEHOLDER
    out = []
    words = [w for w in _PARTS.split(name.strip()) if w]
    for index, word in enumerate(words):
        letter = next((ch for ch in word if ch.isalpha()), None)
        if letter is None:
            continue
        # a particle is only a particle between a first part and the surname ("de" in "J. de Vries"), never the
        # first or last part; it keeps the case it was written in ("El Amrani" -> "E.A.", "de Vries" -> "d.V.")
        particle = 0 < index < len(words) - 1 and word.lower() in TUSSENVOEGSELS
        out.append((letter if particle else letter.upper()) + ".")
    return "".join(out) or PLACEHOLDER


def display_name(name: str, privacy_mode: bool) -> str:
    """The name as the UI shows it: in full, or as initials in privacy mode."""
    return initials(name) if privacy_mode else name


MASK = "\u2022\u2022\u2022\u2022"  # what a contact detail or identifier shows in privacy mode


def redact_free_text(text: str, name: str) -> str:
    """Free text as presentatiemodus shows it: every BSN, IBAN, phone number and e-mail address inside it masked
    (the note scanner), and the resident's name (in full, and each name part of 3+ letters) as initials."""
    if not text:
        return text
    from ketenregie.domain.note_scanner import scan_text

    findings = scan_text(text)
    if findings:
        out, last = [], 0
        for finding in findings:
            out.append(text[last:finding.start])
            out.append(MASK)
            last = finding.end
        out.append(text[last:])
        text = "".join(out)
    if not name or not name.strip():
        return text
    text = re.sub(re.escape(name.strip()), initials(name), text, flags=re.IGNORECASE)
    for part in re.split(r"[\s.\-]+", name):
        if len(part) >= 3 and part.lower() not in TUSSENVOEGSELS:
            text = re.sub(rf"\b{re.escape(part)}\b", part[0].upper() + ".", text, flags=re.IGNORECASE)
    return text
