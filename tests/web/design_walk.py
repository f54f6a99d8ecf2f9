"""A system-design prompt of the built-in bank, and the round a walkthrough of it starts."""

from __future__ import annotations

from typing import Any

from app.bank.loader import load_questions
from app.kinds.design.models import PRESETS, STAGE_TITLES, DesignQuestion
from app.settings import Settings


def design_prompt() -> DesignQuestion:
    """The first system-design prompt of the built-in bank, by id."""
    bank = load_questions([Settings().bank_dir / "design"], {"design": DesignQuestion})
    prompts = sorted(bank.questions.values(), key=lambda q: q.id)
    assert prompts, "the built-in bank has no system-design prompt"
    assert isinstance(prompts[0], DesignQuestion)
    return prompts[0]


def walkthrough_round(question: DesignQuestion, minutes: int = 45) -> dict[str, Any]:
    """What "Start walkthrough" sends: six soft-paced stages over the one prompt."""
    return {
        "pace": "soft",
        "stages": [
            {
                "name": STAGE_TITLES[stage.name],
                "section": stage.name,
                "question_ids": [question.id],
                "time_limit_s": 60 * budget,
            }
            for stage, budget in zip(question.stages, PRESETS[minutes], strict=True)
        ],
    }
