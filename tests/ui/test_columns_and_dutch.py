"""Issue 15 item 8: at 1280×720 logical (1366×768, or 1920×1080 at 150 %) the Caseload has no horizontal scroll
bar and no header anywhere is cut off (Caseload, Bewaartermijnen, Privacy); Qt's own dialogs and menus are Dutch —
also in the frozen build; one word for one thing: "casus", never "dossier"."""
from __future__ import annotations

import ast
import re
import shutil
import sys
from pathlib import Path

import pytest
from PySide6.QtCore import QTranslator
from PySide6.QtGui import QFont, QFontMetrics
from PySide6.QtWidgets import (QAbstractButton, QApplication, QComboBox, QFileDialog, QGroupBox, QLabel, QLineEdit,
                               QMessageBox, QPlainTextEdit, QTableView, QWidget)

from all_windows import MAX_HEIGHT, MAX_WIDTH, demo_register  # noqa: F401
from ui_helpers import unlock

REPO = Path(__file__).resolve().parents[2]
ENGLISH = re.compile(r"\b(Cut|Copy|Paste|Undo|Redo|Delete|Select All|Look in|Files of type|Page Set|Double Sided|"
                     r"Long side|Short side|Cancel|Open|Save|Yes|No|Print|Options|Properties|Name|Location|"
                     r"Output file|Copies|Collate|Reverse|Color Mode)\b")


def _header_problems(table: QTableView) -> list[str]:
    """Visible sections whose header text does not fit (measured bold, plus the margins Qt draws)."""
    header = table.horizontalHeader()
    font = QFont(header.font())
    font.setBold(True)
    metrics = QFontMetrics(font)
    model = table.model()
    problems = []
    for section in range(header.count()):
        if header.isSectionHidden(section):
            continue
        text = str(model.headerData(section, header.orientation()) or "")
        if metrics.horizontalAdvance(text) + 12 > header.sectionSize(section):
            problems.append(f"{text!r}: {metrics.horizontalAdvance(text)} + 12 > {header.sectionSize(section)}")
    return problems


def _settle(window) -> None:
    for _ in range(3):
        QApplication.processEvents()


@pytest.fixture
def small_window(qtbot, make_gui, demo_register):  # noqa: F811
    controller = make_gui(demo_register.path)
    unlock(qtbot, controller)
    window = controller.main_window
    window.resize(MAX_WIDTH, MAX_HEIGHT)
    window.show()
    return window


def test_the_caseload_fits_1280_by_720_without_a_horizontal_scroll_bar(qtbot, small_window):
    window = small_window
    window.show_view("caseload")
    view = window.view("caseload")
    qtbot.waitUntil(lambda: view.is_loaded, timeout=20_000)
    _settle(window)
    table = view.table
    assert table.model().rowCount() > 0
    assert table.horizontalScrollBar().maximum() == 0 and not table.horizontalScrollBar().isVisible()
    assert _header_problems(table) == []
    from ketenregie.ui.caseload.model import Column
    header = table.horizontalHeader()
    term_width = table.fontMetrics().horizontalAdvance("uiterlijk 30-10-2026") + 28  # the date is never cut off
    assert header.sectionSize(Column.TERM) >= term_width
    assert not header.isSectionHidden(Column.NAME) and not header.isSectionHidden(Column.TERM)
    # the lead partner comes back when there is room (1920×1080 at 100 %)
    window.resize(1900, 1000)
    _settle(window)
    assert not header.isSectionHidden(Column.LEAD_PARTNER)
    assert table.horizontalScrollBar().maximum() == 0


@pytest.mark.parametrize("key", ["retention", "privacy"])
def test_no_clipped_headers_at_1280_by_720(qtbot, small_window, key):
    window = small_window
    window.show_view(key)
    _settle(window)
    table = window.view(key).findChild(QTableView)
    assert table is not None
    assert _header_problems(table) == []
    assert table.horizontalScrollBar().maximum() == 0


def _menu_words(widget) -> list[str]:
    menu = widget.createStandardContextMenu()
    try:
        return [a.text().split("\t")[0].replace("&", "") for a in menu.actions() if not a.isSeparator()]
    finally:
        menu.deleteLater()


def test_text_field_context_menus_are_dutch(qtbot):
    for widget in (QLineEdit("tekst"), QPlainTextEdit("tekst")):
        qtbot.addWidget(widget)
        words = _menu_words(widget)
        assert {"Knippen", "Kopiëren", "Plakken", "Ongedaan maken"} <= set(words), words
        assert not [w for w in words if ENGLISH.search(w)], words


def _texts(root: QWidget) -> list[str]:
    out = []
    for child in root.findChildren(QWidget):
        if isinstance(child, (QLabel, QAbstractButton)):
            out.append(child.text())
        elif isinstance(child, QGroupBox):
            out.append(child.title())
        elif isinstance(child, QComboBox):
            out += [child.itemText(i) for i in range(child.count())]
    return [t.replace("&", "") for t in out if t and t != "Printer"]  # "Printer" is Dutch too


def test_qt_dialogs_are_dutch(qtbot):
    from PySide6.QtPrintSupport import QPrintDialog, QPrinter

    box = QMessageBox(QMessageBox.Icon.Question, "Vraag", "Doorgaan?",
                      QMessageBox.StandardButton.Yes | QMessageBox.StandardButton.No
                      | QMessageBox.StandardButton.Cancel | QMessageBox.StandardButton.Save)
    qtbot.addWidget(box)
    assert sorted(b.text().replace("&", "") for b in box.buttons()) == ["Annuleren", "Ja", "Nee", "Opslaan"]
    files = QFileDialog(None, "Kiezen")
    files.setOption(QFileDialog.Option.DontUseNativeDialog, True)
    qtbot.addWidget(files)
    printer = QPrinter()
    printing = QPrintDialog(printer)
    qtbot.addWidget(printing)
    for dialog in (files, printing):
        english = [t for t in _texts(dialog) if ENGLISH.search(t)]
        assert english == [], english


@pytest.mark.parametrize("layout", [0, 1])  # the Linux and the Windows wheel layout
def test_qtbase_nl_is_found_in_the_frozen_layout(tmp_path, monkeypatch, layout):
    from ketenregie.ui.qt_translations import FROZEN_QT_TRANSLATIONS, qt_translations_dir

    real = qt_translations_dir("nl")
    assert real is not None and (real / "qtbase_nl.qm").is_file()  # PySide6's own folder in development
    bundle = tmp_path / "bundle"
    frozen = bundle.joinpath(*FROZEN_QT_TRANSLATIONS[layout])
    frozen.mkdir(parents=True)
    shutil.copy(real / "qtbase_nl.qm", frozen / "qtbase_nl.qm")
    monkeypatch.setattr(sys, "frozen", True, raising=False)
    monkeypatch.setattr(sys, "_MEIPASS", str(bundle), raising=False)
    assert qt_translations_dir("nl") == frozen
    translator = QTranslator()
    assert translator.load("qtbase_nl", str(frozen))
    assert translator.translate("QPlatformTheme", "Cancel") == "Annuleren"


def _spec_function(name: str) -> dict:
    """Run the spec's top-level definitions `name` (and QT_LANGUAGES) on their own: the spec needs PyInstaller."""
    spec = ast.parse((REPO / "packaging" / "ketenregie.spec").read_text(encoding="utf-8"))
    namespace: dict = {"Path": Path}
    for node in spec.body:
        if (isinstance(node, ast.FunctionDef) and node.name == name) or (
                isinstance(node, ast.Assign) and any(getattr(t, "id", "") == "QT_LANGUAGES" for t in node.targets)):
            exec(compile(ast.Module([node], []), "ketenregie.spec", "exec"), namespace)  # noqa: S102
    return namespace


def test_the_build_spec_bundles_qtbase_nl_where_the_app_looks():
    from ketenregie.ui.qt_translations import FROZEN_QT_TRANSLATIONS

    datas = _spec_function("qt_translation_datas")["qt_translation_datas"]()
    assert {Path(source).name for source, _dest in datas} >= {"qtbase_nl.qm"}
    assert all(Path(source).is_file() for source, _dest in datas)
    assert {dest for _source, dest in datas} <= {"/".join(parts) for parts in FROZEN_QT_TRANSLATIONS}
    keep = _spec_function("keep")["keep"]  # the spec's own filter of Qt's translations
    for _source, dest in datas:
        assert keep(f"{dest}/qtbase_nl.qm")
    assert not keep("PySide6/Qt/translations/qtbase_de.qm")
    # our own .qm files (plurals, the strings Qt leaves English) are not Qt's: the filter keeps them
    assert keep("resources/translations/ketenregie_nl.qm") and keep("resources/translations/qt_extra_nl.qm")
    assert (REPO / "resources" / "translations" / "qt_extra_nl.qm").is_file()


USER_FACING = [("resources", ("*.toml", "*.md", "*.txt", "*.json", "*.ts", "*.csv", "*.html")),
               ("desktop/ketenregie", ("*.py", "*.sql", "*.toml")), ("forms", ("*.ui",)), ("docs", ("*.md",))]


def test_no_dossier_in_user_facing_text():
    found = []
    for folder, patterns in USER_FACING:
        for pattern in patterns:
            for path in (REPO / folder).rglob(pattern):
                if "__pycache__" in path.parts:
                    continue
                for number, line in enumerate(path.read_text(encoding="utf-8").splitlines(), start=1):
                    if re.search(r"dossier", line, re.IGNORECASE):
                        found.append(f"{path.relative_to(REPO)}:{number}: {line.strip()}")
    assert found == []
