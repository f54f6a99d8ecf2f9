"""The STAR rubric's signals, each judged into a CriterionFeedback with quotes from the
answer: a part present, the action told in the first person, a result with a number, a
reflection, and a length that fits a two to three minute spoken answer."""

from __future__ import annotations

import re
from collections.abc import Sequence

from app.feedback.model import CriterionFeedback, Verdict
from app.feedback.quantities import find_quantities
from app.feedback.rubric import Criterion
from app.feedback.signals import quote
from app.feedback.text import Sentence, term_span
from app.kinds.behavioral.models import StarPart
from app.kinds.behavioral.parts import Parts
from app.kinds.behavioral.star import StarRubric

SPOKEN_WORD = re.compile(r"\S*[A-Za-z0-9]\S*")  # a dash or an arrow alone is not said
# Amounts find_quantities leaves to others: a percentage, money, a multiple ("3x")
AMOUNT = re.compile(r"\d[\d,.]*\s?(?:%|percent\b|x\b)|[$€£]\s?\d|\d\s?(?:k|m)?\s?(?:usd|eur|gbp)\b")
DIGIT = re.compile(r"\d")


def judged(
    criterion: Criterion, verdict: Verdict, evidence: Sequence[str], why: str
) -> CriterionFeedback:
    """The criterion's anchor for the verdict, then what the signal measured."""
    return CriterionFeedback(
        criterion_id=criterion.id,
        title=criterion.title,
        level=criterion.level,
        verdict=verdict,
        evidence=list(dict.fromkeys(evidence))[:3],
        rationale=f"{getattr(criterion, verdict)} {why}",
    )


def part_present(part: StarPart, parts: Parts, rubric: StarRubric) -> CriterionFeedback:
    found = parts[part]
    size = sum(len(s.words) for s in found)
    criterion = rubric.criterion(part)
    if not found:
        return judged(criterion, "missing", (), f"No sentence plays the {part}.")
    verdict: Verdict = "met" if size >= rubric.part_words.met else "partial"
    return judged(criterion, verdict, [quote(found[0])], f"The {part}: {size} words.")


def first_person(parts: Parts, rubric: StarRubric) -> CriterionFeedback:
    """The share of "I" among "I" and "we" in the action, counted and quoted."""
    criterion, action = rubric.criterion("first-person"), parts["action"]
    said = rubric.first_person
    mine = [s for s in action if _count(s, said.singular)]
    ours = [s for s in action if _count(s, said.plural)]
    i_count = sum(_count(s, said.singular) for s in action)
    we_count = sum(_count(s, said.plural) for s in action)
    if i_count + we_count == 0:
        return judged(
            criterion, "missing", (), 'The action never says who did it: no "I", no "we".'
        )
    share = i_count / (i_count + we_count)
    verdict: Verdict = (
        "met" if share >= said.met else ("partial" if share >= said.partial else "missing")
    )
    evidence = [quote(s) for s in (*mine[:2], *ours[:1])]
    counted = (
        f'In the action, "I" {i_count} times and "we" {we_count} times: {share:.0%} first person.'
    )
    return judged(criterion, verdict, evidence, counted)


def _count(sentence: Sentence, pronouns: Sequence[str]) -> int:
    return sum(word in pronouns for word in sentence.words)


def quantified_result(parts: Parts, rubric: StarRubric) -> CriterionFeedback:
    """Met by a number with a unit, or a before and after with numbers, in the result."""
    criterion, result = rubric.criterion("quantified-result"), parts["result"]
    measured = [s for s in result if _amounts(s) >= 1]
    compared = [s for s in result if _compares(s, criterion)]
    bare = [s for s in result if DIGIT.search(s.text)]
    if measured or [s for s in compared if s in bare]:
        found = (measured or compared)[0]
        return judged(criterion, "met", [quote(found)], "The result has a number to show for it.")
    if bare or compared:
        found = (bare or compared)[0]
        return judged(criterion, "partial", [quote(found)], "A number or a comparison, not both.")
    where = "The result has no number." if result else "There is no result to put a number on."
    return judged(criterion, "missing", (), where)


def _amounts(sentence: Sentence) -> int:
    return len(find_quantities(sentence.text)) + len(AMOUNT.findall(sentence.text.lower()))


def _compares(sentence: Sentence, criterion: Criterion) -> bool:
    terms = (term for concept in criterion.concepts for term in concept.terms)
    return any(term_span(sentence.words, term) is not None for term in terms)


def reflection(parts: Parts, rubric: StarRubric) -> CriterionFeedback:
    return part_present("reflection", parts, rubric)


def spoken_words(text: str) -> int:
    return len(SPOKEN_WORD.findall(text))


def speaking_seconds(words: int, rubric: StarRubric) -> int:
    return round(words * 60 / rubric.speaking.words_per_minute)


def length_fit(text: str, every: Sequence[Sentence], rubric: StarRubric) -> CriterionFeedback:
    """Word count and speaking time; the evidence is where the answer starts and ends."""
    criterion, speaking = rubric.criterion("length-fit"), rubric.speaking
    words = spoken_words(text)
    seconds = speaking_seconds(words, rubric)
    low, high = speaking.fit
    verdict: Verdict = (
        "met"
        if low <= words <= high
        else ("partial" if speaking.near[0] <= words <= speaking.near[1] else "missing")
    )
    estimate = (
        f"{words} words: about {seconds // 60} min {seconds % 60:02d} s spoken at "
        f"{speaking.words_per_minute} words a minute ({low}-{high} words fit)."
    )
    ends = [quote(every[0]), quote(every[-1])] if every else []
    return judged(criterion, verdict, ends, estimate)
