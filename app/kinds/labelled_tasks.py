"""The labelled sets (tests/fixtures/<set>/labelled) as cases for measuring a model: each
answer graded by its kind's grader, as a recorded answer is, then made a task by its kind's
`feedback_task`, exactly as model feedback on the page would be asked for."""

from __future__ import annotations

from collections import Counter
from collections.abc import Callable, Mapping
from dataclasses import dataclass
from pathlib import Path
from typing import Any

from pydantic import BaseModel

from app.bank.models import QuestionBase
from app.feedback.labelled import LabelledAnswer, load_labelled
from app.feedback.llm.evaluation import Case
from app.feedback.llm.task import FeedbackTask
from app.kinds.behavioral.answer import BehavioralAnswer
from app.kinds.design.answer import DesignAnswer
from app.kinds.registry import AnyKind, Grader, KindRegistry
from app.settings import PROJECT_ROOT

FIXTURES = PROJECT_ROOT / "tests" / "fixtures"


def _design_answer(labelled: LabelledAnswer) -> DesignAnswer:
    stage: Any = labelled.section  # a stage's name, which DesignAnswer checks
    return DesignAnswer.model_validate(
        {"stage": stage, "text": labelled.text, "diagram": labelled.diagram}
    )


def _behavioral_answer(labelled: LabelledAnswer) -> BehavioralAnswer:
    return BehavioralAnswer(text=labelled.text)


@dataclass(frozen=True)
class LabelledSet:
    name: str  # also its folder under tests/fixtures
    kind: str
    answer: Callable[[LabelledAnswer], BaseModel]  # the answer as a candidate would send it

    @property
    def folder(self) -> Path:
        return FIXTURES / self.name / "labelled"


SETS = {
    "design": LabelledSet("design", "design", _design_answer),
    "behavioral": LabelledSet("behavioral", "behavioral", _behavioral_answer),
}


def labelled_cases(
    labelled: LabelledSet,
    kinds: KindRegistry,
    graders: Mapping[str, Grader[Any, Any]],
    questions: Mapping[str, QuestionBase],
    limit: int | None = None,
) -> list[Case]:
    """The set's answers to questions of its kind in the bank, in file order (the first
    `limit`)."""
    kind, grader = kinds[labelled.kind], graders[labelled.kind]
    if kind.feedback_task is None:
        raise ValueError(f"the {kind.name} kind has no model feedback")
    known = {key for key, question in questions.items() if question.kind == kind.name}
    answers = [a for a in load_labelled(labelled.folder) if a.prompt in known][:limit]
    seen: Counter[str] = Counter()
    cases = []
    for answer in answers:
        seen[answer.prompt] += 1
        question = questions[answer.prompt]
        task = _task(labelled, kind, grader, question, answer)
        cases.append(Case(_name(answer, seen[answer.prompt]), answer.verdicts, task))
    return cases


def _task(
    labelled: LabelledSet,
    kind: AnyKind,
    grader: Grader[Any, Any],
    question: QuestionBase,
    answer: LabelledAnswer,
) -> FeedbackTask:
    """The answer's offline outcome from the kind's grader, and the kind's task from it."""
    sent = labelled.answer(answer)
    outcome = grader.grade(question, sent, client=None)
    assert kind.feedback_task is not None
    return kind.feedback_task(question, sent, outcome.details, ())


def _name(answer: LabelledAnswer, position: int) -> str:
    """`design-url-shortener #3 (estimates, strong)`: the prompt and its nth answer."""
    label = f"{answer.label}, plain" if answer.plain else answer.label
    return f"{answer.prompt} #{position} ({answer.section}, {label})"
