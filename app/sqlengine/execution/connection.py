"""A hardened, read-only DuckDB connection: the second line of defence after validation."""

from __future__ import annotations

from dataclasses import dataclass
from pathlib import Path

import duckdb

from app.sandbox.limits import SandboxLimits


@dataclass(frozen=True)
class Limits(SandboxLimits):
    """Resource limits for one query; the worker process's own (time, address space, answer
    size) are the sandbox's."""

    max_rows: int = 10_000
    memory_limit_mb: int = 512
    threads: int = 1


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
