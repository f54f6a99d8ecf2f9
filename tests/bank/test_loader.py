"""Loading question files: good files become models, bad ones are reported precisely."""

from __future__ import annotations

from pathlib import Path

import pytest

from app.bank.loader import BankError, load_questions
from app.kinds.sql.models import SqlQuestion
from app.sqlengine.compare import Ordering

BANK = Path(__file__).parents[1] / "fixtures" / "bank"
MODELS = {"sql": SqlQuestion}


def test_loads_good_questions() -> None:
    bank = load_questions([BANK / "good"], MODELS)
    assert set(bank.questions) == {
        "orders-per-customer",
        "customers-by-name",
        "customers-by-city-with-ties",
    }
    ordered = bank.questions["customers-by-name"]
    assert isinstance(ordered, SqlQuestion)
    assert ordered.grading.policy().ordering == Ordering.ORDERED
    assert bank.sources["customers-by-name"].name == "customers-by-name.toml"


def test_reports_every_bad_file_with_field_and_reason() -> None:
    with pytest.raises(BankError) as error:
        load_questions([BANK / "invalid"], MODELS)
    problems = {(p.path.name, p.field) for p in error.value.problems}
    assert ("bad-fields.toml", "id") in problems
    assert ("bad-fields.toml", "title") in problems  # missing fields are listed too
    assert ("unknown-kind.toml", "kind") in problems
    assert ("not-toml.toml", "(file)") in problems
    assert all(p.reason for p in error.value.problems)


def test_duplicate_ids_are_reported(tmp_path: Path) -> None:
    source = (BANK / "good" / "customers-by-name.toml").read_text()
    for name in ("a.toml", "b.toml"):
        (tmp_path / name).write_text(source)
    with pytest.raises(BankError, match="duplicate"):
        load_questions([tmp_path], MODELS)


def test_the_built_in_bank_loads() -> None:
    bank = load_questions([Path(__file__).parents[2] / "question_bank"], MODELS)
    assert all(q.hints and q.explanation for q in bank.questions.values())
