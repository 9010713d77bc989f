"""Conversation mode with real widgets (offscreen) on a real register: the bridge picture renders with the expected
number of points and a text alternative; an intake runs end to end; locking mid-conversation loses nothing and
resuming returns to the same step; the summary PDF is written."""
from __future__ import annotations

from datetime import date
from io import BytesIO

from pypdf import PdfReader
from PySide6.QtCore import QEvent, QSize
from PySide6.QtGui import QColor
from PySide6.QtWidgets import QApplication

from ketenregie.domain.bridge import BridgeSnapshot, bridge_progress
from ketenregie.domain.cases import Case, Household, IntakeRoute
from ketenregie.domain.checklists import BRIDGE_RESOURCE, load_bridge
from ketenregie.domain.conversations import ConversationKind, ConversationStatus, Stage
from ketenregie.resources import resource_path
from ketenregie.store.case_repository import CaseRepository
from ketenregie.ui.accessibility import unnamed_controls
from ketenregie.ui.conversations.bridge_widget import BridgeChartWidget
from ketenregie.ui.conversations.view import ConversationsView
from ui_helpers import unlock


def _progress():
    bridge = load_bridge(resource_path(*BRIDGE_RESOURCE), built_in=True)
    return bridge_progress(bridge, [
        BridgeSnapshot(date(2026, 2, 3), {"housing": 2, "debts": 1, "buffer": 1, "income": 2}),
        BridgeSnapshot(date(2026, 3, 17), {"housing": 3, "debts": 2, "health": 3, "schooling": 2}),
    ])


def test_bridge_widget_renders_offscreen_with_one_marker_per_point(qtbot):
    widget = BridgeChartWidget()
    qtbot.addWidget(widget)
    progress = _progress()
    widget.set_progress(progress)
    image = widget.render_image(QSize(640, 360))
    assert widget.points_drawn == progress.point_count == 7
    assert not image.isNull() and image.size() == QSize(640, 360)
    dark = sum(1 for x in range(0, 640, 4) for y in range(0, 360, 4) if QColor(image.pixel(x, y)).lightness() < 100)
    assert dark > 50  # something was drawn
    assert widget.accessibleDescription() == progress.text_alternative()
    assert "Financieel beheer: 1 → 2." in widget.accessibleDescription()


def test_empty_bridge_widget_says_so(qtbot):
    widget = BridgeChartWidget()
    qtbot.addWidget(widget)
    widget.set_progress(bridge_progress(_progress().bridge, []))
    widget.render_image()
    assert widget.points_drawn == 0
    assert "nog geen" in widget.accessibleDescription().lower()


def _open_view(qtbot, gui) -> ConversationsView:
    gui.main_window.show_view("conversations")
    view = gui.main_window.view("conversations")
    assert isinstance(view, ConversationsView)
    return view


def test_intake_end_to_end_with_lock_and_resume(qtbot, unlocked_gui, tmp_path):
    register = unlocked_gui.lock_manager.register
    number = CaseRepository(register.db, register.audit).create(Case(
        household=Household(name="Zwanhilde Kanarievogel"), intake_route=IntakeRoute.SELF,
        help_request_date=date.today()))
    view = _open_view(qtbot, unlocked_gui)
    assert view.bridge_warning.isHidden()
    view.select_case(number)
    assert view.selected_case() == number
    view.kind_combo.setCurrentIndex(view.kind_combo.findData(ConversationKind.INTAKE.value))
    view.new_button.click()
    mode = view.mode
    assert mode is not None and mode.where_label.text() == "Stap 1 van 8: Soort gesprek"
    assert unnamed_controls(mode) == []

    kind_page = mode.pages[Stage.KIND]
    kind_page.participants_edit.setText("u, uw zus")
    kind_page.participants_edit.textEdited.emit("u, uw zus")
    mode.next_button.click()
    assert mode.where_label.text() == "Stap 2 van 8: Voor het gesprek"
    before = mode.pages[Stage.BEFORE]
    before.boxes["calm_setting"].setChecked(True)
    assert "no_paperwork_condition" in before.boxes  # intake-only item is shown
    mode.next_button.click()
    mode.pages[Stage.DURING].boxes["one_topic"].setChecked(True)
    mode.next_button.click()  # recognition: nothing open yet
    mode.next_button.click()
    assert mode.stage == Stage.BRIDGE
    bridge_page = mode.pages[Stage.BRIDGE]
    bridge_page.buttons[1].click()  # housing: step 2
    for _ in range(4):
        bridge_page.next_sub.click()  # -> debts (5th sub-area)
    assert bridge_page.title_label.text() == "Financieel beheer — Schulden"
    bridge_page.buttons[0].click()  # debts: step 1
    assert mode.conversation.position == 4

    # lock in the middle of the bridge: the view goes, the draft stays
    conversation_id = mode.conversation.id
    unlocked_gui.lock_manager.lock("idle")
    assert unlocked_gui.lock_manager.is_locked
    QApplication.sendPostedEvents(None, QEvent.Type.DeferredDelete)
    assert not any(isinstance(w, ConversationsView) for w in QApplication.allWidgets())
    unlock(qtbot, unlocked_gui)
    view = _open_view(qtbot, unlocked_gui)
    assert view.draft_combo.count() == 1 and view.draft_combo.currentData() == conversation_id
    assert "De brug" in view.draft_combo.currentText()
    view.resume_button.click()
    mode = view.mode
    assert mode.stage == Stage.BRIDGE and mode.conversation.position == 4
    assert mode.pages[Stage.BRIDGE].title_label.text() == "Financieel beheer — Schulden"
    assert mode.pages[Stage.BRIDGE].buttons[0].isChecked()
    assert dict(mode.conversation.placements) == {"housing": 2, "debts": 1}
    assert mode.conversation.ticks["calm_setting"].ticked and mode.conversation.participants == ("u", "uw zus")

    # goals and steps, then after the conversation, then finish
    mode.next_button.click()
    goals = mode.pages[Stage.GOALS]
    goals.goal_edits[0].setText("Overzicht over de post")
    goals.goal_edits[0].textEdited.emit("Overzicht over de post")
    _row, desc, _owner, _due = goals.step_rows[0][0]
    desc.setText("Brieven in de map doen")
    desc.textEdited.emit("Brieven in de map doen")
    mode.next_button.click()
    after = mode.pages[Stage.AFTER]
    after.contact_edit.setText("Sanne Bakker")
    after.contact_edit.textEdited.emit("Sanne Bakker")
    after.has_appointment.setChecked(True)
    mode.next_button.click()
    finish = mode.pages[Stage.FINISH]
    assert finish.status_label.text() == "Klaar om af te ronden."
    finish.finish_button.click()
    assert mode.conversation.status == ConversationStatus.FINISHED
    case = CaseRepository(register_of(unlocked_gui).db, register_of(unlocked_gui).audit).get(number, audit=False)
    assert [a.description for a in case.actions] == ["Brieven in de map doen"]
    assert any("Intakegesprek gevoerd" in j.text for j in case.journal)

    view.output_dir = tmp_path
    finish.print_button.click()
    qtbot.waitUntil(lambda: bool(view.written), timeout=10_000)
    pdf = view.written[0]
    assert pdf.name == f"{number}_samenvatting-gesprek_{date.today().isoformat()}.pdf"
    text = "\n".join(p.extract_text() for p in PdfReader(BytesIO(pdf.read_bytes())).pages)
    assert "Wat hebben we afgesproken?" in text and "Brieven in de map doen" in text
    assert "Kanarievogel" not in text
    finish.done_button.click()
    assert view.mode is None and view.draft_combo.count() == 0
    assert view.chart.progress is not None and view.chart.progress.point_count == 2


def register_of(gui):
    return gui.lock_manager.register


def test_typing_is_saved_when_the_app_locks_before_the_pause_ends(qtbot, unlocked_gui):
    register = unlocked_gui.lock_manager.register
    number = CaseRepository(register.db, register.audit).create(Case(
        household=Household(name="Piet Puk"), intake_route=IntakeRoute.SELF, help_request_date=date.today()))
    view = _open_view(qtbot, unlocked_gui)
    view.select_case(number)
    view.new_button.click()
    edit = view.mode.pages[Stage.KIND].participants_edit
    edit.setText("u")
    edit.textEdited.emit("u")
    assert view.mode.has_unsaved_changes  # waiting for the typing pause
    unlocked_gui.lock_manager.lock("manual")
    unlock(qtbot, unlocked_gui)
    view = _open_view(qtbot, unlocked_gui)
    view.resume_button.click()
    assert view.mode.conversation.participants == ("u",)


def _all_texts(root) -> str:
    """Every text a user (or a screen reader) can see in the widget tree, including item views' models."""
    from PySide6.QtCore import Qt
    from PySide6.QtWidgets import QAbstractButton, QAbstractItemView, QComboBox, QLabel, QLineEdit, QWidget

    texts = []
    for widget in [root, *root.findChildren(QWidget)]:
        texts += [widget.accessibleName(), widget.accessibleDescription(), widget.toolTip()]
        if isinstance(widget, (QLabel, QLineEdit, QAbstractButton)):
            texts.append(widget.text())
        if isinstance(widget, QComboBox):
            texts += [widget.itemText(i) for i in range(widget.count())]
        if isinstance(widget, QAbstractItemView) and widget.model() is not None:
            model = widget.model()
            texts += [str(model.index(r, c).data(Qt.ItemDataRole.DisplayRole) or "")
                      for r in range(model.rowCount()) for c in range(model.columnCount())]
    return "\n".join(texts)


def test_partner_owner_and_documents_are_saved_and_carried_into_the_case(qtbot, unlocked_gui, tmp_path):
    from ketenregie.store.partner_repository import PartnerRepository

    register = unlocked_gui.lock_manager.register
    cases = CaseRepository(register.db, register.audit)
    number = cases.create(Case(household=Household(name="Aafke Ooievaar"), intake_route=IntakeRoute.SELF,
                               help_request_date=date.today()))
    partner = PartnerRepository(register.db).list_partners()[1]
    view = _open_view(qtbot, unlocked_gui)
    view.select_case(number)
    view.new_button.click()
    mode = view.mode
    mode.pages[Stage.KIND].participants_edit.setText("u")
    mode.pages[Stage.KIND].participants_edit.textEdited.emit("u")
    mode.show_stage(Stage.GOALS)
    goals = mode.pages[Stage.GOALS]
    goals.goal_edits[0].setText("Rust in de schulden")
    goals.goal_edits[0].textEdited.emit("Rust in de schulden")
    _row, desc, owner, _due = goals.step_rows[0][0]
    picker = goals.partner_combos[0][0]
    assert picker.isHidden()  # only for a partner's step
    desc.setText("Aanmelding beoordelen")
    desc.textEdited.emit("Aanmelding beoordelen")
    owner.setCurrentIndex(owner.findData("partner"))
    assert not picker.isHidden() and picker.count() == len(mode.partners) + 1
    assert "kies de ketenpartner" in " ".join(finish_problems_of(mode))
    picker.setCurrentIndex(picker.findData(partner.id))
    assert mode.conversation.goals[0].steps[0].partner_id == partner.id

    mode.next_button.click()
    after = mode.pages[Stage.AFTER]
    assert "brief van de deurwaarder" in after.document_boxes
    after.document_boxes["brief van de deurwaarder"].setChecked(True)
    after.other_documents_edit.setText("kopie huurcontract, brief van de deurwaarder")
    after.other_documents_edit.textEdited.emit("kopie huurcontract, brief van de deurwaarder")
    after.contact_edit.setText("Sanne Bakker")
    after.contact_edit.textEdited.emit("Sanne Bakker")
    mode.flush()
    assert unnamed_controls(mode) == []

    # the draft in the register holds both; leaving and resuming shows them again
    stored = view.repository.get(mode.conversation.id)
    assert stored.documents == ("brief van de deurwaarder", "kopie huurcontract")
    assert stored.goals[0].steps[0].partner_id == partner.id
    mode.pause_button.click()
    view.resume_button.click()
    mode = view.mode
    mode.show_stage(Stage.GOALS)
    assert mode.pages[Stage.GOALS].partner_combos[0][0].currentData() == partner.id
    mode.show_stage(Stage.AFTER)
    after = mode.pages[Stage.AFTER]
    assert after.document_boxes["brief van de deurwaarder"].isChecked()
    assert after.other_documents_edit.text() == "kopie huurcontract"

    mode.show_stage(Stage.FINISH)
    mode.pages[Stage.FINISH].finish_button.click()
    assert mode.conversation.status == ConversationStatus.FINISHED
    action = cases.get(number, audit=False).actions[0]
    assert (action.description, action.partner_id) == ("Aanmelding beoordelen", partner.id)

    view.output_dir = tmp_path
    mode.pages[Stage.FINISH].print_button.click()
    qtbot.waitUntil(lambda: bool(view.written), timeout=10_000)
    text = "\n".join(p.extract_text() for p in PdfReader(BytesIO(view.written[0].read_bytes())).pages)
    assert f"Wie: {partner.name}" in text
    assert "Meenemen of opsturen" in text and "brief van de deurwaarder" in text and "kopie huurcontract" in text


def finish_problems_of(mode):
    from ketenregie.domain.conversations import finish_problems

    return finish_problems(mode.conversation)


def test_presentatiemodus_toggles_in_place_and_shows_initials_only(qtbot, unlocked_gui):
    register = unlocked_gui.lock_manager.register
    number = CaseRepository(register.db, register.audit).create(Case(
        household=Household(name="Zwanhilde Kanarievogel"), intake_route=IntakeRoute.SELF,
        help_request_date=date.today()))
    view = _open_view(qtbot, unlocked_gui)
    view.select_case(number)
    view.new_button.click()
    mode = view.mode
    kind = mode.pages[Stage.KIND]
    kind.participants_edit.setText("u, Sanne Bakker")
    kind.participants_edit.textEdited.emit("u, Sanne Bakker")
    mode.show_stage(Stage.GOALS)
    goals = mode.pages[Stage.GOALS]
    goals.goal_edits[0].setText("Zwanhilde wil rust")
    goals.goal_edits[0].textEdited.emit("Zwanhilde wil rust")
    mode.show_stage(Stage.AFTER)
    after = mode.pages[Stage.AFTER]
    after.contact_edit.setText("Sanne Bakker")
    after.contact_edit.textEdited.emit("Sanne Bakker")
    after.phone_edit.setText("010 - 123 45 67")
    after.phone_edit.textEdited.emit("010 - 123 45 67")
    mode.flush()
    assert "Zwanhilde Kanarievogel" in mode.case_label.text()
    conversation_id = mode.conversation.id

    unlocked_gui.main_window.privacy_mode.set_enabled(True)
    assert view.mode is mode and unlocked_gui.main_window.view("conversations") is view  # toggled in place
    assert mode.privacy and "Z.K." in mode.case_label.text()
    assert after.contact_edit.text() == "S.B." and after.contact_edit.isReadOnly()
    assert after.phone_edit.text() == "••••"
    for stage in (Stage.KIND, Stage.GOALS, Stage.AFTER):
        mode.show_stage(stage)
        shown = _all_texts(view)
        for secret in ("Kanarievogel", "Zwanhilde", "Sanne", "Bakker", "123 45 67"):
            assert secret not in shown, (stage, secret)
    assert kind.participants_edit.text() == "U., S.B."
    assert goals.goal_edits[0].text() == "Z. wil rust"
    # a change elsewhere while masked never writes the masked texts back
    after.decision_box.setChecked(True)
    mode.flush()
    stored = view.repository.get(conversation_id)
    assert (stored.contact_name, stored.contact_phone) == ("Sanne Bakker", "010 - 123 45 67")
    assert stored.participants == ("u", "Sanne Bakker") and stored.goals[0].text == "Zwanhilde wil rust"
    assert stored.decision_discussed

    # the landing page's case list too
    mode.pause_button.click()
    assert "Kanarievogel" not in _all_texts(view) and "Z.K." in _all_texts(view)

    unlocked_gui.main_window.privacy_mode.set_enabled(False)
    assert "Zwanhilde Kanarievogel" in _all_texts(view)
    view.resume_button.click()
    view.mode.show_stage(Stage.AFTER)
    assert view.mode.pages[Stage.AFTER].contact_edit.text() == "Sanne Bakker"
    assert not view.mode.pages[Stage.AFTER].contact_edit.isReadOnly()
