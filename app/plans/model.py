"""One normalised plan tree for a plan from either engine: the page renders it, probes read it.

Node ids are pre-order paths ("0", "0.0", "0.1.0"): stable for one plan shape, so a question
can name a node and the page can highlight it.
"""

from __future__ import annotations

from collections.abc import Iterator
from typing import Literal

from pydantic import BaseModel, ConfigDict, Field

Engine = Literal["duckdb", "postgres"]


class PlanNode(BaseModel):
    """One operator of a plan, with what the engine measured about it."""

    model_config = ConfigDict(extra="forbid", frozen=True)

    id: str = Field(pattern=r"^0(\.\d+)*$")
    operator: str  # the engine's own name: "Hash Join", "Seq Scan", "HASH_JOIN", "TABLE_SCAN"
    relation: str | None = None  # the table scanned
    index: str | None = None  # the index used (PostgreSQL)
    details: list[tuple[str, str]] = Field(default_factory=list)  # ("Filter", "(x = 1)"), ...
    estimated_rows: float | None = None  # the planner's estimate (PostgreSQL: per loop)
    actual_rows: float | None = None  # rows out, total over all loops
    loops: int = 1
    inclusive_ms: float | None = None  # this node and its children
    exclusive_ms: float | None = None  # this node alone (never below 0)
    buffers: dict[str, int] = Field(default_factory=dict)  # shared_hit, temp_written ...
    children: list[PlanNode] = Field(default_factory=list)

    def detail(self, name: str) -> str | None:
        """The first detail called `name`, or None."""
        return next((value for key, value in self.details if key == name), None)

    def walk(self) -> Iterator[PlanNode]:
        """This node and every node under it, in pre-order."""
        yield self
        for child in self.children:
            yield from child.walk()


class Plan(BaseModel):
    """A whole plan: the engine it came from, its tree and its overall timings."""

    model_config = ConfigDict(extra="forbid", frozen=True)

    engine: Engine
    root: PlanNode
    planning_ms: float | None = None
    execution_ms: float | None = None

    def nodes(self) -> list[PlanNode]:
        """Every node, in pre-order (the root first)."""
        return list(self.root.walk())

    def node(self, node_id: str) -> PlanNode:
        """The node with this id; KeyError when the plan has none."""
        for candidate in self.root.walk():
            if candidate.id == node_id:
                return candidate
        raise KeyError(f"the plan has no node {node_id!r}")

    def misestimate(self, node: PlanNode) -> float | None:
        """The node's misestimate factor (see `misestimate`)."""
        return misestimate(node)


def misestimate(node: PlanNode) -> float | None:
    """How far the estimate was off, as a factor >= 1 either way: max(a, e) / max(min(a, e), 1).
    PostgreSQL estimates per loop, so the estimate is compared with the actual rows per loop.
    None when the node has no estimate or no measured rows."""
    if node.estimated_rows is None or node.actual_rows is None:
        return None
    actual = node.actual_rows / max(node.loops, 1)
    estimate = node.estimated_rows
    return max(actual, estimate) / max(min(actual, estimate), 1.0)


def child_id(parent_id: str, position: int) -> str:
    """The pre-order path of a parent's child at `position`."""
    return f"{parent_id}.{position}"
