"""Reading answers: sentences, terms with a typo's tolerance, reasons (cases in a fixture)."""

from __future__ import annotations

import tomllib
from pathlib import Path
from typing import Any

import pytest

from app.feedback.text import find_term, gives_reason, sentences, words

CASES = tomllib.loads(
    (Path(__file__).parents[1] / "fixtures" / "feedback" / "text.toml").read_text()
)


def _ids(cases: list[dict[str, Any]], key: str) -> list[str]:
    return [str(case[key])[:40] for case in cases]


@pytest.mark.parametrize("case", CASES["sentences"], ids=_ids(CASES["sentences"], "text"))
def test_an_answer_is_cut_into_verbatim_sentences(case: dict[str, Any]) -> None:
    assert [s.text for s in sentences(case["text"])] == case["expected"]


@pytest.mark.parametrize("case", CASES["terms"], ids=_ids(CASES["terms"], "sentence"))
def test_a_term_is_found_as_consecutive_words_with_a_typo_tolerated(case: dict[str, Any]) -> None:
    assert find_term(words(case["sentence"]), case["term"]) is case["found"]


@pytest.mark.parametrize("case", CASES["reasons"], ids=_ids(CASES["reasons"], "sentence"))
def test_a_reason_is_heard_in_its_sentence(case: dict[str, Any]) -> None:
    assert gives_reason(words(case["sentence"])) is case["gives"]


def test_every_sentence_is_a_verbatim_piece_of_the_answer() -> None:
    answer = "First, the API.  Then   the cache!\n\n* a bullet\nLast one?"
    assert all(s.text in answer for s in sentences(answer))


def test_the_module_examples_hold() -> None:
    import doctest

    import app.feedback.text

    assert doctest.testmod(app.feedback.text).failed == 0
