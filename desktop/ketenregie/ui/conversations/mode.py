"""Conversation mode: a calm screen that walks through one topic at a time.

A clear "where are we" line ("Stap 5 van 8: De brug") with the row of stages under it, one page per stage, large
controls, and only Vorige / Volgende / Pauzeren at the bottom. Every change updates the draft in the register
(`ConversationRepository.save_draft`): discrete changes at once, typing after a short pause, and everything that
is pending when the user changes stage, pauses, or the app locks (`flush`, called from the view's `release`).
The draft keeps the stage and the position within it (the bridge's sub-area), so resuming returns to the same
place.

Presentatiemodus (`set_privacy_mode`, also given at construction): the resident's name shows as initials, names of
participants and of the contact person as initials, the work phone as a mask, and free texts (goals, steps, notes,
documents) with the resident's name redacted. A field whose shown text differs from the stored one is read-only
while the mode is on and keeps its stored value (`real_text`), so nothing the user cannot see is ever saved.
"""
from __future__ import annotations

import html

from collections.abc import Sequence
from dataclasses import replace
from datetime import date, datetime, timedelta

from PySide6.QtCore import QCoreApplication, QDate, QDateTime, QTime, QTimer, Qt, Signal, Slot
from PySide6.QtGui import QFont
from PySide6.QtWidgets import (QButtonGroup, QCheckBox, QComboBox, QDateEdit, QDateTimeEdit, QFormLayout, QFrame,
                               QGridLayout, QGroupBox, QHBoxLayout, QLabel, QLineEdit, QPushButton, QRadioButton,
                               QScrollArea, QStackedWidget, QVBoxLayout, QWidget)

from ketenregie.domain.bridge import Bridge
from ketenregie.domain.cases import ActionOwner
from ketenregie.domain.checklists import Checklist
from ketenregie.domain.conversations import (KIND_DESCRIPTIONS_NL, MAX_CONTACT, MAX_DOCUMENT, MAX_DOCUMENTS,
                                             MAX_GOAL_TEXT, MAX_GOALS, MAX_NOTE, MAX_STEP_TEXT, MAX_STEPS_PER_GOAL,
                                             STAGES, Conversation, ConversationError, ConversationKind,
                                             ConversationStatus, Goal, GoalStep, OpenStep, Stage, bridge_walk,
                                             finish_problems, items_for, next_stage, previous_stage, problem_stage,
                                             split_items, step_warnings, text_warnings, where_are_we)
from ketenregie.domain.privacy_display import display_name
from ketenregie.ui.icons import set_icon
from ketenregie.ui.flow_layout import FlowLayout
from ketenregie.ui.accessibility import name_qt_internals
from ketenregie.ui.caseload.data import redact
from ketenregie.ui.privacy_mode import MASK
from ketenregie.ui.style import heading_font, message_label, set_message

SAVE_DELAY_MS = 400
_REAL = "ketenregieRealText"  # dynamic property: the stored text of a field that shows a masked version


def tr(text: str, n: int = -1) -> str:
    return QCoreApplication.translate("Conversations", text, None, n)


def _large(widget: QWidget, scale: float = 1.25) -> QWidget:
    font = QFont(widget.font())
    size = font.pointSizeF() if font.pointSizeF() > 0 else 10.0
    font.setPointSizeF(size * scale)
    widget.setFont(font)
    return widget


def _wrapped(text: str, parent: QWidget, scale: float = 1.15) -> QLabel:
    label = QLabel(text, parent)
    label.setWordWrap(True)
    label.setAccessibleName(text[:80])
    _large(label, scale)
    return label


def name_internals(root: QWidget) -> None:
    """Accessible names for what Qt builds itself (spin-box editors, combo-box popups)."""
    name_qt_internals(root)
    for combo in root.findChildren(QComboBox):
        if not combo.view().accessibleName():
            combo.view().setAccessibleName(combo.accessibleName())


def _qdate(day: date) -> QDate:
    return QDate(day.year, day.month, day.day)


def _pydate(value: QDate) -> date:
    return date(value.year(), value.month(), value.day())


class ConversationMode(QWidget):
    """One conversation, stage by stage. `closed` is emitted when the user pauses or is done."""

    closed = Signal()

    def __init__(self, *, repository, conversation: Conversation, case_number: str, checklist: Checklist,
                 bridge: Bridge, open_steps: list[OpenStep], on_print=None, on_paper=None,
                 parent: QWidget | None = None,
                 partners: Sequence[tuple[int, str]] = (), document_choices: Sequence[str] = (),
                 resident_name: str = "", privacy: bool = False) -> None:
        super().__init__(parent)
        self.partners = tuple(partners)  # (partner id, name) of the active partners: owners of steps
        self.document_choices = tuple(document_choices)  # the "Meenemen / opsturen" data list
        self.resident_name = resident_name
        self.privacy = bool(privacy)
        self.repository = repository
        self.conversation = conversation
        self.case_number = case_number
        self.checklist = checklist
        self.bridge = bridge
        self.open_steps = open_steps
        self._on_print = on_print
        self._on_paper = on_paper  # (conversation) -> print it through the system print dialog
        self._dirty = False
        self._loading = False
        self.save_count = 0
        self._timer = QTimer(self)
        self._timer.setSingleShot(True)
        self._timer.setInterval(SAVE_DELAY_MS)
        self._timer.timeout.connect(self.flush)
        self.setAccessibleName(tr("Gespreksmodus"))
        self._build()
        self.show_stage(conversation.stage, conversation.position)

    # --- layout ---------------------------------------------------------------------------------------------------
    def _build(self) -> None:
        layout = QVBoxLayout(self)
        layout.setSpacing(12)
        self.case_label = QLabel(self)
        self.case_label.setAccessibleName(tr("Casus"))
        self._show_case_label()
        layout.addWidget(self.case_label)
        self.where_label = QLabel(self)
        self.where_label.setFont(heading_font(self, 1.5))
        self.where_label.setAccessibleName(tr("Waar zijn we"))
        layout.addWidget(self.where_label)
        # The step bar: one flat button per stage (click or Tab + Space jumps there); the current one is checked.
        self.stages_bar = QWidget(self)
        self.stages_bar.setAccessibleName(tr("Onderdelen van het gesprek"))
        bar = FlowLayout(self.stages_bar)
        self.stage_buttons: dict[Stage, QPushButton] = {}
        for stage in STAGES:
            button = QPushButton(stage.label_nl, self.stages_bar)
            button.setFlat(True)
            button.setCheckable(True)
            button.setAccessibleName(tr("Naar onderdeel {stage}").format(stage=stage.label_nl))
            button.clicked.connect(lambda _checked=False, s=stage: self.show_stage(s, 0))
            self.stage_buttons[stage] = button
            bar.addWidget(button)
        layout.addWidget(self.stages_bar)
        line = QFrame(self)
        line.setFrameShape(QFrame.Shape.HLine)
        layout.addWidget(line)

        self.stack = QStackedWidget(self)
        self.stack.setAccessibleName(tr("Onderwerp"))
        self.pages: dict[Stage, QWidget] = {
            Stage.KIND: KindPage(self),
            Stage.BEFORE: ChecklistPage(self, "before"),
            Stage.DURING: ChecklistPage(self, "during"),
            Stage.RECOGNITION: RecognitionPage(self),
            Stage.BRIDGE: BridgePage(self),
            Stage.GOALS: GoalsPage(self),
            Stage.AFTER: AfterPage(self),
            Stage.FINISH: FinishPage(self),
        }
        for stage in STAGES:
            scroll = QScrollArea(self.stack)
            scroll.setWidgetResizable(True)
            scroll.setFrameShape(QFrame.Shape.NoFrame)
            scroll.setAccessibleName(stage.label_nl)
            scroll.setWidget(self.pages[stage])
            self.stack.addWidget(scroll)
        layout.addWidget(self.stack, 1)

        self.message_label = message_label(self, tr("Melding"))
        layout.addWidget(self.message_label)
        buttons = QHBoxLayout()
        self.pause_button = QPushButton(tr("&Pauzeren (concept is bewaard)"), self)
        self.pause_button.setAccessibleName(tr("Pauzeren; het concept is bewaard"))
        self.back_button = QPushButton(tr("← &Vorige"), self)
        self.back_button.setAccessibleName(tr("Vorig onderwerp"))
        self.next_button = QPushButton(tr("V&olgende →"), self)
        self.next_button.setAccessibleName(tr("Volgend onderwerp"))
        for button in (self.pause_button, self.back_button, self.next_button):
            _large(button, 1.2)
            button.setMinimumHeight(44)
        buttons.addWidget(self.pause_button)
        buttons.addStretch(1)
        buttons.addWidget(self.back_button)
        buttons.addWidget(self.next_button)
        layout.addLayout(buttons)
        self.pause_button.clicked.connect(self.pause)
        self.back_button.clicked.connect(self.go_back)
        self.next_button.clicked.connect(self.go_next)

    def _show_case_label(self) -> None:
        if self.resident_name.strip():
            self.case_label.setText(tr("Gesprek met {name}, casus {number}").format(
                name=self.shown_name(self.resident_name), number=self.case_number))
        else:
            self.case_label.setText(tr("Gesprek, casus {number}").format(number=self.case_number))

    # --- presentatiemodus -----------------------------------------------------------------------------------------
    def shown_name(self, name: str) -> str:
        return display_name(name, self.privacy) if name.strip() else name

    def shown_text(self, text: str) -> str:
        """Free text as shown: with the resident's name redacted in presentatiemodus."""
        return redact(text, self.resident_name) if self.privacy else text

    def shown_people(self, text: str) -> str:
        """A comma-separated list of people ("u, uw zus, Sanne Bakker"): initials each in presentatiemodus."""
        return ", ".join(display_name(p, True) for p in split_items(text)) if self.privacy else text

    def shown_mask(self, text: str) -> str:
        return MASK if self.privacy and text else text

    def show_text(self, edit: QLineEdit, real: str, shown=None) -> None:
        """Put the stored `real` text in `edit`, as presentatiemodus shows it; a masked field is read-only."""
        real = real or ""
        text = (shown or self.shown_text)(real) if self.privacy and real else real
        edit.setProperty(_REAL, real if text != real else None)
        edit.setText(text)
        edit.setReadOnly(text != real)

    @staticmethod
    def real_text(edit: QLineEdit) -> str:
        """The stored text of a field (also when it shows a masked version)."""
        real = edit.property(_REAL)
        return real if isinstance(real, str) else edit.text()

    @Slot(bool)
    def set_privacy_mode(self, enabled: bool) -> None:
        """Toggle presentatiemodus in place: pending typing is saved first, then every page is shown again."""
        enabled = bool(enabled)
        if enabled == self.privacy:
            return
        self.flush()
        self.privacy = enabled
        self._show_case_label()
        self._loading = True
        try:
            for page in self.pages.values():  # also the hidden ones: nothing keeps showing a full name
                page.load()
        finally:
            self._loading = False
        name_internals(self)

    # --- stages ---------------------------------------------------------------------------------------------------
    @property
    def stage(self) -> Stage:
        return self.conversation.stage

    def show_stage(self, stage: Stage, position: int | None = None) -> None:
        self.flush()
        changed = stage != self.conversation.stage or (position is not None and position != self.conversation.position)
        self.conversation = replace(self.conversation, stage=stage,
                                    position=position if position is not None else
                                    (self.conversation.position if stage == self.conversation.stage else 0))
        self.where_label.setText(where_are_we(stage))
        for s, button in self.stage_buttons.items():
            button.setChecked(s == stage)
            font = button.font()
            font.setBold(s == stage)
            font.setUnderline(s == stage)
            button.setFont(font)
            button.setAccessibleDescription(tr("huidig onderdeel") if s == stage else "")
        self._loading = True
        try:
            self.pages[stage].load()
        finally:
            self._loading = False
        self.stack.setCurrentIndex(STAGES.index(stage))
        self.back_button.setEnabled(previous_stage(stage) is not None)
        self.next_button.setEnabled(next_stage(stage) is not None)
        set_message(self.message_label, "")
        name_internals(self)
        if changed and self.conversation.is_draft:
            self.update_conversation(self.conversation, immediately=True)

    @Slot()
    def go_next(self) -> None:
        following = next_stage(self.stage)
        if following is not None:
            self.show_stage(following, 0)

    @Slot()
    def go_back(self) -> None:
        before = previous_stage(self.stage)
        if before is not None:
            self.show_stage(before, 0)

    @Slot()
    def pause(self) -> None:
        self.flush()
        self.closed.emit()

    # --- saving ---------------------------------------------------------------------------------------------------
    def update_conversation(self, conversation: Conversation, *, immediately: bool = False) -> None:
        """Pages call this after every change; the draft goes to the register at once or after a short pause."""
        if self._loading or not self.conversation.is_draft:
            return
        self.conversation = conversation
        self._dirty = True
        if immediately:
            self.flush()
        else:
            self._timer.start()

    @Slot()
    def flush(self) -> None:
        self._timer.stop()
        if not self._dirty or not self.conversation.is_draft:
            return
        try:
            self.repository.save_draft(self.conversation)
        except ConversationError as exc:
            set_message(self.message_label, str(exc), "error")
            return
        self._dirty = False
        self.save_count += 1

    @property
    def has_unsaved_changes(self) -> bool:
        return self._dirty

    def finish(self) -> bool:
        self.flush()
        try:
            self.repository.finish(self.conversation)
        except ConversationError as exc:
            set_message(self.message_label, str(exc), "warning")
            return False
        self.conversation = self.repository.get(self.conversation.id)
        set_message(self.message_label, tr("Het gesprek is afgerond. De stappen staan nu als acties bij de casus."),
                    "ok")
        self.pages[Stage.FINISH].load()
        return True

    def print_summary(self) -> None:
        if self._on_print is not None:
            self.flush()
            self._on_print(self.conversation)

    def print_summary_on_paper(self):
        if self._on_paper is not None:
            self.flush()
            return self._on_paper(self.conversation)
        return None

    def release(self) -> None:
        self.flush()


# --- pages ------------------------------------------------------------------------------------------------------

class _Page(QWidget):
    def __init__(self, mode: ConversationMode) -> None:
        super().__init__()
        self.mode = mode
        self.layout_ = QVBoxLayout(self)
        self.layout_.setSpacing(14)

    def _set_text(self, edit: QLineEdit, real: str, shown=None) -> None:
        self.mode.show_text(edit, real, shown)

    @property
    def conversation(self) -> Conversation:
        return self.mode.conversation

    def apply(self, conversation: Conversation, *, immediately: bool = True) -> None:
        self.mode.update_conversation(conversation, immediately=immediately)

    def _clear(self) -> None:
        while self.layout_.count():
            item = self.layout_.takeAt(0)
            if item.widget() is not None:
                item.widget().deleteLater()
            elif item.layout() is not None:
                _delete_layout(item.layout())

    def load(self) -> None:
        raise NotImplementedError


def _delete_layout(layout) -> None:
    while layout.count():
        item = layout.takeAt(0)
        if item.widget() is not None:
            item.widget().deleteLater()
        elif item.layout() is not None:
            _delete_layout(item.layout())


class KindPage(_Page):
    def __init__(self, mode: ConversationMode) -> None:
        super().__init__(mode)
        self.layout_.addWidget(_wrapped(tr("Wat voor gesprek is dit?"), self, 1.3))
        self.group = QButtonGroup(self)
        self.buttons: dict[ConversationKind, QRadioButton] = {}
        for kind in ConversationKind:
            button = QRadioButton(kind.label_nl, self)
            _large(button, 1.25)
            button.setAccessibleName(kind.label_nl)
            button.setAccessibleDescription(KIND_DESCRIPTIONS_NL[kind])
            self.group.addButton(button)
            self.buttons[kind] = button
            self.layout_.addWidget(button)
            self.layout_.addWidget(_wrapped(KIND_DESCRIPTIONS_NL[kind], self, 1.0))
            button.toggled.connect(lambda on, k=kind: on and self.apply(replace(self.conversation, kind=k)))
        form = QFormLayout()
        self.date_edit = QDateEdit(self)
        self.date_edit.setCalendarPopup(True)
        self.date_edit.setDisplayFormat("dd-MM-yyyy")
        self.date_edit.setAccessibleName(tr("Datum van het gesprek"))
        _large(self.date_edit)
        self.date_edit.dateChanged.connect(lambda d: self.apply(replace(self.conversation, held_on=_pydate(d))))
        self.participants_edit = QLineEdit(self)
        self.participants_edit.setAccessibleName(tr("Wie zijn er bij het gesprek"))
        self.participants_edit.setPlaceholderText(tr("bijv. u, uw zus, Sanne Bakker (ketenregisseur)"))
        self.participants_edit.setMaxLength(300)
        _large(self.participants_edit)
        self.participants_edit.textEdited.connect(self._participants)
        form.addRow(_wrapped(tr("Datum"), self, 1.1), self.date_edit)
        form.addRow(_wrapped(tr("Wie zijn er?"), self, 1.1), self.participants_edit)
        self.layout_.addLayout(form)
        self.warning_label = message_label(self, tr("Waarschuwing"))
        self.layout_.addWidget(self.warning_label)
        self.layout_.addStretch(1)

    def load(self) -> None:
        c = self.conversation
        self.buttons[c.kind].setChecked(True)
        self.date_edit.setDate(_qdate(c.held_on))
        self._set_text(self.participants_edit, ", ".join(c.participants), self.mode.shown_people)
        editable = c.is_draft
        for widget in (*self.buttons.values(), self.date_edit, self.participants_edit):
            widget.setEnabled(editable)

    def _participants(self, text: str) -> None:
        people = tuple(p.strip() for p in text.split(",") if p.strip())
        set_message(self.warning_label, " ".join(text_warnings(text)), "warning")
        self.apply(replace(self.conversation, participants=people), immediately=False)


class ChecklistPage(_Page):
    def __init__(self, mode: ConversationMode, section_id: str) -> None:
        super().__init__(mode)
        self.section_id = section_id
        self.boxes: dict[str, QCheckBox] = {}
        self.notes: dict[str, QLineEdit] = {}

    def load(self) -> None:
        self._clear()
        self.boxes.clear()
        self.notes.clear()
        section = self.mode.checklist.section(self.section_id)
        self.layout_.addWidget(_wrapped(section.label, self, 1.3))
        editable = self.conversation.is_draft
        grid = QGridLayout()
        grid.setVerticalSpacing(4)
        row = 0
        for item in items_for(self.mode.checklist, self.conversation.kind, self.section_id):
            tick = self.conversation.ticks.get(item.id)
            box = QCheckBox(self)
            box.setAccessibleName(item.text)
            box.setChecked(bool(tick and tick.ticked))
            box.setEnabled(editable)
            box.setStyleSheet("QCheckBox::indicator { width: 22px; height: 22px; }")
            label = _wrapped(item.text, self)
            label.setBuddy(box)
            note = QLineEdit(self)
            self._set_text(note, tick.note if tick else "")
            note.setMaxLength(MAX_NOTE)
            note.setPlaceholderText(tr("Korte notitie (mag leeg blijven)"))
            note.setAccessibleName(tr("Notitie bij: {item}").format(item=item.text))
            note.setEnabled(editable)
            box.toggled.connect(lambda on, i=item.id: self.apply(self.conversation.with_tick(i, ticked=on)))
            note.textEdited.connect(lambda text, i=item.id: self.apply(self.conversation.with_tick(i, note=text),
                                                                        immediately=False))
            grid.addWidget(box, row, 0, Qt.AlignmentFlag.AlignTop)
            grid.addWidget(label, row, 1)
            grid.addWidget(note, row + 1, 1)
            grid.setRowMinimumHeight(row + 2, 10)
            self.boxes[item.id] = box
            self.notes[item.id] = note
            row += 3
        grid.setColumnStretch(1, 1)
        self.layout_.addLayout(grid)
        self.layout_.addStretch(1)


class RecognitionPage(_Page):
    def load(self) -> None:
        self._clear()
        self.boxes: dict[int, QCheckBox] = {}
        self.layout_.addWidget(_wrapped(tr("Wat is er gelukt sinds de vorige keer? Benoem elke stap die gezet is."),
                                        self, 1.3))
        if not self.mode.open_steps:
            self.layout_.addWidget(_wrapped(tr("Er staan geen stappen uit eerdere gesprekken open."), self))
        recognised = {r.action_id: r for r in self.conversation.recognitions}
        for step in self.mode.open_steps:
            shown = self.mode.shown_text(step.description)
            box = QCheckBox(tr("Gelukt: {step}").format(step=shown), self)
            _large(box, 1.15)
            box.setAccessibleName(tr("Gelukt: {step}").format(step=shown))
            box.setChecked(step.action_id in recognised)
            box.setEnabled(self.conversation.is_draft)
            note = QLineEdit(self)
            self._set_text(note, recognised[step.action_id].note if step.action_id in recognised else "")
            note.setMaxLength(MAX_NOTE)
            note.setPlaceholderText(tr("Hoe ging het? (mag leeg blijven)"))
            note.setAccessibleName(tr("Notitie bij gelukte stap"))
            note.setEnabled(self.conversation.is_draft)
            box.toggled.connect(lambda on, a=step.action_id, n=note: self.apply(
                self.conversation.with_recognition(a, on, self.mode.real_text(n))))
            note.textEdited.connect(lambda text, a=step.action_id, b=box: b.isChecked() and self.apply(
                self.conversation.with_recognition(a, True, text), immediately=False))
            self.boxes[step.action_id] = box
            self.layout_.addWidget(box)
            self.layout_.addWidget(note)
        self.layout_.addStretch(1)


class BridgePage(_Page):
    """One sub-area at a time: where is the resident now? (chosen together)."""

    def __init__(self, mode: ConversationMode) -> None:
        super().__init__(mode)
        self.walk = bridge_walk(mode.bridge)
        self.title_label = _wrapped("", self, 1.35)
        self.title_label.setAccessibleName(tr("Deelgebied"))
        self.count_label = QLabel(self)
        self.count_label.setAccessibleName(tr("Voortgang door de brug"))
        self.layout_.addWidget(self.title_label)
        self.layout_.addWidget(self.count_label)
        self.group = QButtonGroup(self)
        self.buttons: list[QRadioButton] = []
        self.texts: list[QLabel] = []
        grid = QGridLayout()
        for step in range(1, 6):
            button = QRadioButton(tr("Trede {n}").format(n=step), self)
            button.setAccessibleName(tr("Trede {n}").format(n=step))
            _large(button, 1.2)
            text = _wrapped("", self)
            self.group.addButton(button, step)
            grid.addWidget(button, step - 1, 0, Qt.AlignmentFlag.AlignTop)
            grid.addWidget(text, step - 1, 1)
            self.buttons.append(button)
            self.texts.append(text)
        self.none_button = QRadioButton(tr("Niet besproken"), self)
        self.none_button.setAccessibleName(tr("Niet besproken"))
        _large(self.none_button, 1.1)
        self.group.addButton(self.none_button, 0)
        grid.addWidget(self.none_button, 5, 0, 1, 2)
        grid.setColumnStretch(1, 1)
        self.layout_.addLayout(grid)
        nav = QHBoxLayout()
        self.prev_sub = QPushButton(tr("← Vorig deelgebied"), self)
        self.prev_sub.setAccessibleName(tr("Vorig deelgebied"))
        self.next_sub = QPushButton(tr("Volgend deelgebied →"), self)
        self.next_sub.setAccessibleName(tr("Volgend deelgebied"))
        for button in (self.prev_sub, self.next_sub):
            _large(button, 1.1)
            button.setMinimumHeight(40)
            nav.addWidget(button)
        nav.addStretch(1)
        self.layout_.addLayout(nav)
        self.layout_.addStretch(1)
        self.group.idToggled.connect(self._chosen)
        self.prev_sub.clicked.connect(lambda: self.move(-1))
        self.next_sub.clicked.connect(lambda: self.move(1))

    @property
    def position(self) -> int:
        return min(max(0, self.conversation.position), len(self.walk) - 1)

    def sub_area(self):
        p, s = self.walk[self.position]
        pillar = self.mode.bridge.pillars[p]
        return pillar, pillar.sub_areas[s]

    def load(self) -> None:
        pillar, sub = self.sub_area()
        self.title_label.setText(f"{pillar.label} — {sub.label}")
        self.title_label.setAccessibleName(f"{pillar.label}, {sub.label}")
        self.count_label.setText(tr("Deelgebied {n} van {total}").format(n=self.position + 1, total=len(self.walk)))
        current = self.conversation.placements.get(sub.id, 0)
        for step, (button, text) in enumerate(zip(self.buttons, self.texts), start=1):
            text.setText(sub.step_text(step))
            button.setAccessibleName(tr("Trede {n}").format(n=step))
            button.setAccessibleDescription(sub.step_text(step))
        self.group.blockSignals(True)
        (self.buttons[current - 1] if current else self.none_button).setChecked(True)
        self.group.blockSignals(False)
        editable = self.conversation.is_draft
        for button in (*self.buttons, self.none_button):
            button.setEnabled(editable)
        self.prev_sub.setEnabled(self.position > 0)
        self.next_sub.setEnabled(self.position < len(self.walk) - 1)

    def _chosen(self, step_id: int, checked: bool) -> None:
        if not checked:
            return
        _pillar, sub = self.sub_area()
        self.apply(self.conversation.with_placement(sub.id, step_id or None))

    def move(self, delta: int) -> None:
        target = min(max(0, self.position + delta), len(self.walk) - 1)
        self.mode.show_stage(Stage.BRIDGE, target)


class GoalsPage(_Page):
    """One to three goals, each with up to three small steps (one action each, owner, date)."""

    def __init__(self, mode: ConversationMode) -> None:
        super().__init__(mode)
        self.layout_.addWidget(_wrapped(tr("Wat wil de inwoner bereiken? Spreek één tot drie doelen af, met kleine "
                                           "stappen: één actie per stap."), self, 1.2))
        self.goal_boxes: list[QGroupBox] = []
        self.goal_edits: list[QLineEdit] = []
        self.pillar_combos: list[QComboBox] = []
        self.step_rows: list[list[tuple[QWidget, QLineEdit, QComboBox, QDateEdit]]] = []
        self.partner_combos: list[list[QComboBox]] = []  # per goal, per step: shown when the owner is a partner
        self.more_step_buttons: list[QPushButton] = []
        for g in range(MAX_GOALS):
            box = QGroupBox(tr("Doel {n}").format(n=g + 1), self)
            box.setAccessibleName(tr("Doel {n}").format(n=g + 1))
            form = QVBoxLayout(box)
            edit = QLineEdit(box)
            edit.setMaxLength(MAX_GOAL_TEXT)
            edit.setPlaceholderText(tr("Het doel, in de woorden van de inwoner"))
            edit.setAccessibleName(tr("Doel {n}: tekst").format(n=g + 1))
            _large(edit)
            combo = QComboBox(box)
            combo.setAccessibleName(tr("Doel {n}: pijler van de brug").format(n=g + 1))
            combo.addItem(tr("(geen pijler)"), None)
            for pillar in mode.bridge.pillars:
                combo.addItem(pillar.label, pillar.id)
            form.addWidget(edit)
            form.addWidget(combo)
            rows = []
            partners: list[QComboBox] = []
            for s in range(MAX_STEPS_PER_GOAL):
                row = QWidget(box)
                line = QHBoxLayout(row)
                line.setContentsMargins(0, 0, 0, 0)
                desc = QLineEdit(row)
                desc.setMaxLength(MAX_STEP_TEXT)
                desc.setPlaceholderText(tr("Stap {n}: één actie").format(n=s + 1))
                desc.setAccessibleName(tr("Doel {g}, stap {n}: wat").format(g=g + 1, n=s + 1))
                owner = QComboBox(row)
                owner.setAccessibleName(tr("Doel {g}, stap {n}: wie").format(g=g + 1, n=s + 1))
                owner.addItem(tr("Inwoner"), ActionOwner.RESIDENT.value)
                owner.addItem(tr("Ketenregisseur"), ActionOwner.SELF.value)
                if mode.partners:
                    owner.addItem(tr("Ketenpartner"), ActionOwner.PARTNER.value)
                partner = QComboBox(row)
                partner.setAccessibleName(tr("Doel {g}, stap {n}: welke ketenpartner").format(g=g + 1, n=s + 1))
                partner.addItem(tr("(kies een partner)"), None)
                for partner_id, partner_name in mode.partners:
                    partner.addItem(partner_name, partner_id)
                partner.setVisible(False)
                due = QDateEdit(row)
                due.setCalendarPopup(True)
                due.setDisplayFormat("dd-MM-yyyy")
                due.setAccessibleName(tr("Doel {g}, stap {n}: wanneer").format(g=g + 1, n=s + 1))
                line.addWidget(desc, 1)
                line.addWidget(owner)
                line.addWidget(partner)
                line.addWidget(due)
                form.addWidget(row)
                rows.append((row, desc, owner, due))
                partners.append(partner)
                desc.textEdited.connect(lambda _t: self._collect(immediately=False))
                owner.currentIndexChanged.connect(lambda _i: self._collect())
                partner.currentIndexChanged.connect(lambda _i: self._collect())
                due.dateChanged.connect(lambda _d: self._collect())
            more = QPushButton(tr("+ Nog een stap"), box)
            more.setAccessibleName(tr("Doel {n}: nog een stap").format(n=g + 1))
            more.clicked.connect(lambda _c=False, i=g: self._reveal_step(i))
            form.addWidget(more)
            edit.textEdited.connect(lambda _t: self._collect(immediately=False))
            combo.currentIndexChanged.connect(lambda _i: self._collect())
            self.layout_.addWidget(box)
            self.goal_boxes.append(box)
            self.goal_edits.append(edit)
            self.pillar_combos.append(combo)
            self.step_rows.append(rows)
            self.partner_combos.append(partners)
            self.more_step_buttons.append(more)
        self.more_goal_button = QPushButton(tr("+ Nog een doel"), self)
        self.more_goal_button.setAccessibleName(tr("Nog een doel"))
        self.more_goal_button.clicked.connect(self._reveal_goal)
        self.layout_.addWidget(self.more_goal_button)
        self.warning_label = message_label(self, tr("Waarschuwing"))
        self.layout_.addWidget(self.warning_label)
        self.layout_.addStretch(1)
        self._visible_goals = 1
        self._visible_steps = [1] * MAX_GOALS

    def load(self) -> None:
        c = self.conversation
        default_due = _qdate(c.held_on + timedelta(days=7))
        self._visible_goals = max(1, len(c.goals))
        self._visible_steps = [max(1, len(c.goals[g].steps)) if g < len(c.goals) else 1 for g in range(MAX_GOALS)]
        for g in range(MAX_GOALS):
            goal = c.goals[g] if g < len(c.goals) else Goal("")
            self._set_text(self.goal_edits[g], goal.text)
            index = self.pillar_combos[g].findData(goal.pillar_id)
            self.pillar_combos[g].setCurrentIndex(max(0, index))
            for s, (_row, desc, owner, due) in enumerate(self.step_rows[g]):
                step = goal.steps[s] if s < len(goal.steps) else None
                owner.setCurrentIndex(max(0, owner.findData(step.owner.value if step else ActionOwner.RESIDENT.value)))
                partner = self.partner_combos[g][s]
                partner.setCurrentIndex(max(0, partner.findData(step.partner_id) if step and step.partner_id else 0))
                due.setDate(_qdate(step.due) if step and step.due else default_due)
                self._set_text(desc, step.description if step else "")
        self._show_rows()
        for widget in self.findChildren(QWidget):
            if isinstance(widget, (QLineEdit, QComboBox, QDateEdit, QPushButton)):
                widget.setEnabled(c.is_draft)

    def _show_rows(self) -> None:
        for g, box in enumerate(self.goal_boxes):
            box.setVisible(g < self._visible_goals)
            for s, (row, _desc, owner, _due) in enumerate(self.step_rows[g]):
                row.setVisible(s < self._visible_steps[g])
                self.partner_combos[g][s].setVisible(owner.currentData() == ActionOwner.PARTNER.value)
            self.more_step_buttons[g].setVisible(self._visible_steps[g] < MAX_STEPS_PER_GOAL)
        self.more_goal_button.setVisible(self._visible_goals < MAX_GOALS)

    def _reveal_step(self, goal: int) -> None:
        self._visible_steps[goal] = min(MAX_STEPS_PER_GOAL, self._visible_steps[goal] + 1)
        self._show_rows()
        self.step_rows[goal][self._visible_steps[goal] - 1][1].setFocus()

    def _reveal_goal(self) -> None:
        self._visible_goals = min(MAX_GOALS, self._visible_goals + 1)
        self._show_rows()
        self.goal_edits[self._visible_goals - 1].setFocus()

    def collect(self) -> tuple[Goal, ...]:
        goals = []
        for g in range(self._visible_goals):
            steps = []
            for s in range(self._visible_steps[g]):
                _row, desc, owner, due = self.step_rows[g][s]
                description = self.mode.real_text(desc).strip()
                if description:
                    who = ActionOwner(owner.currentData())
                    partner_id = self.partner_combos[g][s].currentData() if who == ActionOwner.PARTNER else None
                    steps.append(GoalStep(description, who, _pydate(due.date()), partner_id))
            text = self.mode.real_text(self.goal_edits[g]).strip()
            if text or steps:
                goals.append(Goal(text, self.pillar_combos[g].currentData(), tuple(steps)))
        return tuple(goals)

    def _collect(self, immediately: bool = True) -> None:
        if self.mode._loading:
            return
        self._show_rows()
        goals = self.collect()
        warnings = [w for goal in goals for step in goal.steps for w in step_warnings(step)]
        set_message(self.warning_label, " ".join(dict.fromkeys(warnings)), "warning")
        self.apply(replace(self.conversation, goals=goals), immediately=immediately)


class AfterPage(_Page):
    def __init__(self, mode: ConversationMode) -> None:
        super().__init__(mode)
        self.checklist_page = ChecklistPage(mode, "after")
        self.layout_.addWidget(self.checklist_page)
        box = QGroupBox(tr("Volgende afspraak en contactpersoon"), self)
        box.setAccessibleName(tr("Volgende afspraak en contactpersoon"))
        form = QFormLayout(box)
        self.has_appointment = QCheckBox(tr("Er is een volgende afspraak"), box)
        self.has_appointment.setAccessibleName(tr("Er is een volgende afspraak"))
        self.appointment_edit = QDateTimeEdit(box)
        self.appointment_edit.setCalendarPopup(True)
        self.appointment_edit.setDisplayFormat("dd-MM-yyyy HH:mm")
        self.appointment_edit.setAccessibleName(tr("Datum en tijd van de volgende afspraak"))
        self.place_edit = QLineEdit(box)
        self.place_edit.setMaxLength(MAX_CONTACT)
        self.place_edit.setAccessibleName(tr("Plaats van de volgende afspraak"))
        self.place_edit.setPlaceholderText(tr("bijv. in het gemeentehuis"))
        self.contact_edit = QLineEdit(box)
        self.contact_edit.setMaxLength(MAX_CONTACT)
        self.contact_edit.setAccessibleName(tr("Naam van de contactpersoon"))
        self.phone_edit = QLineEdit(box)
        self.phone_edit.setMaxLength(MAX_CONTACT)
        self.phone_edit.setAccessibleName(tr("Telefoon van de contactpersoon (werk)"))
        self.decision_box = QCheckBox(tr("Er is een besluit besproken (de samenvatting legt bezwaar uit)"), box)
        self.decision_box.setAccessibleName(tr("Er is een besluit besproken"))
        form.addRow(self.has_appointment)
        form.addRow(tr("Wanneer"), self.appointment_edit)
        form.addRow(tr("Waar"), self.place_edit)
        form.addRow(tr("Contactpersoon"), self.contact_edit)
        form.addRow(tr("Telefoon (werk)"), self.phone_edit)
        form.addRow(self.decision_box)
        for widget in (self.has_appointment, self.appointment_edit, self.place_edit, self.contact_edit,
                       self.phone_edit, self.decision_box):
            _large(widget, 1.1)
        self.layout_.addWidget(box)
        self.layout_.addWidget(self._documents_box())
        self.layout_.addStretch(1)
        self.has_appointment.toggled.connect(lambda _on: self._collect())
        self.appointment_edit.dateTimeChanged.connect(lambda _d: self._collect())
        self.decision_box.toggled.connect(lambda _on: self._collect())
        for edit in (self.place_edit, self.contact_edit, self.phone_edit):
            edit.textEdited.connect(lambda _t: self._collect(immediately=False))

    def load(self) -> None:
        self.checklist_page.load()
        c = self.conversation
        appointment = c.next_appointment
        self.has_appointment.setChecked(appointment is not None)
        when = appointment or datetime.combine(c.held_on + timedelta(days=14), datetime.min.time()).replace(hour=10)
        self.appointment_edit.setDateTime(QDateTime(_qdate(when.date()), QTime(when.hour, when.minute)))
        self.appointment_edit.setEnabled(appointment is not None and c.is_draft)
        self._set_text(self.place_edit, c.next_appointment_place)
        self._set_text(self.contact_edit, c.contact_name, self.mode.shown_name)
        self._set_text(self.phone_edit, c.contact_phone, self.mode.shown_mask)
        self.decision_box.setChecked(c.decision_discussed)
        chosen = {d.casefold() for d in c.documents}
        for text, box in self.document_boxes.items():
            box.setChecked(text.casefold() in chosen)
        choices = {t.casefold() for t in self.document_boxes}
        self._set_text(self.other_documents_edit, ", ".join(d for d in c.documents if d.casefold() not in choices))
        for widget in (self.has_appointment, self.place_edit, self.contact_edit, self.phone_edit, self.decision_box,
                       *self.document_boxes.values(), self.other_documents_edit):
            widget.setEnabled(c.is_draft)

    def _documents_box(self) -> QGroupBox:
        """"Meenemen / opsturen": tick the papers from the data list, or type short items (comma-separated)."""
        box = QGroupBox(tr("Meenemen / opsturen"), self)
        box.setAccessibleName(tr("Papieren om mee te nemen of op te sturen"))
        layout = QVBoxLayout(box)
        layout.addWidget(_wrapped(tr("Welke papieren neemt de inwoner mee of stuurt hij of zij op? Ze komen als "
                                     "lijstje op de samenvatting (hooguit {n}).").format(n=MAX_DOCUMENTS), box, 1.0))
        grid = QGridLayout()
        self.document_boxes: dict[str, QCheckBox] = {}
        for i, text in enumerate(self.mode.document_choices):
            check = QCheckBox(text, box)
            check.setAccessibleName(text)
            _large(check, 1.1)
            check.toggled.connect(lambda _on: self._collect())
            grid.addWidget(check, i // 2, i % 2)
            self.document_boxes[text] = check
        layout.addLayout(grid)
        self.other_documents_edit = QLineEdit(box)
        self.other_documents_edit.setMaxLength((MAX_DOCUMENT + 2) * MAX_DOCUMENTS)
        self.other_documents_edit.setPlaceholderText(tr("Anders, kort en zonder namen (komma's ertussen)"))
        self.other_documents_edit.setAccessibleName(tr("Andere papieren, gescheiden door komma's"))
        _large(self.other_documents_edit, 1.1)
        self.other_documents_edit.textEdited.connect(lambda _t: self._collect(immediately=False))
        layout.addWidget(self.other_documents_edit)
        return box

    def documents(self) -> tuple[str, ...]:
        chosen = [text for text, box in self.document_boxes.items() if box.isChecked()]
        seen = {t.casefold() for t in chosen}
        for item in split_items(self.mode.real_text(self.other_documents_edit)):
            if item.casefold() not in seen:
                seen.add(item.casefold())
                chosen.append(item)
        return tuple(chosen)

    def _collect(self, immediately: bool = True) -> None:
        if self.mode._loading:
            return
        self.appointment_edit.setEnabled(self.has_appointment.isChecked())
        value = self.appointment_edit.dateTime()
        when = datetime(value.date().year(), value.date().month(), value.date().day(), value.time().hour(),
                        value.time().minute()) if self.has_appointment.isChecked() else None
        real = self.mode.real_text
        self.apply(replace(self.conversation, next_appointment=when, next_appointment_place=real(self.place_edit),
                           contact_name=real(self.contact_edit), contact_phone=real(self.phone_edit),
                           decision_discussed=self.decision_box.isChecked(), documents=self.documents()),
                   immediately=immediately)


class FinishPage(_Page):
    def __init__(self, mode: ConversationMode) -> None:
        super().__init__(mode)
        self.status_label = _wrapped("", self, 1.2)
        self.status_label.setAccessibleName(tr("Wat nog nodig is"))
        # Each "nog nodig" item is a link to the step where it is filled in (Tab reaches the links, Enter follows).
        self.status_label.setTextInteractionFlags(Qt.TextInteractionFlag.LinksAccessibleByMouse
                                                  | Qt.TextInteractionFlag.LinksAccessibleByKeyboard)
        self.status_label.linkActivated.connect(self._jump)
        self.readability_label = _wrapped("", self, 1.0)
        self.readability_label.setAccessibleName(tr("Leesbaarheid van de samenvatting"))
        self.finish_button = QPushButton(tr("Gesprek &afronden"), self)
        self.finish_button.setAccessibleName(tr("Gesprek afronden"))
        self.print_button = QPushButton(tr("&Samenvatting voor de inwoner (PDF)…"), self)
        set_icon(self.print_button, "pdf")
        self.print_button.setAccessibleName(tr("Samenvatting voor de inwoner als PDF maken"))
        self.paper_button = QPushButton(tr("Samenvatting af&drukken…"), self)
        set_icon(self.paper_button, "print")
        self.paper_button.setAccessibleName(tr("Samenvatting voor de inwoner afdrukken"))
        self.paper_button.setVisible(mode._on_paper is not None)
        self.done_button = QPushButton(tr("&Terug naar het overzicht"), self)
        self.done_button.setAccessibleName(tr("Terug naar het overzicht"))
        for button in (self.finish_button, self.print_button, self.paper_button, self.done_button):
            _large(button, 1.2)
            button.setMinimumHeight(44)
        for widget in (self.status_label, self.readability_label, self.finish_button, self.print_button,
                       self.paper_button, self.done_button):
            self.layout_.addWidget(widget)
        self.layout_.addStretch(1)
        self.finish_button.clicked.connect(self.mode.finish)
        self.print_button.clicked.connect(self.mode.print_summary)
        self.paper_button.clicked.connect(self.mode.print_summary_on_paper)
        self.done_button.clicked.connect(self.mode.pause)

    @Slot(str)
    def _jump(self, link: str) -> None:
        kind, _, value = link.partition(":")
        if kind == "stage" and value in Stage._value2member_map_:
            self.mode.show_stage(Stage(value), 0)

    def load(self) -> None:
        from ketenregie.documents.resident_summary import ResidentSummary

        c = self.conversation
        if c.status == ConversationStatus.FINISHED:
            self.status_label.setText(tr("Dit gesprek is afgerond. De stappen staan als acties bij de casus."))
        else:
            problems = finish_problems(c)
            self.status_label.setTextFormat(Qt.TextFormat.RichText if problems else Qt.TextFormat.PlainText)
            self.status_label.setText(tr("Klaar om af te ronden.") if not problems else
                                      tr("Nog nodig om af te ronden:") + "<br>" + "<br>".join(
                                          f"• <a href='stage:{problem_stage(p).value}'>{html.escape(p)}</a>"
                                          for p in problems))
        report = ResidentSummary.from_conversation(self.mode.case_number, c).readability()
        lines = [report.summary_nl()] + [w.message for w in report.warnings[:5]]
        self.readability_label.setText("\n".join(lines))
        self.finish_button.setEnabled(c.is_draft)
