"""A behavioral story as a task for model feedback: the STAR rubric and the prompt's own
criteria, the reference story and the offline feedback the answer was recorded with (or, with
follow-up replies, the story graded again with them)."""

from __future__ import annotations

from collections.abc import Mapping
from typing import Any

from app.feedback.llm.task import FeedbackTask, Replies, RubricLine, replies_text, with_replies
from app.feedback.model import Feedback
from app.kinds.behavioral.answer import BehavioralAnswer
from app.kinds.behavioral.grader import PROMPT_SECTION, STAR_SECTION, story_feedback
from app.kinds.behavioral.models import BehavioralQuestion
from app.kinds.behavioral.star import star_rubric

STORY_PARTS = ("situation", "task", "action", "result", "reflection")


def behavioral_task(
    question: BehavioralQuestion,
    answer: BehavioralAnswer,
    details: Mapping[str, Any],
    replies: Replies,
) -> FeedbackTask:
    offline = Feedback.model_validate(details["feedback"])
    if replies:
        offline = story_feedback(question, answer, replies_text(replies))
    star = [RubricLine.of(STAR_SECTION, criterion) for criterion in star_rubric().criteria]
    own = [RubricLine.of(PROMPT_SECTION, criterion) for criterion in question.criteria]
    story = question.reference
    return FeedbackTask(
        template="behavioral",
        question={
            "title": question.title,
            "prompt": question.prompt,
            "listens for": question.listens_for,
        },
        reference="\n\n".join(f"{part}: {getattr(story, part)}" for part in STORY_PARTS),
        rubric=(*star, *own),
        answer=with_replies(answer.full_text(), replies),
        offline=offline,
        asked=tuple(question for question, _ in replies),
    )
