"""A round's plan of stages as pure rules over stored facts: each stage's clock, the current
stage, where an answer belongs and whether it is late. The server's clock is passed in.

Stage k starts when stage k-1 ends: at its deadline, or earlier when the candidate advanced.
A round finished early ends every stage not over by then.
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass
from datetime import datetime, timedelta
from typing import Literal, Protocol

StageStatus = Literal["upcoming", "current", "over"]


class StageFacts(Protocol):
    name: str
    question_ids: list[str]
    time_limit_s: int
    ended_at: datetime | None  # when the candidate advanced past it, before its deadline


class StagedRoundFacts(Protocol):
    started_at: datetime
    finished_at: datetime | None

    @property
    def stages(self) -> Sequence[StageFacts]: ...


@dataclass(frozen=True)
class StageClock:
    position: int
    name: str
    question_ids: list[str]
    time_limit_s: int
    started_at: datetime
    deadline_at: datetime  # start + budget
    ends_at: datetime  # the deadline, or when it was advanced past or the round finished
    status: StageStatus
    remaining_s: float


class StageRuleError(Exception):
    """An answer, hint or advance the plan does not allow; `code` names the reason."""

    def __init__(self, code: str, message: str) -> None:
        super().__init__(message)
        self.code = code


@dataclass(frozen=True)
class Placement:
    """Where an answer in a round belongs."""

    stage: int
    late: bool
    elapsed_s_in_round: float


@dataclass(frozen=True)
class StageSpan:
    started_at: datetime
    deadline_at: datetime  # start + budget
    ends_at: datetime  # the deadline, or when it was advanced past or the round finished


def stage_spans(round_: StagedRoundFacts) -> list[StageSpan]:
    """When each stage starts and ends: these depend on stored facts only, not on `now`."""
    spans, start = [], round_.started_at
    for stage in round_.stages:
        deadline = start + timedelta(seconds=stage.time_limit_s)
        ends = min(_known(stage.ended_at, deadline), _known(round_.finished_at, deadline))
        ends = max(ends, start)  # a round finished before this stage began: it never ran
        spans.append(StageSpan(start, deadline, ends))
        start = ends
    return spans


def stage_clocks(round_: StagedRoundFacts, now: datetime) -> list[StageClock]:
    """Every stage's start, deadline, end and status at `now`."""
    return [
        _clock(position, stage, span, now)
        for position, (stage, span) in enumerate(
            zip(round_.stages, stage_spans(round_), strict=True)
        )
    ]


def _known(moment: datetime | None, otherwise: datetime) -> datetime:
    return otherwise if moment is None else moment


def _clock(position: int, stage: StageFacts, span: StageSpan, now: datetime) -> StageClock:
    start, ends = span.started_at, span.ends_at
    status: StageStatus = "over" if now >= ends else ("upcoming" if now < start else "current")
    left = {"over": 0.0, "upcoming": float(stage.time_limit_s)}.get(status)
    remaining = (ends - now).total_seconds() if left is None else left
    return StageClock(
        position=position,
        name=stage.name,
        question_ids=list(stage.question_ids),
        time_limit_s=stage.time_limit_s,
        started_at=start,
        deadline_at=span.deadline_at,
        ends_at=ends,
        status=status,
        remaining_s=remaining,
    )


def current_stage(clocks: Sequence[StageClock]) -> StageClock | None:
    """The stage running now; None once the round is over."""
    return next((c for c in clocks if c.status == "current"), None)


def round_ends_at(clocks: Sequence[StageClock]) -> datetime:
    """When the last stage ends, as far as is known now (the round's deadline)."""
    return clocks[-1].ends_at


def place_answer(round_: StagedRoundFacts, question_id: str, now: datetime) -> Placement:
    """The current stage if it holds the question (on time); else the latest stage holding it
    that is over (late). A question only in stages still to come cannot be answered yet."""
    clocks = stage_clocks(round_, now)
    holding = [c for c in clocks if question_id in c.question_ids]
    if not holding:
        raise StageRuleError("not_in_round", f"Question {question_id!r} is not part of this round.")
    elapsed = (now - round_.started_at).total_seconds()
    current = current_stage(clocks)
    if current is not None and current in holding:
        return Placement(current.position, False, elapsed)
    ended = [c for c in holding if c.status == "over"]
    if not ended:
        raise StageRuleError("stage_not_started", "That question's stage has not started yet.")
    # A stage cut to nothing by an early finish never ran: late work belongs to one that did.
    ran = [c for c in ended if c.ends_at > c.started_at] or ended[:1]
    return Placement(ran[-1].position, True, elapsed)


def hints_open(round_: StagedRoundFacts, question_id: str, now: datetime) -> bool:
    """Hints stay open while any stage holding the question is not over."""
    return any(
        c.status != "over" for c in stage_clocks(round_, now) if question_id in c.question_ids
    )


def check_advance(clocks: Sequence[StageClock], leaving: int) -> StageClock:
    """The stage the candidate may leave now: only the current one, so that a second click or
    a stale tab cannot skip a stage."""
    if not 0 <= leaving < len(clocks):
        raise StageRuleError("validation_error", f"This round has no stage {leaving}.")
    current = current_stage(clocks)
    if current is None:
        raise StageRuleError("round_expired", "The round is over.")
    if leaving < current.position:
        raise StageRuleError("stage_already_over", f"Stage {leaving} is over already.")
    if leaving > current.position:
        raise StageRuleError("stage_not_started", f"Stage {leaving} has not started yet.")
    return current
