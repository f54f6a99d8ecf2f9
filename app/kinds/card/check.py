"""Content checks of a card (`drill bank check`): its key points are in its model answer, its
tags are known, its answer is a 30-90 second spoken one, and no other card asks the same."""

from __future__ import annotations

import re
from dataclasses import dataclass, field
from pathlib import Path

from app.bank.loader import ContentProblem
from app.feedback.text import words
from app.kinds.card.coverage import states
from app.kinds.card.models import CardQuestion
from app.kinds.card.tags import unknown_tags

SPOKEN_WORDS = (70, 230)  # 30-90 seconds at about 140-150 words a minute
SPOKEN_WORD = re.compile(r"\S*[A-Za-z0-9]\S*")  # a dash or an arrow alone is not said

Finding = tuple[str, str]  # the field, the reason


def check_card(question: CardQuestion, known_tags: dict[str, str]) -> list[Finding]:
    """What is wrong with one card on its own."""
    found = [("key_points", reason) for reason in _points_not_in_answer(question)]
    unknown = unknown_tags(question.tags, known_tags)
    if unknown:
        found.append(("tags", f"not in tags.toml: {', '.join(unknown)} (add them with a meaning)"))
    low, high = SPOKEN_WORDS
    count = spoken_words(question.model_answer)
    if not low <= count <= high:
        found.append(
            ("model_answer", f"{count} words; a 30-90 second spoken answer has {low}-{high}")
        )
    return found


def _points_not_in_answer(question: CardQuestion) -> list[str]:
    return [
        f"key point {number} ({point.text!r}) is not in the model answer: "
        "none of its terms, nor its own words close together, are found there"
        for number, point in enumerate(question.key_points, start=1)
        if not states(question.model_answer, point)
    ]


def spoken_words(text: str) -> int:
    return len(SPOKEN_WORD.findall(text))


def normalised_prompt(prompt: str) -> str:
    """The prompt without case, punctuation or spacing: two cards asking the same differ by no
    more than that."""
    return " ".join(words(prompt))


@dataclass
class DeckChecker:
    """The checks of one `drill bank check` run: each card on its own, and its prompt against
    the cards checked before it (a checker lives for one run, so it sees the whole deck)."""

    known_tags: dict[str, str]
    prompts: dict[str, str] = field(default_factory=dict)  # normalised prompt -> first card id

    def __call__(self, question: CardQuestion, source: Path) -> list[ContentProblem]:
        found = check_card(question, self.known_tags)
        prompt = normalised_prompt(question.prompt)
        if prompt in self.prompts:
            found.append(("prompt", f"asked already by card {self.prompts[prompt]!r}"))
        self.prompts.setdefault(prompt, question.id)
        return [ContentProblem(source, f"{question.id}: {where}", why) for where, why in found]
