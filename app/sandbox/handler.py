"""The plug of the sandbox: what a kind of job (SQL, a coding round's code) provides.

A handler is a picklable object. Each new worker receives a copy and calls `start` once, after
its address space is capped; `start` opens what jobs need (files, connections, caches) and
returns the function that answers one job. Jobs and answers are pickled across the pipe, so
they should be plain data.

The sandbox times every job, kills and replaces a worker that overruns or dies, and caps its
memory and its answer's size; it never looks inside a job. Interrupting a job at its time limit
is the handler's part (it knows how: DuckDB's `interrupt()`, a flag, a signal), and so is
saying so with `Signals.interrupted`.
"""

from __future__ import annotations

from collections.abc import Callable
from typing import Protocol, TypeVar

from app.sandbox.signals import Signals

JobT_contra = TypeVar("JobT_contra", contravariant=True)
AnswerT_co = TypeVar("AnswerT_co", covariant=True)


class JobHandler(Protocol[JobT_contra, AnswerT_co]):
    """What runs inside a pool's workers."""

    @property
    def preload(self) -> str:
        """A module the fork server imports before it forks any worker: the handler's heavy
        imports, so that a replacement worker starts in milliseconds."""
        ...

    def start(self) -> Callable[[JobT_contra, Signals], AnswerT_co]:
        """Called inside each new worker: get ready, and return what answers one job."""
        ...
