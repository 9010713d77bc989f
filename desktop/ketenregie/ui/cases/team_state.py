"""Issue 14 in the case dialog: a handed-over case ("Overgedragen aan … op …") opens with a banner and every edit
control disabled (the save button gone); a colleague's cover copy opens with its fields disabled but the journal
and new actions open (they go back in the return bundle). The store refuses the same changes (store/case_guard.py):
this only makes it visible before anyone tries."""
from __future__ import annotations

from dataclasses import dataclass
from datetime import date

from PySide6.QtCore import QCoreApplication
from PySide6.QtWidgets import (QAbstractButton, QAbstractSpinBox, QComboBox, QLabel, QLineEdit, QPlainTextEdit,
                               QTextEdit, QWidget)

from ketenregie.ui.style import set_message

EDITORS = (QLineEdit, QAbstractSpinBox, QComboBox, QTextEdit, QPlainTextEdit, QAbstractButton)


def tr(text: str) -> str:
    return QCoreApplication.translate("CaseDialog", text)


@dataclass(frozen=True)
class TeamState:
    handed_over: str | None = None  # "Overgedragen aan … op …"
    cover_until: str | None = None  # ISO end date of a cover copy

    @property
    def banner(self) -> str:
        if self.handed_over:
            return tr("{text}. Deze casus is niet meer van u: u kunt hem alleen nog inzien. Inzage en verwijderen "
                      "op verzoek blijven mogelijk (tab Rechten).").format(text=self.handed_over)
        if self.cover_until:
            day = date.fromisoformat(self.cover_until)
            return tr("Vervanging tot en met {day}: dit is een kopie van de casus van een collega. U kunt "
                      "journaalregels en acties toevoegen (ze gaan terug met Bestand → Vervanging terugsturen); de "
                      "gegevens zelf zijn alleen-lezen.").format(day=f"{day.day}-{day.month}-{day.year}")
        return ""


def team_state(register, case_number: str | None) -> TeamState:
    if not case_number or register is None:
        return TeamState()
    from ketenregie.services.team import TeamService  # the team code (and its crypto) loads on first use

    team = TeamService(register)
    return TeamState(team.handed_over_text(case_number), team.cover_until(case_number))


def disable_editors(root: QWidget) -> None:
    """Grey out every control that edits something under `root` (tables stay, to read and scroll)."""
    if isinstance(root, EDITORS):
        root.setEnabled(False)
    for widget in root.findChildren(QWidget):
        if isinstance(widget, EDITORS):
            widget.setEnabled(False)


def apply(dialog, banner: QLabel) -> TeamState:
    """Show the banner and disable what the state forbids in a CaseDialog (after every load)."""
    state = team_state(dialog._context.register, dialog.case.case_number if dialog.case else None)
    set_message(banner, state.banner, "info")  # hidden when there is no text
    if state.handed_over:
        for index in range(dialog.tabs.count()):
            page = dialog.tabs.widget(index)
            if page is not dialog.rights_tab:  # the resident's rights stay
                disable_editors(page)
        dialog.bases_tab.read_only = True
        dialog.save_button.setEnabled(False)
        dialog.save_button.hide()
    elif state.cover_until:
        for page in (dialog.tabs.widget(0), dialog.partners_page, dialog.referrals_tab, dialog.bases_tab,
                     dialog.monitor_tab):
            disable_editors(page)
        for button in (dialog.journal_correct_button, dialog.action_done_button, dialog.action_cancel_button,
                       dialog.action_reopen_button, dialog.action_correct_button):
            button.setEnabled(False)
        dialog.bases_tab.read_only = True
    return state
