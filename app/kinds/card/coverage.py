"""Which of a card's key points a text states, read offline with the rubric grader's matcher
(stems, small typos and words close together in any order)."""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass

from app.feedback.text import find_term, sentences
from app.kinds.card.models import KeyPoint


@dataclass(frozen=True)
class Coverage:
    covered: list[KeyPoint]
    missed: list[KeyPoint]

    @property
    def score(self) -> float:
        total = len(self.covered) + len(self.missed)
        return len(self.covered) / total if total else 0.0


def states(text: str, point: KeyPoint) -> bool:
    """Whether one sentence of `text` holds one of the point's terms, or the content words of
    the point's own text close together."""
    said = [sentence.words for sentence in sentences(text)]
    return any(find_term(words, wanted) for wanted in (*point.terms, point.text) for words in said)


def coverage(text: str, points: Sequence[KeyPoint]) -> Coverage:
    covered = [point for point in points if states(text, point)]
    return Coverage(covered, [point for point in points if point not in covered])
