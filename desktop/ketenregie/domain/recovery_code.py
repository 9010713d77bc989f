"""Recovery code: shown once at set-up, printed, typed back in when the passphrase (or device secret) is lost.

Format: 8 groups of 5 characters, e.g. ``7KQ2M-...``, from Crockford's base32 alphabet (digits and capitals without
I, L, O and U, so nothing is easily misread). In every group the first 4 characters carry data (4 x 5 bits) and the
fifth is a check character. 8 x 4 x 5 = 160 bits of entropy.

The check character is a position-weighted checksum over the 32 symbols, computed in GF(32) (the finite field with
32 elements) rather than with integer arithmetic mod 32: with integers mod 32 no choice of weights catches every
adjacent swap (32 is not prime), while in GF(32) five distinct non-zero weights catch *every* single-character
substitution and *every* transposition of two different characters within a group. The group's position is mixed
in as well, so swapped groups are (almost always) noticed too. A typo is therefore reported per group, before any
key derivation runs.

Pure domain code: no I/O, no dependencies of ours. Messages are Dutch and never contain the code itself.
"""
from __future__ import annotations

import secrets

ALPHABET = "0123456789ABCDEFGHJKMNPQRSTVWXYZ"  # Crockford base32: no I, L, O, U
GROUPS = 8
DATA_CHARS = 4
GROUP_LENGTH = DATA_CHARS + 1
CODE_LENGTH = GROUPS * GROUP_LENGTH  # 40 significant characters
ENTROPY_BITS = GROUPS * DATA_CHARS * 5  # 160

_VALUE = {char: index for index, char in enumerate(ALPHABET)}
# Crockford's reading rules: lowercase is fine, O is zero, I and L are one.
_ALIASES = {"O": "0", "I": "1", "L": "1"}
# Separators people type or that word processors substitute; all ignored.
_SEPARATORS = frozenset(" \t\r\n\u00a0\u2007\u202f-\u2010\u2011\u2012\u2013\u2014\u2212_.")

# GF(2^5) with the primitive polynomial x^5 + x^2 + 1. Weights for the 4 data positions are alpha^4..alpha^1 and
# the check character has weight 1: all distinct and non-zero.
_POLY = 0b100101
_WEIGHTS = (16, 8, 4, 2)


class RecoveryCodeFormatError(ValueError):
    """The text cannot be a recovery code (length or characters), or a group fails its check character.

    `user_message` is Dutch and safe to show; it never repeats the code. `bad_groups` lists zero-based group
    indexes with a wrong check character (empty for a length/character problem)."""

    def __init__(self, user_message: str, bad_groups: list[int] | None = None) -> None:
        super().__init__(user_message)
        self.user_message = user_message
        self.bad_groups: list[int] = list(bad_groups or [])


def _gf_mul(a: int, b: int) -> int:
    result = 0
    while b:
        if b & 1:
            result ^= a
        b >>= 1
        a <<= 1
        if a & 0b100000:
            a ^= _POLY
    return result


def _check_value(group_index: int, data: list[int]) -> int:
    check = (group_index + 1) & 0b11111  # mixes the group's position in (never 0 for 8 groups)
    for weight, value in zip(_WEIGHTS, data):
        check ^= _gf_mul(weight, value)
    return check


def _check_char(group_index: int, data_chars: str) -> str:
    return ALPHABET[_check_value(group_index, [_VALUE[c] for c in data_chars])]


def generate() -> str:
    """A fresh recovery code, grouped for display: ``XXXXX-XXXXX-...`` (8 groups)."""
    groups = []
    for index in range(GROUPS):
        data = "".join(secrets.choice(ALPHABET) for _ in range(DATA_CHARS))
        groups.append(data + _check_char(index, data))
    return "-".join(groups)


def normalize(text: str) -> str:
    """Uppercase, drop spaces and dashes, read O as 0 and I/L as 1. Returns the compact form (40 characters for a
    well-formed code); does not check anything else — see `validate`."""
    out = []
    for char in text.upper():
        if char in _SEPARATORS:
            continue
        out.append(_ALIASES.get(char, char))
    return "".join(out)


def format_code(text: str) -> str:
    """The normalized code in groups of 5 joined by dashes (for display and printing)."""
    compact = normalize(text)
    return "-".join(compact[i:i + GROUP_LENGTH] for i in range(0, len(compact), GROUP_LENGTH))


def validate(text: str) -> list[int]:
    """Zero-based indexes of groups whose check character is wrong (empty list: the code is well-formed).

    Raises `RecoveryCodeFormatError` when the text has the wrong length or contains characters that never occur
    in a recovery code."""
    compact = normalize(text)
    for position, char in enumerate(compact, start=1):
        if char not in _VALUE:
            if char == "U":
                detail = "de letter U komt in een herstelcode niet voor"
            else:
                detail = "alleen cijfers en letters (behalve I, L, O en U) komen voor"
            group, place = divmod(position - 1, GROUP_LENGTH)
            raise RecoveryCodeFormatError(
                f"Teken {place + 1} van groep {group + 1} van de herstelcode is ongeldig: {detail}.")
    if len(compact) != CODE_LENGTH:
        raise RecoveryCodeFormatError(
            f"Een herstelcode heeft {CODE_LENGTH} tekens: {GROUPS} groepen van {GROUP_LENGTH}. "
            f"U heeft er {len(compact)} ingevoerd.")
    bad = []
    for index in range(GROUPS):
        group = compact[index * GROUP_LENGTH:(index + 1) * GROUP_LENGTH]
        if _check_char(index, group[:DATA_CHARS]) != group[DATA_CHARS]:
            bad.append(index)
    return bad


def require_valid(text: str) -> str:
    """The compact normalized code if it is well-formed; otherwise `RecoveryCodeFormatError` naming the groups
    with a typo (1-based in the message, as the user counts them)."""
    bad = validate(text)
    if bad:
        names = ", ".join(str(i + 1) for i in bad)
        noun = "groep" if len(bad) == 1 else "groepen"
        raise RecoveryCodeFormatError(
            f"De herstelcode bevat een tikfout in {noun} {names}. Controleer die tekens op het afgedrukte blad.",
            bad)
    return normalize(text)
