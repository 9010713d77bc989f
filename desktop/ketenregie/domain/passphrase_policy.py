"""Passphrase policy: minimum length (from IT policy) plus a simple, honest strength estimate.

The estimate is a small cousin of zxcvbn: the passphrase is split into the cheapest sequence of *patterns* an
attacker would try (common passwords and Dutch words from a short built-in list, word-like letter runs,
repeated characters, runs like ``abcd``/``4321``, keyboard rows, years, a chunk repeated), and the bits of those
patterns are added up. It is an estimate, not a promise — the UI says so. No dependency, no I/O; messages are
Dutch and never repeat the passphrase.
"""
from __future__ import annotations

import math
import unicodedata
from dataclasses import dataclass, field

MAX_STRENGTH = 4
# Bit thresholds for strength 1..4. The register's key is stretched with Argon2id (>= 64 MiB), which makes every
# guess expensive; these levels assume an offline attacker with serious hardware.
_THRESHOLDS = (28.0, 40.0, 52.0, 64.0)
MIN_OK_STRENGTH = 2
_ANALYSED_CHARS = 256  # beyond this every character adds a flat amount (a long passphrase is strong anyway)

# Common passwords (as typed, lowercase) — matched as a whole after stripping digits and symbols at the ends too.
COMMON_PASSWORDS = frozenset("""
password passw0rd wachtwoord wachtwoord1 welkom welkom01 welkom123 geheim qwerty qwertyuiop azerty asdfgh
asdfghjkl zxcvbn 123456 1234567 12345678 123456789 1234567890 111111 000000 abc123 iloveyou admin administrator
letmein monkey dragon football voetbal sunshine princess master shadow superman batman trustno1 starwars
welcome hello hallo hallo123 test test123 changeme default gemeente gemeente1 ketenregie schuldhulp
schuldhulpverlening ajax feyenoord psv amsterdam rotterdam utrecht denhaag eindhoven groningen nederland holland
oranje liefde schatje lieverd zomer winter lente herfst januari februari maart april mei juni juli augustus
september oktober november december maandag dinsdag woensdag donderdag vrijdag zaterdag zondag
""".split())

# Frequent Dutch (and a few English) words: a passphrase made only of these is weaker than its length suggests.
COMMON_WORDS = frozenset("""
aan achter af al alle alles als altijd ander andere auto bal bed beetje ben berg bij binnen blauw bloem boek boom
boot brood buiten dag dak dan dat de deur die dier dit doen door dorp drie droom een eens eerst eten fiets geel
geen geld goed graag groen groot haar had hallo hand hart heb hebben heel hem het hier hij hond hoe hoofd hoog
huis hun iets ik in is ja jaar je jij jou kaas kan kat keuken kind kinderen klein koffie komen koning kop kunnen
laat land lang later leven licht lief man maar mama markt me meer meisje men met mij mijn moeder moet mooi morgen
muis na naar nacht nee niet niets nieuw nog nu of om ons onze ook op oud over papa pas poes raam rood school
schip slapen snel soms staan stad ster straat strand tafel tijd toch tot trein twee uit uur vaak vader van veel
ver vis voor vriend vrouw waar wat water weer weg wel werk wie wij wil wit wolk worden zee zeggen zij zijn zo
zon zonder zou zus zwart the and you that have with this love time home house water world green blue
red black white sun moon star dog cat
""".split()) | COMMON_PASSWORDS

_KEYBOARD_ROWS = ("1234567890", "qwertyuiop", "asdfghjkl", "zxcvbnm", "azertyuiop", "qsdfghjklm", "wxcvbn")
_LEET = str.maketrans({"0": "o", "1": "i", "3": "e", "4": "a", "5": "s", "7": "t", "@": "a", "$": "s", "!": "i"})
_VOWELS = frozenset("aeiouy")
_WORD_BITS = math.log2(len(COMMON_WORDS))
_WORDLIKE_BITS = 17.0  # a real word from a ~100 000-word vocabulary


@dataclass(frozen=True)
class PassphraseAssessment:
    ok: bool
    problems: list[str] = field(default_factory=list)  # Dutch, shown as-is
    strength: int = 0  # 0 (very weak) .. 4 (strong)
    hint: str = ""  # Dutch

    def __repr__(self) -> str:  # explicit: an assessment never carries the passphrase
        return f"PassphraseAssessment(ok={self.ok}, strength={self.strength}, problems={len(self.problems)})"


def check(passphrase: str, min_length: int) -> PassphraseAssessment:
    text = unicodedata.normalize("NFC", passphrase)
    length = len(text)
    problems: list[str] = []
    if length < min_length:
        problems.append(f"De wachtwoordzin moet minstens {min_length} tekens lang zijn (nu {length}).")
    if _is_common_password(text):
        problems.append("Deze wachtwoordzin staat in lijsten van veelgebruikte wachtwoorden.")
    bits = estimate_bits(text)
    strength = _strength(bits)
    if length >= min_length and strength < MIN_OK_STRENGTH and not _is_common_password(text):
        problems.append("Deze wachtwoordzin is te voorspelbaar: hij bestaat vooral uit bekende woorden, "
                        "herhalingen of reeksen (zoals '1234' of 'qwerty').")
    ok = not problems and strength >= MIN_OK_STRENGTH
    return PassphraseAssessment(ok=ok, problems=problems, strength=strength,
                                hint=_hint(length, min_length, strength, bool(problems)))


def estimate_bits(passphrase: str) -> float:
    """Rough number of bits an attacker needs to guess this passphrase (lower bound in spirit)."""
    text = unicodedata.normalize("NFC", passphrase)
    head, tail = text[:_ANALYSED_CHARS], text[_ANALYSED_CHARS:]
    n = len(head)
    best = [0.0] + [math.inf] * n
    lower = head.lower()
    for end in range(1, n + 1):
        for start in range(max(0, end - 40), end):
            if best[start] == math.inf:
                continue
            cost = _token_bits(head, lower, start, end)
            if cost is not None and best[start] + cost < best[end]:
                best[end] = best[start] + cost
    return best[n] + 2.0 * len(tail)


def _strength(bits: float) -> int:
    return sum(1 for threshold in _THRESHOLDS if bits >= threshold)


def _is_common_password(text: str) -> bool:
    lowered = text.lower().strip()
    if lowered in COMMON_PASSWORDS:
        return True
    core = lowered.strip("0123456789!?.@#$%&*-_ ")
    return core in COMMON_PASSWORDS or core.translate(_LEET) in COMMON_PASSWORDS


def _char_bits(char: str) -> float:
    if char.islower() and char.isascii():
        return math.log2(26)
    if char.isupper() and char.isascii():
        return math.log2(26)
    if char.isdigit() and char.isascii():
        return math.log2(10)
    if char == " ":
        return 1.0  # a space between words carries next to nothing
    if char.isascii():
        return math.log2(33)
    return math.log2(100)  # accented letters and other scripts


def _case_bits(original: str) -> float:
    uppers = sum(1 for c in original if c.isupper())
    if uppers == 0:
        return 0.0
    if uppers == 1 and original[0].isupper():
        return 1.0
    if uppers == len(original):
        return 1.0
    return float(uppers)


def _token_bits(original: str, lower: str, start: int, end: int) -> float | None:
    """Cheapest way to explain original[start:end] as one pattern, or None if it is no pattern."""
    length = end - start
    token = lower[start:end]
    raw = original[start:end]
    if length == 1:
        return _char_bits(raw)
    candidates: list[float] = []
    # A chunk that repeats the chunk right before it ("hallohallo").
    if length >= 3 and start >= length and lower[start - length:start] == token:
        candidates.append(2.0)
    # One character repeated ("aaaa").
    if length >= 3 and len(set(token)) == 1:
        candidates.append(_char_bits(raw[0]) + math.log2(length))
    if length >= 2:
        # Dictionary words, also with simple substitutions ("w4chtw00rd").
        if token in COMMON_WORDS:
            candidates.append(_WORD_BITS + _case_bits(raw))
        else:
            unleet = token.translate(_LEET)
            if unleet != token and unleet in COMMON_WORDS:
                candidates.append(_WORD_BITS + _case_bits(raw) + 1.0)
    if length >= 3:
        if _is_sequence(token):
            candidates.append(_char_bits(raw[0]) + math.log2(length) + 1.0)
        if length >= 4 and any(token in row or token in row[::-1] for row in _KEYBOARD_ROWS):
            candidates.append(math.log2(len(_KEYBOARD_ROWS) * 10) + math.log2(length) + 1.0)
    if length == 4 and token.isdigit() and 1900 <= int(token) <= 2039:
        candidates.append(math.log2(140))
    if length >= 4 and token.isascii() and token.isalpha() and _is_wordlike(token):
        candidates.append(min(_WORDLIKE_BITS, length * math.log2(26)) + _case_bits(raw))
    return min(candidates) if candidates else None


def _is_sequence(token: str) -> bool:
    if not (token.isascii() and (token.isalpha() or token.isdigit())):
        return False
    steps = {ord(b) - ord(a) for a, b in zip(token, token[1:])}
    return steps in ({1}, {-1})


def _is_wordlike(token: str) -> bool:
    """Pronounceable letters — probably a real word, which an attacker's dictionary will hold."""
    vowels = sum(1 for c in token if c in _VOWELS)
    if not 0.25 <= vowels / len(token) <= 0.65:
        return False
    run = longest = 0
    for c in token:
        run = run + 1 if c not in _VOWELS else 0
        longest = max(longest, run)
    return longest <= 3


def _hint(length: int, min_length: int, strength: int, has_problems: bool) -> str:
    if length < min_length:
        return ("Tip: maak er een zin van. Vier of vijf gewone woorden die niet bij elkaar horen zijn sterk en goed "
                "te onthouden.")
    if has_problems:
        return ("Tip: vermijd bekende wachtwoorden, een woord met een jaartal, herhalingen en reeksen. Voeg liever "
                "een paar onverwachte woorden toe.")
    if strength < MAX_STRENGTH:
        return "Redelijk. Met nog een of twee onverwachte woorden erbij wordt hij veel sterker."
    return "Sterke wachtwoordzin. Schrijf hem niet op bij de laptop en gebruik hem nergens anders."
