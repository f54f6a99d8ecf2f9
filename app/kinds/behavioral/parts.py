"""Which sentences of an answer play which part of the story: the STAR fields as given, or,
for one free text, the sentences each part's words mark (star.toml), the rest following the
sentence before them (a story flows), the opening setting the scene."""

from __future__ import annotations

from app.feedback.text import Sentence, sentences, term_span
from app.kinds.behavioral.answer import BehavioralAnswer
from app.kinds.behavioral.models import STAR_PARTS, StarPart
from app.kinds.behavioral.star import StarRubric

Parts = dict[StarPart, list[Sentence]]
# A sentence marked by two parts' words plays the first of these: "I learned" beats "I", and
# "my job was" beats the action words in it
CUE_ORDER: tuple[StarPart, ...] = ("reflection", "task", "result", "action", "situation")


def story_parts(answer: BehavioralAnswer, rubric: StarRubric) -> Parts:
    if answer.text is None:
        return {part: sentences(text) for part, text in answer.fields().items()}
    return parts_of_text(answer.text, rubric)


def parts_of_text(text: str, rubric: StarRubric) -> Parts:
    parts: Parts = {part: [] for part in STAR_PARTS}
    previous: StarPart | None = None
    for sentence in sentences(text):
        part = cued_part(sentence, rubric) or _unmarked(sentence, previous, rubric)
        parts[part].append(sentence)
        previous = part
    return parts


def cued_part(sentence: Sentence, rubric: StarRubric) -> StarPart | None:
    """The part whose words the sentence holds, in CUE_ORDER; None when it holds none."""
    for part in CUE_ORDER:
        terms = (term for concept in rubric.cues(part) for term in concept.terms)
        if any(term_span(sentence.words, term) is not None for term in terms):
            return part
    return None


def _unmarked(sentence: Sentence, previous: StarPart | None, rubric: StarRubric) -> StarPart:
    """An unmarked opening sets the scene; an unmarked sentence told as "I" or "we" after
    the scene or the task is an action; anything else goes on with the part before it."""
    if previous is None:
        return "situation"
    said = rubric.first_person
    told = any(word in said.singular or word in said.plural for word in sentence.words)
    if told and previous in ("situation", "task", "action"):
        return "action"
    return previous
