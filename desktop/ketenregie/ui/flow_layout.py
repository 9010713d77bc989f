"""A layout that wraps its items onto the next line when the window is narrow (Qt's own "Flow Layout" example,
in Python): filter rows and button rows stay usable on a 1280×720 screen instead of widening the window.

    row = FlowLayout()
    row.addWidget(labelled(label, combo))   # a label and its control wrap together

`labelled` puts a label and its control in one item so they are never split over two lines.
"""
from __future__ import annotations

from PySide6.QtCore import QMargins, QPoint, QRect, QSize, Qt
from PySide6.QtWidgets import QHBoxLayout, QLayout, QLayoutItem, QSizePolicy, QStyle, QWidget


class FlowLayout(QLayout):
    def __init__(self, parent: QWidget | None = None, *, spacing: int = -1) -> None:
        super().__init__(parent)
        self._items: list[QLayoutItem] = []
        self._spacing = spacing
        if parent is not None:
            self.setContentsMargins(QMargins(0, 0, 0, 0))

    def __del__(self) -> None:  # noqa: D105 - Qt owns the items' widgets; drop our references
        self._items.clear()

    def addItem(self, item: QLayoutItem) -> None:  # noqa: N802
        self._items.append(item)

    def count(self) -> int:
        return len(self._items)

    def itemAt(self, index: int) -> QLayoutItem | None:  # noqa: N802
        return self._items[index] if 0 <= index < len(self._items) else None

    def takeAt(self, index: int) -> QLayoutItem | None:  # noqa: N802
        return self._items.pop(index) if 0 <= index < len(self._items) else None

    def expandingDirections(self) -> Qt.Orientation:  # noqa: N802
        return Qt.Orientation(0)

    def hasHeightForWidth(self) -> bool:  # noqa: N802
        return True

    def heightForWidth(self, width: int) -> int:  # noqa: N802
        return self._arrange(QRect(0, 0, width, 0), apply=False)

    def setGeometry(self, rect: QRect) -> None:  # noqa: N802
        super().setGeometry(rect)
        self._arrange(rect, apply=True)

    def sizeHint(self) -> QSize:  # noqa: N802
        """One line with everything: what the layout would like."""
        width = height = 0
        for item in self._items:
            hint = item.sizeHint()
            width += hint.width() + (self._space(item) if width else 0)
            height = max(height, hint.height())
        margins = self.contentsMargins()
        return QSize(width + margins.left() + margins.right(), height + margins.top() + margins.bottom())

    def minimumSize(self) -> QSize:  # noqa: N802
        """The widest single item: narrower than that, nothing can wrap further."""
        size = QSize()
        for item in self._items:
            size = size.expandedTo(item.minimumSize())
        margins = self.contentsMargins()
        return size + QSize(margins.left() + margins.right(), margins.top() + margins.bottom())

    def _space(self, item: QLayoutItem) -> int:
        if self._spacing >= 0:
            return self._spacing
        widget = item.widget()
        style = widget.style() if widget is not None else None
        if style is None:
            return 6
        return style.layoutSpacing(QSizePolicy.ControlType.PushButton, QSizePolicy.ControlType.PushButton,
                                   Qt.Orientation.Horizontal)

    def _arrange(self, rect: QRect, *, apply: bool) -> int:
        margins = self.contentsMargins()
        area = rect.marginsRemoved(margins)
        x, y, line_height = area.x(), area.y(), 0
        vertical = self._spacing if self._spacing >= 0 else (
            self.parentWidget().style().pixelMetric(QStyle.PixelMetric.PM_LayoutVerticalSpacing)
            if self.parentWidget() is not None else 4)
        vertical = max(vertical, 2)
        for item in self._items:
            if item.isEmpty():
                continue
            hint = item.sizeHint()
            space = self._space(item)
            width = min(hint.width(), max(area.width(), item.minimumSize().width()))
            if x > area.x() and x + width > area.right() + 1:
                x = area.x()
                y += line_height + vertical
                line_height = 0
            if apply:
                item.setGeometry(QRect(QPoint(x, y), QSize(width, hint.height())))
            x += width + space
            line_height = max(line_height, hint.height())
        return y + line_height - rect.y() + margins.bottom()


def labelled(label: QWidget, control: QWidget, parent: QWidget | None = None) -> QWidget:
    """A label and its control as one item of a flow layout (they wrap together)."""
    box = QWidget(parent if parent is not None else control.parentWidget())
    row = QHBoxLayout(box)
    row.setContentsMargins(0, 0, 0, 0)
    label.setParent(box)
    control.setParent(box)
    row.addWidget(label)
    row.addWidget(control, 1)
    return box
