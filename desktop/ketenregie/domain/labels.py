"""Enums stored as stable English codes that carry a Dutch label for the UI and documents."""
from __future__ import annotations

from enum import StrEnum

# Keyed by (enum class, code): StrEnum members of different enums with the same code compare (and hash) equal.
_LABELS_NL: dict[tuple[type, str], str] = {}


class LabelledEnum(StrEnum):
    """A StrEnum whose members carry a Dutch label (registered with `register_labels`)."""

    @property
    def label_nl(self) -> str:
        return _LABELS_NL[(type(self), self.value)]

    @classmethod
    def from_code(cls, code: str):
        """The member for a stored code; ValueError (no content in the message) for an unknown code."""
        try:
            return cls._value2member_map_[code]
        except KeyError:
            raise ValueError(f"unknown {cls.__name__} code") from None

    @classmethod
    def choices_nl(cls) -> list[tuple[str, str]]:
        """(code, Dutch label) in declaration order, for combo boxes."""
        return [(m.value, m.label_nl) for m in cls]


def register_labels(enum: type[LabelledEnum], labels: dict) -> None:
    """Every member must get a label: a missing one fails at import, not in front of a user."""
    missing = [m for m in enum if m not in labels]
    if missing:
        raise RuntimeError(f"{enum.__name__} lacks Dutch labels for {missing}")
    _LABELS_NL.update({(enum, member.value): label for member, label in labels.items()})
