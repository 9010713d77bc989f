"""Dutch plurals through real Qt translations: resources/translations/ketenregie_nl.ts holds every message with a
count (%n) in its singular and plural form; the compiled ketenregie_nl.qm is committed next to it and loaded at
start (ketenregie.ui.app.install_translations).

    python forms/translations.py           # pyside6-lupdate (plural messages only) into the .ts, then lrelease
    python forms/translations.py --check   # exit 1 when a plural message has no translation or the .qm is stale

Edit the <numerusform> entries in the .ts (or open it in pyside6-linguist): the first is the singular ("1 minuut"),
the second the plural ("%n minuten"). A new message with %n must use QCoreApplication.translate("Context", text,
None, n) (aliased `translate`), so lupdate finds it under the context the code looks it up in.
tests/ui/test_translations.py runs the same check.
"""
from __future__ import annotations

import argparse
import subprocess
import sys
import tempfile
import xml.etree.ElementTree as ET
from pathlib import Path

FORMS_DIR = Path(__file__).resolve().parent
REPO_ROOT = FORMS_DIR.parent
UI_DIR = REPO_ROOT / "desktop" / "ketenregie" / "ui"
TRANSLATIONS = REPO_ROOT / "resources" / "translations"
TS = TRANSLATIONS / "ketenregie_nl.ts"
QM = TRANSLATIONS / "ketenregie_nl.qm"
# Qt's own dialogs: the few strings qtbase_nl.qm leaves English, translated by hand (not touched by lupdate).
QT_EXTRA_TS = TRANSLATIONS / "qt_extra_nl.ts"
QT_EXTRA_QM = TRANSLATIONS / "qt_extra_nl.qm"


def _tool(name: str) -> str:
    local = Path(sys.executable).with_name(name)
    return str(local) if local.exists() else name


def sources() -> list[str]:
    files = sorted(p for p in UI_DIR.rglob("*.py") if "__pycache__" not in p.parts and p.parent.name != "forms")
    return [str(p) for p in files] + [str(p) for p in sorted(FORMS_DIR.glob("*.ui"))]


def update_ts(ts: Path) -> None:
    subprocess.run([_tool("pyside6-lupdate"), "-pluralonly", "-no-obsolete", "-locations", "none",
                    "-source-language", "nl_NL", "-target-language", "nl_NL", *sources(), "-ts", str(ts)],
                   check=True, capture_output=True)


def release(ts: Path, qm: Path) -> None:
    subprocess.run([_tool("pyside6-lrelease"), "-silent", str(ts), "-qm", str(qm)], check=True, capture_output=True)


def untranslated(ts: Path) -> list[str]:
    """Plural messages without both forms filled in."""
    missing = []
    for message in ET.parse(ts).getroot().iter("message"):
        translation = message.find("translation")
        forms = [f.text or "" for f in translation.findall("numerusform")] if translation is not None else []
        if (translation is None or translation.get("type") in ("unfinished", "vanished", "obsolete")
                or len(forms) < 2 or not all(f.strip() for f in forms)):
            missing.append(message.findtext("source") or "")
    return missing


def check() -> list[str]:
    """Problems: plural messages in the code missing from the .ts or untranslated, a .qm not built from the .ts."""
    problems = []
    with tempfile.TemporaryDirectory() as tmp:
        fresh = Path(tmp) / TS.name
        fresh.write_bytes(TS.read_bytes())
        update_ts(fresh)
        problems += [f"not translated: {text}" for text in untranslated(fresh)]
        qm = Path(tmp) / QM.name
        release(TS, qm)
        if not QM.exists() or QM.read_bytes() != qm.read_bytes():
            problems.append(f"{QM.name} is not built from {TS.name}: run python forms/translations.py")
        extra = Path(tmp) / QT_EXTRA_QM.name
        release(QT_EXTRA_TS, extra)
        if not QT_EXTRA_QM.exists() or QT_EXTRA_QM.read_bytes() != extra.read_bytes():
            problems.append(f"{QT_EXTRA_QM.name} is not built from {QT_EXTRA_TS.name}: run python forms/translations.py")
    return problems


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--check", action="store_true")
    args = parser.parse_args(argv)
    if args.check:
        problems = check()
        for problem in problems:
            print(problem, file=sys.stderr)
        return 1 if problems else 0
    update_ts(TS)
    release(TS, QM)
    release(QT_EXTRA_TS, QT_EXTRA_QM)
    missing = untranslated(TS)
    for text in missing:
        print(f"not translated yet (edit {TS.name}): {text}", file=sys.stderr)
    print(f"{TS.relative_to(REPO_ROOT)} -> {QM.relative_to(REPO_ROOT)}")
    return 1 if missing else 0


if __name__ == "__main__":
    sys.exit(main())
