"""The registry of kinds and the outcome every grader returns."""

from __future__ import annotations

import pytest

from app.kinds.api.models import ApiQuestion
from app.kinds.behavioral.models import BehavioralQuestion
from app.kinds.card.models import CardQuestion
from app.kinds.defaults import default_kinds
from app.kinds.design.models import DesignQuestion
from app.kinds.explain.models import ExplainQuestion
from app.kinds.index.models import IndexQuestion
from app.kinds.isolation.models import IsolationQuestion
from app.kinds.outcome import Outcome
from app.kinds.registry import Services
from app.kinds.sql.models import SqlQuestion
from app.sqlengine.engine import SqlEngine
from tests.practice.toy_kind import ECHO, EchoQuestion


def test_the_default_registry_holds_the_kinds_and_tests_add_kinds() -> None:
    kinds = default_kinds()
    assert list(kinds) == [
        "api",
        "behavioral",
        "card",
        "design",
        "explain",
        "index",
        "isolation",
        "sql",
    ]
    assert kinds.question_models() == {
        "api": ApiQuestion,
        "behavioral": BehavioralQuestion,
        "card": CardQuestion,
        "design": DesignQuestion,
        "explain": ExplainQuestion,
        "index": IndexQuestion,
        "isolation": IsolationQuestion,
        "sql": SqlQuestion,
    }
    more = kinds.with_kind(ECHO)
    assert (
        list(more)
        == ["api", "behavioral", "card", "design", "echo", "explain", "index", "isolation", "sql"]
        and more["echo"].question_model is EchoQuestion
    )
    assert "echo" not in kinds  # a new registry: the default one is untouched


def test_binding_gives_the_kinds_that_need_services_their_bound_selves(engine: SqlEngine) -> None:
    kinds = default_kinds().with_kind(ECHO)
    bound = kinds.bound(Services(engine))
    assert list(bound) == list(kinds)
    assert bound["echo"] is kinds["echo"] and bound["sql"] is kinds["sql"]  # no bind: as they are
    assert bound["explain"] is not kinds["explain"]
    assert bound["explain"].public_view is not kinds["explain"].public_view


def test_a_kind_is_registered_once() -> None:
    with pytest.raises(ValueError, match="registered twice"):
        default_kinds().with_kind(ECHO).with_kind(ECHO)


@pytest.mark.parametrize(("score", "solved"), [(1.0, True), (0.999, False), (0.0, False)], ids=str)
def test_full_marks_solve_a_question(score: float, solved: bool) -> None:
    assert Outcome("partial", score).solved is solved


@pytest.mark.parametrize(
    ("status", "score", "missed", "words"),
    [("", 1.0, (), "needs a status"), ("x", 1.5, (), "outside 0..1"), ("x", 0, "t", "not one")],
)
def test_an_outcome_refuses_nonsense(status: str, score: float, missed: str, words: str) -> None:
    with pytest.raises(ValueError, match=words):
        Outcome(status, score, missed=missed)
