"""Pseudonyms for the cases on one meeting's agenda (DOMAIN.md §8, DESIGN.md §4).

Rules:
- A pseudonym is drawn at random (`secrets`) when a case is put on an agenda. It is never computed from the case
  number, the name, the date of birth or anything else about the case: the generator is not even given the case.
- Each meeting draws on its own, so the same case gets unrelated pseudonyms in different meetings.
- Within one meeting pseudonyms are unique.
- The mapping pseudonym -> case exists only in the register (agenda_items.case_id); documents and the shared
  screen show the pseudonym only.

Two styles: letters ("Casus K", "Casus B", ...; two letters once a meeting has more than 26 cases) or neutral
codes ("Casus KXTR": consonants only, so a code never spells a word, initials-and-year or a number).

Pure domain: no Qt, no database.
"""
from __future__ import annotations

import secrets
import string
from collections.abc import Iterable
from enum import StrEnum

PREFIX = "Casus"
LETTERS = string.ascii_uppercase
# No vowels (no accidental words or names), no Y; no digits (nothing that can look like a year, a case number or
# a date of birth).
CODE_ALPHABET = "BCDFGHJKLMNPQRSTVWXZ"
CODE_LENGTH = 4

_random = secrets.SystemRandom()


class PseudonymStyle(StrEnum):
    LETTERS = "letters"
    CODES = "codes"

    @property
    def label_nl(self) -> str:
        return {PseudonymStyle.LETTERS: "Letters (Casus A, Casus B, …)",
                PseudonymStyle.CODES: "Neutrale codes (Casus KXTR, …)"}[self]


def _letter_pool(size_needed: int) -> list[str]:
    pool = list(LETTERS)
    if size_needed > len(pool):
        pool += [a + b for a in LETTERS for b in LETTERS]
    return pool


def draw_pseudonyms(count: int, *, style: PseudonymStyle = PseudonymStyle.LETTERS,
                    taken: Iterable[str] = ()) -> list[str]:
    """`count` new pseudonyms, unique and different from `taken` (those already used in the same meeting).

    Deliberately takes no case data: nothing about a case can influence what it is called."""
    if count < 0:
        raise ValueError("count must not be negative")
    used = set(taken)
    if style == PseudonymStyle.LETTERS:
        pool = [f"{PREFIX} {label}" for label in _letter_pool(count + len(used))]
        free = [p for p in pool if p not in used]
        if count > len(free):
            raise ValueError("too many cases for one meeting")
        return _random.sample(free, count)
    found: list[str] = []
    while len(found) < count:
        candidate = f"{PREFIX} " + "".join(_random.choice(CODE_ALPHABET) for _ in range(CODE_LENGTH))
        if candidate not in used:
            used.add(candidate)
            found.append(candidate)
    return found


def draw_pseudonym(*, style: PseudonymStyle = PseudonymStyle.LETTERS, taken: Iterable[str] = ()) -> str:
    return draw_pseudonyms(1, style=style, taken=taken)[0]


def is_pseudonym(text: str) -> bool:
    """Does `text` have the form of a pseudonym this module draws?"""
    prefix, sep, label = text.partition(" ")
    if prefix != PREFIX or sep != " " or not label:
        return False
    if label.isalpha() and label.isupper() and len(label) <= 2:
        return True
    return len(label) == CODE_LENGTH and all(c in CODE_ALPHABET for c in label)
