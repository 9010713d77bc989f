"""The recovery route ("Wachtwoordzin vergeten"): recovery code + new passphrase -> the register opens, then the
NEW recovery code is shown (print / save as PDF) and confirmed, exactly as in the first-run wizard.

The dialog emits `recovered(register)` as soon as the register is open, so the main window unlocks underneath
and the lock manager owns the register (a lock closes this dialog like any other)."""
from __future__ import annotations

import html
from pathlib import Path

from PySide6.QtCore import QCoreApplication, Signal, Slot
from PySide6.QtWidgets import QDialog, QWidget

from ketenregie.config import Policy, Settings
from ketenregie.domain import recovery_code as recovery_codes
from ketenregie.services.register import RecoveryCodeInvalid, open_with_recovery_code
from ketenregie.ui.background import run_in_background
from ketenregie.ui.change_passphrase import ProgressRelay, old_backups_notice
from ketenregie.ui.errors import user_message
from ketenregie.ui.accessibility import name_qt_internals
from ketenregie.ui.forms.ui_recovery_dialog import Ui_RecoveryDialog
from ketenregie.ui.messages import messenger
from ketenregie.ui.recovery_code import code_groups
from ketenregie.ui.style import monospace_font, set_message

ENTRY_PAGE, CODE_PAGE, CONFIRM_PAGE = range(3)

translate = QCoreApplication.translate  # lupdate extracts translate("Context", "…")


class RecoveryDialog(QDialog):
    recovered = Signal(object)  # the open Register

    def __init__(self, register_path: Path, *, policy: Policy, settings: Settings, kdf=None,
                 parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.ui = Ui_RecoveryDialog()
        self.ui.setupUi(self)
        self._path = Path(register_path)
        self._policy = policy
        self._settings = settings
        self._kdf = kdf
        self._busy = False
        self.ui.passphraseEntry.set_policy(policy)
        self.ui.codeEdit.setFont(monospace_font(1.2))
        self.ui.busyBar.hide()
        self._relay = ProgressRelay(self)
        self._relay.progressed.connect(self._on_progress)
        set_message(self.ui.codeFeedbackLabel, "")
        set_message(self.ui.messageLabel, "")
        self.ui.nextButton.clicked.connect(self._next)
        self.ui.cancelButton.clicked.connect(self.reject)
        self.ui.backButton.clicked.connect(self._back)
        self.ui.codeEdit.textChanged.connect(self._update_buttons)
        self.ui.codeEdit.textChanged.connect(self._check_code_live)
        self.ui.passphraseEntry.acceptableChanged.connect(self._update_buttons)
        self.ui.codeDisplay.keptChanged.connect(self._update_buttons)
        self.ui.codeConfirm.confirmedChanged.connect(self._update_buttons)
        self.ui.pages.setCurrentIndex(ENTRY_PAGE)
        self.ui.codeEdit.setFocus()
        self._update_buttons()
        name_qt_internals(self)

    @property
    def busy(self) -> bool:
        return self._busy

    @property
    def page(self) -> int:
        return self.ui.pages.currentIndex()

    # --- navigation -------------------------------------------------------------------------------------------
    @Slot()
    def _next(self) -> None:
        page = self.page
        if page == ENTRY_PAGE:
            self._recover()
        elif page == CODE_PAGE and self.ui.codeDisplay.is_kept():
            self.ui.pages.setCurrentIndex(CONFIRM_PAGE)
            self.ui.codeConfirm.setFocus()
        elif page == CONFIRM_PAGE and self.ui.codeConfirm.is_confirmed():
            self.accept()
        self._update_buttons()

    @Slot()
    def _back(self) -> None:
        """From the check back to the new code (to look at it again or print it once more)."""
        if self.page == CONFIRM_PAGE and not self._busy:
            self.ui.pages.setCurrentIndex(CODE_PAGE)
            self.ui.codeConfirm.ui.groupEdit.clear()
        self._update_buttons()

    @Slot()
    def _update_buttons(self) -> None:
        page = self.page
        if page == ENTRY_PAGE:
            self.ui.nextButton.setText(translate("RecoveryDialog", "&Herstellen"))
            enabled = (not self._busy and bool(self.ui.codeEdit.text().strip())
                       and self.ui.passphraseEntry.is_acceptable())
        elif page == CODE_PAGE:
            self.ui.nextButton.setText(translate("RecoveryDialog", "&Volgende"))
            enabled = self.ui.codeDisplay.is_kept()
        else:
            self.ui.nextButton.setText(translate("RecoveryDialog", "&Voltooien"))
            enabled = self.ui.codeConfirm.is_confirmed()
        self.ui.nextButton.setAccessibleName(self.ui.nextButton.text().replace("&", ""))
        self.ui.nextButton.setEnabled(enabled)
        # Once the register is open, the old code is gone: the user must not leave without the new one.
        self.ui.cancelButton.setVisible(page == ENTRY_PAGE)
        self.ui.backButton.setVisible(page == CONFIRM_PAGE)
        self.ui.cancelButton.setEnabled(not self._busy)

    def reject(self) -> None:
        """Cancel, Escape or the close button: not while working, and not without the new code confirmed."""
        if self._busy:
            return
        if self.page != ENTRY_PAGE and not self._leaving_is_ok():
            return
        super().reject()

    def done(self, result: int) -> None:
        # Every way out ends here, including the lock manager closing dialogs as it locks.
        self._forget_code()
        super().done(result)

    def _leaving_is_ok(self) -> bool:
        return messenger().question(
            self, translate("RecoveryDialog", "Herstelcode niet bevestigd"),
            translate("RecoveryDialog", "U hebt de nieuwe herstelcode nog niet bevestigd. Zonder deze code kunt u het "
                                        "register niet meer openen als u de wachtwoordzin vergeet. Toch sluiten?"))

    def _forget_code(self) -> None:
        self.ui.codeDisplay.clear()
        self.ui.codeConfirm.clear()

    # --- recovery ----------------------------------------------------------------------------------------------
    def _recover(self) -> None:
        if self._busy or not self.ui.passphraseEntry.is_acceptable():
            return
        code = self.ui.codeEdit.text().strip()
        if not code:
            return
        self._set_busy(True)
        set_message(self.ui.messageLabel, translate("RecoveryDialog", "Bezig met herstellen…"), "info")
        run_in_background(open_with_recovery_code, self._path, code, self.ui.passphraseEntry.passphrase(),
                          policy=self._policy, kdf=self._kdf, origin="gui", progress=self._relay.report,
                          on_success=self._on_recovered, on_failure=self._on_failed)

    @Slot(int, int, str)
    def _on_progress(self, step: int, steps: int, text: str) -> None:
        if not self._busy:
            return
        self.ui.busyBar.setRange(0, steps)
        self.ui.busyBar.setValue(step)
        set_message(self.ui.messageLabel, translate("RecoveryDialog", text), "info")

    @Slot(object)
    def _on_recovered(self, outcome) -> None:
        register, new_code = outcome
        self._set_busy(False)
        self.ui.codeEdit.clear()
        self.ui.passphraseEntry.clear()
        set_message(self.ui.messageLabel, "")
        # The register was re-keyed: backups made before keep the old key (old passphrase / old code).
        self.ui.codeDisplay.set_code(new_code, register.files.display_name,
                                     [*register.notices, old_backups_notice()])
        self.ui.codeConfirm.set_code(new_code)
        self.ui.pages.setCurrentIndex(CODE_PAGE)
        self._update_buttons()
        self.recovered.emit(register)

    @Slot(object)
    def _on_failed(self, exc: BaseException) -> None:
        self._set_busy(False)
        if isinstance(exc, RecoveryCodeInvalid):
            self.show_bad_groups(list(getattr(exc, "bad_groups", []) or []))
        set_message(self.ui.messageLabel, user_message(exc, "recovering"), "error")
        self.ui.codeEdit.setFocus()

    def show_bad_groups(self, bad_groups: list[int]) -> None:
        """Mark the groups the register rejected (0-based), in text and in bold red."""
        groups = code_groups(self.ui.codeEdit.text())
        if not bad_groups or not groups:
            set_message(self.ui.codeFeedbackLabel, "")
            return
        shown = []
        for index, group in enumerate(groups):
            if index in bad_groups:
                shown.append(f'<b><u><span style="color:#c62828">{html.escape(group)}</span></u></b>')
            else:
                shown.append(html.escape(group))
        numbers = ", ".join(str(i + 1) for i in sorted(bad_groups))
        intro = translate("RecoveryDialog", "Niet alle groepen kloppen. Controleer groep {numbers}:")
        text = html.escape(intro.format(numbers=numbers)) + "<br><tt>" + " ".join(shown) + "</tt>"
        set_message(self.ui.codeFeedbackLabel, text, "error")
        self.ui.codeFeedbackLabel.setAccessibleDescription(
            translate("RecoveryDialog", "Deze groepen kloppen niet: {numbers}").format(numbers=numbers))
        self.ui.codeEdit.setProperty("invalid", True)

    @Slot()
    def _check_code_live(self) -> None:
        """Check the code's check characters while typing: a typo is shown per group before any KDF runs."""
        text = self.ui.codeEdit.text()
        compact = recovery_codes.normalize(text)
        self.ui.codeEdit.setProperty("invalid", False)
        if not compact:
            set_message(self.ui.codeFeedbackLabel, "")
            return
        try:
            bad = recovery_codes.validate(text)
        except recovery_codes.RecoveryCodeFormatError as exc:
            foreign = any(char not in recovery_codes.ALPHABET for char in compact)
            if foreign or len(compact) > recovery_codes.CODE_LENGTH:
                set_message(self.ui.codeFeedbackLabel, html.escape(exc.user_message), "error")
            else:  # still typing
                set_message(self.ui.codeFeedbackLabel, "")
            return
        if bad:
            self.show_bad_groups(bad)
        else:
            set_message(self.ui.codeFeedbackLabel,
                        html.escape(translate("RecoveryDialog", "De herstelcode is goed overgenomen.")), "ok")

    def _set_busy(self, busy: bool) -> None:
        self._busy = busy
        self.ui.busyBar.setRange(0, 0)
        self.ui.busyBar.setVisible(busy)
        self.ui.codeEdit.setEnabled(not busy)
        self.ui.passphraseEntry.set_fields_enabled(not busy)
        self._update_buttons()
