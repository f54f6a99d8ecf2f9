"""The card kind as the core plugs it in."""

from __future__ import annotations

from typing import Any

from app.kinds.card.answer import CardAnswer
from app.kinds.card.check import DeckChecker
from app.kinds.card.grader import make_grader
from app.kinds.card.models import CardQuestion
from app.kinds.card.tags import load_tags
from app.kinds.registry import Checker, Kind, Services
from app.settings import Settings


def known_tags(settings: Settings) -> dict[str, str]:
    """The tags of the bank's question_bank/card/tags.toml."""
    return load_tags(settings.bank_dir / "card" / "tags.toml")


def make_checker(services: Services) -> Checker[CardQuestion]:
    return DeckChecker(known_tags(Settings()))


def public_view(question: CardQuestion) -> dict[str, Any]:
    """The prompt and the tags; never the model answer or the key points."""
    return {"prompt": question.prompt, "tags": question.tags, "source_topic": question.source_topic}


def solution_view(question: CardQuestion) -> dict[str, Any]:
    return {
        "model_answer": question.model_answer,
        "key_points": [point.text for point in question.key_points],
        "explanation": question.explanation,
    }


def rules(question: CardQuestion) -> list[str]:
    return [
        "Answer as you would out loud, in 30-90 seconds; typing it is optional.",
        f"A typed answer is read for the card's {len(question.key_points)} key points: "
        "a point counts when you state it, in your own words or its usual terms.",
        "The model answer and its key points are shown when you reveal them, or as soon as "
        "your answer covers every key point.",
    ]


CARD = Kind[CardQuestion, CardAnswer](
    name="card",
    question_model=CardQuestion,
    answer_model=CardAnswer,
    make_grader=make_grader,
    make_checker=make_checker,
    public_view=public_view,
    solution_view=solution_view,
    rules=rules,
)
