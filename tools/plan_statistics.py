"""What a plan capture records beside the plan: the settings and the planner's statistics.

The statistics are those the planner read for the query: for each table it names, the row
count and pg_stats of the columns the query mentions (n_distinct, null_frac, correlation and
the most common values with their frequencies), so a question can show why the planner chose
what it chose.
"""

from __future__ import annotations

from typing import Any

import sqlglot
from sqlglot import expressions as exp

from tools.plan_datasets import Connection

SETTINGS = (
    "work_mem",
    "random_page_cost",
    "seq_page_cost",
    "effective_cache_size",
    "shared_buffers",
    "max_parallel_workers_per_gather",
    "jit",
    "default_statistics_target",
)
_STATS_SQL = """
SELECT attname, n_distinct, null_frac, correlation,
       array_to_json(most_common_vals::text::text[]), array_to_json(most_common_freqs)
FROM pg_stats
WHERE schemaname = %s AND tablename = %s AND attname = ANY(%s)
ORDER BY attname
"""


def read_settings(conn: Connection) -> dict[str, str]:
    """The planner settings that shape plans (every enable_* among them), as SHOW prints them."""
    rows = conn.execute(
        "SELECT name, current_setting(name) FROM pg_settings"
        " WHERE name = ANY(%s) OR name LIKE 'enable\\_%%' ORDER BY name",
        [list(SETTINGS)],
    ).fetchall()
    return {str(name): str(value) for name, value in rows}


def query_tables(conn: Connection, query: str) -> list[str]:
    """Tables of the search path the query reads (a CTE's name is not one), in name order."""
    tree = sqlglot.parse_one(query, read="postgres")
    ctes = {cte.alias_or_name for cte in tree.find_all(exp.CTE)}
    names = sorted({table.name for table in tree.find_all(exp.Table)} - ctes)
    return [name for name in names if _is_table(conn, name)]


def query_columns(query: str) -> list[str]:
    tree = sqlglot.parse_one(query, read="postgres")
    return sorted({column.name for column in tree.find_all(exp.Column)})


def read_statistics(conn: Connection, schema: str, query: str) -> dict[str, Any]:
    """Per table of the query: its row count and the pg_stats of the columns the query uses."""
    columns = query_columns(query)
    return {
        table: {
            **_row_counts(conn, schema, table),
            "columns": _column_stats(conn, schema, table, columns),
        }
        for table in query_tables(conn, query)
    }


def _is_table(conn: Connection, name: str) -> bool:
    row = conn.execute(
        "SELECT c.relkind IN ('r', 'm', 'p') FROM pg_class c WHERE c.oid = to_regclass(%s)",
        [f'"{name}"'],
    ).fetchone()
    return bool(row and row[0])


def _row_counts(conn: Connection, schema: str, table: str) -> dict[str, Any]:
    """The exact row count, and what pg_class tells the planner (reltuples -1: never analysed)."""
    qualified = f'"{schema}"."{table}"'
    count = conn.execute(f"SELECT count(*) FROM {qualified}").fetchone()
    stored = conn.execute(
        "SELECT reltuples, relpages FROM pg_class WHERE oid = to_regclass(%s)", [qualified]
    ).fetchone()
    rows = int(count[0]) if count else 0
    reltuples, relpages = (float(stored[0]), int(stored[1])) if stored else (None, None)
    return {"rows": rows, "reltuples": reltuples, "relpages": relpages}


def _column_stats(
    conn: Connection, schema: str, table: str, columns: list[str]
) -> dict[str, dict[str, Any]]:
    rows = conn.execute(_STATS_SQL, [schema, table, columns]).fetchall()
    return {
        str(name): {
            "n_distinct": n_distinct,
            "null_frac": null_frac,
            "correlation": correlation,
            "most_common_vals": values,
            "most_common_freqs": freqs,
        }
        for name, n_distinct, null_frac, correlation, values, freqs in rows
    }
