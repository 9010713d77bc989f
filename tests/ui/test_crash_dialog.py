from __future__ import annotations

import threading
from pathlib import Path

from ketenregie.ui.crash_dialog import generic_error_text, show_generic_error


def test_generic_message_names_the_report_and_nothing_else(messages):
    report = Path("/tmp/logs/crash-20260101T000000Z.txt")
    assert show_generic_error(report) is True
    shown = messages.messages[-1]
    assert shown.kind == "critical"
    assert shown.text.startswith("Er ging iets mis. Er is een foutrapport zonder persoonsgegevens opgeslagen in")
    assert str(report) in shown.text


def test_without_a_report(messages):
    assert show_generic_error(None) is True
    assert "Er kon geen foutrapport worden opgeslagen" in messages.messages[-1].text


def test_from_a_worker_thread_it_is_shown_on_the_gui_thread(qtbot, messages):
    from PySide6.QtCore import QThread
    from PySide6.QtWidgets import QApplication

    seen = []

    class Recording(type(messages)):
        def critical(self, parent, title, text):
            seen.append(QThread.currentThread() == QApplication.instance().thread())
            super().critical(parent, title, text)

    from ketenregie.ui.messages import set_messenger

    previous = set_messenger(Recording())
    try:
        worker = threading.Thread(target=show_generic_error, args=(Path("/tmp/r.txt"),))
        worker.start()
        worker.join()
        qtbot.waitUntil(lambda: seen == [True], timeout=3000)
    finally:
        set_messenger(previous)


def test_a_failing_message_box_never_raises(messages, monkeypatch):
    def broken(*_args, **_kwargs):
        raise RuntimeError("no")

    monkeypatch.setattr(messages, "critical", broken)
    assert show_generic_error(Path("/tmp/x.txt")) is False


def test_text_is_dutch():
    assert generic_error_text(Path("x")).startswith("Er ging iets mis.")
