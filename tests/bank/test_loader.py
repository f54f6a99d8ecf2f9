"""Loading question files: good files become models, bad ones are reported precisely."""

from __future__ import annotations

from pathlib import Path

import pytest

from app.bank.loader import BankError, load_bank, load_questions
from app.kinds.defaults import default_kinds
from app.kinds.sql.models import SqlQuestion
from app.sqlengine.grading.compare import Ordering

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


def test_the_built_in_bank_loads_with_every_kind() -> None:
    models = default_kinds().question_models()
    bank = load_bank(Path(__file__).parents[2] / "question_bank", models)
    assert all(q.hints and q.explanation for q in bank.questions.values())
    assert {q.kind for q in bank.questions.values()} >= {"sql", "design"}


def _bank_root(tmp_path: Path, files: dict[str, str]) -> Path:
    for name, text in files.items():
        (tmp_path / name).parent.mkdir(parents=True, exist_ok=True)
        (tmp_path / name).write_text(text)
    return tmp_path


def test_a_bank_folder_holds_one_folder_per_kind(tmp_path: Path) -> None:
    source = (BANK / "good" / "customers-by-name.toml").read_text()
    bank = load_bank(_bank_root(tmp_path, {"sql/a/customers-by-name.toml": source}), MODELS)
    assert list(bank.questions) == ["customers-by-name"]


def test_a_file_in_another_kinds_folder_or_an_unknown_folder_is_a_problem(tmp_path: Path) -> None:
    source = (BANK / "good" / "customers-by-name.toml").read_text()
    echo = source.replace('kind = "sql"', 'kind = "echo"')
    root = _bank_root(tmp_path, {"sql/echo.toml": echo, "design/x.toml": source})
    with pytest.raises(BankError) as error:
        load_bank(root, MODELS)
    found = {(p.path.name, p.field): p.reason for p in error.value.problems}
    assert "in the folder of kind 'sql'" in found[("echo.toml", "kind")]
    assert "'design' is not a kind of question: sql" in found[("design", "(folder)")]


def test_the_captures_folder_is_read_by_questions_and_holds_none(tmp_path: Path) -> None:
    source = (BANK / "good" / "customers-by-name.toml").read_text()
    files = {"sql/customers-by-name.toml": source, "captures/plans.toml": "[[scenarios]]\n"}
    bank = load_bank(_bank_root(tmp_path, files), MODELS)
    assert list(bank.questions) == ["customers-by-name"]


def test_a_file_directly_in_the_bank_folder_says_its_kind_itself(tmp_path: Path) -> None:
    source = (BANK / "good" / "customers-by-name.toml").read_text()
    bank = load_bank(_bank_root(tmp_path, {"customers-by-name.toml": source}), MODELS)
    assert bank.questions["customers-by-name"].kind == "sql"
