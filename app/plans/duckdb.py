"""DuckDB's `EXPLAIN (ANALYZE, FORMAT JSON)` (DuckDB 2.0) as the common plan tree.

DuckDB's profile gives each operator its own time ("timing", seconds, this operator alone) and
the rows it produced ("operator_cardinality", or "intermediate_rows" in 2.0); the planner's
estimate is a string under extra_info["Estimated Cardinality"]. The wrappers the profiler adds
around every query (RESULT_COLLECTOR, EXPLAIN_ANALYZE) are not part of the query's plan.
"""

from __future__ import annotations

from typing import Any

from app.plans.errors import PlanFormatError
from app.plans.model import Plan, PlanNode, child_id

WRAPPERS = frozenset({"RESULT_COLLECTOR", "EXPLAIN_ANALYZE", "QUERY"})
ESTIMATE = "Estimated Cardinality"
PLANNING_PHASES = ("planner", "optimizer", "physical_planner")
# Counters of a scan worth reading beside its rows out, labelled as DuckDB's text profile does.
SCANNED_ROWS, SCANNED_GROUPS, GROUPS_TO_SCAN = (
    "rows_scanned",
    "row_groups_scanned",
    "total_row_groups_to_scan",
)


def parse_duckdb(document: Any) -> Plan:
    """The plan of one profile: the JSON object DuckDB returns. Raises PlanFormatError when the
    document is not such a profile."""
    if not isinstance(document, dict) or not isinstance(document.get("operator"), list):
        raise PlanFormatError('not a DuckDB JSON profile: expected {"operator": [...]}')
    tops = _unwrapped(document["operator"])
    if len(tops) != 1:
        raise PlanFormatError(f"a DuckDB profile with {len(tops)} root operators, not one")
    return Plan(
        engine="duckdb",
        root=_node(tops[0], "0"),
        planning_ms=_planning_ms(document),
        execution_ms=_seconds_as_ms(document.get("query", {}).get("total_time")),
    )


def _unwrapped(operators: list[Any]) -> list[dict[str, Any]]:
    """The query's own top operators, below the profiler's wrappers."""
    found: list[dict[str, Any]] = []
    for operator in operators:
        if not isinstance(operator, dict) or "type" not in operator:
            raise PlanFormatError('a DuckDB operator without a "type"')
        if operator["type"] in WRAPPERS:
            found += _unwrapped(operator.get("children", []))
        else:
            found.append(operator)
    return found


def _node(raw: dict[str, Any], node_id: str) -> PlanNode:
    if "type" not in raw:
        raise PlanFormatError(f'DuckDB operator {node_id} has no "type"')
    children = [
        _node(child, child_id(node_id, i)) for i, child in enumerate(raw.get("children", []))
    ]
    own = _seconds_as_ms(raw.get("timing"))
    extra = raw.get("extra_info", {})
    return PlanNode(
        id=node_id,
        operator=str(raw["type"]),
        relation=_relation(extra),
        details=_details(raw, extra),
        estimated_rows=_estimate(extra),
        actual_rows=_rows_out(raw),
        inclusive_ms=_inclusive_ms(own, children),
        exclusive_ms=None if own is None else max(own, 0.0),
        children=children,
    )


def _relation(extra: dict[str, Any]) -> str | None:
    """ "shop.main.orders" -> "orders": the table, without its catalog and schema."""
    table = extra.get("Table")
    return str(table).rsplit(".", 1)[-1] if table else None


def _details(raw: dict[str, Any], extra: dict[str, Any]) -> list[tuple[str, str]]:
    details = [
        (key, _text(value)) for key, value in extra.items() if key not in (ESTIMATE, "Table")
    ]
    if raw.get("name") and raw["name"] != raw["type"]:
        details.insert(0, ("Name", str(raw["name"])))
    return details + _scan_counters(raw)


def _scan_counters(raw: dict[str, Any]) -> list[tuple[str, str]]:
    """("Rows Scanned", "20000"), ("Row Groups Scanned", "1 / 11") when the scan reports them."""
    counters = []
    if SCANNED_ROWS in raw:
        counters.append(("Rows Scanned", str(raw[SCANNED_ROWS])))
    if SCANNED_GROUPS in raw:
        total = f" / {raw[GROUPS_TO_SCAN]}" if GROUPS_TO_SCAN in raw else ""
        counters.append(("Row Groups Scanned", f"{raw[SCANNED_GROUPS]}{total}"))
    return counters


def _estimate(extra: dict[str, Any]) -> float | None:
    value = extra.get(ESTIMATE)
    try:
        return None if value is None else float(str(value).replace(",", ""))
    except ValueError:
        raise PlanFormatError(f"an estimated cardinality that is not a number: {value!r}") from None


def _rows_out(raw: dict[str, Any]) -> float | None:
    rows = raw.get("operator_cardinality", raw.get("intermediate_rows"))
    return None if rows is None else float(rows)


def _inclusive_ms(own: float | None, children: list[PlanNode]) -> float | None:
    if own is None:
        return None
    return max(own, 0.0) + sum(child.inclusive_ms or 0.0 for child in children)


def _planning_ms(document: dict[str, Any]) -> float | None:
    phases = [document.get(name, {}).get("total_time") for name in PLANNING_PHASES]
    known = [float(seconds) for seconds in phases if seconds is not None]
    return sum(known) * 1000 if known else None


def _seconds_as_ms(seconds: Any) -> float | None:
    return None if seconds is None else float(seconds) * 1000


def _text(value: Any) -> str:
    return ", ".join(str(item) for item in value) if isinstance(value, list) else str(value)
