"""Change the register's passphrase: current + new twice with a strength hint. The re-key (KDF, a new data key,
SQLCipher rekey, new key slots) runs on a worker with step-by-step progress; afterwards the NEW recovery code is
shown once and confirmed (NewRecoveryCodeDialog), and the user is told that older backups keep the old key."""
from __future__ import annotations

from PySide6.QtCore import QCoreApplication, QObject, Signal, Slot
from PySide6.QtWidgets import (QDialog, QDialogButtonBox, QHBoxLayout, QLabel, QPushButton, QStackedWidget,
                               QVBoxLayout, QWidget)

from ketenregie.config import Policy
from ketenregie.ui.background import run_in_background
from ketenregie.ui.errors import user_message
from ketenregie.ui.accessibility import name_qt_internals
from ketenregie.ui.forms.ui_change_passphrase import Ui_ChangePassphraseDialog
from ketenregie.ui.messages import messenger
from ketenregie.ui.recovery_code import RecoveryCodeConfirm, RecoveryCodeDisplay
from ketenregie.ui.style import set_message

translate = QCoreApplication.translate  # lupdate extracts translate("Context", "…")


def old_backups_notice() -> str:
    return translate("ChangePassphraseDialog",
                     "Het register heeft nu een nieuwe sleutel. Back-ups van vóór deze wijziging houden de oude "
                     "sleutel: die openen alleen met de oude wachtwoordzin of de oude herstelcode. Het register "
                     "zelf opent daar niet meer mee.")


class ProgressRelay(QObject):
    """Carries (step, steps, text) from the worker thread to the UI thread (queued signal)."""

    progressed = Signal(int, int, str)

    def report(self, step: int, steps: int, text: str) -> None:  # worker thread: emit only
        self.progressed.emit(step, steps, text)


class ChangePassphraseDialog(QDialog):
    def __init__(self, register, *, policy: Policy, lock_manager=None, kdf=None,
                 parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.ui = Ui_ChangePassphraseDialog()
        self.ui.setupUi(self)
        self._register = register
        self._lock_manager = lock_manager
        self._kdf = kdf
        self._busy = False
        self._closed = False
        self._notices_before = 0
        self.ui.passphraseEntry.set_policy(policy)
        self.ui.busyBar.hide()
        self.code_dialog: NewRecoveryCodeDialog | None = None
        self._relay = ProgressRelay(self)
        self._relay.progressed.connect(self._on_progress)
        self.rekeyLabel = QLabel(translate(
            "ChangePassphraseDialog", "Het register krijgt daarbij een nieuwe sleutel. Back-ups van vóór de "
                                      "wijziging houden de oude sleutel (oude wachtwoordzin en oude "
                                      "herstelcode)."), self)
        self.rekeyLabel.setWordWrap(True)
        self.rekeyLabel.setAccessibleName(translate("ChangePassphraseDialog", "Nieuwe sleutel"))
        self.ui.layout.insertWidget(1, self.rekeyLabel)
        set_message(self.ui.messageLabel, "")
        self._ok = self.ui.buttonBox.button(QDialogButtonBox.StandardButton.Ok)
        self._ok.setText(translate("ChangePassphraseDialog", "&Wijzigen"))
        self._ok.setAccessibleName(translate("ChangePassphraseDialog", "Wachtwoordzin wijzigen"))
        cancel = self.ui.buttonBox.button(QDialogButtonBox.StandardButton.Cancel)
        cancel.setAccessibleName(cancel.text().replace("&", ""))
        self.ui.buttonBox.accepted.connect(self._change)
        self.ui.buttonBox.rejected.connect(self.reject)
        self.ui.currentEdit.textChanged.connect(self._update_buttons)
        self.ui.passphraseEntry.acceptableChanged.connect(self._update_buttons)
        self._update_buttons()
        name_qt_internals(self)

    @property
    def busy(self) -> bool:
        return self._busy

    @Slot()
    def _update_buttons(self) -> None:
        self._ok.setEnabled(not self._busy and bool(self.ui.currentEdit.text())
                            and self.ui.passphraseEntry.is_acceptable())

    @Slot()
    def _change(self) -> None:
        if self._busy or not self._ok.isEnabled():
            return
        current = self.ui.currentEdit.text()
        new = self.ui.passphraseEntry.passphrase()
        if current == new:
            set_message(self.ui.messageLabel, translate(
                "ChangePassphraseDialog", "De nieuwe wachtwoordzin is gelijk aan de huidige."), "error")
            return
        self._set_busy(True)
        set_message(self.ui.messageLabel, translate("ChangePassphraseDialog", "Bezig met wijzigen…"), "info")
        self._notices_before = len(self._register.notices)
        if self._lock_manager is not None:
            self._lock_manager.begin_operation()
        task = run_in_background(self._register.change_passphrase, current, new, kdf=self._kdf,
                                 progress=self._relay.report, on_success=self._on_changed,
                                 on_failure=self._on_failed)
        if self._lock_manager is not None:
            task.finished.connect(self._lock_manager.end_operation)
        del current, new

    @Slot(int, int, str)
    def _on_progress(self, step: int, steps: int, text: str) -> None:
        if self._closed:
            return
        self.ui.busyBar.setRange(0, steps)
        self.ui.busyBar.setValue(step)
        set_message(self.ui.messageLabel, translate("ChangePassphraseDialog", text), "info")

    @Slot(object)
    def _on_changed(self, new_code) -> None:
        self._set_busy(False)
        notices = list(self._register.notices[self._notices_before:])  # e.g. "no keyring: passphrase only"
        name = self._register.files.display_name
        self._register = None
        if self._closed:  # locked meanwhile: the change itself is done and safe
            return
        self.ui.currentEdit.clear()
        self.ui.passphraseEntry.clear()
        # The new recovery code is shown once, in its own dialog (print / save, then type one group back).
        self.code_dialog = NewRecoveryCodeDialog(str(new_code), name, notices, parent=self.parentWidget())
        self.code_dialog.open()
        self.accept()

    @Slot(object)
    def _on_failed(self, exc: BaseException) -> None:
        self._set_busy(False)
        if self._closed:
            return
        self.ui.currentEdit.clear()
        self.ui.currentEdit.setFocus()
        set_message(self.ui.messageLabel, user_message(exc, "changing the passphrase"), "error")

    def reject(self) -> None:
        if self._busy:
            return
        super().reject()

    def done(self, result: int) -> None:
        self._closed = True
        self.ui.currentEdit.clear()
        self.ui.passphraseEntry.clear()
        if not self._busy:
            self._register = None
        super().done(result)

    def _set_busy(self, busy: bool) -> None:
        self._busy = busy
        self.ui.busyBar.setRange(0, 0)
        self.ui.busyBar.setVisible(busy)
        self.ui.currentEdit.setEnabled(not busy)
        self.ui.passphraseEntry.set_fields_enabled(not busy)
        self._update_buttons()


class NewRecoveryCodeDialog(QDialog):
    """After a passphrase change: the new recovery code, shown once (print / save as PDF), then one group typed
    back. Closing before confirming asks first: the old code no longer opens the register."""

    CODE_PAGE, CONFIRM_PAGE = range(2)

    def __init__(self, code: str, register_name: str, notices: list[str], parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setWindowTitle(translate("ChangePassphraseDialog", "Nieuwe herstelcode"))
        self.setAccessibleName(translate("ChangePassphraseDialog", "Nieuwe herstelcode"))
        layout = QVBoxLayout(self)
        self.intro = QLabel(translate(
            "ChangePassphraseDialog", "De wachtwoordzin is gewijzigd. Gebruik voortaan de nieuwe wachtwoordzin. "
                                      "Uw oude herstelcode werkt niet meer: bewaar hieronder de nieuwe.")
                            + "\n\n" + old_backups_notice(), self)
        self.intro.setWordWrap(True)
        self.intro.setAccessibleName(translate("ChangePassphraseDialog", "Uitleg"))
        layout.addWidget(self.intro)
        self.pages = QStackedWidget(self)
        self.codeDisplay = RecoveryCodeDisplay(self.pages)
        self.codeConfirm = RecoveryCodeConfirm(self.pages)
        self.pages.addWidget(self.codeDisplay)
        self.pages.addWidget(self.codeConfirm)
        layout.addWidget(self.pages, 1)
        buttons = QHBoxLayout()
        buttons.addStretch(1)
        self.nextButton = QPushButton(self)
        buttons.addWidget(self.nextButton)
        layout.addLayout(buttons)
        self.codeDisplay.set_code(code, register_name, notices)
        self.codeConfirm.set_code(code)
        self.codeDisplay.keptChanged.connect(self._update_buttons)
        self.codeConfirm.confirmedChanged.connect(self._update_buttons)
        self.nextButton.clicked.connect(self._next)
        self._update_buttons()
        name_qt_internals(self)

    @property
    def page(self) -> int:
        return self.pages.currentIndex()

    @Slot()
    def _next(self) -> None:
        if self.page == self.CODE_PAGE and self.codeDisplay.is_kept():
            self.pages.setCurrentIndex(self.CONFIRM_PAGE)
            self.codeConfirm.setFocus()
        elif self.page == self.CONFIRM_PAGE and self.codeConfirm.is_confirmed():
            self.accept()
        self._update_buttons()

    @Slot()
    def _update_buttons(self) -> None:
        if self.page == self.CODE_PAGE:
            self.nextButton.setText(translate("ChangePassphraseDialog", "&Volgende"))
            enabled = self.codeDisplay.is_kept()
        else:
            self.nextButton.setText(translate("ChangePassphraseDialog", "&Voltooien"))
            enabled = self.codeConfirm.is_confirmed()
        self.nextButton.setAccessibleName(self.nextButton.text().replace("&", ""))
        self.nextButton.setEnabled(enabled)

    def reject(self) -> None:
        if not self.codeConfirm.is_confirmed() and not messenger().question(
                self, translate("ChangePassphraseDialog", "Herstelcode niet bevestigd"),
                translate("ChangePassphraseDialog", "U hebt de nieuwe herstelcode nog niet bevestigd. De oude code "
                                                    "werkt niet meer. Toch sluiten?")):
            return
        super().reject()

    def done(self, result: int) -> None:
        self.codeDisplay.clear()  # every way out (also a lock) forgets the code
        self.codeConfirm.clear()
        super().done(result)
