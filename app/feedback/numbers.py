"""Reading a written number as back-of-envelope estimates write them: digits with separators
(1,000,000; 1 000 000), decimals, scientific and power forms (1e6, 10^6, 2^32), and the
magnitude suffixes and words that follow (12k, 100M, 5mm, 3bn, 1.5 billion, a million).

A bare "B" is not read here: it may be billions or bytes, which only the unit reader can tell.
"""

from __future__ import annotations

import math
import re
from dataclasses import dataclass

SCALES = {
    "k": 1e3,
    "thousand": 1e3,
    "m": 1e6,
    "mm": 1e6,
    "mn": 1e6,
    "million": 1e6,
    "bn": 1e9,
    "billion": 1e9,
    "t": 1e12,
    "tn": 1e12,
    "trillion": 1e12,
}
_SEPARATOR = "[,\u00a0\u2009\u202f ]"  # comma, no-break, thin and narrow no-break spaces
NUMBER = re.compile(
    r"(?P<base>\d{1,3})\s?(?:\^|\*\*)\s?(?P<power>\d{1,2})(?![\d.])"
    r"|(?P<mantissa>\d+(?:\.\d+)?)[eE](?P<exponent>[+-]?\d{1,3})(?![\d.])"
    rf"|(?P<grouped>\d{{1,3}}(?P<sep>{_SEPARATOR})\d{{3}}(?:(?P=sep)\d{{3}})*(?:\.\d+)?)(?!\d)"
    r"|(?P<plain>\d+(?:\.\d+)?)"
    r"|(?P<one>\b(?i:a|an|one))(?=\s+(?i:thousand|million|billion|trillion)\b)"
)
# A suffix is attached ("12k", "3bn"); a word or a capital may follow one space ("100 M").
SCALE = re.compile(
    r"(?P<attached>mm|MM|mn|bn|tn|[kKmMtT])(?![A-Za-z])"
    r"|\s?(?P<word>(?i:thousand|million|billion|trillion))\b"
    r"|\s(?P<spaced>[KMT])(?![A-Za-z])"
)


@dataclass(frozen=True)
class Number:
    value: float
    end: int
    scaled: bool  # written with a magnitude (12k, 1e6, 2^32, 1,000,000): an amount, not an id
    scale: float = 1.0  # the suffix's or word's factor: 1e3 for "12k"


def number_at(text: str, start: int) -> Number | None:
    """The number starting exactly at `start`, with its magnitude suffix or word."""
    match = NUMBER.match(text, start)
    if match is None:
        return None
    value, shaped = _digits_value(match)
    if not math.isfinite(value):
        return None
    scale = SCALE.match(text, match.end())
    if scale is None:
        return Number(value, match.end(), shaped)
    suffix = scale.group("attached") or scale.group("word") or scale.group("spaced")
    factor = SCALES[suffix.lower()]
    return Number(value * factor, scale.end(), True, factor)


def _digits_value(match: re.Match[str]) -> tuple[float, bool]:
    """The value of the digits alone, and whether their form already marks a magnitude."""
    if match.group("base"):
        return float(int(match.group("base")) ** int(match.group("power"))), True
    if match.group("mantissa"):
        return float(f"{match.group('mantissa')}e{match.group('exponent')}"), True
    if match.group("grouped"):
        return float(re.sub(_SEPARATOR, "", match.group("grouped"))), True
    if match.group("one"):
        return 1.0, False
    return float(match.group("plain")), False
