"""Issue 15 item 6: the text kept at a lock goes into the encrypted register and nowhere else. A canary typed into
each form that keeps a draft (the case dialog with a new action and a correction being typed over it, an agenda
item and the case search in the planning dialog, the manual signal entry) is,
after the lock: in the register (positive control — every page of the database and its WAL decrypted with the data
key), and in no other file under the test home (settings.ini, logs, the temp dir, the key-slot file, the lock and
attempts files). After the unlock each form has it back."""
from __future__ import annotations

import logging
import shutil
import sys
import tempfile
from datetime import date, datetime, timedelta
from pathlib import Path

from PySide6.QtWidgets import QApplication

sys.path.insert(0, str(Path(__file__).resolve().parents[1] / "rights"))
from sqlcipher_pages import hits  # noqa: E402

from ketenregie.config import QSettingsBackend, Settings  # noqa: E402
from ketenregie.diagnostics import setup_logging  # noqa: E402
from ketenregie.domain.cases import Case, Household, IntakeRoute, JournalEntry  # noqa: E402
from ketenregie.domain.meetings import CaseMeeting, Participant  # noqa: E402
from ketenregie.paths import AppPaths  # noqa: E402
from ketenregie.services.register import RegisterFiles  # noqa: E402
from ketenregie.store.case_repository import CaseRepository  # noqa: E402
from ketenregie.store.meeting_repository import MeetingRepository  # noqa: E402
from ui_helpers import unlock  # noqa: E402

CASE_CANARY = "Kanarie-Casusformulier-Qz7"
AGENDA_CANARY = "Kanarie-Agendavraag-Qz7"
SIGNAL_CANARY = "Kanarie-Signaalinvoer-Qz7"
ACTION_CANARY = "Kanarie-Nieuwe-Actie-Qz7"
CORRECTION_CANARY = "Kanarie-Correctie-Qz7"
SEARCH_CANARY = "Kanarie-Casuszoeken-Qz7"
CANARIES = [CASE_CANARY, AGENDA_CANARY, SIGNAL_CANARY, ACTION_CANARY, CORRECTION_CANARY, SEARCH_CANARY]


def _needles(text: str) -> list[bytes]:
    return [text.encode("utf-8"), text.encode("utf-16-le"), text.lower().encode("utf-8")]


def test_canaries_typed_into_every_draft_form_stay_in_the_register(qtbot, make_gui, register_template,
                                                                  isolated_home, policy, monkeypatch):
    home = isolated_home
    temp_dir = home / "tmp"
    temp_dir.mkdir()
    monkeypatch.setenv("TMPDIR", str(temp_dir))
    monkeypatch.setattr(tempfile, "tempdir", str(temp_dir))
    paths = AppPaths.from_environment()
    paths.ensure()
    root = logging.getLogger()
    handlers_before = list(root.handlers)
    root_level = root.level
    setup_logging(paths.log_dir)
    root.setLevel(logging.DEBUG)  # even debug output must not carry the text
    try:
        _run(qtbot, make_gui, register_template, home, policy)
    finally:
        root.setLevel(root_level)
        for handler in root.handlers[:]:
            if handler not in handlers_before:
                root.removeHandler(handler)
                handler.close()


def _run(qtbot, make_gui, register_template, home, policy) -> None:
    path = home / "data" / "register.ketenregie"
    path.parent.mkdir(parents=True, exist_ok=True)
    shutil.copy2(register_template.path, path)
    shutil.copy2(RegisterFiles(register_template.path).keyslots, RegisterFiles(path).keyslots)
    settings = Settings(policy, QSettingsBackend())  # a real settings.ini under the home
    gui = make_gui(path, settings=settings)
    unlock(qtbot, gui)
    window = gui.main_window
    register = gui.lock_manager.register
    key = bytes(register._key)
    cases = CaseRepository(register.db, register.audit)
    number = cases.create(Case(Household("Agenda Persoon"), IntakeRoute.SELF, date.today() - timedelta(days=3),
                               journal=(JournalEntry(date.today() - timedelta(days=1), "Gebeld"),)))
    meetings = MeetingRepository(register.db, register.audit)
    meeting = meetings.add_cases(CaseMeeting(starts_at=datetime.now() + timedelta(days=2), purpose="Casuïstiek",
                                             chair="Voorzitter", location="Zaal 2",
                                             participants=(Participant("Gemeente"),)),
                                 [cases.get(number, audit=False).id])
    meeting_id = meetings.save(meeting)

    # the case dialog of a saved case — left open over another view's dialogs — with a new action and a correction
    # of its journal entry being typed in the correction dialog over it
    window.show_view("caseload")
    caseload_view = window.view("caseload")
    qtbot.waitUntil(lambda: caseload_view.is_loaded, timeout=10_000)
    caseload_view.reload()
    qtbot.waitUntil(lambda: caseload_view.model.row_of_case(number) >= 0, timeout=10_000)
    case_dialog = caseload_view.open_case(number)
    journal_row = next(r for r in range(case_dialog.timeline_model.rowCount())
                       if case_dialog.timeline_model.index(r, 1).data() == "Journaal")
    case_dialog.timeline_table.selectRow(journal_row)
    case_dialog.journal_correct_button.click()  # (a correction opens on a case without unsaved changes)
    case_dialog.correction_dialog.edit.setPlainText(CORRECTION_CANARY)
    # the case dialog's own fields and a new action too (set directly: one lock covers every kind of input)
    case_dialog.name_edit.setText(CASE_CANARY)
    case_dialog.request_edit.setPlainText(f"Hulpvraag van {CASE_CANARY}")
    case_dialog.action_edit.setText(ACTION_CANARY)
    assert case_dialog.add_action()
    # an agenda item in the planning dialog
    window.show_view("meetings")
    meetings_view = window.view("meetings")
    meetings_view.refresh()
    meetings_view.select_meeting(meeting_id)
    planning = meetings_view.edit_meeting()
    planning.item_list.setCurrentRow(0)
    planning.question_edit.setText(AGENDA_CANARY)
    planning.candidate_search.setText(SEARCH_CANARY)
    # the manual signal entry
    window.show_view("signals")
    signal = window.view("signals").manual_entry()
    signal.name.setText(SIGNAL_CANARY)
    window.privacy_action.trigger()  # presentatiemodus on and off: nothing may be written on the way
    window.privacy_action.trigger()
    logging.getLogger("ketenregie").debug("before the lock")

    window.lock_action.trigger()
    assert gui.lock_manager.is_locked
    QApplication.processEvents()
    for handler in logging.getLogger().handlers:
        handler.flush()

    where = repr((window.resume._view_states, window.resume._form_refs))  # "where was I": in memory, ids only
    assert "caseload" in where and not any(c in where for c in CANARIES)
    found = hits(path, key, CANARIES)  # positive control: the drafts are in the (encrypted) register
    assert all(count > 0 for count in found.values()), found
    leaks = []
    for file in home.rglob("*"):
        if not file.is_file() or file in (path, Path(f"{path}-wal"), Path(f"{path}-shm")):
            continue
        data = file.read_bytes()
        leaks += [f"{file.relative_to(home)}: {c}" for c in CANARIES if any(n in data for n in _needles(c))]
    assert leaks == []
    raw = path.read_bytes() + (Path(f"{path}-wal").read_bytes() if Path(f"{path}-wal").exists() else b"")
    assert not any(n in raw for c in CANARIES for n in _needles(c))  # and only encrypted there
    assert (home / "settings.ini").exists()  # the scan did look at the settings

    unlock(qtbot, gui)
    caseload, meetings_view, signals = (window.view(k) for k in ("caseload", "meetings", "signals"))
    assert caseload.dialog.name_edit.text() == CASE_CANARY
    assert [a.description for a in caseload.dialog._actions] == [ACTION_CANARY]
    assert caseload.dialog.correction_dialog.edit.toPlainText() == CORRECTION_CANARY
    assert meetings_view.planning_dialog.question_edit.text() == AGENDA_CANARY
    assert meetings_view.planning_dialog.candidate_search.text() == SEARCH_CANARY
    assert signals.manual_dialog.name.text() == SIGNAL_CANARY
