"""An ask against its plan: the right answer its probe reads, and whether a given answer is it."""

from __future__ import annotations

import math

from app.kinds.explain.answer import AskAnswer
from app.kinds.explain.models import Ask, NodeSelector
from app.plans.model import Plan
from app.plans.probes import Answer, ProbeQuestion, answer, probe_named
from app.plans.select import Selector

THOUSANDS = str.maketrans("", "", ", _")  # "16,094" and "16 094" are 16094


def selector(node: NodeSelector) -> Selector:
    return Selector(node.id, node.operator, node.relation, node.index)


def probe_question(ask: Ask) -> ProbeQuestion:
    node = selector(ask.node) if ask.node is not None else None
    return ProbeQuestion(node, tuple(ask.options or ()))


def right_answer(plan: Plan, ask: Ask) -> Answer:
    """What the ask's probe reads off the plan; ProbeError when it reads no one answer."""
    return answer(plan, ask.probe, probe_question(ask))


def is_right(ask: Ask, given: AskAnswer | None, right: Answer) -> bool:
    """Exact for operators and options; a number within the ask's relative tolerance, after
    rounding it as the probe rounds (the misestimate factor: to 1 decimal place)."""
    if given is None:
        return False
    if ask.answer != "number":
        return isinstance(given, str) and given.strip() == right
    number = as_number(given)
    if number is None or isinstance(right, str):
        return False
    decimals = probe_named(ask.probe).decimals
    if decimals is not None:
        number = round(number, decimals)
    return abs(number - right) <= ask.tolerance * abs(right)


def as_number(given: AskAnswer) -> float | None:
    """A number given as a JSON number or as text ("16,094"); None for anything else."""
    if isinstance(given, bool):
        return None
    if isinstance(given, float | int):
        return float(given) if math.isfinite(given) else None
    try:
        number = float(given.translate(THOUSANDS))
    except ValueError:
        return None
    return number if math.isfinite(number) else None
