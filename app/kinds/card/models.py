"""A card: what an interviewer asks, what a strong 30-90 second spoken answer says, and the
3-6 key points that answer must contain, each with the words candidates use for it (so a typed
answer's coverage can be read offline, tolerating synonyms and misspellings)."""

from __future__ import annotations

from typing import Literal

from pydantic import Field

from app.bank.models import QuestionBase, Strict


class KeyPoint(Strict):
    """One claim the answer must state, and the words that show it was said."""

    text: str = Field(min_length=5)  # the claim, as shown on reveal
    terms: list[str] = Field(min_length=1)  # synonyms, paraphrases, misspellings (lower case)


class CardQuestion(QuestionBase):
    kind: Literal["card"]
    model_answer: str = Field(min_length=80)  # what a strong spoken answer says
    key_points: list[KeyPoint] = Field(min_length=3, max_length=6)
    tags: list[str] = Field(min_length=1)  # known tags (question_bank/card/tags.toml)
    source_topic: str = Field(min_length=2)  # the roadmap topic it belongs to
