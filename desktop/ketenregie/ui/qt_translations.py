"""Where Qt's own Dutch translations (qtbase_nl.qm: standard buttons, QMessageBox, QFileDialog, QPrintDialog, the
Knippen/Kopiëren/Plakken context menus of text fields) are found — in a development checkout and in the frozen
(PyInstaller) build — and the few strings Qt's file leaves in English (resources/translations/qt_extra_nl.ts).

In the frozen build Qt's translations are inside the bundle where the wheel has them: PySide6/Qt/translations
(Linux) or PySide6/translations (Windows) — FROZEN_QT_TRANSLATIONS; packaging/ketenregie.spec adds qtbase_nl.qm
and qt_nl.qm there explicitly. QLibraryInfo does not always report that folder, so these are tried first when
frozen; then QLibraryInfo's path; then the PySide6 package's own folder."""
from __future__ import annotations

import sys
from pathlib import Path

from PySide6.QtCore import QLibraryInfo

FROZEN_QT_TRANSLATIONS = (("PySide6", "Qt", "translations"), ("PySide6", "translations"))  # in sys._MEIPASS
EXTRA = "qt_extra"  # our additions to Qt's Dutch (resources/translations/qt_extra_<lang>.qm)


def candidate_dirs() -> list[Path]:
    found: list[Path] = []
    if getattr(sys, "frozen", False) and getattr(sys, "_MEIPASS", None):
        found += [Path(sys._MEIPASS).joinpath(*parts) for parts in FROZEN_QT_TRANSLATIONS]
    found.append(Path(QLibraryInfo.path(QLibraryInfo.LibraryPath.TranslationsPath)))
    import PySide6  # noqa: PLC0415 - already imported by QtCore

    package = Path(PySide6.__file__).resolve().parent
    found += [package / "Qt" / "translations", package / "translations"]
    return found


def qt_translations_dir(language: str) -> Path | None:
    """The first folder that holds qtbase_<language>.qm; None when none does."""
    for folder in candidate_dirs():
        if (folder / f"qtbase_{language}.qm").is_file():
            return folder
    return None
