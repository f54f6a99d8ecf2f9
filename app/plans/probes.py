"""Probes: small named functions of a plan that compute the right answer to an ask.

A question names a probe for each ask; the grader compares the candidate's answer with the
probe's (or the ask's `expected`, which the check proves equal), so an answer is always read
off the plan itself, never typed in by hand. A probe raises ProbeError when the plan has no one
well-defined answer (no such node, several, a tie), and the check reports it.
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass
from typing import Literal

from app.plans import reads
from app.plans.errors import ProbeError
from app.plans.model import Plan, PlanNode, misestimate
from app.plans.select import Selector, select_one

Answer = float | str  # a number, or a node id / an option
AnswerKind = Literal["operator", "number", "choice"]
Ranking = list[tuple[float, PlanNode]]  # nodes by a measure, highest first
TIMING_MARGIN = 1.5  # a timing winner must beat the runner-up by this factor to be asked about
FACTOR_DECIMALS = 1


@dataclass(frozen=True)
class ProbeQuestion:
    """What a probe reads of an ask: the node it is about and the options it offers."""

    node: Selector | None = None
    options: tuple[str, ...] = ()


@dataclass(frozen=True)
class Probe:
    name: str
    answers: AnswerKind
    compute: Callable[[Plan, ProbeQuestion], Answer]
    needs_node: bool = False
    timing: bool = False  # reads timings: only on captured plans, and only with a clear winner
    ranking: Callable[[Plan], Ranking] | None = None  # for the "which node has the most" probes
    rule: str = ""  # how the answer is computed, when the ask's prompt may not say it all
    decimals: int | None = None  # a number answer is rounded so (and so is the candidate's)


def rank(plan: Plan, measure: Callable[[PlanNode], float | None], *, pass_through: bool) -> Ranking:
    """The nodes that have the measure, highest first; without the operators that only hand
    their input's rows on (a projection, PostgreSQL's Hash) unless `pass_through`."""
    nodes = (
        plan.nodes() if pass_through else [n for n in plan.nodes() if not reads.passes_rows_on(n)]
    )
    measured = [(value, node) for node in nodes if (value := measure(node)) is not None]
    return sorted(measured, key=lambda pair: pair[0], reverse=True)


def winner(ranking: Ranking, what: str) -> str:
    """The id of the single highest node; ProbeError on a tie or an empty ranking."""
    if not ranking:
        raise ProbeError(f"no node of the plan has {what}")
    if len(ranking) > 1 and ranking[0][0] == ranking[1][0]:
        tied = ", ".join(node.id for value, node in ranking if value == ranking[0][0])
        raise ProbeError(f"nodes {tied} tie for the most {what}")
    return ranking[0][1].id


def timing_margin(plan: Plan, probe: Probe) -> float:
    """How many times the winner beats the runner-up (infinite with a single node)."""
    assert probe.ranking is not None
    ranking = probe.ranking(plan)
    if len(ranking) < 2:
        return float("inf")
    first, second = ranking[0][0], ranking[1][0]
    return float("inf") if second <= 0 else first / second


def _ranked(
    name: str, what: str, measure: Callable[[PlanNode], float | None], **flags: bool
) -> Probe:
    timing = flags.get("timing", False)

    def ranking(plan: Plan) -> Ranking:
        return rank(plan, measure, pass_through=timing)

    return Probe(
        name,
        "operator",
        lambda plan, _: winner(ranking(plan), what),
        timing=timing,
        ranking=ranking,
    )


def _on_node(
    name: str,
    answers: AnswerKind,
    read: Callable[[PlanNode], Answer],
    rule: str = "",
    decimals: int | None = None,
) -> Probe:
    def compute(plan: Plan, question: ProbeQuestion) -> Answer:
        if question.node is None:
            raise ProbeError(f"the probe {name} needs a node selector")
        return read(select_one(plan, question.node))

    return Probe(name, answers, compute, needs_node=True, rule=rule, decimals=decimals)


def _in_context(
    name: str, read: Callable[[Plan, PlanNode, tuple[str, ...]], Answer], rule: str = ""
) -> Probe:
    """A choice probe that reads the node in its plan and picks one of the ask's options."""

    def compute(plan: Plan, question: ProbeQuestion) -> Answer:
        if question.node is None:
            raise ProbeError(f"the probe {name} needs a node selector")
        return read(plan, select_one(plan, question.node), question.options)

    return Probe(name, "choice", compute, needs_node=True, rule=rule)


def _factor(node: PlanNode) -> float:
    return round(
        reads.required(misestimate(node), "an estimate and actual rows", node), FACTOR_DECIMALS
    )


FACTOR_RULE = (
    "The misestimate factor is the larger of estimated and actual rows (per loop) over the "
    f"smaller (taken as at least 1), rounded to {FACTOR_DECIMALS} decimal place; your answer "
    "is rounded the same way before it is compared."
)

PROBES: dict[str, Probe] = {
    probe.name: probe
    for probe in [
        _ranked("max_exclusive_time", "time of its own", lambda n: n.exclusive_ms, timing=True),
        _ranked(
            "max_inclusive_time", "time with its children", lambda n: n.inclusive_ms, timing=True
        ),
        _ranked("max_actual_rows", "rows out", lambda n: n.actual_rows),
        _ranked("worst_misestimate", "misestimated rows", misestimate),
        _on_node("selected_node", "operator", lambda node: node.id),
        _on_node("actual_rows", "number", reads.actual_rows),
        _on_node("estimated_rows", "number", reads.estimated_rows),
        _on_node("input_rows", "number", reads.input_rows),
        _on_node("misestimate_factor", "number", _factor, FACTOR_RULE, FACTOR_DECIMALS),
        _on_node("loops", "number", lambda node: float(node.loops)),
        _on_node("rows_removed_by_filter", "number", reads.rows_removed_by_filter),
        _on_node("shared_read_blocks", "number", lambda node: reads.blocks(node, "shared_read")),
        _on_node("temp_written_blocks", "number", lambda node: reads.blocks(node, "temp_written")),
        _on_node("node_type", "choice", lambda node: node.operator),
        _on_node("sort_method", "choice", reads.sort_method),
        _on_node("uses_index", "choice", reads.index_used),
        _in_context("filter_in_scan", reads.filter_in_scan, reads.FILTER_IN_SCAN_RULE),
        _in_context("hash_build_side", reads.hash_build_side),
    ]
}


def probe_named(name: str) -> Probe:
    if name not in PROBES:
        raise ProbeError(f"there is no probe {name!r}; known: {', '.join(sorted(PROBES))}")
    return PROBES[name]


def answer(plan: Plan, probe: str, question: ProbeQuestion) -> Answer:
    """The right answer to an ask with this probe on this plan; ProbeError when there is none."""
    return probe_named(probe).compute(plan, question)
