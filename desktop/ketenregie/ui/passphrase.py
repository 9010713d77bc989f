"""New-passphrase entry: password echo, a repeat field and a live strength hint from `assess_passphrase`.
Used by the first-run wizard, the recovery route and the change-passphrase dialog."""
from __future__ import annotations

from PySide6.QtCore import QT_TRANSLATE_NOOP, QCoreApplication, Signal, Slot
from PySide6.QtWidgets import QWidget

from ketenregie.config import Policy
from ketenregie.services.register import assess_passphrase
from ketenregie.ui.forms.ui_passphrase_entry import Ui_PassphraseEntryForm
from ketenregie.ui.style import set_message

STRENGTH_WORDS = (QT_TRANSLATE_NOOP("PassphraseEntry", "Zeer zwak"), QT_TRANSLATE_NOOP("PassphraseEntry", "Zwak"),
                  QT_TRANSLATE_NOOP("PassphraseEntry", "Redelijk"), QT_TRANSLATE_NOOP("PassphraseEntry", "Sterk"),
                  QT_TRANSLATE_NOOP("PassphraseEntry", "Zeer sterk"))

translate = QCoreApplication.translate  # lupdate extracts translate("Context", "…")


class PassphraseEntry(QWidget):
    """Emits `acceptableChanged(bool)`; `passphrase()` is only meaningful while `is_acceptable()`."""

    acceptableChanged = Signal(bool)

    def __init__(self, parent: QWidget | None = None, policy: Policy | None = None) -> None:
        super().__init__(parent)
        self.ui = Ui_PassphraseEntryForm()
        self.ui.setupUi(self)
        self._policy = policy or Policy.defaults()
        self._acceptable = False
        self._assessed_text: str | None = None
        self._assessment = None
        self.setFocusProxy(self.ui.newEdit)
        self.ui.newEdit.textChanged.connect(self._update)
        self.ui.repeatEdit.textChanged.connect(self._update)
        self._update()

    def set_policy(self, policy: Policy) -> None:
        """Forms built by uic create the widget without a policy; the owner sets it right after."""
        self._policy = policy
        self._assessed_text = None
        self._update()

    def passphrase(self) -> str:
        return self.ui.newEdit.text()

    def is_acceptable(self) -> bool:
        return self._acceptable

    def clear(self) -> None:
        self.ui.newEdit.clear()
        self.ui.repeatEdit.clear()

    def set_fields_enabled(self, enabled: bool) -> None:
        self.ui.newEdit.setEnabled(enabled)
        self.ui.repeatEdit.setEnabled(enabled)

    def _assess(self, text: str):
        if text != self._assessed_text:
            self._assessment = assess_passphrase(text, self._policy)
            self._assessed_text = text
        return self._assessment

    @Slot()
    def _update(self) -> None:
        new = self.ui.newEdit.text()
        repeat = self.ui.repeatEdit.text()
        lines: list[str] = []
        ok = False
        if not new:
            self.ui.strengthBar.setValue(0)
            self.ui.strengthBar.setFormat("")
            minimum = self._policy.get("PassphraseMinLength")
            lines.append(translate("PassphraseEntry",
                            "Kies een wachtwoordzin van minstens %n tekens, bijvoorbeeld een paar losse woorden "
                            "met spaties ertussen.", None, minimum))
            level = "info"
        else:
            assessment = self._assess(new)
            strength = max(0, min(4, int(assessment.strength)))
            self.ui.strengthBar.setValue(strength)
            word = translate("PassphraseEntry", STRENGTH_WORDS[strength])
            self.ui.strengthBar.setFormat(word)
            self.ui.strengthBar.setAccessibleDescription(word)
            lines.extend(assessment.problems)
            if assessment.hint:
                lines.append(assessment.hint)
            if not repeat:
                lines.append(translate("PassphraseEntry", "Typ de wachtwoordzin nog een keer in het tweede veld."))
            elif repeat != new:
                lines.append(translate("PassphraseEntry", "De twee wachtwoordzinnen zijn niet gelijk."))
            ok = bool(assessment.ok) and repeat == new
            level = "ok" if ok else ("error" if assessment.problems or (repeat and repeat != new) else "info")
        set_message(self.ui.feedbackLabel, "\n".join(lines), level)
        if ok != self._acceptable:
            self._acceptable = ok
            self.acceptableChanged.emit(ok)
