"""Explain questions: where the plan comes from, and the asks about it, each answered by a named
probe of the plan (app/plans/probes.py)."""

from __future__ import annotations

from typing import Annotated, Literal

from pydantic import Field, model_validator

from app.bank.models import QuestionBase, Strict

SLUG = r"^[a-z0-9]+(-[a-z0-9]+)*$"
AnswerKind = Literal["operator", "number", "choice"]
Expected = float | str  # a number for number asks; a node id or an option otherwise


class PostgresPlanSource(Strict):
    """A plan recorded from PostgreSQL: question_bank/captures/plans/<capture>.json."""

    source: Literal["postgres"]
    capture: str = Field(pattern=SLUG)


class DuckdbPlanSource(Strict):
    """A plan taken live: the engine runs EXPLAIN ANALYZE of `sql` on a built-in dataset."""

    source: Literal["duckdb"]
    dataset: str
    sql: str = Field(min_length=1)


PlanSource = Annotated[PostgresPlanSource | DuckdbPlanSource, Field(discriminator="source")]


class NodeSelector(Strict):
    """Which node an ask is about: every given field must match, and exactly one node may."""

    id: str | None = Field(default=None, pattern=r"^0(\.\d+)*$")
    operator: str | None = None
    relation: str | None = None
    index: str | None = None

    @model_validator(mode="after")
    def _names_something(self) -> NodeSelector:
        if not any(v is not None for v in (self.id, self.operator, self.relation, self.index)):
            raise ValueError("a node selector needs at least one of id, operator, relation, index")
        return self


class Ask(Strict):
    """One thing the candidate answers about the plan."""

    id: str = Field(pattern=SLUG)
    prompt: str = Field(min_length=5)
    answer: AnswerKind
    probe: str = Field(pattern=r"^[a-z_]+$")
    node: NodeSelector | None = None
    options: list[str] | None = None
    tolerance: float = Field(default=0.0, ge=0.0, lt=1.0)  # relative; 0 = exact
    unit: str | None = None  # shown beside a number ("rows", "blocks", "ms")
    expected: Expected | None = None
    explanation: str = Field(min_length=10)

    @model_validator(mode="after")
    def _fits_its_answer(self) -> Ask:
        if (self.options is not None) != (self.answer == "choice"):
            raise ValueError("options are given exactly when answer = 'choice'")
        if self.options is not None and (
            len(self.options) < 2 or len(set(self.options)) != len(self.options)
        ):
            raise ValueError("a choice needs at least two options, all different")
        if self.answer != "number" and (self.tolerance or self.unit):
            raise ValueError("tolerance and unit apply only to number asks")
        if self.expected is not None and isinstance(self.expected, str) == (
            self.answer == "number"
        ):
            raise ValueError(f"expected must be {_expected_type(self.answer)}")
        return self


def _expected_type(answer: AnswerKind) -> str:
    return "a number" if answer == "number" else "a string (a node id or an option)"


class ExplainQuestion(QuestionBase):
    kind: Literal["explain"]
    plan: PlanSource
    asks: list[Ask] = Field(min_length=1, max_length=3)

    @model_validator(mode="after")
    def _asks_are_sound(self) -> ExplainQuestion:
        ids = [ask.id for ask in self.asks]
        if len(set(ids)) != len(ids):
            raise ValueError(f"ask ids must be unique: {ids}")
        if self.plan.source == "postgres":
            missing = [ask.id for ask in self.asks if ask.expected is None]
            if missing:
                raise ValueError(f"a captured plan's asks need expected: {missing}")
        return self

    @property
    def dataset(self) -> str | None:
        """The built-in dataset a live plan runs on (the question API shows its schema)."""
        return self.plan.dataset if isinstance(self.plan, DuckdbPlanSource) else None

    def ask(self, ask_id: str) -> Ask:
        return next(ask for ask in self.asks if ask.id == ask_id)
