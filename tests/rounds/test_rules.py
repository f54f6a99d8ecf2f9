"""Round rules: the clock, lateness, question choice and the summary."""

from __future__ import annotations

import random
from dataclasses import dataclass
from datetime import UTC, datetime, timedelta
from pathlib import Path

from app.bank.models import Difficulty
from app.rounds.rules import is_over, pick_questions, remaining_s, summarize
from tests.sql_bank import sql_questions

START = datetime(2026, 11, 24, 21, 0, tzinfo=UTC)
BANK = sql_questions(Path(__file__).parents[2] / "question_bank")


@dataclass
class Stage:
    name: str
    question_ids: list[str]
    time_limit_s: int
    ended_at: datetime | None = None
    section: str | None = None


@dataclass
class Round:
    """A round of one stage, as every round before stages was."""

    question_ids: list[str]
    started_at: datetime = START
    deadline_at: datetime = START + timedelta(minutes=45)
    finished_at: datetime | None = None
    pace: str = "strict"

    @property
    def stages(self) -> list[Stage]:
        budget = int((self.deadline_at - self.started_at).total_seconds())
        return [Stage("Questions", self.question_ids, budget)]


@dataclass
class Attempt:
    question_id: str
    status: str
    late: bool = False
    hints_used: int = 0
    elapsed_s_in_round: float | None = None
    stage: int | None = 0

    @property
    def score(self) -> float:
        """As the SQL kind scores: all or nothing."""
        return 1.0 if self.status == "correct" else 0.0


def test_remaining_time_comes_from_the_deadline() -> None:
    round_ = Round(["a"])
    assert remaining_s(round_, START + timedelta(minutes=5)) == 40 * 60
    assert remaining_s(round_, START + timedelta(hours=2)) == 0
    assert not is_over(round_, START + timedelta(minutes=44, seconds=59))
    assert is_over(round_, START + timedelta(minutes=45))


def test_finishing_early_stops_the_clock() -> None:
    finished = Round(["a"], finished_at=START + timedelta(minutes=10))
    assert remaining_s(finished, START + timedelta(minutes=5)) == 5 * 60
    assert is_over(finished, START + timedelta(minutes=11))


def test_pick_questions_follows_the_recipe() -> None:
    picked = pick_questions(
        BANK.values(),
        kind="sql",
        count=2,
        topics=["window functions"],
        difficulty=Difficulty.MEDIUM,
        rng=random.Random(1),
    )
    assert len(picked) == 2 and len(set(picked)) == 2
    for question_id in picked:
        question = BANK[question_id]
        assert question.difficulty == "medium" and "window functions" in question.topics


def test_pick_questions_returns_what_exists() -> None:
    assert len(pick_questions(BANK.values(), kind="sql", count=500)) == len(BANK)
    assert pick_questions(BANK.values(), kind="sql", count=3, topics=["no such topic"]) == []


def test_summary_counts_in_time_work_only() -> None:
    ids = sorted(BANK)[:3]
    attempts = [
        Attempt(ids[0], "incorrect", elapsed_s_in_round=100, hints_used=1),
        Attempt(ids[0], "correct", elapsed_s_in_round=340, hints_used=1),
        Attempt(ids[0], "correct", elapsed_s_in_round=400),
        Attempt(ids[1], "correct", late=True, elapsed_s_in_round=3000),
    ]
    summary = summarize(Round(ids), attempts, BANK)
    first, second, third = summary.questions
    assert (summary.score, summary.out_of) == (1, 3)
    assert (first.status, first.first_correct_s, first.attempts, first.hints_used) == (
        "correct",
        340,
        3,
        1,
    )
    assert (second.status, second.attempts, second.late_attempts) == ("attempted", 0, 1)
    assert third.status == "untouched"
    weak = set(BANK[ids[1]].topics) | set(BANK[ids[2]].topics)
    assert set(summary.topics_to_work_on) == weak
    (only_stage,) = summary.stages
    assert only_stage.questions == summary.questions  # one stage: the same numbers


@dataclass
class ScoredAttempt:
    question_id: str
    status: str
    score: float
    late: bool = False
    hints_used: int = 0
    elapsed_s_in_round: float | None = 60
    stage: int | None = 0


def test_a_question_is_solved_by_full_marks_whatever_the_kinds_words() -> None:
    ids = sorted(BANK)[:2]
    attempts = [ScoredAttempt(ids[0], "passed", 1.0), ScoredAttempt(ids[1], "correct-ish", 0.8)]
    summary = summarize(Round(ids), attempts, BANK)
    assert [q.status for q in summary.questions] == ["correct", "attempted"]
    assert summary.score == 1
