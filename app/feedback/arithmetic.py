"""Judging arithmetic written out in an answer ("100M / 86,400 s ≈ 1.2k/s"): the operands'
values with their units as powers of bytes and seconds, evaluated with the usual precedence.

Candidates carry units loosely: "50 GB/month x 12 = 600 GB" multiplies the month's amount by
twelve months, "1.2k * 500 B = 600 KB/s" leaves the first "per second" unsaid. So a result is
checked two ways, as the numbers were written (a per-period amount as its amount, a duration
in seconds) and with units carried (a rate per second), and is a slip only when both are more
than TOLERANCE times off.
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass

TOLERANCE = 2.0  # "≈ 1.2k" for 1,157 is rounding; 12k for 1,157 is a slip
Units = tuple[int, int]  # powers of (bytes, seconds): a rate is (0, -1), a byte rate (1, -1)


@dataclass(frozen=True)
class Operand:
    written: float  # as written, in base units: "100M a day" is 1e8, "1 day" 86,400
    value: float  # per second for a rate
    units: Units


@dataclass(frozen=True)
class ArithmeticSlip:
    text: str  # the expression as written, result included
    stated: float  # the stated result as written, in base units
    computed: float  # what the left-hand side comes to, read as written


def slip_in(
    text: str, operands: Sequence[Operand], ops: Sequence[str], stated: Operand
) -> ArithmeticSlip | None:
    """The slip in `operands[0] ops[0] operands[1] ... = stated`, or None when it adds up
    (or cannot be evaluated: a division by zero, a result that is not positive)."""
    written = evaluate([o.written for o in operands], ops)
    if written is None or written <= 0 or stated.written <= 0:
        return None
    off = [_ratio(written, stated.written), _ratio(written, stated.value)]
    value = evaluate([o.value for o in operands], ops)
    if (
        value is not None
        and value > 0
        and carry_units([o.units for o in operands], ops) == (stated.units)
    ):
        off.append(_ratio(value, stated.value))
    return None if min(off) <= TOLERANCE else ArithmeticSlip(text, stated.written, written)


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


def carry_units(units: Sequence[Units], ops: Sequence[str]) -> Units | None:
    """The units of the result, or None when a sum adds unlike units."""
    terms = [units[0]]
    for op, unit in zip(ops, units[1:], strict=True):
        if op in "*/":
            sign = 1 if op == "*" else -1
            terms[-1] = (terms[-1][0] + sign * unit[0], terms[-1][1] + sign * unit[1])
        else:
            terms.append(unit)
    return terms[0] if all(term == terms[0] for term in terms) else None


def _ratio(a: float, b: float) -> float:
    return max(a / b, b / a) if a > 0 and b > 0 else float("inf")
