"""One stage of a walkthrough graded offline: the stage's text (and on the architecture stage
its Mermaid diagram) against the stage's rubric, into the feedback model."""

from __future__ import annotations

from typing import Any

from app.feedback.llm.guard import without_grader_text
from app.feedback.model import SectionFeedback, ground
from app.feedback.offline import grade_section
from app.feedback.signals import SignalResult, SignalState
from app.kinds.design.answer import DesignAnswer
from app.kinds.design.diagram import DiagramError, Flowchart, check_diagram, parse_flowchart
from app.kinds.design.models import DesignQuestion, DesignStage
from app.kinds.outcome import Outcome
from app.kinds.registry import Services

STATUS = "graded"  # a stage is never right or wrong: its score says how much was met


class DesignGrader:
    def grade(
        self, question: DesignQuestion, answer: DesignAnswer, *, client: str | None
    ) -> Outcome:
        return grade_stage(question.stage(answer.stage), answer)


def make_grader(services: Services) -> DesignGrader:
    return DesignGrader()


def grade_stage(stage: DesignStage, answer: DesignAnswer) -> Outcome:
    """The stage's outcome: its feedback, and what the candidate is told of the diagram."""
    feedback, diagram = stage_feedback(stage, answer)
    details = {"section": stage.name, "feedback": feedback.model_dump(mode="json")}
    missed = [c.criterion_id for c in feedback.criteria if c.verdict != "met"]
    return Outcome(STATUS, feedback.score, {**details, "diagram": diagram}, missed)


def stage_feedback(
    stage: DesignStage, answer: DesignAnswer
) -> tuple[SectionFeedback, dict[str, Any] | None]:
    """The stage's feedback, its quotes checked against what the candidate wrote, and the
    diagram's size or error."""
    chart, diagram = read_diagram(answer.diagram)
    extra = diagram_signals(stage, chart, diagram)
    text = without_grader_text(answer.text)  # what speaks to the grader earns nothing
    feedback = grade_section(
        stage.name, stage.criteria, text, follow_ups=stage.follow_ups, extra=extra
    )
    return grounded(feedback, f"{answer.text}\n{answer.diagram or ''}"), diagram


def grounded(feedback: SectionFeedback, answer: str) -> SectionFeedback:
    criteria = [ground(criterion, answer) for criterion in feedback.criteria]
    return feedback.model_copy(update={"criteria": criteria})


def read_diagram(text: str | None) -> tuple[Flowchart | None, dict[str, Any] | None]:
    """The parsed diagram and what the candidate is told of it (its size, or its error)."""
    if text is None or not text.strip():
        return None, None
    try:
        chart = parse_flowchart(text)
    except DiagramError as error:
        where = {"line": error.line, "column": error.column, "message": str(error)}
        return None, {"error": where}
    return chart, {"nodes": len(chart.nodes), "edges": len(chart.edges)}


def diagram_signals(
    stage: DesignStage, chart: Flowchart | None, diagram: dict[str, Any] | None
) -> dict[str, list[SignalResult]]:
    """Each diagram criterion's signal: complete, half there (found), or absent."""
    signals: dict[str, list[SignalResult]] = {}
    for criterion in stage.criteria:
        if criterion.diagram is not None:
            signals[criterion.id] = [_diagram_signal(criterion.diagram, chart, diagram)]
    return signals


def _diagram_signal(signal: Any, chart: Flowchart | None, diagram: Any) -> SignalResult:
    if chart is None:
        said = "the diagram has a syntax error" if diagram else "no diagram was drawn"
        return SignalResult("the diagram", "absent", note=f"Diagram: {said}.")
    check = check_diagram(chart, signal)
    note = f"The diagram lacks {', '.join(check.missing)}." if check.missing else None
    state: SignalState = "met" if check.met else ("found" if check.ratio >= 0.5 else "absent")
    return SignalResult("the diagram", state, tuple(check.evidence), note)
