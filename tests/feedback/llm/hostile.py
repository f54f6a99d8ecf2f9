"""The hostile answers of tests/fixtures/llm/hostile (README there), each made into the task the
server would build for it: the real prompt of the bank, graded offline by its kind, then the
kind's task builder. Also the honest texts no pattern may flag."""

from __future__ import annotations

import tomllib
from dataclasses import dataclass, field
from functools import cache

from app.bank.loader import Bank, load_bank
from app.feedback.labelled import load_labelled
from app.feedback.llm.task import FeedbackTask
from app.kinds.behavioral.answer import BehavioralAnswer
from app.kinds.behavioral.feedback_task import behavioral_task
from app.kinds.behavioral.grader import BehavioralGrader
from app.kinds.behavioral.models import BehavioralQuestion
from app.kinds.defaults import default_kinds
from app.kinds.design.answer import DesignAnswer
from app.kinds.design.feedback_task import design_task
from app.kinds.design.grader import grade_stage
from app.kinds.design.models import DesignQuestion
from app.settings import PROJECT_ROOT

FIXTURES = PROJECT_ROOT / "tests" / "fixtures"
CORPUS = FIXTURES / "llm" / "hostile"


@dataclass(frozen=True)
class Hostile:
    id: str
    kind: str
    question: str
    attack: str
    text: str
    hostile_lines: list[str]
    honest: list[str]
    stage: str | None = None
    diagram: str | None = None
    family: str = field(default="", compare=False)  # the file it came from

    def task(self) -> FeedbackTask:
        return _design(self) if self.kind == "design" else _behavioral(self)


@cache
def corpus() -> tuple[Hostile, ...]:
    answers = []
    for path in sorted(CORPUS.glob("*.toml")):
        if path.name != "benign.toml":
            rows = tomllib.loads(path.read_text(encoding="utf-8"))["answer"]
            answers += [Hostile(**row, family=path.stem) for row in rows]
    return tuple(answers)


def benign() -> list[str]:
    return list(tomllib.loads((CORPUS / "benign.toml").read_text(encoding="utf-8"))["benign"])


@cache
def bank() -> Bank:
    return load_bank(PROJECT_ROOT / "question_bank", default_kinds().question_models())


def honest_texts() -> dict[str, str]:
    """Every labelled answer and every reference answer of the bank's design stages and
    behavioral stories, by a name that says where it comes from."""
    texts = {}
    for kind in ("design", "behavioral"):
        for answer in load_labelled(FIXTURES / kind / "labelled"):
            texts[f"{answer.prompt} {answer.section} {answer.label}"] = answer.text
    for question in bank().questions.values():
        if isinstance(question, DesignQuestion):
            for stage in question.stages:
                texts[f"{question.id} {stage.name} reference"] = stage.reference
        if isinstance(question, BehavioralQuestion):
            texts[f"{question.id} reference"] = question.reference.text()
    return texts


def _design(case: Hostile) -> FeedbackTask:
    question = bank().questions[case.question]
    assert isinstance(question, DesignQuestion), case.id
    fields = {"stage": case.stage, "text": case.text, "diagram": case.diagram}
    answer = DesignAnswer.model_validate(fields)
    outcome = grade_stage(question.stage(answer.stage), answer)
    return design_task(question, answer, outcome.details, ())


def _behavioral(case: Hostile) -> FeedbackTask:
    question = bank().questions[case.question]
    assert isinstance(question, BehavioralQuestion), case.id
    answer = BehavioralAnswer(text=case.text)
    outcome = BehavioralGrader().grade(question, answer, client=None)
    return behavioral_task(question, answer, outcome.details, ())


def by_id() -> dict[str, Hostile]:
    return {case.id: case for case in corpus()}
