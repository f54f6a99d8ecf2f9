"""PostgreSQL's `EXPLAIN (ANALYZE, BUFFERS, FORMAT JSON)` as the common plan tree.

PostgreSQL reports a node's times and rows per loop ("Actual Total Time" is inclusive of its
children); the tree keeps the totals over all loops, and a node's own time is its total less
its children's, never below zero. Buffers are kept as reported: inclusive of the children.
"""

from __future__ import annotations

from typing import Any

from app.plans.errors import PlanFormatError
from app.plans.model import Plan, PlanNode, child_id

# Fields the tree holds elsewhere (or that say nothing a reader needs), not as details.
STRUCTURAL = frozenset(
    {
        "Node Type", "Plans", "Relation Name", "Index Name", "Schema", "Plan Rows", "Plan Width",
        "Actual Rows", "Actual Loops", "Actual Total Time", "Actual Startup Time",
        "Startup Cost", "Total Cost", "Parallel Aware", "Async Capable", "Strategy",
        "Partial Mode", "Sort Space Used", "Sort Space Type", "Workers",
    }
)  # fmt: skip
BUFFER_AREAS = ("Shared", "Local", "Temp")
AGGREGATE_NAMES = {"Hashed": "HashAggregate", "Sorted": "GroupAggregate", "Mixed": "MixedAggregate"}
SETOP_NAMES = {"Hashed": "HashSetOp"}


def parse_postgres(document: Any) -> Plan:
    """The plan of one EXPLAIN (FORMAT JSON) result: the list PostgreSQL returns, or its one
    element. Raises PlanFormatError when the document is not such a plan."""
    top = document[0] if isinstance(document, list) and len(document) == 1 else document
    if not isinstance(top, dict) or not isinstance(top.get("Plan"), dict):
        raise PlanFormatError('not a PostgreSQL JSON plan: expected [{"Plan": {...}}]')
    return Plan(
        engine="postgres",
        root=_node(top["Plan"], "0"),
        planning_ms=_number(top.get("Planning Time")),
        execution_ms=_number(top.get("Execution Time")),
    )


def _node(raw: dict[str, Any], node_id: str) -> PlanNode:
    if "Node Type" not in raw:
        raise PlanFormatError(f'plan node {node_id} has no "Node Type"')
    children = [_node(child, child_id(node_id, i)) for i, child in enumerate(raw.get("Plans", []))]
    loops = int(raw.get("Actual Loops", 1))
    inclusive = _total_ms(raw, loops)
    return PlanNode(
        id=node_id,
        operator=display_name(raw),
        relation=raw.get("Relation Name"),
        index=raw.get("Index Name"),
        details=_details(raw),
        estimated_rows=_number(raw.get("Plan Rows")),
        actual_rows=_total_rows(raw, loops),
        loops=loops,
        inclusive_ms=inclusive,
        exclusive_ms=_exclusive_ms(inclusive, children),
        buffers=_buffers(raw),
        children=children,
    )


def display_name(raw: dict[str, Any]) -> str:
    """The operator's name as EXPLAIN's text format shows it: "HashAggregate",
    "Parallel Seq Scan", "Partial GroupAggregate"."""
    name = str(raw["Node Type"])
    strategy = str(raw.get("Strategy", ""))
    if name == "Aggregate":
        name = AGGREGATE_NAMES.get(strategy, name)
    elif name == "SetOp":
        name = SETOP_NAMES.get(strategy, name)
    if raw.get("Partial Mode") in ("Partial", "Finalize"):
        name = f"{raw['Partial Mode']} {name}"
    return f"Parallel {name}" if raw.get("Parallel Aware") else name


def _total_ms(raw: dict[str, Any], loops: int) -> float | None:
    per_loop = _number(raw.get("Actual Total Time"))
    return None if per_loop is None else per_loop * loops


def _total_rows(raw: dict[str, Any], loops: int) -> float | None:
    per_loop = _number(raw.get("Actual Rows"))
    return None if per_loop is None else per_loop * loops


def _exclusive_ms(inclusive: float | None, children: list[PlanNode]) -> float | None:
    if inclusive is None:
        return None
    below = sum(child.inclusive_ms or 0.0 for child in children)
    return max(inclusive - below, 0.0)


def _details(raw: dict[str, Any]) -> list[tuple[str, str]]:
    """Everything else PostgreSQL said about the node, in its order, as text; the sort method
    carries its space as the text format prints it ("external merge  Disk: 5120kB")."""
    details = [
        (key, _text(value))
        for key, value in raw.items()
        if key not in STRUCTURAL
        and not _is_buffer_key(key)
        and not key.startswith("I/O ")
        and not (key == "Alias" and value == raw.get("Relation Name"))
    ]
    if "Startup Cost" in raw and "Total Cost" in raw:
        details.append(("Cost", f"{raw['Startup Cost']}..{raw['Total Cost']}"))
    return [_with_sort_space(raw, key, value) for key, value in details]


def _with_sort_space(raw: dict[str, Any], key: str, value: str) -> tuple[str, str]:
    if key != "Sort Method" or "Sort Space Type" not in raw:
        return key, value
    return key, f"{value}  {raw['Sort Space Type']}: {raw.get('Sort Space Used', '?')}kB"


def _buffers(raw: dict[str, Any]) -> dict[str, int]:
    """ "Shared Read Blocks": 12 -> {"shared_read": 12}, for every area PostgreSQL reports."""
    return {
        key.removesuffix(" Blocks").lower().replace(" ", "_"): int(value)
        for key, value in raw.items()
        if _is_buffer_key(key)
    }


def _is_buffer_key(key: str) -> bool:
    return key.endswith(" Blocks") and key.split(" ", 1)[0] in BUFFER_AREAS


def _text(value: Any) -> str:
    if isinstance(value, bool):
        return "true" if value else "false"
    if isinstance(value, list):
        return ", ".join(_text(item) for item in value)
    return str(value)


def _number(value: Any) -> float | None:
    return None if value is None else float(value)
