"""User settings (never personal data): the idle-lock time, capped by IT policy."""
from __future__ import annotations

from PySide6.QtCore import QCoreApplication
from PySide6.QtWidgets import QDialog, QDialogButtonBox, QWidget

from ketenregie.config import USER_SETTING_BY_NAME, Settings
from ketenregie.ui.accessibility import name_qt_internals
from ketenregie.ui.forms.ui_settings import Ui_SettingsDialog


class SettingsDialog(QDialog):
    def __init__(self, settings: Settings, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.ui = Ui_SettingsDialog()
        self.ui.setupUi(self)
        self._settings = settings
        spec = USER_SETTING_BY_NAME["idle_lock_minutes"]
        policy_max = int(settings.policy.get("IdleLockMaxMinutes"))
        self.ui.idleSpin.setRange(spec.minimum or 1, min(spec.maximum or policy_max, policy_max))
        self.ui.idleSpin.setValue(settings.idle_lock_minutes)
        self.ui.policyLabel.setText(QCoreApplication.translate(
            "SettingsDialog", "Uw organisatie staat maximaal %n minuten toe.", None, policy_max))
        for button in self.ui.buttonBox.buttons():
            button.setAccessibleName(button.text().replace("&", ""))
        self.ui.buttonBox.button(QDialogButtonBox.StandardButton.Ok).setDefault(True)
        name_qt_internals(self)

    def accept(self) -> None:
        self._settings.set("idle_lock_minutes", self.ui.idleSpin.value())
        super().accept()
