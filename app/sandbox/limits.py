"""The limits every sandboxed job runs under, whatever the job is."""

from __future__ import annotations

from dataclasses import dataclass


@dataclass(frozen=True)
class SandboxLimits:
    """Time and memory limits of one job and of the worker process that runs it.

    A handler with limits of its own (SQL: rows, DuckDB's memory) extends this class, so that
    one object configures both the pool and the handler.
    """

    timeout_s: float = 5.0
    max_result_bytes: int = 16 * 1024 * 1024  # a job's answer, pickled, as it crosses the pipe
    address_space_mb: int = 3072  # RLIMIT_AS of each worker process
    runaway_after_s: float = 0.25  # a job still running then yields the CPU to quick ones
    watchdog_margin_s: float = 0.05  # after the limit, for the worker's interrupt to take effect
