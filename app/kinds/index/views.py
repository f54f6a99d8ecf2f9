"""What an index question shows before it is answered (the query, the slow plan, the
statistics, the table's columns) and what solving or giving up reveals (the reference, the
plan with it, and a comparison computed from the two captures)."""

from __future__ import annotations

from collections.abc import Mapping
from pathlib import Path
from typing import Any

from app.kinds.index.captures import comparison, load_capture
from app.kinds.index.columns import capture_columns
from app.kinds.index.models import IndexQuestion
from app.plans.capture import ColumnStatistics, TableStatistics

COMMON_VALUES_SHOWN = 3


def public_details(
    question: IndexQuestion, captures_dir: Path, datasets_dir: Path
) -> dict[str, Any]:
    before = load_capture(captures_dir, question.before)
    table = question.accept.table
    return {
        "query": question.query,
        "engine": "postgres",
        "dataset": before.capture.dataset or "",
        "table": table,
        "plan": before.plan.model_dump(mode="json"),
        "statistics": question.statistics,
        "table_statistics": table_statistics(before.capture.statistics, table),
        "columns": capture_columns(before.capture, table, datasets_dir),
        "version": before.capture.version,
    }


def solution_details(question: IndexQuestion, captures_dir: Path) -> dict[str, Any]:
    before = load_capture(captures_dir, question.before)
    after = load_capture(captures_dir, question.after)
    return {
        "explanation": question.explanation,
        "reference": {
            "sql": question.reference.sql.strip(),
            "plan": after.plan.model_dump(mode="json"),
            "comparison": comparison(before.plan, after.plan, question.accept.table),
        },
    }


def table_statistics(statistics: Mapping[str, TableStatistics], table: str) -> dict[str, Any]:
    """The table's row count and, for the columns the query names, what pg_stats says: distinct
    values (a negative n_distinct is a share of the rows, shown as a count), the NULL share, the
    correlation with the physical order and the most common values."""
    recorded = statistics.get(table)
    if recorded is None:
        return {"table": table, "rows": None, "columns": []}
    return {
        "table": table,
        "rows": recorded.rows,
        "columns": [
            _column_statistics(name, stats, recorded.rows)
            for name, stats in sorted(recorded.columns.items())
        ],
    }


def _column_statistics(name: str, stats: ColumnStatistics, rows: int) -> dict[str, Any]:
    distinct = stats.n_distinct
    values = stats.most_common_vals or []
    shares = stats.most_common_freqs or []
    return {
        "column": name,
        "distinct": round(-distinct * rows) if distinct < 0 else distinct,
        "null_share": stats.null_frac,
        "correlation": stats.correlation,
        "most_common": [
            {"value": value, "share": share}
            for value, share in list(zip(values, shares, strict=False))[:COMMON_VALUES_SHOWN]
        ],
    }
