"""A walkthrough as its page rebuilds it after a reload: per stage its plan, its clock, the
latest graded answer's feedback, and (only once the stage is over) its reference; the overall
level once every stage has feedback. Built from the round's stored facts and attempts."""

from __future__ import annotations

from collections.abc import Sequence
from datetime import datetime
from typing import Any

from pydantic import BaseModel, Field

from app.feedback.model import LevelEstimate, SectionFeedback
from app.feedback.offline import overall_level
from app.kinds.design.models import STAGE_TITLES, DesignQuestion, DesignStage
from app.rounds.plan import StageClock, current_stage, stage_clocks
from app.store import Attempt, Round


class WalkAttemptOut(BaseModel):
    attempt_id: int
    status: str
    score: float
    late: bool
    submitted_at: str


class WalkReferenceOut(BaseModel):
    answer: str = Field(description="A strong answer to the stage (Markdown).")
    diagram: str | None = Field(description="The reference Mermaid diagram (architecture).")
    senior_adds: str = Field(description="What a strong senior answer adds (Markdown).")
    follow_ups: list[str]


class WalkStageOut(BaseModel):
    position: int
    section: str
    title: str
    guiding_questions: list[str]
    budget_s: int
    status: str = Field(description="upcoming, current or over, on the server's clock.")
    used_s: float = Field(description="Time spent in the stage so far (all of it once over).")
    over_budget_s: float
    attempt: WalkAttemptOut | None = Field(description="The latest graded answer to the stage.")
    feedback: SectionFeedback | None
    diagram: dict[str, Any] | None = Field(description="The grader's reading of the diagram.")
    reference: WalkReferenceOut | None = Field(description="Only once the stage is over.")


class WalkthroughOut(BaseModel):
    question_id: str
    round_id: str
    over: bool
    current_stage: int | None
    stages: list[WalkStageOut]
    level: LevelEstimate | None = Field(description="Once every stage has feedback.")


def walkthrough(
    question: DesignQuestion, round_: Round, attempts: Sequence[Attempt], now: datetime
) -> WalkthroughOut:
    """The walkthrough of `question` in `round_` at `now`, from the round's `attempts` at it."""
    clocks = stage_clocks(round_, now)
    latest = latest_by_section(attempts)
    stages = [
        _stage(question.stage(section), clock, latest.get(section), now)
        for clock, section in zip(clocks, _sections(question, clocks), strict=True)
    ]
    running = current_stage(clocks)
    return WalkthroughOut(
        question_id=question.id,
        round_id=round_.id,
        over=running is None,
        current_stage=running.position if running else None,
        stages=stages,
        level=_level(stages),
    )


def latest_by_section(attempts: Sequence[Attempt]) -> dict[str, Attempt]:
    """Each stage's latest graded answer (attempts come in submission order)."""
    return {str(a.answer.get("stage")): a for a in attempts if _feedback_of(a) is not None}


def _sections(question: DesignQuestion, clocks: Sequence[StageClock]) -> list[Any]:
    """The stage each round stage is for: a walkthrough's round runs the six in order."""
    return [question.stages[c.position].name for c in clocks]


def _stage(
    stage: DesignStage, clock: StageClock, attempt: Attempt | None, now: datetime
) -> WalkStageOut:
    ran = clock.status != "upcoming"
    used = _seconds(clock.started_at, min(now, clock.ends_at)) if ran else 0.0
    return WalkStageOut(
        position=clock.position,
        section=stage.name,
        title=STAGE_TITLES[stage.name],
        guiding_questions=stage.guiding_questions,
        budget_s=clock.time_limit_s,
        status=clock.status,
        used_s=round(used, 3),
        over_budget_s=round(max(0.0, used - clock.time_limit_s), 3),
        attempt=_attempt(attempt),
        feedback=_feedback_of(attempt) if attempt else None,
        diagram=attempt.details.get("diagram") if attempt else None,
        reference=_reference(stage) if clock.status == "over" else None,
    )


def _seconds(start: datetime, end: datetime) -> float:
    return max(0.0, (end - start).total_seconds())


def _attempt(attempt: Attempt | None) -> WalkAttemptOut | None:
    if attempt is None:
        return None
    return WalkAttemptOut(
        attempt_id=attempt.id,
        status=attempt.status,
        score=attempt.score,
        late=attempt.late,
        submitted_at=attempt.submitted_at.isoformat(),
    )


def _feedback_of(attempt: Attempt) -> SectionFeedback | None:
    feedback = attempt.details.get("feedback")
    return SectionFeedback.model_validate(feedback) if feedback else None


def _reference(stage: DesignStage) -> WalkReferenceOut:
    return WalkReferenceOut(
        answer=stage.reference,
        diagram=stage.reference_diagram,
        senior_adds=stage.senior_adds,
        follow_ups=stage.follow_ups,
    )


def _level(stages: Sequence[WalkStageOut]) -> LevelEstimate | None:
    sections = [stage.feedback for stage in stages]
    if any(section is None for section in sections):
        return None
    return overall_level([s for s in sections if s is not None])
