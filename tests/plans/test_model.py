"""The plan tree's helpers: ids in pre-order, lookup, the misestimate factor."""

from __future__ import annotations

import pytest
from pydantic import ValidationError

from app.plans.model import Plan, PlanNode, misestimate


def node(node_id: str, *children: PlanNode, **fields: float | int | None) -> PlanNode:
    return PlanNode.model_validate({"id": node_id, "operator": "X", **fields, "children": children})


PLAN = Plan(engine="duckdb", root=node("0", node("0.0", node("0.0.0")), node("0.1")))


def test_nodes_in_pre_order() -> None:
    assert [n.id for n in PLAN.nodes()] == ["0", "0.0", "0.0.0", "0.1"]


def test_node_by_id() -> None:
    assert PLAN.node("0.0.0").id == "0.0.0"
    with pytest.raises(KeyError):
        PLAN.node("0.2")


@pytest.mark.parametrize(
    ("estimated", "actual", "loops", "factor"),
    [
        (10, 2000, 1, 200.0),  # under-estimated
        (2000, 10, 1, 200.0),  # over-estimated: the same factor
        (0, 5, 1, 5.0),  # an estimate of 0 counts as 1
        (1, 55, 55, 1.0),  # per loop: one row each of 55 loops, as estimated
        (7, 7, 1, 1.0),
        (None, 7, 1, None),
        (7, None, 1, None),
    ],
)
def test_misestimate(
    estimated: float | None, actual: float | None, loops: int, factor: float | None
) -> None:
    subject = node("0", estimated_rows=estimated, actual_rows=actual, loops=loops)
    assert misestimate(subject) == factor
    assert Plan(engine="postgres", root=subject).misestimate(subject) == factor


def test_ids_are_paths() -> None:
    with pytest.raises(ValidationError):
        node("1.0")


def test_frozen() -> None:
    with pytest.raises(ValidationError):
        PLAN.root.operator = "Y"  # type: ignore[misc]
