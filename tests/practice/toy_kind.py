"""Toy kinds, in tests only, to prove that a kind plugs into the core without changing it:
an "echo" question expects one word, and an answer is correct when its text contains it; a
"walk" question is answered in sections (its parts), each an echo of its own word, with
criteria per part for self-assessment, as a system-design walkthrough is in stages."""

from __future__ import annotations

from pathlib import Path
from typing import Any, Literal

from pydantic import BaseModel, ConfigDict, Field

from app.bank.loader import ContentProblem
from app.bank.models import QuestionBase
from app.kinds.outcome import Outcome
from app.kinds.registry import Checker, Kind, Services


class EchoQuestion(QuestionBase):
    kind: Literal["echo"]
    expected_word: str = Field(min_length=1)


class EchoAnswer(BaseModel):
    model_config = ConfigDict(extra="forbid", frozen=True)
    text: str = Field(max_length=1000)


class EchoGrader:
    def grade(self, question: EchoQuestion, answer: EchoAnswer, *, client: str | None) -> Outcome:
        heard = question.expected_word.lower() in answer.text.lower().split()
        if heard:
            return Outcome("correct", 1.0, {"heard": True})
        return Outcome("incorrect", 0.0, {"heard": False}, missed=["echo-word"])


def check(question: EchoQuestion, source: Path) -> list[ContentProblem]:
    """A prompt that gives the word away tests nothing."""
    if question.expected_word.lower() in question.prompt.lower():
        return [ContentProblem(source, "expected_word", "the prompt gives the word away")]
    return []


def make_checker(services: Services) -> Checker[EchoQuestion]:
    return check


def solution_view(question: EchoQuestion) -> dict[str, Any]:
    return {"explanation": question.explanation, "reference": {"word": question.expected_word}}


ECHO = Kind[EchoQuestion, EchoAnswer](
    name="echo",
    question_model=EchoQuestion,
    answer_model=EchoAnswer,
    make_grader=lambda services: EchoGrader(),
    make_checker=make_checker,
    public_view=lambda question: {"words_expected": 1},
    solution_view=solution_view,
    rules=lambda question: ["Correct when your text contains the expected word."],
)


class WalkPart(BaseModel):
    model_config = ConfigDict(extra="forbid", frozen=True)
    name: str = Field(pattern=r"^[a-z]+$")
    expected_word: str = Field(min_length=1)
    criteria: list[str] = Field(default_factory=list)


class WalkQuestion(QuestionBase):
    """A toy walkthrough: answered part by part, each part an echo of its own word."""

    kind: Literal["walk"]
    parts: list[WalkPart] = Field(min_length=1)

    def part(self, name: str) -> WalkPart | None:
        return next((part for part in self.parts if part.name == name), None)


class WalkAnswer(BaseModel):
    model_config = ConfigDict(extra="forbid", frozen=True)
    part: str = Field(min_length=1, max_length=40)
    text: str = Field(max_length=1000)


class WalkGrader:
    def grade(self, question: WalkQuestion, answer: WalkAnswer, *, client: str | None) -> Outcome:
        part = question.part(answer.part)
        if part is None:
            return Outcome("unknown_part", 0.0, {"part": answer.part})
        if part.expected_word.lower() in answer.text.lower().split():
            return Outcome("correct", 1.0, {"part": part.name})
        return Outcome("incorrect", 0.0, {"part": part.name}, missed=[f"{part.name}-word"])


def walk_criteria(question: WalkQuestion, section: str) -> list[str]:
    part = question.part(section)
    return list(part.criteria) if part else []


WALK = Kind[WalkQuestion, WalkAnswer](
    name="walk",
    question_model=WalkQuestion,
    answer_model=WalkAnswer,
    make_grader=lambda services: WalkGrader(),
    make_checker=lambda services: lambda question, source: [],
    public_view=lambda question: {"parts": [part.name for part in question.parts]},
    solution_view=lambda question: {"explanation": question.explanation, "reference": {}},
    rules=lambda question: ["Each part is correct when its text contains that part's word."],
    section_of=lambda answer: answer.part,
    sections=lambda question: [part.name for part in question.parts],
    criteria=walk_criteria,
)
