"""Bestand → Back-up terugzetten: choose a backup, type the passphrase that was valid when it was made; the
backup is checked completely (key slots, every page, audit chain, read-only) before anything is replaced, the
current register is set aside (renamed, not deleted), and the restored register opens.

The restore runs off the UI thread (services/backup.py). The dialog emits `restored(register)` with the open
register; the main window hands it to the lock manager like any unlock."""
from __future__ import annotations

from pathlib import Path

from PySide6.QtCore import QCoreApplication, Signal, Slot
from PySide6.QtWidgets import (QDialog, QDialogButtonBox, QFileDialog, QFormLayout, QHBoxLayout, QLabel,
                               QLineEdit, QProgressBar, QPushButton, QVBoxLayout, QWidget)

from ketenregie.config import Policy
from ketenregie.ui.accessibility import name_qt_internals
from ketenregie.ui.background import run_in_background
from ketenregie.ui.errors import user_message
from ketenregie.ui.style import message_label, set_message

translate = QCoreApplication.translate  # lupdate extracts translate("Context", "…")


class RestoreDialog(QDialog):
    restored = Signal(object)  # the open, restored Register

    def __init__(self, register_path: Path, *, policy: Policy, proposal: Path | None = None,
                 parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self._path = Path(register_path)
        self._policy = policy
        self._proposal = proposal or self._path.parent
        self._busy = False
        self.task = None
        self.set_aside: list[Path] = []
        # Test seam: returns the chosen backup file, or None when cancelled.
        self.ask_backup_file = self._ask_backup_file
        self.setWindowTitle(translate("RestoreDialog", "Back-up terugzetten"))
        self.setAccessibleName(translate("RestoreDialog", "Back-up terugzetten"))
        layout = QVBoxLayout(self)
        intro = QLabel(translate(
            "RestoreDialog", "Kies een back-up en typ de wachtwoordzin die gold toen de back-up werd gemaakt. "
                             "Ketenregie controleert de back-up eerst volledig (sleutelbestand, elke pagina, "
                             "auditlog). Pas daarna wordt het huidige register apart gezet (hernoemd, niet "
                             "verwijderd) en vervangen. Wat na de back-up is vastgelegd, staat alleen in het "
                             "apart gezette register."), self)
        intro.setWordWrap(True)
        intro.setAccessibleName(translate("RestoreDialog", "Uitleg"))
        layout.addWidget(intro)
        form = QFormLayout()
        file_row = QHBoxLayout()
        self.fileEdit = QLineEdit(self)
        self.fileEdit.setReadOnly(True)
        self.fileEdit.setAccessibleName(translate("RestoreDialog", "Gekozen back-up"))
        self.chooseButton = QPushButton(translate("RestoreDialog", "&Kiezen…"), self)
        self.chooseButton.setAccessibleName(translate("RestoreDialog", "Back-up kiezen"))
        file_row.addWidget(self.fileEdit, 1)
        file_row.addWidget(self.chooseButton)
        file_label = QLabel(translate("RestoreDialog", "Back-up:"), self)
        form.addRow(file_label, file_row)
        self.passphraseEdit = QLineEdit(self)
        self.passphraseEdit.setEchoMode(QLineEdit.EchoMode.Password)
        self.passphraseEdit.setAccessibleName(translate("RestoreDialog", "Wachtwoordzin van de back-up"))
        pass_label = QLabel(translate("RestoreDialog", "&Wachtwoordzin van de back-up:"), self)
        pass_label.setBuddy(self.passphraseEdit)
        form.addRow(pass_label, self.passphraseEdit)
        layout.addLayout(form)
        self.messageLabel = message_label(self, translate("RestoreDialog", "Melding"))
        layout.addWidget(self.messageLabel)
        self.busyBar = QProgressBar(self)
        self.busyBar.setRange(0, 0)
        self.busyBar.setTextVisible(False)
        self.busyBar.setAccessibleName(translate("RestoreDialog", "Bezig met terugzetten"))
        self.busyBar.hide()
        layout.addWidget(self.busyBar)
        self.buttons = QDialogButtonBox(QDialogButtonBox.StandardButton.Cancel, self)
        self.restoreButton = self.buttons.addButton(translate("RestoreDialog", "&Terugzetten"),
                                                    QDialogButtonBox.ButtonRole.AcceptRole)
        self.restoreButton.setAccessibleName(translate("RestoreDialog", "Back-up controleren en terugzetten"))
        layout.addWidget(self.buttons)
        self.chooseButton.clicked.connect(self.choose)
        self.buttons.accepted.connect(self.restore)
        self.buttons.rejected.connect(self.reject)
        self.passphraseEdit.textChanged.connect(self._update_buttons)
        self._update_buttons()
        name_qt_internals(self)

    @property
    def busy(self) -> bool:
        return self._busy

    def _ask_backup_file(self, proposal: Path) -> Path | None:
        chosen, _ = QFileDialog.getOpenFileName(self, translate("RestoreDialog", "Back-up kiezen"), str(proposal),
                                                translate("RestoreDialog", "Back-ups van Ketenregie (*.ketenregie)"))
        return Path(chosen) if chosen else None

    @Slot()
    def choose(self) -> None:
        chosen = self.ask_backup_file(self._proposal)
        if chosen is not None:
            self.fileEdit.setText(str(chosen))
        self._update_buttons()

    @Slot()
    def _update_buttons(self) -> None:
        self.restoreButton.setEnabled(not self._busy and bool(self.fileEdit.text())
                                      and bool(self.passphraseEdit.text()))
        self.chooseButton.setEnabled(not self._busy)
        self.passphraseEdit.setEnabled(not self._busy)

    @Slot()
    def restore(self):
        if self._busy or not self.restoreButton.isEnabled():
            return None
        from ketenregie.services.backup import restore_backup  # load late: only when someone restores

        self._set_busy(True)
        set_message(self.messageLabel, translate("RestoreDialog", "De back-up wordt gecontroleerd…"), "info")
        self.task = run_in_background(restore_backup, self._path, Path(self.fileEdit.text()),
                                      self.passphraseEdit.text(), policy=self._policy, origin="gui",
                                      on_success=self._on_restored, on_failure=self._on_failed)
        return self.task

    @Slot(object)
    def _on_restored(self, outcome) -> None:
        self._set_busy(False)
        self.passphraseEdit.clear()
        self.set_aside = list(outcome.set_aside)
        self.restored.emit(outcome.register)
        self.accept()

    @Slot(object)
    def _on_failed(self, exc: BaseException) -> None:
        self._set_busy(False)
        self.passphraseEdit.clear()
        self.passphraseEdit.setFocus()
        set_message(self.messageLabel, user_message(exc, "restoring a backup"), "error")

    def reject(self) -> None:
        if self._busy:
            return
        super().reject()

    def done(self, result: int) -> None:
        self.passphraseEdit.clear()
        super().done(result)

    def _set_busy(self, busy: bool) -> None:
        self._busy = busy
        self.busyBar.setVisible(busy)
        self._update_buttons()
