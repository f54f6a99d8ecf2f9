"""Reading a number and the unit after it at one position of free text: the reader behind
`find_quantities` and `check_arithmetic` (app/feedback/quantities.py)."""

from __future__ import annotations

import math
import re
from dataclasses import dataclass, replace
from typing import TYPE_CHECKING

from app.feedback import units as u
from app.feedback.numbers import NUMBER, Number, number_at

if TYPE_CHECKING:
    from app.feedback.quantities import Dimension


@dataclass(frozen=True)
class Reading:
    """A number as read at a position, in base units, with its unit if it has one (dimension
    None if not). A per-period amount keeps `amount` and `period_s`, as in `Quantity`."""

    start: int
    end: int
    value: float
    dimension: Dimension | None
    amount: float | None = None
    period_s: float | None = None
    written: float | None = None  # in the unit written, where arithmetic differs: 30 days, 1 Gbps
    figure: float = 0.0  # the number before its unit: 12 in "12 GB", 1,200 in "1.2k/s"
    other: Reading | None = None  # the other way to read it: "4B" alone, bytes or billions


# Where a number may start: not inside a word, a version, a price, a path or an id.
START = re.compile(r"(?<![\w.$€£#/:\\-])(?<!\d,)(?:" + NUMBER.pattern + ")")
_RANGE_JOIN = re.compile(r"-(?=\d)|\s?[\u2013\u2014]\s?|\s+to\s+")  # hyphen, en, em dash
_BETWEEN = re.compile(r"\bbetween\s+$", re.IGNORECASE)
_BETWEEN_JOIN = re.compile(r"\s+and\s+")
_OF = re.compile(r"\s+of(?=\s)")


def read_at(text: str, start: int) -> Reading | None:
    """The number starting at `start` with its unit, or None when what follows says it is
    no amount ("50%", "2x", "3rd", "10:30", "1.2.3")."""
    first = number_at(text, start)
    if first is None:
        return None
    between = _BETWEEN.search(text, max(0, start - 10), start) is not None
    number = _range_from(text, first, _BETWEEN_JOIN if between else _RANGE_JOIN) or first
    if u.NOT_AN_AMOUNT_AFTER.match(text, number.end):
        return None
    return _with_figure(_with_unit(text, start, number), number.value)


def _with_unit(text: str, start: int, number: Number) -> Reading:
    for read_unit in (_bit_rate, _bytes, _duration, _abbreviated_rate, _bare_b):
        if (reading := read_unit(text, start, number)) is not None:
            return reading
    return _counted(text, start, number)


def _with_figure(reading: Reading, figure: float) -> Reading:
    other = reading.other and replace(reading.other, figure=figure)
    return replace(reading, figure=figure, other=other)


def _range_from(text: str, low: Number, joins: re.Pattern[str]) -> Number | None:
    """'10-20k': both ends, the scale of the high one shared unless the low one has its own."""
    join = joins.match(text, low.end)
    high = number_at(text, join.end()) if join else None
    if high is None or u.NOT_AN_AMOUNT_AFTER.match(text, high.end):
        return None
    low_value = low.value * high.scale if low.scale == 1 else low.value
    low_value = low_value if low_value < high.value else low.value
    if not 0 < low_value < high.value:
        return None
    return Number(math.sqrt(low_value * high.value), high.end, high.scaled, high.scale)


def _bit_rate(text: str, start: int, number: Number) -> Reading | None:
    match = u.BIT_RATE.match(text, number.end)
    if match is None:
        return None
    prefix = (match.group("prefix") or match.group("word") or "").lower()
    bits = number.value * u.BYTE_PREFIXES[prefix]
    return Reading(start, match.end(), bits / 8, "bytes_rate", written=bits)


def _bytes(text: str, start: int, number: Number) -> Reading | None:
    if (match := u.BITS.match(text, number.end)) is not None:
        reading = _bytes_and_period(text, start, number.value / 8, match.end())
        return replace(reading, written=number.value)
    match = u.BYTES.match(text, number.end)
    if match is None:
        return None
    prefix = (match.group("prefix") or match.group("word") or "").lower()
    return _bytes_and_period(text, start, number.value * u.BYTE_PREFIXES[prefix], match.end())


def _bytes_and_period(text: str, start: int, size: float, end: int) -> Reading:
    """A size, or a byte rate when a period follows ("5 TB/year", "2 TB of logs a day")."""
    for after in (end, *_of_phrase_ends(text, end)):
        if (period := _period(text, after)) is not None:
            return _per_period(start, period[1], size, period[0], "bytes_rate")
    return Reading(start, end, size, "bytes")


def _duration(text: str, start: int, number: Number) -> Reading | None:
    match = u.DURATION.match(text, number.end)
    if match is None:
        return None
    unit = match.group("attached") or match.group("spaced")
    seconds = number.value * u.DURATIONS[unit]
    return Reading(start, match.end(), seconds, "duration", written=number.value)


def _abbreviated_rate(text: str, start: int, number: Number) -> Reading | None:
    match = u.RATE.match(text, number.end)
    if match is None:
        return None
    period = u.RATE_ABBREVIATIONS[match.group("abbr").lower()]
    return _per_period(start, match.end(), number.value, period, "rate")


def _bare_b(text: str, start: int, number: Number) -> Reading | None:
    """'1B users' is a billion; '500 B' and '500 B/s' are bytes; alone, '4B' is read as a
    billion and '500B' as bytes, each with the other reading kept."""
    match = u.BARE_B.match(text, number.end)
    if match is None:
        return None
    billions = _counted(text, start, Number(number.value * 1e9, match.end(), True))
    if _plural_follows(text, match.end()):
        return billions
    in_bytes = _bytes_and_period(text, start, number.value, match.end())
    if match.group("space"):
        return in_bytes
    if number.value >= 10:
        return replace(in_bytes, other=billions)
    return replace(billions, other=in_bytes)


def _plural_follows(text: str, pos: int) -> bool:
    if u.USER_COUNTS.match(text, pos) is not None:
        return True
    word = u.WORD.match(text, pos)
    return (
        word is not None and word.group("word").endswith("s") and _ends_with_noun(text, word.end())
    )


def _counted(text: str, start: int, number: Number) -> Reading:
    """A rate ("40/s", "100M requests a day"), a count ("3 replicas", "100M DAU", "10k"), or
    a bare number."""
    if (users := u.USER_COUNTS.match(text, number.end)) is not None:
        return Reading(start, users.end(), number.value, "count")
    counted_end = None
    for words, end in enumerate((number.end, *_phrase_ends(text, number.end))):
        if (period := _period(text, end)) is not None:
            return _per_period(start, period[1], number.value, period[0], "rate")
        if counted_end is None and 0 < words <= 2 and _counts(text, start, number, end):
            counted_end = end  # "3 replicas", "3 read replicas"; a rate may take three words
    if counted_end is not None:
        return Reading(start, counted_end, number.value, "count")
    return Reading(start, number.end, number.value, "count" if number.scaled else None)


def _phrase_ends(text: str, pos: int, limit: int = 3) -> list[int]:
    """Where each of the next few words ends, up to a word that breaks a noun phrase."""
    ends: list[int] = []
    while len(ends) < limit and (word := u.WORD.match(text, pos)) is not None:
        if word.group("word").lower() in u.PHRASE_BREAKS | u.NOT_NOUNS:
            break
        ends.append(pos := word.end())
    return ends


def _of_phrase_ends(text: str, pos: int) -> list[int]:
    """The ends of the words of an 'of' phrase after a size: '2 TB of new logs (a day)'."""
    of = _OF.match(text, pos)
    return _phrase_ends(text, of.end(), limit=2) if of else []


def _counts(text: str, start: int, number: Number, end: int) -> bool:
    """Whether the word ending at `end` names what `number` counts: a count noun, plural
    unless the number is one or joined to it ("3-node cluster"; not "Redis 7 cluster"), and
    a whole number unless scaled (not "1.1 Functional requirements")."""
    whole = number.scaled or "." not in text[start : number.end]
    if not whole or not _ends_with_noun(text, end):
        return False
    word = text[:end].rsplit(maxsplit=1)[-1].rsplit("-", 1)[-1].lower()
    joined = text.startswith("-", number.end)
    return word.endswith("s") or word in u.PLURALS or number.value == 1 or joined


def _ends_with_noun(text: str, end: int) -> bool:
    word = re.search(r"[A-Za-z]+$", text[max(0, end - 40) : end])
    return word is not None and u.is_count_noun(word.group())


def _period(text: str, pos: int) -> tuple[float, int] | None:
    """The period in seconds of a 'per' phrase at `pos`, and where it ends."""
    match = u.PERIOD.match(text, pos)
    if match is None:
        return None
    if match.group("adverb"):
        return u.ADVERBS[match.group("adverb")], match.end()
    word = match.group("slash") or match.group("word")
    return u.PERIODS[word], match.end()


def _per_period(start: int, end: int, amount: float, period: float, dim: Dimension) -> Reading:
    if period == u.SECOND:
        return Reading(start, end, amount, dim)
    return Reading(start, end, amount / period, dim, amount, period)
