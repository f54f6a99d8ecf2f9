"""Every limit the sandbox reports reaches the candidate as a SQL error with its stable code."""

from __future__ import annotations

import pytest

from app.sandbox.errors import (
    AnswerTooLarge,
    IgnoredInterrupt,
    JobTimeout,
    OutOfMemory,
    SandboxError,
    WorkerDied,
)
from app.sqlengine.execution.connection import Limits
from app.sqlengine.execution.workers import SANDBOX_ERRORS, in_sql_terms

LIMITS = Limits(timeout_s=2.0, max_result_bytes=16 * 1024 * 1024)
CASES: dict[str, tuple[SandboxError, str, str]] = {
    "timeout": (JobTimeout(2.0), "sql_timeout", "ran longer than 2 s"),
    "ignored interrupt": (IgnoredInterrupt(2.0), "sql_resource_limit", "did not stop at the 2 s"),
    "out of memory": (OutOfMemory(), "sql_resource_limit", "more memory than practice allows"),
    "worker died": (WorkerDied(), "sql_resource_limit", "more memory than practice allows"),
    "too large": (AnswerTooLarge(LIMITS.max_result_bytes), "sql_result_too_large", "16 MiB"),
}


@pytest.mark.parametrize(("error", "code", "says"), CASES.values(), ids=CASES.keys())
def test_a_sandbox_error_in_sql_terms(error: SandboxError, code: str, says: str) -> None:
    sql_error = in_sql_terms(error, LIMITS)
    assert sql_error.code == code and says in sql_error.message


def test_every_sandbox_error_that_can_be_raised_has_sql_words() -> None:
    """The errors the sandbox raises are the leaves of its hierarchy; each has an entry."""
    assert _leaves(SandboxError) == set(SANDBOX_ERRORS) == {type(c[0]) for c in CASES.values()}


def _leaves(error: type[SandboxError]) -> set[type[SandboxError]]:
    below = error.__subclasses__()
    return set().union(*map(_leaves, below)) if below else {error}
