"""First run: explain, choose a passphrase, create the register (off the UI thread), show the recovery code with
print / save as PDF, have one group typed back, done. `finished` with Accepted hands `wizard.register` over."""
from __future__ import annotations

from pathlib import Path

from PySide6.QtCore import QCoreApplication, QTimer, Slot
from PySide6.QtWidgets import (QFormLayout, QLabel, QLineEdit, QProgressBar, QPushButton, QVBoxLayout, QWidget,
                               QWizard, QWizardPage)

from ketenregie.config import Policy, Settings
from ketenregie.domain.referral import SenderInfo
from ketenregie.paths import ensure_private_dir
from ketenregie.vault.datakey import wipe_immutable
from ketenregie.services.register import calibrate_kdf, create_register
from ketenregie.store.referral_repository import ReferralRepository
from ketenregie.ui.background import run_in_background
from ketenregie.ui.errors import user_message
from ketenregie.ui.messages import messenger
from ketenregie.ui.passphrase import PassphraseEntry
from ketenregie.ui.recovery_code import RecoveryCodeConfirm, RecoveryCodeDisplay
from ketenregie.ui.style import set_message

translate = QCoreApplication.translate  # lupdate extracts translate("Context", "…")


def _label(text: str, name: str, parent: QWidget) -> QLabel:
    label = QLabel(text, parent)
    label.setWordWrap(True)
    label.setAccessibleName(name)
    return label


class IntroPage(QWizardPage):
    def __init__(self, register_path: Path, notice: str | None, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setTitle(translate("FirstRunWizard", "Welkom bij Ketenregie"))
        self.setSubTitle(translate("FirstRunWizard", "Eerst maakt u uw register aan. Dat duurt een paar minuten."))
        layout = QVBoxLayout(self)
        layout.addWidget(_label(translate("FirstRunWizard",
            "Ketenregie bewaart uw casusregister versleuteld op deze computer. Alleen met uw wachtwoordzin "
            "gaat het open."), translate("FirstRunWizard", "Wat het register is"), self))
        where = translate("FirstRunWizard", "Het register komt hier te staan:\n{path}").format(path=str(register_path))
        self.where_label = _label(where, translate("FirstRunWizard", "Waar het register staat"), self)
        layout.addWidget(self.where_label)
        layout.addWidget(_label(translate("FirstRunWizard",
            "Niemand kan uw wachtwoordzin terugzetten, ook de IT-afdeling niet. Daarom krijgt u straks een "
            "herstelcode. Druk die af of sla hem op en bewaar hem op een veilige plek. Zonder wachtwoordzin én "
            "zonder herstelcode is het register niet meer te openen."),
            translate("FirstRunWizard", "Geen wachtwoordherstel"), self))
        self.notice_label = _label("", translate("FirstRunWizard", "Mededeling"), self)
        set_message(self.notice_label, notice or "", "warning" if notice else "info")
        layout.addWidget(self.notice_label)
        layout.addStretch(1)


class PassphrasePage(QWizardPage):
    def __init__(self, policy: Policy, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setTitle(translate("FirstRunWizard", "Kies een wachtwoordzin"))
        self.setSubTitle(translate("FirstRunWizard", "Een wachtwoordzin is een paar woorden die u makkelijk onthoudt "
                                                     "en anderen niet raden. U typt hem elke keer dat u Ketenregie "
                                                     "ontgrendelt."))
        layout = QVBoxLayout(self)
        self.entry = PassphraseEntry(self, policy)
        self.entry.acceptableChanged.connect(self.completeChanged)
        layout.addWidget(self.entry)
        layout.addStretch(1)
        self.setButtonText(QWizard.WizardButton.NextButton, translate("FirstRunWizard", "Register &aanmaken"))
        self.setFocusProxy(self.entry)

    def isComplete(self) -> bool:  # noqa: N802 - Qt override
        return self.entry.is_acceptable()


class CreatePage(QWizardPage):
    """Runs calibrate_kdf and create_register on a worker, then moves on by itself. Commit page: no way back."""

    def __init__(self, wizard: "FirstRunWizard") -> None:
        super().__init__(wizard)
        self._wizard = wizard
        self.setTitle(translate("FirstRunWizard", "Register aanmaken"))
        self.setCommitPage(True)
        layout = QVBoxLayout(self)
        self.status_label = _label("", translate("FirstRunWizard", "Voortgang"), self)
        layout.addWidget(self.status_label)
        self.busy_bar = QProgressBar(self)
        self.busy_bar.setRange(0, 0)
        self.busy_bar.setTextVisible(False)
        self.busy_bar.setAccessibleName(translate("FirstRunWizard", "Bezig met aanmaken"))
        layout.addWidget(self.busy_bar)
        self.error_label = _label("", translate("FirstRunWizard", "Melding"), self)
        set_message(self.error_label, "")
        layout.addWidget(self.error_label)
        self.retry_button = QPushButton(translate("FirstRunWizard", "&Opnieuw proberen"), self)
        self.retry_button.setAccessibleName(translate("FirstRunWizard", "Opnieuw proberen"))
        self.retry_button.clicked.connect(self.start)
        self.retry_button.hide()
        layout.addWidget(self.retry_button)
        layout.addStretch(1)

    def initializePage(self) -> None:  # noqa: N802 - Qt override
        self.start()

    def isComplete(self) -> bool:  # noqa: N802 - Qt override
        return self._wizard.register is not None

    @Slot()
    def start(self) -> None:
        if self._wizard.busy or self._wizard.register is not None:
            return
        self.retry_button.hide()
        set_message(self.error_label, "")
        self._wizard.set_busy(True)
        self.busy_bar.show()
        if self._wizard.kdf is None:
            self.status_label.setText(translate(
                "FirstRunWizard", "De sleutel wordt afgestemd op de snelheid van deze computer…"))
            run_in_background(calibrate_kdf, self._wizard.policy,
                              on_success=self._create, on_failure=self._failed)
        else:
            self._create(self._wizard.kdf)

    @Slot(object)
    def _create(self, kdf) -> None:
        self.status_label.setText(translate("FirstRunWizard", "Het versleutelde register wordt aangemaakt…"))
        run_in_background(_create_register, self._wizard.register_path,
                          self._wizard.passphrase_page.entry.passphrase(), self._wizard.policy, kdf,
                          on_success=self._created, on_failure=self._failed)

    @Slot(object)
    def _created(self, outcome) -> None:
        register, code, notices = outcome
        self._wizard.register = register
        self._wizard.set_busy(False)
        self._wizard.passphrase_page.entry.clear()
        self.busy_bar.hide()
        self.status_label.setText(translate("FirstRunWizard", "Het register is aangemaakt."))
        self._wizard.code_page.display.set_code(code, register.files.display_name, list(notices))
        self._wizard.confirm_page.confirm.set_code(code)
        del code
        self.completeChanged.emit()
        self._wizard.next()

    @Slot(object)
    def _failed(self, exc: BaseException) -> None:
        self._wizard.set_busy(False)
        self.busy_bar.hide()
        self.status_label.setText("")
        set_message(self.error_label, user_message(exc, "creating the register"), "error")
        self.retry_button.show()
        self.completeChanged.emit()


def _create_register(path: Path, passphrase: str, policy: Policy, kdf):
    """Worker side: make the private folder, then create. Returns (register, recovery_code, notices). The passphrase
    text read from the widget (only this call holds it) is overwritten afterwards (vault.datakey.wipe_immutable)."""
    try:
        ensure_private_dir(Path(path).parent)
        return create_register(Path(path), passphrase, policy=policy, kdf=kdf, origin="gui")
    finally:
        wipe_immutable(passphrase)


class RecoveryCodePage(QWizardPage):
    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setTitle(translate("FirstRunWizard", "Uw herstelcode"))
        self.setSubTitle(translate("FirstRunWizard", "Deze code ziet u maar één keer."))
        layout = QVBoxLayout(self)
        self.display = RecoveryCodeDisplay(self)
        self.display.keptChanged.connect(self.completeChanged)
        layout.addWidget(self.display)

    def isComplete(self) -> bool:  # noqa: N802 - Qt override
        return self.display.is_kept()


class ConfirmPage(QWizardPage):
    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setTitle(translate("FirstRunWizard", "Herstelcode controleren"))
        layout = QVBoxLayout(self)
        self.confirm = RecoveryCodeConfirm(self)
        self.confirm.confirmedChanged.connect(self.completeChanged)
        layout.addWidget(self.confirm)
        layout.addStretch(1)
        self.setFocusProxy(self.confirm)

    def initializePage(self) -> None:  # noqa: N802 - Qt override
        self.confirm.setFocus()

    def isComplete(self) -> bool:  # noqa: N802 - Qt override
        return self.confirm.is_confirmed()


class DonePage(QWizardPage):
    """Done, and the first-start checklist: the coordinator's own name, function, phone and e-mail (the sender of
    letters, stored in the register when the wizard closes; changeable later in Brieven) next to what IT's
    letterhead policy sets."""

    def __init__(self, settings: Settings, policy: Policy | None = None, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setTitle(translate("FirstRunWizard", "Klaar"))
        layout = QVBoxLayout(self)
        layout.addWidget(_label(translate("FirstRunWizard",
            "Uw register is klaar voor gebruik. Vergrendel Ketenregie met Ctrl+L als u wegloopt; na %n minuten "
            "zonder gebruik, en als de computer in slaapstand gaat of wordt vergrendeld, gebeurt dat vanzelf.", None,
            settings.idle_lock_minutes), translate("FirstRunWizard", "Klaar"), self))
        layout.addWidget(_label(translate("FirstRunWizard",
            "Uw eigen gegevens staan als afzender en contactpersoon onder uw brieven. U kunt ze later wijzigen "
            "in Brieven."), translate("FirstRunWizard", "Uitleg afzender"), self))
        form = QFormLayout()
        self.name_edit = QLineEdit(self)
        self.function_edit = QLineEdit(SenderInfo("").function, self)
        self.phone_edit = QLineEdit(self)
        self.email_edit = QLineEdit(self)
        for text, edit, name in ((translate("FirstRunWizard", "Uw &naam:"), self.name_edit,
                                  translate("FirstRunWizard", "Uw naam")),
                                 (translate("FirstRunWizard", "&Functie:"), self.function_edit,
                                  translate("FirstRunWizard", "Uw functie")),
                                 (translate("FirstRunWizard", "&Telefoon:"), self.phone_edit,
                                  translate("FirstRunWizard", "Uw telefoonnummer op het werk")),
                                 (translate("FirstRunWizard", "&E-mail:"), self.email_edit,
                                  translate("FirstRunWizard", "Uw e-mailadres op het werk"))):
            edit.setAccessibleName(name)
            edit.setMaxLength(120)
            label = QLabel(text, self)
            label.setBuddy(edit)
            form.addRow(label, edit)
        layout.addLayout(form)
        if policy is not None:
            head = [str(policy.get(key)) for key in ("LetterheadName", "LetterheadSender", "LetterheadPhone",
                                                     "LetterheadEmail") if str(policy.get(key)).strip()]
            self.letterhead_label = _label(translate("FirstRunWizard", "Briefhoofd (ingesteld door uw IT-afdeling): "
                                                                       "{head}").format(head=" · ".join(head)),
                                           translate("FirstRunWizard", "Briefhoofd"), self)
            layout.addWidget(self.letterhead_label)
        layout.addStretch(1)

    def sender(self) -> SenderInfo | None:
        name = self.name_edit.text().strip()
        if not name:
            return None
        return SenderInfo(name, self.function_edit.text().strip() or SenderInfo("").function,
                          self.phone_edit.text().strip(), self.email_edit.text().strip())

    def clear(self) -> None:
        for edit in (self.name_edit, self.phone_edit, self.email_edit):
            edit.clear()
        self.setButtonText(QWizard.WizardButton.FinishButton, translate("FirstRunWizard", "Ketenregie &openen"))


class FirstRunWizard(QWizard):
    """After `accepted`, `register` is the open Register (the caller hands it to the lock manager)."""

    def __init__(self, register_path: Path, *, policy: Policy, settings: Settings, kdf=None,
                 notice: str | None = None, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.register_path = Path(register_path)
        self.policy = policy
        self.settings = settings
        self.kdf = kdf
        self.register = None
        self._busy = False
        self.setWindowTitle(translate("FirstRunWizard", "Ketenregie – register aanmaken"))
        self.setAccessibleName(translate("FirstRunWizard", "Register aanmaken"))
        self.setWizardStyle(QWizard.WizardStyle.ModernStyle)
        self.setOption(QWizard.WizardOption.NoBackButtonOnStartPage, True)
        self.intro_page = IntroPage(self.register_path, notice, self)
        self.passphrase_page = PassphrasePage(policy, self)
        self.create_page = CreatePage(self)
        self.code_page = RecoveryCodePage(self)
        self.confirm_page = ConfirmPage(self)
        self.done_page = DonePage(settings, policy, self)
        for page in (self.intro_page, self.passphrase_page, self.create_page, self.code_page,
                     self.confirm_page, self.done_page):
            self.addPage(page)
        for which in (QWizard.WizardButton.BackButton, QWizard.WizardButton.NextButton,
                      QWizard.WizardButton.CommitButton, QWizard.WizardButton.FinishButton,
                      QWizard.WizardButton.CancelButton, QWizard.WizardButton.HelpButton):
            button = self.button(which)
            if button is not None:
                button.setAccessibleName(button.text().replace("&", "") or which.name)
        self.currentIdChanged.connect(self._page_changed)

    @property
    def busy(self) -> bool:
        return self._busy

    def set_busy(self, busy: bool) -> None:
        self._busy = busy
        # QWizard re-enables its buttons after switching pages, so disable them once it is done.
        QTimer.singleShot(0, self, self._apply_busy)
        self._apply_busy()

    @Slot()
    def _apply_busy(self) -> None:
        for which in (QWizard.WizardButton.BackButton, QWizard.WizardButton.CancelButton):
            button = self.button(which)
            if self._busy:
                button.setEnabled(False)
            elif which == QWizard.WizardButton.CancelButton:
                button.setEnabled(True)
        if not self._busy and self.currentPage() is self.create_page:
            self.button(QWizard.WizardButton.BackButton).setEnabled(self.register is None)

    @Slot(int)
    def _page_changed(self, _page_id: int) -> None:
        for which in (QWizard.WizardButton.BackButton, QWizard.WizardButton.NextButton,
                      QWizard.WizardButton.CommitButton, QWizard.WizardButton.FinishButton):
            button = self.button(which)
            button.setAccessibleName(button.text().replace("&", ""))

    def reject(self) -> None:
        if self._busy:
            return
        if self.register is not None:
            if not messenger().question(self, translate("FirstRunWizard", "Stoppen?"), translate("FirstRunWizard",
                    "Het register is al aangemaakt. Als u nu stopt, ziet u de herstelcode niet meer terug. "
                    "Bewaar de code eerst. Toch stoppen?")):
                return
            self.register.close("quit")
            self.register = None
        super().reject()

    def done(self, result: int) -> None:
        sender = self.done_page.sender()
        if result and sender is not None and self.register is not None:
            try:
                ReferralRepository(self.register.db, self.register.audit).save_sender(sender)
            except Exception as exc:  # noqa: BLE001 - the register works without; say so, never the content
                messenger().warning(self, translate("FirstRunWizard", "Afzender niet bewaard"),
                                    user_message(exc, "saving the letter sender"))
        self.done_page.clear()
        self.code_page.display.clear()
        self.confirm_page.confirm.clear()
        self.passphrase_page.entry.clear()
        super().done(result)
