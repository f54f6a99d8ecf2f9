"""The feedback model: per section, per criterion a verdict with quoted evidence, then fixes,
follow-up questions and a level estimate. Three verdicts, not a 1-10 score: graders (people or
models) do not tell more levels apart reliably.

The offline grader fills it; an LLM may fill it better, never less honestly: `ground` keeps
only the quotes that really are in the candidate's answer, whoever wrote the feedback.
"""

from __future__ import annotations

import re
from typing import Literal

from pydantic import BaseModel, ConfigDict, Field

Verdict = Literal["met", "partial", "missing"]
Level = Literal["junior", "mid", "senior", "staff"]
Source = Literal["offline", "llm"]

LEVELS: tuple[Level, ...] = ("junior", "mid", "senior", "staff")
VERDICT_SCORE: dict[Verdict, float] = {"met": 1.0, "partial": 0.5, "missing": 0.0}
MAX_FIXES = 3


class FeedbackBase(BaseModel):
    model_config = ConfigDict(extra="forbid", frozen=True)


class CriterionFeedback(FeedbackBase):
    """One criterion of the rubric, judged."""

    criterion_id: str
    title: str
    level: Level | None = None  # the lowest level expected to raise it unprompted
    verdict: Verdict
    evidence: list[str] = Field(default=[], description="quotes from the candidate's answer")
    rationale: str = Field(description="why this verdict, in a sentence or two")


class LevelEstimate(FeedbackBase):
    level: Level
    reasons: list[str] = Field(min_length=1)


class SectionFeedback(FeedbackBase):
    """One stage of a walkthrough (or one section of another kind's answer)."""

    section: str
    criteria: list[CriterionFeedback]
    fixes: list[str] = Field(default=[], max_length=MAX_FIXES)
    follow_ups: list[str] = []
    level: LevelEstimate | None = None
    notes: list[str] = Field(default=[], description="what the grader noticed beyond criteria")

    @property
    def score(self) -> float:
        """The mean of the criteria's verdicts (met 1, partial 0.5, missing 0)."""
        if not self.criteria:
            return 0.0
        return sum(VERDICT_SCORE[c.verdict] for c in self.criteria) / len(self.criteria)


class Feedback(FeedbackBase):
    """Feedback on a whole answer: its sections, and an overall level with its reasons."""

    source: Source
    sections: list[SectionFeedback]
    level: LevelEstimate | None = None
    fixes: list[str] = Field(default=[], max_length=MAX_FIXES)


def normalise(text: str) -> str:
    """Text as quotes are compared: case, runs of white space and typographic quotes folded."""
    text = text.replace("\u2019", "'").replace("\u2018", "'").replace("\u201c", '"')
    return re.sub(r"\s+", " ", text.replace("\u201d", '"')).strip().lower()


def quote_in(answer: str, quote: str) -> bool:
    """Whether `quote` appears in `answer` (after normalising both); an empty quote does not."""
    wanted = normalise(quote)
    return bool(wanted) and wanted in normalise(answer)


def ground(criterion: CriterionFeedback, answer: str) -> CriterionFeedback:
    """The criterion with only the quotes that appear in `answer`. A met or partial verdict
    left with no evidence drops a step: a claim about an answer must point into it."""
    kept = [quote for quote in criterion.evidence if quote_in(answer, quote)]
    verdict = criterion.verdict
    if not kept and verdict != "missing":
        verdict = "partial" if verdict == "met" else "missing"
    return criterion.model_copy(update={"evidence": kept, "verdict": verdict})
