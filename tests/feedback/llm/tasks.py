"""Tasks for model feedback built the way the server builds them: a real answer graded offline
by its kind, then the kind's task builder (the design fixture prompt, a behavioral prompt of
the bank)."""

from __future__ import annotations

import tomllib
from functools import cache
from pathlib import Path

from app.feedback.llm.task import FeedbackTask, Replies
from app.kinds.behavioral.answer import BehavioralAnswer
from app.kinds.behavioral.feedback_task import behavioral_task
from app.kinds.behavioral.grader import BehavioralGrader
from app.kinds.behavioral.models import BehavioralQuestion
from app.kinds.design.answer import DesignAnswer
from app.kinds.design.feedback_task import design_task
from app.kinds.design.grader import grade_stage
from app.kinds.design.models import DesignQuestion
from app.settings import PROJECT_ROOT

FIXTURES = Path(__file__).parents[2] / "fixtures"
DESIGN_SOURCE = FIXTURES / "design_bank" / "design" / "design-fixture-paste-bin.toml"
BEHAVIORAL_SOURCE = PROJECT_ROOT / "question_bank" / "behavioral" / "behavioral-cost-reduction.toml"

SCALING = (
    "We cache hot pastes in Redis because 90% of reads hit 1% of pastes, and we shard the "
    "metadata by paste id so each shard holds about 50 GB."
)
STORY = (
    "At my last job our cloud bill grew 40% in a year. I was asked to cut it. I tagged every "
    "resource by team, found the analytics cluster was 38% of the bill, and moved old events "
    "to archive storage. The bill fell from 95,000 to 58,000 dollars a month. I learned to "
    "measure before cutting."
)


@cache
def design_question() -> DesignQuestion:
    return DesignQuestion.model_validate(tomllib.loads(DESIGN_SOURCE.read_text()))


@cache
def behavioral_question() -> BehavioralQuestion:
    return BehavioralQuestion.model_validate(tomllib.loads(BEHAVIORAL_SOURCE.read_text()))


def design(text: str = SCALING, stage: str = "scaling", replies: Replies = ()) -> FeedbackTask:
    question = design_question()
    answer = DesignAnswer.model_validate({"stage": stage, "text": text})
    outcome = grade_stage(question.stage(answer.stage), answer)
    return design_task(question, answer, outcome.details, replies)


def behavioral(text: str = STORY, replies: Replies = ()) -> FeedbackTask:
    question = behavioral_question()
    answer = BehavioralAnswer(text=text)
    outcome = BehavioralGrader().grade(question, answer, client=None)
    return behavioral_task(question, answer, outcome.details, replies)
