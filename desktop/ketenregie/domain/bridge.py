"""The bridge to self-reliance (Mobility Mentoring, "Brug naar Zelfredzaamheid"; DOMAIN.md §10).

Five pillars, each with sub-areas, each sub-area with five steps (1 = in crisis, 5 = self-reliant). The texts are
data (`resources/checklists/bridge.toml`, loaded by `domain/checklists.py`); an organisation may replace them
with its licensed version. A conversation places the resident on a step per sub-area (together with them); the
progress over time is the step per pillar — the mean of its placed sub-areas — across conversations.

How a series looks (marker shape, dash pattern, colour) is fixed here too, so the picture in the app (QPainter)
and in PDF (reportlab) agree and neither relies on colour alone: every pillar has its own marker and line pattern,
and the colours are the Okabe–Ito palette, which stays distinct for colour-blind readers and in grey-scale.

Pure domain: no Qt, no database.
"""
from __future__ import annotations

from collections.abc import Iterable, Mapping, Sequence
from dataclasses import dataclass, field
from datetime import date

STEP_COUNT = 5
STEPS: tuple[int, ...] = tuple(range(1, STEP_COUNT + 1))


@dataclass(frozen=True, slots=True)
class SubArea:
    id: str
    label: str
    steps: tuple[str, ...]  # STEP_COUNT neutral descriptions, step 1 first

    def step_text(self, step: int) -> str:
        return self.steps[step - 1]


@dataclass(frozen=True, slots=True)
class Pillar:
    id: str
    label: str
    short: str  # short label for the picture's legend and axis
    sub_areas: tuple[SubArea, ...]


@dataclass(frozen=True, slots=True)
class Bridge:
    title: str
    source: str
    pillars: tuple[Pillar, ...]
    built_in: bool = False

    @property
    def sub_areas(self) -> tuple[SubArea, ...]:
        return tuple(sub for pillar in self.pillars for sub in pillar.sub_areas)

    def sub_area(self, sub_area_id: str) -> SubArea | None:
        return next((sub for sub in self.sub_areas if sub.id == sub_area_id), None)

    def pillar_of(self, sub_area_id: str) -> Pillar | None:
        return next((p for p in self.pillars if any(s.id == sub_area_id for s in p.sub_areas)), None)

    def pillar(self, pillar_id: str) -> Pillar | None:
        return next((p for p in self.pillars if p.id == pillar_id), None)


def is_valid_step(step: object) -> bool:
    return isinstance(step, int) and not isinstance(step, bool) and 1 <= step <= STEP_COUNT


# --- how each pillar's series is drawn --------------------------------------------------------------------------

@dataclass(frozen=True, slots=True)
class SeriesStyle:
    marker: str  # circle | square | triangle | diamond | cross
    dash: tuple[int, ...]  # line pattern in points (empty = solid)
    colour: str  # hex, Okabe–Ito
    grey: float  # 0 (black) .. 1 (white): a fill that stays distinct in grey-scale print

# Distinct shape + distinct dash + distinct lightness: readable without colour.
SERIES_STYLES: tuple[SeriesStyle, ...] = (
    SeriesStyle("circle", (), "#0072B2", 0.0),
    SeriesStyle("square", (6, 3), "#E69F00", 1.0),
    SeriesStyle("triangle", (2, 2), "#009E73", 0.45),
    SeriesStyle("diamond", (8, 3, 2, 3), "#CC79A7", 0.75),
    SeriesStyle("cross", (1, 3), "#D55E00", 0.2),
)


def series_style(pillar_index: int) -> SeriesStyle:
    return SERIES_STYLES[pillar_index % len(SERIES_STYLES)]


# --- progress over time ---------------------------------------------------------------------------------------

@dataclass(frozen=True, slots=True)
class BridgeSnapshot:
    """One conversation's placements: sub-area id -> step."""

    held_on: date
    placements: Mapping[str, int]
    label: str = ""  # e.g. "Intake"


@dataclass(frozen=True)
class PillarSeries:
    pillar: Pillar
    index: int  # position in the bridge, for its style
    values: tuple[float | None, ...]  # per snapshot: mean step of the placed sub-areas, or None

    @property
    def style(self) -> SeriesStyle:
        return series_style(self.index)

    @property
    def points(self) -> list[tuple[int, float]]:
        return [(i, v) for i, v in enumerate(self.values) if v is not None]


@dataclass(frozen=True)
class BridgeProgress:
    bridge: Bridge
    snapshots: tuple[BridgeSnapshot, ...]
    series: tuple[PillarSeries, ...]
    unknown_sub_areas: frozenset[str] = field(default_factory=frozenset)  # placements the bridge does not know

    @property
    def point_count(self) -> int:
        return sum(len(s.points) for s in self.series)

    @property
    def is_empty(self) -> bool:
        return self.point_count == 0

    def text_alternative(self) -> str:
        """The picture in words (Dutch), for screen readers and as the PDF's description."""
        if not self.snapshots:
            return "Er zijn nog geen gesprekken met een plaatsing op de brug."
        dates = ", ".join(format_date_nl(s.held_on) for s in self.snapshots)
        lines = [f"Brug naar zelfredzaamheid: trede per pijler (1 tot en met {STEP_COUNT}) in "
                 f"{len(self.snapshots)} gesprek{'ken' if len(self.snapshots) != 1 else ''} ({dates})."]
        for serie in self.series:
            if not serie.points:
                lines.append(f"{serie.pillar.label}: nog niet besproken.")
                continue
            steps = " → ".join(format_step(v) for _, v in serie.points)
            lines.append(f"{serie.pillar.label}: {steps}.")
        return " ".join(lines)


def pillar_value(pillar: Pillar, placements: Mapping[str, int]) -> float | None:
    steps = [placements[s.id] for s in pillar.sub_areas if is_valid_step(placements.get(s.id))]
    if not steps:
        return None
    return round(sum(steps) / len(steps), 1)


def bridge_progress(bridge: Bridge, snapshots: Iterable[BridgeSnapshot]) -> BridgeProgress:
    """Series per pillar across `snapshots`, oldest first (sorted by date; stable for the same date)."""
    ordered = tuple(sorted(snapshots, key=lambda s: s.held_on))
    known = {sub.id for sub in bridge.sub_areas}
    unknown = frozenset(k for s in ordered for k in s.placements if k not in known)
    series = tuple(PillarSeries(p, i, tuple(pillar_value(p, s.placements) for s in ordered))
                   for i, p in enumerate(bridge.pillars))
    return BridgeProgress(bridge, ordered, series, unknown)


def format_step(value: float) -> str:
    """3.0 -> "3", 3.5 -> "3,5" (Dutch decimal comma)."""
    return str(int(value)) if float(value).is_integer() else f"{value:.1f}".replace(".", ",")


_MONTHS_NL = ("januari", "februari", "maart", "april", "mei", "juni", "juli", "augustus", "september",
              "oktober", "november", "december")


def format_date_nl(day: date) -> str:
    return f"{day.day} {_MONTHS_NL[day.month - 1]} {day.year}"


def short_date_nl(day: date) -> str:
    return f"{day.day}-{day.month}-{day.year % 100:02d}"


def axis_labels(snapshots: Sequence[BridgeSnapshot]) -> list[str]:
    return [short_date_nl(s.held_on) for s in snapshots]
