"""A candidate's progress as pure rules over plain values: which questions are solved, which
topics keep going wrong, and where in a round each attempt came (for the summary's chart)."""

from __future__ import annotations

from collections import Counter
from collections.abc import Iterable, Mapping, Sequence
from dataclasses import dataclass

from app.bank.models import Question
from app.kinds.outcome import is_solved
from app.rounds.rules import AttemptFacts, RoundFacts

SOLVED, ATTEMPTED = "solved", "attempted"


def question_marks(scores: Iterable[tuple[str, float]]) -> dict[str, str]:
    """Per question id (from its attempts' scores): solved once any attempt had full marks,
    else attempted."""
    marks: dict[str, str] = {}
    for question_id, score in scores:
        if is_solved(score) or marks.get(question_id) != SOLVED:
            marks[question_id] = SOLVED if is_solved(score) else ATTEMPTED
    return marks


@dataclass(frozen=True)
class TopicGap:
    topic: str
    unsolved: int  # questions of this topic attempted and not solved yet
    attempted: int


def weak_topics(
    marks: Mapping[str, str], questions: Mapping[str, Question], *, limit: int = 5
) -> list[TopicGap]:
    """Topics of questions attempted but not solved, the most unsolved first."""
    unsolved: Counter[str] = Counter()
    attempted: Counter[str] = Counter()
    for question_id, mark in marks.items():
        for topic in questions[question_id].topics if question_id in questions else ():
            attempted[topic] += 1
            unsolved[topic] += mark != SOLVED
    gaps = [TopicGap(t, unsolved[t], attempted[t]) for t in attempted if unsolved[t]]
    return sorted(gaps, key=lambda g: (-g.unsolved, g.topic))[:limit]


@dataclass(frozen=True)
class Mark:
    at_pct: float  # where on the round's clock, 0-100
    elapsed_s: float
    status: str
    late: bool


@dataclass(frozen=True)
class TimelineRow:
    question_id: str
    marks: list[Mark]
    solved_pct: float | None  # the first counted solving answer, if any


def timeline(round_: RoundFacts, attempts: Sequence[AttemptFacts]) -> list[TimelineRow]:
    """Each question's attempts placed on the round's clock; late ones sit at its end."""
    span = max(1.0, (round_.deadline_at - round_.started_at).total_seconds())
    rows = []
    for question_id in round_.question_ids:
        own = [a for a in attempts if a.question_id == question_id]
        marks = [_mark(a, span) for a in own]
        solving = (m.at_pct for a, m in zip(own, marks, strict=True) if _counts_solved(a))
        rows.append(TimelineRow(question_id, marks, next(solving, None)))
    return rows


def _counts_solved(attempt: AttemptFacts) -> bool:
    return is_solved(attempt.score) and not attempt.late


def _mark(attempt: AttemptFacts, span: float) -> Mark:
    elapsed = attempt.elapsed_s_in_round or 0.0
    at = 100.0 if attempt.late else min(100.0, 100.0 * elapsed / span)
    return Mark(round(at, 2), elapsed, attempt.status, attempt.late)
