"""The labelled sets as cases for a model: every answer of the set, named so it can be found,
its task's offline feedback the kind's grader's, and its labels the file's."""

from __future__ import annotations

from collections.abc import Sequence
from pathlib import Path
from typing import Any

import pytest

from app.bank.loader import load_bank
from app.feedback.labelled import load_labelled
from app.feedback.model import SectionFeedback, Verdict
from app.kinds.behavioral.answer import BehavioralAnswer
from app.kinds.behavioral.grader import BehavioralGrader, grade_answer
from app.kinds.behavioral.models import BehavioralQuestion
from app.kinds.defaults import default_kinds
from app.kinds.design.evaluation import grade
from app.kinds.design.grader import DesignGrader
from app.kinds.design.models import DesignQuestion
from app.kinds.labelled_tasks import SETS, labelled_cases
from app.kinds.registry import Grader

ROOT = Path(__file__).parents[2]
KINDS = default_kinds()
QUESTIONS = load_bank(ROOT / "question_bank", KINDS.question_models()).questions
GRADERS: dict[str, Grader[Any, Any]] = {"design": DesignGrader(), "behavioral": BehavioralGrader()}


def _verdicts(sections: Sequence[SectionFeedback]) -> dict[str, Verdict]:
    return {c.criterion_id: c.verdict for s in sections for c in s.criteria}


@pytest.mark.parametrize("name", list(SETS))
def test_every_labelled_answer_is_a_case_with_a_name_of_its_own(name: str) -> None:
    cases = labelled_cases(SETS[name], KINDS, GRADERS, QUESTIONS)
    answers = load_labelled(SETS[name].folder)
    assert len(cases) == len(answers) > 0
    assert len({case.name for case in cases}) == len(cases)
    assert [case.labels for case in cases] == [answer.verdicts for answer in answers]
    assert cases[0].name.startswith(f"{answers[0].prompt} #1 ({answers[0].section}, ")


def test_a_limit_keeps_the_first_answers_in_file_order() -> None:
    cases = labelled_cases(SETS["behavioral"], KINDS, GRADERS, QUESTIONS, limit=3)
    everything = labelled_cases(SETS["behavioral"], KINDS, GRADERS, QUESTIONS)
    assert [case.name for case in cases] == [case.name for case in everything[:3]]


def test_design_tasks_carry_the_offline_graders_verdicts_on_their_stage() -> None:
    questions = {k: q for k, q in QUESTIONS.items() if isinstance(q, DesignQuestion)}
    answers = load_labelled(SETS["design"].folder)[:8]
    cases = labelled_cases(SETS["design"], KINDS, GRADERS, QUESTIONS, limit=8)
    for case, answer in zip(cases, answers, strict=True):
        assert case.task.template == "design_stage"
        assert (
            _verdicts(case.task.offline.sections)
            == grade(questions[answer.prompt], answer).verdicts
        )


def test_behavioral_tasks_carry_the_offline_graders_feedback() -> None:
    questions = {k: q for k, q in QUESTIONS.items() if isinstance(q, BehavioralQuestion)}
    answers = load_labelled(SETS["behavioral"].folder)[:4]
    cases = labelled_cases(SETS["behavioral"], KINDS, GRADERS, QUESTIONS, limit=4)
    for case, answer in zip(cases, answers, strict=True):
        graded = grade_answer(questions[answer.prompt], BehavioralAnswer(text=answer.text))
        assert case.task.offline == graded.feedback and case.task.answer == answer.text


def test_a_set_only_takes_questions_of_its_kind() -> None:
    behavioral = {k: q for k, q in QUESTIONS.items() if isinstance(q, BehavioralQuestion)}
    assert labelled_cases(SETS["design"], KINDS, GRADERS, behavioral) == []
