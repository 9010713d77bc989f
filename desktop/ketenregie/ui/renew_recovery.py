"""A new recovery code while unlocked (e.g. when the recovery part of the key file was found damaged): the new
slot is written on a worker (one KDF), then the code is shown once, to print or save, like at set-up."""
from __future__ import annotations

from PySide6.QtCore import QCoreApplication, Slot
from PySide6.QtWidgets import QDialog, QDialogButtonBox, QLabel, QVBoxLayout, QWidget

from ketenregie.ui.background import run_in_background
from ketenregie.ui.errors import user_message
from ketenregie.ui.recovery_code import RecoveryCodeDisplay
from ketenregie.ui.style import set_message

translate = QCoreApplication.translate  # lupdate extracts translate("Context", "…")


class RenewRecoveryDialog(QDialog):
    def __init__(self, register, *, lock_manager=None, kdf=None, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setWindowTitle(translate("RenewRecoveryDialog", "Nieuwe herstelcode"))
        self.setAccessibleName(self.windowTitle())
        self._register = register
        self._busy = True
        self.message = QLabel(self)
        self.message.setWordWrap(True)
        self.display = RecoveryCodeDisplay(self)
        self.display.hide()
        self.buttons = QDialogButtonBox(QDialogButtonBox.StandardButton.Close, self)
        self._close = self.buttons.button(QDialogButtonBox.StandardButton.Close)
        self._close.setText(translate("RenewRecoveryDialog", "&Sluiten"))
        self._close.setAccessibleName(translate("RenewRecoveryDialog", "Sluiten"))
        self._close.setEnabled(False)
        self.buttons.rejected.connect(self.accept)
        self.display.keptChanged.connect(self._update_buttons)
        layout = QVBoxLayout(self)
        layout.addWidget(self.message)
        layout.addWidget(self.display)
        layout.addWidget(self.buttons)
        set_message(self.message, translate("RenewRecoveryDialog", "Bezig met een nieuwe herstelcode…"), "info")
        if lock_manager is not None:
            lock_manager.begin_operation()
        task = run_in_background(register.renew_recovery_code, kdf=kdf,
                                 on_success=self._on_renewed, on_failure=self._on_failed)
        if lock_manager is not None:
            task.finished.connect(lock_manager.end_operation)

    @property
    def busy(self) -> bool:
        return self._busy

    @Slot(object)
    def _on_renewed(self, code: str) -> None:
        self._busy = False
        set_message(self.message, translate(
            "RenewRecoveryDialog", "Dit is uw nieuwe herstelcode; de oude werkt niet meer. Druk hem af of bewaar "
                                   "hem als PDF, op een veilige plek."), "info")
        self.display.set_code(code, self._register.files.display_name)
        self.display.show()
        self._register = None
        self._update_buttons()

    @Slot(object)
    def _on_failed(self, exc: BaseException) -> None:
        self._busy = False
        self._register = None
        set_message(self.message, user_message(exc, "renewing the recovery code"), "error")
        self._close.setEnabled(True)

    @Slot()
    def _update_buttons(self) -> None:
        self._close.setEnabled(not self._busy and self.display.is_kept())

    def done(self, result: int) -> None:
        self.display.clear()
        super().done(result)
