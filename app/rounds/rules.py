"""Timed rounds, as pure rules over plain values: time left, lateness, choosing questions and
summing up. The server's clock is always passed in, never read here."""

from __future__ import annotations

import random
from collections import Counter
from collections.abc import Iterable, Mapping, Sequence
from dataclasses import dataclass, field
from datetime import datetime
from typing import Protocol

from app.bank.models import Difficulty, Question
from app.kinds.outcome import is_solved
from app.rounds.plan import StageFacts, stage_spans


class RoundFacts(Protocol):
    question_ids: list[str]
    started_at: datetime
    deadline_at: datetime
    finished_at: datetime | None
    pace: str  # a Pace (app/rounds/plan.py)

    @property
    def stages(self) -> Sequence[StageFacts]: ...


class AttemptFacts(Protocol):
    question_id: str
    status: str

    @property
    def score(self) -> float:
        """Full marks solve the question, whatever its kind."""
        ...

    late: bool
    hints_used: int
    elapsed_s_in_round: float | None
    stage: int | None


def remaining_s(round_: RoundFacts, now: datetime) -> float:
    """Seconds left on the clock: zero once finished or past the deadline."""
    end = min(round_.deadline_at, round_.finished_at or round_.deadline_at)
    return max(0.0, (end - now).total_seconds())


def is_over(round_: RoundFacts, now: datetime) -> bool:
    return round_.finished_at is not None or now >= round_.deadline_at


def pick_questions(
    questions: Iterable[Question],
    *,
    kind: str,
    count: int,
    topics: Sequence[str] = (),
    difficulty: Difficulty | None = None,
    rng: random.Random | None = None,
) -> list[str]:
    """`count` question ids of `kind` matching the recipe (any of the topics, the
    difficulty): a timed SQL round never draws a system-design prompt."""
    wanted = {t.lower() for t in topics}
    pool = sorted(
        q.id
        for q in questions
        if q.kind == kind
        and (not wanted or wanted & {t.lower() for t in q.topics})
        and (difficulty is None or q.difficulty == difficulty)
    )
    return (rng or random.Random()).sample(pool, min(count, len(pool)))


@dataclass
class QuestionResult:
    question_id: str
    status: str  # correct (solved), attempted or untouched (late work does not count)
    attempts: int
    late_attempts: int
    hints_used: int
    first_correct_s: float | None
    topics: list[str] = field(default_factory=list)


@dataclass
class StageResult:
    """A stage's questions, counting only the answers that belong to this stage; times to a
    first correct answer are on the stage's own clock."""

    position: int
    name: str
    questions: list[QuestionResult]


@dataclass
class RoundSummary:
    score: int
    out_of: int
    questions: list[QuestionResult]  # over the whole round, on the round's clock
    topics_to_work_on: list[str]
    stages: list[StageResult] = field(default_factory=list)


def summarize(
    round_: RoundFacts, attempts: Sequence[AttemptFacts], questions: Mapping[str, Question]
) -> RoundSummary:
    """Per question: verdict, time to first correct answer, attempts and hints; then the topics
    of the questions not solved in time, most frequent first."""
    results = [
        _result(qid, [a for a in attempts if a.question_id == qid], questions.get(qid))
        for qid in round_.question_ids
    ]
    weak = Counter(t for r in results if r.status != "correct" for t in r.topics)
    return RoundSummary(
        score=sum(r.status == "correct" for r in results),
        out_of=len(results),
        questions=results,
        topics_to_work_on=[topic for topic, _ in weak.most_common()],
        stages=_stage_results(round_, attempts, questions),
    )


def _stage_results(
    round_: RoundFacts, attempts: Sequence[AttemptFacts], questions: Mapping[str, Question]
) -> list[StageResult]:
    results = []
    for position, (stage, span) in enumerate(zip(round_.stages, stage_spans(round_), strict=True)):
        offset_s = (span.started_at - round_.started_at).total_seconds()
        own = [a for a in attempts if a.stage == position]
        rows = [
            _result(qid, [a for a in own if a.question_id == qid], questions.get(qid), offset_s)
            for qid in stage.question_ids
        ]
        results.append(StageResult(position, stage.name, rows))
    return results


def _result(
    question_id: str,
    attempts: Sequence[AttemptFacts],
    question: Question | None,
    offset_s: float = 0.0,
) -> QuestionResult:
    """`offset_s` moves times from the round's clock to a stage's."""
    counted = [a for a in attempts if not a.late]
    correct = [(a.elapsed_s_in_round or 0.0) - offset_s for a in counted if is_solved(a.score)]
    status = "correct" if correct else ("attempted" if attempts else "untouched")
    return QuestionResult(
        question_id=question_id,
        status=status,
        attempts=len(counted),
        late_attempts=len(attempts) - len(counted),
        hints_used=max((a.hints_used for a in attempts), default=0),
        first_correct_s=correct[0] if correct else None,
        topics=list(question.topics) if question else [],
    )
