"""How far a grader agrees with labelled verdicts: exact, within one step, and Cohen's kappa
(agreement beyond what chance gives on these labels). Used to measure the offline grader
and, later, a model against the same labelled answers."""

from __future__ import annotations

from collections import Counter
from collections.abc import Sequence
from dataclasses import dataclass

from app.feedback.model import Verdict

STEP: dict[Verdict, int] = {"missing": 0, "partial": 1, "met": 2}


@dataclass(frozen=True)
class Agreement:
    pairs: int
    exact: float  # share of pairs equal
    within_one: float  # share of pairs at most one step apart
    kappa: float  # Cohen's kappa: 1 perfect, 0 chance, below 0 worse than chance

    def describe(self) -> str:
        return (
            f"{self.pairs} verdicts: exact {self.exact:.0%}, within one step "
            f"{self.within_one:.0%}, kappa {self.kappa:.2f}"
        )


def agreement(pairs: Sequence[tuple[Verdict, Verdict]]) -> Agreement:
    """Agreement of (label, grader) verdict pairs."""
    if not pairs:
        return Agreement(0, 0.0, 0.0, 0.0)
    n = len(pairs)
    exact = sum(a == b for a, b in pairs) / n
    within = sum(abs(STEP[a] - STEP[b]) <= 1 for a, b in pairs) / n
    return Agreement(n, exact, within, _kappa(pairs, exact))


def _kappa(pairs: Sequence[tuple[Verdict, Verdict]], observed: float) -> float:
    labels = Counter(a for a, _ in pairs)
    graded = Counter(b for _, b in pairs)
    n = len(pairs)
    chance = sum(labels[v] * graded[v] for v in STEP) / (n * n)
    return 1.0 if chance == 1.0 else (observed - chance) / (1.0 - chance)
