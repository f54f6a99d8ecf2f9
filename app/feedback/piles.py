"""Telling a pile of buzzwords from an answer: named technologies and patterns per word, and
how many sentences give a reason. A pile earns little whatever it names: its ideas are
credited at most partial, and what it only names, nothing."""

from __future__ import annotations

import tomllib
from collections.abc import Sequence
from dataclasses import dataclass
from functools import cache
from pathlib import Path

from app.feedback.text import Sentence, gives_reason

LEXICON = Path(__file__).with_name("buzzwords.toml")
DENSE = 0.08  # a named technology every 12 or 13 words: a pile, reasons or not
FAIRLY_DENSE = 0.045  # ... one every 22 words: a pile when almost no sentence says why
FEW_REASONS = 0.2  # the share of sentences giving a reason below which a dense answer is a pile
MIN_NAMED = 4  # a short answer naming one or two things is short, not a pile


@dataclass(frozen=True)
class Pile:
    named: int  # words of the lexicon
    words: int
    reasons: float  # the share of sentences that give a reason

    @property
    def density(self) -> float:
        return self.named / self.words if self.words else 0.0

    @property
    def is_pile(self) -> bool:
        dense = self.density >= DENSE
        fairly = self.density >= FAIRLY_DENSE and self.reasons < FEW_REASONS
        return self.named >= MIN_NAMED and (dense or fairly)


@cache
def buzzwords() -> frozenset[str]:
    return frozenset(tomllib.loads(LEXICON.read_text())["words"])


def pile_of(every: Sequence[Sentence]) -> Pile:
    words = [word for sentence in every for word in sentence.words]
    named = sum(word in buzzwords() for word in words)
    reasons = sum(gives_reason(s.words) for s in every) / len(every) if every else 0.0
    return Pile(named, len(words), reasons)
