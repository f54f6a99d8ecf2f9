"""The explain kind as the core plugs it in. Its views show the plan, so the kind is bound to
the workspace's services (the engine for live plans, the captures folder for recorded ones)."""

from __future__ import annotations

import dataclasses
from pathlib import Path
from typing import Any

from app.bank.loader import ContentProblem
from app.kinds.explain.answer import ExplainAnswer
from app.kinds.explain.check import check_question
from app.kinds.explain.grader import make_grader, right_answers
from app.kinds.explain.models import Ask, ExplainQuestion
from app.kinds.explain.plans import PlanLoader
from app.kinds.explain.rules import rules
from app.kinds.registry import Checker, Kind, Services
from app.plans.errors import ProbeError
from app.plans.probes import ProbeQuestion
from app.plans.probes import answer as probe_answer


def make_checker(services: Services) -> Checker[ExplainQuestion]:
    plans = PlanLoader.of(services)

    def check(question: ExplainQuestion, source: Path) -> list[ContentProblem]:
        return check_question(question, plans, source)

    return check


def public_view(plans: PlanLoader, question: ExplainQuestion) -> dict[str, Any]:
    """The plan as JSON, where it was taken, and the asks; never an answer."""
    loaded = plans.load_or_broken(question)
    return {
        "plan": loaded.plan.model_dump(mode="json"),
        "query": loaded.query,
        "engine": loaded.plan.engine,
        "versions": loaded.versions,
        "settings": loaded.settings,
        "asks": [_public_ask(ask) for ask in question.asks],
    }


def _public_ask(ask: Ask) -> dict[str, Any]:
    shown: dict[str, Any] = {"id": ask.id, "prompt": ask.prompt, "answer": ask.answer}
    if ask.options is not None:
        shown["options"] = list(ask.options)
    if ask.unit is not None:
        shown["unit"] = ask.unit
    return shown


def solution_view(plans: PlanLoader, question: ExplainQuestion) -> dict[str, Any]:
    """Every ask's answer and explanation, and the node that spent the most time of its own
    (for the page to highlight; None when two tie)."""
    plan = plans.load_or_broken(question).plan
    right = right_answers(question, plan)
    asks = {
        ask.id: {"answer": right[ask.id], "explanation": ask.explanation} for ask in question.asks
    }
    try:
        hot: Any = probe_answer(plan, "max_exclusive_time", ProbeQuestion())
    except ProbeError:
        hot = None
    return {"explanation": question.explanation, "reference": {"asks": asks, "hot_node": hot}}


def _unbound(question: ExplainQuestion) -> dict[str, Any]:
    raise RuntimeError("the explain kind shows its plan only once bound to services (Kind.bind)")


def bind(services: Services) -> Kind[ExplainQuestion, ExplainAnswer]:
    plans = PlanLoader.of(services)
    return dataclasses.replace(
        EXPLAIN,
        public_view=lambda question: public_view(plans, question),
        solution_view=lambda question: solution_view(plans, question),
    )


EXPLAIN = Kind[ExplainQuestion, ExplainAnswer](
    name="explain",
    question_model=ExplainQuestion,
    answer_model=ExplainAnswer,
    make_grader=make_grader,
    make_checker=make_checker,
    public_view=_unbound,
    solution_view=_unbound,
    rules=rules,
    page="explain.html",
    bind=bind,
)
