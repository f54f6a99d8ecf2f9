"""A system-design prompt of the tests' own (tests/fixtures/design_bank/), a bank holding it
beside the built-in SQL questions, and the round a walkthrough of it starts."""

from __future__ import annotations

from pathlib import Path
from typing import Any

import pytest

from app.bank.loader import load_questions
from app.kinds.design.models import PRESETS, STAGE_TITLES, DesignQuestion
from app.settings import Settings

PROMPTS = Path(__file__).parents[1] / "fixtures" / "design_bank" / "design"


def design_prompt() -> DesignQuestion:
    """The fixture prompt: a paste service, six stages."""
    bank = load_questions([PROMPTS], {"design": DesignQuestion})
    (prompt,) = bank.questions.values()
    assert isinstance(prompt, DesignQuestion)
    return prompt


def design_settings(tmp_path_factory: pytest.TempPathFactory) -> Settings:
    """The web tests' settings over a bank of the built-in SQL questions and the fixture
    prompt (linked, not copied)."""
    root = tmp_path_factory.mktemp("design-state")
    bank = root / "bank"
    bank.mkdir()
    (bank / "sql").symlink_to(Settings().bank_dir / "sql")
    (bank / "design").symlink_to(PROMPTS)
    return Settings(
        database_url=f"sqlite:///{root / 'drill.sqlite3'}",
        bank_dir=bank,
        max_body_bytes=64 * 1024,
        query_timeout_s=60.0,
    )


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
