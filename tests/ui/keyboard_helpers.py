"""Walk a window for its Alt+letter mnemonics (labels with a buddy, buttons, check boxes, group boxes, tabs, the
menu bar) in every state its tab widgets and stacks can show, and report letters used twice at the same time."""
from __future__ import annotations

import re
from collections import defaultdict

from PySide6.QtWidgets import (QAbstractButton, QApplication, QGroupBox, QLabel, QMainWindow, QStackedWidget,
                               QTabBar, QTabWidget, QWidget)

_MNEMONIC = re.compile(r"&(?!&)(\w)")


def mnemonic(text: str) -> str | None:
    match = _MNEMONIC.search(text or "")
    return match.group(1).lower() if match else None


def _visible_mnemonics(window: QWidget) -> dict[str, list[str]]:
    found: dict[str, list[str]] = defaultdict(list)

    def add(text: str, what: str) -> None:
        letter = mnemonic(text)
        if letter:
            found[letter].append(f"{what} '{text}'")

    for widget in window.findChildren(QWidget):
        if not widget.isVisibleTo(window):
            continue
        if isinstance(widget, QLabel) and widget.buddy() is not None and widget.textFormat() != 1:
            add(widget.text(), "label")
        elif isinstance(widget, QAbstractButton) and widget.parentWidget() is not None \
                and not isinstance(widget.parentWidget(), QTabBar):
            add(widget.text(), type(widget).__name__)
        elif isinstance(widget, QGroupBox) and widget.isCheckable():
            add(widget.title(), "group")
        elif isinstance(widget, QTabBar):
            for i in range(widget.count()):
                if widget.isTabVisible(i) and widget.isTabEnabled(i):
                    add(widget.tabText(i), "tab")
    if isinstance(window, QMainWindow) and window.menuBar().isVisible():
        for action in window.menuBar().actions():
            add(action.text(), "menu")
    return found


def collisions(window: QWidget) -> list[str]:
    """Duplicates in every combination of current tab / stack page, one level of tab widgets at a time."""
    problems: set[str] = set()

    def check(state: str) -> None:
        QApplication.processEvents()
        for letter, owners in _visible_mnemonics(window).items():
            if len(owners) > 1:
                problems.add(f"{state}: Alt+{letter.upper()} = {', '.join(sorted(owners))}")

    check(window.windowTitle() or type(window).__name__)
    for tabs in window.findChildren(QTabWidget):
        if not tabs.isVisibleTo(window):
            continue
        original = tabs.currentIndex()
        for i in range(tabs.count()):
            tabs.setCurrentIndex(i)
            check(f"{window.windowTitle()} / tab {tabs.tabText(i)}")
        tabs.setCurrentIndex(original)
    for stack in window.findChildren(QStackedWidget):
        if not stack.isVisibleTo(window) or isinstance(stack.parentWidget(), QTabWidget):
            continue
        original = stack.currentIndex()
        for i in range(stack.count()):
            stack.setCurrentIndex(i)
            check(f"{window.windowTitle()} / pagina {i} van {stack.accessibleName() or stack.objectName()}")
        stack.setCurrentIndex(original)
    return sorted(problems)
