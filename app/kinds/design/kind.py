"""The system-design kind as the core plugs it in."""

from __future__ import annotations

from pathlib import Path
from typing import Any

from app.bank.loader import ContentProblem
from app.kinds.design.answer import DesignAnswer
from app.kinds.design.check import check_question
from app.kinds.design.feedback_task import design_task
from app.kinds.design.grader import make_grader
from app.kinds.design.models import PRESETS, STAGE_TITLES, DesignQuestion, DesignStage
from app.kinds.registry import Checker, Kind, Services


def make_checker(services: Services) -> Checker[DesignQuestion]:
    def check(question: DesignQuestion, source: Path) -> list[ContentProblem]:
        return check_question(question, source)

    return check


def public_view(question: DesignQuestion) -> dict[str, Any]:
    """The stages and their guiding questions; never the rubric or the references."""
    return {
        "stages": [
            {
                "name": stage.name,
                "title": STAGE_TITLES[stage.name],
                "guiding_questions": stage.guiding_questions,
            }
            for stage in question.stages
        ],
        "presets": {str(minutes): list(split) for minutes, split in PRESETS.items()},
    }


def reference_view(stage: DesignStage) -> dict[str, Any]:
    """What a stage reveals once it is over: its reference, what a senior adds, the rubric."""
    return {
        "reference": stage.reference,
        "reference_diagram": stage.reference_diagram,
        "senior_adds": stage.senior_adds,
        "follow_ups": stage.follow_ups,
        "criteria": [
            c.model_dump(include={"id", "title", "level", "missing", "partial", "met", "fix"})
            for c in stage.criteria
        ],
    }


def solution_view(question: DesignQuestion) -> dict[str, Any]:
    stages = {stage.name: reference_view(stage) for stage in question.stages}
    return {"explanation": question.explanation, "reference": {"stages": stages}}


def rules(question: DesignQuestion) -> list[str]:
    return [
        "Each stage is graded on its own, against its rubric: every criterion is met, "
        "partial or missing, with the sentences of your answer that show it.",
        "An idea counts when you give a reason or a number for it in the same sentence; "
        "a line that only lists terms counts for nothing.",
        "Estimates are checked by order of magnitude and written-out arithmetic is checked.",
        "On the architecture stage the Mermaid diagram is read too: its components and "
        "what talks to what.",
        "A stage's reference answer is shown once the stage is over, never before.",
    ]


def stage_criteria(question: DesignQuestion, section: str) -> list[str]:
    """The criterion ids of one stage (none for a name that is not a stage)."""
    stages = {stage.name: stage for stage in question.stages}
    return [c.id for c in stages[section].criteria] if section in stages else []


DESIGN = Kind[DesignQuestion, DesignAnswer](
    name="design",
    question_model=DesignQuestion,
    answer_model=DesignAnswer,
    make_grader=make_grader,
    make_checker=make_checker,
    public_view=public_view,
    solution_view=solution_view,
    rules=rules,
    page="design.html",
    section_of=lambda answer: answer.stage,
    sections=lambda question: [stage.name for stage in question.stages],
    criteria=stage_criteria,
    feedback_task=design_task,
)
