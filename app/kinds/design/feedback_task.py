"""One walkthrough stage as a task for model feedback: the stage's rubric, its reference and
the offline feedback the stage was recorded with (or, with follow-up replies, the stage graded
again with them)."""

from __future__ import annotations

from collections.abc import Mapping
from typing import Any

from app.feedback.llm.task import FeedbackTask, Replies, RubricLine, with_replies
from app.feedback.model import Feedback, SectionFeedback
from app.kinds.design.answer import DesignAnswer
from app.kinds.design.grader import stage_feedback
from app.kinds.design.models import STAGE_TITLES, DesignQuestion


def design_task(
    question: DesignQuestion, answer: DesignAnswer, details: Mapping[str, Any], replies: Replies
) -> FeedbackTask:
    stage = question.stage(answer.stage)
    offline = SectionFeedback.model_validate(details["feedback"])
    if replies:
        answer = answer.model_copy(update={"text": with_replies(answer.text, replies)})
        offline = stage_feedback(stage, answer)[0]
    text = answer.text if not answer.diagram else f"{answer.text}\n\n{answer.diagram}"
    return FeedbackTask(
        template="design_stage",
        question={
            "title": question.title,
            "prompt": question.prompt,
            "stage": STAGE_TITLES[stage.name],
            "guiding questions": " / ".join(stage.guiding_questions),
        },
        reference=_reference(stage.reference, stage.reference_diagram, stage.senior_adds),
        rubric=tuple(RubricLine.of(stage.name, criterion) for criterion in stage.criteria),
        answer=text,
        offline=Feedback(source="offline", sections=[offline]),
        asked=tuple(question for question, _ in replies),
    )


def _reference(text: str, diagram: str | None, senior_adds: str) -> str:
    drawn = f"```mermaid\n{diagram}\n```" if diagram else ""
    return "\n\n".join(part for part in (text, drawn, f"A senior adds: {senior_adds}") if part)
