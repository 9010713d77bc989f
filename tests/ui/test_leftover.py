"""Half a register at start (issue 10.12): the GUI names it in Dutch and offers to set it aside; declined, the
unlock screen keeps saying what is wrong."""
from __future__ import annotations

from ketenregie.config import Policy
from ketenregie.services.register import RegisterFiles, create_register, leftover_kind
from ketenregie.vault.kdf import KdfParams

PASS = "correct paard batterij nietje"


def make_register(path) -> None:
    register, _, _ = create_register(path, PASS, policy=Policy.defaults(), kdf=KdfParams.minimum())
    register.close()


def test_gui_offers_to_clear_a_leftover_then_shows_the_wizard(tmp_path, make_gui, messages):
    path = tmp_path / "data" / "register.ketenregie"
    make_register(path)
    RegisterFiles(path).keyslots.unlink()
    messages.answers.append(True)
    controller = make_gui(path)
    assert any("onvolledig register" in text for text in messages.texts("question"))
    assert controller.wizard is not None and controller.main_window is None
    assert leftover_kind(path) is None and not path.exists()


def test_gui_keeps_the_leftover_when_the_user_declines(tmp_path, make_gui, messages):
    path = tmp_path / "data" / "register.ketenregie"
    make_register(path)
    RegisterFiles(path).keyslots.unlink()
    messages.answers.append(False)
    controller = make_gui(path)
    assert controller.main_window is not None
    assert "onvolledig register" in controller.main_window.unlock_widget.ui.noticeLabel.text()
    assert leftover_kind(path) == "register_without_keys"
