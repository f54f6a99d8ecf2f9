"""Why a sandboxed job has no answer: each error names the limit it hit, in neutral words.

The caller (the SQL engine, a coding round) says it again in its candidate's terms; `code` is
stable, so that it can map errors without reading messages.
"""

from __future__ import annotations


class SandboxError(Exception):
    """A job stopped by a limit of the sandbox; its worker is replaced unless said otherwise."""

    code = "sandbox_error"


class JobTimeout(SandboxError):
    """The job ran past its time limit (it had no CPU left to notice, or stopped when told)."""

    code = "timeout"

    def __init__(self, limit_s: float) -> None:
        super().__init__(f"The job ran longer than {limit_s:g} s and was stopped.")
        self.limit_s = limit_s


class ResourceLimit(SandboxError):
    """The job needed more than the sandbox allows."""

    code = "resource_limit"


class IgnoredInterrupt(ResourceLimit):
    """Told to stop at its time limit, the job kept computing until the watchdog killed it."""

    def __init__(self, limit_s: float) -> None:
        super().__init__(f"The job did not stop at the {limit_s:g} s limit and was killed.")
        self.limit_s = limit_s


class OutOfMemory(ResourceLimit):
    """The job's allocation failed against the worker's address-space limit."""

    def __init__(self) -> None:
        super().__init__("The job needed more memory than the sandbox allows.")


class WorkerDied(ResourceLimit):
    """The worker process ended during the job (an allocation that aborts, a signal)."""

    def __init__(self) -> None:
        super().__init__("The worker died while running the job (most likely out of memory).")


class AnswerTooLarge(SandboxError):
    """The job's answer is larger than `max_result_bytes`; its worker is kept."""

    code = "too_large"

    def __init__(self, limit_bytes: int) -> None:
        super().__init__(f"The answer is larger than {limit_bytes:,} bytes.")
        self.limit_bytes = limit_bytes
