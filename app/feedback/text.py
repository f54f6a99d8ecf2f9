"""Reading a free-text answer the way the rubric grader needs: sentences, words, terms found
with a typo's tolerance, and whether a sentence gives a reason.

>>> [s.text for s in sentences("Reads dominate, 100:1. So we cache.\\n- one item")]
['Reads dominate, 100:1.', 'So we cache.', '- one item']
>>> find_term(words("We retry with exponantial backoff"), "exponential backoff")
True
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from functools import cache

WORD = re.compile(r"[a-z0-9]+")
# A sentence ends at . ! ? followed by white space and a capital, a digit or markup, and at a
# blank line; a line break ends one only before a list item, a table row or a heading (a line
# wrapped inside a paragraph is still the same sentence, as in markdown)
SENTENCE_END = re.compile(
    r"(?<=[.!?])\s+(?=[A-Z0-9\"'`(*\[])|\n\s*\n|\n(?=\s*(?:[-*+]\s|\d+[.)]\s|\||#))"
)
TYPO_MIN_LETTERS = 6  # shorter words must match exactly: "cash" is not "cache"

# Words and phrases that give a reason, a consequence or a condition
REASON_MARKERS = (
    "because", "since", "so that", "so", "otherwise", "to avoid", "avoids", "avoid",
    "which means", "means", "meaning", "instead of", "rather than", "at the cost of",
    "in case", "unless", "if", "then", "prevents", "prevent", "ensures", "ensure",
    "guarantees", "guarantee", "lets", "allows", "allow", "enables", "but", "whereas",
    "therefore", "thus", "hence", "in order to", "due to", "as long as", "reduces", "keeps",
    "protects", "survives", "breaks", "fails", "without", "only once", "why",
)  # fmt: skip


# An enumeration: at least this many items between commas (not in 86,400), semicolons, " + ",
# " & " or "vs",
# at least half of them this short ("Redis, Kafka, sharding, CQRS")
ENUMERATION_ITEMS = 4
SHORT_ITEM_WORDS = 4
ITEM_SEPARATOR = re.compile(r"(?<!\d),|,(?!\d)|;|\s[+&]\s|\bvs\b\.?|\bversus\b", re.IGNORECASE)


@dataclass(frozen=True)
class Sentence:
    text: str  # verbatim from the answer, so it can be quoted
    words: tuple[str, ...]

    @property
    def enumeration(self) -> bool:
        """Whether the sentence is mostly a run of short items: a reason or a number in it
        belongs to no item in particular."""
        items = [words(item) for item in ITEM_SEPARATOR.split(self.text)]
        items = [item for item in items if item]
        short = sum(len(item) <= SHORT_ITEM_WORDS for item in items)
        return len(items) >= ENUMERATION_ITEMS and 2 * short >= len(items)


def words(text: str) -> tuple[str, ...]:
    """Lower-case words and numbers; punctuation and hyphens split words."""
    return tuple(WORD.findall(text.lower()))


def sentences(text: str) -> list[Sentence]:
    """The answer's sentences, list items and table rows, each stripped and verbatim."""
    parts = (part.strip() for part in SENTENCE_END.split(text))
    return [Sentence(part, words(part)) for part in parts if words(part)]


def find_term(sentence_words: tuple[str, ...], term: str) -> bool:
    """Whether `term` (one or more words) appears in the sentence as consecutive words."""
    return term_span(sentence_words, term) is not None


def term_span(sentence_words: tuple[str, ...], term: str) -> tuple[int, int] | None:
    """Where `term` first appears in the sentence's words, as (first word, past last)."""
    wanted = words(term)
    if not wanted:
        return None
    for start in range(len(sentence_words) - len(wanted) + 1):
        window = sentence_words[start : start + len(wanted)]
        if all(_same_word(got, want) for got, want in zip(window, wanted, strict=True)):
            return start, start + len(wanted)
    return None


def gives_reason(sentence_words: tuple[str, ...]) -> bool:
    return any(find_term(sentence_words, marker) for marker in REASON_MARKERS)


@cache
def _same_word(got: str, want: str) -> bool:
    """Equal, a plural of it, or (for long words) one edit away: a typo or a transposition."""
    if got == want or got in (want + "s", want + "es"):
        return True
    if len(want) < TYPO_MIN_LETTERS or want.isdigit() or abs(len(got) - len(want)) > 1:
        return False
    return _one_edit(got, want)


def _one_edit(a: str, b: str) -> bool:
    """Whether `a` becomes `b` by one insertion, deletion, substitution or swap of neighbours."""
    if len(a) > len(b):
        a, b = b, a
    i = next((k for k, (x, y) in enumerate(zip(a, b, strict=False)) if x != y), len(a))
    if len(a) < len(b):
        return a[i:] == b[i + 1 :]
    swapped = i + 1 < len(a) and a[i] == b[i + 1] and a[i + 1] == b[i]
    return a[i + 1 :] == b[i + 1 :] or (swapped and a[i + 2 :] == b[i + 2 :])
