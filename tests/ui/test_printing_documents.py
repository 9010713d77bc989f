"""Issue 15 item 11: agenda, minutes, the resident's summary, the bridge picture, the inzage, the monitor report and
the privacy catalogue print through the system print dialog — next to every "save as PDF" there is "Afdrukken…".

The printer is a real QPrinter writing a PDF file (the seam `ask_printer` replaces only the modal QPrintDialog);
the printed file is read back with pypdf and has as many pages as the PDF the same action saves. The promise "no
temp file with personal data on disk": while printing, TMPDIR points at an empty folder that stays empty, and the
only file that appears anywhere under tmp_path is the printer's own output."""
from __future__ import annotations

import os
import tempfile
from datetime import date
from io import BytesIO
from pathlib import Path

import pytest
from pypdf import PdfReader
from PySide6.QtPrintSupport import QPrintDialog, QPrinter

from ketenregie.ui import printing
from test_printing import file_printer
from test_meetings_ui import _plan_five, cases, register, view  # noqa: F401  (fixtures)


@pytest.fixture
def watched_tmp(tmp_path, monkeypatch):
    """TMPDIR (Qt's and Python's temp folder) is an empty folder of our own for the whole test."""
    folder = tmp_path / "tmp"
    folder.mkdir()
    monkeypatch.setenv("TMPDIR", str(folder))
    monkeypatch.setattr(tempfile, "tempdir", str(folder))
    return folder


def _files(root: Path) -> set[Path]:
    return {p for p in root.rglob("*") if p.is_file()}


def _printed(qtbot, job) -> None:
    assert job is not None
    with qtbot.waitSignal(job.done, timeout=30_000) as blocker:
        pass
    assert blocker.args == [True]


def _pages(data: bytes | Path) -> int:
    raw = data.read_bytes() if isinstance(data, Path) else data
    return len(PdfReader(BytesIO(raw)).pages)


def test_the_default_dialog_is_the_system_print_dialog(qtbot, monkeypatch):
    shown = []

    def fake_exec(dialog):
        shown.append((type(dialog), dialog.windowTitle(), dialog.printer()))
        return 0  # Annuleren

    monkeypatch.setattr(QPrintDialog, "exec", fake_exec)
    assert printing.ask_printer(None) is None
    assert shown and shown[0][0] is QPrintDialog and shown[0][1] == "Afdrukken"
    assert isinstance(shown[0][2], QPrinter)


def test_meeting_agenda_and_minutes_print_from_memory(qtbot, view, cases, register, tmp_path, watched_tmp):  # noqa: F811
    meeting_id = _plan_five(qtbot, view, cases)
    before_files = _files(tmp_path)
    assert view.print_button.menu() is not None
    for kind, action in (("agenda", view.print_agenda_action), ("verslag", view.print_minutes_action)):
        out = tmp_path / f"printer-{kind}.pdf"
        view.ask_printer = file_printer(out)
        audit_before = register.audit.count()
        action.trigger()
        _printed(qtbot, view.tasks[-1])
        # same rendering as the saved PDF
        saved = view.produce(kind)
        with qtbot.waitSignal(saved.finished, timeout=30_000):
            pass
        (pdf,) = [p for p in (tmp_path / "pdf").iterdir() if kind in p.name]
        assert _pages(out) == _pages(pdf) >= 1
        entries = register.audit.recent(register.audit.count() - audit_before)
        assert [e.action for e in entries] == ["print", "print"]  # the print and the saved copy
        assert all(e.object_ref == f"meeting:{meeting_id}.{kind}" for e in entries)
    assert _files(watched_tmp) == set()
    new = _files(tmp_path) - before_files
    assert {p.name for p in new if p.parent == tmp_path} == {"printer-agenda.pdf", "printer-verslag.pdf"}


def test_a_cancelled_print_records_nothing(qtbot, view, cases, register):  # noqa: F811
    _plan_five(qtbot, view, cases)
    view.ask_printer = lambda _parent: None
    before = register.audit.count()
    job = view.print_document("agenda")
    with qtbot.waitSignal(job.done, timeout=30_000) as blocker:
        pass
    assert blocker.args == [False] and register.audit.count() == before
    assert "geannuleerd" in view.message_label.text()


def test_the_residents_summary_and_bridge_picture_print(qtbot, unlocked_gui, tmp_path, watched_tmp):
    from ketenregie.domain.cases import Case, Household, IntakeRoute
    from ketenregie.domain.conversations import ConversationKind, Stage
    from ketenregie.store.case_repository import CaseRepository

    register = unlocked_gui.lock_manager.register
    number = CaseRepository(register.db, register.audit).create(Case(
        household=Household(name="Zwanhilde Kanarievogel"), intake_route=IntakeRoute.SELF,
        help_request_date=date.today()))
    unlocked_gui.main_window.show_view("conversations")
    view = unlocked_gui.main_window.view("conversations")
    view.select_case(number)
    assert view.chart_print_button.isEnabled()
    out = tmp_path / "printer-chart.pdf"
    view.ask_printer = file_printer(out)
    view.chart_print_button.click()
    _printed(qtbot, view.tasks[-1])
    render, _name, _ref = view._chart(number)
    assert _pages(out) == _pages(render()) >= 1
    assert register.audit.recent(1)[0].action == "print"

    view.kind_combo.setCurrentIndex(view.kind_combo.findData(ConversationKind.INTAKE.value))
    view.new_button.click()
    finish = view.mode.pages[Stage.FINISH]
    assert not finish.paper_button.isHidden()
    out = tmp_path / "printer-summary.pdf"
    view.ask_printer = file_printer(out)
    finish.paper_button.click()
    _printed(qtbot, view.tasks[-1])
    render, _name, _ref = view._summary(view.mode.conversation)
    assert _pages(out) == _pages(render()) >= 1
    text = "".join(p.extract_text() for p in PdfReader(out).pages)
    assert "Kanarievogel" not in text
    assert _files(watched_tmp) == set()
    assert view.written == []  # printing wrote no PDF of its own


def test_the_inzage_prints_from_the_rights_tab(qtbot, tmp_path, watched_tmp):
    import sys

    sys.path.insert(0, str(Path(__file__).resolve().parents[1] / "rights"))
    from rights_helpers import full_case, new_register
    from test_case_rights import _context, _open

    register = new_register(tmp_path / "register.krg")
    try:
        number = full_case(register)
        dialog = _open(qtbot, _context(register), number)
        tab = dialog.rights_tab
        out = tmp_path / "printer-inzage.pdf"
        tab.ask_printer = file_printer(out)
        before = _files(tmp_path)
        tab.print_button.click()
        _printed(qtbot, tab.tasks[-1])
        from ketenregie.services.inzage import InzageService
        assert _pages(out) == _pages(InzageService(register).render_pdf(number)) >= 1
        assert register.audit.recent(1)[0].action == "print"
        assert register.audit.recent(1)[0].object_ref == f"inzage:{number}"
        assert _files(tmp_path) - before == {out} or all(
            p == out or p.name.startswith("register.krg") for p in _files(tmp_path) - before)
        assert _files(watched_tmp) == set()
        dialog.close()
    finally:
        register.close()


def test_the_monitor_report_prints(qtbot, existing_register, settings, tmp_path, watched_tmp):
    from case_helpers import open_with_context, today
    from ketenregie.ui.monitor.view import MonitorView

    register, context = open_with_context(existing_register, settings)
    try:
        view = MonitorView(context, today=today)
        qtbot.addWidget(view)
        out = tmp_path / "printer-monitor.pdf"
        view.ask_printer = file_printer(out)
        view.print_button.click()
        _printed(qtbot, view.task)
        saved = tmp_path / "monitor.pdf"
        view.service.export(view.period(), "pdf", saved)
        assert _pages(out) == _pages(saved) >= 1
        assert register.audit.recent(2)[1].object_ref.startswith("monitor:format=print,tables=")
        assert _files(watched_tmp) == set()
    finally:
        register.close("quit")


def test_the_privacy_catalogue_prints(qtbot, tmp_path):
    from ketenregie.documents.processing_record import render_processing_record
    from ketenregie.ui.privacy.view import PrivacyView

    view = PrivacyView()
    qtbot.addWidget(view)
    out = tmp_path / "printer-catalogue.pdf"
    view.ask_printer = file_printer(out)
    _printed(qtbot, view.print_catalogue())
    assert _pages(out) == _pages(render_processing_record(view.catalogue)) >= 1
    assert "printer" in view.message.text() or "Naar de printer" in view.message.text()


def test_every_save_as_pdf_button_has_a_print_button_next_to_it(qtbot, unlocked_gui):
    """Walk every view: each button whose accessible name says "als PDF" has a sibling print button."""
    from PySide6.QtWidgets import QPushButton

    window = unlocked_gui.main_window
    missing = []
    for spec in window.registry.specs():
        window.show_view(spec.key)
        widget = window.view(spec.key)
        if widget is None:
            continue
        buttons = widget.findChildren(QPushButton)
        prints = [b for b in buttons if "afdru" in (b.text() + b.accessibleName()).lower()]
        for button in buttons:
            if "als pdf" in button.accessibleName().lower() or "(pdf)" in button.text().lower():
                if not any(p.parentWidget() is button.parentWidget() for p in prints):
                    missing.append((spec.key, button.accessibleName()))
    assert missing == []
    assert os.environ.get("QT_QPA_PLATFORM") == "offscreen"


def test_the_signal_invitation_letter_prints(qtbot, tmp_path, watched_tmp):
    from test_signals_view import ROWS, import_file, write
    from ketenregie.config import MemorySettingsBackend, Policy, Settings
    from ketenregie.services.register import create_register
    from ketenregie.ui.signals.view import SignalsView
    from ketenregie.ui.views.registry import ViewContext
    from ketenregie.vault.kdf import KdfParams

    policy = Policy.defaults()
    reg, _, _ = create_register(tmp_path / "register.krg", "een lange wachtwoordzin voor tests", policy=policy,
                                kdf=KdfParams.minimum())
    try:
        view = SignalsView(ViewContext(register=reg, settings=Settings(policy, MemorySettingsBackend()),
                                       policy=policy), today=lambda: date(2026, 6, 15))
        qtbot.addWidget(view)
        import_file(qtbot, view, write(tmp_path / "s.csv", ROWS[2:]))
        (tmp_path / "s.csv").unlink()
        view.table.selectRow(0)
        view.pick_up_button.click()
        out = tmp_path / "printer-letter.pdf"
        view.ask_printer = file_printer(out)
        before = reg.audit.count()
        assert view.letter_print_button.isEnabled() and view.print_letter()
        assert _pages(out) == _pages(view.service.invitation_pdf(view.current.id)) >= 1
        assert [e.action for e in reg.audit.recent(reg.audit.count() - before)] == ["print"]
        assert _files(watched_tmp) == set()
    finally:
        reg.close()
