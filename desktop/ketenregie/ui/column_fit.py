"""Table columns that fit the table's width, so narrow lists (1366×768, or 1920×1080 at 150 %) never need a
horizontal scroll bar (issue 15 item 8).

    ColumnFit(table, compact={NUMBER: "2026-00000", TERM: "uiterlijk 30-10-2026 – Verlopen"},
              stretch={NAME: 140, NEXT_ACTION: 160}, optional=[LEAD_PARTNER, ROUTE])

- compact columns get the width of their widest sample text or of their header (with the sort arrow), whichever is
  wider — the header is never cut off;
- stretch columns share what is left (at least their minimum each) and elide their text; the full text is in the
  cell's tooltip where the model gives one;
- optional columns (low value on a small screen, listed in the order they go) are hidden while the others would
  not fit otherwise, and come back when the window is wide enough.

Works on every resize of the table (an event filter), costs nothing per row."""
from __future__ import annotations

from collections.abc import Mapping, Sequence

import shiboken6
from PySide6.QtCore import QEvent, QObject, Qt
from PySide6.QtGui import QFont, QFontMetrics
from PySide6.QtWidgets import QHeaderView, QTableView

CELL_PADDING = 44  # margins, grid line and a decoration icon (the term symbol)
HEADER_PADDING = 34  # margins and the sort indicator


class ColumnFit(QObject):
    def __init__(self, table: QTableView, *, compact: Mapping[int, str], stretch: Mapping[int, int],
                 optional: Sequence[int] = ()) -> None:
        super().__init__(table)
        self.table = table
        self.compact = dict(compact)
        self.stretch = dict(stretch)
        self.optional = list(optional)
        self.hidden: set[int] = set()
        header = table.horizontalHeader()
        header.setStretchLastSection(False)
        header.setTextElideMode(Qt.TextElideMode.ElideRight)
        table.setTextElideMode(Qt.TextElideMode.ElideRight)
        table.setHorizontalScrollBarPolicy(Qt.ScrollBarPolicy.ScrollBarAsNeeded)
        for column in self.compact:
            header.setSectionResizeMode(column, QHeaderView.ResizeMode.Interactive)
        for column in self.stretch:
            header.setSectionResizeMode(column, QHeaderView.ResizeMode.Stretch)
        table.viewport().installEventFilter(self)  # the viewport: resized after the scroll bars are placed
        self.fit()

    def needed(self, column: int) -> int:
        """The width a compact column needs: its widest sample or its header, whichever is wider."""
        cell = self.table.fontMetrics().horizontalAdvance(self.compact[column]) + CELL_PADDING
        return max(cell, self.header_minimum(column))

    def header_minimum(self, column: int) -> int:
        """The header's text width, measured bold (some styles draw the current section bold), plus the arrow."""
        model = self.table.model()
        title = str(model.headerData(column, Qt.Orientation.Horizontal) or "") if model is not None else ""
        font = QFont(self.table.horizontalHeader().font())
        font.setBold(True)
        return QFontMetrics(font).horizontalAdvance(title) + HEADER_PADDING

    def fit(self) -> None:
        header = self.table.horizontalHeader()
        available = self.table.viewport().width()
        widths = {column: self.needed(column) for column in self.compact}
        # Stretch sections share the rest evenly: each must get at least the largest minimum among them.
        share = max((max(minimum, self.header_minimum(column)) for column, minimum in self.stretch.items()),
                    default=0)
        stretch_min = share * len(self.stretch)
        hidden: set[int] = set()
        total = sum(widths.values()) + stretch_min
        for column in self.optional:  # drop the low-value columns, in order, until the rest fits
            if total <= available:
                break
            hidden.add(column)
            total -= widths.get(column, 0)
        for column in self.compact:
            self.table.setColumnHidden(column, column in hidden)
            if column not in hidden:
                header.resizeSection(column, widths[column])
        self.hidden = hidden
        if header.count():
            header.setMinimumSectionSize(min(40, header.minimumSectionSize()))

    def eventFilter(self, watched: QObject, event: QEvent) -> bool:  # noqa: N802
        if not shiboken6.isValid(self.table):  # the table is being destroyed
            return False
        if watched is self.table.viewport() and event.type() in (QEvent.Type.Resize, QEvent.Type.FontChange,
                                                      QEvent.Type.Show):
            self.fit()
        return False
