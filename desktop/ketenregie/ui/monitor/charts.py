"""The monitor's charts on screen: QPainter drawing the shared chart model (domain/monitor/charts.py), the same one
the PDF draws with reportlab. Hatch patterns and value labels carry the meaning without colour; the widget's
accessible description is the chart's text alternative."""
from __future__ import annotations

from PySide6.QtCore import QRectF, QSize, Qt
from PySide6.QtGui import QBrush, QPainter, QPen
from PySide6.QtWidgets import QSizePolicy, QWidget

from ketenregie.domain.monitor.charts import Bar, Chart, ChartKind

_BRUSHES = {"solid": Qt.BrushStyle.SolidPattern, "hatch": Qt.BrushStyle.BDiagPattern,
            "dots": Qt.BrushStyle.Dense6Pattern, "cross": Qt.BrushStyle.DiagCrossPattern}


class ChartWidget(QWidget):
    def __init__(self, chart: Chart, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.chart = chart
        self.setAccessibleName(chart.title)
        self.setAccessibleDescription(chart.text_alternative())
        self.setToolTip(chart.text_alternative())
        self.setMinimumHeight(200)
        self.setSizePolicy(QSizePolicy.Policy.Expanding, QSizePolicy.Policy.Fixed)

    def sizeHint(self) -> QSize:
        return QSize(520, 220)

    def _brush(self, bar: Bar) -> QBrush:
        return QBrush(self.palette().text().color(), _BRUSHES.get(bar.pattern, Qt.BrushStyle.SolidPattern))

    def paintEvent(self, _event) -> None:
        chart = self.chart
        p = QPainter(self)
        p.setRenderHint(QPainter.RenderHint.Antialiasing)
        fg = self.palette().text().color()
        p.setPen(QPen(fg))
        w, h = self.width(), self.height()
        title_font = p.font()
        title_font.setBold(True)
        p.setFont(title_font)
        p.drawText(QRectF(0, 0, w, 18), Qt.AlignmentFlag.AlignLeft, chart.title)
        normal = p.font()
        normal.setBold(False)
        p.setFont(normal)
        bars = chart.bars
        if not bars:
            p.drawText(QRectF(0, 24, w, 20), Qt.AlignmentFlag.AlignLeft, "Geen gegevens.")
            return
        top, base = 24.0, h - 22.0
        scale = max(chart.max_value, 1)
        if chart.kind == ChartKind.FUNNEL:
            row = (base - top) / len(bars)
            label_w, value_w = 120.0, 50.0
            span = w - label_w - value_w
            for i, bar in enumerate(bars):
                y = top + i * row
                p.drawText(QRectF(0, y, label_w, row), Qt.AlignmentFlag.AlignVCenter, bar.label)
                if bar.value is None:
                    p.setBrush(Qt.BrushStyle.NoBrush)
                    p.setPen(QPen(fg, 1, Qt.PenStyle.DashLine))
                    p.drawRect(QRectF(label_w, y + 3, span, row - 6))
                    p.setPen(QPen(fg))
                else:
                    bw = span * bar.value / scale
                    p.setBrush(self._brush(bar))
                    p.drawRect(QRectF(label_w + (span - bw) / 2, y + 3, bw, row - 6))
                p.drawText(QRectF(w - value_w, y, value_w, row), Qt.AlignmentFlag.AlignVCenter,
                           chart.value_text(bar))
            return
        slot = w / len(bars)
        p.drawLine(0, int(base), w, int(base))
        previous = None
        for i, bar in enumerate(bars):
            cx = slot * (i + 0.5)
            bh = (base - top - 16) * (bar.value or 0) / scale
            p.drawText(QRectF(cx - slot / 2, base + 2, slot, 18), Qt.AlignmentFlag.AlignHCenter,
                       bar.label if len(bar.label) <= 14 else bar.label[:13] + "…")
            if chart.kind == ChartKind.LINE:
                if bar.value is not None:
                    point = (cx, base - bh)
                    p.setBrush(QBrush(fg))
                    p.drawRect(QRectF(point[0] - 2, point[1] - 2, 4, 4))
                    if previous is not None:
                        p.drawLine(int(previous[0]), int(previous[1]), int(point[0]), int(point[1]))
                    previous = point
            elif bar.value is None:
                p.setBrush(Qt.BrushStyle.NoBrush)
                p.setPen(QPen(fg, 1, Qt.PenStyle.DashLine))
                p.drawRect(QRectF(cx - slot * 0.3, base - 10, slot * 0.6, 10))
                p.setPen(QPen(fg))
                bh = 10
            elif bh > 0:
                p.setBrush(self._brush(bar))
                p.drawRect(QRectF(cx - slot * 0.3, base - bh, slot * 0.6, bh))
            p.drawText(QRectF(cx - slot / 2, base - bh - 16, slot, 16), Qt.AlignmentFlag.AlignHCenter,
                       chart.value_text(bar))
