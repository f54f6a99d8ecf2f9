"""Index questions are validated when loaded: each case of tests/fixtures/index/invalid_specs.toml
is refused with its reason, and the fixture question itself loads."""

from __future__ import annotations

import tomllib
from pathlib import Path
from typing import Any

import pytest
from pydantic import ValidationError

from app.kinds.index.models import IndexQuestion
from tests.kinds.index.support import question_for

CASES = tomllib.loads((Path(__file__).parents[2] / "fixtures/index/invalid_specs.toml").read_text())
VALID = question_for("SELECT a FROM t WHERE a = 1", {"table": "t", "equality": ["a"]})


def test_the_valid_question_loads() -> None:
    assert VALID.accept.methods() == ("btree",)


@pytest.mark.parametrize("case", CASES["cases"], ids=[c["name"] for c in CASES["cases"]])
def test_an_invalid_question_is_refused(case: dict[str, Any]) -> None:
    fields = {**VALID.model_dump(), **case.get("change", {})}
    if "accept" in case:
        fields["accept"] = case["accept"]
    with pytest.raises(ValidationError, match=case["error"]):
        IndexQuestion.model_validate(fields)
