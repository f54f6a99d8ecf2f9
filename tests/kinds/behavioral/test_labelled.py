"""The behavioral grader measured on the labelled answers (tests/fixtures/behavioral/labelled):
per prompt it ranks strong above medium above weak, keeps padded answers (long, full of filler
and buzzwords) below medium, and agrees with the labels on the prompt's own
criteria often enough to be worth showing."""

from __future__ import annotations

from pathlib import Path

import pytest

from app.bank.loader import load_bank
from app.feedback.agreement import agreement
from app.feedback.labelled import LabelledAnswer, load_labelled
from app.feedback.model import Verdict
from app.kinds.behavioral.answer import BehavioralAnswer
from app.kinds.behavioral.grader import Graded, grade_answer
from app.kinds.behavioral.models import STAR_IDS, BehavioralQuestion
from app.kinds.defaults import default_kinds

ROOT = Path(__file__).parents[3]
LABELLED = load_labelled(ROOT / "tests" / "fixtures" / "behavioral" / "labelled")
BANK = load_bank(ROOT / "question_bank", default_kinds().question_models())
QUESTIONS = {q.id: q for q in BANK.questions.values() if isinstance(q, BehavioralQuestion)}
PROMPTS = sorted({a.prompt for a in LABELLED})
EXACT_FLOOR, WITHIN_ONE_FLOOR = 0.6, 0.9


def _graded(answer: LabelledAnswer) -> Graded:
    return grade_answer(QUESTIONS[answer.prompt], BehavioralAnswer(text=answer.text))


def _scores(prompt: str) -> dict[str, float]:
    return {a.label: _graded(a).score for a in LABELLED if a.prompt == prompt and not a.plain}


def test_the_set_has_answers_for_the_banks_prompts() -> None:
    assert PROMPTS and set(PROMPTS) <= set(QUESTIONS)


def test_every_answer_labels_its_prompts_criteria_and_star_ones_only() -> None:
    for answer in LABELLED:
        own = {c.id for c in QUESTIONS[answer.prompt].criteria}
        assert own <= set(answer.verdicts) <= own | set(STAR_IDS), answer.prompt


@pytest.mark.parametrize("prompt", PROMPTS)
def test_strong_beats_medium_beats_weak_and_padding_never_beats_medium(prompt: str) -> None:
    scores = _scores(prompt)
    ranked = [scores[label] for label in ("strong", "medium", "weak") if label in scores]
    assert ranked == sorted(ranked, reverse=True) and len(set(ranked)) == len(ranked), scores
    if "padded" in scores:  # at or below weak, or at least below medium
        assert scores["padded"] < scores.get("medium", scores.get("strong", 1.0)), scores


def test_the_grader_agrees_with_the_labels() -> None:
    pairs: list[tuple[Verdict, Verdict]] = []
    for answer in LABELLED:
        feedback = _graded(answer).feedback
        given = {c.criterion_id: c.verdict for s in feedback.sections for c in s.criteria}
        pairs += [(label, given[criterion]) for criterion, label in answer.verdicts.items()]
    found = agreement(pairs)
    assert found.exact >= EXACT_FLOOR and found.within_one >= WITHIN_ONE_FLOOR, found.describe()
