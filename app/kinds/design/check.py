"""What `drill bank check` proves of a design prompt: every stage's reference meets every one
of its criteria under the offline grader, the reference diagram parses, and a list of the
stage's own terms meets none (a rubric that rewards buzzwords is a defect)."""

from __future__ import annotations

from collections import Counter
from pathlib import Path

from app.bank.loader import ContentProblem
from app.kinds.design.answer import DesignAnswer
from app.kinds.design.diagram import DiagramError, parse_flowchart
from app.kinds.design.grader import stage_feedback
from app.kinds.design.models import DesignQuestion, DesignStage


def check_question(question: DesignQuestion, source: Path) -> list[ContentProblem]:
    problems: list[ContentProblem] = []
    for stage in question.stages:
        where = f"stages.{stage.name}"
        problems += [ContentProblem(source, where, reason) for reason in stage_problems(stage)]
    return problems


def stage_problems(stage: DesignStage) -> list[str]:
    return [
        *_diagram_problems(stage),
        *_reference_problems(stage),
        *_buzzword_problems(stage),
        *_duplicate_terms(stage),
    ]


def _diagram_problems(stage: DesignStage) -> list[str]:
    if stage.reference_diagram is None:
        return []
    try:
        parse_flowchart(stage.reference_diagram)
    except DiagramError as error:
        return [f"reference_diagram line {error.line}: {error}"]
    return []


def _reference_problems(stage: DesignStage) -> list[str]:
    answer = DesignAnswer(stage=stage.name, text=stage.reference, diagram=stage.reference_diagram)
    feedback, _ = stage_feedback(stage, answer)
    return [
        f"the reference does not meet criterion {c.criterion_id!r} ({c.verdict}): {c.rationale}"
        for c in feedback.criteria
        if c.verdict != "met"
    ]


def _buzzword_problems(stage: DesignStage) -> list[str]:
    """Every concept's first term, as a comma list and as bullets: neither may meet anything."""
    terms = [concept.terms[0] for c in stage.criteria for concept in c.concepts]
    lists = ["We would use " + ", ".join(terms) + ".", "\n".join(f"- {t}" for t in terms)]
    problems = []
    for text in lists:
        feedback, _ = stage_feedback(stage, DesignAnswer(stage=stage.name, text=text))
        met = [c.criterion_id for c in feedback.criteria if c.verdict == "met"]
        if met:
            problems.append(f"a list of the stage's terms meets {', '.join(met)}")
    return problems


def _duplicate_terms(stage: DesignStage) -> list[str]:
    """A term under two concepts of one stage cannot tell them apart."""
    counts = Counter(
        term.lower() for c in stage.criteria for concept in c.concepts for term in concept.terms
    )
    return [
        f"term {term!r} is listed {n} times in this stage" for term, n in counts.items() if n > 1
    ]
