"""Where a plan was measured, as the database-depth pages say it: the engine's version, the day
it was recorded, and the settings that differ from PostgreSQL's defaults (every recorded
setting stays one click away)."""

from __future__ import annotations

import re
from typing import Any

_ENABLED = [
    "async_append",
    "bitmapscan",
    "gathermerge",
    "hashagg",
    "hashjoin",
    "incremental_sort",
    "indexonlyscan",
    "indexscan",
    "material",
    "memoize",
    "mergejoin",
    "nestloop",
    "parallel_append",
    "parallel_hash",
    "partition_pruning",
    "seqscan",
    "sort",
    "tidscan",
]
# PostgreSQL 15's defaults of the settings captures record: a plan's line names only the others.
_PG_DEFAULTS = {
    **{f"enable_{name}": "on" for name in _ENABLED},
    "enable_partitionwise_aggregate": "off",
    "enable_partitionwise_join": "off",
    "default_statistics_target": "100",
    "effective_cache_size": "4GB",
    "jit": "on",
    "max_parallel_workers_per_gather": "2",
    "random_page_cost": "4",
    "seq_page_cost": "1",
    "shared_buffers": "128MB",
    "work_mem": "4MB",
}
_VERSION = re.compile(r"^PostgreSQL \d+(\.\d+)?")


def settings_line(view: dict[str, Any]) -> dict[str, Any]:
    """Where the plan was measured, in one line (the engine's version, the day it was recorded,
    the settings that differ from PostgreSQL's defaults), and every recorded setting."""
    versions = dict(view.get("versions") or {})
    if view.get("version"):  # the index kind names its one engine's version alone
        versions["postgres"] = view["version"]
    named = [_version(key, str(value)) for key, value in versions.items() if value]
    settings = {str(k): str(v) for k, v in (view.get("settings") or {}).items()}
    changed = [f"{k} = {v}" for k, v in settings.items() if _PG_DEFAULTS.get(k) != v]
    return {
        "line": " · ".join([*named, *changed]),
        "all": [f"{key} = {value}" for key, value in settings.items()],
        "hidden": len(settings) - len(changed),
    }


def _version(key: str, value: str) -> str:
    if key == "captured_at":
        return f"recorded {value}"
    if key == "duckdb":
        return f"DuckDB {value}"
    found = _VERSION.match(value)
    return found.group(0) if found else value
