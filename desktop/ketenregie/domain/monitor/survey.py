"""The yearly client-experience survey (issue 13 item 6): fixed B1 questions, answered on a 1-5 scale; only the
anonymous totals per question and score are recorded (no answer sheet, no respondent)."""
from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass

from ketenregie.domain.monitor.suppression import Table, suppress_group

SCORES = (1, 2, 3, 4, 5)
SCORE_LABELS = {1: "Helemaal niet mee eens", 2: "Niet mee eens", 3: "Neutraal", 4: "Mee eens",
                5: "Helemaal mee eens"}


@dataclass(frozen=True, slots=True)
class Question:
    id: str
    text: str  # B1: short, one idea per sentence, "u"


QUESTIONS: tuple[Question, ...] = (
    Question("reachable", "Ik kon de schuldhulp makkelijk bereiken."),
    Question("fast", "Ik hoefde niet lang te wachten op het eerste gesprek."),
    Question("listened", "Er werd goed naar mij geluisterd."),
    Question("clear", "Ik begreep wat er ging gebeuren."),
    Question("respect", "Ik werd met respect behandeld."),
    Question("less_stress", "Door de hulp heb ik minder zorgen over geld."),
    Question("recommend", "Ik zou deze hulp aanraden aan anderen."),
)
QUESTION_BY_ID = {q.id: q for q in QUESTIONS}


class SurveyInputError(ValueError):
    """A Dutch message."""


def check_totals(totals: Mapping[str, Mapping[int, int]]) -> None:
    for question, scores in totals.items():
        if question not in QUESTION_BY_ID:
            raise SurveyInputError("Onbekende vraag in de enquêteresultaten.")
        for score, count in scores.items():
            if score not in SCORES:
                raise SurveyInputError("Een score is 1 tot en met 5.")
            if not isinstance(count, int) or count < 0:
                raise SurveyInputError("Een aantal is een heel getal van 0 of meer.")


def survey_table(year: int, totals: Mapping[str, Mapping[int, int]], minimum: int) -> Table:
    groups = tuple(suppress_group(q.text, [(SCORE_LABELS[s], totals.get(q.id, {}).get(s, 0)) for s in SCORES],
                                  minimum) for q in QUESTIONS if sum(totals.get(q.id, {}).values()))
    return Table("survey", f"Cliëntervaringsonderzoek {year}", groups,
                 "Anonieme totalen van de jaarlijkse enquête: hoeveel mensen welk antwoord gaven.")
