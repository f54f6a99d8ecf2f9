"""An isolation question: the interleaving (setup, sessions A and B, every step with the outcome
recorded from PostgreSQL), the capture that proves those outcomes, and 1-3 asks, each on one
step with its options. The right option of an ask is the one whose claim matches the step's
outcome; a question whose ask has no such option, or more than one, does not load."""

from __future__ import annotations

from typing import Literal

from pydantic import Field, model_validator

from app.bank.models import QuestionBase, Strict
from app.kinds.isolation.captures import CAPTURE_NAME
from app.kinds.isolation.claims import Claim, claim_text, matches
from app.kinds.isolation.scenario import Interleaving, Session, SessionName, Step


class Ask(Strict):
    id: str = Field(pattern=r"^[a-z0-9]+(-[a-z0-9]+)*$")
    step: int = Field(ge=1)
    prompt: str = ""  # default: "What happens at step N?"
    options: list[Claim] = Field(min_length=2, max_length=6)
    explanation: str = Field(min_length=10)

    def question(self) -> str:
        return self.prompt or f"What happens at step {self.step}?"


class IsolationQuestion(QuestionBase):
    kind: Literal["isolation"]
    capture: str = Field(pattern=CAPTURE_NAME)  # question_bank/captures/isolation/<capture>.json
    setup: str = Field(min_length=1)
    sessions: dict[SessionName, Session]
    steps: list[Step] = Field(min_length=2)
    asks: list[Ask] = Field(min_length=1, max_length=3)

    @model_validator(mode="after")
    def _asks_fit(self) -> IsolationQuestion:
        self.interleaving()  # the steps are consistent
        ids = [ask.id for ask in self.asks]
        if len(set(ids)) != len(ids):
            raise ValueError("ask ids must be unique")
        for ask in self.asks:
            for problem in ask_problems(self, ask):
                raise ValueError(f"ask {ask.id!r}: {problem}")
        return self

    def interleaving(self) -> Interleaving:
        return Interleaving(setup=self.setup, sessions=self.sessions, steps=self.steps)

    def option_texts(self, ask: Ask) -> list[str]:
        return [claim_text(option, list(self.steps), ask.step) for option in ask.options]

    def right_option(self, ask: Ask) -> str:
        """The text of the option whose claim matches the asked step's outcome."""
        outcome = self.steps[ask.step - 1].outcome
        (right,) = [o for o in ask.options if matches(o, outcome)]
        return claim_text(right, list(self.steps), ask.step)


def ask_problems(question: IsolationQuestion, ask: Ask) -> list[str]:
    if not 1 <= ask.step <= len(question.steps):
        return [f"step {ask.step} is not one of the {len(question.steps)} steps"]
    later = [o.blocked_until for o in ask.options if o.blocked_until is not None]
    if any(not ask.step < until <= len(question.steps) for until in later):
        return ["an option blocks until a step that is not a later one"]
    session = question.steps[ask.step - 1].session
    if any(question.steps[until - 1].session == session for until in later):
        return [f"an option blocks until a step of session {session} itself, which waits"]
    problems = []
    texts = question.option_texts(ask)
    if len(set(texts)) != len(texts):
        problems.append(f"two options read the same: {texts}")
    outcome = question.steps[ask.step - 1].outcome
    right = [n for n, option in enumerate(ask.options, 1) if matches(option, outcome)]
    if len(right) != 1:
        problems.append(f"exactly one option must match step {ask.step}'s outcome, not {right}")
    return problems
