"""Message boxes behind one small seam, so tests can script them (model: KeePassXC's MessageBox::setNextAnswer).

Widgets never call QMessageBox directly: they call `messenger().information(...)` etc. The default `QtMessenger`
shows a real, modal QMessageBox; tests install a `ScriptedMessenger` with `set_messenger()` that records every
message and answers questions from a script, so nothing blocks.

Never put exception text or personal data into a message: say in Dutch what happened and what to do.
"""
from __future__ import annotations

from collections import deque
from dataclasses import dataclass

from PySide6.QtWidgets import QWidget


@dataclass(frozen=True)
class RecordedMessage:
    kind: str  # "information" | "warning" | "critical" | "question" | "about"
    title: str
    text: str


class Messenger:
    """Interface; the default implementation shows Qt message boxes."""

    def information(self, parent: QWidget | None, title: str, text: str) -> None:
        raise NotImplementedError

    def warning(self, parent: QWidget | None, title: str, text: str) -> None:
        raise NotImplementedError

    def critical(self, parent: QWidget | None, title: str, text: str) -> None:
        raise NotImplementedError

    def question(self, parent: QWidget | None, title: str, text: str, *, default_yes: bool = False) -> bool:
        raise NotImplementedError

    def about(self, parent: QWidget | None, title: str, text: str) -> None:
        raise NotImplementedError


def _message_box():
    """QMessageBox on first use: its class (and its enums) are not needed to paint the unlock screen."""
    from PySide6.QtWidgets import QMessageBox  # noqa: PLC0415

    return QMessageBox


class QtMessenger(Messenger):
    def _show(self, parent, icon, title, text, buttons, default):
        QMessageBox = _message_box()  # noqa: N806
        box = QMessageBox(icon, title, text, buttons, parent)
        box.setDefaultButton(default)
        box.setAccessibleName(title)
        box.setTextFormat(_plain_or_rich(text))
        for button in box.buttons():
            button.setAccessibleName(button.text().replace("&", ""))
        result = box.exec()
        box.deleteLater()
        return QMessageBox.StandardButton(result)

    def information(self, parent, title, text):
        QMessageBox = _message_box()  # noqa: N806
        self._show(parent, QMessageBox.Icon.Information, title, text, QMessageBox.StandardButton.Ok,
                   QMessageBox.StandardButton.Ok)

    def warning(self, parent, title, text):
        QMessageBox = _message_box()  # noqa: N806
        self._show(parent, QMessageBox.Icon.Warning, title, text, QMessageBox.StandardButton.Ok,
                   QMessageBox.StandardButton.Ok)

    def critical(self, parent, title, text):
        QMessageBox = _message_box()  # noqa: N806
        self._show(parent, QMessageBox.Icon.Critical, title, text, QMessageBox.StandardButton.Ok,
                   QMessageBox.StandardButton.Ok)

    def question(self, parent, title, text, *, default_yes=False):
        QMessageBox = _message_box()  # noqa: N806
        yes, no = QMessageBox.StandardButton.Yes, QMessageBox.StandardButton.No
        answer = self._show(parent, QMessageBox.Icon.Question, title, text, yes | no, yes if default_yes else no)
        return answer == yes

    def about(self, parent, title, text):
        _message_box().about(parent, title, text)


def _plain_or_rich(text: str):
    from PySide6.QtCore import Qt

    return Qt.TextFormat.RichText if text.lstrip().startswith("<") else Qt.TextFormat.PlainText


class ScriptedMessenger(Messenger):
    """Test seam: records messages, answers questions from `answers` (then `default_answer`), never blocks."""

    def __init__(self, answers: list[bool] | None = None, default_answer: bool = True) -> None:
        self.messages: list[RecordedMessage] = []
        self.answers: deque[bool] = deque(answers or [])
        self.default_answer = default_answer

    def _record(self, kind: str, title: str, text: str) -> None:
        self.messages.append(RecordedMessage(kind, title, text))

    def information(self, parent, title, text):
        self._record("information", title, text)

    def warning(self, parent, title, text):
        self._record("warning", title, text)

    def critical(self, parent, title, text):
        self._record("critical", title, text)

    def question(self, parent, title, text, *, default_yes=False):
        self._record("question", title, text)
        return self.answers.popleft() if self.answers else self.default_answer

    def about(self, parent, title, text):
        self._record("about", title, text)

    def texts(self, kind: str | None = None) -> list[str]:
        return [m.text for m in self.messages if kind is None or m.kind == kind]


_current: Messenger = QtMessenger()


def messenger() -> Messenger:
    return _current


def set_messenger(new: Messenger) -> Messenger:
    """Install `new` and return the previous messenger (so a test fixture can restore it)."""
    global _current
    previous, _current = _current, new
    return previous

