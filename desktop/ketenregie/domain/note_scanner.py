"""Free-text check: does a note look like it holds a BSN, IBAN, phone number or e-mail address?

Notes should hold what the work needs, not identifiers (DESIGN.md §4). The scanner only *warns*; it never blocks a
save and never repeats the value it found (a finding carries its kind and position, the message is generic).

- BSN: 9 digits (optionally grouped "1234.56.789" / "123 456 789") that pass the elfproef.
- IBAN: two letters, two check digits and the account part (optionally in groups of four) that pass ISO 13616
  mod-97; for the countries we know the length of, only that length.
- Phone: Dutch numbers (0 + 9 digits, +31 / 0031 + 9 digits) and other international numbers (+ and 8-15 digits),
  with the usual separators.
- E-mail: something@domain.tld.
"""
from __future__ import annotations

import re
from dataclasses import dataclass
from enum import Enum


class FindingKind(Enum):
    BSN = "bsn"
    IBAN = "iban"
    PHONE = "phone"
    EMAIL = "email"

    @property
    def label_nl(self) -> str:
        return _LABELS[self]


_LABELS = {
    FindingKind.BSN: "BSN",
    FindingKind.IBAN: "IBAN (rekeningnummer)",
    FindingKind.PHONE: "telefoonnummer",
    FindingKind.EMAIL: "e-mailadres",
}

_ADVICE = {
    FindingKind.BSN: "Zet geen BSN in vrije tekst; noteer alleen wat het werk nodig heeft.",
    FindingKind.IBAN: "Zet geen rekeningnummers in vrije tekst; noteer alleen wat het werk nodig heeft.",
    FindingKind.PHONE: "Contactgegevens horen in de contactvelden van het huishouden, niet in een notitie.",
    FindingKind.EMAIL: "Contactgegevens horen in de contactvelden van het huishouden, niet in een notitie.",
}


@dataclass(frozen=True, slots=True)
class Finding:
    kind: FindingKind
    start: int
    end: int

    @property
    def message_nl(self) -> str:
        return f"De tekst lijkt een {self.kind.label_nl} te bevatten. {_ADVICE[self.kind]}"


# --- checks ---------------------------------------------------------------------------------------------------

def is_valid_bsn(digits: str) -> bool:
    """The elfproef: 9*d1 + 8*d2 + ... + 2*d8 - 1*d9 is a multiple of 11 (and not all zeros)."""
    if len(digits) != 9 or not digits.isdigit() or digits == "000000000":
        return False
    total = sum(int(d) * w for d, w in zip(digits[:8], range(9, 1, -1))) - int(digits[8])
    return total % 11 == 0


# Lengths per country (ISO 13616 registry) for the countries a Dutch municipality meets most.
IBAN_LENGTHS = {
    "NL": 18, "BE": 16, "DE": 22, "FR": 27, "LU": 20, "GB": 22, "IE": 22, "ES": 24, "PT": 25, "IT": 27,
    "AT": 20, "CH": 21, "DK": 18, "SE": 24, "NO": 15, "FI": 18, "PL": 28, "CZ": 24, "SK": 24, "HU": 28,
    "RO": 24, "BG": 22, "GR": 27, "HR": 21, "SI": 19, "LT": 20, "LV": 21, "EE": 20, "TR": 26, "MA": 28,
    "CY": 28, "MT": 31, "IS": 26, "LI": 21, "MC": 27, "SM": 27, "AD": 24, "GI": 23, "RS": 22, "BA": 20,
    "AL": 28, "MK": 19, "ME": 22, "UA": 29,
}


def is_valid_iban(value: str) -> bool:
    """ISO 13616 mod-97 on a compact IBAN (no spaces), and the country's length when known."""
    iban = value.replace(" ", "").upper()
    if not 15 <= len(iban) <= 34 or not iban[:2].isalpha() or not iban[2:4].isdigit() or not iban.isalnum():
        return False
    expected = IBAN_LENGTHS.get(iban[:2])
    if expected is not None and len(iban) != expected:
        return False
    rearranged = iban[4:] + iban[:4]
    number = "".join(str(int(ch, 36)) for ch in rearranged)
    return int(number) % 97 == 1


# --- patterns -------------------------------------------------------------------------------------------------

_BSN = re.compile(r"(?<![\w.+-])(\d{4}[. ]?\d{2}[. ]?\d{3}|\d{3}[. ]?\d{3}[. ]?\d{3})(?![\w]|[.-]\d)")
_IBAN = re.compile(r"(?<![A-Za-z0-9])([A-Za-z]{2}\d{2}(?: ?[A-Za-z0-9]){11,30})")
_EMAIL = re.compile(r"(?<![\w.+-])[\w.+-]+@[A-Za-z0-9-]+(?:\.[A-Za-z0-9-]+)*\.[A-Za-z]{2,}(?![\w-])")
_PHONE = re.compile(r"(?<![\w+])(\+|00)?\(?\d[\d\s\-()]{7,17}\d(?![\w])")
_SEP = re.compile(r"[\s\-()]")


def _phone_like(candidate: str) -> bool:
    digits = _SEP.sub("", candidate)
    if not digits.lstrip("+").isdigit():
        return False
    if digits.startswith("+31"):
        return len(digits) == 12 and digits[3] != "0"
    if digits.startswith("0031"):
        return len(digits) == 13 and digits[4] != "0"
    if digits.startswith("+") or digits.startswith("00"):
        core = digits.lstrip("+")[2:] if digits.startswith("00") else digits[1:]
        return 8 <= len(core) <= 15
    # national: 0 + 9 digits, the second digit not 0 (06-12345678, 010-1234567, 0800 numbers are 10 digits too)
    return len(digits) == 10 and digits[0] == "0" and digits[1] != "0"


def _overlaps(span: tuple[int, int], taken: list[tuple[int, int]]) -> bool:
    return any(span[0] < end and start < span[1] for start, end in taken)


def scan_text(text: str) -> list[Finding]:
    """Findings in `text`, in order of position; overlapping candidates count once (IBAN > e-mail > BSN > phone)."""
    if not text:
        return []
    findings: list[Finding] = []
    taken: list[tuple[int, int]] = []

    def add(kind: FindingKind, start: int, end: int) -> None:
        findings.append(Finding(kind, start, end))
        taken.append((start, end))

    for match in _IBAN.finditer(text):
        compact = match.group(1).replace(" ", "")
        # the pattern may run on into the next word: try the country's length, else the longest valid prefix
        raw = match.group(1)
        expected = IBAN_LENGTHS.get(compact[:2].upper())
        lengths = [expected] if expected else range(min(len(compact), 34), 14, -1)
        for length in lengths:
            if length and length <= len(compact) and is_valid_iban(compact[:length]):
                end = _raw_end(raw, length)
                if end == len(raw) or not raw[end].isalnum():  # a prefix must end at a token boundary
                    add(FindingKind.IBAN, match.start(1), match.start(1) + end)
                    break
    for match in _EMAIL.finditer(text):
        if not _overlaps(match.span(), taken):
            add(FindingKind.EMAIL, *match.span())
    for match in _BSN.finditer(text):
        digits = re.sub(r"[. ]", "", match.group(1))
        if not _overlaps(match.span(1), taken) and is_valid_bsn(digits):
            add(FindingKind.BSN, *match.span(1))
    for match in _PHONE.finditer(text):
        if _overlaps(match.span(), taken):
            continue
        candidate = match.group(0)
        # the pattern may swallow a following number ("06 12345678 2x"): also try shorter, whitespace-cut prefixes
        cuts = [len(candidate)] + [i for i in range(len(candidate) - 1, 0, -1) if candidate[i].isspace()]
        for cut in cuts:
            prefix = candidate[:cut].rstrip()
            if _phone_like(prefix):
                add(FindingKind.PHONE, match.start(), match.start() + len(prefix))
                break
    findings.sort(key=lambda f: f.start)
    return findings


def _raw_end(raw: str, compact_length: int) -> int:
    """Index in `raw` (with spaces) just after the `compact_length`-th non-space character."""
    seen = 0
    for index, ch in enumerate(raw):
        if ch != " ":
            seen += 1
            if seen == compact_length:
                return index + 1
    return len(raw)


def warnings_for(text: str) -> list[str]:
    """One Dutch warning per kind found (never the value itself)."""
    kinds: list[FindingKind] = []
    for finding in scan_text(text):
        if finding.kind not in kinds:
            kinds.append(finding.kind)
    return [Finding(kind, 0, 0).message_nl for kind in kinds]
