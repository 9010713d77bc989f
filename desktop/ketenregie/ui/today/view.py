"""The Vandaag view: what needs attention today, in six short lists — overdue terms, terms due this week, own actions
due (today or earlier), own actions later this week, current crises, cases waiting on a partner.

Read off the UI thread (services/today.py: only the cases it can list, the overview built there); refreshed when
shown again and when a case changes. Enter or a double click opens the case. Names follow privacy mode.
"""
from __future__ import annotations

from collections.abc import Callable
from datetime import date
from typing import Any

from PySide6.QtCore import (QT_TRANSLATE_NOOP, QAbstractTableModel, QDate, QLocale, QModelIndex, QPersistentModelIndex,
                            QSize, Qt, QTimer, Signal, Slot)
from PySide6.QtGui import QKeySequence, QShowEvent
from PySide6.QtWidgets import (QAbstractItemView, QDialog, QGridLayout, QGroupBox, QHBoxLayout, QHeaderView, QLabel,
                               QPushButton, QSizePolicy, QStyle, QTableView, QToolButton, QVBoxLayout, QWidget)

from ketenregie.domain.caseload import CaseloadRow, TodayOverview
from ketenregie.domain.cases import ActionOwner
from ketenregie.domain.privacy_display import initials
from ketenregie.domain.terms import TERM_UNSURE_NL
from ketenregie.store.errors import StoreError
from ketenregie.ui.caseload.data import (SnapshotLoader, case_events, load_today, nl_date, redact, term_icon,
                                         tr)
from ketenregie.ui.accessibility import name_qt_internals
from ketenregie.ui.errors import user_message
from ketenregie.ui.privacy_mode import privacy_mode_for
from ketenregie.ui.style import heading_font, set_message
from ketenregie.ui.views.registry import VIEWS, ViewContext, ViewSpec

_Index = QModelIndex | QPersistentModelIndex
CASE_NUMBER_ROLE = Qt.ItemDataRole.UserRole + 1


def _ctx(text: str) -> str:
    return tr(text, "Today")


def _term(row: CaseloadRow) -> tuple[str, date | None]:
    kind = row.term_kind.label_nl if row.term_kind else ""
    status = row.term_status.label_nl if row.term_status else ""
    text = f"{status}: {kind}" if kind else status
    if row.term_unsure:
        text += f" \u26a0 (let op: {TERM_UNSURE_NL})"
    return text, row.term_deadline


def _my_action(row: CaseloadRow) -> tuple[str, date | None]:
    if row.next_action and row.next_action_owner == ActionOwner.SELF and row.next_action_due == row.my_action_due:
        return row.next_action, row.my_action_due
    return _ctx("Eigen actie"), row.my_action_due


def _crisis(row: CaseloadRow) -> tuple[str, date | None]:
    return (row.crisis_kind.label_nl if row.crisis_kind else ""), row.crisis_date


def _waiting(row: CaseloadRow) -> tuple[str, date | None]:
    partner = row.lead_partner_name or _ctx("een partner")
    return _ctx("Actie ligt bij {partner}").format(partner=partner), row.partner_action_due


# (attribute of TodayOverview, title, what-and-when per row, empty text)
SECTIONS: tuple[tuple[str, str, Callable[[CaseloadRow], tuple[str, date | None]], str], ...] = (
    ("overdue_terms", QT_TRANSLATE_NOOP("Today", "Verlopen termijnen"), _term,
     QT_TRANSLATE_NOOP("Today", "Geen verlopen termijnen.")),
    ("terms_this_week", QT_TRANSLATE_NOOP("Today", "Termijnen deze week"), _term,
     QT_TRANSLATE_NOOP("Today", "Geen termijnen die deze week verlopen.")),
    ("actions_due", QT_TRANSLATE_NOOP("Today", "Mijn acties voor vandaag"), _my_action,
     QT_TRANSLATE_NOOP("Today", "Geen acties voor vandaag.")),
    ("actions_this_week", QT_TRANSLATE_NOOP("Today", "Mijn acties later deze week"), _my_action,
     QT_TRANSLATE_NOOP("Today", "Geen acties later deze week.")),
    ("crisis_cases", QT_TRANSLATE_NOOP("Today", "Crisissituaties"), _crisis,
     QT_TRANSLATE_NOOP("Today", "Geen lopende crisissituaties.")),
    ("waiting_on_partner", QT_TRANSLATE_NOOP("Today", "Wacht op een partner"), _waiting,
     QT_TRANSLATE_NOOP("Today", "Geen casussen die op een partner wachten.")),
)
HEADERS = (QT_TRANSLATE_NOOP("Today", "Casusnummer"), QT_TRANSLATE_NOOP("Today", "Naam"),
           QT_TRANSLATE_NOOP("Today", "Wat"), QT_TRANSLATE_NOOP("Today", "Datum"))


class TodayModel(QAbstractTableModel):
    def __init__(self, describe: Callable[[CaseloadRow], tuple[str, date | None]], *, term_icons: bool,
                 privacy_mode: bool, parent=None) -> None:
        super().__init__(parent)
        self._describe = describe
        self._term_icons = term_icons
        self._privacy = privacy_mode
        self._rows: list[CaseloadRow] = []
        self._texts: dict[int, tuple[str, str]] = {}  # row -> (what, date), made when the row is first shown

    def set_rows(self, rows: list[CaseloadRow]) -> None:
        self.beginResetModel()
        self._rows = list(rows)
        self._texts = {}  # thousands of rows at 10,000 cases; a screen shows a few (the first view after unlock)
        self.endResetModel()

    def _text(self, row: int, column: int) -> str:
        texts = self._texts.get(row)
        if texts is None:
            what, when = self._describe(self._rows[row])
            texts = self._texts[row] = (what, nl_date(when))
        return texts[column - 2]

    def clear(self) -> None:
        self.set_rows([])

    def set_privacy_mode(self, enabled: bool) -> None:
        self._privacy = enabled
        if self._rows:
            self.dataChanged.emit(self.index(0, 1), self.index(len(self._rows) - 1, 2))

    def rowCount(self, parent: _Index = QModelIndex()) -> int:  # noqa: N802, B008
        return 0 if parent.isValid() else len(self._rows)

    def columnCount(self, parent: _Index = QModelIndex()) -> int:  # noqa: N802, B008
        return 0 if parent.isValid() else len(HEADERS)

    def headerData(self, section: int, orientation: Qt.Orientation, role: int = Qt.ItemDataRole.DisplayRole) -> Any:  # noqa: N802
        if orientation == Qt.Orientation.Horizontal and role == Qt.ItemDataRole.DisplayRole:
            return _ctx(HEADERS[section])
        return None

    def data(self, index: _Index, role: int = Qt.ItemDataRole.DisplayRole) -> Any:
        if not index.isValid():
            return None
        row = self._rows[index.row()]
        column = index.column()
        if role in (Qt.ItemDataRole.DisplayRole, Qt.ItemDataRole.AccessibleTextRole):
            if column == 0:
                return row.case_number
            if column == 1:
                return initials(row.name) if self._privacy else row.name
            text = self._text(index.row(), column)
            return redact(text, row.name) if self._privacy and column == 2 else text
        if role == Qt.ItemDataRole.DecorationRole and column == 2 and self._term_icons:
            return term_icon(row.term_status)
        if role == CASE_NUMBER_ROLE:
            return row.case_number
        return None


# The count cards at the top: (key, attribute(s) of TodayOverview, label, standard icon)
CARDS = (
    ("overdue", ("overdue_terms",), QT_TRANSLATE_NOOP("Today", "Verlopen"), QStyle.StandardPixmap.SP_MessageBoxCritical),
    ("terms", ("terms_this_week",), QT_TRANSLATE_NOOP("Today", "Termijnen deze week"),
     QStyle.StandardPixmap.SP_MessageBoxWarning),
    ("crises", ("crisis_cases",), QT_TRANSLATE_NOOP("Today", "Crisissituaties"),
     QStyle.StandardPixmap.SP_MessageBoxInformation),
    ("waiting", ("waiting_on_partner",), QT_TRANSLATE_NOOP("Today", "Wacht op een partner"),
     QStyle.StandardPixmap.SP_BrowserReload),
)


def long_date(day: date) -> str:
    """"donderdag 4 december 2026" (Dutch, whatever the system locale)."""
    return QLocale(QLocale.Language.Dutch, QLocale.Country.Netherlands).toString(
        QDate(day.year, day.month, day.day), "dddd d MMMM yyyy")


class TodayView(QWidget):
    """The start of the day: the date, count cards, then overdue, today and the rest, each list scrolling on its
    own inside one page that does not scroll (one scroll level). Refreshes itself after every save."""

    holds_personal_data = True
    loaded = Signal()
    navCountChanged = Signal(int)  # what needs attention: the main window shows "Vandaag (22)"

    def __init__(self, context: ViewContext, parent: QWidget | None = None, *,
                 today: Callable[[], date] = date.today, background: bool = True) -> None:
        super().__init__(parent)
        self._context = context
        self._today = today
        self._loader = SnapshotLoader(context, today, background=background, parent=self, load=load_today)
        self._loader.loaded.connect(self._loaded)
        self._loader.failed.connect(self._failed)
        self._stale = True
        self._is_loaded = False
        self._released = False  # after release (the lock): no read starts, and a read in flight is dropped
        self.partners: list = []
        self.overview: TodayOverview | None = None
        self.dialog: QDialog | None = None
        self.privacy = privacy_mode_for(context)
        self.setAccessibleName(_ctx("Vandaag"))
        self._build()
        self.privacy.changed.connect(self.set_privacy_mode)
        case_events().caseChanged.connect(self._case_changed)
        case_events().caseCreated.connect(self._case_changed)
        self._events_connected = True
        if background:  # read once the unlock has run its course: the read holds the register (and Python) busy
            QTimer.singleShot(0, self, self.reload)
        else:
            self.reload()

    def _build(self) -> None:
        outer = QVBoxLayout(self)
        top = QHBoxLayout()
        self.heading = QLabel(_ctx("Vandaag – {date}").format(date=long_date(self._today())), self)
        self.heading.setFont(heading_font(self))
        top.addWidget(self.heading)
        top.addStretch(1)
        self.refresh_button = QPushButton(_ctx("&Vernieuwen"), self)
        self.refresh_button.setAccessibleName(_ctx("Vandaag vernieuwen"))
        self.refresh_button.setShortcut(QKeySequence(QKeySequence.StandardKey.Refresh))
        self.refresh_button.clicked.connect(self.reload)
        top.addWidget(self.refresh_button)
        outer.addLayout(top)
        self.message = QLabel(self)
        self.message.setWordWrap(True)
        self.message.setAccessibleName(_ctx("Melding"))
        set_message(self.message, _ctx("Vandaag laden…"))
        outer.addWidget(self.message)
        cards = QHBoxLayout()
        self.cards: dict[str, QToolButton] = {}
        icon_size = self.fontMetrics().height() * 2
        for key, _attributes, label, pixmap in CARDS:
            card = QToolButton(self)
            card.setToolButtonStyle(Qt.ToolButtonStyle.ToolButtonTextBesideIcon)
            card.setIcon(self.style().standardIcon(pixmap))
            card.setIconSize(QSize(icon_size, icon_size))
            card.setAutoRaise(False)
            card.setSizePolicy(QSizePolicy.Policy.Expanding, QSizePolicy.Policy.Fixed)
            card.setText(f"–\n{_ctx(label)}")
            card.setAccessibleName(_ctx(label))
            card.clicked.connect(lambda _checked=False, k=key: self._card_clicked(k))
            self.cards[key] = card
            cards.addWidget(card)
        outer.addLayout(cards)
        page = QWidget(self)
        page.setAccessibleName(_ctx("Overzicht van vandaag"))
        layout = QGridLayout(page)
        layout.setContentsMargins(0, 0, 0, 0)
        self.models: dict[str, TodayModel] = {}
        self.tables: dict[str, QTableView] = {}
        self.boxes: dict[str, QGroupBox] = {}
        self.empty_labels: dict[str, QLabel] = {}
        row_height = self.fontMetrics().height() + 8
        for key, title, describe, empty in SECTIONS:
            box = QGroupBox(_ctx(title), page)
            box_layout = QVBoxLayout(box)
            model = TodayModel(describe, term_icons="terms" in key, privacy_mode=self.privacy.enabled,
                               parent=self)
            table = QTableView(box)
            table.setModel(model)
            table.setAccessibleName(_ctx(title))
            table.setSelectionBehavior(QAbstractItemView.SelectionBehavior.SelectRows)
            table.setSelectionMode(QAbstractItemView.SelectionMode.SingleSelection)
            table.setEditTriggers(QAbstractItemView.EditTrigger.NoEditTriggers)
            table.setTabKeyNavigation(False)
            table.setWordWrap(False)
            table.verticalHeader().hide()
            table.verticalHeader().setSectionResizeMode(QHeaderView.ResizeMode.Fixed)
            table.verticalHeader().setDefaultSectionSize(row_height)
            table.horizontalHeader().setStretchLastSection(False)
            table.horizontalHeader().setSectionResizeMode(2, QHeaderView.ResizeMode.Stretch)
            table.setMinimumHeight(row_height * 3 + 4)  # a header and two rows at least; each list scrolls itself
            header_metrics = table.horizontalHeader().fontMetrics()  # headers are never cut off (issue 15 item 8)
            table.horizontalHeader().resizeSection(0, max(table.fontMetrics().horizontalAdvance("2026-00000") + 16,
                                                          header_metrics.horizontalAdvance(_ctx(HEADERS[0])) + 24))
            table.horizontalHeader().resizeSection(1, table.fontMetrics().horizontalAdvance("M. van der Bedachtsma")
                                                   + 16)
            table.activated.connect(self._activated)
            empty_label = QLabel(_ctx(empty), box)
            empty_label.setAccessibleName(_ctx(title))
            box_layout.addWidget(empty_label)
            box_layout.addWidget(table, 1)
            if key == "terms_this_week":  # due soon, but after Sunday: counted apart, so the card matches its list
                self.later_label = QLabel(box)
                self.later_label.setWordWrap(True)
                self.later_label.setAccessibleName(_ctx("Termijnen na deze week"))
                self.later_label.hide()
                box_layout.addWidget(self.later_label)
            box_layout.addStretch(0)
            index = len(self.boxes)
            layout.addWidget(box, index // 2, index % 2)
            self.models[key], self.tables[key], self.boxes[key] = model, table, box
            self.empty_labels[key] = empty_label
        outer.addWidget(page, 1)
        name_qt_internals(self)

    # --- loading --------------------------------------------------------------------------------------------------

    @property
    def is_loaded(self) -> bool:
        return self._is_loaded

    @Slot()
    def reload(self) -> None:
        if self._released:
            return
        self._stale = False
        self._loader.reload()

    @Slot(object)
    def _loaded(self, snapshot) -> None:  # services.today.TodaySnapshot: the overview is built off the UI thread
        if self._released:
            return
        self.partners = snapshot.partners
        overview = self.overview = snapshot.overview
        for key, title, _describe, _empty in SECTIONS:
            rows = getattr(overview, key)
            self.models[key].set_rows(rows)
            self.tables[key].setVisible(bool(rows))
            self.empty_labels[key].setVisible(not rows)
            self.boxes[key].setTitle(f"{_ctx(title)} ({len(rows)})")
        later = len(overview.terms_due_soon_later)
        self.later_label.setText(_ctx("Na deze week verlopen er binnenkort nog {n} (Caseload, Termijn: Bijna "
                                      "verlopen).").format(n=later))
        self.later_label.setVisible(later > 0)
        for key, attributes, label, _pixmap in CARDS:
            count = sum(len(getattr(overview, a)) for a in attributes)
            self.cards[key].setText(f"{count}\n{_ctx(label)}")
            self.cards[key].setAccessibleName(f"{_ctx(label)}: {count}")
        self.heading.setText(_ctx("Vandaag – {date}").format(date=long_date(snapshot.today)))
        self.attention_count = len({r.case_number for key, *_rest in SECTIONS for r in getattr(overview, key)})
        self.navCountChanged.emit(self.attention_count)
        set_message(self.message, _ctx("Alles bijgewerkt: niets vraagt vandaag om aandacht.") if overview.is_empty
                    else "")
        self._is_loaded = True
        self.loaded.emit()

    @Slot(object)
    def _failed(self, exc: BaseException) -> None:
        set_message(self.message, user_message(exc, "loading today"), "error")

    def _disconnect_events(self) -> None:
        if getattr(self, "_events_connected", False):
            self._events_connected = False
            events = case_events()
            events.caseChanged.disconnect(self._case_changed)
            events.caseCreated.disconnect(self._case_changed)

    @Slot(str)
    def _case_changed(self, _case_number: str) -> None:
        if self.isVisible():
            self.reload()
        else:
            self._stale = True

    def showEvent(self, event: QShowEvent) -> None:  # noqa: N802 - Qt override
        super().showEvent(event)
        if self._stale and self._is_loaded:
            self.reload()

    def release(self) -> None:
        self._released = True
        if self.dialog is not None:
            self.dialog.done(QDialog.DialogCode.Rejected)
            self.dialog = None
        for model in self.models.values():
            model.clear()
        self.overview = None
        self._disconnect_events()

    @Slot()
    def _card_clicked(self, key: str) -> None:
        """A card takes the keyboard focus to its list (or its empty text)."""
        section = next(attributes[0] for k, attributes, *_ in CARDS if k == key)
        table = self.tables[section]
        if table.isVisible():
            table.setFocus()
            if table.model().rowCount():
                table.selectRow(0)

    # --- opening cases --------------------------------------------------------------------------------------------

    @Slot(QModelIndex)
    def _activated(self, index: QModelIndex) -> None:
        if index.isValid():
            self.open_case(index.model().data(index, CASE_NUMBER_ROLE))

    def open_case(self, case_number: str):
        from ketenregie.ui.cases.dialog import CaseDialog

        if self.dialog is not None:
            self.dialog.done(QDialog.DialogCode.Rejected)
        try:
            dialog = CaseDialog(self._context, case_number, partners=self.partners, today=self._today, parent=self)
        except StoreError as exc:
            set_message(self.message, exc.user_message, "error")
            return None
        dialog.finished.connect(self._dialog_closed)
        self.dialog = dialog
        dialog.show()
        return dialog

    @Slot(int)
    def _dialog_closed(self, _result: int) -> None:
        if self.sender() is self.dialog:
            self.dialog = None

    @Slot(bool)
    def set_privacy_mode(self, enabled: bool) -> None:
        for model in self.models.values():
            model.set_privacy_mode(enabled)


def _factory(context: ViewContext) -> QWidget:
    return TodayView(context)


VIEWS.register(ViewSpec("vandaag", QT_TRANSLATE_NOOP("Views", "Vandaag"), _factory, order=5,
                        description=QT_TRANSLATE_NOOP("Views", "Wat vandaag aandacht vraagt: termijnen, acties, "
                                                               "crisissituaties en casussen die op een partner "
                                                               "wachten.")))
