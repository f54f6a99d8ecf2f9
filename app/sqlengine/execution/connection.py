"""A hardened, read-only DuckDB connection: the second line of defence after validation."""

from __future__ import annotations

from dataclasses import dataclass
from pathlib import Path

import duckdb


@dataclass(frozen=True)
class Limits:
    """Resource limits for one query and for the worker process that runs it."""

    timeout_s: float = 5.0
    max_rows: int = 10_000
    max_result_bytes: int = 16 * 1024 * 1024
    memory_limit_mb: int = 512
    address_space_mb: int = 3072
    threads: int = 1
    runaway_after_s: float = 0.25  # a query still running then yields the CPU to quick ones
    watchdog_margin_s: float = 0.05  # after the limit, for the worker's interrupt to take effect


def hardened_config(limits: Limits) -> dict[str, str | bool | int | float | list[str]]:
    """DuckDB settings that close every door a query could use to leave the dataset."""
    return {
        "access_mode": "read_only",
        "enable_external_access": False,  # no files, no network, no ATTACH, no COPY
        "autoinstall_known_extensions": False,
        "autoload_known_extensions": False,
        "allow_community_extensions": False,
        "allow_unsigned_extensions": False,
        "temp_directory": "",  # never spill to disk
        "memory_limit": f"{limits.memory_limit_mb}MB",
        "threads": limits.threads,
        "python_enable_replacements": False,  # unknown table names never reach Python objects
        "lock_configuration": True,  # SET cannot undo any of the above
    }


def open_hardened(path: Path, limits: Limits) -> duckdb.DuckDBPyConnection:
    """Open a dataset file read-only with the hardened settings."""
    return duckdb.connect(str(path), read_only=True, config=hardened_config(limits))
