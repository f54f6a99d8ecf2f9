"""Numbers with units in free text, read the way back-of-envelope estimates are written
("~12k rps at peak", "100M DAU", "5 TB/year", "p99 under 200 ms", "3 replicas"), and the
arithmetic written out between them checked.

Values are in base units: per second, bytes, bytes per second, items, seconds. A range
("10-20k QPS") is read as one quantity at its geometric mean, the middle of the range on the
order-of-magnitude scale estimates are judged on. A bare number ("2026", "HTTP 429", "v2",
"3.1", "top 10") is not a quantity: it needs a unit, a counted noun or a magnitude ("10k").
"""

from __future__ import annotations

import math
import re
from dataclasses import dataclass, replace
from typing import Literal

from app.feedback import units as u
from app.feedback.arithmetic import ArithmeticSlip, Operand, slip_in
from app.feedback.numbers import NUMBER, Number, number_at

Dimension = Literal["rate", "bytes", "bytes_rate", "count", "duration"]
__all__ = ["ArithmeticSlip", "Dimension", "Quantity", "check_arithmetic", "find_quantities"]


@dataclass(frozen=True)
class Quantity:
    """A number with its unit. A per-period amount ("5 TB/year", "100M requests a day") is a
    per-second rate that keeps its `amount` and `period_s`; a per-second rate keeps neither."""

    value: float
    dimension: Dimension
    text: str
    start: int
    end: int
    amount: float | None = None
    period_s: float | None = None


@dataclass(frozen=True)
class _Reading:
    """A number as read at a position, with its unit if it has one (dimension None if not)."""

    start: int
    end: int
    value: float
    dimension: Dimension | None
    amount: float | None = None
    period_s: float | None = None
    ambiguous: bool = False  # "4B" alone: four billion or four bytes


_START = re.compile(r"(?<![\w.$€£#/:\\-])(?<!\d,)(?:" + NUMBER.pattern + ")")
_RANGE_JOIN = re.compile(r"-(?=\d)|\s?[\u2013\u2014]\s?|\s+to\s+")  # hyphen, en, em dash
_PRECEDING_WORD = re.compile(r"([A-Za-z]+)\W{0,2}$")
_OF = re.compile(r"\s+of(?=\s)")


def find_quantities(text: str) -> list[Quantity]:
    """Every quantity in `text`, in order."""
    found, pos = [], 0
    while (match := _START.search(text, pos)) is not None:
        reading = _read_at(text, match.start())
        pos = reading.end if reading is not None else match.end()
        if reading is not None and reading.dimension is not None and _is_amount(text, reading):
            found.append(_quantity(text, reading, reading.dimension))
    return found


def magnitude_off(value: float, low: float, high: float) -> float:
    """1.0 inside [low, high]; else how many times outside it."""
    if value > high:
        return value / high
    if value < low:
        return low / value if value > 0 else math.inf
    return 1.0


def _quantity(text: str, reading: _Reading, dimension: Dimension) -> Quantity:
    span = text[reading.start : reading.end]
    amount, period = reading.amount, reading.period_s
    return Quantity(reading.value, dimension, span, reading.start, reading.end, amount, period)


def _is_amount(text: str, reading: _Reading) -> bool:
    """Not a label ("port 5432", "top 10") nor a year ("since 2019 users")."""
    before = _PRECEDING_WORD.search(text, max(0, reading.start - 24), reading.start)
    word = before.group(1).lower() if before else ""
    if word in u.LABELS:
        return False
    digits = text[reading.start : reading.start + 4]
    is_year = digits.isdigit() and 1900 <= int(digits) <= 2100 and reading.dimension == "count"
    return not (is_year and word in u.YEAR_PREPOSITIONS)


def _read_at(text: str, start: int) -> _Reading | None:
    first = number_at(text, start)
    if first is None:
        return None
    number = _range_from(text, first) or first
    if u.NOT_AN_AMOUNT_AFTER.match(text, number.end):
        return None
    for read_unit in (_bit_rate, _bytes, _duration, _abbreviated_rate, _bare_b):
        if (reading := read_unit(text, start, number)) is not None:
            return reading
    return _counted(text, start, number)


def _range_from(text: str, low: Number) -> Number | None:
    """'10-20k': both ends, the scale of the high one shared unless the low one has its own."""
    join = _RANGE_JOIN.match(text, low.end)
    high = number_at(text, join.end()) if join else None
    if high is None or u.NOT_AN_AMOUNT_AFTER.match(text, high.end):
        return None
    low_value = low.value * high.scale if low.scale == 1 else low.value
    low_value = low_value if low_value < high.value else low.value
    if not 0 < low_value < high.value:
        return None
    return Number(math.sqrt(low_value * high.value), high.end, high.scaled, high.scale)


def _bit_rate(text: str, start: int, number: Number) -> _Reading | None:
    match = u.BIT_RATE.match(text, number.end)
    if match is None:
        return None
    prefix = (match.group("prefix") or match.group("word") or "").lower()
    value = number.value * u.BYTE_PREFIXES[prefix] / 8
    return _Reading(start, match.end(), value, "bytes_rate")


def _bytes(text: str, start: int, number: Number) -> _Reading | None:
    if (match := u.BITS.match(text, number.end)) is not None:
        return _bytes_and_period(text, start, number.value / 8, match.end())
    match = u.BYTES.match(text, number.end)
    if match is None:
        return None
    prefix = (match.group("prefix") or match.group("word") or "").lower()
    return _bytes_and_period(text, start, number.value * u.BYTE_PREFIXES[prefix], match.end())


def _bytes_and_period(text: str, start: int, size: float, end: int) -> _Reading:
    """A size, or a byte rate when a period follows ("5 TB/year", "2 TB of logs a day")."""
    for after in (end, *_of_phrase_ends(text, end)):
        if (period := _period(text, after)) is not None:
            return _per_period(start, period[1], size, period[0], "bytes_rate")
    return _Reading(start, end, size, "bytes")


def _duration(text: str, start: int, number: Number) -> _Reading | None:
    match = u.DURATION.match(text, number.end)
    if match is None:
        return None
    unit = match.group("attached") or match.group("spaced")
    return _Reading(start, match.end(), number.value * u.DURATIONS[unit], "duration")


def _abbreviated_rate(text: str, start: int, number: Number) -> _Reading | None:
    match = u.RATE.match(text, number.end)
    if match is None:
        return None
    period = u.RATE_ABBREVIATIONS[match.group("abbr").lower()]
    return _per_period(start, match.end(), number.value, period, "rate")


def _bare_b(text: str, start: int, number: Number) -> _Reading | None:
    """'1B users' is a billion; '500 B' and '500 B/s' are bytes; alone, '4B' is read as a
    billion and '500B' as bytes, both marked ambiguous."""
    match = u.BARE_B.match(text, number.end)
    if match is None:
        return None
    billions = _counted(text, start, Number(number.value * 1e9, match.end(), True))
    if _plural_follows(text, match.end()):
        return billions
    if match.group("space") or number.value >= 10:
        reading = _bytes_and_period(text, start, number.value, match.end())
    else:
        reading = billions
    return replace(reading, ambiguous=not match.group("space"))


def _plural_follows(text: str, pos: int) -> bool:
    if u.USER_COUNTS.match(text, pos) is not None:
        return True
    word = u.WORD.match(text, pos)
    return (
        word is not None and word.group("word").endswith("s") and _ends_with_noun(text, word.end())
    )


def _counted(text: str, start: int, number: Number) -> _Reading:
    """A rate ("40/s", "100M requests a day"), a count ("3 replicas", "100M DAU", "10k"), or
    a bare number."""
    if (users := u.USER_COUNTS.match(text, number.end)) is not None:
        return _Reading(start, users.end(), number.value, "count")
    counted_end = None
    for end in (number.end, *_phrase_ends(text, number.end)):
        if (period := _period(text, end)) is not None:
            return _per_period(start, period[1], number.value, period[0], "rate")
        if counted_end is None and end > number.end and _ends_with_noun(text, end):
            counted_end = end
    if counted_end is not None:
        return _Reading(start, counted_end, number.value, "count")
    return _Reading(start, number.end, number.value, "count" if number.scaled else None)


def _phrase_ends(text: str, pos: int, limit: int = 3) -> list[int]:
    """Where each of the next few words ends, up to a word that breaks a noun phrase."""
    ends: list[int] = []
    while len(ends) < limit and (word := u.WORD.match(text, pos)) is not None:
        if word.group("word").lower() in u.PHRASE_BREAKS:
            break
        ends.append(pos := word.end())
    return ends


def _of_phrase_ends(text: str, pos: int) -> list[int]:
    """The ends of the words of an 'of' phrase after a size: '2 TB of new logs (a day)'."""
    of = _OF.match(text, pos)
    return _phrase_ends(text, of.end(), limit=2) if of else []


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


def _per_period(start: int, end: int, amount: float, period: float, dim: Dimension) -> _Reading:
    if period == u.SECOND:
        return _Reading(start, end, amount, dim)
    return _Reading(start, end, amount / period, dim, amount, period)


# -- written-out arithmetic --------------------------------------------------------------

# Multiplication sign, division sign, minus sign; "x" and "-" only between spaces.
_OPERATOR = re.compile(r"\s*(?P<op>[\u00d7*\u00f7/+])\s*|\s+(?P<spaced>[x\u2212-])\s+")
_RELATION = re.compile(
    r"\s*(?:~=|≈|=>|->|→|==?|~|\bis\s+(?:about|roughly|around|approximately))\s*"
    r"(?:(?:~|≈|about|roughly|around|approx\.?|approximately)\s*)?"
)
_AFTER_OPERAND = re.compile(r"(?:[\u00d7*\u00f7/+)\]]|\s[x\u2212-])\s*$")
_OPS = {"\u00d7": "*", "*": "*", "x": "*", "/": "/", "\u00f7": "/", "+": "+", "-": "-"}
_OPS["\u2212"] = "-"


def check_arithmetic(text: str) -> list[ArithmeticSlip]:
    """The written-out calculations whose stated result is more than twice off."""
    slips = []
    for match in _START.finditer(text):
        if _AFTER_OPERAND.search(text, max(0, match.start() - 4), match.start()) is None:
            slip = _slip_at(text, match.start())
            slips += [slip] if slip is not None else []
    return slips


def _slip_at(text: str, start: int) -> ArithmeticSlip | None:
    """The slip in an expression starting at `start`; None if it adds up or cannot be read."""
    first = _read_at(text, start)
    if first is None:
        return None
    readings, ops = [first], []
    while (op := _OPERATOR.match(text, readings[-1].end)) is not None:
        if (operand := _read_at(text, op.end())) is None:
            return None
        readings.append(operand)
        ops.append(_OPS[op.group("op") or op.group("spaced")])
    relation = _RELATION.match(text, readings[-1].end) if ops else None
    result = _read_at(text, relation.end()) if relation else None
    if result is None or any(r.ambiguous for r in [*readings, result]):
        return None
    expression = text[start : result.end]
    return slip_in(expression, [_operand(r) for r in readings], ops, _operand(result))


def _operand(reading: _Reading) -> Operand:
    per_second = reading.dimension in ("rate", "bytes_rate")
    in_bytes = reading.dimension in ("bytes", "bytes_rate")
    seconds = -1 if per_second else int(reading.dimension == "duration")
    written = reading.amount if reading.amount is not None else reading.value
    return Operand(written, reading.value, (int(in_bytes), seconds))
