"""Issue 15 item 1: every window and dialog fits 1280×720 logical pixels (1366×768, or 1920×1080 at 150 %) with
all its controls reachable. The minimum size a window can take (what Qt's layouts allow) is measured on real
widgets with a real register full of demo data; the window frame and a task bar need what is left."""
from __future__ import annotations

from datetime import date

import pytest
from PySide6.QtCore import QSize
from PySide6.QtWidgets import QApplication, QWidget

from all_windows import MAX_HEIGHT, MAX_WIDTH, demo_register, dialogs, minimum_size  # noqa: F401
from ui_helpers import unlock


def test_every_view_fits(qtbot, make_gui, demo_register):
    controller = make_gui(demo_register.path)
    unlock(qtbot, controller)
    window = controller.main_window
    problems = []
    for spec in window.registry.specs():
        window.show_view(spec.key)
        size = minimum_size(window)
        if size.width() > MAX_WIDTH or size.height() > MAX_HEIGHT:
            problems.append(f"{spec.key}: {size.width()}×{size.height()}")
    assert not problems, problems


def test_every_dialog_fits(qtbot, make_gui, demo_register, policy, settings, kdf):
    controller = make_gui(demo_register.path)
    unlock(qtbot, controller)
    window = controller.main_window
    from ketenregie.ui.privacy_mode import EXTRAS_KEY
    from ketenregie.ui.views.registry import ViewContext
    context = ViewContext(register=controller.lock_manager.register, settings=settings, policy=policy,
                          extras={EXTRAS_KEY: window.privacy_mode})
    problems, seen = [], []
    for what, dialog in dialogs(context, demo_register.path, policy, settings, kdf):
        qtbot.addWidget(dialog)
        seen.append(what)
        pages = [dialog]
        if hasattr(dialog, "pageIds"):  # a wizard: every page
            pages = []
            for page_id in dialog.pageIds():
                dialog.setStartId(page_id)
                dialog.restart()
                size = minimum_size(dialog)
                if size.width() > MAX_WIDTH or size.height() > MAX_HEIGHT:
                    problems.append(f"{what} pagina {page_id}: {size.width()}×{size.height()}")
        for page in pages:
            size = minimum_size(page)
            if size.width() > MAX_WIDTH or size.height() > MAX_HEIGHT:
                problems.append(f"{what}: {size.width()}×{size.height()}")
        dialog.close()
    assert len(seen) == 15
    assert not problems, problems


def test_at_1280_by_720_the_caseload_controls_and_status_bar_are_on_screen(qtbot, make_gui, demo_register):
    controller = make_gui(demo_register.path)
    unlock(qtbot, controller)
    window = controller.main_window
    window.show_view("caseload")
    window.resize(MAX_WIDTH, MAX_HEIGHT)
    QApplication.processEvents()
    view = window.view("caseload")
    area = window.rect()
    for control in (view.new_button, view.partner_combo, view.clear_button, view.table, window.statusBar(),
                    window.register_label, *view.phase_buttons.values()):
        top_left = control.mapTo(window, control.rect().topLeft())
        bottom_right = control.mapTo(window, control.rect().bottomRight())
        assert control.isVisible() and area.contains(top_left) and area.contains(bottom_right), \
            control.accessibleName() or type(control).__name__
