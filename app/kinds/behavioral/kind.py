"""The behavioral kind as the core plugs it in."""

from __future__ import annotations

from pathlib import Path
from typing import Any

from app.bank.loader import ContentProblem
from app.kinds.behavioral.answer import BehavioralAnswer
from app.kinds.behavioral.check import check_question
from app.kinds.behavioral.competencies import COMPETENCIES_FILE, Competencies, load_competencies
from app.kinds.behavioral.feedback_task import behavioral_task
from app.kinds.behavioral.grader import make_grader
from app.kinds.behavioral.models import STAR_PARTS, BehavioralQuestion
from app.kinds.behavioral.star import star_rubric
from app.kinds.registry import Checker, Kind, Services
from app.settings import Settings


def known_competencies(settings: Settings) -> Competencies:
    """The competencies of the bank's question_bank/behavioral/competencies.toml."""
    return load_competencies(settings.bank_dir / "behavioral" / COMPETENCIES_FILE)


def make_checker(services: Services) -> Checker[BehavioralQuestion]:
    known = known_competencies(Settings())

    def check(question: BehavioralQuestion, source: Path) -> list[ContentProblem]:
        return check_question(question, source, known)

    return check


def public_view(question: BehavioralQuestion) -> dict[str, Any]:
    """The competency, the fields of an answer and the spoken length that fits; never the
    criteria, what the interviewer listens for or the reference story."""
    speaking = star_rubric().speaking
    return {
        "competency": question.competency,
        "fields": list(STAR_PARTS),
        "speaking": {"words_per_minute": speaking.words_per_minute, "fit_words": speaking.fit},
    }


def solution_view(question: BehavioralQuestion) -> dict[str, Any]:
    return {
        "explanation": question.explanation,
        "reference": {
            "story": question.reference.model_dump(),
            "listens_for": question.listens_for,
            "follow_ups": question.follow_ups,
            "criteria": [
                c.model_dump(include={"id", "title", "level", "missing", "partial", "met", "fix"})
                for c in question.criteria
            ],
        },
    }


def rules(question: BehavioralQuestion) -> list[str]:
    low, high = star_rubric().speaking.fit
    return [
        "Answer with one story, as the STAR fields (situation, task, action, result, "
        "reflection) or as one text told the way you would say it.",
        "Every answer is graded on the STAR rubric: each part present, the action told as "
        '"I", a result with a number, a reflection, and a length that fits.',
        f"{low}-{high} words fit a two to three minute spoken answer (at about "
        f"{star_rubric().speaking.words_per_minute} words a minute).",
        "The prompt's own criteria are graded too: an idea counts with its reason or number "
        "in the same sentence, and a list of terms counts for nothing.",
        "Your level is estimated from the prompt's criteria: scope, influence and systemic fixes.",
    ]


BEHAVIORAL = Kind[BehavioralQuestion, BehavioralAnswer](
    name="behavioral",
    question_model=BehavioralQuestion,
    answer_model=BehavioralAnswer,
    make_grader=make_grader,
    make_checker=make_checker,
    public_view=public_view,
    solution_view=solution_view,
    rules=rules,
    page="behavioral.html",
    feedback_task=behavioral_task,
)
