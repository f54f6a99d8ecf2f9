"""Plan rules: each stage's clock, the current stage, advancing, and where an answer belongs."""

from __future__ import annotations

from dataclasses import dataclass, field
from datetime import UTC, datetime, timedelta

import pytest

from app.rounds.plan import (
    StageRuleError,
    check_advance,
    current_stage,
    hints_open,
    place_answer,
    round_ends_at,
    stage_clocks,
)
from tests.rounds.test_rules import Stage

START = datetime(2026, 12, 9, 10, 0, tzinfo=UTC)


def at(seconds: float) -> datetime:
    return START + timedelta(seconds=seconds)


@dataclass
class Round:
    stages: list[Stage] = field(
        default_factory=lambda: [
            Stage("Echo", ["echo"], 300),
            Stage("Both", ["echo", "sql"], 600),
            Stage("Design", ["design"], 120),
        ]
    )
    started_at: datetime = START
    finished_at: datetime | None = None
    pace: str = "strict"


def test_stages_run_one_after_another_on_their_budgets() -> None:
    clocks = stage_clocks(Round(), at(400))
    assert [(c.started_at, c.deadline_at, c.status) for c in clocks] == [
        (at(0), at(300), "over"),
        (at(300), at(900), "current"),
        (at(900), at(1020), "upcoming"),
    ]
    assert [c.remaining_s for c in clocks] == [0, 500, 120]
    assert current_stage(clocks) == clocks[1] and round_ends_at(clocks) == at(1020)


def test_advancing_early_starts_the_next_stage_then() -> None:
    round_ = Round()
    round_.stages[0].ended_at = at(100)
    clocks = stage_clocks(round_, at(150))
    assert [(c.started_at, c.deadline_at, c.status) for c in clocks[:2]] == [
        (at(0), at(300), "over"),
        (at(100), at(700), "current"),
    ]
    assert round_ends_at(clocks) == at(820)


def test_finishing_early_ends_every_stage() -> None:
    clocks = stage_clocks(Round(finished_at=at(200)), at(201))
    assert [c.status for c in clocks] == ["over"] * 3
    assert current_stage(clocks) is None and round_ends_at(clocks) == at(200)
    assert [c.started_at for c in clocks] == [at(0), at(200), at(200)]


def test_the_deadline_itself_belongs_to_the_next_stage() -> None:
    assert current_stage(stage_clocks(Round(), at(299.999))).position == 0  # type: ignore[union-attr]
    assert current_stage(stage_clocks(Round(), at(300))).position == 1  # type: ignore[union-attr]


def test_only_the_current_stage_can_be_left() -> None:
    clocks = stage_clocks(Round(), at(400))
    assert check_advance(clocks, 1).position == 1
    for leaving, code in [(0, "stage_already_over"), (2, "stage_not_started")]:
        with pytest.raises(StageRuleError) as refused:
            check_advance(clocks, leaving)
        assert refused.value.code == code
    with pytest.raises(StageRuleError, match="no stage 3"):
        check_advance(clocks, 3)
    with pytest.raises(StageRuleError) as over:
        check_advance(stage_clocks(Round(), at(5000)), 2)
    assert over.value.code == "round_expired"


def test_an_answer_belongs_to_the_current_stage_when_it_holds_the_question() -> None:
    placed = place_answer(Round(), "echo", at(400))
    assert (placed.stage, placed.late, placed.elapsed_s_in_round) == (1, False, 400)
    assert place_answer(Round(), "echo", at(10)).stage == 0


def test_else_to_the_latest_ended_stage_holding_it_and_late() -> None:
    placed = place_answer(Round(), "echo", at(950))  # stage 2 (design) runs
    assert (placed.stage, placed.late) == (1, True)
    after_finish = place_answer(Round(finished_at=at(50)), "echo", at(60))
    assert (after_finish.stage, after_finish.late) == (0, True)


def test_an_answer_outside_the_plan_or_before_its_stage_is_refused() -> None:
    for question, code in [("nowhere", "not_in_round"), ("design", "stage_not_started")]:
        with pytest.raises(StageRuleError) as refused:
            place_answer(Round(), question, at(10))
        assert refused.value.code == code


def test_hints_close_once_every_stage_holding_the_question_is_over() -> None:
    assert hints_open(Round(), "echo", at(400))  # stage 1 still holds it
    assert not hints_open(Round(), "echo", at(950))
    assert hints_open(Round(), "design", at(950))
