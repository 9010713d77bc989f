"""The unlock screen: passphrase in, Register out. The KDF runs on a worker thread; wrong passphrases are
answered with a clear message and, after a few, a growing wait with a visible countdown. The count and the wait
live in the register layer (services/register.py), the same for GUI, CLI and API; this screen only shows them."""
from __future__ import annotations

from pathlib import Path

from PySide6.QtCore import QCoreApplication, QTimer, Signal, Slot
from PySide6.QtWidgets import QWidget

from ketenregie.config import Policy, Settings
from ketenregie.ui.background import run_in_background
from ketenregie.ui.errors import user_message
from ketenregie.ui.first_paint import defer_until_shown
from ketenregie.ui.unlock_form import Ui_UnlockForm
from ketenregie.ui.style import heading_font, set_message

translate = QCoreApplication.translate  # lupdate extracts translate("Context", "…")


def _open_and_forget(path: Path, passphrase: str, **kwargs):
    """Worker side: open the register, then overwrite the passphrase text read from the widget (a str only this
    call holds; freeing it would leave the characters in memory — vault.datakey.wipe_immutable)."""
    from ketenregie.vault.datakey import wipe_immutable  # noqa: PLC0415 - on the worker, not at start

    try:
        return open_register(path, passphrase, **kwargs)
    finally:
        wipe_immutable(passphrase)



def open_register(*args, **kwargs):
    """`services.register.open_register`, imported on first use: the vault, keyring and SQLCipher load after the
    unlock screen is shown (a fast start), on the worker that unlocks."""
    from ketenregie.services.register import open_register as open_it  # noqa: PLC0415

    return open_it(*args, **kwargs)

def _wait_seconds(path: Path) -> int:
    """The register layer's wait after failed attempts (services.register.unlock_wait_seconds) without loading the
    vault and SQLCipher before the unlock screen is shown."""
    from datetime import datetime, timezone

    from ketenregie.store.unlock_attempts import wait_seconds  # noqa: PLC0415 - light: a small JSON file

    return wait_seconds(Path(str(path) + ".attempts"), datetime.now(timezone.utc))


class UnlockWidget(QWidget):
    unlocked = Signal(object)  # the open Register
    recoveryRequested = Signal()

    def __init__(self, register_path: Path, *, policy: Policy, settings: Settings,
                 parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.ui = Ui_UnlockForm()
        self.ui.setupUi(self)
        self.ui.titleLabel.setFont(heading_font(self))
        self._path = Path(register_path)
        self._policy = policy
        self._settings = settings
        self._busy = False
        self._seconds_left = 0
        self._countdown = QTimer(self)
        self._countdown.setInterval(1000)
        self._countdown.timeout.connect(self.countdown_tick)
        self.setFocusProxy(self.ui.passphraseEdit)
        self.ui.passphraseEdit.returnPressed.connect(self.submit)
        self.ui.unlockButton.clicked.connect(self.submit)
        self.ui.forgotButton.clicked.connect(self.recoveryRequested)
        self.ui.busyBar.hide()
        set_message(self.ui.reasonLabel, "")
        set_message(self.ui.noticeLabel, "")
        set_message(self.ui.messageLabel, "")
        self.set_register_name(self._register_display_name())
        # A wait after earlier failed attempts shows as soon as the screen is on it (the register layer enforces
        # the wait itself, whatever this screen shows); reading it is not part of the first paint (a fast start).
        defer_until_shown(self, self.show_earlier_wait)

    # --- public ------------------------------------------------------------------------------------------------
    @property
    def busy(self) -> bool:
        return self._busy

    @property
    def seconds_left(self) -> int:
        return self._seconds_left

    def show_earlier_wait(self) -> None:
        """Start the countdown of a wait that earlier failed attempts (in any process) left."""
        if not self._busy:
            self._start_countdown(_wait_seconds(self._path))

    def set_register_name(self, name: str) -> None:
        text = translate("UnlockWidget", "Register: {name}").format(name=name) if name else ""
        self.ui.registerLabel.setText(text)

    def set_reason(self, text: str) -> None:
        set_message(self.ui.reasonLabel, text, "info")

    def set_notice(self, text: str) -> None:
        set_message(self.ui.noticeLabel, text, "warning" if text else "info")

    def reset(self) -> None:
        self.ui.passphraseEdit.clear()
        set_message(self.ui.messageLabel, "")
        self.ui.passphraseEdit.setFocus()

    @Slot()
    def submit(self) -> None:
        if self._busy or self._seconds_left > 0:
            return
        passphrase = self.ui.passphraseEdit.text()
        if not passphrase:
            set_message(self.ui.messageLabel, translate("UnlockWidget", "Typ eerst uw wachtwoordzin."), "error")
            return
        self.ui.passphraseEdit.clear()  # the passphrase does not stay in the widget while the KDF runs
        self._set_busy(True)
        set_message(self.ui.messageLabel, translate("UnlockWidget", "Bezig met ontgrendelen…"), "info")
        run_in_background(_open_and_forget, self._path, passphrase, policy=self._policy, origin="gui",
                          on_success=self._on_opened, on_failure=self._on_failed)
        del passphrase

    # --- results -----------------------------------------------------------------------------------------------
    @Slot(object)
    def _on_opened(self, register) -> None:
        self._set_busy(False)
        set_message(self.ui.messageLabel, "")
        set_message(self.ui.reasonLabel, "")
        self.unlocked.emit(register)

    @Slot(object)
    def _on_failed(self, exc: BaseException) -> None:
        self._set_busy(False)
        from ketenregie.services.register import UnlockThrottled, WrongPassphrase  # noqa: PLC0415

        text = user_message(exc, "unlocking")
        if isinstance(exc, WrongPassphrase):
            if exc.wait_seconds:
                text += "\n" + translate("UnlockWidget", "U hebt %n keer een verkeerde wachtwoordzin getypt.", None,
                                         exc.failures)
            self._start_countdown(exc.wait_seconds)
        elif isinstance(exc, UnlockThrottled):
            self._start_countdown(exc.seconds)
        set_message(self.ui.messageLabel, text, "error")
        self.ui.passphraseEdit.setFocus()

    # --- delay after failures --------------------------------------------------------------------------------
    def _start_countdown(self, seconds: int) -> None:
        self._seconds_left = seconds
        if seconds > 0:
            self._countdown.start()
        self._update_controls()

    @Slot()
    def countdown_tick(self) -> None:
        self._seconds_left = max(0, self._seconds_left - 1)
        if self._seconds_left == 0:
            self._countdown.stop()
        self._update_controls()

    def _set_busy(self, busy: bool) -> None:
        self._busy = busy
        self.ui.busyBar.setVisible(busy)
        self._update_controls()

    def _update_controls(self) -> None:
        waiting = self._seconds_left > 0
        self.ui.unlockButton.setEnabled(not self._busy and not waiting)
        self.ui.passphraseEdit.setEnabled(not self._busy)
        self.ui.forgotButton.setEnabled(not self._busy)
        if waiting:
            seconds = self._seconds_left
            self.ui.unlockButton.setText(translate("UnlockWidget", "&Ontgrendelen (nog %n s)", None, seconds))
            self.ui.unlockButton.setAccessibleDescription(translate(
                "UnlockWidget", "Te veel verkeerde pogingen. U kunt het over %n seconden opnieuw proberen.", None,
                seconds))
        else:
            self.ui.unlockButton.setText(translate("UnlockWidget", "&Ontgrendelen"))
            self.ui.unlockButton.setAccessibleDescription("")

    def _register_display_name(self) -> str:
        return Path(self._path).stem  # RegisterFiles.display_name, without importing the vault at start
