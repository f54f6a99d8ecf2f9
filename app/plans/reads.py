"""What the probes read off one node of a plan, in either engine's terms."""

from __future__ import annotations

from app.plans.errors import ProbeError
from app.plans.model import Plan, PlanNode

# Operators whose rows out are only their input's rows handed on: never "the operator that
# produced the most rows" (DuckDB's projections; PostgreSQL's Hash under a Hash Join).
PASS_THROUGH = frozenset({"PROJECTION", "Hash"})
SCAN_FILTERS = ("Filter", "Filters")  # PostgreSQL's and DuckDB's names for a scan's filter
FILTER_OPERATORS = frozenset({"FILTER"})  # a separate filter operator (DuckDB)
HASH_JOINS = frozenset({"Hash Join", "HASH_JOIN"})
FILTER_IN_SCAN_RULE = (
    "A filter ran inside the scan when the scan itself lists it (PostgreSQL's Filter, DuckDB's "
    "Filters); otherwise a separate filter operator above the scan applies it."
)


def required(value: float | None, what: str, node: PlanNode) -> float:
    if value is None:
        raise ProbeError(f"node {node.id} ({node.operator}) has no {what}")
    return value


def passes_rows_on(node: PlanNode) -> bool:
    return node.operator in PASS_THROUGH and len(node.children) == 1


def actual_rows(node: PlanNode) -> float:
    return required(node.actual_rows, "actual rows (was it run with ANALYZE?)", node)


def estimated_rows(node: PlanNode) -> float:
    return required(node.estimated_rows, "estimated rows", node)


def input_rows(node: PlanNode) -> float:
    """The rows the node's children handed it, all together."""
    if not node.children:
        raise ProbeError(f"node {node.id} ({node.operator}) has no input: it reads a table")
    return sum(actual_rows(child) for child in node.children)


def rows_removed_by_filter(node: PlanNode) -> float:
    """PostgreSQL's count (reported per loop: the total over the loops); for DuckDB, the rows
    a scan read less the rows it kept, or a filter operator's input less its output."""
    reported = node.detail("Rows Removed by Filter")
    if reported is not None:
        return float(reported) * node.loops
    scanned = node.detail("Rows Scanned")
    if scanned is not None and _scan_filter(node) is not None:
        return float(scanned) - actual_rows(node)
    if node.operator in FILTER_OPERATORS:
        return input_rows(node) - actual_rows(node)
    raise ProbeError(f"node {node.id} ({node.operator}) removes no rows by a filter")


def blocks(node: PlanNode, counter: str) -> float:
    if counter not in node.buffers:
        raise ProbeError(f"node {node.id} ({node.operator}) has no {counter} buffer count")
    return float(node.buffers[counter])


def sort_method(node: PlanNode) -> str:
    """PostgreSQL's sort method, without the space it took ("external merge")."""
    method = node.detail("Sort Method")
    if method is None:
        raise ProbeError(f"node {node.id} ({node.operator}) reports no sort method")
    return method.split("  ", 1)[0]


def index_used(node: PlanNode) -> str:
    """The index the node reads (for a bitmap heap scan, its bitmap index scan's), or "none"."""
    if node.index is not None:
        return node.index
    below = [child.index for child in node.children if child.index is not None]
    if len(below) > 1:
        raise ProbeError(f"node {node.id} combines the indexes {', '.join(below)}")
    return below[0] if below else "none"


def filter_in_scan(plan: Plan, node: PlanNode, options: tuple[str, ...]) -> str:
    """The first option (inside) when the scan lists a filter, the second (separate) when a
    filter operator right above it applies one."""
    inside, separate = _two(options, "filter_in_scan")
    if _scan_filter(node) is not None:
        return inside
    parent = _parent(plan, node)
    if parent is not None and parent.operator in FILTER_OPERATORS:
        return separate
    raise ProbeError(f"node {node.id} ({node.operator}) is filtered neither inside nor above")


def hash_build_side(plan: Plan, node: PlanNode, options: tuple[str, ...]) -> str:
    """The table the hash table is built from: the join's second child (PostgreSQL's Hash
    node, DuckDB's right side), read down to the one table scanned there."""
    if node.operator not in HASH_JOINS or len(node.children) != 2:
        raise ProbeError(f"node {node.id} ({node.operator}) is not a hash join")
    tables = sorted({n.relation for n in node.children[1].walk() if n.relation is not None})
    if len(tables) != 1:
        raise ProbeError(f"the build side of node {node.id} reads {len(tables)} tables, not one")
    return tables[0]


def _scan_filter(node: PlanNode) -> str | None:
    return next((value for key in SCAN_FILTERS if (value := node.detail(key)) is not None), None)


def _parent(plan: Plan, node: PlanNode) -> PlanNode | None:
    parent_id = node.id.rpartition(".")[0]
    return plan.node(parent_id) if parent_id else None


def _two(options: tuple[str, ...], probe: str) -> tuple[str, str]:
    if len(options) != 2:
        raise ProbeError(f"the probe {probe} needs two options: yes first, then no")
    return options[0], options[1]
