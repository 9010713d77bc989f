"""A damaged recovery slot found at unlock (issue 10.4): the passphrase still unlocks, the window offers a new
recovery code, shows it once, and the key file is whole again — the new code opens the register."""
from __future__ import annotations

import re

from ketenregie.domain import recovery_code as recovery_codes
from ketenregie.services.register import RegisterFiles
from ketenregie.vault.keyslots import KeySlotFile, open_with_recovery_code
from ui_helpers import unlock


def _damage_recovery_slot(path) -> None:
    keys = RegisterFiles(path).keyslots
    text = keys.read_text()
    chunk = next(m for m in re.finditer(r"^    \{\n.*?^    \}", text, re.M | re.S)
                 if '"kind": "recovery"' in m.group(0))
    at = chunk.start() + chunk.group(0).index('"wrapped_key": "') + len('"wrapped_key": "') + 4
    keys.write_text(text[:at] + ("A" if text[at] != "A" else "B") + text[at + 1:])


def test_unlock_with_a_damaged_recovery_slot_offers_and_shows_a_new_code(qtbot, make_gui, existing_register,
                                                                          messages):
    _damage_recovery_slot(existing_register.path)
    messages.answers.append(True)
    controller = make_gui(existing_register.path)
    unlock(qtbot, controller)
    assert any("herstelcode werkt nu niet" in text for text in messages.texts("question"))
    dialog = controller.main_window.renew_recovery_dialog
    assert dialog is not None
    qtbot.waitUntil(lambda: not dialog.busy, timeout=20_000)
    code = dialog.display.code()
    assert recovery_codes.validate(code) == [] and code != existing_register.recovery_code
    assert not dialog.buttons.button(dialog.buttons.StandardButton.Close).isEnabled()  # first: kept it
    dialog.display.ui.keptCheck.setChecked(True)
    assert dialog.buttons.button(dialog.buttons.StandardButton.Close).isEnabled()
    slots = KeySlotFile.load(RegisterFiles(existing_register.path).keyslots)
    assert slots.damaged == ()
    assert len(open_with_recovery_code(slots, code)) == 32
    dialog.accept()
