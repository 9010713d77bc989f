"""Conversation rules: stages, goals with small steps, at most three next steps, finishing checks."""
from __future__ import annotations

from datetime import date

import pytest

from ketenregie.domain.cases import ActionOwner
from ketenregie.domain.checklists import CHECKLIST_RESOURCE, load_checklist
from ketenregie.domain.conversations import (STAGES, Conversation, ConversationError, ConversationKind, Goal,
                                             GoalStep, Stage, finish_problems, items_for, next_stage,
                                             previous_stage, step_warnings, validate_draft, where_are_we)
from ketenregie.resources import resource_path

DAY = date(2026, 3, 17)


def _step(text="Brieven in de map doen", due=date(2026, 3, 24), owner=ActionOwner.RESIDENT, done=False):
    return GoalStep(text, owner, due, done=done)


def _ready(**changes) -> Conversation:
    base = Conversation(case_id=1, held_on=DAY, participants=("u", "Sanne Bakker (ketenregisseur)"),
                        contact_name="Sanne Bakker",
                        goals=(Goal("Overzicht over de post", "financial_management", (_step(),)),))
    return Conversation(**{**{f: getattr(base, f) for f in base.__dataclass_fields__}, **changes})


def test_stages_walk_one_topic_at_a_time_with_a_where_are_we_label():
    assert STAGES[0] == Stage.KIND and STAGES[-1] == Stage.FINISH
    assert where_are_we(Stage.BRIDGE) == f"Stap {Stage.BRIDGE.number} van {len(STAGES)}: De brug"
    assert next_stage(Stage.KIND) == Stage.BEFORE and next_stage(Stage.FINISH) is None
    assert previous_stage(Stage.KIND) is None and previous_stage(Stage.BEFORE) == Stage.KIND


def test_a_complete_intake_can_be_finished():
    assert finish_problems(_ready()) == []


def test_finishing_needs_a_goal_a_dated_step_participants_and_a_contact():
    problems = finish_problems(_ready(goals=(), participants=(), contact_name=""))
    assert any("minstens één doel" in p for p in problems)
    assert any("wie er bij het gesprek" in p for p in problems)
    assert any("contactpersoon" in p for p in problems)
    problems = finish_problems(_ready(goals=(Goal("Doel", None, (_step(due=None),)),)))
    assert problems == ["Stap 1 van doel 1 heeft nog geen datum."]
    problems = finish_problems(_ready(goals=(Goal("Doel", None, (_step(owner=ActionOwner.PARTNER),)),)))
    assert any("ketenpartner" in p for p in problems)


def test_aftercare_may_finish_without_new_goals():
    assert finish_problems(_ready(kind=ConversationKind.AFTERCARE, goals=())) == []


def test_more_than_three_goals_or_steps_is_refused_even_as_draft():
    four = tuple(Goal(f"Doel {i}", None, (_step(),)) for i in range(4))
    with pytest.raises(ConversationError, match="hooguit 3 doelen"):
        validate_draft(_ready(goals=four))
    many_steps = (Goal("Doel", None, tuple(_step() for _ in range(4))),)
    with pytest.raises(ConversationError, match="te veel stappen"):
        validate_draft(_ready(goals=many_steps))


def test_summary_shows_per_goal_the_next_step_at_most_three_earliest_first():
    goals = (
        Goal("A", None, (_step("a1", date(2026, 3, 30), done=True), _step("a2", date(2026, 4, 2)))),
        Goal("B", None, (_step("b1", date(2026, 3, 20)), _step("b2", date(2026, 3, 21)))),
        Goal("C", None, (_step("c1", date(2026, 3, 25)),)),
    )
    steps = _ready(goals=goals).summary_steps()
    assert [s.description for s in steps] == ["b1", "c1", "a2"]


def test_ticks_placements_and_recognitions_edit_copies():
    c = _ready()
    c2 = c.with_tick("one_topic", ticked=True).with_tick("calm_setting", note="rustige kamer")
    assert c.ticks == {} and c2.ticks["one_topic"].ticked and c2.ticks["calm_setting"].note == "rustige kamer"
    assert "one_topic" not in c2.with_tick("one_topic", ticked=False).ticks
    c3 = c2.with_placement("debts", 2).with_placement("buffer", 1).with_placement("buffer", None)
    assert dict(c3.placements) == {"debts": 2}
    with pytest.raises(ConversationError):
        c3.with_placement("debts", 6)
    c4 = c3.with_recognition(7, True, "gebeld").with_recognition(8, True).with_recognition(8, False)
    assert [r.action_id for r in c4.recognitions] == [7]
    assert c4.snapshot().placements == {"debts": 2}


def test_a_step_with_several_actions_gets_a_warning_not_a_block():
    assert step_warnings(_step("Bel de woningcorporatie en stuur de brief op"))
    assert step_warnings(_step("Bel de woningcorporatie")) == []
    assert finish_problems(_ready(goals=(Goal("Doel", None, (_step("Bel en stuur de brief"),)),))) == []


def test_checklist_items_follow_the_conversation_kind():
    checklist = load_checklist(resource_path(*CHECKLIST_RESOURCE))
    intake = {i.id for i in items_for(checklist, ConversationKind.INTAKE, "before")}
    aftercare = {i.id for i in items_for(checklist, ConversationKind.AFTERCARE, "after")}
    assert "no_paperwork_condition" in intake
    assert "progress_acknowledged" in aftercare


def test_repr_never_shows_content():
    c = _ready(participants=("Canary Jansen",))
    assert "Canary" not in repr(c) and "Overzicht" not in repr(c.goals[0]) and "Brieven" not in repr(c.goals[0].steps[0])
