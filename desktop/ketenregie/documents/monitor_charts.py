"""The monitor's charts in the PDF: reportlab graphics drawn from the same chart model as the screen
(domain/monitor/charts.py). Hatching and value labels make them readable without colour; a hidden value is an
outlined empty bar labelled "<5"."""
from __future__ import annotations

from reportlab.graphics.shapes import Drawing, Line, PolyLine, Rect, String
from reportlab.lib import colors

from ketenregie.documents.pdf import SANS, SANS_BOLD, register_fonts
from ketenregie.domain.monitor.charts import Bar, Chart, ChartKind

WIDTH, HEIGHT = 460, 190
DARK = colors.HexColor("#1f3b57")
LIGHT = colors.HexColor("#c9d6e3")


def _pattern(d: Drawing, x: float, y: float, w: float, h: float, bar: Bar) -> None:
    if bar.pattern == "solid":
        d.add(Rect(x, y, w, h, fillColor=DARK, strokeColor=DARK))
        return
    d.add(Rect(x, y, w, h, fillColor=LIGHT, strokeColor=DARK))
    step = 5
    if bar.pattern in ("hatch", "cross"):
        k = 0.0
        while k < w + h:
            x0, y0 = x + max(0.0, k - h), y + min(h, k)
            x1, y1 = x + min(w, k), y + max(0.0, k - w)
            d.add(Line(x0, y0, x1, y1, strokeColor=DARK, strokeWidth=0.6))
            k += step
    if bar.pattern == "dots":
        yy = y + 2
        while yy < y + h:
            xx = x + 2
            while xx < x + w:
                d.add(Rect(xx, yy, 1, 1, fillColor=DARK, strokeColor=None))
                xx += step
            yy += step


def chart_drawing(chart: Chart, width: float = WIDTH, height: float = HEIGHT) -> Drawing:
    register_fonts()
    d = Drawing(width, height)
    d.add(String(0, height - 12, chart.title, fontName=SANS_BOLD, fontSize=10))
    top = height - 24
    bars = chart.bars
    if not bars:
        d.add(String(0, top - 20, "Geen gegevens.", fontName=SANS, fontSize=9))
        return d
    scale_max = max(chart.max_value, 1)
    if chart.kind == ChartKind.FUNNEL:
        row_h = min(28.0, top / len(bars))
        for i, bar in enumerate(bars):
            y = top - (i + 1) * row_h + 4
            w = (width - 170) * ((bar.value or 0) / scale_max) if bar.value is not None else 0
            x = 110 + ((width - 170) - w) / 2
            d.add(String(0, y + row_h / 3, bar.label, fontName=SANS, fontSize=8))
            if bar.value is None:
                d.add(Rect(110, y, width - 170, row_h - 6, fillColor=None, strokeColor=DARK, strokeDashArray=[2, 2]))
            elif w > 0:
                _pattern(d, x, y, w, row_h - 6, bar)
            d.add(String(width - 55, y + row_h / 3, chart.value_text(bar), fontName=SANS_BOLD, fontSize=8))
        return d
    base, plot_h = 28, top - 40
    slot = (width - 20) / len(bars)
    d.add(Line(10, base, width - 10, base, strokeColor=colors.black))
    points = []
    for i, bar in enumerate(bars):
        cx = 10 + slot * (i + 0.5)
        h = plot_h * (bar.value / scale_max) if bar.value is not None else 0
        label = bar.label if len(bar.label) <= 14 else bar.label[:13] + "…"
        d.add(String(cx, base - 10, label, fontName=SANS, fontSize=6 if len(bars) > 8 else 7, textAnchor="middle"))
        if chart.kind == ChartKind.LINE:
            if bar.value is not None:
                points.append((cx, base + h))
                d.add(Rect(cx - 2, base + h - 2, 4, 4, fillColor=DARK, strokeColor=DARK))
        else:
            w = slot * 0.6
            if bar.value is None:
                d.add(Rect(cx - w / 2, base, w, 10, fillColor=None, strokeColor=DARK, strokeDashArray=[2, 2]))
            elif h > 0:
                _pattern(d, cx - w / 2, base, w, h, bar)
        d.add(String(cx, base + h + 3 + (10 if bar.value is None and chart.kind == ChartKind.BAR else 0),
                     chart.value_text(bar), fontName=SANS_BOLD, fontSize=7, textAnchor="middle"))
    if len(points) > 1:
        d.add(PolyLine([c for p in points for c in p], strokeColor=DARK, strokeWidth=1.2))
    return d
