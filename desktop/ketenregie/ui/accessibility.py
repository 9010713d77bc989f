"""Accessible names for the parts Qt builds itself (header views, corner and clear buttons, menu-bar extension),
so every control a screen reader reaches has a name. Our own widgets set theirs explicitly."""
from __future__ import annotations

from PySide6.QtCore import QT_TRANSLATE_NOOP, QCoreApplication
from PySide6.QtGui import QAccessible, QAccessibleEvent
from PySide6.QtWidgets import (QAbstractButton, QAbstractItemView, QAbstractSpinBox, QComboBox, QHeaderView, QLabel,
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


# --- labels speak their text (issue 15 item 5) -----------------------------------------------------------------

def label_speaks_text(label: QLabel) -> None:
    """A label showing text is read by its text: an accessible name set on it ("Termijnen", "Casus", "Melding")
    would replace what it shows, so a screen reader heard "Termijnen" and not the deadlines. The name moves to the
    description (read after the text); a label showing only a picture keeps its name."""
    name = label.accessibleName()
    if not name or label.pixmap() is not None and not label.pixmap().isNull() and not label.text():
        return
    if not label.accessibleDescription():
        label.setAccessibleDescription(name)
    label.setAccessibleName("")


def announce(widget: QWidget) -> None:
    """Ask screen readers to read `widget` now (an error message that just appeared)."""
    QAccessible.updateAccessibility(QAccessibleEvent(widget, QAccessible.Event.Alert))


INVALID_SUFFIX = QT_TRANSLATE_NOOP("Accessibility", "ongeldig")


def mark_invalid(field: QWidget, message: str) -> None:
    """Tie a validation message to its field for screen readers: the field's name says "ongeldig" and its
    description is the message; `message` "" restores the field. The original name is kept on the widget."""
    original = field.property("ketenregie_accessible_name")
    if original is None:
        original = field.accessibleName()
        field.setProperty("ketenregie_accessible_name", original)
        field.setProperty("ketenregie_accessible_description", field.accessibleDescription())
    if message:
        field.setAccessibleName(f"{original} – {translate('Accessibility', INVALID_SUFFIX)}")
        field.setAccessibleDescription(message)
        field.setProperty("invalid", True)
    else:
        field.setAccessibleName(original)
        field.setAccessibleDescription(field.property("ketenregie_accessible_description") or "")
        field.setProperty("invalid", False)
    QAccessible.updateAccessibility(QAccessibleEvent(field, QAccessible.Event.NameChanged))
    QAccessible.updateAccessibility(QAccessibleEvent(field, QAccessible.Event.DescriptionChanged))
