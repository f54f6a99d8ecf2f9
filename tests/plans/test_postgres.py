"""parse_postgres on real PostgreSQL 15 plans (tests/fixtures/plans/postgres/), each against
the tree written down for it in tests/fixtures/plans/postgres_trees.toml."""

from __future__ import annotations

import json
import tomllib
from pathlib import Path
from typing import Any

import pytest

from app.plans.errors import PlanFormatError
from app.plans.model import Plan, PlanNode
from app.plans.postgres import display_name, parse_postgres

FIXTURES = Path(__file__).parents[1] / "fixtures" / "plans"
CASES = tomllib.loads((FIXTURES / "postgres_trees.toml").read_text())["plans"]


def load(name: str) -> Plan:
    return parse_postgres(json.loads((FIXTURES / "postgres" / f"{name}.json").read_text()))


def line(node: PlanNode) -> str:
    fields = [node.id, node.operator, node.relation, node.index]
    rows = [f"{node.estimated_rows:g}", f"{node.actual_rows:g}", str(node.loops)]
    return " | ".join([*(field or "-" for field in fields), *rows])


@pytest.mark.parametrize("case", CASES, ids=[case["plan"] for case in CASES])
def test_tree(case: dict[str, Any]) -> None:
    plan = load(case["plan"])
    assert plan.engine == "postgres"
    assert [line(node) for node in plan.nodes()] == case["nodes"]


@pytest.mark.parametrize("case", CASES, ids=[case["plan"] for case in CASES])
def test_details_and_buffers(case: dict[str, Any]) -> None:
    plan = load(case["plan"])
    for node_id, details in case.get("details", {}).items():
        shown = [pair for pair in plan.node(node_id).details if pair[0] != "Cost"]
        assert [list(pair) for pair in shown] == details
    for node_id, buffers in case.get("buffers", {}).items():
        assert {k: plan.node(node_id).buffers[k] for k in buffers} == buffers


@pytest.mark.parametrize("case", CASES, ids=[case["plan"] for case in CASES])
def test_times_add_up(case: dict[str, Any]) -> None:
    """A node's own time is its total less its children's; the root's total is the whole."""
    plan = load(case["plan"])
    assert plan.planning_ms is not None and plan.execution_ms is not None
    for node in plan.nodes():
        assert node.inclusive_ms is not None and node.exclusive_ms is not None
        below = sum(child.inclusive_ms or 0 for child in node.children)
        assert node.exclusive_ms == pytest.approx(max(node.inclusive_ms - below, 0))


def test_totals_are_over_loops() -> None:
    """The inner index scan ran 55 times, a row and 0.001 ms each: the tree keeps the totals."""
    inner = load("index-nested-loop").node("0.1")
    raw = json.loads((FIXTURES / "postgres" / "index-nested-loop.json").read_text())
    per_loop = raw[0]["Plan"]["Plans"][1]
    assert inner.actual_rows == per_loop["Actual Rows"] * 55
    assert inner.inclusive_ms == pytest.approx(per_loop["Actual Total Time"] * 55)


@pytest.mark.parametrize(
    ("raw", "name"),
    [
        ({"Node Type": "Aggregate", "Strategy": "Plain"}, "Aggregate"),
        ({"Node Type": "Aggregate", "Strategy": "Sorted"}, "GroupAggregate"),
        ({"Node Type": "Aggregate", "Strategy": "Hashed", "Partial Mode": "Partial"},
         "Partial HashAggregate"),
        ({"Node Type": "Seq Scan", "Parallel Aware": True}, "Parallel Seq Scan"),
        ({"Node Type": "SetOp", "Strategy": "Hashed"}, "HashSetOp"),
    ],
)  # fmt: skip
def test_display_name(raw: dict[str, Any], name: str) -> None:
    assert display_name(raw) == name


def test_plain_explain_has_no_measurements() -> None:
    plan = parse_postgres([{"Plan": {"Node Type": "Result", "Plan Rows": 1}}])
    assert plan.root.actual_rows is None and plan.root.exclusive_ms is None
    assert plan.root.loops == 1 and plan.execution_ms is None


@pytest.mark.parametrize("document", [[], {}, [{"Plan": {}}], [{"Query": 1}], "x"])
def test_not_a_plan(document: Any) -> None:
    with pytest.raises(PlanFormatError):
        parse_postgres(document)
