"""Accessible names for the parts Qt builds itself (header views, corner and clear buttons, menu-bar extension),
so every control a screen reader reaches has a name. Our own widgets set theirs explicitly."""
from __future__ import annotations

from PySide6.QtCore import QCoreApplication
from PySide6.QtWidgets import (QAbstractButton, QAbstractItemView, QAbstractSpinBox, QComboBox, QHeaderView,
                               QLineEdit, QMenuBar, QTableView, QToolBar, QToolButton, QWidget)

INTERACTIVE_TYPES = (QAbstractButton, QLineEdit, QAbstractSpinBox, QAbstractItemView, QComboBox)

translate = QCoreApplication.translate  # lupdate extracts translate("Context", "…")


def name_qt_internals(root: QWidget) -> None:
    for header in root.findChildren(QHeaderView):
        if not header.accessibleName():
            horizontal = header.orientation().name == "Horizontal"
            header.setAccessibleName(translate("Accessibility", "Kolomkoppen") if horizontal
                                     else translate("Accessibility", "Rijkoppen"))
    for table in root.findChildren(QTableView):
        for button in table.findChildren(QAbstractButton):
            if not button.accessibleName():
                button.setAccessibleName(translate("Accessibility", "Alles selecteren"))
    for edit in root.findChildren(QLineEdit):
        for button in edit.findChildren(QAbstractButton):
            if not button.accessibleName():
                button.setAccessibleName(translate("Accessibility", "Veld wissen"))
    for bar in root.findChildren(QMenuBar):
        for button in bar.findChildren(QAbstractButton):
            if not button.accessibleName():
                button.setAccessibleName(translate("Accessibility", "Meer menu's"))
    for bar in root.findChildren(QToolBar):
        for button in bar.findChildren(QToolButton):
            if not button.accessibleName():
                action = button.defaultAction()
                text = action.text().replace("&", "") if action is not None else ""
                button.setAccessibleName(text or translate("Accessibility", "Meer knoppen"))
    for combo in root.findChildren(QComboBox):  # the popup list is a separate item view for screen readers
        if not combo.view().accessibleName():
            combo.view().setAccessibleName(combo.accessibleName())
    for spin in root.findChildren(QAbstractSpinBox):
        edit = spin.findChild(QLineEdit)
        if edit is not None and not edit.accessibleName():
            edit.setAccessibleName(spin.accessibleName())


def unnamed_controls(root: QWidget) -> list[QWidget]:
    """Interactive widgets under `root` without an accessible name (for tests and a debug check)."""
    return [w for w in root.findChildren(QWidget) if isinstance(w, INTERACTIVE_TYPES) and not w.accessibleName()]
