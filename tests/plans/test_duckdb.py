"""parse_duckdb on real DuckDB 2.0.1 profiles (tests/fixtures/plans/duckdb/), each against the
tree written down for it in tests/fixtures/plans/duckdb_trees.toml."""

from __future__ import annotations

import json
import tomllib
from pathlib import Path
from typing import Any

import pytest

from app.plans.duckdb import parse_duckdb
from app.plans.errors import PlanFormatError
from app.plans.model import Plan, PlanNode

FIXTURES = Path(__file__).parents[1] / "fixtures" / "plans"
CASES = tomllib.loads((FIXTURES / "duckdb_trees.toml").read_text())["plans"]


def raw(name: str) -> dict[str, Any]:
    document: dict[str, Any] = json.loads((FIXTURES / "duckdb" / f"{name}.json").read_text())
    return document


def load(name: str) -> Plan:
    return parse_duckdb(raw(name))


def line(node: PlanNode) -> str:
    rows = f"{node.estimated_rows:g} | {node.actual_rows:g}"
    return f"{node.id} | {node.operator} | {node.relation or '-'} | {rows}"


@pytest.mark.parametrize("case", CASES, ids=[case["plan"] for case in CASES])
def test_tree(case: dict[str, Any]) -> None:
    plan = load(case["plan"])
    assert plan.engine == "duckdb"
    assert [line(node) for node in plan.nodes()] == case["nodes"]
    for node_id, details in case.get("details", {}).items():
        assert [list(pair) for pair in plan.node(node_id).details] == details


@pytest.mark.parametrize("case", CASES, ids=[case["plan"] for case in CASES])
def test_times(case: dict[str, Any]) -> None:
    """DuckDB's timing is the operator's own; the tree adds the children's for the total."""
    plan = load(case["plan"])
    assert plan.execution_ms == pytest.approx(raw(case["plan"])["query"]["total_time"] * 1000)
    assert plan.planning_ms is not None and plan.planning_ms > 0
    for node in plan.nodes():
        assert node.loops == 1 and node.buffers == {}
        below = sum(child.inclusive_ms or 0 for child in node.children)
        assert node.inclusive_ms == pytest.approx((node.exclusive_ms or 0) + below)


def test_wrappers_are_skipped() -> None:
    document = raw("many-to-many")
    assert [op["type"] for op in document["operator"]] == ["RESULT_COLLECTOR"]
    assert load("many-to-many").root.operator == "HASH_JOIN"


def test_operator_cardinality_is_the_rows_out_when_given() -> None:
    document = {"operator": [{"type": "TABLE_SCAN", "operator_cardinality": 7, "timing": 0.001}]}
    assert parse_duckdb(document).root.actual_rows == 7


@pytest.mark.parametrize(
    "document",
    [
        [],
        {"operator": {}},
        {"operator": []},
        {"operator": [{"name": "X"}]},
        {"operator": [{"type": "A"}, {"type": "B"}]},
        {"operator": [{"type": "A", "extra_info": {"Estimated Cardinality": "many"}}]},
    ],
)
def test_not_a_profile(document: Any) -> None:
    with pytest.raises(PlanFormatError):
        parse_duckdb(document)
