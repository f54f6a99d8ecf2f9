"""`drill bank check` runs each question's kind's own checks (the SQL kind's are proven in
tests/kinds/sql/test_check.py)."""

from __future__ import annotations

from pathlib import Path

from app.bank.check import check_bank
from app.bank.loader import ContentProblem, load_bank
from app.kinds.defaults import default_kinds
from tests.practice.toy_kind import ECHO, check

FIXTURES = Path(__file__).parents[1] / "fixtures"
MODELS = default_kinds().with_kind(ECHO).question_models()


def test_each_question_is_checked_by_its_kinds_checks(tmp_path: Path) -> None:
    seen: list[str] = []

    def sql_check(question: object, source: Path) -> list[ContentProblem]:
        seen.append(source.name)
        return []

    (tmp_path / "echo").symlink_to(FIXTURES / "bank_kinds" / "echo")
    (tmp_path / "sql").symlink_to(FIXTURES / "bank" / "good")
    progress: list[str] = []
    bank = load_bank(tmp_path, MODELS)
    problems = check_bank(bank, {"sql": sql_check, "echo": check}, progress.append)
    assert problems == [] and len(seen) == 3
    assert "ok   echo-greeting" in progress and "ok   customers-by-name" in progress


def test_a_problem_found_by_a_kinds_check_is_reported(tmp_path: Path) -> None:
    source = (FIXTURES / "bank_kinds" / "echo" / "echo-greeting.toml").read_text()
    (tmp_path / "echo").mkdir()
    (tmp_path / "echo" / "echo-greeting.toml").write_text(source.replace("usual greeting", "hello"))
    problems = check_bank(load_bank(tmp_path, MODELS), {"echo": check}, lambda _: None)
    assert [(p.field, p.reason) for p in problems] == [
        ("expected_word", "the prompt gives the word away")
    ]


def test_a_kind_without_checks_is_a_problem(tmp_path: Path) -> None:
    (tmp_path / "echo").symlink_to(FIXTURES / "bank_kinds" / "echo")
    problems = check_bank(load_bank(tmp_path, MODELS), {}, lambda _: None)
    assert {p.reason for p in problems} == {"no content checks for kind 'echo'"}
