"""One chart model for screen and PDF (issue 13 item 3).

Why this shape: the monitor's pictures are simple (bars, a line, a funnel), and the app already draws the bridge
picture with Qt on screen and reportlab graphics in PDFs from one domain model (domain/bridge.py). Doing the same
here keeps a single source of truth for values, labels and patterns without adding a plotting library (matplotlib
would add ~40 MB to the installer for three chart types and still need a Qt and a PDF path). The renderers
(ui/monitor/charts.py with QPainter, documents/monitor_charts.py with reportlab.graphics) only draw what this model
says. Hidden (suppressed) values are drawn as an outlined, empty bar with the "<5" label, never with a height.

Readable without colour: every series has a hatch pattern and every bar carries its value as text; each chart has
a text alternative (`text_alternative`) for screen readers and the PDF.
"""
from __future__ import annotations

from dataclasses import dataclass
from enum import StrEnum

PATTERNS = ("solid", "hatch", "dots", "cross")


class ChartKind(StrEnum):
    BAR = "bar"
    LINE = "line"
    FUNNEL = "funnel"


@dataclass(frozen=True, slots=True)
class Bar:
    label: str
    value: int | None  # None: hidden (small number)
    pattern: str = "solid"


@dataclass(frozen=True, slots=True)
class Chart:
    key: str
    title: str
    kind: ChartKind
    bars: tuple[Bar, ...]
    hidden_text: str = "<5"

    @property
    def max_value(self) -> int:
        return max((b.value for b in self.bars if b.value is not None), default=0)

    def value_text(self, bar: Bar) -> str:
        return self.hidden_text if bar.value is None else str(bar.value)

    def text_alternative(self) -> str:
        kind = {ChartKind.BAR: "Staafdiagram", ChartKind.LINE: "Lijndiagram", ChartKind.FUNNEL: "Trechter"}[self.kind]
        parts = [f"{b.label}: {self.value_text(b)}" for b in self.bars]
        return f"{kind} '{self.title}'. " + ("; ".join(parts) if parts else "Geen gegevens.") + "."


def bar_chart(key: str, title: str, items: list[tuple[str, int | None]], hidden_text: str = "<5") -> Chart:
    return Chart(key, title, ChartKind.BAR,
                 tuple(Bar(label, value, PATTERNS[i % 2]) for i, (label, value) in enumerate(items)), hidden_text)


def line_chart(key: str, title: str, items: list[tuple[str, int | None]], hidden_text: str = "<5") -> Chart:
    return Chart(key, title, ChartKind.LINE, tuple(Bar(label, value) for label, value in items), hidden_text)


def funnel_chart(key: str, title: str, items: list[tuple[str, int | None]], hidden_text: str = "<5") -> Chart:
    return Chart(key, title, ChartKind.FUNNEL,
                 tuple(Bar(label, value, PATTERNS[i % len(PATTERNS)]) for i, (label, value) in enumerate(items)),
                 hidden_text)
