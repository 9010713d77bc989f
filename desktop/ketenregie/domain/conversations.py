"""A conversation (gesprek) with a resident: kind, stress-sensitive checklist, bridge placements, goals with small
steps, and recognition of steps achieved (DOMAIN.md §10).

A conversation is a draft until it is finished. The draft lives in the register and is saved after every change,
with the stage the user is at (`stage`, `position`), so locking mid-conversation loses nothing and resuming
returns to the same place. Finishing checks the rules below (`finish_problems`); the repository then turns every
step into an action of the case, marks the recognised steps done and records the conversation in the timeline.

Rules:
- goals: one to three (aftercare may have none: it looks back); each goal has one to three small steps;
- a step is ONE action (a warning, never a block, when the text looks like several), with an owner — usually the
  resident — and a due date; steps of a partner name the partner;
- the summary for the resident shows at most three next steps: per goal the first step not yet done;
- checklist notes and other short texts are short (`MAX_NOTE`); they are scanned for identifiers (warning only);
- "Meenemen / opsturen" (`documents`): at most `MAX_DOCUMENTS` short neutral items (`MAX_DOCUMENT` characters),
  chosen from the data list resources/checklists/documents.toml or typed; the summary prints them as a tick-box list.

Pure domain: no Qt, no database.
"""
from __future__ import annotations

import re
from collections.abc import Mapping, Sequence
from dataclasses import dataclass, field, replace
from datetime import date, datetime
from enum import StrEnum
from types import MappingProxyType

from ketenregie.domain.bridge import Bridge, BridgeSnapshot, is_valid_step
from ketenregie.domain.cases import ActionOwner, Phase
from ketenregie.domain.checklists import Checklist, ChecklistItem
from ketenregie.domain.note_scanner import warnings_for as identifier_warnings

MAX_GOALS = 3
MAX_STEPS_PER_GOAL = 3
MAX_SUMMARY_STEPS = 3
MAX_NOTE = 200
MAX_GOAL_TEXT = 160
MAX_STEP_TEXT = 120
MAX_PARTICIPANTS = 6
MAX_PARTICIPANT = 60
MAX_CONTACT = 80
MAX_DOCUMENTS = 8
MAX_DOCUMENT = 60


class ConversationKind(StrEnum):
    INTAKE = "intake"
    PROGRESS = "progress"
    AFTERCARE = "aftercare"

    @property
    def label_nl(self) -> str:
        return _KIND_LABELS[self]

    @property
    def needs_goals(self) -> bool:
        return self != ConversationKind.AFTERCARE


_KIND_LABELS = {
    ConversationKind.INTAKE: "Intakegesprek",
    ConversationKind.PROGRESS: "Voortgangsgesprek",
    ConversationKind.AFTERCARE: "Nazorggesprek",
}
KIND_DESCRIPTIONS_NL = {
    ConversationKind.INTAKE: "Het eerste gesprek: kennismaken, kijken wat er speelt en samen beginnen.",
    ConversationKind.PROGRESS: "Terugkijken op de stappen en de volgende stappen afspreken.",
    ConversationKind.AFTERCARE: "Na het traject: hoe gaat het nu, en is er iets nodig om het zo te houden?",
}


class ConversationStatus(StrEnum):
    DRAFT = "draft"
    FINISHED = "finished"


class Stage(StrEnum):
    """Where the conversation is: one topic at a time, in this order."""

    KIND = "kind"
    BEFORE = "before"
    DURING = "during"
    RECOGNITION = "recognition"
    BRIDGE = "bridge"
    GOALS = "goals"
    AFTER = "after"
    FINISH = "finish"

    @property
    def label_nl(self) -> str:
        return _STAGE_LABELS[self]

    @property
    def number(self) -> int:
        return STAGES.index(self) + 1


_STAGE_LABELS = {
    Stage.KIND: "Soort gesprek",
    Stage.BEFORE: "Voor het gesprek",
    Stage.DURING: "Tijdens het gesprek",
    Stage.RECOGNITION: "Wat is er gelukt?",
    Stage.BRIDGE: "De brug",
    Stage.GOALS: "Doelen en stappen",
    Stage.AFTER: "Na het gesprek",
    Stage.FINISH: "Afronden",
}
STAGES: tuple[Stage, ...] = tuple(Stage)


def where_are_we(stage: Stage) -> str:
    """"Stap 5 van 8: De brug"."""
    return f"Stap {stage.number} van {len(STAGES)}: {stage.label_nl}"


def next_stage(stage: Stage) -> Stage | None:
    i = STAGES.index(stage)
    return STAGES[i + 1] if i + 1 < len(STAGES) else None


def previous_stage(stage: Stage) -> Stage | None:
    i = STAGES.index(stage)
    return STAGES[i - 1] if i > 0 else None


# --- parts ----------------------------------------------------------------------------------------------------

@dataclass(frozen=True, slots=True)
class ChecklistTick:
    item_id: str
    ticked: bool = False
    note: str = ""

    def __repr__(self) -> str:
        return f"ChecklistTick({self.item_id}, ticked={self.ticked})"


@dataclass(frozen=True, slots=True)
class GoalStep:
    description: str
    owner: ActionOwner = ActionOwner.RESIDENT
    due: date | None = None
    partner_id: int | None = None
    action_id: int | None = None  # the case action it became (set when the conversation is finished)
    done: bool = False  # mirrored from the action when read back
    id: int | None = None

    def __repr__(self) -> str:
        return f"GoalStep(id={self.id}, owner={self.owner.value}, action={self.action_id})"


@dataclass(frozen=True, slots=True)
class Goal:
    text: str
    pillar_id: str | None = None  # the bridge pillar it works on, when it fits one
    steps: tuple[GoalStep, ...] = ()
    id: int | None = None

    def __repr__(self) -> str:
        return f"Goal(id={self.id}, steps={len(self.steps)})"

    @property
    def next_step(self) -> GoalStep | None:
        """One action at a time: the first step not yet done."""
        return next((s for s in self.steps if not s.done), None)


@dataclass(frozen=True, slots=True)
class Recognition:
    """A step from an earlier conversation that the resident achieved, recognised in this conversation."""

    action_id: int
    note: str = ""  # what the resident did / how it went (short)

    def __repr__(self) -> str:
        return f"Recognition(action={self.action_id})"


@dataclass(frozen=True, slots=True)
class Conversation:
    case_id: int
    kind: ConversationKind = ConversationKind.INTAKE
    held_on: date = field(default_factory=date.today)
    status: ConversationStatus = ConversationStatus.DRAFT
    stage: Stage = Stage.KIND
    position: int = 0  # place within the stage (the bridge: which sub-area)
    participants: tuple[str, ...] = ()  # who was there, as the resident will read it ("u", "uw zus", ...)
    ticks: Mapping[str, ChecklistTick] = field(default_factory=lambda: MappingProxyType({}))
    placements: Mapping[str, int] = field(default_factory=lambda: MappingProxyType({}))
    goals: tuple[Goal, ...] = ()
    recognitions: tuple[Recognition, ...] = ()
    next_appointment: datetime | None = None
    next_appointment_place: str = ""
    contact_name: str = ""  # the named contact person (the ketenregisseur)
    contact_phone: str = ""  # work number of the contact person / team, not the resident's
    decision_discussed: bool = False  # then the summary explains the objection route
    documents: tuple[str, ...] = ()  # "Meenemen / opsturen": short neutral items, in the order chosen
    id: int | None = None
    finished_at: datetime | None = None

    def __repr__(self) -> str:  # never content: tracebacks and logs see ids only
        return f"Conversation(id={self.id}, case_id={self.case_id}, {self.kind.value}, {self.status.value})"

    @property
    def is_draft(self) -> bool:
        return self.status == ConversationStatus.DRAFT

    # --- editing helpers (return copies) ---
    def with_tick(self, item_id: str, ticked: bool | None = None, note: str | None = None) -> "Conversation":
        old = self.ticks.get(item_id, ChecklistTick(item_id))
        new = ChecklistTick(item_id, old.ticked if ticked is None else ticked, old.note if note is None else note)
        ticks = dict(self.ticks)
        if new.ticked or new.note.strip():
            ticks[item_id] = new
        else:
            ticks.pop(item_id, None)
        return replace(self, ticks=MappingProxyType(ticks))

    def with_placement(self, sub_area_id: str, step: int | None) -> "Conversation":
        placements = dict(self.placements)
        if step is None:
            placements.pop(sub_area_id, None)
        else:
            if not is_valid_step(step):
                raise ConversationError("Kies een trede van 1 tot en met 5.")
            placements[sub_area_id] = step
        return replace(self, placements=MappingProxyType(placements))

    def with_recognition(self, action_id: int, achieved: bool, note: str = "") -> "Conversation":
        rest = tuple(r for r in self.recognitions if r.action_id != action_id)
        return replace(self, recognitions=rest + ((Recognition(action_id, note),) if achieved else ()))

    def with_document(self, text: str, present: bool = True) -> "Conversation":
        """Add (at the end) or remove one "Meenemen / opsturen" item; duplicates (ignoring case) are not added."""
        text = " ".join(text.split())
        rest = tuple(d for d in self.documents if d.casefold() != text.casefold())
        return replace(self, documents=rest + ((text,) if present and text else ()))

    def snapshot(self, label: str = "") -> BridgeSnapshot:
        return BridgeSnapshot(self.held_on, dict(self.placements), label or self.kind.label_nl)

    def summary_steps(self) -> list[GoalStep]:
        """At most three next steps for the resident: per goal its next step, earliest due first."""
        steps = [g.next_step for g in self.goals if g.next_step is not None]
        steps.sort(key=lambda s: (s.due is None, s.due or date.max))
        return steps[:MAX_SUMMARY_STEPS]


class ConversationError(ValueError):
    """A change that cannot be saved; the message (Dutch) says what is wrong and how to fix it."""


# --- the checklist for a kind ----------------------------------------------------------------------------------

def items_for(checklist: Checklist, kind: ConversationKind, section_id: str) -> tuple[ChecklistItem, ...]:
    return checklist.section(section_id).items_for(kind.value)


# --- validation -----------------------------------------------------------------------------------------------

def validate_draft(conversation: Conversation) -> None:
    """What even a draft must satisfy (sizes and values); raises ConversationError with a Dutch message."""
    if len(conversation.goals) > MAX_GOALS:
        raise ConversationError(f"Spreek hooguit {MAX_GOALS} doelen af; kies de belangrijkste.")
    for g, goal in enumerate(conversation.goals, start=1):
        if len(goal.text) > MAX_GOAL_TEXT:
            raise ConversationError(f"Doel {g} is te lang (hooguit {MAX_GOAL_TEXT} tekens). Houd het kort.")
        if len(goal.steps) > MAX_STEPS_PER_GOAL:
            raise ConversationError(f"Doel {g} heeft te veel stappen; hooguit {MAX_STEPS_PER_GOAL}. "
                                    "Kleine stappen, één tegelijk.")
        for s, step in enumerate(goal.steps, start=1):
            if len(step.description) > MAX_STEP_TEXT:
                raise ConversationError(f"Stap {s} van doel {g} is te lang (hooguit {MAX_STEP_TEXT} tekens).")
    for tick in conversation.ticks.values():
        if len(tick.note) > MAX_NOTE:
            raise ConversationError(f"Een notitie bij de checklist is te lang (hooguit {MAX_NOTE} tekens).")
    for rec in conversation.recognitions:
        if len(rec.note) > MAX_NOTE:
            raise ConversationError(f"Een notitie bij een gelukte stap is te lang (hooguit {MAX_NOTE} tekens).")
    for step in conversation.placements.values():
        if not is_valid_step(step):
            raise ConversationError("Een plaatsing op de brug moet een trede van 1 tot en met 5 zijn.")
    if len(conversation.participants) > MAX_PARTICIPANTS:
        raise ConversationError(f"Noem hooguit {MAX_PARTICIPANTS} aanwezigen.")
    if any(len(p) > MAX_PARTICIPANT for p in conversation.participants):
        raise ConversationError(f"Een aanwezige is te lang beschreven (hooguit {MAX_PARTICIPANT} tekens).")
    if len(conversation.documents) > MAX_DOCUMENTS:
        raise ConversationError(f"Noem hooguit {MAX_DOCUMENTS} papieren om mee te nemen of op te sturen.")
    if any(len(d) > MAX_DOCUMENT for d in conversation.documents):
        raise ConversationError(f"Een papier om mee te nemen is te lang beschreven (hooguit {MAX_DOCUMENT} tekens).")
    for value, label in ((conversation.contact_name, "De naam van de contactpersoon"),
                         (conversation.contact_phone, "Het telefoonnummer van de contactpersoon"),
                         (conversation.next_appointment_place, "De plaats van de afspraak")):
        if len(value) > MAX_CONTACT:
            raise ConversationError(f"{label} is te lang (hooguit {MAX_CONTACT} tekens).")


def finish_problems(conversation: Conversation) -> list[str]:
    """What still has to be filled in before the conversation can be finished (Dutch; empty = ready)."""
    problems: list[str] = []
    try:
        validate_draft(conversation)
    except ConversationError as exc:
        problems.append(str(exc))
    goals = conversation.goals
    if conversation.kind.needs_goals and not goals:
        problems.append("Spreek samen minstens één doel af (hooguit drie).")
    for g, goal in enumerate(goals, start=1):
        if not goal.text.strip():
            problems.append(f"Doel {g} heeft nog geen tekst.")
        if not goal.steps:
            problems.append(f"Doel {g} heeft nog geen stap. Wat is de eerste kleine stap?")
        for s, step in enumerate(goal.steps, start=1):
            where = f"Stap {s} van doel {g}"
            if not step.description.strip():
                problems.append(f"{where} heeft nog geen omschrijving.")
            if step.due is None:
                problems.append(f"{where} heeft nog geen datum.")
            elif step.due < conversation.held_on and step.action_id is None:
                problems.append(f"{where} heeft een datum vóór het gesprek.")
            if step.owner == ActionOwner.PARTNER and step.partner_id is None:
                problems.append(f"{where}: kies de ketenpartner die deze stap zet.")
    if not conversation.participants:
        problems.append("Vul in wie er bij het gesprek waren.")
    if not conversation.contact_name.strip():
        problems.append("Vul de naam van de contactpersoon in: de inwoner moet weten wie te bellen.")
    return problems


_SEVERAL_ACTIONS = re.compile(r"\ben (dan )?(daarna|ook|stuur|bel|maak|vraag|breng|zoek|regel|betaal)\b|;|\. \S",
                              re.IGNORECASE)


def step_warnings(step: GoalStep) -> list[str]:
    """Warnings (never blocks) about one step's text."""
    warnings = []
    if _SEVERAL_ACTIONS.search(step.description.strip()):
        warnings.append("Dit lijken meer acties. Eén actie per stap maakt het makkelijker: maak er twee stappen van.")
    warnings.extend(identifier_warnings(step.description))
    return warnings


def split_items(text: str) -> tuple[str, ...]:
    """"u, uw zus" -> ("u", "uw zus"): comma-separated short items, trimmed, empty ones dropped."""
    return tuple(" ".join(p.split()) for p in text.split(",") if p.strip())


def text_warnings(text: str) -> list[str]:
    """Identifier warnings for a free text (notes, participants): the scanner never blocks a save."""
    return identifier_warnings(text)


# --- recognition ----------------------------------------------------------------------------------------------

@dataclass(frozen=True, slots=True)
class OpenStep:
    """A step from an earlier conversation (now an open action of the case) that may be recognised as achieved."""

    action_id: int
    description: str
    owner: ActionOwner
    due: date | None
    agreed_on: date  # the conversation it was agreed in

    def __repr__(self) -> str:
        return f"OpenStep(action={self.action_id})"


def recognition_count(conversation: Conversation) -> int:
    return len(conversation.recognitions)


def progress_snapshots(conversations: Sequence[Conversation]) -> list[BridgeSnapshot]:
    """Bridge snapshots of the finished conversations with placements, oldest first."""
    return [c.snapshot() for c in sorted(conversations, key=lambda c: (c.held_on, c.id or 0))
            if c.status == ConversationStatus.FINISHED and c.placements]


def bridge_walk(bridge: Bridge) -> list[tuple[int, int]]:
    """(pillar index, sub-area index) in the order the bridge stage shows them, one at a time."""
    return [(p, s) for p, pillar in enumerate(bridge.pillars) for s in range(len(pillar.sub_areas))]


def intake_records_first_conversation(case, conversation: Conversation):
    """The case after finishing `conversation`, when it is an intake: the Wgs "first conversation" is recorded
    with the conversation's date, so the term stops without a second entry in the case form, and a case still
    in Aanmelding moves on to Intake. An earlier recorded first conversation is kept (no double entry); a later
    one is corrected to this date. None when the case does not change. `case` is a `domain.cases.Case`."""
    if conversation.kind != ConversationKind.INTAKE:
        return None
    held_on = conversation.held_on
    first = case.first_conversation_date
    phase = Phase.INTAKE if case.phase == Phase.REGISTRATION else case.phase
    new_first = held_on if first is None or held_on < first else first
    if new_first == first and phase == case.phase:
        return None
    return replace(case, first_conversation_date=new_first, phase=phase)


def intake_problems(case, conversation: Conversation) -> list[str]:
    """Dutch reasons an intake conversation cannot be recorded as the case's first conversation."""
    if conversation.kind != ConversationKind.INTAKE:
        return []
    if conversation.held_on < case.help_request_date:
        return ["Het intakegesprek ligt vóór de datum van de hulpvraag. Controleer de datum van het gesprek."]
    return []


def problem_stage(problem: str) -> Stage:
    """The stage where a problem from `finish_problems` is solved (so "nog nodig" can jump there)."""
    text = problem.lower()
    if text.startswith(("doel ", "stap ", "spreek samen")) or " van doel " in text:
        return Stage.GOALS
    if "wie er bij het gesprek" in text or "datum van het gesprek" in text:
        return Stage.KIND
    if "contactpersoon" in text or "afspraak" in text or "meenemen" in text:
        return Stage.AFTER
    return Stage.FINISH
