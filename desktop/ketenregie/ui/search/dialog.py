"""The search window (Ctrl+F): type, see hits grouped per kind (cases, meetings, ...), Enter or double-click opens
one in the main window. Keyboard first: the field has the focus, Down moves into the results, Esc closes."""
from __future__ import annotations

from PySide6.QtCore import QCoreApplication, Qt, QTimer, Signal, Slot
from PySide6.QtGui import QKeyEvent
from PySide6.QtWidgets import (QDialog, QDialogButtonBox, QLabel, QLineEdit, QListWidget, QListWidgetItem,
                               QVBoxLayout, QWidget)

from ketenregie.ui.search.registry import SEARCH, SearchHit, SearchRegistry
from ketenregie.ui.style import set_message

HIT_ROLE = Qt.ItemDataRole.UserRole + 1
MIN_CHARS = 2


def tr(text: str, n: int = -1) -> str:
    return QCoreApplication.translate("Search", text, None, n)


class _Field(QLineEdit):
    down = Signal()

    def keyPressEvent(self, event: QKeyEvent) -> None:  # noqa: N802
        if event.key() == Qt.Key.Key_Down:
            self.down.emit()
            return
        super().keyPressEvent(event)


class SearchDialog(QDialog):
    """`context`: the ViewContext of the unlocked register; `open_hit(hit)` shows a hit in the main window."""

    def __init__(self, context, open_hit, *, privacy_mode: bool = False, registry: SearchRegistry = SEARCH,
                 parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self._context = context
        self._open_hit = open_hit
        self._privacy = privacy_mode
        self._registry = registry
        self.setWindowTitle(tr("Zoeken"))
        self.setAccessibleName(tr("Zoeken"))
        layout = QVBoxLayout(self)
        kinds = ", ".join(p.display_title.lower() for p in registry.providers())
        label = QLabel(tr("&Zoeken in {kinds}:").format(kinds=kinds), self)
        self.field = _Field(self)
        self.field.setAccessibleName(tr("Zoektekst"))
        self.field.setPlaceholderText(tr("Casusnummer, naam, datum of onderwerp"))
        self.field.setClearButtonEnabled(True)
        label.setBuddy(self.field)
        layout.addWidget(label)
        layout.addWidget(self.field)
        self.results = QListWidget(self)
        self.results.setAccessibleName(tr("Zoekresultaten"))
        self.results.setMinimumHeight(self.fontMetrics().height() * 12)
        layout.addWidget(self.results, 1)
        self.message = QLabel(self)
        self.message.setAccessibleName(tr("Melding"))
        self.message.setWordWrap(True)
        layout.addWidget(self.message)
        buttons = QDialogButtonBox(QDialogButtonBox.StandardButton.Open | QDialogButtonBox.StandardButton.Close,
                                   self)
        self.open_button = buttons.button(QDialogButtonBox.StandardButton.Open)
        self.open_button.setText(tr("&Openen"))
        buttons.button(QDialogButtonBox.StandardButton.Close).setText(tr("&Sluiten"))
        buttons.accepted.connect(self.open_current)
        buttons.rejected.connect(self.reject)
        layout.addWidget(buttons)
        self._timer = QTimer(self)
        self._timer.setSingleShot(True)
        self._timer.setInterval(150)
        self._timer.timeout.connect(self.search_now)
        self.field.textChanged.connect(lambda _text: self._timer.start())
        self.field.returnPressed.connect(self._return_in_field)
        self.field.down.connect(self._into_results)
        self.results.itemActivated.connect(lambda _item: self.open_current())
        self.resize(560, 420)
        set_message(self.message, tr("Typ minstens twee tekens."))
        self.field.setFocus()

    @Slot()
    def search_now(self) -> None:
        self._timer.stop()
        text = self.field.text().strip()
        self.results.clear()
        if len(text) < MIN_CHARS:
            set_message(self.message, tr("Typ minstens twee tekens."))
            return
        total = 0
        for provider in self._registry.providers():
            hits = provider.search(self._context, text, self._privacy)
            if not hits:
                continue
            heading = QListWidgetItem(f"{provider.display_title} ({len(hits)})", self.results)
            heading.setFlags(Qt.ItemFlag.NoItemFlags)
            font = heading.font()
            font.setBold(True)
            heading.setFont(font)
            for hit in hits:
                item = QListWidgetItem("    " + hit.text, self.results)
                item.setData(HIT_ROLE, hit)
                item.setData(Qt.ItemDataRole.AccessibleTextRole, f"{provider.display_title}: {hit.text}")
            total += len(hits)
        set_message(self.message, QCoreApplication.translate("Search", "%n resultaten", None, total) if total else tr("Niets gevonden."))
        first = self._first_hit_row()
        if first >= 0:
            self.results.setCurrentRow(first)

    def hits(self) -> list[SearchHit]:
        return [self.results.item(i).data(HIT_ROLE) for i in range(self.results.count())
                if self.results.item(i).data(HIT_ROLE) is not None]

    def _first_hit_row(self) -> int:
        return next((i for i in range(self.results.count()) if self.results.item(i).data(HIT_ROLE) is not None), -1)

    @Slot()
    def _return_in_field(self) -> None:
        if self._timer.isActive() or not self.results.count():
            self.search_now()
        self.open_current()

    @Slot()
    def _into_results(self) -> None:
        if self._first_hit_row() >= 0:
            self.results.setFocus()

    @Slot()
    def open_current(self) -> None:
        item = self.results.currentItem()
        hit = item.data(HIT_ROLE) if item is not None else None
        if hit is None:
            return
        self.accept()
        self._open_hit(hit)
