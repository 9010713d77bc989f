"""Child process of test_qt_none_refcount.py (run as a script, never imported by pytest).

Builds a real register with fictitious cases in a temporary folder, opens the app's real views on it, and makes
at least CALLS calls of the models' Python `data()` that return None, through the proxies the views use
(letters: `case_proxy`, Gesprekken and Auditlog: their QSortFilterProxyModel; the caseload model, which filters
itself, behind a QSortFilterProxyModel as any sorting view would put it), with search keystrokes in between.
Prints one JSON line: the number of None-returning calls, None's reference count before and after, and the
PySide6 version. On a crashing pair (PySide6 6.12.0 on CPython 3.11) the process aborts with
"Fatal Python error: none_dealloc" before it gets there.
"""
from __future__ import annotations

import gc
import json
import os
import sys
import tempfile
from datetime import date
from pathlib import Path

os.environ.setdefault("QT_QPA_PLATFORM", "offscreen")

import PySide6  # noqa: E402
from PySide6.QtCore import QSortFilterProxyModel, Qt  # noqa: E402
from PySide6.QtWidgets import QApplication  # noqa: E402

from ketenregie.config import MemorySettingsBackend, Policy, Settings  # noqa: E402
from ketenregie.demo import fill_demo_cases  # noqa: E402
from ketenregie.services.register import create_register  # noqa: E402
from ketenregie.ui.caseload.view import CaseloadView  # noqa: E402
from ketenregie.ui.conversations.view import ConversationsView  # noqa: E402
from ketenregie.ui.letters.view import LettersView  # noqa: E402
from ketenregie.ui.views.audit_log import AuditLogView  # noqa: E402
from ketenregie.ui.views.registry import ViewContext  # noqa: E402
from ketenregie.vault.kdf import KdfParams  # noqa: E402

CALLS = int(sys.argv[1]) if len(sys.argv) > 1 else 50_000
TODAY = date(2026, 4, 15)
# Roles a view asks for on every paint; each model answers None for most of them on most columns.
ROLES = (Qt.ItemDataRole.ToolTipRole, Qt.ItemDataRole.DecorationRole, Qt.ItemDataRole.FontRole,
         Qt.ItemDataRole.ForegroundRole, Qt.ItemDataRole.BackgroundRole, Qt.ItemDataRole.CheckStateRole,
         Qt.ItemDataRole.StatusTipRole, Qt.ItemDataRole.WhatsThisRole, Qt.ItemDataRole.SizeHintRole)
SEARCHES = ("j", "ja", "jan", "ja", "j", "", "2026-0", "2026-00", "", "v", "vr", "")


def none_cells(proxy, limit_rows: int = 20) -> list:
    """(proxy index, role) pairs for which the source model's Python data() returns None."""
    cells = []
    for row in range(min(limit_rows, proxy.rowCount())):
        for column in range(proxy.columnCount()):
            index = proxy.index(row, column)
            cells += [(index, role) for role in ROLES if proxy.data(index, role) is None]
    return cells


def main() -> int:
    app = QApplication.instance() or QApplication([])
    with tempfile.TemporaryDirectory() as folder:
        register, _code, _notices = create_register(Path(folder) / "register.ketenregie",
                                                    "regressietest wachtwoordzin lang genoeg",
                                                    policy=Policy.defaults(), kdf=KdfParams.minimum(), origin="cli")
        try:
            fill_demo_cases(register, 60, today=TODAY)
            policy = Policy.defaults()
            context = ViewContext(register=register, settings=Settings(policy, MemorySettingsBackend()), policy=policy)
            caseload = CaseloadView(context, today=lambda: TODAY, background=False)
            caseload_proxy = QSortFilterProxyModel(caseload)
            caseload_proxy.setSourceModel(caseload.model)
            letters = LettersView(context)
            conversations = ConversationsView(context)
            audit = AuditLogView(context)
            pairs = [(caseload.search_edit, caseload_proxy), (letters.search_edit, letters.case_proxy),
                     (conversations.search_edit, conversations.proxy), (None, audit.proxy)]
            for _search, proxy in pairs:
                assert proxy.rowCount() > 0, f"{type(proxy.sourceModel()).__name__} has no rows"
            app.processEvents()

            gc.collect()
            before = sys.getrefcount(None)
            calls = 0
            round_ = 0
            while calls < CALLS:
                for search, proxy in pairs:
                    if search is not None:
                        search.setText(SEARCHES[round_ % len(SEARCHES)])  # a keystroke: the proxy refilters
                    for index, role in none_cells(proxy):
                        for _ in range(10):
                            if proxy.data(index, role) is not None:
                                raise AssertionError("expected None from the model")
                            calls += 1
                round_ += 1
                app.processEvents()
            gc.collect()
            after = sys.getrefcount(None)
            for view in (caseload, letters, conversations, audit):
                view.release()
                view.deleteLater()
            app.processEvents()
        finally:
            register.close("quit")
    print(json.dumps({"calls": calls, "none_refcount_before": before, "none_refcount_after": after,
                      "pyside6": PySide6.__version__, "python": sys.version.split()[0]}))
    return 0


if __name__ == "__main__":
    sys.exit(main())
