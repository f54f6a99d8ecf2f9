"""The offline signals of a rubric criterion, read from one answer's sentences: concepts found
with their support, estimates found with their sanity, and sentences that only list terms.

A signal is `met` (a concept with the support it asks for, an estimate in range, a diagram
part complete), `found` (named without support, or a number out of range) or `absent`.
"""

from __future__ import annotations

import re
from collections.abc import Sequence
from dataclasses import dataclass
from typing import Literal

from app.feedback.quantities import Quantity, find_quantities, magnitude_off
from app.feedback.rubric import Concept, Criterion, Estimate
from app.feedback.text import Sentence, gives_reason, term_span

SignalState = Literal["met", "found", "absent"]
QUOTE_CHARS = 240  # evidence is cut at a word boundary: still a verbatim piece of the answer
LIST_MARKER = re.compile(r"^\s*(?:[-*+]|\d+[.)])\s+")
LIST_MIN_CRITERIA = 3  # a reasonless sentence naming this many criteria's concepts is a list
BARE_ITEM_WORDS = (
    6  # ... and one this short made mostly of terms is a bare bullet ("- Redis cache")
)


@dataclass(frozen=True)
class SignalResult:
    name: str
    state: SignalState
    evidence: tuple[str, ...] = ()
    note: str | None = None  # e.g. an estimate out of range, said to the candidate


def quote(sentence: Sentence) -> str:
    """A sentence as evidence: verbatim, cut to QUOTE_CHARS at a word boundary."""
    text = LIST_MARKER.sub("", sentence.text).strip() or sentence.text
    if len(text) <= QUOTE_CHARS:
        return text
    return text[:QUOTE_CHARS].rsplit(" ", 1)[0]


def has_number(sentence: Sentence) -> bool:
    """Whether the sentence states a quantity (list numbering does not count)."""
    return bool(find_quantities(LIST_MARKER.sub("", sentence.text)))


def is_supported(concept: Concept, sentence: Sentence) -> bool:
    """A plain fact needs nothing; anything else needs its reason or number, which an item
    of an enumeration cannot have (the reason belongs to no item in particular)."""
    if concept.support == "none":
        return True
    if sentence.enumeration:
        return False
    reason = concept.support != "number" and gives_reason(sentence.words)
    return reason or (concept.support != "reason" and has_number(sentence))


def concept_span(concept: Concept, sentence: Sentence) -> tuple[int, int] | None:
    spans = (term_span(sentence.words, term) for term in concept.terms)
    return next((span for span in spans if span is not None), None)


def concept_signal(concept: Concept, sentences: Sequence[Sentence]) -> SignalResult:
    """Met in a sentence that supports it; else found where it is only named."""
    holding = [s for s in sentences if concept_span(concept, s) is not None]
    supported = [s for s in holding if is_supported(concept, s)]
    if supported:
        return SignalResult(concept.name, "met", (quote(supported[0]),))
    if holding:
        return SignalResult(concept.name, "found", (quote(holding[0]),))
    return SignalResult(concept.name, "absent")


def estimate_signal(estimate: Estimate, sentences: Sequence[Sentence]) -> SignalResult:
    """Met by a number of its dimension in range, beside one of its cues; found when the
    numbers there are out of range (the note says by how much)."""
    seen: list[tuple[Sentence, float]] = []
    for sentence in sentences:
        if any(term_span(sentence.words, cue) for cue in estimate.cues):
            seen += [(sentence, value) for value in _values(estimate, sentence.text)]
    for sentence, value in seen:
        in_range = magnitude_off(value, estimate.low, estimate.high) == 1.0
        if in_range and not sentence.enumeration:
            return SignalResult(estimate.name, "met", (quote(sentence),))
    if not seen:
        return SignalResult(estimate.name, "absent")
    sentence, value = seen[0]
    off = magnitude_off(value, estimate.low, estimate.high)
    if off == 1.0:  # a sane number, but one item of a run of buzzwords
        return SignalResult(estimate.name, "found", (quote(sentence),))
    side = "high" if value > estimate.high else "low"
    note = f"{estimate.name}: {quote(sentence)!r} looks about {off:.0f}x too {side}"
    return SignalResult(estimate.name, "found", (quote(sentence),), note)


def _values(estimate: Estimate, text: str) -> list[float]:
    """The values in `text` that measure what `estimate` measures, in its base unit."""
    return [v for q in find_quantities(text) if (v := _as(estimate, q)) is not None]


def _as(estimate: Estimate, quantity: Quantity) -> float | None:
    if quantity.dimension == estimate.dimension:
        return quantity.value
    if estimate.dimension == "bytes" and quantity.dimension == "bytes_rate":
        return quantity.amount  # "5 TB a year" is also a size: the year's storage
    if estimate.dimension == "count" and quantity.dimension == "rate":
        return quantity.amount  # "100M new links a month" is also a count
    return None


def term_list_sentences(sentences: Sequence[Sentence], criteria: Sequence[Criterion]) -> set[int]:
    """The sentences that only list terms: no reason, no number, and either concepts of
    LIST_MIN_CRITERIA criteria or, in a short line, terms covering most of its words. Nothing
    in them counts."""
    return {
        i
        for i, sentence in enumerate(sentences)
        if not gives_reason(sentence.words)
        and not has_number(sentence)
        and _looks_like_a_list(sentence, criteria)
    }


def _looks_like_a_list(sentence: Sentence, criteria: Sequence[Criterion]) -> bool:
    named, covered = 0, set[int]()
    for criterion in criteria:
        spans = [
            span
            for concept in criterion.concepts
            for term in concept.terms
            if (span := term_span(sentence.words, term)) is not None
        ]
        named += bool(spans)
        covered.update(i for start, end in spans for i in range(start, end))
    mostly_terms = bool(covered) and 2 * len(covered) >= len(sentence.words)
    return named >= LIST_MIN_CRITERIA or (mostly_terms and len(sentence.words) <= BARE_ITEM_WORDS)
