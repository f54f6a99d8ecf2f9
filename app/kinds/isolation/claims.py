"""An option of an ask: a claim about one step's outcome, matched against the outcome and
written out in words. A claim says whether the step blocks (and until which step), whether it
fails (and with which SQLSTATE), and may pin its rows, the rows it changed or its command tag;
what it leaves out is not claimed."""

from __future__ import annotations

from pydantic import Field, model_validator

from app.bank.models import Strict
from app.kinds.isolation.scenario import Statement, StepOutcome, Value

ERROR_NAMES = {
    "40001": "serialization failure",
    "40P01": "deadlock detected",
    "23505": "unique violation",
    "25P02": "transaction aborted",
    "55P03": "lock not available",
}
COMMAND_TEXTS = {"COMMIT": "commits", "ROLLBACK": "reports ROLLBACK: it rolls back"}
VERBS = {"INSERT": "inserts", "UPDATE": "updates", "DELETE": "deletes", "MERGE": "changes"}


class Claim(Strict):
    blocked_until: int | None = Field(default=None, ge=1)  # None: it does not block
    error: str | None = Field(default=None, pattern=r"^[0-9A-Z]{5}$")  # None: it succeeds
    rows: list[list[Value]] | None = None
    affected: int | None = Field(default=None, ge=0)
    command: str | None = None

    @model_validator(mode="after")
    def _failure_has_no_result(self) -> Claim:
        if self.error and (self.rows is not None or self.affected is not None or self.command):
            raise ValueError("a claim that the step fails cannot also claim its result")
        return self


def matches(claim: Claim, outcome: StepOutcome) -> bool:
    """Whether the outcome is what the claim says: blocking and failure always, the rest when
    the claim names it."""
    failed = outcome.error.sqlstate if outcome.error else None
    return (
        claim.blocked_until == outcome.blocked_until
        and claim.error == failed
        and claim.rows in (None, outcome.rows)
        and claim.affected in (None, outcome.affected)
        and claim.command in (None, outcome.command)
    )


def claim_text(claim: Claim, steps: list[Statement], step: int) -> str:
    """The claim in words, as the option reads: "blocks until step 5 (A's COMMIT), then
    returns (90)"."""
    result = _result_text(claim, steps[step - 1].sql)
    if claim.blocked_until is None:
        return result
    until = claim.blocked_until
    releaser = steps[until - 1]
    said = f"{releaser.session}'s {releaser.sql.split(maxsplit=1)[0].upper()}"
    return f"blocks until step {until} ({said}), then {result}"


def outcome_text(outcome: StepOutcome, steps: list[Statement], step: int) -> str:
    """The whole outcome in words, for the timeline once the answer is in."""
    text = claim_text(full_claim(outcome, steps[step - 1].sql), steps, step)
    if outcome.error is None or outcome.error.message == ERROR_NAMES.get(outcome.error.sqlstate):
        return text
    return f'{text}: "{outcome.error.message}"'


def full_claim(outcome: StepOutcome, sql: str) -> Claim:
    """The claim that says all that matters of an outcome: its rows, else the rows it changed,
    else its command tag when that is not the statement's own (COMMIT answered ROLLBACK)."""
    if outcome.error:
        return Claim(blocked_until=outcome.blocked_until, error=outcome.error.sqlstate)
    if outcome.rows is not None:
        return Claim(blocked_until=outcome.blocked_until, rows=outcome.rows)
    if outcome.affected is not None:
        return Claim(blocked_until=outcome.blocked_until, affected=outcome.affected)
    own = outcome.command == sql.split(maxsplit=1)[0].upper()
    return Claim(blocked_until=outcome.blocked_until, command=None if own else outcome.command)


def _result_text(claim: Claim, sql: str) -> str:
    if claim.error:
        name = ERROR_NAMES.get(claim.error)
        return f"fails with {claim.error}" + (f" ({name})" if name else "")
    said = []
    if claim.rows is not None:
        said.append(f"returns {rows_text(claim.rows)}")
    if claim.affected is not None:
        said.append(_affected_text(claim.affected, sql))
    if claim.command is not None:
        said.append(COMMAND_TEXTS.get(claim.command, f"reports {claim.command}"))
    return ", ".join(said) or "succeeds"


def _affected_text(count: int, sql: str) -> str:
    verb = VERBS.get(sql.split(maxsplit=1)[0].upper(), "changes")
    return f"{verb} {count} row{'' if count == 1 else 's'}"


def rows_text(rows: list[list[Value]]) -> str:
    if not rows:
        return "no rows"
    return ", ".join("(" + ", ".join(value_text(v) for v in row) + ")" for row in rows)


def value_text(value: Value) -> str:
    if isinstance(value, bool):
        return "true" if value else "false"
    if isinstance(value, str):
        return "'" + value.replace("'", "''") + "'"
    return str(value)
