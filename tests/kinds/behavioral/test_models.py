"""The behavioral question model and the competencies file, from tests/fixtures/behavioral."""

from __future__ import annotations

import copy
import tomllib
from pathlib import Path
from typing import Any

import pytest
from pydantic import ValidationError

from app.bank.loader import BankError
from app.kinds.behavioral.competencies import COMPETENCIES_FILE, load_competencies
from app.kinds.behavioral.models import STAR_PARTS, BehavioralQuestion

ROOT = Path(__file__).parents[3]
CASES = tomllib.loads((ROOT / "tests/fixtures/behavioral/question_cases.toml").read_text())
BANK_COMPETENCIES = ROOT / "question_bank" / "behavioral" / COMPETENCIES_FILE
ASKED_FOR = {
    "ownership", "disagreement", "trade-off", "foresight", "migration", "mentoring",
    "missed-deadline", "on-call", "pushing-back", "incomplete-data", "performance",
    "learning-fast",
}  # fmt: skip


def test_the_base_case_is_a_valid_prompt() -> None:
    question = BehavioralQuestion.model_validate(CASES["base"])
    assert [c.id for c in question.criteria] == ["systemic-fix", "owned-it"]
    assert question.reference.text().startswith(question.reference.situation)
    assert all(
        getattr(question.reference, part) in question.reference.text() for part in STAR_PARTS
    )


@pytest.mark.parametrize("case", CASES["refused"], ids=lambda case: case["why"])
def test_a_broken_prompt_is_refused_saying_why(case: dict[str, Any]) -> None:
    data = _changed(copy.deepcopy(CASES["base"]), case)
    with pytest.raises(ValidationError, match=case["mentions"]):
        BehavioralQuestion.model_validate(data)


def _changed(data: dict[str, Any], case: dict[str, Any]) -> dict[str, Any]:
    if "criteria_ids" in case:
        data["criteria"] = [
            {**data["criteria"][1], "id": criterion_id} for criterion_id in case["criteria_ids"]
        ]
    if "competency" in case:
        data["competency"] = case["competency"]
    if case.get("no_reflection"):
        del data["reference"]["reflection"]
    return data


def test_the_bank_knows_every_competency_asked_for_with_its_terms() -> None:
    competencies = load_competencies(BANK_COMPETENCIES)
    assert set(competencies.ids()) >= ASKED_FOR
    assert len(competencies.ids()) >= 12
    assert all(len(c.terms) >= 5 for c in competencies.competencies)


def test_a_competency_listed_twice_is_refused(tmp_path: Path) -> None:
    again = (
        '[[competencies]]\nid = "ownership"\ntitle = "Again"\nmeaning = "The same id once more"\n'
    )
    again += 'terms = ["one", "two", "three"]\n'
    (tmp_path / COMPETENCIES_FILE).write_text(BANK_COMPETENCIES.read_text() + "\n" + again)
    with pytest.raises(BankError, match="listed twice: ownership"):
        load_competencies(tmp_path / COMPETENCIES_FILE)


def test_terms_in_capitals_are_refused(tmp_path: Path) -> None:
    text = BANK_COMPETENCIES.read_text().replace('"outage"', '"Outage"')
    (tmp_path / COMPETENCIES_FILE).write_text(text)
    with pytest.raises(BankError, match="lower case: ownership"):
        load_competencies(tmp_path / COMPETENCIES_FILE)
