"""The unlock screen's widgets, built in code (it was forms/unlock.ui): the first screen of every start, so it
loads only the few Qt classes it uses — the code uic generates imports some thirty (gradients, transforms, images)
whose Python types PySide6 creates on import, several ms of every start (issue 15 item 13). Same object names,
texts, accessible names, buddy and tab order as the form had; its strings keep the "UnlockForm" context."""
from __future__ import annotations

from PySide6.QtCore import QCoreApplication, Qt
from PySide6.QtWidgets import (QFormLayout, QHBoxLayout, QLabel, QLineEdit, QProgressBar, QPushButton, QSizePolicy,
                               QSpacerItem, QVBoxLayout, QWidget)

translate = QCoreApplication.translate  # lupdate extracts translate("Context", "…")

_EXPANDING, _MINIMUM = QSizePolicy.Policy.Expanding, QSizePolicy.Policy.Minimum


class Ui_UnlockForm:  # noqa: N801 - the name the generated form had; UnlockWidget.ui is one of these
    def setupUi(self, form: QWidget) -> None:  # noqa: N802
        if not form.objectName():
            form.setObjectName("UnlockForm")
        form.resize(480, 420)
        form.setAccessibleName(translate("UnlockForm", "Ontgrendelen"))
        self.outerLayout = QHBoxLayout(form)
        self.outerLayout.setObjectName("outerLayout")
        self.outerLayout.addItem(QSpacerItem(40, 20, _EXPANDING, _MINIMUM))
        self.panel = QWidget(form)
        self.panel.setObjectName("panel")
        self.panel.setMinimumWidth(360)
        self.panel.setMaximumWidth(560)
        self.panelLayout = QVBoxLayout(self.panel)
        self.panelLayout.setObjectName("panelLayout")
        self.panelLayout.addItem(QSpacerItem(20, 40, _MINIMUM, _EXPANDING))

        self.titleLabel = self._label("titleLabel", translate("UnlockForm", "Titel"), centred=True)
        self.titleLabel.setText(translate("UnlockForm", "Ketenregie is vergrendeld"))
        self.reasonLabel = self._label("reasonLabel", translate("UnlockForm", "Reden van vergrendelen"),
                                       centred=True, wrap=True)
        self.noticeLabel = self._label("noticeLabel", translate("UnlockForm", "Mededeling"), wrap=True)
        self.registerLabel = self._label("registerLabel", translate("UnlockForm", "Register"), centred=True)

        self.formLayout = QFormLayout()
        self.formLayout.setObjectName("formLayout")
        self.passphraseLabel = QLabel(translate("UnlockForm", "&Wachtwoordzin:"), self.panel)
        self.passphraseLabel.setObjectName("passphraseLabel")
        self.passphraseEdit = QLineEdit(self.panel)
        self.passphraseEdit.setObjectName("passphraseEdit")
        self.passphraseEdit.setEchoMode(QLineEdit.EchoMode.Password)
        hints = Qt.InputMethodHint
        self.passphraseEdit.setInputMethodHints(hints.ImhHiddenText | hints.ImhNoAutoUppercase
                                                | hints.ImhNoPredictiveText | hints.ImhSensitiveData)
        self.passphraseEdit.setAccessibleName(translate("UnlockForm", "Wachtwoordzin"))
        self.passphraseEdit.setAccessibleDescription(translate(
            "UnlockForm", "Typ de wachtwoordzin van het register en druk op Enter."))
        self.passphraseLabel.setBuddy(self.passphraseEdit)
        self.formLayout.addRow(self.passphraseLabel, self.passphraseEdit)
        self.panelLayout.addLayout(self.formLayout)

        self.messageLabel = self._label("messageLabel", translate("UnlockForm", "Melding"), wrap=True)
        self.busyBar = QProgressBar(self.panel)
        self.busyBar.setObjectName("busyBar")
        self.busyBar.setMaximum(0)
        self.busyBar.setTextVisible(False)
        self.busyBar.setAccessibleName(translate("UnlockForm", "Bezig met ontgrendelen"))
        self.panelLayout.addWidget(self.busyBar)

        self.buttonLayout = QHBoxLayout()
        self.buttonLayout.setObjectName("buttonLayout")
        self.forgotButton = QPushButton(translate("UnlockForm", "Wachtwoordzin &vergeten\u2026"), self.panel)
        self.forgotButton.setObjectName("forgotButton")
        self.forgotButton.setAutoDefault(False)
        self.forgotButton.setAccessibleName(translate("UnlockForm", "Wachtwoordzin vergeten"))
        self.forgotButton.setAccessibleDescription(translate(
            "UnlockForm", "Ontgrendel het register met uw herstelcode en kies een nieuwe wachtwoordzin."))
        self.buttonLayout.addWidget(self.forgotButton)
        self.buttonLayout.addItem(QSpacerItem(40, 20, _EXPANDING, _MINIMUM))
        self.unlockButton = QPushButton(translate("UnlockForm", "&Ontgrendelen"), self.panel)
        self.unlockButton.setObjectName("unlockButton")
        self.unlockButton.setAccessibleName(translate("UnlockForm", "Ontgrendelen"))
        self.unlockButton.setDefault(True)
        self.buttonLayout.addWidget(self.unlockButton)
        self.panelLayout.addLayout(self.buttonLayout)
        self.panelLayout.addItem(QSpacerItem(20, 40, _MINIMUM, _EXPANDING))

        self.outerLayout.addWidget(self.panel)
        self.outerLayout.addItem(QSpacerItem(40, 20, _EXPANDING, _MINIMUM))
        QWidget.setTabOrder(self.passphraseEdit, self.unlockButton)
        QWidget.setTabOrder(self.unlockButton, self.forgotButton)

    def _label(self, name: str, accessible_name: str, *, centred: bool = False, wrap: bool = False) -> QLabel:
        label = QLabel(self.panel)
        label.setObjectName(name)
        label.setAccessibleName(accessible_name)
        if centred:
            label.setAlignment(Qt.AlignmentFlag.AlignCenter)
        label.setWordWrap(wrap)
        self.panelLayout.addWidget(label)
        return label
