"""Consent and legal basis for sharing a case's data with one partner (DOMAIN.md §8).

Processing itself rests on the Wgs task (AVG art. 6(1)(e)); consent cannot replace a missing legal basis. What
goes beyond the task — a warm handover of details to a partner — needs a recorded basis *per case and recipient*:
either the Wgs task (only for partners whose recipient profile allows it, e.g. the debt-help organisation that
carries out the task for the municipality) or the resident's consent: date, scope (which fields), oral or
written, recorded by whom — and, later perhaps, its withdrawal. Without an active basis no letter is produced.

Pure domain: no Qt, no database.
"""
from __future__ import annotations

from collections.abc import Iterable
from dataclasses import dataclass
from datetime import date, datetime
from enum import StrEnum

from ketenregie.domain.referral_fields import labels_nl, ordered


class BasisKind(StrEnum):
    WGS_TASK = "wgs_task"
    CONSENT = "consent"

    @property
    def label_nl(self) -> str:
        return _KIND_LABELS[self]


_KIND_LABELS = {
    BasisKind.WGS_TASK: "Wettelijke taak (Wgs)",
    BasisKind.CONSENT: "Toestemming van de inwoner",
}


class ConsentForm(StrEnum):
    ORAL = "oral"
    WRITTEN = "written"

    @property
    def label_nl(self) -> str:
        return _FORM_LABELS[self]


_FORM_LABELS = {ConsentForm.ORAL: "mondeling", ConsentForm.WRITTEN: "schriftelijk"}


def format_date_nl(day: date) -> str:
    return day.strftime("%d-%m-%Y")


@dataclass(frozen=True, slots=True)
class SharingBasis:
    """Why a case's data may go to one partner. `scope` is the set of letter fields the basis covers."""

    case_id: int
    partner_id: int
    kind: BasisKind
    given_on: date
    scope: frozenset[str]
    recorded_by: str
    form: ConsentForm | None = None  # consent only
    recorded_at: datetime | None = None
    withdrawn_on: date | None = None
    withdrawal_recorded_by: str | None = None
    id: int | None = None

    def __repr__(self) -> str:
        return f"SharingBasis(id={self.id}, kind={self.kind.value})"

    def is_active_on(self, day: date) -> bool:
        return self.given_on <= day and (self.withdrawn_on is None or self.withdrawn_on > day)

    @property
    def is_withdrawn(self) -> bool:
        return self.withdrawn_on is not None

    def describe_nl(self) -> str:
        """One line for the letter and the composer, e.g. "Toestemming van de inwoner (mondeling) op 12-03-2026"."""
        if self.kind == BasisKind.CONSENT:
            form = f" ({self.form.label_nl})" if self.form else ""
            return f"{self.kind.label_nl}{form}, gegeven op {format_date_nl(self.given_on)}"
        return f"{self.kind.label_nl}, vastgelegd op {format_date_nl(self.given_on)}"

    def withdraw(self, on: date, recorded_by: str) -> "SharingBasis":
        from dataclasses import replace

        if self.withdrawn_on is not None:
            raise BasisInvalid(["Deze toestemming is al ingetrokken."])
        if on < self.given_on:
            raise BasisInvalid(["De datum van intrekken ligt vóór de datum waarop de toestemming is gegeven."])
        return replace(self, withdrawn_on=on, withdrawal_recorded_by=recorded_by)


class BasisInvalid(ValueError):
    """A basis cannot be recorded as given; `problems` are Dutch sentences for the user."""

    def __init__(self, problems: list[str]) -> None:
        self.problems = problems
        super().__init__(" ".join(problems))


def validate_basis(basis: SharingBasis, *, allowed_kinds: Iterable[BasisKind], profile_fields: Iterable[str],
                   today: date) -> list[str]:
    """Dutch problems with a basis about to be recorded; empty when it may be saved."""
    problems: list[str] = []
    allowed = frozenset(allowed_kinds)
    if basis.kind not in allowed:
        if basis.kind == BasisKind.WGS_TASK:
            problems.append("Voor dit soort partner is de wettelijke taak geen grondslag om gegevens te delen; "
                            "leg de toestemming van de inwoner vast.")
        else:
            problems.append("Voor dit soort partner kan geen toestemming worden vastgelegd.")
    if basis.given_on > today:
        problems.append("De datum ligt in de toekomst; vul de datum in waarop de toestemming is gegeven.")
    if basis.kind == BasisKind.CONSENT and basis.form is None:
        problems.append("Kies of de toestemming mondeling of schriftelijk is gegeven.")
    if basis.kind == BasisKind.WGS_TASK and basis.form is not None:
        problems.append("Mondeling of schriftelijk hoort alleen bij toestemming.")
    if not basis.scope:
        problems.append("Kies welke gegevens gedeeld mogen worden (de reikwijdte).")
    outside = basis.scope - frozenset(profile_fields)
    if outside:
        problems.append("Deze gegevens mogen niet naar dit soort partner: " + ", ".join(labels_nl(outside)) + ".")
    if not basis.recorded_by.strip():
        problems.append("Het is niet bekend wie de grondslag vastlegt.")
    ordered(basis.scope)  # unknown ids are a programming error, not a user error
    return problems


def check_basis(basis: SharingBasis, **kwargs) -> SharingBasis:
    problems = validate_basis(basis, **kwargs)
    if problems:
        raise BasisInvalid(problems)
    return basis


def active_basis(bases: Iterable[SharingBasis], partner_id: int, on: date) -> SharingBasis | None:
    """The basis that applies to sharing with `partner_id` on a day: the most recently given active one."""
    candidates = [b for b in bases if b.partner_id == partner_id and b.is_active_on(on)]
    if not candidates:
        return None
    return max(candidates, key=lambda b: (b.given_on, b.id or 0))


def missing_basis_message(partner_name: str, allowed_kinds: Iterable[BasisKind],
                          bases: Iterable[SharingBasis], partner_id: int, on: date) -> str:
    """Dutch explanation of why nothing can be produced yet, and what to record."""
    withdrawn = [b for b in bases if b.partner_id == partner_id and b.withdrawn_on is not None
                 and b.withdrawn_on <= on]
    kinds = frozenset(allowed_kinds)
    lines = [f"Er is geen geldige grondslag vastgelegd om gegevens van deze casus met {partner_name} te delen; "
             "er wordt daarom geen brief gemaakt."]
    if withdrawn:
        last = max(withdrawn, key=lambda b: b.withdrawn_on)
        lines.append(f"De toestemming is ingetrokken op {format_date_nl(last.withdrawn_on)}.")
    if BasisKind.CONSENT in kinds:
        lines.append("Leg de toestemming van de inwoner vast: de datum, mondeling of schriftelijk, en welke "
                     "gegevens gedeeld mogen worden (knop 'Grondslag vastleggen').")
    if BasisKind.WGS_TASK in kinds:
        lines.append("Of leg vast dat de verwijzing onder de wettelijke taak (Wgs) valt, bijvoorbeeld omdat het "
                     "plan van aanpak deze verwijzing bevat.")
    return " ".join(lines)


def consents_to_withdraw(bases: Iterable[SharingBasis], partner_id: int, on: date) -> list[SharingBasis]:
    """"Intrekken" means every consent for this partner that is still active on `on` — an older, wider consent
    must not come back when the newest one is withdrawn."""
    return [b for b in bases if b.partner_id == partner_id and b.kind == BasisKind.CONSENT and b.is_active_on(on)]


def withdrawal_note(bases: Iterable[SharingBasis], partner_id: int, on: date,
                    allowed_kinds: Iterable[BasisKind] = tuple(BasisKind)) -> str | None:
    """For a letter after a withdrawal: which consent was withdrawn and what basis is left (Dutch), or None when
    nothing was withdrawn for this partner before `on`."""
    bases = list(bases)
    withdrawn = [b for b in bases if b.partner_id == partner_id and b.kind == BasisKind.CONSENT
                 and b.withdrawn_on is not None and b.withdrawn_on <= on]
    if not withdrawn:
        return None
    last = max(b.withdrawn_on for b in withdrawn)
    allowed = frozenset(allowed_kinds)
    left = active_basis([b for b in bases if b.kind in allowed], partner_id, on)
    note = f"Een eerder gegeven toestemming van de inwoner is ingetrokken op {format_date_nl(last)}."
    if left is None:
        return note + " Er is geen grondslag meer om gegevens te delen."
    return note + f" Wat overblijft als grondslag: {left.describe_nl()}; alleen de gegevens die daaronder vallen " \
                  "staan in deze brief."


def withdrawal_question_nl(targets: Iterable[SharingBasis], partner_name: str) -> str:
    """The confirmation before "Intrekken": every consent that goes, listed (date, form, scope)."""
    targets = list(targets)
    lines = [f"De inwoner trekt de toestemming voor {partner_name} in. Dit trekt ALLE toestemmingen voor deze "
             f"partner in die nu gelden ({len(targets)}):"]
    for basis in targets:
        lines.append(f"\u2022 {basis.describe_nl()} \u2014 {', '.join(labels_nl(basis.scope)).lower()}")
    lines.append("Daarna maakt Ketenregie alleen nog een brief als er een andere grondslag is. Doorgaan?")
    return "\n".join(lines)


def remaining_basis_nl(left: SharingBasis | None) -> str:
    """After a withdrawal: what a next letter rests on."""
    if left is None:
        return "Er is geen grondslag meer: er wordt geen brief gemaakt tot er een nieuwe grondslag is vastgelegd."
    return f"Een volgende brief berust op: {left.describe_nl()}."
