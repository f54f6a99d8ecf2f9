"""A round's plan of stages as pure rules over stored facts: each stage's clock, the current
stage, where an answer belongs and whether it is late. The server's clock is passed in.

Stage k starts when stage k-1 ends. At a strict pace a stage ends at its deadline, or earlier
when the candidate advanced. At a soft pace it stays current past its budget (going over is
marked, not blocked) until the candidate advances; the round's hard end, twice its budgets,
ends every stage still open so that an abandoned round does not run forever. A round finished
early ends every stage not over by then.
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass
from datetime import datetime, timedelta
from typing import Literal, Protocol

StageStatus = Literal["upcoming", "current", "over"]
Pace = Literal["strict", "soft"]
SOFT_HARD_END_FACTOR = 2  # a soft round ends at the latest after twice its budgets


class StageFacts(Protocol):
    name: str
    question_ids: list[str]
    time_limit_s: int
    ended_at: datetime | None  # when the candidate advanced past it
    section: str | None  # the section of its question an answer must be for (a kind's id)


class StagedRoundFacts(Protocol):
    started_at: datetime
    finished_at: datetime | None
    pace: str  # a Pace: strict or soft

    @property
    def stages(self) -> Sequence[StageFacts]: ...


@dataclass(frozen=True)
class StageClock:
    position: int
    name: str
    question_ids: list[str]
    section: str | None
    time_limit_s: int
    started_at: datetime
    deadline_at: datetime  # start + budget
    ends_at: datetime  # when it ends at the latest, as far as is known
    status: StageStatus
    remaining_s: float  # of its budget
    over_budget_s: float  # how far past its budget it ran (soft pace only; else 0)


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
    ends_at: datetime  # when it ends at the latest, as far as is known


def hard_end(started_at: datetime, budgets_s: Sequence[int], pace: str) -> datetime:
    """When a plan ends at the latest: its budgets summed at a strict pace, twice that at a
    soft one."""
    factor = SOFT_HARD_END_FACTOR if pace == "soft" else 1
    return started_at + timedelta(seconds=factor * sum(budgets_s))


def stage_spans(round_: StagedRoundFacts) -> list[StageSpan]:
    """When each stage starts and ends: these depend on stored facts only, not on `now`.
    A stage not advanced past ends at its deadline (strict) or at the round's hard end (soft)."""
    latest = hard_end(round_.started_at, [s.time_limit_s for s in round_.stages], round_.pace)
    spans, start = [], round_.started_at
    for stage in round_.stages:
        deadline = start + timedelta(seconds=stage.time_limit_s)
        natural = latest if round_.pace == "soft" else deadline
        ends = min(_known(stage.ended_at, natural), _known(round_.finished_at, natural), natural)
        ends = max(ends, start)  # a round finished before this stage began: it never ran
        spans.append(StageSpan(start, deadline, ends))
        start = ends
    return spans


def stage_clocks(round_: StagedRoundFacts, now: datetime) -> list[StageClock]:
    """Every stage's start, deadline, end, status and time over budget at `now`."""
    clocks: list[StageClock] = []
    for position, (stage, span) in enumerate(zip(round_.stages, stage_spans(round_), strict=True)):
        status = _status(span, now)
        if status == "upcoming" and clocks:
            span = _projected(span, clocks[-1].deadline_at, stage, now)
        clocks.append(_clock(position, stage, span, status, now))
    return clocks


def _known(moment: datetime | None, otherwise: datetime) -> datetime:
    return otherwise if moment is None else moment


def _status(span: StageSpan, now: datetime) -> StageStatus:
    return "over" if now >= span.ends_at else ("upcoming" if now < span.started_at else "current")


def _projected(span: StageSpan, before: datetime, stage: StageFacts, now: datetime) -> StageSpan:
    """An upcoming stage as it would run if the stage before it ended at its deadline `before`,
    or now if that is later (a soft stage may run past its budget)."""
    start = max(before, now)
    return StageSpan(start, start + timedelta(seconds=stage.time_limit_s), span.ends_at)


def _clock(
    position: int, stage: StageFacts, span: StageSpan, status: StageStatus, now: datetime
) -> StageClock:
    budget_left = (min(span.deadline_at, span.ends_at) - now).total_seconds()
    left = {"over": 0.0, "upcoming": float(stage.time_limit_s)}.get(status, max(0.0, budget_left))
    return StageClock(
        position=position,
        name=stage.name,
        question_ids=list(stage.question_ids),
        section=stage.section,
        time_limit_s=stage.time_limit_s,
        started_at=span.started_at,
        deadline_at=span.deadline_at,
        ends_at=span.ends_at,
        status=status,
        remaining_s=left,
        over_budget_s=max(0.0, (min(now, span.ends_at) - span.deadline_at).total_seconds()),
    )


def current_stage(clocks: Sequence[StageClock]) -> StageClock | None:
    """The stage running now; None once the round is over."""
    return next((c for c in clocks if c.status == "current"), None)


def round_ends_at(clocks: Sequence[StageClock]) -> datetime:
    """When the last stage ends, as far as is known now (the round's deadline)."""
    return clocks[-1].ends_at


def place_answer(
    round_: StagedRoundFacts, question_id: str, now: datetime, section: str | None = None
) -> Placement:
    """The current stage if it holds the question (on time); else the latest stage holding it
    that is over (late). A question only in stages still to come cannot be answered yet.
    An answer for a section (a kind that names it) belongs only to stages of that section."""
    clocks = stage_clocks(round_, now)
    holding = [c for c in clocks if question_id in c.question_ids]
    if not holding:
        raise StageRuleError("not_in_round", f"Question {question_id!r} is not part of this round.")
    if section is not None:
        holding = [c for c in holding if c.section == section]
        if not holding:
            detail = f"No stage of this round holds section {section!r} of {question_id!r}."
            raise StageRuleError("not_in_round", detail)
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
