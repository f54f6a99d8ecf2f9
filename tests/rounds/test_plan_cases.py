"""The plan rules case by case, from tests/fixtures/plan_cases.toml: each stage's clock at a
strict and a soft pace, and where an answer for a section belongs."""

from __future__ import annotations

import tomllib
from pathlib import Path
from typing import Any

import pytest

from app.rounds.plan import (
    StageRuleError,
    current_stage,
    hard_end,
    place_answer,
    round_ends_at,
    stage_clocks,
)
from tests.rounds.test_plan import START, Round, at
from tests.rounds.test_rules import Stage

CASES = tomllib.loads(
    (Path(__file__).parents[1] / "fixtures" / "plan_cases.toml").read_text(encoding="utf-8")
)


def _round(case: dict[str, Any]) -> Round:
    stages = [
        Stage(
            name=f"Stage {position}",
            question_ids=stage.get("questions", ["walk"]),
            time_limit_s=stage["budget"],
            ended_at=at(stage["ended"]) if "ended" in stage else None,
            section=stage.get("section"),
        )
        for position, stage in enumerate(case["stages"])
    ]
    finished = at(case["finished"]) if "finished" in case else None
    return Round(stages=stages, finished_at=finished, pace=case.get("pace", "strict"))


def _seconds(moment: Any) -> float:
    return float((moment - START).total_seconds())


@pytest.mark.parametrize("case", CASES["clock"], ids=lambda case: case["name"])
def test_stage_clocks(case: dict[str, Any]) -> None:
    clocks = stage_clocks(_round(case), at(case["now"]))
    seen = [
        [c.status, _seconds(c.started_at), _seconds(c.deadline_at), c.remaining_s, c.over_budget_s]
        for c in clocks
    ]
    assert seen == case["expect"]
    running = current_stage(clocks)
    assert (running.position if running else -1) == case["current"]
    assert _seconds(round_ends_at(clocks)) == case["ends"]


@pytest.mark.parametrize("case", CASES["placement"], ids=lambda case: case["name"])
def test_place_answer_by_section(case: dict[str, Any]) -> None:
    round_, now = _round(case), at(case["now"])
    question, section = case.get("question", "walk"), case.get("section")
    if "error" in case:
        with pytest.raises(StageRuleError) as refused:
            place_answer(round_, question, now, section)
        assert refused.value.code == case["error"]
        return
    placed = place_answer(round_, question, now, section)
    assert [placed.stage, placed.late] == case["expect"]


def test_every_case_name_is_unique() -> None:
    names = [case["name"] for table in CASES.values() for case in table]
    assert len(names) == len(set(names))


def test_the_hard_end_of_a_soft_plan_is_twice_its_budgets() -> None:
    assert hard_end(START, [300, 600], "soft") == at(1800)
    assert hard_end(START, [300, 600], "strict") == at(900)
