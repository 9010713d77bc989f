"""Record the yearly client-experience survey's anonymous totals: per question, how many answered each score.
Saved in one transaction with one audit entry (year and number of answers only)."""
from __future__ import annotations

from collections.abc import Callable
from datetime import date

from PySide6.QtCore import QCoreApplication, Slot
from PySide6.QtWidgets import (QDialog, QDialogButtonBox, QGridLayout, QHBoxLayout, QLabel, QLineEdit, QSpinBox,
                               QVBoxLayout, QWidget)

from ketenregie.domain.monitor.survey import QUESTIONS, SCORE_LABELS, SCORES
from ketenregie.services.monitor import MonitorService
from ketenregie.ui.errors import user_message
from ketenregie.ui.style import message_label, set_message


def tr(text: str) -> str:
    return QCoreApplication.translate("Monitor", text)


class SurveyDialog(QDialog):
    def __init__(self, service: MonitorService, parent: QWidget | None = None, *,
                 today: Callable[[], date] = date.today) -> None:
        super().__init__(parent)
        self.service = service
        self.setWindowTitle(tr("Cliëntervaringsonderzoek: totalen"))
        layout = QVBoxLayout(self)
        intro = QLabel(tr("Vul per vraag in hoeveel mensen welk antwoord gaven. Alleen totalen: geen namen, geen "
                          "formulieren."), self)
        intro.setWordWrap(True)
        layout.addWidget(intro)
        row = QHBoxLayout()
        row.addWidget(QLabel(tr("Jaar:"), self))
        self.year_spin = QSpinBox(self)
        self.year_spin.setAccessibleName(tr("Jaar"))
        self.year_spin.setRange(2000, 2100)
        self.year_spin.setValue(today().year)
        row.addWidget(self.year_spin)
        row.addStretch(1)
        layout.addLayout(row)
        grid = QGridLayout()
        for c, score in enumerate(SCORES, start=1):
            label = QLabel(f"{score}: {SCORE_LABELS[score]}", self)
            label.setWordWrap(True)
            grid.addWidget(label, 0, c)
        self.spins: dict[tuple[str, int], QSpinBox] = {}
        for r, question in enumerate(QUESTIONS, start=1):
            text = QLabel(question.text, self)
            text.setWordWrap(True)
            grid.addWidget(text, r, 0)
            for c, score in enumerate(SCORES, start=1):
                spin = QSpinBox(self)
                spin.setRange(0, 100_000)
                spin.setAccessibleName(tr("{question} — {score}").format(question=question.text,
                                                                        score=SCORE_LABELS[score]))
                self.spins[(question.id, score)] = spin
                grid.addWidget(spin, r, c)
        layout.addLayout(grid)
        self.message_label = message_label(self, tr("Melding"))
        layout.addWidget(self.message_label)
        buttons = QDialogButtonBox(QDialogButtonBox.StandardButton.Save | QDialogButtonBox.StandardButton.Cancel,
                                   self)
        for button in buttons.buttons():
            button.setAccessibleName(button.text().replace("&", ""))
        buttons.accepted.connect(self.save)
        buttons.rejected.connect(self.reject)
        layout.addWidget(buttons)
        for spin in [self.year_spin, *self.spins.values()]:
            for edit in spin.findChildren(QLineEdit):
                edit.setAccessibleName(spin.accessibleName())
        self.year_spin.valueChanged.connect(self.load)
        self.load()

    @Slot()
    def load(self, *_args) -> None:
        totals = self.service.survey_totals(self.year_spin.value())
        for (question, score), spin in self.spins.items():
            spin.setValue(totals.get(question, {}).get(score, 0))

    def totals(self) -> dict[str, dict[int, int]]:
        out: dict[str, dict[int, int]] = {}
        for (question, score), spin in self.spins.items():
            if spin.value():
                out.setdefault(question, {})[score] = spin.value()
        return out

    @Slot()
    def save(self) -> bool:
        try:
            self.service.save_survey_totals(self.year_spin.value(), self.totals())
        except Exception as exc:  # noqa: BLE001 - Dutch message, nothing personal in it
            set_message(self.message_label, user_message(exc, "survey"), "error")
            return False
        self.accept()
        return True
