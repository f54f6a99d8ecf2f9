"""The offline rubric grader on a small rubric: verdicts, evidence, notes, fixes, levels."""

from __future__ import annotations

import tomllib
from pathlib import Path
from typing import Any

import pytest

from app.feedback.model import CriterionFeedback, SectionFeedback, quote_in
from app.feedback.offline import grade_section, overall_level, section_level
from app.feedback.rubric import Criterion

FIXTURES = Path(__file__).parents[1] / "fixtures" / "feedback"
CRITERIA = [
    Criterion.model_validate(c)
    for c in tomllib.loads((FIXTURES / "rubric.toml").read_text())["criteria"]
]
CASES = tomllib.loads((FIXTURES / "offline_cases.toml").read_text())["cases"]


def _grade(answer: str) -> SectionFeedback:
    return grade_section("scaling", CRITERIA, answer, follow_ups=["What breaks first?"])


@pytest.mark.parametrize("case", CASES, ids=[c["name"] for c in CASES])
def test_the_grader_concludes_what_the_case_says(case: dict[str, Any]) -> None:
    feedback = _grade(case["answer"])
    verdicts = {c.criterion_id: c.verdict for c in feedback.criteria}
    assert {k: verdicts[k] for k in case["verdicts"]} == case["verdicts"]
    for wanted in case.get("notes_contain", []):
        assert any(wanted in note for note in feedback.notes), feedback.notes


@pytest.mark.parametrize("case", CASES, ids=[c["name"] for c in CASES])
def test_every_quote_is_the_candidates_own_words(case: dict[str, Any]) -> None:
    for criterion in _grade(case["answer"]).criteria:
        assert all(quote_in(case["answer"], q) for q in criterion.evidence)
        assert criterion.evidence or criterion.verdict == "missing"  # a credit points at words


def test_fixes_put_what_is_missing_first_and_the_basics_before_depth() -> None:
    feedback = _grade("We put Redis in front of Postgres, so hot keys could hurt.")
    assert [c.verdict for c in feedback.criteria] == ["met", "missing", "partial"]
    assert feedback.fixes == [CRITERIA[1].fix, CRITERIA[2].fix]
    assert feedback.follow_ups == ["What breaks first?"]


def _judged(*pairs: tuple[str, str]) -> list[CriterionFeedback]:
    return [
        CriterionFeedback(
            criterion_id=f"c{i}", title="t", level=level, verdict=verdict, rationale="r"
        )
        for i, (level, verdict) in enumerate(pairs)
    ]


LEVEL_CASES = {
    "nothing met": ([("junior", "missing"), ("mid", "missing")], "junior"),
    "basics met, mid half": ([("junior", "met"), ("mid", "met"), ("mid", "missing")], "junior"),
    "mid mostly met": ([("junior", "met"), ("mid", "met"), ("mid", "partial")], "mid"),
    "senior met, mid not": ([("mid", "missing"), ("senior", "met"), ("senior", "met")], "junior"),
    "through staff": ([("mid", "met"), ("senior", "met"), ("staff", "met")], "staff"),
}


@pytest.mark.parametrize("case", LEVEL_CASES.values(), ids=LEVEL_CASES.keys())
def test_a_level_is_reached_only_on_top_of_the_levels_below(case: tuple[Any, str]) -> None:
    criteria, level = case
    assert section_level(_judged(*criteria)).level == level


def test_the_overall_level_pools_every_section() -> None:
    strong = _grade(CASES[0]["answer"])
    empty = _grade("")
    assert strong.level is not None and strong.level.level == "senior"
    assert overall_level([strong, empty]).level == "junior"
    assert overall_level([strong, strong]).level == "senior"


def test_a_level_needs_its_own_points_mostly_met_not_only_the_pool() -> None:
    # the pool through staff averages over 0.75, but staff's own points are half met
    criteria = (
        [("junior", "met")] * 4 + [("mid", "met")] * 4 + [("staff", "met"), ("staff", "missing")]
    )
    assert section_level(_judged(*criteria)).level == "mid"
