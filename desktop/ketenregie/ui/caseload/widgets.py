"""Small widgets the caseload, Vandaag and case views share."""
from __future__ import annotations

from collections.abc import Iterable
from typing import Any

from PySide6.QtWidgets import QComboBox, QWidget

from ketenregie.ui.caseload.data import tr


class SetCombo(QComboBox):
    """A combo box whose items each stand for a set of values (empty set = "all"). A set that is none of the
    items (from a saved view) shows as an extra "several" item, so nothing is silently dropped."""

    def __init__(self, accessible_name: str, items: Iterable[tuple[str, frozenset]],
                 parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setAccessibleName(accessible_name)
        self._values: list[frozenset] = []
        for label, value in items:
            self.addItem(label)
            self._values.append(frozenset(value))
        self._extra = -1

    def value(self) -> frozenset:
        index = self.currentIndex()
        return self._values[index] if 0 <= index < len(self._values) else frozenset()

    def set_value(self, value: Iterable[Any]) -> None:
        value = frozenset(value)
        self.blockSignals(True)
        try:
            if self._extra >= 0:
                self.removeItem(self._extra)
                del self._values[self._extra]
                self._extra = -1
            if value in self._values:
                self.setCurrentIndex(self._values.index(value))
            else:
                self.addItem(tr("Meerdere (uit opgeslagen weergave)"))
                self._values.append(value)
                self._extra = len(self._values) - 1
                self.setCurrentIndex(self._extra)
        finally:
            self.blockSignals(False)


class EnumCombo(QComboBox):
    """Enum members with their Dutch labels (and an optional "none" item). Qt would turn a StrEnum member into a
    plain str, so the item data is the code and `value()` gives the member back."""

    def __init__(self, accessible_name: str, members: Iterable[Any], none_label: str | None = None,
                 parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setAccessibleName(accessible_name)
        self._members: list[Any] = []
        if none_label is not None:
            self.addItem(none_label, None)
            self._members.append(None)
        for member in members:
            self.addItem(member.label_nl, member.value)
            self._members.append(member)

    def value(self) -> Any:
        index = self.currentIndex()
        return self._members[index] if 0 <= index < len(self._members) else None

    def set_value(self, value: Any) -> None:
        self.setCurrentIndex(self._members.index(value) if value in self._members else 0)


def name_combo_popups(root: QWidget) -> None:
    """The list inside a combo box's popup is a control of its own for screen readers: give it the combo's name."""
    for combo in root.findChildren(QComboBox):
        view = combo.view()
        if not view.accessibleName():
            view.setAccessibleName(combo.accessibleName())
