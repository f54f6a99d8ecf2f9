"""The offline rubric grader: one section of an answer and its criteria in, the section's
feedback out, deterministically and with no network (docs/design-format.md says the rules).

It resists keyword stuffing by construction: a concept counts only with the support it asks
for in its own sentence, and a sentence that only lists terms counts for nothing; and it
hears plain words, because a concept's terms carry its paraphrases.
"""

from __future__ import annotations

from collections.abc import Mapping, Sequence
from dataclasses import dataclass

from app.feedback.model import (
    LEVELS,
    VERDICT_SCORE,
    CriterionFeedback,
    Level,
    LevelEstimate,
    SectionFeedback,
    Verdict,
)
from app.feedback.piles import Pile, pile_of
from app.feedback.quantities import check_arithmetic
from app.feedback.rubric import Criterion
from app.feedback.signals import (
    SignalResult,
    concept_signal,
    estimate_signal,
    term_list_sentences,
)
from app.feedback.text import Sentence, gives_reason, sentences

MAX_FIXES = 3
MOSTLY_MET = 0.75  # the share of a level's points (and all below it) that reaches the level
SHORT_ANSWER_WORDS = 25


def grade_section(
    section: str,
    criteria: Sequence[Criterion],
    answer: str,
    *,
    follow_ups: Sequence[str] = (),
    extra: Mapping[str, Sequence[SignalResult]] | None = None,
) -> SectionFeedback:
    """Feedback on `answer` for one section; `extra` holds signals a kind read itself (the
    design kind's diagram), by criterion id."""
    every = sentences(answer)
    lists = term_list_sentences(every, criteria)
    reading = _reading(every, lists)
    judged = [_judge(c, reading, (extra or {}).get(c.id, ())) for c in criteria]
    feedback = [item for item, _ in judged]
    return SectionFeedback(
        section=section,
        criteria=feedback,
        fixes=_fixes(criteria, feedback),
        follow_ups=list(follow_ups),
        level=section_level(feedback),
        notes=_notes(answer, every, lists, reading, [n for _, notes in judged for n in notes]),
    )


@dataclass(frozen=True)
class Reading:
    """What of an answer counts (its sentences minus term lists, and minus enumerations when
    it is mostly lists), whether any sentence gives a reason (said in a note), and whether it
    is a pile of buzzwords (which earns nothing)."""

    counted: list[Sentence]
    reasoned: bool
    listy: bool  # most of its words sit in lists and enumerations
    pile: Pile  # how densely it names technologies, and how often it says why


def _reading(every: Sequence[Sentence], lists: set[int]) -> Reading:
    prose = [s for i, s in enumerate(every) if i not in lists and not s.enumeration]
    reasoned = any(gives_reason(s.words) for s in prose)
    listed = sum(len(s.words) for s in every) - sum(len(s.words) for s in prose)
    listy = 2 * listed >= sum(len(s.words) for s in every) > 0
    counted = [s for i, s in enumerate(every) if i not in lists]
    if listy:  # mostly a pile of terms: its enumerations count for nothing
        counted = prose
    return Reading(counted, reasoned, listy, pile_of(every))


def _judge(
    criterion: Criterion, reading: Reading, extra: Sequence[SignalResult]
) -> tuple[CriterionFeedback, list[str]]:
    counted = reading.counted
    signals = [
        *(concept_signal(concept, counted) for concept in criterion.concepts),
        *(estimate_signal(estimate, counted) for estimate in criterion.estimates),
        *extra,
    ]
    verdict = _verdict(criterion.need, signals)
    if reading.pile.is_pile:  # a pile of buzzwords earns nothing, whatever it names
        verdict = "missing"
    evidence = list(dict.fromkeys(q for s in signals if s.state != "absent" for q in s.evidence))
    item = CriterionFeedback(
        criterion_id=criterion.id,
        title=criterion.title,
        level=criterion.level,
        verdict=verdict,
        evidence=evidence[:3],
        rationale=_rationale(criterion, verdict, signals, reading.pile.is_pile),
    )
    return item, [s.note for s in signals if s.note]


def _verdict(need: int, signals: Sequence[SignalResult]) -> Verdict:
    if sum(s.state == "met" for s in signals) >= need:
        return "met"
    return "partial" if any(s.state != "absent" for s in signals) else "missing"


def _rationale(
    criterion: Criterion, verdict: Verdict, signals: Sequence[SignalResult], pile: bool
) -> str:
    """The verdict's anchor, then which signals were heard and which were not."""
    met = [s.name for s in signals if s.state == "met"]
    found = [s.name for s in signals if s.state == "found"]
    parts = [getattr(criterion, verdict)]
    if met:
        parts.append(f"Heard, with a reason or a number: {', '.join(met)}.")
    if found:
        parts.append(f"Named without a reason, a number, or a sane value: {', '.join(found)}.")
    if verdict != "met" and not met and not found:
        parts.append("Nothing in this stage's answer speaks to it.")
    if pile and (met or found):
        parts.append("No credit: the answer reads as a pile of terms, not an answer.")
    return " ".join(parts)


def _fixes(criteria: Sequence[Criterion], feedback: Sequence[CriterionFeedback]) -> list[str]:
    """The fixes of the criteria not met: missing before partial, the basics first."""
    open_ = [(f, c) for f, c in zip(feedback, criteria, strict=True) if f.verdict != "met"]
    open_.sort(key=lambda pair: (pair[0].verdict != "missing", LEVELS.index(pair[1].level)))
    return [criterion.fix for _, criterion in open_[:MAX_FIXES]]


def _notes(
    answer: str,
    every: Sequence[Sentence],
    lists: set[int],
    reading: Reading,
    signal_notes: Sequence[str],
) -> list[str]:
    notes = list(signal_notes)
    size = sum(len(s.words) for s in every)
    if size == 0:
        return ["This stage has no answer."]
    if size < SHORT_ANSWER_WORDS:
        notes.append(f"Only {size} words: say what you would say out loud, with reasons.")
    if reading.pile.is_pile:  # one note says it all
        notes.append(
            f"This names {reading.pile.named} technologies or patterns in {size} words, and "
            f"{reading.pile.reasons:.0%} of its sentences say why: it reads as a pile of terms, "
            "which earns nothing. Pick fewer things and say why each fits this problem."
        )
    elif not reading.reasoned:
        notes.append(
            "No sentence says why: an interviewer credits a choice when you give the reason "
            "it fits here (because..., so that..., otherwise...)."
        )
    if (lists or reading.listy) and not reading.pile.is_pile:
        notes.append(
            "Much of this reads as a list of terms; a list earns nothing by itself. "
            "Say why each choice fits this problem."
        )
    notes += [
        f"Check the arithmetic: {slip.text!r} comes to about {slip.computed:,.3g}."
        for slip in check_arithmetic(answer)
    ]
    return list(dict.fromkeys(notes))


def section_level(criteria: Sequence[CriterionFeedback]) -> LevelEstimate:
    """The highest level whose own points, and its points with every level's below, are
    mostly met (a few strong senior points do not make up for a weak level below)."""
    return _level_of(criteria)


def overall_level(sections: Sequence[SectionFeedback]) -> LevelEstimate:
    """The level of a whole answer: the same rule over every section's criteria."""
    return _level_of([c for section in sections for c in section.criteria])


def _level_of(criteria: Sequence[CriterionFeedback]) -> LevelEstimate:
    reached: Level = "junior"
    reasons: list[str] = []
    pool: list[CriterionFeedback] = []
    climbing = True
    for level in LEVELS:
        at_level = [c for c in criteria if (c.level or "mid") == level]
        pool += at_level
        if not at_level:
            continue
        reasons.append(_level_reason(level, at_level))
        if climbing and min(_mean(pool), _mean(at_level)) >= MOSTLY_MET:
            reached = level
        else:
            climbing = False
    return LevelEstimate(level=reached, reasons=reasons or ["No criteria were judged."])


def _level_reason(level: Level, criteria: Sequence[CriterionFeedback]) -> str:
    met = [c for c in criteria if c.verdict == "met"]
    short = [c.title for c in criteria if c.verdict != "met"]
    reason = f"{level}: {len(met)} of {len(criteria)} points met"
    return reason + (f" (not yet: {'; '.join(short[:3])})" if short else "")


def _mean(criteria: Sequence[CriterionFeedback]) -> float:
    return sum(VERDICT_SCORE[c.verdict] for c in criteria) / len(criteria) if criteria else 0.0
