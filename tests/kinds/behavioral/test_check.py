"""`drill bank check` on behavioral prompts: the bank's pass; an unknown competency, a
reference that misses a criterion and a criterion a list of terms meets are reported."""

from __future__ import annotations

from pathlib import Path

from app.bank.loader import load_bank
from app.feedback.rubric import Concept
from app.kinds.behavioral.check import check_question
from app.kinds.behavioral.kind import known_competencies
from app.kinds.behavioral.models import BehavioralQuestion
from app.kinds.defaults import default_kinds
from app.settings import Settings

ROOT = Path(__file__).parents[3]
BANK = load_bank(ROOT / "question_bank", default_kinds().question_models())
PROMPTS = [q for q in BANK.questions.values() if isinstance(q, BehavioralQuestion)]
KNOWN = known_competencies(Settings(bank_dir=ROOT / "question_bank"))
SOURCE = Path("prompt.toml")


def test_every_prompt_of_the_bank_passes() -> None:
    assert PROMPTS
    for question in PROMPTS:
        assert check_question(question, SOURCE, KNOWN) == [], question.id


def test_an_unknown_competency_is_reported() -> None:
    question = PROMPTS[0].model_copy(update={"competency": "juggling"})
    [problem] = check_question(question, SOURCE, KNOWN)
    assert problem.field == "competency" and "'juggling' is not in" in problem.reason


def test_a_reference_without_numbers_in_its_result_is_reported() -> None:
    story = PROMPTS[0].reference.model_copy(update={"result": "It all worked out well enough."})
    reasons = [p.reason for p in check_question(_with(reference=story), SOURCE, KNOWN)]
    assert any("'quantified-result'" in reason for reason in reasons)


def test_a_term_under_two_concepts_is_reported() -> None:
    criterion = PROMPTS[0].criteria[0]
    term = criterion.concepts[0].terms[0]  # whichever prompt sorts first: its own term, again
    twice = criterion.model_copy(
        update={"concepts": [*criterion.concepts, Concept(name="again", terms=[term])]}
    )
    question = _with(criteria=[twice, *PROMPTS[0].criteria[1:]])
    reasons = [p.reason for p in check_question(question, SOURCE, KNOWN)]
    assert f"term {term!r} is listed 2 times" in reasons


def _with(**changes: object) -> BehavioralQuestion:
    return PROMPTS[0].model_copy(update=changes)
