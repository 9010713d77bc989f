"""A policy that cannot be read is shown to the user at start — on the unlock screen and in the first-run wizard —
not only by `ketenregie doctor`."""
from __future__ import annotations

from ketenregie.config import load_policy


def _broken_policy(home):
    (home / "policy.toml").write_text("IdleLockMaxMinutes = [\n", encoding="utf-8")
    return load_policy()


def test_unlock_screen_says_the_policy_could_not_be_read(make_gui, existing_register, isolated_home, settings):
    policy = _broken_policy(isolated_home)
    controller = make_gui(existing_register.path, policy=policy)
    label = controller.main_window.unlock_widget.ui.noticeLabel
    assert "IT-beleid kon niet" in label.text() and label.isVisibleTo(controller.main_window)
    assert "1 minuut" in label.text()


def test_first_run_wizard_says_it_too_and_keeps_the_demo_notice(make_gui, register_path, isolated_home):
    policy = _broken_policy(isolated_home)
    controller = make_gui(register_path, policy=policy, notice="Demoregister met fictieve gegevens.")
    text = controller.wizard.intro_page.notice_label.text()
    assert "IT-beleid kon niet" in text and "Demoregister" in text


def test_no_notice_for_a_good_policy(make_gui, existing_register):
    controller = make_gui(existing_register.path)
    assert "IT-beleid" not in controller.main_window.unlock_widget.ui.noticeLabel.text()
