"""UI test fixtures: real registers in tmp_path (KDF at the production floor), scripted message boxes, an
injectable clock, fake OS session events and in-memory settings. Nothing blocks: no exec(), no modal dialogs."""
from __future__ import annotations

import shutil
from pathlib import Path

import pytest
from PySide6.QtWidgets import QApplication

from ketenregie.config import MemorySettingsBackend, Policy, Settings
from ketenregie.services.register import RegisterFiles, create_register
from ketenregie.ui.app import GuiController, build_gui, configure_application
from ketenregie.ui.messages import ScriptedMessenger, set_messenger
from ketenregie.ui.session_events import FakeSessionEvents
from ketenregie.vault.kdf import KdfParams
from ui_helpers import PASSPHRASE, ExistingRegister, FakeClock, unlock

@pytest.fixture(autouse=True)
def dutch_app(qapp):
    configure_application(qapp)
    return qapp


@pytest.fixture(autouse=True)
def messages():
    scripted = ScriptedMessenger()
    previous = set_messenger(scripted)
    yield scripted
    set_messenger(previous)


@pytest.fixture
def policy() -> Policy:
    return Policy.defaults()


@pytest.fixture
def settings(policy) -> Settings:
    return Settings(policy, MemorySettingsBackend())


@pytest.fixture
def kdf() -> KdfParams:
    return KdfParams.minimum()


@pytest.fixture
def clock() -> FakeClock:
    return FakeClock()


@pytest.fixture
def session_events() -> FakeSessionEvents:
    return FakeSessionEvents()


@pytest.fixture
def register_path(tmp_path) -> Path:
    return tmp_path / "data" / "register.ketenregie"


@pytest.fixture(scope="session")
def register_template(tmp_path_factory) -> ExistingRegister:
    """One real register for the session (creating one costs two Argon2id runs); tests get a copy."""
    path = tmp_path_factory.mktemp("template") / "register.ketenregie"
    register, code, _notices = create_register(path, PASSPHRASE, policy=Policy.defaults(), kdf=KdfParams.minimum(),
                                               origin="cli")
    register.close("quit")
    return ExistingRegister(path, PASSPHRASE, code)


@pytest.fixture
def existing_register(register_template, register_path) -> ExistingRegister:
    """A private copy of the template register (database + key slots) at `register_path`."""
    register_path.parent.mkdir(parents=True, exist_ok=True)
    shutil.copy2(register_template.path, register_path)
    shutil.copy2(RegisterFiles(register_template.path).keyslots, RegisterFiles(register_path).keyslots)
    return ExistingRegister(register_path, register_template.passphrase, register_template.recovery_code)


@pytest.fixture
def make_gui(qtbot, policy, settings, session_events, clock, kdf):
    controllers: list[GuiController] = []

    def make(register_path: Path, **overrides) -> GuiController:
        options = dict(policy=policy, settings=settings, session_events=session_events, clock=clock, kdf=kdf,
                       check_interval_ms=60_000)
        options.update(overrides)
        controller = build_gui(register_path, **options)
        controllers.append(controller)
        return controller

    yield make
    for controller in controllers:
        controller.shutdown()
        for window in (controller.wizard, controller.main_window):
            if window is not None:
                window.close()
                window.deleteLater()
    QApplication.processEvents()


@pytest.fixture
def locked_gui(make_gui, existing_register) -> GuiController:
    return make_gui(existing_register.path)


@pytest.fixture
def unlocked_gui(qtbot, locked_gui) -> GuiController:
    unlock(qtbot, locked_gui)
    return locked_gui
