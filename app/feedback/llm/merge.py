"""A model's reply made honest: only the rubric's criteria, only quotes that are in the answer
(and not sentences that speak to the grader), a verdict with no quote left standing missing;
then set beside the offline grader's verdicts, criterion by criterion."""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import dataclass

from app.feedback.llm.guard import addressed_to_grader, honest_text, quotes_instructions
from app.feedback.llm.task import MAX_FOLLOW_UPS, FeedbackTask, LlmCriterion, LlmReply
from app.feedback.model import (
    MAX_FIXES,
    CriterionFeedback,
    Feedback,
    LevelEstimate,
    SectionFeedback,
    Verdict,
    ground,
)


@dataclass(frozen=True)
class Judged:
    """One criterion as the model judged it (grounded) beside the offline verdict."""

    section: str
    criterion: CriterionFeedback
    offline: Verdict | None
    dropped: tuple[str, ...]  # quotes the model gave that could not stand

    @property
    def agrees(self) -> bool:
        return self.criterion.verdict == self.offline

    def event(self) -> dict[str, object]:
        return {
            "section": self.section,
            "criterion": self.criterion.model_dump(mode="json"),
            "offline": self.offline,
            "agrees": self.agrees,
            "dropped": list(self.dropped),
        }


class Grounding:
    """The checks every criterion of one task's reply goes through."""

    def __init__(self, task: FeedbackTask) -> None:
        self.task = task
        self._text = honest_text(task.answer)  # as written and as the model saw it
        self.flagged = addressed_to_grader(task.answer)

    def criterion(self, raw: LlmCriterion) -> Judged | None:
        """The criterion grounded, or None for one that is not in the rubric."""
        line = next((r for r in self.task.rubric if r.criterion_id == raw.criterion_id), None)
        if line is None:
            return None
        evidence = [q for q in raw.evidence if not quotes_instructions(q, self.flagged)]
        claimed = CriterionFeedback(
            criterion_id=line.criterion_id,
            title=line.title,
            level=line.level,
            verdict=raw.verdict,
            evidence=evidence,
            rationale=raw.rationale or "The model gave no reason.",
        )
        grounded = _unquoted_is_missing(ground(claimed, self._text))
        dropped = tuple(q for q in raw.evidence if q not in grounded.evidence)
        offline = self.task.offline_criterion(line.criterion_id)
        return Judged(line.section, grounded, None if offline is None else offline.verdict, dropped)


def _unquoted_is_missing(criterion: CriterionFeedback) -> CriterionFeedback:
    """A model's verdict with no quote left standing is missing: the model was told to quote
    or say missing, so an unquoted claim (or one on invented quotes) earns nothing."""
    if criterion.evidence or criterion.verdict == "missing":
        return criterion
    why = "No quote the model gave is in your answer, so this counts as missing. "
    return criterion.model_copy(
        update={"verdict": "missing", "rationale": why + criterion.rationale}
    )


def merged(task: FeedbackTask, reply: LlmReply, judged: Iterable[Judged]) -> Feedback:
    """The model's whole feedback, in the offline feedback's sections and order; a criterion
    the model skipped keeps the offline verdict, and a note says so."""
    by_id = {j.criterion.criterion_id: j.criterion for j in judged}
    sections = [_section(section, by_id) for section in task.offline.sections]
    follow_ups = reply.follow_ups[:MAX_FOLLOW_UPS] if task.follow_ups else []
    last = sections[-1].model_copy(update={"follow_ups": follow_ups})
    level = None
    if reply.level is not None and reply.level_reasons:
        level = LevelEstimate(level=reply.level, reasons=reply.level_reasons[:3])
    return Feedback(
        source="llm", sections=[*sections[:-1], last], level=level, fixes=reply.fixes[:MAX_FIXES]
    )


def _section(offline: SectionFeedback, by_id: dict[str, CriterionFeedback]) -> SectionFeedback:
    criteria = [by_id.get(c.criterion_id, c) for c in offline.criteria]
    skipped = [c.title for c in offline.criteria if c.criterion_id not in by_id]
    notes = [f"The model gave no verdict on: {', '.join(skipped)} (the offline one is shown)."]
    return SectionFeedback(
        section=offline.section, criteria=criteria, notes=notes if skipped else []
    )


def disagreements(feedback: Feedback, offline: Feedback) -> int:
    """How many criteria the two verdicts differ on."""
    theirs = {c.criterion_id: c.verdict for s in offline.sections for c in s.criteria}
    return sum(
        theirs.get(c.criterion_id) != c.verdict for s in feedback.sections for c in s.criteria
    )
