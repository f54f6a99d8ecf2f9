"""Naming a node of a plan: by its id, or by what it is (operator, table, index)."""

from __future__ import annotations

from dataclasses import dataclass

from app.plans.errors import ProbeError
from app.plans.model import Plan, PlanNode


@dataclass(frozen=True)
class Selector:
    """Every field given must match; a selector of a question must match exactly one node."""

    id: str | None = None
    operator: str | None = None
    relation: str | None = None
    index: str | None = None

    def matches(self, node: PlanNode) -> bool:
        wanted = (self.id, self.operator, self.relation, self.index)
        actual = (node.id, node.operator, node.relation, node.index)
        return all(want is None or want == have for want, have in zip(wanted, actual, strict=True))

    def __str__(self) -> str:
        fields = ("id", "operator", "relation", "index")
        given = [f"{name} = {getattr(self, name)!r}" for name in fields if getattr(self, name)]
        return "{" + ", ".join(given) + "}"


def matching(plan: Plan, selector: Selector) -> list[PlanNode]:
    return [node for node in plan.nodes() if selector.matches(node)]


def select_one(plan: Plan, selector: Selector) -> PlanNode:
    """The one node the selector names; ProbeError when it names none or several."""
    found = matching(plan, selector)
    if len(found) != 1:
        ids = ", ".join(node.id for node in found) or "none"
        raise ProbeError(f"the selector {selector} matches {len(found)} nodes ({ids}), not one")
    return found[0]
