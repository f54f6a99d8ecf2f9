"""The offline grader measured on the labelled answers (tests/fixtures/design/labelled): it
ranks strong above medium above weak, keeps stuffed answers at or below weak, credits strong
answers in plain words, and agrees with the labels often enough to be worth showing."""

from __future__ import annotations

from collections import Counter
from pathlib import Path

import pytest

from app.bank.loader import load_bank
from app.feedback.labelled import load_labelled
from app.kinds.defaults import default_kinds
from app.kinds.design.evaluation import Evaluation, evaluate
from app.kinds.design.models import STAGES, DesignQuestion

ROOT = Path(__file__).parents[3]
LABELLED = load_labelled(ROOT / "tests" / "fixtures" / "design" / "labelled")
BANK = load_bank(ROOT / "question_bank", default_kinds().question_models())
QUESTIONS = {q.id: q for q in BANK.questions.values() if isinstance(q, DesignQuestion)}
PLAIN_FLOOR = 0.5  # a strong answer in plain words keeps at least half its marks
EXACT_FLOOR, WITHIN_ONE_FLOOR = 0.6, 0.9


@pytest.fixture(scope="module")
def evaluation() -> Evaluation:
    return evaluate(QUESTIONS, LABELLED)


def test_the_set_covers_four_prompts_in_every_stage_and_six_plain_answers() -> None:
    full = Counter(a.prompt for a in LABELLED if not a.plain)
    assert len([prompt for prompt, n in full.items() if n >= 4 * len(STAGES)]) >= 4
    for prompt in full:
        kinds = {(a.section, a.label) for a in LABELLED if a.prompt == prompt and not a.plain}
        labels = {"strong", "medium", "weak", "stuffed"}
        assert kinds == {(stage, label) for stage in STAGES for label in labels}, prompt
    assert sum(a.plain for a in LABELLED) >= 6


def test_every_answer_labels_exactly_its_stages_criteria() -> None:
    for answer in LABELLED:
        stage = QUESTIONS[answer.prompt].stage(answer.section)  # type: ignore[arg-type]
        assert set(answer.verdicts) == {c.id for c in stage.criteria}, (answer.prompt, stage.name)


def test_strong_beats_medium_beats_weak_and_stuffing_never_beats_weak(
    evaluation: Evaluation,
) -> None:
    assert evaluation.misranked == []


def test_strong_answers_in_plain_words_are_credited(evaluation: Evaluation) -> None:
    plain = {
        f"{row.answer.prompt} {row.answer.section}": round(row.score, 2)
        for row in evaluation.graded
        if row.answer.plain
    }
    assert plain and all(score >= PLAIN_FLOOR for score in plain.values()), plain


def test_the_grader_agrees_with_the_labels(evaluation: Evaluation) -> None:
    found = evaluation.agreement()
    assert found.pairs == sum(len(a.verdicts) for a in LABELLED)
    assert found.exact >= EXACT_FLOOR and found.within_one >= WITHIN_ONE_FLOOR, found.describe()
