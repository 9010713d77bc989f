"""Team work in the GUI, keyboard/seam driven on two real registers: my card with its fingerprint, adding a
colleague with the "ik heb de vingerafdruk gecontroleerd" step, Caseload → Overdragen for several selected cases,
Bestand → Bundel inlezen with a preview and a receipt, and the receipt back at the sender."""
from __future__ import annotations

import shutil

import pytest
from PySide6.QtCore import QItemSelectionModel, QObject, Signal
from PySide6.QtWidgets import QLabel, QMenu, QWidget

from ketenregie.config import load_policy
from ketenregie.domain.team.identity import format_fingerprint, parse_card
from ketenregie.services.register import RegisterFiles, open_register
from ketenregie.services.team import TeamService
from ketenregie.ui.accessibility import unnamed_controls
from ketenregie.ui.caseload.model import CASE_NUMBER_ROLE
from ketenregie.ui.caseload.view import CaseloadView
from ketenregie.ui.team.dialogs import ColleaguesDialog, MyCardDialog
from ketenregie.ui.team.menu import TeamMenu
from case_helpers import add_demo, open_with_context, today
from ui_helpers import PASSPHRASE


class _Unlocked(QObject):
    """What TeamMenu needs of the lock manager: its signals and the open register (the lock manager itself is
    exercised in test_file_menu_has_the_team_actions_only_while_unlocked)."""

    unlocked = Signal(object)
    locked = Signal(str, str)

    def __init__(self, register) -> None:
        super().__init__()
        self.register = register
        self.is_locked = False


def _team_menu(qtbot, register) -> TeamMenu:
    window = QWidget()
    qtbot.addWidget(window)
    lock = _Unlocked(register)
    window._lock = lock  # keep it alive with the window
    return TeamMenu(window, QMenu(window), lock)


@pytest.fixture
def pair(existing_register, register_template, settings, tmp_path):
    anna, context = open_with_context(existing_register, settings)
    add_demo(anna, 20)
    bram_path = tmp_path / "bram" / "register.ketenregie"
    bram_path.parent.mkdir()
    shutil.copy2(register_template.path, bram_path)
    shutil.copy2(RegisterFiles(register_template.path).keyslots, RegisterFiles(bram_path).keyslots)
    bram = open_register(bram_path, PASSPHRASE, policy=load_policy())
    TeamService(bram).set_up_identity("Bram Jansen", "ketenregisseur")
    yield anna, context, bram
    bram.close("quit")
    anna.close("quit")


def test_my_card_dialog_creates_the_identity_and_saves_the_card(qtbot, pair, tmp_path, messages):
    anna, _context, _bram = pair
    dialog = MyCardDialog(TeamService(anna))
    qtbot.addWidget(dialog)
    assert not dialog.fingerprint.isVisibleTo(dialog)  # no identity yet
    assert unnamed_controls(dialog) == []
    dialog.name_edit.setText("Anna de Vries")
    dialog.ask_save_path = lambda proposal: tmp_path / proposal
    target = dialog.save_card()
    card = parse_card(target.read_bytes())
    assert target.name == "teamkaart.teamkaart" and card.display_name == "Anna de Vries"
    assert dialog.fingerprint.text() == format_fingerprint(card.fingerprint)
    dialog.name_edit.setText("")
    assert dialog.save_card() is None and "Vul een naam in" in messages.texts("warning")[-1]


def test_add_verify_hand_over_receive_and_receipt(qtbot, pair, tmp_path, messages):
    anna, context, bram = pair
    anna_team, bram_team = TeamService(anna), TeamService(bram)
    anna_team.set_up_identity("Anna de Vries", "ketenregisseur")
    bram_card = bram_team.write_my_card(tmp_path / "bram.teamkaart")
    anna_card = anna_team.write_my_card(tmp_path / "anna.teamkaart")

    colleagues = ColleaguesDialog(anna_team)
    qtbot.addWidget(colleagues)
    assert unnamed_controls(colleagues) == []
    colleagues.ask_open_path = lambda: bram_card
    colleagues.confirm_add = lambda card: (True, False)  # added without ticking the check
    assert colleagues.add_from_file()
    assert colleagues.model.data(colleagues.model.index(0, 2)) == "NEE"
    colleagues.select_row(0)
    messages.answers.append(True)
    colleagues.verify_selected()
    assert colleagues.model.data(colleagues.model.index(0, 2)) == "ja"
    bram_team.add_colleague(bram_team.read_card(anna_card), verified=True)

    view = CaseloadView(context, today=today)
    qtbot.addWidget(view)
    qtbot.waitUntil(lambda: view.is_loaded, timeout=10_000)
    selection = view.table.selectionModel()
    for row in range(3):
        selection.select(view.model.index(row, 0),
                         QItemSelectionModel.SelectionFlag.Select | QItemSelectionModel.SelectionFlag.Rows)
    numbers = [view.model.data(view.model.index(r, 0), CASE_NUMBER_ROLE) for r in range(3)]
    dialog = view.hand_over_selected()
    assert dialog.case_numbers == numbers and dialog.colleague_combo.count() == 1
    assert unnamed_controls(dialog) == []
    dialog.ask_save_path = lambda proposal: tmp_path / proposal
    bundle = dialog.make_bundle()
    assert bundle.name == "overdracht.ketenbundel" and bundle.exists()
    view.release()

    menu = _team_menu(qtbot, bram)
    menu.ask_bundle_path = lambda: bundle
    receive = menu.receive_bundle()
    assert any("Overdracht van Anna de Vries: 3 casus(sen)." == label.text()
               for label in receive.findChildren(QLabel))
    assert unnamed_controls(receive) == []
    receive.ask_save_path = lambda proposal: tmp_path / proposal
    result = receive.receive()
    assert len(result.added) == 3
    receipt = tmp_path / "ontvangstbevestiging.ketenbundel"
    assert receipt.exists()

    anna_menu = _team_menu(qtbot, anna)
    anna_menu.ask_bundle_path = lambda: receipt
    assert anna_menu.receive_bundle() is None
    assert "3 casus(sen) staan nu als overgedragen" in messages.texts("information")[-1]
    assert anna_team.handed_over_text(numbers[0]).startswith("Overgedragen aan Bram Jansen op ")
    # opening the case in the caseload says it is read-only now
    view = CaseloadView(context, today=today)
    qtbot.addWidget(view)
    qtbot.waitUntil(lambda: view.is_loaded, timeout=10_000)
    case_dialog = view.open_case(numbers[0])
    assert view.message.text().startswith("Overgedragen aan Bram Jansen op ")
    assert view.message.text().endswith("alleen nog in te zien.")
    case_dialog.done(0)
    view.release()


def test_file_menu_has_the_team_actions_only_while_unlocked(unlocked_gui):
    window = unlocked_gui.main_window
    actions = window.team_menu.actions
    assert [a.text() for a in actions] == ["Mijn teamkaa&rt…", "&Collega's…", "Bundel in&lezen…",
                                           "Vervanging terug&sturen…", "Ontvangstbevestiging opnieuw &maken…",
                                           "&Overdracht als overgedragen markeren…", "Ontvangen overle&ggen…",
                                           "Ontvangen mo&nitorcijfers…"]
    from keyboard_helpers import mnemonic

    letters = [mnemonic(a.text()) for a in window.menuBar().actions()[0].menu().actions() if a.text()]
    assert len(letters) == len(set(letters)), letters  # Alt+B then one letter reaches each item
    assert all(a.isEnabled() for a in actions)
    window.lock_manager.lock_manually()
    assert not any(a.isEnabled() for a in actions)


def test_cover_through_the_dialogs(qtbot, pair, tmp_path, messages):
    from datetime import date, timedelta

    from ketenregie.domain.cases import JournalEntry
    from ketenregie.store.case_repository import CaseRepository

    anna, _context, bram = pair
    anna_team, bram_team = TeamService(anna), TeamService(bram)
    anna_team.set_up_identity("Anna de Vries", "ketenregisseur")
    anna_team.add_colleague(bram_team.identity().card(), verified=True)
    bram_team.add_colleague(anna_team.identity().card(), verified=True)
    numbers = [r[0] for r in anna.db.query_all("SELECT case_number FROM cases WHERE closed_on IS NULL LIMIT 2")]
    from ketenregie.ui.team.dialogs import HandoverDialog

    dialog = HandoverDialog(anna_team, numbers)
    qtbot.addWidget(dialog)
    assert unnamed_controls(dialog) == []
    dialog.cover_check.setChecked(True)
    assert not dialog.mark_now_check.isEnabled()
    dialog.ask_save_path = lambda proposal: tmp_path / proposal
    bundle = dialog.make_bundle()
    assert bundle.name == "vervanging.ketenbundel"
    assert anna_team.handed_over_text(numbers[0]) is None  # a cover hands nothing over

    bram_menu = _team_menu(qtbot, bram)
    bram_menu.ask_bundle_path = lambda: bundle
    receive = bram_menu.receive_bundle()
    assert receive.is_cover and not receive.receipt_check.isVisible()
    assert len(receive.receive().added) == 2
    CaseRepository(bram.db, bram.audit, clock=date.today).add_journal_entry(
        numbers[1], JournalEntry(date.today(), "Notitie van de vervanger"))
    bram_menu.ask_return_path = lambda: tmp_path / "terug.ketenbundel"
    back = bram_menu.return_cover()
    anna_menu = _team_menu(qtbot, anna)
    anna_menu.ask_bundle_path = lambda: back
    anna_menu.receive_bundle()
    assert "1 journaalnotitie(s) en 0 actie(s)" in messages.texts("information")[-1]
    assert bram_menu.purge_expired_covers() == 0  # not before the end date


def _editors_enabled(root) -> list[str]:
    """Names of the edit controls under `root` that are still enabled (tables and labels are not edit controls)."""
    from ketenregie.ui.cases.team_state import EDITORS

    return [w.accessibleName() or w.objectName() or type(w).__name__ for w in root.findChildren(QWidget)
            if isinstance(w, EDITORS) and w.isEnabled() and type(w).__name__ != "QTableCornerButton"]


def test_a_handed_over_case_opens_read_only_and_is_marked_in_the_caseload(qtbot, pair, messages):
    """Item (a) in the GUI: the banner, every edit control greyed out, no save button, the resident's rights
    still there; Caseload shows the state and disables what would change the case."""
    anna, context, bram = pair
    anna_team, bram_team = TeamService(anna), TeamService(bram)
    anna_team.set_up_identity("Anna de Vries", "ketenregisseur")
    bram_id = anna_team.add_colleague(bram_team.identity().card(), verified=True).id
    number, other = [r[0] for r in anna.db.query_all(
        "SELECT case_number FROM cases WHERE closed_on IS NULL ORDER BY id LIMIT 2")]
    anna_team.make_handover(bram_id, case_numbers=[number], mark_now=True)

    view = CaseloadView(context, today=today)
    qtbot.addWidget(view)
    qtbot.waitUntil(lambda: view.is_loaded, timeout=10_000)
    from ketenregie.ui.caseload.model import Column

    assert view.select_case(number)
    row = view.model.row_of_case(number)
    phase = view.model.index(row, Column.PHASE)
    assert view.model.data(phase).endswith(" · overgedragen")
    from PySide6.QtCore import Qt

    assert view.model.data(phase, Qt.ItemDataRole.ToolTipRole).startswith("Overgedragen aan Bram Jansen op ")
    assert view.open_button.isEnabled()
    assert not view.meeting_button.isEnabled() and not view.handover_button.isEnabled()
    assert view.select_case(other)
    assert view.meeting_button.isEnabled() and view.handover_button.isEnabled()
    assert not view.model.data(view.model.index(view.model.row_of_case(other), Column.PHASE)).endswith("overgedragen")

    dialog = view.open_case(number)
    qtbot.addWidget(dialog)
    assert dialog.team_banner.isVisibleTo(dialog)
    assert dialog.team_banner.text().startswith("Overgedragen aan Bram Jansen op ")
    assert not dialog.save_button.isEnabled() and not dialog.save_button.isVisibleTo(dialog)
    for index in range(dialog.tabs.count()):
        page = dialog.tabs.widget(index)
        if page is not dialog.rights_tab:
            dialog.tabs.setCurrentIndex(index)  # a tab refreshes when shown: it must stay read-only
            assert _editors_enabled(page) == [], dialog.tabs.tabText(index)
    assert dialog.rights_tab.inzage_button.isEnabled() and dialog.rights_tab.erase_button.isEnabled()
    assert dialog.close_button.isEnabled()
    dialog.done(0)
    # a case of one's own is untouched
    own = view.open_case(other)
    qtbot.addWidget(own)
    assert not own.team_banner.isVisibleTo(own) and own.save_button.isEnabled()
    assert own.name_edit.isEnabled()
    own.done(0)
    view.release()


def test_a_cover_copy_opens_with_only_the_journal_and_new_actions_open(qtbot, pair, settings, messages):
    from datetime import date, timedelta

    from ketenregie.config import Policy
    from ketenregie.ui.views.registry import ViewContext

    anna, _context, bram = pair
    anna_team, bram_team = TeamService(anna), TeamService(bram)
    anna_team.set_up_identity("Anna de Vries", "ketenregisseur")
    bram_id = anna_team.add_colleague(bram_team.identity().card(), verified=True).id
    bram_team.add_colleague(anna_team.identity().card(), verified=True)
    [number] = [r[0] for r in anna.db.query_all(
        "SELECT case_number FROM cases WHERE closed_on IS NULL ORDER BY id LIMIT 1")]
    _cid, data, _n = anna_team.make_cover(bram_id, case_numbers=[number], until=date.today() + timedelta(days=9))
    bram_team.receive_cover(bram_team.open_bundle(data))
    context = ViewContext(register=bram, settings=settings, policy=Policy.defaults())
    view = CaseloadView(context, today=date.today)
    qtbot.addWidget(view)
    qtbot.waitUntil(lambda: view.is_loaded, timeout=10_000)
    assert view.select_case(number)
    assert view.meeting_button.isEnabled() and not view.handover_button.isEnabled()
    dialog = view.open_case(number)
    qtbot.addWidget(dialog)
    assert dialog.team_banner.text().startswith("Vervanging tot en met ")
    assert not dialog.name_edit.isEnabled() and not dialog.phase_combo.isEnabled()
    assert _editors_enabled(dialog.partners_page) == []
    assert not dialog.action_done_button.isEnabled() and not dialog.journal_correct_button.isEnabled()
    assert dialog.journal_edit.isEnabled() and dialog.add_journal_button.isEnabled()
    assert dialog.action_edit.isEnabled() and dialog.add_action_button.isEnabled()
    assert dialog.save_button.isEnabled()
    before = bram.db.query_one("SELECT count(*) FROM journal_entries")[0]
    audit_before = bram.db.query_one("SELECT count(*) FROM audit_log")[0]
    dialog.journal_edit.setPlainText("Gebeld met de inwoner tijdens de vervanging")
    assert dialog.add_journal_entry()
    dialog.action_edit.setText("Loonstrook opvragen")
    assert dialog.add_action()
    assert dialog.save()
    assert bram.db.query_one("SELECT count(*) FROM journal_entries")[0] == before + 1
    assert bram.db.query_one("SELECT count(*) FROM audit_log")[0] == audit_before + 1  # one user action
    assert dialog.team_banner.isVisibleTo(dialog) and not dialog.name_edit.isEnabled()  # still a copy
    dialog.done(0)
    view.release()


def test_the_colleagues_dialog_updates_a_known_card_after_showing_old_and_new_role(qtbot, pair, tmp_path, messages):
    """Issue 14 follow-up (a): a new card of a listed colleague (same fingerprint) is not refused: the dialog shows
    old → new role and name, asks, and updates the row in place; the verified state stays. "Nee" changes nothing."""
    anna, _context, bram = pair
    anna_team, bram_team = TeamService(anna), TeamService(bram)
    anna_team.set_up_identity("Anna de Vries", "ketenregisseur")
    anna_team.add_colleague(bram_team.identity().card(), verified=True)
    bram_team.set_up_identity("Bram Jansen", "teamleider")
    new_card = bram_team.write_my_card(tmp_path / "bram-nieuw.teamkaart")
    colleagues = ColleaguesDialog(anna_team)
    qtbot.addWidget(colleagues)
    colleagues.ask_open_path = lambda: new_card
    colleagues.confirm_add = lambda card: pytest.fail("a known fingerprint is not added as a new colleague")
    messages.answers.append(False)
    assert colleagues.add_from_file() is False
    asked = messages.texts("question")[-1]
    assert "Rol: Ketenregisseur → Teamleider" in asked and "blijft gecontroleerd" in asked
    row = [colleagues.model.data(colleagues.model.index(0, c)) for c in range(3)]
    assert row == ["Bram Jansen", "Ketenregisseur", "ja"]
    messages.answers.append(True)
    assert colleagues.add_from_file() is True
    row = [colleagues.model.data(colleagues.model.index(0, c)) for c in range(3)]
    assert row == ["Bram Jansen", "Teamleider", "ja"] and colleagues.model.rowCount() == 1
    assert messages.texts("warning") == []


def test_a_same_name_card_with_other_keys_opens_as_a_new_colleague_with_a_warning(qtbot, pair, tmp_path, messages,
                                                                                  register_template):
    anna, _context, bram = pair
    anna_team = TeamService(anna)
    anna_team.set_up_identity("Anna de Vries", "ketenregisseur")
    anna_team.add_colleague(TeamService(bram).identity().card(), verified=True)
    other_path = tmp_path / "other" / "register.ketenregie"
    other_path.parent.mkdir()
    shutil.copy2(register_template.path, other_path)
    shutil.copy2(RegisterFiles(register_template.path).keyslots, RegisterFiles(other_path).keyslots)
    other = open_register(other_path, PASSPHRASE, policy=load_policy())
    try:
        TeamService(other).set_up_identity("Bram Jansen", "teamleider")  # new keys, the same name
        card = TeamService(other).write_my_card(tmp_path / "ander.teamkaart")
    finally:
        other.close("quit")
    colleagues = ColleaguesDialog(anna_team)
    qtbot.addWidget(colleagues)
    colleagues.ask_open_path = lambda: card
    dialog = colleagues.add_from_file()
    assert "andere vingerafdruk" in dialog.same_name_note.text()
    assert messages.texts("question") == []  # not an update
    assert unnamed_controls(dialog) == []
    dialog.accept()
    assert colleagues.model.rowCount() == 2
    assert sorted(colleagues.model.data(colleagues.model.index(r, 2)) for r in range(2)) == ["NEE", "ja"]
