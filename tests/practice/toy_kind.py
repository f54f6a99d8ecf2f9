"""A toy kind, in tests only, to prove that a kind plugs into the core without changing it:
an "echo" question expects one word, and an answer is correct when its text contains it."""

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
