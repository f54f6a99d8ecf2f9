"""Numbers with units in free text, read the way back-of-envelope estimates are written
("~12k rps at peak", "100M DAU", "5 TB/year", "p99 under 200 ms", "3 replicas"), and the
arithmetic written out between them checked.

Values are in base units: per second, bytes, bytes per second, items, seconds. A range
("10-20k QPS") is read as one quantity at its geometric mean, the middle of the range on the
order-of-magnitude scale estimates are judged on. A bare number ("2026", "HTTP 429", "v2",
"3.1", "top 10") is not a quantity: it needs a unit, a counted noun or a magnitude ("10k").
"""

from __future__ import annotations

import itertools
import math
import re
from dataclasses import dataclass
from typing import Literal

from app.feedback import units as u
from app.feedback.arithmetic import ArithmeticSlip, Operand, slip_in
from app.feedback.reading import START, Reading, read_at

Dimension = Literal["rate", "bytes", "bytes_rate", "count", "duration"]
__all__ = [
    "ArithmeticSlip",
    "Dimension",
    "Quantity",
    "check_arithmetic",
    "find_quantities",
    "magnitude_off",
]
_PRECEDING_WORD = re.compile(r"([A-Za-z]+)\W{0,2}$")


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


def find_quantities(text: str) -> list[Quantity]:
    """Every quantity in `text`, in order."""
    found, pos = [], 0
    while (match := START.search(text, pos)) is not None:
        reading = read_at(text, match.start())
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


def _quantity(text: str, reading: Reading, dimension: Dimension) -> Quantity:
    span = text[reading.start : reading.end]
    amount, period = reading.amount, reading.period_s
    return Quantity(reading.value, dimension, span, reading.start, reading.end, amount, period)


def _is_amount(text: str, reading: Reading) -> bool:
    """Not a label ("port 5432", "top 10") nor a year ("since 2019 users")."""
    before = _PRECEDING_WORD.search(text, max(0, reading.start - 24), reading.start)
    word = before.group(1).lower() if before else ""
    if word in u.LABELS:
        return False
    digits = text[reading.start : reading.start + 4]
    is_year = digits.isdigit() and 1900 <= int(digits) <= 2100 and reading.dimension == "count"
    return not (is_year and word in u.YEAR_PREPOSITIONS)


# -- written-out arithmetic --------------------------------------------------------------

# Multiplication sign, division sign, minus sign; "x" and "-" only between spaces.
_OPERATOR = re.compile(r"\s*(?P<op>[\u00d7*\u00f7/+])\s*|\s+(?P<spaced>[x\u2212-])\s+")
_RELATION = re.compile(
    r"\s*(?:~=|≈|=>|->|→|==?|~|\bis\s+(?:about|roughly|around|approximately))\s*"
    r"(?:(?:~|≈|about|roughly|around|approx\.?|approximately)\s*)?"
)
_AFTER_OPERAND = re.compile(r"(?:[\u00d7*\u00f7/+)\]]|\s[x\u2212-])\s*$")
_OPS = {"*": "*", "x": "*", "\u00d7": "*", "/": "/", "\u00f7": "/", "+": "+", "-": "-"}
_OPS |= {"\u2212": "-"}


def check_arithmetic(text: str) -> list[ArithmeticSlip]:
    """The written-out calculations whose stated result is more than twice off."""
    slips = []
    for match in START.finditer(text):
        if _AFTER_OPERAND.search(text, max(0, match.start() - 4), match.start()) is None:
            slip = _slip_at(text, match.start())
            slips += [slip] if slip is not None else []
    return slips


def _slip_at(text: str, start: int) -> ArithmeticSlip | None:
    """The slip in an expression starting at `start`: None if it adds up, read either way
    an ambiguous number can be read, or if it cannot be read."""
    expression = _expression_at(text, start)
    if expression is None:
        return None
    readings, ops = expression
    if any(r.other is not None and r.other.end != r.end for r in readings):
        return None  # the two readings of an ambiguous number span different text
    slips = [
        slip_in(
            text[start : readings[-1].end],
            [_operand(r) for r in chosen[:-1]],
            ops,
            _operand(chosen[-1]),
        )
        for chosen in itertools.product(
            *[[r] if r.other is None else [r, r.other] for r in readings]
        )
    ]
    return None if None in slips else slips[0]


def _expression_at(text: str, start: int) -> tuple[list[Reading], list[str]] | None:
    """`a op b [op c ...] = result` at `start`: its readings (the result last) and operators."""
    first = read_at(text, start)
    if first is None:
        return None
    readings, ops = [first], []
    while (op := _OPERATOR.match(text, readings[-1].end)) is not None:
        if (operand := read_at(text, op.end())) is None:
            return None
        readings.append(operand)
        ops.append(_OPS[op.group("op") or op.group("spaced")])
    relation = _RELATION.match(text, readings[-1].end) if ops else None
    result = read_at(text, relation.end()) if relation else None
    return ([*readings, result], ops) if result is not None else None


def _operand(reading: Reading) -> Operand:
    written = reading.written if reading.written is not None else reading.amount
    written = written if written is not None else reading.value
    return Operand(written, reading.value, reading.figure)
