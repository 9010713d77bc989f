"""Help menu: the list of keyboard shortcuts, and the user guide (docs/gebruik.md) shown inside the app, so it
works offline and on a locked-down workstation without a browser."""
from __future__ import annotations

from pathlib import Path

from PySide6.QtCore import QCoreApplication, Qt
from PySide6.QtGui import QAction, QKeySequence
from PySide6.QtWidgets import (QAbstractItemView, QDialog, QDialogButtonBox, QHeaderView, QTableWidget,
                               QTableWidgetItem, QTextBrowser, QVBoxLayout, QWidget)

from ketenregie.resources import resource_path, resources_root


def tr(text: str) -> str:
    return QCoreApplication.translate("Help", text)


# Shortcuts that live inside a view or dialog (the main window's own actions are read from the actions).
IN_VIEWS = (
    ("Ctrl+S", "Casus opslaan (in het casusvenster)"),
    ("Esc", "Venster sluiten; vergadermodus sluiten"),
    ("Enter", "Gekozen casus of overleg openen"),
    ("Ctrl+Shift+O", "Gekozen casus aanmelden voor overleg (Caseload)"),
    ("Ctrl+Shift+X", "Filters wissen (Caseload)"),
    ("F5", "Vandaag vernieuwen"),
    ("Alt+Rechts / Alt+Links", "Volgend / vorig agendapunt (vergadermodus)"),
    ("Ctrl+Tab", "Volgend tabblad"),
    ("Tab / Shift+Tab", "Volgend / vorig veld; pijltjestoetsen bewegen binnen een lijst"),
    ("Alt + onderstreepte letter", "Naar dat veld of die knop"),
)


def guide_path() -> Path:
    """The user guide: bundled under resources/docs in the Windows build, docs/ in a checkout."""
    bundled = resource_path("docs", "gebruik.md")
    return bundled if bundled.exists() else resources_root().parent / "docs" / "gebruik.md"


def action_shortcuts(actions: list[QAction]) -> list[tuple[str, str]]:
    rows = []
    for action in actions:
        keys = action.shortcut()
        if keys.isEmpty():
            continue
        rows.append((keys.toString(QKeySequence.SequenceFormat.NativeText),
                     action.text().replace("&", "").rstrip("…").rstrip(".")))
    return rows


class ShortcutsDialog(QDialog):
    def __init__(self, actions: list[QAction], parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setWindowTitle(tr("Sneltoetsen"))
        self.setAccessibleName(tr("Sneltoetsen"))
        layout = QVBoxLayout(self)
        rows = action_shortcuts(actions) + [(keys, tr(text)) for keys, text in IN_VIEWS]
        self.table = QTableWidget(len(rows), 2, self)
        self.table.setAccessibleName(tr("Sneltoetsen"))
        self.table.setHorizontalHeaderLabels([tr("Toetsen"), tr("Wat het doet")])
        self.table.verticalHeader().hide()
        self.table.setEditTriggers(QAbstractItemView.EditTrigger.NoEditTriggers)
        self.table.setSelectionBehavior(QAbstractItemView.SelectionBehavior.SelectRows)
        for row, (keys, text) in enumerate(rows):
            self.table.setItem(row, 0, QTableWidgetItem(keys))
            self.table.setItem(row, 1, QTableWidgetItem(text))
        header = self.table.horizontalHeader()
        header.setSectionResizeMode(0, QHeaderView.ResizeMode.ResizeToContents)
        header.setStretchLastSection(True)
        layout.addWidget(self.table)
        buttons = QDialogButtonBox(QDialogButtonBox.StandardButton.Close, self)
        buttons.rejected.connect(self.reject)
        layout.addWidget(buttons)
        self.resize(620, 520)
        self.table.setFocus()

    def rows(self) -> list[tuple[str, str]]:
        return [(self.table.item(r, 0).text(), self.table.item(r, 1).text()) for r in range(self.table.rowCount())]


class GuideDialog(QDialog):
    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setWindowTitle(tr("Gebruikershandleiding"))
        self.setAccessibleName(tr("Gebruikershandleiding"))
        layout = QVBoxLayout(self)
        self.browser = QTextBrowser(self)
        self.browser.setAccessibleName(tr("Gebruikershandleiding"))
        self.browser.setOpenExternalLinks(False)
        path = guide_path()
        try:
            self.browser.setMarkdown(path.read_text(encoding="utf-8"))
        except OSError:
            self.browser.setPlainText(tr("De gebruikershandleiding is niet gevonden. Vraag uw IT-afdeling om "
                                         "Ketenregie opnieuw te installeren."))
        layout.addWidget(self.browser)
        buttons = QDialogButtonBox(QDialogButtonBox.StandardButton.Close, self)
        buttons.rejected.connect(self.reject)
        layout.addWidget(buttons)
        self.resize(760, 560)
        self.browser.setFocus(Qt.FocusReason.OtherFocusReason)
