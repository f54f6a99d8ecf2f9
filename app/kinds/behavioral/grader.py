"""A behavioral answer graded offline: the STAR rubric's signals and the prompt's own
criteria (the feedback package's rubric grader) into one Feedback, every quote checked
against what the candidate wrote. The level comes from the prompt's criteria alone: scope,
influence and systemic fixes are what they are written to tell apart."""

from __future__ import annotations

from dataclasses import dataclass

from app.feedback.llm.guard import without_grader_text
from app.feedback.model import (
    LEVELS,
    MAX_FIXES,
    CriterionFeedback,
    Feedback,
    SectionFeedback,
    ground,
)
from app.feedback.offline import grade_section, section_level
from app.feedback.text import sentences
from app.kinds.behavioral.answer import BehavioralAnswer
from app.kinds.behavioral.models import BehavioralQuestion
from app.kinds.behavioral.parts import story_parts
from app.kinds.behavioral.signals import (
    first_person,
    length_fit,
    part_present,
    quantified_result,
    reflection,
    speaking_seconds,
    spoken_words,
)
from app.kinds.behavioral.star import StarRubric, star_rubric
from app.kinds.outcome import Outcome
from app.kinds.registry import Services

STATUS = "graded"  # a story is never right or wrong: its score says how much was met
STAR_SECTION = "star"
PROMPT_SECTION = "criteria"


@dataclass(frozen=True)
class Graded:
    feedback: Feedback
    words: int
    speaking_s: int

    @property
    def score(self) -> float:
        """The STAR rubric and the prompt's criteria weigh the same: the mean of the two."""
        return sum(section.score for section in self.feedback.sections) / 2


class BehavioralGrader:
    def grade(
        self, question: BehavioralQuestion, answer: BehavioralAnswer, *, client: str | None
    ) -> Outcome:
        graded = grade_answer(question, answer)
        details = {
            "feedback": graded.feedback.model_dump(mode="json"),
            "words": graded.words,
            "speaking_s": graded.speaking_s,
        }
        missed = [
            c.criterion_id
            for section in graded.feedback.sections
            for c in section.criteria
            if c.verdict != "met"
        ]
        return Outcome(STATUS, graded.score, details, missed)


def make_grader(services: Services) -> BehavioralGrader:
    return BehavioralGrader()


def grade_answer(question: BehavioralQuestion, answer: BehavioralAnswer) -> Graded:
    feedback = story_feedback(question, answer)
    words = spoken_words(answer.full_text())
    return Graded(feedback, words, speaking_seconds(words, star_rubric()))


def story_feedback(
    question: BehavioralQuestion, answer: BehavioralAnswer, replies: str = ""
) -> Feedback:
    """The STAR section judges the story as told; the prompt's criteria judge it together with
    any follow-up `replies` (a reply adds substance, it does not retell or lengthen the story)."""
    answer = _without_grader_text(answer)  # what speaks to the grader earns nothing
    text = answer.full_text()
    told = f"{text}\n\n{replies}" if replies else text
    star = star_section(answer, star_rubric())
    own = grade_section(PROMPT_SECTION, question.criteria, told, follow_ups=question.follow_ups)
    sections = [_grounded(star, text), _grounded(own, told)]
    level = sections[1].level
    return Feedback(source="offline", sections=sections, level=level, fixes=_fixes(sections))


def _without_grader_text(answer: BehavioralAnswer) -> BehavioralAnswer:
    update: dict[str, str | None] = {
        name: without_grader_text(text) for name, text in answer.fields().items()
    }
    update["text"] = None if answer.text is None else without_grader_text(answer.text)
    return answer.model_copy(update=update)


def star_section(answer: BehavioralAnswer, rubric: StarRubric) -> SectionFeedback:
    parts = story_parts(answer, rubric)
    text = answer.full_text()
    criteria = [
        *(part_present(part, parts, rubric) for part in ("situation", "task", "action", "result")),
        first_person(parts, rubric),
        quantified_result(parts, rubric),
        reflection(parts, rubric),
        length_fit(text, sentences(text), rubric),
    ]
    fixes = _open_fixes(criteria, rubric)
    return SectionFeedback(section=STAR_SECTION, criteria=criteria, fixes=fixes)


def _open_fixes(criteria: list[CriterionFeedback], rubric: StarRubric) -> list[str]:
    """The fixes of the criteria not met: missing before partial, the basics first."""
    open_ = [c for c in criteria if c.verdict != "met"]
    open_.sort(key=lambda c: (c.verdict != "missing", LEVELS.index(c.level or "mid")))
    return [rubric.criterion(c.criterion_id).fix for c in open_[:MAX_FIXES]]


def _grounded(section: SectionFeedback, text: str) -> SectionFeedback:
    """Only the quotes that are in the answer; a level judged again on what is left."""
    criteria = [ground(criterion, text) for criterion in section.criteria]
    level = section_level(criteria) if section.level is not None else None
    return section.model_copy(update={"criteria": criteria, "level": level})


def _fixes(sections: list[SectionFeedback]) -> list[str]:
    """The prompt's own fixes first (what this question is about), then the STAR ones."""
    star, own = sections
    return list(dict.fromkeys([*own.fixes[:2], *star.fixes]))[:MAX_FIXES]
