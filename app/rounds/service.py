"""Rounds over the store: start one, read it with its clock and per-question status, finish it,
sum it up. Routes call these; they take a session and the server's clock."""

from __future__ import annotations

from collections.abc import Callable, Sequence
from dataclasses import dataclass, field
from datetime import datetime

from sqlalchemy.orm import Session

from app.bank.models import Difficulty, Question
from app.rounds.plan import (
    Pace,
    StageRuleError,
    check_advance,
    hard_end,
    round_ends_at,
    stage_clocks,
)
from app.rounds.rules import QuestionResult, RoundSummary, pick_questions, summarize
from app.store import (
    NewStage,
    Round,
    attempts_for_round,
    create_staged_round,
    end_stage_early,
    finish_round,
    move_deadline,
)


class RoundError(Exception):
    """A round request that cannot be honoured (unknown questions, an empty recipe)."""


@dataclass(frozen=True)
class StageRecipe:
    """A stage as asked for: given questions, or `count` picked by topics and difficulty."""

    name: str
    time_limit_s: int
    kind: str  # the kind of question a recipe picks
    question_ids: list[str] | None = None
    count: int | None = None
    topics: list[str] = field(default_factory=list)
    difficulty: Difficulty | None = None
    section: str | None = None  # the section of its questions that answers in it are for


SectionsOf = Callable[[Question], list[str] | None]  # None: the question's kind has none


def no_sections(question: Question) -> list[str] | None:
    return None


def start_round(
    session: Session,
    *,
    questions: dict[str, Question],
    user_id: int,
    stages: Sequence[StageRecipe],
    now: datetime,
    pace: Pace = "strict",
    sections_of: SectionsOf = no_sections,
) -> Round:
    """A round whose stages run one after another, each over its own questions, at a strict
    or soft pace (app/rounds/plan.py)."""
    planned = [_plan_stage(stage, questions, sections_of) for stage in stages]
    ends = hard_end(now, [stage.time_limit_s for stage in planned], pace)
    return create_staged_round(
        session, user_id=user_id, stages=planned, now=now, pace=pace, deadline_at=ends
    )


def _plan_stage(
    stage: StageRecipe, questions: dict[str, Question], sections_of: SectionsOf
) -> NewStage:
    chosen = stage.question_ids or pick_questions(
        questions.values(),
        kind=stage.kind,
        count=stage.count or 3,
        topics=stage.topics,
        difficulty=stage.difficulty,
    )
    unknown = [q for q in chosen if q not in questions]
    if unknown:
        raise RoundError(f"Unknown questions: {', '.join(unknown)}.")
    if not chosen:
        raise RoundError("No question matches those topics and difficulty; widen the recipe.")
    if stage.section is not None:
        _check_section(stage, [questions[q] for q in chosen], sections_of)
    return NewStage(stage.name, list(dict.fromkeys(chosen)), stage.time_limit_s, stage.section)


def _check_section(stage: StageRecipe, chosen: list[Question], sections_of: SectionsOf) -> None:
    """A stage's section must be a section of each of its questions whose kind has sections
    (a kind without them answers as if the stage had none)."""
    for question in chosen:
        known = sections_of(question)
        if known is not None and stage.section not in known:
            raise RoundError(
                f"Stage {stage.name!r}: {question.id!r} has no section {stage.section!r} "
                f"(its sections: {', '.join(known)})."
            )


def advance(session: Session, *, round_: Round, leaving: int, now: datetime) -> Round:
    """Leave the current stage now (StageRuleError unless `leaving` is it); leaving the last
    stage finishes the round."""
    stage = check_advance(stage_clocks(round_, now), leaving)
    if stage.position == len(round_.stages) - 1:
        return finish_round(session, round_=round_, now=now)
    if not end_stage_early(session, round_=round_, position=stage.position, now=now):
        raise StageRuleError("stage_already_over", f"Stage {leaving} is over already.")
    return move_deadline(
        session, round_=round_, deadline_at=round_ends_at(stage_clocks(round_, now))
    )


def round_summary(
    session: Session, *, round_: Round, questions: dict[str, Question]
) -> RoundSummary:
    return summarize(round_, attempts_for_round(session, round_id=round_.id), questions)


def question_rows(
    results: Sequence[QuestionResult], questions: dict[str, Question]
) -> list[dict[str, object]]:
    """Per-question lines for the API, with titles."""
    return [_row(r, questions.get(r.question_id)) for r in results]


def _row(result: QuestionResult, question: Question | None) -> dict[str, object]:
    return {
        "question_id": result.question_id,
        "title": question.title if question else result.question_id,
        "status": result.status,
        "attempts": result.attempts,
        "late_attempts": result.late_attempts,
        "hints_used": result.hints_used,
        "first_correct_s": result.first_correct_s,
    }
