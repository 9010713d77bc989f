"""The bridge picture in the app, drawn with QPainter: the step per pillar across conversations.

Same look as the PDF (documents/bridge_chart.py, styles from domain/bridge.py): each pillar its own marker shape,
line pattern and grey level, with its short label at the end of the line — readable in grey-scale and without
telling colours apart. The text alternative (`BridgeProgress.text_alternative`) is the widget's accessible
description and its tooltip. `render_image()` paints offscreen into a QImage; `points_drawn` counts the markers
of the last paint (tests check it against the number of points)."""
from __future__ import annotations

from PySide6.QtCore import QCoreApplication, QPointF, QRectF, QSize, Qt
from PySide6.QtGui import QBrush, QColor, QFont, QImage, QPainter, QPainterPath, QPalette, QPen, QPolygonF
from PySide6.QtWidgets import QSizePolicy, QWidget

from ketenregie.domain.bridge import STEP_COUNT, BridgeProgress, SeriesStyle, axis_labels


def _tr(text: str) -> str:
    return QCoreApplication.translate("Conversations", text)


class BridgeChartWidget(QWidget):
    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self._progress: BridgeProgress | None = None
        self.points_drawn = 0
        self.setMinimumSize(QSize(420, 240))
        self.setSizePolicy(QSizePolicy.Policy.Expanding, QSizePolicy.Policy.Expanding)
        self.setAccessibleName(_tr("Brug naar zelfredzaamheid: voortgang"))
        self.setFocusPolicy(Qt.FocusPolicy.TabFocus)  # reachable for screen readers
        self.set_progress(None)

    def set_progress(self, progress: BridgeProgress | None) -> None:
        self._progress = progress
        text = progress.text_alternative() if progress is not None else _tr("Nog geen gegevens.")
        self.setAccessibleDescription(text)
        self.setToolTip(text)
        self.update()

    @property
    def progress(self) -> BridgeProgress | None:
        return self._progress

    def text_alternative(self) -> str:
        return self.accessibleDescription()

    def render_image(self, size: QSize | None = None) -> QImage:
        size = size or QSize(640, 360)
        image = QImage(size, QImage.Format.Format_ARGB32)
        image.fill(QColor("white"))
        painter = QPainter(image)
        try:
            self._paint(painter, QRectF(0, 0, size.width(), size.height()), light=True)
        finally:
            painter.end()
        return image

    def paintEvent(self, _event) -> None:  # noqa: N802 - Qt override
        painter = QPainter(self)
        try:
            self._paint(painter, QRectF(self.rect()), light=False)
        finally:
            painter.end()

    # --- drawing ------------------------------------------------------------------------------------------------
    def _paint(self, painter: QPainter, area: QRectF, *, light: bool) -> None:
        painter.setRenderHint(QPainter.RenderHint.Antialiasing)
        palette = self.palette()
        text_colour = QColor("black") if light else palette.color(QPalette.ColorRole.WindowText)
        grid_colour = QColor(200, 200, 200) if light else palette.color(QPalette.ColorRole.Mid)
        font = QFont(self.font())
        painter.setFont(font)
        self.points_drawn = 0
        progress = self._progress
        if progress is None or progress.is_empty:
            painter.setPen(text_colour)
            painter.drawText(area, Qt.AlignmentFlag.AlignCenter | Qt.TextFlag.TextWordWrap,
                             _tr("Nog geen afgeronde gesprekken met een plaatsing op de brug."))
            return
        metrics = painter.fontMetrics()
        left, right = area.left() + metrics.horizontalAdvance("trede") + 12, area.right() - 110
        top, bottom = area.top() + metrics.height() + 8, area.bottom() - 2 * metrics.height() - 10
        count = len(progress.snapshots)
        inset = 26.0

        def x_at(i: int) -> float:
            if count <= 1:
                return (left + right) / 2
            return left + inset + (right - left - 2 * inset) * i / (count - 1)

        def y_at(step: float) -> float:
            return bottom - (bottom - top) * (step - 1) / (STEP_COUNT - 1)

        painter.setPen(QPen(grid_colour, 1))
        for step in range(1, STEP_COUNT + 1):
            painter.drawLine(QPointF(left, y_at(step)), QPointF(right, y_at(step)))
        painter.setPen(QPen(text_colour, 1.2))
        painter.drawLine(QPointF(left, bottom), QPointF(right, bottom))
        painter.drawLine(QPointF(left, top), QPointF(left, bottom))
        for step in range(1, STEP_COUNT + 1):
            painter.drawText(QRectF(area.left(), y_at(step) - 10, left - area.left() - 6, 20),
                             Qt.AlignmentFlag.AlignRight | Qt.AlignmentFlag.AlignVCenter, str(step))
        painter.drawText(QRectF(area.left(), area.top(), left - area.left() + 30, metrics.height()),
                         Qt.AlignmentFlag.AlignLeft, _tr("trede"))
        for i, label in enumerate(axis_labels(progress.snapshots)):
            painter.drawText(QRectF(x_at(i) - 50, bottom + 4, 100, metrics.height()),
                             Qt.AlignmentFlag.AlignHCenter, label)
        painter.drawText(QRectF(left, bottom + metrics.height() + 6, right - left, metrics.height()),
                         Qt.AlignmentFlag.AlignHCenter, _tr("gesprekken (datum)"))

        taken: list[float] = []
        spacing = 9.0
        for serie in progress.series:
            style = serie.style
            offset = (serie.index - (len(progress.series) - 1) / 2) * spacing
            points = [QPointF(x_at(i) + offset, y_at(v)) for i, v in serie.points]
            pen = QPen(QColor(style.colour), 2.2)
            if style.dash:
                pen.setDashPattern([max(0.5, d / 2.2) for d in style.dash])
            painter.setPen(pen)
            for a, b in zip(points, points[1:]):
                painter.drawLine(a, b)
            for point in points:
                _marker(painter, style, point, 5.5)
                self.points_drawn += 1
            if points:
                y = points[-1].y()
                while any(abs(y - t) < metrics.height() for t in taken):
                    y += metrics.height()
                taken.append(y)
                _marker(painter, style, QPointF(right + 18, y), 4.0)
                painter.setPen(text_colour)
                bold = QFont(font)
                bold.setBold(True)
                painter.setFont(bold)
                painter.drawText(QRectF(right + 28, y - metrics.height() / 2, 90, metrics.height()),
                                 Qt.AlignmentFlag.AlignLeft | Qt.AlignmentFlag.AlignVCenter, serie.pillar.short)
                painter.setFont(font)


def _marker(painter: QPainter, style: SeriesStyle, centre: QPointF, size: float) -> None:
    grey = int(style.grey * 255)
    painter.setPen(QPen(QColor("black"), 1.2))
    painter.setBrush(QBrush(QColor(grey, grey, grey)))
    x, y = centre.x(), centre.y()
    if style.marker == "circle":
        painter.drawEllipse(centre, size, size)
    elif style.marker == "square":
        painter.drawRect(QRectF(x - size, y - size, 2 * size, 2 * size))
    elif style.marker == "triangle":
        painter.drawPolygon(QPolygonF([QPointF(x - size, y + size), QPointF(x + size, y + size),
                                       QPointF(x, y - size * 1.1)]))
    elif style.marker == "diamond":
        painter.drawPolygon(QPolygonF([QPointF(x, y - size * 1.2), QPointF(x + size, y), QPointF(x, y + size * 1.2),
                                       QPointF(x - size, y)]))
    else:
        path = QPainterPath()
        path.moveTo(x - size, y - size)
        path.lineTo(x + size, y + size)
        path.moveTo(x - size, y + size)
        path.lineTo(x + size, y - size)
        painter.setPen(QPen(QColor("white"), 4.0))
        painter.drawPath(path)
        painter.setPen(QPen(QColor("black"), 2.0))
        painter.drawPath(path)
    painter.setBrush(Qt.BrushStyle.NoBrush)
