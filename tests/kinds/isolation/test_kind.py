"""What the question API and giving up show of an isolation question, and that the server's
kinds include it."""

from __future__ import annotations

import json

from app.kinds.defaults import default_kinds
from app.kinds.isolation.kind import ISOLATION, public_view, solution_view
from app.kinds.isolation.models import IsolationQuestion


def test_the_public_view_is_the_timeline_and_the_options_without_outcomes(
    question: IsolationQuestion,
) -> None:
    view = public_view(question)
    assert [(s["step"], s["session"]) for s in view["steps"]] == [
        (1, "A"), (2, "A"), (3, "B"), (4, "A"), (5, "A"),
    ]  # fmt: skip
    assert view["sessions"]["B"] == {"isolation": "read committed", "settings": {}}
    assert view["asks"][0]["prompt"] == "What happens at step 3?"
    assert view["asks"][1]["options"] == ["returns (1)", "returns (2)"]
    text = json.dumps(view)
    assert "outcome" not in text and "blocked_until" not in text and "explanation" not in text


def test_the_solution_view_gives_every_step_and_each_right_option(
    question: IsolationQuestion,
) -> None:
    reference = solution_view(question)["reference"]
    assert [step["outcome"] for step in reference["steps"]] == [
        "succeeds",
        "updates 1 row",
        "blocks until step 4 (A's COMMIT), then returns (2)",
        "succeeds",
        "returns (2)",
    ]
    assert reference["asks"]["final"]["answer"] == "returns (2)"
    assert reference["steps"][2]["recorded"]["blocked_until"] == 4


def test_the_server_knows_the_kind(question: IsolationQuestion) -> None:
    assert default_kinds()["isolation"] is ISOLATION
    assert "the share right of the 2" in " ".join(ISOLATION.rules(question))
