"""Vroegsignalering view with a real register: queues with counts, filters, the detail, working a signal from
Nieuw to a case with clicks only, import off the UI thread with preview/confirm/cancel, presentatiemodus, export."""
from __future__ import annotations

import csv
import json
import threading
from datetime import date
from pathlib import Path

import pytest
from PySide6.QtWidgets import QApplication

from ketenregie.config import MemorySettingsBackend, Policy, Settings
from ketenregie.domain.signals.codes import Outcome
from ketenregie.domain.signals.triage import Queue
from ketenregie.services.register import create_register
from ketenregie.ui.accessibility import name_qt_internals, unnamed_controls
from ketenregie.ui.clipboard_guard import ClipboardGuard
from ketenregie.ui.privacy_mode import EXTRAS_KEY, PrivacyMode
from ketenregie.ui.signals.view import SignalsView
from ketenregie.ui.views.registry import ViewContext
from ketenregie.vault.kdf import KdfParams

TODAY = date(2026, 6, 15)
HEADERS = ["ID", "Soort signaalpartner", "Signaalpartner", "Signaaldatum", "Bedrag", "Naam", "Straat", "Huisnummer",
           "Postcode", "Woonplaats", "Telefoon"]


def write(path: Path, rows) -> Path:
    with open(path, "w", encoding="utf-8", newline="") as handle:
        writer = csv.writer(handle, delimiter=";")
        writer.writerow(HEADERS)
        writer.writerows(rows)
    return path


ROWS = [
    ["S1", "Zorg", "Zilveren Kruis", "2026-06-01", "250", "Zwanhilde Kanarievogel", "Dorpsstraat", "12", "2651AB",
     "Bergschenhoek", "0612345678"],
    ["S2", "Energie", "Eneco", "2026-06-02", "180", "Zwanhilde Kanarievogel", "Dorpsstraat", "12", "2651AB",
     "Bergschenhoek", "0612345678"],
    ["S3", "Water", "Evides", "2026-06-03", "90", "Bartholomeus Pietersma", "Kerkweg", "4", "2652CD", "Berkel", ""],
]


@pytest.fixture
def context(tmp_path):
    policy = Policy.defaults()
    reg, _, _ = create_register(tmp_path / "register.krg", "een lange wachtwoordzin voor tests", policy=policy,
                                kdf=KdfParams.minimum())
    settings = Settings(policy, MemorySettingsBackend())
    ctx = ViewContext(register=reg, settings=settings, policy=policy, clipboard=ClipboardGuard(policy),
                      extras={EXTRAS_KEY: PrivacyMode(settings)})
    yield ctx
    if reg.is_open:
        reg.close()


@pytest.fixture
def view(qtbot, context):
    widget = SignalsView(context, today=lambda: TODAY)
    qtbot.addWidget(widget)
    return widget


def import_file(qtbot, view, path: Path) -> None:
    task = view.preview_file(path)
    with qtbot.waitSignal(task.finished, timeout=20_000):
        pass
    assert view.pending is not None
    task = view.confirm_import()
    with qtbot.waitSignal(task.finished, timeout=20_000):
        pass


def test_import_preview_then_confirm_and_queue_counts(qtbot, view, tmp_path):
    name_qt_internals(view)
    assert unnamed_controls(view) == []
    path = write(tmp_path / "signalen.csv", ROWS)
    task = view.preview_file(path)
    with qtbot.waitSignal(task.finished, timeout=20_000):
        pass
    assert "3 nieuw" in view.message.text() and "niets opgeslagen" in view.message.text()
    assert view.model.rowCount() == 0 and view.confirm_button.isVisibleTo(view)
    task = view.confirm_import()
    with qtbot.waitSignal(task.finished, timeout=20_000):
        pass
    assert "Ingelezen: 3 nieuw" in view.message.text()
    assert view.model.rowCount() == 2
    assert view.queue_buttons[Queue.NEW].text() == "Nieuw (2)"
    view.search.setText("2652")
    assert view.model.rowCount() == 1
    view.search.clear()
    view.crisis_filter.setChecked(True)
    assert view.model.rowCount() == 0
    view.crisis_filter.setChecked(False)
    view.kind_filter.setCurrentIndex(view.kind_filter.findData("energy"))
    assert view.model.rowCount() == 1


def test_cancel_during_import_stores_nothing(qtbot, view, tmp_path):
    rows = [[f"S{i}", "Zorg", "X", "2026-06-01", "10", "N", "Straat", str(i + 1), "2651AB", "B", ""]
            for i in range(600)]
    task = view.preview_file(write(tmp_path / "groot.csv", rows))
    with qtbot.waitSignal(task.finished, timeout=20_000):
        pass
    class PressedAlready(threading.Event):  # the user's Afbreken arrives before the first progress tick
        def clear(self) -> None:
            pass

    view._cancel = PressedAlready()
    view._cancel.set()
    task = view.confirm_import()
    assert view.cancel_button.isVisibleTo(view) and view.progress.isVisibleTo(view)
    with qtbot.waitSignal(task.finished, timeout=20_000):
        pass
    assert "afgebroken" in view.message.text() and "niets opgeslagen" in view.message.text()
    assert view.service.repo.count() == 0


def test_work_a_signal_from_new_to_a_case_with_clicks(qtbot, view, tmp_path, context):
    import_file(qtbot, view, write(tmp_path / "s.csv", ROWS[2:]))
    view.table.selectRow(0)
    assert view.current is not None and "Bartholomeus Pietersma" in view.detail_household.text()
    view.pick_up_button.click()
    assert view.current.picked_up_on == TODAY
    assert "Brief en sms" in view.detail_title.text()
    view.sms_button.click()
    assert "Bartholomeus" not in QApplication.clipboard().text() and "gemeente" in QApplication.clipboard().text()
    view.attempt_buttons[1].click()  # Sms verstuurd
    assert "Wacht op reactie" in view.detail_title.text()
    view.attempt_buttons[3].click()  # Gebeld: bereikt
    assert "Afronden" in view.detail_title.text()
    view.outcome_combo.setCurrentIndex(view.outcome_combo.findData(Outcome.FOLLOW_UP_FINANCIAL.value))
    view.close_button.click()
    assert "casus 2026-0001" in view.message.text()
    assert view.current is None or view.current.is_closed
    view.show_queue(Queue.CLOSED)
    assert view.model.rowCount() == 1
    context.clipboard.clear_now()


def test_presentatiemodus_masks_names_and_contact_details(qtbot, view, tmp_path, context):
    import_file(qtbot, view, write(tmp_path / "s.csv", ROWS[:1]))
    view.table.selectRow(0)
    context.extras[EXTRAS_KEY].set_enabled(True)
    shown = " ".join(view.model.data(view.model.index(0, c)) or "" for c in range(view.model.columnCount()))
    assert "Zwanhilde" not in shown and "2651" not in shown and "Z.K." in shown
    detail = view.detail_household.text()
    assert "Zwanhilde" not in detail and "Dorpsstraat" not in detail and "0612345678" not in detail
    context.extras[EXTRAS_KEY].set_enabled(False)
    assert "Zwanhilde Kanarievogel" in view.detail_household.text()


def test_export_from_the_view_is_private_and_warns(qtbot, view, tmp_path):
    import_file(qtbot, view, write(tmp_path / "s.csv", ROWS))
    out = tmp_path / "ddas.json"
    assert view.export_ddas(date(2026, 6, 1), date(2026, 6, 30), out)
    assert "burgerservicenummers" in view.message.text()
    assert len(json.loads(out.read_text(encoding="utf-8"))["leveringen"][0]["vroegsignalen"]) == 3


def test_release_drops_personal_data(qtbot, view, tmp_path):
    import_file(qtbot, view, write(tmp_path / "s.csv", ROWS[:1]))
    view.table.selectRow(0)
    view.release()
    assert view.model.rowCount() == 0 and view.current is None and not view.detail_household.text()


def test_mapping_dialog_returns_headers_to_fields_and_needs_a_source_name(qtbot):
    from ketenregie.ui.signals.dialogs import MappingDialog

    headers = ["Dossier", "Categorie", "Datum melding", "PC", "Nr"]
    dialog = MappingDialog(headers, {"Categorie": "partner_kind", "Datum melding": "signal_date"}, None)
    qtbot.addWidget(dialog)
    name_qt_internals(dialog)
    assert unnamed_controls(dialog) == []
    dialog.combos["postcode"].setCurrentIndex(dialog.combos["postcode"].findData("PC"))
    dialog.combos["house_number"].setCurrentIndex(dialog.combos["house_number"].findData("Nr"))
    dialog._accept()
    assert dialog.result() == 0 and "naam" in dialog.message.text()  # no source name yet: stays open
    dialog.name_edit.setText("Woonzorg export")
    dialog._accept()
    assert dialog.result() == 1
    assert dialog.mapping() == {"Categorie": "partner_kind", "Datum melding": "signal_date", "PC": "postcode",
                                "Nr": "house_number"}


def test_manual_entry_dialog_stores_one_signal_or_says_what_is_wrong(qtbot, view):
    from PySide6.QtCore import QDate

    from ketenregie.ui.signals.dialogs import ManualSignalDialog

    dialog = ManualSignalDialog(view.service, TODAY)
    qtbot.addWidget(dialog)
    name_qt_internals(dialog)
    assert unnamed_controls(dialog) == []
    dialog.postcode.setText("99")
    dialog.number.setText("3")
    assert not dialog.save() and "postcode" in dialog.message.text().lower()
    assert view.service.repo.count() == 0
    dialog.postcode.setText("2651 AB")
    dialog.name.setText("A. Fictief")
    dialog.amount.setValue(345)
    dialog.signal_date.setDate(QDate(2026, 6, 10))
    dialog.arrears.setDate(QDate(2026, 4, 1))
    assert dialog.save()
    (case,) = view.service.repo.all_cases()
    assert case.signals[0].amount == 345 and case.household.postcode == "2651AB"


def test_confirm_and_cancel_show_only_while_an_import_is_pending(qtbot, view):
    """A fresh view offers no 'Inlezen bevestigen' or 'Afbreken' for an import that does not exist."""
    view.show()
    assert not view.confirm_button.isVisible() and not view.cancel_button.isVisible()
    assert view.import_button.isEnabled()
