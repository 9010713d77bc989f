"""Form fields for the case forms: a Dutch date field that may be empty, a field that hides its content in privacy
mode, a small read-only table model, and redaction of a resident's name in free text shown in privacy mode."""
from __future__ import annotations

import re
from collections.abc import Sequence
from datetime import date
from typing import Any

from PySide6.QtCore import QAbstractTableModel, QModelIndex, QPersistentModelIndex, Qt
from PySide6.QtWidgets import QLineEdit, QPlainTextEdit, QWidget

from ketenregie.ui.caseload.data import nl_date, redact, tr  # noqa: F401  (redact: re-exported)

_Index = QModelIndex | QPersistentModelIndex
_DATE = re.compile(r"^\s*(\d{1,2})[-/. ](\d{1,2})[-/. ](\d{4})\s*$")
_ISO = re.compile(r"^\s*(\d{4})-(\d{2})-(\d{2})\s*$")


class DateFieldError(ValueError):
    """The text is not a date; the message is Dutch and repeats nothing the user typed."""


def parse_nl_date(text: str) -> date | None:
    """"9-4-2026", "09-04-2026", "09/04/2026" or "2026-04-09" -> date; "" -> None; else DateFieldError."""
    if not text.strip():
        return None
    match = _DATE.match(text)
    try:
        if match:
            return date(int(match.group(3)), int(match.group(2)), int(match.group(1)))
        match = _ISO.match(text)
        if match:
            return date(int(match.group(1)), int(match.group(2)), int(match.group(3)))
    except ValueError:
        raise DateFieldError(tr("Deze datum bestaat niet. Controleer dag en maand.", "CaseForm")) from None
    raise DateFieldError(tr("Schrijf de datum als dd-mm-jjjj, bijvoorbeeld 09-04-2026.", "CaseForm"))


class DateLine(QLineEdit):
    """A date typed as dd-mm-jjjj (keyboard first: no calendar popup needed); empty means "not known"."""

    def __init__(self, accessible_name: str, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setAccessibleName(accessible_name)
        self.setPlaceholderText(tr("dd-mm-jjjj", "CaseForm"))
        self.setMaxLength(10)
        self.setMaximumWidth(self.fontMetrics().averageCharWidth() * 16)

    def set_date(self, value: date | None) -> None:
        self.setText(nl_date(value))

    def date(self) -> date | None:
        """The date, None when empty; DateFieldError when the text is no date."""
        return parse_nl_date(self.text())


class Sensitive:
    """Hides a field's content in privacy mode: the field shows `shown(real)` read-only, and `real()` keeps giving
    the stored value, so saving in privacy mode changes nothing the user could not see."""

    def __init__(self, widget: QLineEdit | QPlainTextEdit, shown) -> None:
        self.widget = widget
        self._shown = shown
        self._masked = False
        self._real = ""

    def _text(self) -> str:
        w = self.widget
        return w.toPlainText() if isinstance(w, QPlainTextEdit) else w.text()

    def _set_text(self, text: str) -> None:
        w = self.widget
        w.blockSignals(True)
        if isinstance(w, QPlainTextEdit):
            w.setPlainText(text)
        else:
            w.setText(text)
        w.blockSignals(False)

    def set_real(self, value: str) -> None:
        self._real = value or ""
        self._set_text(self._shown(self._real) if self._masked else self._real)

    def real(self) -> str:
        return self._real if self._masked else self._text()

    def set_masked(self, masked: bool) -> None:
        if masked == self._masked:
            return
        if masked:
            self._real = self._text()
            self._masked = True
            self._set_text(self._shown(self._real))
        else:
            self._masked = False
            self._set_text(self._real)
        self.widget.setReadOnly(masked)


class RowsModel(QAbstractTableModel):
    """A small read-only table of text tuples (actions, partners, timeline of one case)."""

    def __init__(self, headers: Sequence[str], parent=None) -> None:
        super().__init__(parent)
        self._headers = list(headers)
        self._rows: list[tuple[str, ...]] = []
        self._tooltips: list[str | None] = []

    def set_rows(self, rows: Sequence[Sequence[str]], tooltips: Sequence[str | None] | None = None) -> None:
        self.beginResetModel()
        self._rows = [tuple(r) for r in rows]
        self._tooltips = list(tooltips) if tooltips is not None else [None] * len(self._rows)
        self.endResetModel()

    def rowCount(self, parent: _Index = QModelIndex()) -> int:  # noqa: N802, B008
        return 0 if parent.isValid() else len(self._rows)

    def columnCount(self, parent: _Index = QModelIndex()) -> int:  # noqa: N802, B008
        return 0 if parent.isValid() else len(self._headers)

    def headerData(self, section: int, orientation: Qt.Orientation, role: int = Qt.ItemDataRole.DisplayRole) -> Any:  # noqa: N802
        if orientation == Qt.Orientation.Horizontal and role == Qt.ItemDataRole.DisplayRole:
            return self._headers[section]
        return None

    def data(self, index: _Index, role: int = Qt.ItemDataRole.DisplayRole) -> Any:
        if not index.isValid():
            return None
        if role in (Qt.ItemDataRole.DisplayRole, Qt.ItemDataRole.AccessibleTextRole):
            return self._rows[index.row()][index.column()]
        if role == Qt.ItemDataRole.ToolTipRole:
            return self._tooltips[index.row()]
        return None
