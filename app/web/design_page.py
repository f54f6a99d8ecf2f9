"""The system-design walkthrough's page: before starting, the prompt and the six stages with
their budgets for each preset; in a round, the stepper, the answer boxes, feedback after each
stage and the summary at the end (the script rebuilds those from GET .../walkthrough)."""

from __future__ import annotations

from typing import Any

from sqlalchemy.orm import Session

from app.bank.models import Question
from app.kinds.design.models import DEFAULT_PRESET, PRESETS, STAGE_TITLES, DesignQuestion
from app.store import Round
from app.web.api_catalog import summary
from app.web.schemas_rounds import RoundOut
from app.workspace import Workspace


def preset_budgets() -> dict[str, list[int]]:
    """Seconds per stage for each preset length, keyed by its minutes."""
    return {str(minutes): [60 * m for m in split] for minutes, split in PRESETS.items()}


def stage_plans(question: DesignQuestion) -> list[dict[str, Any]]:
    """What the page shows of each stage before it is over: never its reference."""
    return [
        {
            "section": stage.name,
            "title": STAGE_TITLES[stage.name],
            "guiding_questions": stage.guiding_questions,
        }
        for stage in question.stages
    ]


def design_context(
    session: Session,
    user: int,
    workspace: Workspace,
    question: Question,
    round_: RoundOut | None,
    running: Round | None = None,
) -> dict[str, Any]:
    """The walkthrough page's context, and the data its script starts from."""
    assert isinstance(question, DesignQuestion), "the walkthrough page is the design kind's"
    stages = stage_plans(question)
    page = {
        "question_id": question.id,
        "stages": stages,
        "presets": preset_budgets(),
        "default_preset": str(DEFAULT_PRESET),
        "round": round_.model_dump() if round_ else None,
    }
    return {
        "question": question,
        "detail": summary(question),
        "grading": workspace.kinds[question.kind].rules(question),
        "stages": stages,
        "presets": page["presets"],
        "default_preset": page["default_preset"],
        "round": round_,
        "running_round": running.id if running else None,
        "page": page,
    }


def walkthrough_offers(workspace: Workspace) -> dict[str, Any]:
    """What the home page offers for system design: every prompt, and the preset lengths."""
    prompts = sorted(
        (q for q in workspace.bank.questions.values() if isinstance(q, DesignQuestion)),
        key=lambda q: q.id,
    )
    return {
        "prompts": [{"summary": summary(q), "stages": stage_plans(q)} for q in prompts],
        "presets": preset_budgets(),
        "default_preset": str(DEFAULT_PRESET),
    }
