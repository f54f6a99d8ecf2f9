"""What travels on a worker's pipe besides jobs and answers.

An answer is a pickle (it starts with b"\\x80"); every other message starts with a zero byte, so
the two never meet.
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass

READY = b"\x00ready"  # the worker has started its handler
JOB_STARTED = b"\x00job started"  # the timed part of the job starts now
INTERRUPTED = b"\x00interrupted"  # the job was told to stop at its limit
OUT_OF_MEMORY = b"\x00out of memory"  # instead of an answer: the handler raised MemoryError
TOO_LARGE = b"\x00too large"  # instead of an answer: it exceeded `max_result_bytes`
PROGRESS = (JOB_STARTED, INTERRUPTED)


@dataclass(frozen=True)
class Signals:
    """How a running job talks to the watchdog; both calls are optional."""

    send: Callable[[bytes], None]

    def started(self) -> None:
        """The watchdog's clock restarts now: a job made of steps (a reference query, then the
        candidate's) gives each step the whole time limit."""
        self.send(JOB_STARTED)

    def interrupted(self) -> None:
        """The job's own timer told it to stop at the limit. A job that keeps computing after
        this is killed as a resource limit, not a timeout: it ignores interrupts."""
        self.send(INTERRUPTED)
