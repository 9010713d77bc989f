"""Change the register's passphrase: current + new twice with a strength hint; the rewrap (KDF) runs on a worker."""
from __future__ import annotations

from PySide6.QtCore import QCoreApplication, Slot
from PySide6.QtWidgets import QDialog, QDialogButtonBox, QWidget

from ketenregie.config import Policy
from ketenregie.ui.background import run_in_background
from ketenregie.ui.errors import user_message
from ketenregie.ui.accessibility import name_qt_internals
from ketenregie.ui.forms.ui_change_passphrase import Ui_ChangePassphraseDialog
from ketenregie.ui.messages import messenger
from ketenregie.ui.style import set_message

translate = QCoreApplication.translate  # lupdate extracts translate("Context", "…")


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
                                 on_success=self._on_changed, on_failure=self._on_failed)
        if self._lock_manager is not None:
            task.finished.connect(self._lock_manager.end_operation)
        del current, new

    @Slot(object)
    def _on_changed(self, _result) -> None:
        self._set_busy(False)
        notices = list(self._register.notices[self._notices_before:])  # e.g. "no keyring: passphrase only"
        self._register = None
        if self._closed:  # locked meanwhile: the change itself is done and safe
            return
        self.ui.currentEdit.clear()
        self.ui.passphraseEntry.clear()
        text = translate("ChangePassphraseDialog", "De wachtwoordzin is gewijzigd. Gebruik voortaan de nieuwe "
                                                   "wachtwoordzin; uw herstelcode blijft geldig.")
        messenger().information(self, translate("ChangePassphraseDialog", "Wachtwoordzin gewijzigd"),
                                "\n\n".join([text, *notices]))
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
        self.ui.busyBar.setVisible(busy)
        self.ui.currentEdit.setEnabled(not busy)
        self.ui.passphraseEntry.set_fields_enabled(not busy)
        self._update_buttons()
