"""What `drill bank check` proves of a behavioral prompt: its competency is known, its
reference story meets every criterion (the STAR rubric's and its own) told as STAR fields
and as one spoken text, and a list of its own terms meets none of its criteria (a rubric
that rewards buzzwords is a defect)."""

from __future__ import annotations

from collections import Counter
from pathlib import Path

from app.bank.loader import ContentProblem
from app.kinds.behavioral.answer import BehavioralAnswer
from app.kinds.behavioral.competencies import Competencies
from app.kinds.behavioral.grader import grade_answer
from app.kinds.behavioral.models import BehavioralQuestion


def check_question(
    question: BehavioralQuestion, source: Path, known: Competencies
) -> list[ContentProblem]:
    found = [
        *(("competency", reason) for reason in _competency_problems(question, known)),
        *(("reference", reason) for reason in reference_problems(question)),
        *(("criteria", reason) for reason in _buzzword_problems(question)),
        *(("criteria", reason) for reason in _duplicate_terms(question)),
    ]
    return [ContentProblem(source, where, reason) for where, reason in found]


def _competency_problems(question: BehavioralQuestion, known: Competencies) -> list[str]:
    if known.get(question.competency) is not None:
        return []
    return [f"{question.competency!r} is not in competencies.toml: {', '.join(known.ids())}"]


def reference_problems(question: BehavioralQuestion) -> list[str]:
    story = question.reference
    told = {
        "as STAR fields": BehavioralAnswer(**story.model_dump()),
        "as one text": BehavioralAnswer(text=story.text()),
    }
    return [
        f"the reference {how} does not meet {c.criterion_id!r} ({c.verdict}): {c.rationale}"
        for how, answer in told.items()
        for section in grade_answer(question, answer).feedback.sections
        for c in section.criteria
        if c.verdict != "met"
    ]


def _buzzword_problems(question: BehavioralQuestion) -> list[str]:
    """Every concept's first term, as a comma list and as bullets: neither may meet anything."""
    terms = [concept.terms[0] for c in question.criteria for concept in c.concepts]
    lists = ["I did " + ", ".join(terms) + ".", "\n".join(f"- {t}" for t in terms)]
    problems = []
    for text in lists:
        _, own = grade_answer(question, BehavioralAnswer(text=text)).feedback.sections
        met = [c.criterion_id for c in own.criteria if c.verdict == "met"]
        if met:
            problems.append(f"a list of the prompt's terms meets {', '.join(met)}")
    return problems


def _duplicate_terms(question: BehavioralQuestion) -> list[str]:
    """A term under two concepts of one prompt cannot tell them apart."""
    counts = Counter(
        term.lower() for c in question.criteria for concept in c.concepts for term in concept.terms
    )
    return [f"term {term!r} is listed {n} times" for term, n in counts.items() if n > 1]
