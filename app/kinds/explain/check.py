"""Content checks of an explain question (`drill bank check`): its plan loads, and every ask's
probe reads one well-defined answer that the ask can be given (the right kind of answer, a
selector naming exactly one node, a choice offering it, a timing with a clear winner on a
recorded plan) and that equals the ask's `expected` when one is written."""

from __future__ import annotations

from pathlib import Path

from app.bank.loader import ContentProblem
from app.kinds.explain.asks import right_answer
from app.kinds.explain.models import Ask, ExplainQuestion
from app.kinds.explain.plans import PlanLoader
from app.plans.errors import PlanError, ProbeError
from app.plans.model import Plan
from app.plans.probes import PROBES, TIMING_MARGIN, Answer, Probe, timing_margin
from app.sqlengine.errors import SqlError

Finding = tuple[str, str]  # the field, the reason


def check_question(
    question: ExplainQuestion, plans: PlanLoader, source: Path
) -> list[ContentProblem]:
    found = _findings(question, plans)
    return [ContentProblem(source, f"{question.id}: {where}", why) for where, why in found]


def _findings(question: ExplainQuestion, plans: PlanLoader) -> list[Finding]:
    try:
        plan = plans.load(question).plan
    except (PlanError, SqlError) as error:
        return [("plan", f"the plan cannot be had: {error}")]
    captured = question.plan.source == "postgres"
    return [
        (f"asks.{ask.id}", reason)
        for ask in question.asks
        for reason in check_ask(ask, plan, captured=captured)
    ]


def check_ask(ask: Ask, plan: Plan, *, captured: bool) -> list[str]:
    """What is wrong with one ask on its plan (empty: nothing)."""
    probe = PROBES.get(ask.probe)
    if probe is None:
        return [f"there is no probe {ask.probe!r}; known: {', '.join(sorted(PROBES))}"]
    shape = _shape_problems(ask, probe, captured)
    if shape:
        return shape
    try:
        right = right_answer(plan, ask)
    except ProbeError as error:
        return [f"the probe {ask.probe} has no one answer on this plan: {error}"]
    return _answer_problems(ask, probe, plan, right)


def _shape_problems(ask: Ask, probe: Probe, captured: bool) -> list[str]:
    found = []
    if probe.answers != ask.answer:
        found.append(f"the probe {probe.name} answers {probe.answers!r}, not {ask.answer!r}")
    if probe.needs_node != (ask.node is not None):
        need = "needs a node selector" if probe.needs_node else "takes no node selector"
        found.append(f"the probe {probe.name} {need}")
    if probe.timing and not captured:
        found.append(
            f"the probe {probe.name} reads timings, which vary from run to run of a live plan: "
            "ask about timings only on a recorded (postgres) plan"
        )
    return found


def _answer_problems(ask: Ask, probe: Probe, plan: Plan, right: Answer) -> list[str]:
    found = []
    if ask.options is not None and right not in ask.options:
        found.append(f"the right answer {right!r} is not one of the options {ask.options}")
    if probe.timing and (margin := timing_margin(plan, probe)) < TIMING_MARGIN:
        found.append(
            f"the winner of {probe.name} beats the runner-up only {margin:.2f}x; a timing is "
            f"asked about only with a winner at least {TIMING_MARGIN}x the next"
        )
    if ask.expected is not None and ask.expected != right:
        found.append(f"expected is {ask.expected!r} but the plan says {right!r}")
    return found
