"""`drill feedback eval` against the fake OpenAI-compatible server over real HTTP: a model that
echoes the offline grader agrees exactly as it does, one that invents quotes is caught by
grounding and agrees less, and an endpoint that always fails is an exit status of 1 naming
every answer it failed on."""

from __future__ import annotations

import os
import subprocess
import sys
from dataclasses import dataclass
from pathlib import Path

import pytest

from app.bank.loader import load_bank
from app.bank.models import QuestionBase
from app.catalog.models import DatasetInfo
from app.cli import main
from app.feedback.labelled import load_labelled
from app.kinds.behavioral.models import BehavioralQuestion
from app.kinds.behavioral.star import star_rubric
from app.kinds.defaults import default_kinds
from app.kinds.design.evaluation import evaluate
from app.kinds.design.models import DesignQuestion
from tests.fakellm import FakeLlm, Status, fabricating

ROOT = Path(__file__).parents[1]
LIMIT = 6  # answers per set: enough for every column, few enough to run quickly
WAIT_S = 120  # only so that a broken command fails the test instead of hanging it


@pytest.fixture(autouse=True)
def datasets(built_datasets: dict[str, DatasetInfo]) -> None:
    """The command loads the bank through a workspace, which needs the built datasets."""


@dataclass(frozen=True)
class Line:
    criterion: str
    pairs: int
    model: tuple[str, str, str]  # exact, within one, kappa as printed
    offline: tuple[str, str, str]


@dataclass(frozen=True)
class Table:
    heading: str
    lines: list[Line]
    notes: list[str]

    def line(self, criterion: str) -> Line:
        return next(line for line in self.lines if line.criterion == criterion)


def _tables(out: str) -> dict[str, Table]:
    """Each set's table, by set name, from the command's standard output."""
    tables = {}
    for block in out.strip().split("\n\n"):
        heading, _, _, *rest = block.splitlines()
        cut = next(n for n, text in enumerate(rest) if text.startswith("grounding:"))
        rows = [_line(text) for text in rest[:cut]]
        tables[heading.split(":")[0]] = Table(heading, rows, rest[cut:])
    return tables


def _line(text: str) -> Line:
    name, pairs, *stats = text.rsplit(None, 7)
    return Line(name, int(pairs), (stats[0], stats[1], stats[2]), (stats[3], stats[4], stats[5]))


def _questions() -> dict[str, QuestionBase]:
    return load_bank(ROOT / "question_bank", default_kinds().question_models()).questions


def _eval(fake: FakeLlm, *extra: str) -> list[str]:
    return ["feedback", "eval", "--base-url", fake.base_url, "--model", "fake-model", *extra]


def test_a_model_echoing_the_offline_grader_agrees_exactly_as_it_does(
    capsys: pytest.CaptureFixture[str],
) -> None:
    with FakeLlm() as fake:
        assert main(_eval(fake, "--limit", str(LIMIT))) == 0
    printed = capsys.readouterr()
    tables = _tables(printed.out)
    assert list(tables) == ["design", "behavioral"]
    for name, table in tables.items():
        assert table.heading == f"{name}: {LIMIT} answers, {LIMIT} judged by fake-model"
        assert [line.criterion for line in table.lines][-1] == "all criteria"
        assert all(line.model == line.offline for line in table.lines)
        per_criterion = sum(line.pairs for line in table.lines[:-1])
        assert table.line("all criteria").pairs == per_criterion > 0
        assert table.notes == [
            "grounding: 0 quotes not in the answer and 0 criteria outside the rubric dropped",
            "no model verdict: 0 labelled criteria (left out of both columns)",
        ]
    progress = printed.err.splitlines()
    assert progress == [f"{name} {n}/{LIMIT}" for name in tables for n in range(1, LIMIT + 1)]


def test_the_offline_column_is_the_offline_graders_agreement_on_those_answers(
    capsys: pytest.CaptureFixture[str],
) -> None:
    with FakeLlm() as fake:
        assert main(_eval(fake, "--set", "design", "--limit", str(LIMIT))) == 0
    offline = _tables(capsys.readouterr().out)["design"].line("all criteria")
    questions = {k: q for k, q in _questions().items() if isinstance(q, DesignQuestion)}
    answers = load_labelled(ROOT / "tests" / "fixtures" / "design" / "labelled")[:LIMIT]
    expected = evaluate(questions, answers).agreement()
    assert offline.pairs == expected.pairs
    printed = (f"{expected.exact:.0%}", f"{expected.within_one:.0%}", f"{expected.kappa:.2f}")
    assert offline.offline == printed


def test_a_model_inventing_quotes_is_grounded_and_agrees_less(
    capsys: pytest.CaptureFixture[str],
) -> None:
    with FakeLlm(responder=fabricating) as fake:
        assert main(_eval(fake, "--set", "behavioral", "--limit", str(LIMIT))) == 0
    table = _tables(capsys.readouterr().out)["behavioral"]
    overall = table.line("all criteria")
    assert _percent(overall.model[0]) < _percent(overall.offline[0])
    dropped, unknown = (int(word) for word in table.notes[0].split() if word.isdigit())
    assert unknown == LIMIT  # one invented criterion per reply
    answers = load_labelled(ROOT / "tests" / "fixtures" / "behavioral" / "labelled")[:LIMIT]
    questions = {k: q for k, q in _questions().items() if isinstance(q, BehavioralQuestion)}
    star = len(star_rubric().criteria)
    assert dropped == sum(star + len(questions[a.prompt].criteria) for a in answers)


def _percent(text: str) -> int:
    return int(text.rstrip("%"))


def test_a_429_is_retried_as_the_server_asks_and_the_answer_counts(
    capsys: pytest.CaptureFixture[str],
) -> None:
    with FakeLlm() as fake:
        fake.script(Status(429, headers={"Retry-After": "0"}))
        assert main(_eval(fake, "--set", "behavioral", "--limit", "2")) == 0
        assert len(fake.requests) == 3
    assert "2 answers, 2 judged" in capsys.readouterr().out


def test_an_endpoint_failing_every_request_exits_1_naming_each_answer() -> None:
    with FakeLlm(responder=lambda request: Status(500)) as fake:
        done = subprocess.run(
            [sys.executable, "-m", "app.cli", *_eval(fake, "--set", "design", "--limit", "4")],
            cwd=ROOT,
            env={**os.environ, "DRILL_LLM_RETRIES": "0", "DRILL_LLM_BREAKER_FAILURES": "3"},
            capture_output=True,
            text=True,
            timeout=WAIT_S,
        )
        requests = len(fake.requests)
    assert done.returncode == 1, done.stderr
    table = _tables(done.stdout)["design"]
    assert table.heading == "design: 4 answers, 0 judged by fake-model"
    assert table.line("all criteria").pairs == 0
    assert table.notes[2] == "the model failed on 4 answers (left out of both columns):"
    failed = table.notes[3:]
    assert [line.split(": ", 1)[1] for line in failed] == [
        *["server_error: the endpoint failed (500)"] * 3,
        "circuit_open: model calls are paused after repeated failures",
    ]
    assert failed[0].startswith("  design-") and " #1 (" in failed[0]
    assert requests == 3  # the breaker opened after three failures in a row


@pytest.mark.parametrize(
    "wrong",
    [
        ["--limit", "0"],
        ["--timeout", "-1"],
        ["--set", "sql"],
        ["--base-url", "127.0.0.1:11434/v1"],
    ],
)
def test_bad_arguments_exit_2(wrong: list[str], capsys: pytest.CaptureFixture[str]) -> None:
    args = ["feedback", "eval", "--base-url", "http://127.0.0.1:9/v1", "--model", "m", *wrong]
    with pytest.raises(SystemExit) as stopped:
        main(args)
    assert stopped.value.code == 2
    assert "error:" in capsys.readouterr().err


def test_the_model_is_required() -> None:
    with pytest.raises(SystemExit) as stopped:
        main(["feedback", "eval", "--base-url", "http://127.0.0.1:9/v1"])
    assert stopped.value.code == 2
