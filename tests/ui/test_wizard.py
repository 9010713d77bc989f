"""First run end to end with a real register: passphrase -> create (worker) -> recovery code (print, PDF) ->
confirm one group -> the main window opens unlocked."""
from __future__ import annotations

from pathlib import Path

import pytest
from pypdf import PdfReader
from PySide6.QtPrintSupport import QPrinter
from PySide6.QtWidgets import QWizard

from ketenregie.domain import recovery_code as recovery_codes
from ketenregie.services.register import WrongRecoveryCode, open_register, open_with_recovery_code
from ketenregie.ui.recovery_code import PDF_FILE_NAME, code_groups
from ketenregie.ui.wizard import FirstRunWizard

from ui_helpers import NEW_PASSPHRASE, PASSPHRASE


def _create(qtbot, wizard: FirstRunWizard) -> None:
    assert wizard.currentPage() is wizard.intro_page
    wizard.next()
    assert wizard.currentPage() is wizard.passphrase_page
    entry = wizard.passphrase_page.entry
    entry.ui.newEdit.setText(PASSPHRASE)
    entry.ui.repeatEdit.setText(PASSPHRASE)
    assert wizard.passphrase_page.isComplete()
    wizard.next()
    assert wizard.currentPage() is wizard.create_page
    qtbot.waitUntil(lambda: wizard.currentPage() is wizard.code_page, timeout=20_000)


def test_first_run_creates_the_register_end_to_end(qtbot, make_gui, register_path, policy, tmp_path):
    controller = make_gui(register_path)
    wizard = controller.wizard
    assert wizard is not None and controller.main_window is None
    assert str(register_path) in wizard.intro_page.where_label.text()

    _create(qtbot, wizard)
    assert register_path.exists()
    assert wizard.passphrase_page.entry.passphrase() == ""  # not kept in the widget after creation

    display = wizard.code_page.display
    code = display.code()
    assert recovery_codes.validate(code) == []
    assert display.ui.codeLabel.text().split() == code_groups(code)
    assert display.ui.codeLabel.font().fixedPitch() or display.ui.codeLabel.font().pointSizeF() > 0
    assert not wizard.code_page.isComplete()  # "I kept it" first
    # Back is gone after the commit; Cancel asks first.
    assert not wizard.button(QWizard.WizardButton.BackButton).isVisible() or \
        not wizard.button(QWizard.WizardButton.BackButton).isEnabled()

    # Save as PDF through the seam (no modal file dialog); the name proposal holds no personal data.
    proposals = []
    pdf_path = tmp_path / "out" / "herstel.pdf"
    pdf_path.parent.mkdir()
    display.ask_save_path = lambda parent, proposed: (proposals.append(proposed), pdf_path)[1]
    display.ui.saveButton.click()
    assert proposals == [PDF_FILE_NAME]
    text = "".join(page.extract_text() for page in PdfReader(pdf_path).pages)
    assert "Herstelcode" in text  # the lead's recovery sheet (its contents are tested with documents/)
    assert pdf_path.stat().st_mode & 0o077 == 0

    # Print through the seam to a PDF printer.
    printed = tmp_path / "printed.pdf"

    def pdf_printer(_parent):
        printer = QPrinter(QPrinter.PrinterMode.ScreenResolution)
        printer.setOutputFormat(QPrinter.OutputFormat.PdfFormat)
        printer.setOutputFileName(str(printed))
        return printer

    display.ask_printer = pdf_printer
    display.ui.printButton.click()
    assert printed.exists() and printed.stat().st_size > 0

    display.ui.keptCheck.setChecked(True)
    assert wizard.code_page.isComplete()
    wizard.next()
    assert wizard.currentPage() is wizard.confirm_page

    confirm = wizard.confirm_page.confirm
    group = code_groups(code)[confirm.group_index]
    wrong = "00000" if group != "00000" else "11111"
    confirm.ui.groupEdit.setText(wrong)
    assert not wizard.confirm_page.isComplete()
    assert confirm.ui.feedbackLabel.text()  # says it does not match
    confirm.ui.groupEdit.setText(group.lower())
    assert wizard.confirm_page.isComplete()
    wizard.next()
    assert wizard.currentPage() is wizard.done_page

    wizard.accept()
    qtbot.waitUntil(lambda: controller.main_window is not None and controller.main_window.isVisible())
    assert not controller.lock_manager.is_locked
    assert controller.main_window.lock_state_label.text() == "Ontgrendeld"
    assert display.code() == ""  # forgotten once the wizard closed

    controller.lock_manager.lock("manual")
    register = open_register(register_path, PASSPHRASE, policy=policy)
    actions = [entry.action for entry in register.audit.recent()]
    assert "register.created" in actions
    register.close("quit")


def test_passphrase_page_needs_a_strong_repeated_passphrase(qtbot, make_gui, register_path):
    wizard = make_gui(register_path).wizard
    wizard.next()
    page = wizard.passphrase_page
    entry = page.entry
    entry.ui.newEdit.setText("kort")
    assert not page.isComplete()
    assert "12" in entry.ui.feedbackLabel.text()  # the policy's minimum length is named
    entry.ui.newEdit.setText(PASSPHRASE)
    entry.ui.repeatEdit.setText(PASSPHRASE + "x")
    assert not page.isComplete()
    assert "niet gelijk" in entry.ui.feedbackLabel.text()
    entry.ui.repeatEdit.setText(PASSPHRASE)
    assert page.isComplete()
    assert entry.ui.strengthBar.value() >= 2
    assert entry.ui.newEdit.echoMode() == entry.ui.newEdit.EchoMode.Password
    assert entry.ui.repeatEdit.echoMode() == entry.ui.repeatEdit.EchoMode.Password


def test_the_ui_stays_responsive_and_busy_while_creating(qtbot, make_gui, register_path, monkeypatch):
    import threading

    from ketenregie.ui import wizard as wizard_module

    gate = threading.Event()
    real = wizard_module.create_register

    def slow_create(*args, **kwargs):
        gate.wait(10)
        return real(*args, **kwargs)

    monkeypatch.setattr(wizard_module, "create_register", slow_create)
    wizard = make_gui(register_path).wizard
    wizard.next()
    wizard.passphrase_page.entry.ui.newEdit.setText(PASSPHRASE)
    wizard.passphrase_page.entry.ui.repeatEdit.setText(PASSPHRASE)
    wizard.next()
    qtbot.wait(50)  # the event loop runs: we are here, not blocked in the KDF
    assert wizard.busy
    assert wizard.create_page.busy_bar.isVisible()
    assert not wizard.button(QWizard.WizardButton.CancelButton).isEnabled()
    wizard.reject()  # ignored while busy
    assert wizard.isVisible()
    gate.set()
    qtbot.waitUntil(lambda: wizard.currentPage() is wizard.code_page, timeout=20_000)
    assert not wizard.busy


def test_creation_failure_shows_the_register_message(qtbot, make_gui, register_path, monkeypatch):
    from ketenregie.services.register import RegisterInUse
    from ketenregie.ui import wizard as wizard_module

    def in_use(*_args, **_kwargs):
        raise RegisterInUse()

    monkeypatch.setattr(wizard_module, "create_register", in_use)
    wizard = make_gui(register_path).wizard
    wizard.next()
    wizard.passphrase_page.entry.ui.newEdit.setText(PASSPHRASE)
    wizard.passphrase_page.entry.ui.repeatEdit.setText(PASSPHRASE)
    wizard.next()
    qtbot.waitUntil(lambda: not wizard.busy, timeout=10_000)
    assert wizard.create_page.error_label.text() == RegisterInUse.user_message
    assert wizard.create_page.retry_button.isVisible()
    assert wizard.register is None


def test_unexpected_failure_never_shows_exception_text(qtbot, make_gui, register_path, monkeypatch):
    from ketenregie.ui import wizard as wizard_module

    def boom(*_args, **_kwargs):
        raise RuntimeError("Jansen BSN 123456782")

    monkeypatch.setattr(wizard_module, "create_register", boom)
    wizard = make_gui(register_path).wizard
    wizard.next()
    wizard.passphrase_page.entry.ui.newEdit.setText(PASSPHRASE)
    wizard.passphrase_page.entry.ui.repeatEdit.setText(PASSPHRASE)
    wizard.next()
    qtbot.waitUntil(lambda: not wizard.busy, timeout=10_000)
    shown = wizard.create_page.error_label.text()
    assert shown.startswith("Er ging iets mis")
    assert "Jansen" not in shown and "123456782" not in shown


def test_cancelling_after_creation_asks_and_closes_the_register(qtbot, make_gui, register_path, messages, policy):
    controller = make_gui(register_path)
    wizard = controller.wizard
    _create(qtbot, wizard)
    register = wizard.register
    messages.answers.extend([False])
    wizard.reject()
    assert wizard.isVisible() and register.is_open  # said no
    messages.answers.extend([True])
    finished = []
    controller.finished.connect(lambda: finished.append(True))
    wizard.reject()
    assert not register.is_open
    assert finished == [True]
    assert messages.texts("question")[0].startswith("Het register is al aangemaakt")


def test_notices_from_creation_are_shown_plainly(qtbot, make_gui, register_path, monkeypatch):
    from ketenregie.ui import wizard as wizard_module

    real = wizard_module.create_register
    notice = "Er is geen sleutelbos beschikbaar; het register werkt met alleen de wachtwoordzin."

    def with_notice(*args, **kwargs):
        register, code, notices = real(*args, **kwargs)
        return register, code, [*notices, notice]

    monkeypatch.setattr(wizard_module, "create_register", with_notice)
    wizard = make_gui(register_path).wizard
    _create(qtbot, wizard)
    label = wizard.code_page.display.ui.noticesLabel
    assert notice in label.text() and label.isVisibleTo(wizard)


def test_wizard_uses_qt_dutch_for_standard_buttons(qtbot, make_gui, register_path):
    wizard = make_gui(register_path).wizard
    assert wizard.button(QWizard.WizardButton.CancelButton).text().replace("&", "") == "Annuleren"


@pytest.mark.parametrize("wrong_code", ["not-a-code"])
def test_recovery_code_from_the_wizard_opens_the_register(qtbot, make_gui, register_path, policy, kdf, wrong_code):
    wizard = make_gui(register_path).wizard
    _create(qtbot, wizard)
    code = wizard.code_page.display.code()
    wizard.register.close("quit")
    wizard.register = None
    register, new_code = open_with_recovery_code(register_path, code, NEW_PASSPHRASE, policy=policy, kdf=kdf)
    register.close("quit")
    assert new_code != code
    with pytest.raises(WrongRecoveryCode):
        open_with_recovery_code(Path(register_path), code, NEW_PASSPHRASE, policy=policy, kdf=kdf)


def test_a_folder_that_cannot_be_used_gives_a_dutch_message_not_a_crash(qtbot, make_gui, tmp_path):
    blocker = tmp_path / "bestand"
    blocker.write_text("x", encoding="utf-8")
    controller = make_gui(blocker / "register.ketenregie")
    wizard = controller.wizard
    wizard.next()
    entry = wizard.passphrase_page.entry
    entry.ui.newEdit.setText(PASSPHRASE)
    entry.ui.repeatEdit.setText(PASSPHRASE)
    wizard.next()
    page = wizard.create_page
    qtbot.waitUntil(lambda: page.retry_button.isVisible() or wizard.currentPage() is not page, timeout=20_000)
    assert wizard.currentPage() is page
    assert "is een bestand, geen map" in page.error_label.text()
    assert blocker.read_text(encoding="utf-8") == "x"
