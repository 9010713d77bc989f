"""The bridge picture in PDF: the step per pillar (1–5) across conversations, with reportlab graphics.

Readable without colour: every pillar has its own marker shape and line pattern (domain/bridge.py SERIES_STYLES),
markers have a black outline and a fill of their own grey level, every series ends in its short label, and a
table with the values plus the text alternative sit under the picture.

`bridge_drawing(progress)` gives the reportlab Drawing (also usable in other documents); `render_bridge_chart`
the whole one-page PDF. Data-point markers are `Marker` groups, so tests can count the points.
"""
from __future__ import annotations

from xml.sax.saxutils import escape

from reportlab.graphics.shapes import Circle, Drawing, Group, Line, PolyLine, Polygon, Rect, String
from reportlab.lib import colors
from reportlab.lib.units import mm
from reportlab.platypus import Paragraph, Spacer, Table, TableStyle

from ketenregie.documents.pdf import SANS, SANS_BOLD, PdfMetadata, register_fonts, render_pdf, styles
from ketenregie.domain.bridge import (STEP_COUNT, BridgeProgress, SeriesStyle, axis_labels, format_date_nl,
                                      format_step)

WIDTH = 166 * mm
HEIGHT = 95 * mm
_LEFT, _RIGHT, _BOTTOM, _TOP = 34.0, 70.0, 30.0, 14.0
MARKER_SIZE = 4.5


class Marker(Group):
    """One data point's marker (its own class, so tests and callers can count points)."""


def marker(style: SeriesStyle, x: float, y: float, size: float = MARKER_SIZE) -> Group:
    fill = colors.Color(style.grey, style.grey, style.grey)
    outline = dict(strokeColor=colors.black, strokeWidth=0.9, fillColor=fill)
    group = Marker()
    if style.marker == "circle":
        group.add(Circle(x, y, size, **outline))
    elif style.marker == "square":
        group.add(Rect(x - size, y - size, 2 * size, 2 * size, **outline))
    elif style.marker == "triangle":
        group.add(Polygon([x - size, y - size, x + size, y - size, x, y + size * 1.1], **outline))
    elif style.marker == "diamond":
        group.add(Polygon([x, y - size * 1.2, x + size, y, x, y + size * 1.2, x - size, y], **outline))
    else:  # cross: two thick strokes, a white halo keeps it visible over lines
        for dx in (-1, 1):
            group.add(Line(x - size, y - dx * size, x + size, y + dx * size, strokeColor=colors.white,
                           strokeWidth=3.2))
            group.add(Line(x - size, y - dx * size, x + size, y + dx * size, strokeColor=colors.black,
                           strokeWidth=1.6))
    return group


def serie_offset(index: int, count: int, spacing: float = 9.0) -> float:
    return (index - (count - 1) / 2) * spacing


def bridge_drawing(progress: BridgeProgress, width: float = WIDTH, height: float = HEIGHT) -> Drawing:
    register_fonts()
    drawing = Drawing(width, height)
    plot_w = width - _LEFT - _RIGHT
    plot_h = height - _BOTTOM - _TOP
    count = len(progress.snapshots)

    inset = 28.0  # room for the side-by-side markers at the first and last conversation

    def x_at(i: int) -> float:
        return _LEFT + inset + (0.5 if count <= 1 else i / (count - 1)) * (plot_w - 2 * inset) if count > 1 \
            else _LEFT + plot_w / 2

    def y_at(step: float) -> float:
        return _BOTTOM + plot_h * (step - 1) / (STEP_COUNT - 1)

    # grid and axes: a light line per step, labelled 1..5
    for step in range(1, STEP_COUNT + 1):
        y = y_at(step)
        drawing.add(Line(_LEFT, y, _LEFT + plot_w, y, strokeColor=colors.Color(0.8, 0.8, 0.8), strokeWidth=0.5))
        drawing.add(String(_LEFT - 8, y - 3, str(step), fontName=SANS, fontSize=8, textAnchor="end"))
    drawing.add(String(_LEFT - 4, _BOTTOM + plot_h + 6, "trede", fontName=SANS, fontSize=8, textAnchor="end"))
    drawing.add(Line(_LEFT, _BOTTOM, _LEFT + plot_w, _BOTTOM, strokeColor=colors.black, strokeWidth=0.8))
    drawing.add(Line(_LEFT, _BOTTOM, _LEFT, _BOTTOM + plot_h, strokeColor=colors.black, strokeWidth=0.8))
    for i, label in enumerate(axis_labels(progress.snapshots)):
        drawing.add(String(x_at(i), _BOTTOM - 12, label, fontName=SANS, fontSize=8, textAnchor="middle"))
    drawing.add(String(_LEFT + plot_w / 2, 4, "gesprekken (datum)", fontName=SANS, fontSize=8,
                       textAnchor="middle"))

    # series: pattern line, then markers, then the label at the last point (labels nudged apart)
    label_positions: list[float] = []
    for serie in progress.series:
        style = serie.style
        # Points with the same value sit side by side (a small offset per pillar) instead of hiding each other.
        offset = serie_offset(serie.index, len(progress.series))
        points = [(x_at(i) + offset, y_at(v)) for i, v in serie.points]
        if len(points) > 1:
            flat = [c for point in points for c in point]
            drawing.add(PolyLine(flat, strokeColor=colors.HexColor(style.colour), strokeWidth=1.6,
                                 strokeDashArray=list(style.dash) or None))
        for x, y in points:
            drawing.add(marker(style, x, y))
        if points:
            y = points[-1][1]
            while any(abs(y - taken) < 9 for taken in label_positions):
                y -= 9
            label_positions.append(y)
            legend = Group(*marker(style, _LEFT + plot_w + 12, y, 3.2).contents)
            legend.add(String(_LEFT + plot_w + 20, y - 3, serie.pillar.short, fontName=SANS_BOLD, fontSize=8))
            drawing.add(legend)
    return drawing


def count_markers(drawing: Drawing) -> int:
    """Markers on the data points (legend markers excluded)."""
    return sum(1 for item in drawing.contents if isinstance(item, Marker))


def values_table(progress: BridgeProgress) -> Table:
    s = styles()
    header = ["Pijler"] + [format_date_nl(snap.held_on) for snap in progress.snapshots]
    rows = [header]
    for serie in progress.series:
        rows.append([f"{serie.pillar.label} ({_shape_nl(serie.style.marker)})"]
                    + [format_step(v) if v is not None else "–" for v in serie.values])
    cells = [[Paragraph(escape(str(c)), s.small) for c in row] for row in rows]
    first = 62 * mm
    other = (WIDTH - first) / max(1, len(progress.snapshots))
    table = Table(cells, colWidths=[first] + [other] * len(progress.snapshots), repeatRows=1)
    table.setStyle(TableStyle([
        ("GRID", (0, 0), (-1, -1), 0.4, colors.Color(0.6, 0.6, 0.6)),
        ("BACKGROUND", (0, 0), (-1, 0), colors.Color(0.9, 0.9, 0.9)),
        ("VALIGN", (0, 0), (-1, -1), "TOP"),
    ]))
    return table


_SHAPES_NL = {"circle": "rondje", "square": "vierkantje", "triangle": "driehoekje", "diamond": "ruitje",
              "cross": "kruisje"}


def _shape_nl(marker_name: str) -> str:
    return _SHAPES_NL.get(marker_name, marker_name)


def render_bridge_chart(progress: BridgeProgress, case_number: str) -> bytes:
    s = styles()
    story: list = [
        Paragraph("Brug naar zelfredzaamheid: voortgang", s.heading),
        Paragraph(f"Casus {escape(case_number)}. Per pijler de trede (1 = in crisis, {STEP_COUNT} = zelfredzaam): "
                  "het gemiddelde van de besproken deelgebieden, per gesprek.", s.body),
        Spacer(1, 4),
    ]
    if progress.is_empty:
        story.append(Paragraph("Er zijn nog geen afgeronde gesprekken met een plaatsing op de brug.", s.body))
    else:
        story += [bridge_drawing(progress), Spacer(1, 8), values_table(progress), Spacer(1, 8),
                  Paragraph("In woorden: " + escape(progress.text_alternative()), s.small)]
    if not progress.bridge.built_in and progress.bridge.source:
        story.append(Paragraph("Teksten: " + escape(progress.bridge.source), s.small))
    elif progress.bridge.built_in:
        story.append(Paragraph("Teksten: neutrale omschrijvingen van Ketenregie (niet de officiële "
                               "Mobility Mentoring-teksten).", s.small))
    return render_pdf(story, PdfMetadata(title=f"Brug voortgang {case_number}", subject="Brug naar zelfredzaamheid"))


def file_name(case_number: str, day) -> str:
    """No personal data: case number + document kind + date."""
    return f"{case_number}_brug_{day.isoformat()}.pdf"


def sample_progress() -> BridgeProgress:
    """Fictitious progress over three conversations with the built-in bridge."""
    from datetime import date

    from ketenregie.domain.bridge import BridgeSnapshot, bridge_progress
    from ketenregie.domain.checklists import BRIDGE_RESOURCE, load_bridge
    from ketenregie.resources import resource_path

    bridge = load_bridge(resource_path(*BRIDGE_RESOURCE), built_in=True)
    snapshots = [
        BridgeSnapshot(date(2026, 2, 3), {"housing": 2, "care_for_others": 3, "health": 3, "social_network": 2,
                                          "debts": 1, "buffer": 1, "income": 2, "work": 1}, "Intake"),
        BridgeSnapshot(date(2026, 3, 17), {"housing": 3, "care_for_others": 3, "health": 3, "social_network": 3,
                                           "debts": 2, "buffer": 1, "schooling": 2, "income": 3, "work": 2}),
        BridgeSnapshot(date(2026, 5, 12), {"housing": 4, "care_for_others": 4, "health": 3, "social_network": 3,
                                           "debts": 3, "buffer": 2, "schooling": 3, "basic_skills": 3,
                                           "income": 3, "work": 2}),
    ]
    return bridge_progress(bridge, snapshots)


def samples():
    from ketenregie.documents.samples import SampleDocument

    return [SampleDocument("brug-voortgang.pdf", "Brug naar zelfredzaamheid: voortgang (fictieve casus)",
                           lambda: render_bridge_chart(sample_progress(), "2026-0001"))]
