"""An interleaving: setup SQL, two sessions with their isolation levels, the steps in the order
they run, and what each step did (as recorded from PostgreSQL)."""

from __future__ import annotations

import re
from typing import Literal

from pydantic import Field, model_validator

from app.bank.models import Strict

SessionName = Literal["A", "B"]
IsolationLevel = Literal["read committed", "repeatable read", "serializable"]
Value = bool | int | str  # what a step's rows may hold (TOML has no NULL: scenarios select none)
SETTING_NAME = r"^[a-z_]+(\.[a-z_]+)?$"


class Session(Strict):
    """One connection: the isolation level a bare BEGIN starts, and settings made at connect."""

    isolation: IsolationLevel
    settings: dict[str, str] = Field(default_factory=dict)

    @model_validator(mode="after")
    def _setting_names(self) -> Session:
        bad = [name for name in self.settings if not re.match(SETTING_NAME, name)]
        if bad:
            raise ValueError(f"not a setting name: {', '.join(bad)}")
        return self


class StepError(Strict):
    sqlstate: str = Field(pattern=r"^[0-9A-Z]{5}$")
    message: str = Field(min_length=1)  # the primary message, as PostgreSQL words it


class StepOutcome(Strict):
    """What one statement did. A statement that waited on a lock and finished only once a later
    step had run says which (`blocked_until`); one that waited and was released within its own
    step (the deadlock detector's victim) did not block past its step and says nothing."""

    command: str = ""  # the command tag: "UPDATE 1", "SELECT 2", "COMMIT", "ROLLBACK"; "" on error
    rows: list[list[Value]] | None = None  # the rows returned, None for a statement without any
    affected: int | None = None  # rows inserted, updated or deleted (no RETURNING)
    error: StepError | None = None
    blocked_until: int | None = Field(default=None, ge=1)  # the step after which it finished


class Statement(Strict):
    session: SessionName
    sql: str = Field(min_length=1)


class Step(Statement):
    outcome: StepOutcome


class Scenario(Strict):
    """What runs: the setup, the sessions and the statements in order (no outcomes)."""

    setup: str = Field(min_length=1)
    sessions: dict[SessionName, Session]
    statements: list[Statement] = Field(min_length=2)

    @model_validator(mode="after")
    def _both_sessions(self) -> Scenario:
        if sorted(self.sessions) != ["A", "B"]:
            raise ValueError("a scenario has exactly the sessions A and B")
        return self


class Interleaving(Strict):
    """A scenario with the outcome of every step: what a question states and a capture holds."""

    setup: str = Field(min_length=1)
    sessions: dict[SessionName, Session]
    steps: list[Step] = Field(min_length=2)

    @model_validator(mode="after")
    def _consistent(self) -> Interleaving:
        Scenario(setup=self.setup, sessions=self.sessions, statements=self.statements())
        for problem in blocking_problems(self.steps):
            raise ValueError(problem)
        return self

    def statements(self) -> list[Statement]:
        return [Statement(session=step.session, sql=step.sql) for step in self.steps]

    def scenario(self) -> Scenario:
        return Scenario(setup=self.setup, sessions=self.sessions, statements=self.statements())


def blocking_problems(steps: list[Step]) -> list[str]:
    """A blocked step finishes after a later step, and its session runs nothing until then."""
    problems = []
    busy_until: dict[str, int] = {}
    for number, step in enumerate(steps, start=1):
        if busy_until.get(step.session, 0) >= number:
            problems.append(f"step {number}: session {step.session} is still waiting then")
        until = step.outcome.blocked_until
        if until is not None and not number < until <= len(steps):
            problems.append(f"step {number}: blocked_until must be a later step, not {until}")
        busy_until[step.session] = until or number
    return problems
