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

import snowballstemmer

WORD = re.compile(r"[a-z0-9]+")
# A sentence ends at . ! ? followed by white space and a capital, a digit or markup, and at a
# blank line; a line break ends one only before a list item, a table row or a heading (a line
# wrapped inside a paragraph is still the same sentence, as in markdown)
SENTENCE_END = re.compile(
    r"(?<=[.!?])\s+(?=[A-Z0-9\"'`(*\[])|\n\s*\n|\n(?=\s*(?:[-*+]\s|\d+[.)]\s|\||#))"
)
TYPO_MIN_LETTERS = 6  # shorter words must match exactly: "cash" is not "cache"
STEMMER = snowballstemmer.stemmer("english")
# Words a term may drop or reorder around its content words, and how far apart those may be
STOPWORDS = frozenset((
    "a", "an", "the", "to", "of", "in", "on", "for", "and", "or", "is", "are", "be", "it",
    "its", "this", "that", "we", "our", "with", "by", "at", "as", "from", "into", "per",
    "each", "one",
))  # fmt: skip
WINDOW_SLACK = 3
VOWELS = frozenset("aeiouy")

# Words and phrases that give a reason, a consequence or a condition
REASON_MARKERS = (
    "because", "since", "so that", "so", "otherwise", "to avoid", "avoids", "avoid",
    "which means", "means", "meaning", "instead of", "rather than", "at the cost of",
    "in case", "unless", "if", "then", "prevents", "prevent", "ensures", "ensure",
    "guarantees", "guarantee", "lets", "allows", "allow", "enables", "but", "whereas",
    "therefore", "thus", "hence", "in order to", "due to", "as long as", "reduces", "keeps",
    "protects", "survives", "breaks", "fails", "without", "only once", "why",
    "until",
)  # fmt: skip
MARKER_WORDS = {marker: tuple(WORD.findall(marker)) for marker in REASON_MARKERS}


# An enumeration: at least this many items between commas (not in 86,400), semicolons, " + ",
# " & " or "vs",
# three in four of them this short ("Redis, Kafka, sharding, CQRS"; a sentence of clauses
# between commas is not one)
ENUMERATION_ITEMS = 4
SHORT_ITEM_WORDS = 3
IDENTIFIER = re.compile(r"\w_\w|[a-z][A-Z]")
BRACKETED = re.compile(r"`[^`]*`|\([^()]*\)|\{[^{}]*\}|\[[^\[\]]*\]")
ITEM_SEPARATOR = re.compile(r"(?<!\d),|,(?!\d)|;|\s[+&]\s|\bvs\b\.?|\bversus\b", re.IGNORECASE)


@dataclass(frozen=True)
class Sentence:
    text: str  # verbatim from the answer, so it can be quoted
    words: tuple[str, ...]

    @property
    def enumeration(self) -> bool:
        """Whether the sentence is mostly a run of short items: a reason or a number in it
        belongs to no item in particular."""
        bare = BRACKETED.sub(" ", self.text)  # a field list in code or braces is no pile
        items = [item for item in ITEM_SEPARATOR.split(bare) if words(item)]
        named = [words(item) for item in items if not _counts(item)]
        buzz = sum(len(item) <= SHORT_ITEM_WORDS for item in named)
        return len(named) >= ENUMERATION_ITEMS and 4 * buzz >= 3 * len(named)


def _counts(item: str) -> bool:
    """Whether an item is a measurement ("long_url 200 B") or an identifier ("created_at",
    "userId"): a field list or a list of figures is no pile of buzzwords."""
    return any(word[0].isdigit() for word in words(item)) or bool(IDENTIFIER.search(item))


def words(text: str) -> tuple[str, ...]:
    """Lower-case words and numbers; punctuation and hyphens split words."""
    return tuple(WORD.findall(text.lower()))


def sentences(text: str) -> list[Sentence]:
    """The answer's sentences, list items and table rows, each stripped and verbatim."""
    parts = (part.strip() for part in SENTENCE_END.split(text))
    return [Sentence(part, words(part)) for part in parts if words(part)]


def find_term(sentence_words: tuple[str, ...], term: str) -> bool:
    """Whether `term` appears in the sentence (see `term_span`)."""
    return term_span(sentence_words, term) is not None


def term_span(sentence_words: tuple[str, ...], term: str) -> tuple[int, int] | None:
    """Where `term` first appears in the sentence's words, as (first word, past last): as
    consecutive words, or, for a term of two or more content words, with all of them close
    together in any order ("keep the popular links in memory" for "popular links memory")."""
    wanted, content = _term_words(term)
    if not wanted:
        return None
    span = _consecutive(sentence_words, wanted)
    if span is None and len(content) >= 2:
        span = _close_together(sentence_words, content)
    return span


@cache
def _term_words(term: str) -> tuple[tuple[str, ...], tuple[str, ...]]:
    """A term's words, and those of them that are not stop words."""
    wanted = words(term)
    return wanted, tuple(word for word in wanted if word not in STOPWORDS)


def _consecutive(got: tuple[str, ...], wanted: tuple[str, ...]) -> tuple[int, int] | None:
    for start in range(len(got) - len(wanted) + 1):
        window = got[start : start + len(wanted)]
        if all(_same_word(g, w) for g, w in zip(window, wanted, strict=True)):
            return start, start + len(wanted)
    return None


def _close_together(got: tuple[str, ...], content: tuple[str, ...]) -> tuple[int, int] | None:
    """The first run of at most len(content) + WINDOW_SLACK words holding every content word."""
    places = [[i for i, g in enumerate(got) if _same_word(g, w)] for w in content]
    if not all(places):  # the common case: some word is not there at all
        return None
    size = len(content) + WINDOW_SLACK
    for start in sorted({i for found in places for i in found}):
        hits = [next((i for i in found if start <= i < start + size), None) for found in places]
        if all(hit is not None for hit in hits):
            inside = [hit for hit in hits if hit is not None]
            return min(inside), max(inside) + 1
    return None


def gives_reason(sentence_words: tuple[str, ...]) -> bool:
    """Whether a reason word sits in the sentence, exactly as listed (no stems, no typos:
    "break" in "tie-break" is no reason)."""
    return any(_exactly(sentence_words, MARKER_WORDS[marker]) for marker in REASON_MARKERS)


def _exactly(got: tuple[str, ...], wanted: tuple[str, ...]) -> bool:
    width = len(wanted)
    return any(got[i : i + width] == wanted for i in range(len(got) - width + 1))


@cache
def _same_word(got: str, want: str) -> bool:
    """Equal, the same stem ("cached" and "caching"), or, for long words, one edit away: a
    typo or a transposition."""
    if got == want or _stem(got) == _stem(want):
        return True
    if len(want) < TYPO_MIN_LETTERS or want.isdigit() or abs(len(got) - len(want)) > 1:
        return False
    return _one_edit(got, want)


@cache
def _stem(word: str) -> str:
    return str(STEMMER.stemWord(word))


def _one_edit(a: str, b: str) -> bool:
    """Whether `a` is `b` with one of the slips people make in long words: a vowel for another
    ("idempotancy"), two neighbours swapped ("recieve"), or a doubled letter added or dropped
    ("comited"); never at the first letter. Real words one letter apart ("shared" and
    "sharded", "pending" and "sending", "asynchronous") are not slips of each other."""
    if len(a) > len(b):
        a, b = b, a
    i = next((k for k, (x, y) in enumerate(zip(a, b, strict=False)) if x != y), len(a))
    if i == 0:
        return False
    if len(a) < len(b):  # b has one letter more: only a doubled one
        return a[i:] == b[i + 1 :] and b[i] == b[i - 1]
    if a[i + 1 :] == b[i + 1 :]:
        return a[i] in VOWELS and b[i] in VOWELS
    swapped = i + 1 < len(a) and a[i] == b[i + 1] and a[i + 1] == b[i]
    return swapped and a[i + 2 :] == b[i + 2 :]
