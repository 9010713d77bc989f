"""A B1 readability check for texts to residents (DOMAIN.md §5, §8): it warns, it never blocks.

What it looks at — the two things B1 guidance (Klare taal, Direct Duidelijk) names first and a program can count:
- long sentences: more than `max_sentence_words` words (default 15);
- long words: more than `max_word_syllables` syllables (default 4) or more than `max_word_letters` letters
  (default 16), except words on a short list residents in debt help know (schuldhulpverlening, ...).

Syllables are counted as groups of vowels, the usual approximation for Dutch ("ij", "ei", "oe", ... count
once; a diaeresis starts a new syllable: "financiële" has five). Warnings are Dutch and quote the word or the
start of the sentence, so they are for the writer's screen only — never for a log.

Pure domain: no Qt, no database.
"""
from __future__ import annotations

import re
from dataclasses import dataclass

MAX_SENTENCE_WORDS = 15
MAX_WORD_SYLLABLES = 4
MAX_WORD_LETTERS = 16

# Long words that are fine in letters to residents: they are the words of the help itself.
KNOWN_LONG_WORDS = frozenset({
    "schuldhulpverlening", "ketenregisseur", "beslagvrije", "zorgverzekering", "zorgverzekeraar",
    "woningcorporatie", "maatschappelijk", "budgetbeheer", "schuldregeling", "beschermingsbewind",
    "bewindvoerder", "zelfredzaamheid", "toeslagen", "gemeente", "samenvatting", "afgesproken",
})

_SENTENCE_END = re.compile(r"(?<=[.!?])\s+|\n\s*\n|\n(?=\s*[-•*]\s)")
_WORD = re.compile(r"[A-Za-zÀ-ÖØ-öø-ÿ]+(?:['’-][A-Za-zÀ-ÖØ-öø-ÿ]+)*")
_VOWEL_GROUP = re.compile(r"[aeiouyàáâäèéêëìíîïòóôöùúûü]+", re.IGNORECASE)
_DIAERESIS = re.compile(r"[äëïöü]", re.IGNORECASE)


@dataclass(frozen=True, slots=True)
class ReadabilityWarning:
    kind: str  # "long_sentence" | "long_word"
    message: str  # Dutch
    start: int  # position in the text (for highlighting)
    end: int


@dataclass(frozen=True)
class ReadabilityReport:
    warnings: tuple[ReadabilityWarning, ...]
    sentences: int
    words: int

    @property
    def ok(self) -> bool:
        return not self.warnings

    @property
    def average_sentence_words(self) -> float:
        return round(self.words / self.sentences, 1) if self.sentences else 0.0

    def summary_nl(self) -> str:
        if self.ok:
            return "De tekst lijkt goed leesbaar (B1)."
        long_s = sum(w.kind == "long_sentence" for w in self.warnings)
        long_w = sum(w.kind == "long_word" for w in self.warnings)
        parts = []
        if long_s:
            parts.append(f"{long_s} lange zin{'nen' if long_s != 1 else ''}")
        if long_w:
            parts.append(f"{long_w} lang{'e' if long_w != 1 else ''} woord{'en' if long_w != 1 else ''}")
        return "Let op de leesbaarheid (B1): " + " en ".join(parts) + ". U kunt de tekst toch gebruiken."


def count_syllables(word: str) -> int:
    groups = 0
    for match in _VOWEL_GROUP.finditer(word):
        # A diaeresis inside a vowel group starts a new syllable ("ideeën", "financiële").
        groups += 1 + len(_DIAERESIS.findall(match.group()[1:]))
    return max(1, groups)


def split_sentences(text: str) -> list[tuple[int, int]]:
    """(start, end) of each sentence; list items and paragraphs count as their own sentence."""
    spans, start = [], 0
    for match in _SENTENCE_END.finditer(text):
        if text[start:match.start()].strip():
            spans.append((start, match.start()))
        start = match.end()
    if text[start:].strip():
        spans.append((start, len(text)))
    return spans


def check_text(text: str, *, max_sentence_words: int = MAX_SENTENCE_WORDS,
               max_word_syllables: int = MAX_WORD_SYLLABLES, max_word_letters: int = MAX_WORD_LETTERS,
               known_words: frozenset[str] = KNOWN_LONG_WORDS) -> ReadabilityReport:
    warnings: list[ReadabilityWarning] = []
    sentences = split_sentences(text)
    total_words = 0
    flagged_words: set[str] = set()
    for start, end in sentences:
        words = list(_WORD.finditer(text, start, end))
        total_words += len(words)
        if len(words) > max_sentence_words:
            opening = " ".join(w.group() for w in words[:5])
            warnings.append(ReadabilityWarning(
                "long_sentence",
                f"Lange zin ({len(words)} woorden; liever hooguit {max_sentence_words}): \"{opening} …\". "
                "Maak er twee zinnen van.", start, end))
        for word in words:
            token = word.group()
            lower = token.lower()
            if lower in known_words or lower in flagged_words or token.isupper():
                continue  # known words and abbreviations (BSN, IBAN) are fine; warn once per word
            letters = sum(ch.isalpha() for ch in token)
            syllables = count_syllables(token)
            if syllables > max_word_syllables or letters > max_word_letters:
                flagged_words.add(lower)
                warnings.append(ReadabilityWarning(
                    "long_word",
                    f"Lang woord: \"{token}\" ({syllables} lettergrepen). Kan het korter of gewoner?",
                    word.start(), word.end()))
    return ReadabilityReport(tuple(warnings), len(sentences), total_words)


def check_texts(texts: list[str], **limits) -> ReadabilityReport:
    """One report over several separate texts (each is its own paragraph)."""
    return check_text("\n\n".join(t for t in texts if t and t.strip()), **limits)
