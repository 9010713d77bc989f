"""The caseload table model: one `CaseloadRow` per case, sorted and filtered in the model itself.

Why not a QSortFilterProxyModel: a proxy calls `filterAcceptsRow` (a Python override) and `data()` per row and
per column for every keystroke and sort, which costs far more than the 30 ms budget at 10,000 cases. Here a
keystroke is one pass of `CaseloadFilter.matcher` over a pre-sorted index list (precomputed folded search keys),
followed by a model reset; `data()` only runs for the rows on screen.
"""
from __future__ import annotations

from collections import Counter
from datetime import date
from enum import IntEnum
from typing import Any

from PySide6.QtCore import QT_TRANSLATE_NOOP, QAbstractTableModel, QModelIndex, QPersistentModelIndex, Qt

from ketenregie.domain.caseload import DEFAULT_FILTER, CaseloadFilter, CaseloadRow, urgency_key
from ketenregie.domain.cases import Phase
from ketenregie.domain.privacy_display import initials
from ketenregie.ui.caseload.data import next_action_text, nl_date, redact, term_icon, term_text, tr

_Index = QModelIndex | QPersistentModelIndex

CASE_NUMBER_ROLE = Qt.ItemDataRole.UserRole + 1
CASE_ID_ROLE = Qt.ItemDataRole.UserRole + 2
TEAM_STATE_ROLE = Qt.ItemDataRole.UserRole + 3  # issue 14: "handed_over" | "cover" | None
_TEAM_STATE_SHORT = {"handed_over": QT_TRANSLATE_NOOP("Caseload", "overgedragen"),
                     "cover": QT_TRANSLATE_NOOP("Caseload", "vervanging")}


class Column(IntEnum):
    NUMBER = 0
    NAME = 1
    PHASE = 2
    ROUTE = 3
    NEXT_ACTION = 4
    TERM = 5
    LEAD_PARTNER = 6


HEADERS = {
    Column.NUMBER: QT_TRANSLATE_NOOP("Caseload", "Casusnummer"),
    Column.NAME: QT_TRANSLATE_NOOP("Caseload", "Naam"),
    Column.PHASE: QT_TRANSLATE_NOOP("Caseload", "Fase"),
    Column.ROUTE: QT_TRANSLATE_NOOP("Caseload", "Aanmeldroute"),
    Column.NEXT_ACTION: QT_TRANSLATE_NOOP("Caseload", "Volgende actie"),
    Column.TERM: QT_TRANSLATE_NOOP("Caseload", "Termijn"),
    Column.LEAD_PARTNER: QT_TRANSLATE_NOOP("Caseload", "Leidende partner"),
}
# Stable names for saved views (SavedView.sort_column).
COLUMN_KEYS = {Column.NUMBER: "case_number", Column.NAME: "name", Column.PHASE: "phase",
               Column.ROUTE: "intake_route", Column.NEXT_ACTION: "next_action", Column.TERM: "term",
               Column.LEAD_PARTNER: "lead_partner"}
COLUMN_BY_KEY = {key: column for column, key in COLUMN_KEYS.items()}


def _number_key(row: CaseloadRow) -> tuple:
    # "2026-0042" < "2026-10000": compare year, then the sequence's length, then its digits
    return (row.case_number[:4], len(row.case_number), row.case_number)


_SORT_KEYS = {
    Column.NUMBER: _number_key,
    Column.NAME: lambda r: r.search_key,  # folded name first, then the number
    Column.PHASE: lambda r: (r.phase.order, _number_key(r)),
    Column.ROUTE: lambda r: (r.intake_route.label_nl, _number_key(r)),
    Column.NEXT_ACTION: lambda r: (r.next_action is None or r.handed_over, r.next_action_due or date.max,
                                   _number_key(r)),
    Column.TERM: urgency_key,
    Column.LEAD_PARTNER: lambda r: (r.lead_partner_name is None, (r.lead_partner_name or "").casefold(),
                                    _number_key(r)),
}


class CaseloadModel(QAbstractTableModel):
    def __init__(self, parent=None, *, privacy_mode: bool = False) -> None:
        super().__init__(parent)
        self._rows: list[CaseloadRow] = []
        self._order: list[int] = []  # all row indexes in the current sort order
        self._visible: list[int] = []  # the filtered part of _order
        self._filter: CaseloadFilter = DEFAULT_FILTER
        self._today: date = date.today()
        self._privacy = privacy_mode
        self._initials: dict[int, str] = {}  # row index -> initials, computed when first shown
        self._sort_column = Column.TERM
        self._sort_order = Qt.SortOrder.AscendingOrder
        self._team: dict[int, tuple[str, str]] = {}  # case id -> (state, Dutch text), issue 14

    def set_team_states(self, states: dict[int, tuple[str, str]]) -> None:
        """Handed-over cases and cover copies: shown in the phase column ("… · overgedragen") with the full text
        as tooltip."""
        self._team = dict(states)
        if self.rowCount():
            self.dataChanged.emit(self.index(0, 0), self.index(self.rowCount() - 1, len(Column) - 1))

    def team_state(self, case_id: int) -> str | None:
        found = self._team.get(case_id)
        return found[0] if found else None

    # --- data in --------------------------------------------------------------------------------------------------

    def set_rows(self, rows: list[CaseloadRow], today: date) -> None:
        self.beginResetModel()
        self._rows = list(rows)
        self._today = today
        self._initials = {}
        self._resort()
        self._refilter()
        self.endResetModel()

    def clear(self) -> None:
        """Drop every row (on lock)."""
        self.beginResetModel()
        self._rows, self._order, self._visible, self._initials = [], [], [], {}
        self.endResetModel()

    def replace_row(self, row: CaseloadRow) -> None:
        """Put one case's fresh row in place (after a save) or add it (a new case); keeps sort and filter."""
        self.beginResetModel()
        index = next((i for i, r in enumerate(self._rows) if r.case_id == row.case_id), None)
        if index is None:
            self._rows.append(row)
        else:
            self._rows[index] = row
            self._initials.pop(index, None)
        self._resort()
        self._refilter()
        self.endResetModel()

    def remove_case(self, case_id: int) -> None:
        index = next((i for i, r in enumerate(self._rows) if r.case_id == case_id), None)
        if index is None:
            return
        self.beginResetModel()
        del self._rows[index]
        self._initials = {}
        self._resort()
        self._refilter()
        self.endResetModel()

    def set_filter(self, flt: CaseloadFilter) -> None:
        self.beginResetModel()
        self._filter = flt
        self._refilter()
        self.endResetModel()

    @property
    def filter(self) -> CaseloadFilter:
        return self._filter

    def set_privacy_mode(self, enabled: bool) -> None:
        if enabled == self._privacy:
            return
        self._privacy = enabled
        if self._visible:
            self.dataChanged.emit(self.index(0, Column.NAME),
                                  self.index(len(self._visible) - 1, Column.NEXT_ACTION))
        self.headerDataChanged.emit(Qt.Orientation.Vertical, 0, max(0, len(self._visible) - 1))

    # --- queries --------------------------------------------------------------------------------------------------

    @property
    def today(self) -> date:
        return self._today

    def total_count(self) -> int:
        return len(self._rows)

    def visible_count(self) -> int:
        return len(self._visible)

    def row_at(self, row: int) -> CaseloadRow:
        return self._rows[self._visible[row]]

    def all_rows(self) -> list[CaseloadRow]:
        return self._rows

    def row_of_case(self, case_number: str) -> int:
        """The visible row of a case, or -1."""
        for position, index in enumerate(self._visible):
            if self._rows[index].case_number == case_number:
                return position
        return -1

    def phase_counts(self) -> Counter:
        return Counter(row.phase for row in self._rows)

    @property
    def sort_column(self) -> Column:
        return self._sort_column

    @property
    def sort_order(self) -> Qt.SortOrder:
        return self._sort_order

    # --- sorting and filtering ------------------------------------------------------------------------------------

    def _resort(self) -> None:
        key = _SORT_KEYS[self._sort_column]
        rows = self._rows
        self._order = sorted(range(len(rows)), key=lambda i: key(rows[i]),
                             reverse=self._sort_order == Qt.SortOrder.DescendingOrder)

    def _refilter(self) -> None:
        accept = self._filter.matcher(self._today)
        rows = self._rows
        self._visible = [i for i in self._order if accept(rows[i])]

    def sort(self, column: int, order: Qt.SortOrder = Qt.SortOrder.AscendingOrder) -> None:  # Qt override
        if column not in _SORT_KEYS:
            return
        self.beginResetModel()  # a reset, not a layout change: no persistent indexes to remap row by row
        self._sort_column = Column(column)
        self._sort_order = order
        self._resort()
        self._refilter()
        self.endResetModel()

    # --- Qt model -------------------------------------------------------------------------------------------------

    def rowCount(self, parent: _Index = QModelIndex()) -> int:  # noqa: N802, B008
        return 0 if parent.isValid() else len(self._visible)

    def columnCount(self, parent: _Index = QModelIndex()) -> int:  # noqa: N802, B008
        return 0 if parent.isValid() else len(Column)

    def headerData(self, section: int, orientation: Qt.Orientation, role: int = Qt.ItemDataRole.DisplayRole) -> Any:  # noqa: N802
        if orientation == Qt.Orientation.Horizontal and role in (Qt.ItemDataRole.DisplayRole,
                                                                 Qt.ItemDataRole.AccessibleTextRole):
            return tr(HEADERS[Column(section)])
        return None

    def _name(self, index: int) -> str:
        row = self._rows[index]
        if not self._privacy:
            return row.name
        text = self._initials.get(index)
        if text is None:
            text = self._initials[index] = initials(row.name)
        return text

    def data(self, index: _Index, role: int = Qt.ItemDataRole.DisplayRole) -> Any:
        if not index.isValid():
            return None
        position = self._visible[index.row()]
        row = self._rows[position]
        column = index.column()
        if role == Qt.ItemDataRole.DisplayRole or role == Qt.ItemDataRole.AccessibleTextRole:
            if column == Column.NUMBER:
                return row.case_number
            if column == Column.NAME:
                return self._name(position)
            if column == Column.PHASE:
                team = self._team.get(row.case_id)
                return f"{row.phase.label_nl} · {tr(_TEAM_STATE_SHORT[team[0]])}" if team else row.phase.label_nl
            if column == Column.ROUTE:
                return row.intake_route.label_nl
            if column == Column.NEXT_ACTION:
                text = next_action_text(row)
                return redact(text, row.name) if self._privacy and text else text
            if column == Column.TERM:
                return term_text(row)
            if column == Column.LEAD_PARTNER:
                return row.lead_partner_name or ""
            return None
        if role == Qt.ItemDataRole.DecorationRole:
            if column == Column.TERM:
                return term_icon(row.term_status)
            return None
        if role == Qt.ItemDataRole.ToolTipRole:
            if column == Column.PHASE and row.case_id in self._team:
                return self._team[row.case_id][1]
            if column == Column.TERM and row.term_status is not None:
                return term_text(row)
            if column == Column.NEXT_ACTION and row.next_action and not row.handed_over:
                owner = row.next_action_owner.label_nl if row.next_action_owner else ""
                return tr("Actie van: {owner}").format(owner=owner) if owner else None
            if column == Column.NUMBER and row.crisis_kind is not None:
                text = tr("Crisis: {kind}").format(kind=row.crisis_kind.label_nl)
                if row.crisis_date is not None:
                    text += f" ({nl_date(row.crisis_date)})"
                return text
            return None
        if role == CASE_NUMBER_ROLE:
            return row.case_number
        if role == CASE_ID_ROLE:
            return row.case_id
        if role == TEAM_STATE_ROLE:
            return self.team_state(row.case_id)
        return None


def phase_summary(counts: Counter) -> list[tuple[Phase, int]]:
    return [(phase, counts.get(phase, 0)) for phase in Phase]
