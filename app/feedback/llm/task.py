"""What a kind hands over for model feedback (a `FeedbackTask`), and the reply the model must
fill (`LlmReply`): the same criteria the offline grader judged, so the two can be compared."""

from __future__ import annotations

import hashlib
import json
from collections.abc import Mapping, Sequence
from dataclasses import dataclass

from pydantic import BaseModel, ConfigDict

from app.feedback.model import CriterionFeedback, Feedback, Level, Verdict
from app.feedback.rubric import Criterion

MAX_FOLLOW_UPS = 2
Replies = Sequence[tuple[str, str]]  # follow-up questions and the candidate's replies


def with_replies(text: str, replies: Replies) -> str:
    """An answer with its follow-up replies after it (the questions are not the candidate's
    words, so they stay out: quotes must come from the candidate)."""
    return "\n\n".join(part for part in (text, replies_text(replies)) if part)


def replies_text(replies: Replies) -> str:
    return "\n\n".join(f"Reply {n}: {reply}" for n, (_, reply) in enumerate(replies, 1))


@dataclass(frozen=True)
class RubricLine:
    """One criterion as the model reads it: its anchors, and what the offline grader found."""

    section: str
    criterion_id: str
    title: str
    level: Level
    missing: str
    partial: str
    met: str

    @classmethod
    def of(cls, section: str, criterion: Criterion) -> RubricLine:
        return cls(
            section,
            criterion.id,
            criterion.title,
            criterion.level,
            criterion.missing,
            criterion.partial,
            criterion.met,
        )


@dataclass(frozen=True)
class FeedbackTask:
    """One answer to judge: `template` names the prompt in prompts/, `question` is what the
    candidate was asked (shown as data), `answer` is the text every quote must come from."""

    template: str
    question: Mapping[str, str]
    reference: str
    rubric: tuple[RubricLine, ...]
    answer: str
    offline: Feedback
    follow_ups: bool = True  # may the model ask an interviewer's next questions
    asked: tuple[str, ...] = ()  # follow-up questions whose replies end the answer

    def offline_criterion(self, criterion_id: str) -> CriterionFeedback | None:
        for section in self.offline.sections:
            for criterion in section.criteria:
                if criterion.criterion_id == criterion_id:
                    return criterion
        return None

    def rubric_digest(self) -> str:
        """What the model judges against, as a hash (the cache key's rubric part): the rubric,
        the question and reference, the offline findings and the follow-up questions asked."""
        lines = [line.__dict__ for line in self.rubric]
        offline = self.offline.model_dump(mode="json")
        parts = [self.template, dict(self.question), self.reference, lines, offline, self.asked]
        return hashlib.sha256(json.dumps(parts, sort_keys=True).encode()).hexdigest()

    def answer_digest(self) -> str:
        return hashlib.sha256(self.answer.encode()).hexdigest()


class ReplyModel(BaseModel):
    # Every field required and no extras: what OpenAI's strict structured output accepts.
    model_config = ConfigDict(extra="forbid")


class LlmCriterion(ReplyModel):
    criterion_id: str
    verdict: Verdict
    evidence: list[str]
    rationale: str


class LlmReply(ReplyModel):
    """What the model returns: a verdict per criterion with quotes, then fixes, follow-up
    questions and a level estimate."""

    criteria: list[LlmCriterion]
    fixes: list[str]
    follow_ups: list[str]
    level: Level | None
    level_reasons: list[str]
