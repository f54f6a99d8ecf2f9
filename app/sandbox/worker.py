"""The loop inside a worker process: start the handler under hard limits, answer jobs.

A job that ignores every limit of its own (some single expressions allocate past DuckDB's
`memory_limit` and never check `interrupt()`) takes down only this process, which the pool then
replaces.
"""

from __future__ import annotations

import pickle
import resource
from multiprocessing.connection import Connection
from typing import Any

from app.sandbox.handler import JobHandler
from app.sandbox.limits import SandboxLimits
from app.sandbox.signals import OUT_OF_MEMORY, READY, TOO_LARGE, Signals


def serve(conn: Connection, handler: JobHandler[Any, Any], limits: SandboxLimits) -> None:
    """Worker entry point: cap the address space, then answer jobs until the pipe closes."""
    cap = limits.address_space_mb * 1024 * 1024
    resource.setrlimit(resource.RLIMIT_AS, (cap, cap))
    answer = handler.start()
    signals = Signals(conn.send_bytes)
    conn.send_bytes(READY)
    while True:
        try:
            job = pickle.loads(conn.recv_bytes())
        except EOFError:
            return
        try:
            payload = pickle.dumps(answer(job, signals), protocol=pickle.HIGHEST_PROTOCOL)
        except MemoryError:  # the handler did not catch it: the worker is replaced
            payload = OUT_OF_MEMORY
        conn.send_bytes(TOO_LARGE if len(payload) > limits.max_result_bytes else payload)
