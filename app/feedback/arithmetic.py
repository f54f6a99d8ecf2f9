"""Judging arithmetic written out in an answer ("100M / 86,400 s ≈ 1.2k/s"): the operands
evaluated with the usual precedence, and the stated result compared with what they come to.

Candidates carry units loosely: "50 GB/month x 12 = 600 GB" multiplies a month's amount by
twelve, "30 days x 86,400 s" multiplies thirty by the seconds in a day, "1.2k/s x 30 days"
multiplies a rate by the seconds in a month, "1.2k * 500 B = 600 KB/s" leaves the first "per
second" unsaid, "5 + 2 + 5 = 12 GB" leaves the operands' unit unsaid. So each number has two
readings, as written (a per-period amount as its amount, a duration or a bit rate in the unit
written) and in base units (per second, seconds, bytes), the result a third, its bare figure;
and a result is a slip only when no reading of either side comes within TOLERANCE.
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass

TOLERANCE = 2.0  # "≈ 1.2k" for 1,157 is rounding; 12k for 1,157 is a slip


@dataclass(frozen=True)
class Operand:
    written: float  # as written: "100M a day" is 1e8, "30 days" 30, "1 Gbps" 1e9 (bits)
    value: float  # in base units: "100M a day" is 1,157 per second, "30 days" 2,592,000 s
    figure: float  # the number before its unit: 12 in "12 GB", 1,200 in "1.2k/s"


@dataclass(frozen=True)
class ArithmeticSlip:
    text: str  # the expression as written, result included
    stated: float  # the stated result as written
    computed: float  # what the left-hand side comes to, read as written


def slip_in(
    text: str, operands: Sequence[Operand], ops: Sequence[str], stated: Operand
) -> ArithmeticSlip | None:
    """The slip in `operands[0] ops[0] operands[1] ... = stated`, or None when it adds up
    (or cannot be evaluated: a division by zero, a result that is not positive)."""
    written = evaluate([o.written for o in operands], ops)
    in_base_units = evaluate([o.value for o in operands], ops)
    if written is None or written <= 0 or stated.written <= 0:
        return None
    lefts = [written] if in_base_units is None else [written, in_base_units]
    rights = [stated.written, stated.value, stated.figure]
    if any(_ratio(left, right) <= TOLERANCE for left in lefts for right in rights):
        return None
    return ArithmeticSlip(text, stated.written, written)


def evaluate(values: Sequence[float], ops: Sequence[str]) -> float | None:
    """`values` joined by `ops` (* / + -), products before sums, left to right."""
    terms, signs = [values[0]], [1.0]
    for op, value in zip(ops, values[1:], strict=True):
        if op == "*":
            terms[-1] *= value
        elif op == "/":
            if value == 0:
                return None
            terms[-1] /= value
        else:
            terms.append(value)
            signs.append(-1.0 if op == "-" else 1.0)
    return sum(sign * term for sign, term in zip(signs, terms, strict=True))


def _ratio(a: float, b: float) -> float:
    return max(a / b, b / a) if a > 0 and b > 0 else float("inf")
