"""PostgreSQL `to_char(number, format)` for the common numeric formats, as DuckDB SQL.

Supported: an optional FM prefix, digit positions 9 and 0, group separators `,` and G, a
decimal point `.` or D, and one sign: S before or after the number, MI or PR after it (without
one, a minus sign goes right before the first digit). The value is rounded half away from zero
to the format's decimals; a value too wide for the format prints every digit as `#`. Formats
beyond these are refused, naming the format.
"""

from __future__ import annotations

import re
from dataclasses import dataclass

from sqlglot import exp

from app.sqlengine.errors import UnsupportedError

FORMAT = re.compile(
    r"(?P<fm>FM)?(?P<lead>S)?(?P<whole>[90,G]*)(?:(?P<point>[.D])(?P<fraction>[90]*))?"
    r"(?P<trail>S|MI|PR)?",
    re.IGNORECASE,
)


@dataclass(frozen=True)
class NumberFormat:
    fill: bool  # no FM: pad to the format's width, keep trailing zeros
    whole: str  # the positions before the point, with separators as ','
    point: bool
    fraction: str
    sign: str  # '', 'S<', 'S>', 'MI' or 'PR'

    @property
    def digits(self) -> int:
        return self.whole.count("9") + self.whole.count("0")

    @property
    def zero_fill(self) -> int:
        """Digit positions from the first 0 on, which print zeros where the value has none."""
        first = self.whole.find("0")
        return 0 if first < 0 else self.whole[first:].count("9") + self.whole[first:].count("0")

    @property
    def width(self) -> int:
        sign = {"": 1, "S<": 1, "S>": 1, "MI": 1, "PR": 2}[self.sign]
        return sign + len(self.whole) + self.point + len(self.fraction)


def parse_number_format(text: str) -> NumberFormat:
    found = FORMAT.fullmatch(text)
    if found is None or not (found["whole"] or found["fraction"]):
        raise UnsupportedError(
            f"to_char on a number with the format {text!r} is not supported here: use 9, 0, "
            "',' or G, '.' or D, an FM prefix and S, MI or PR (e.g. 'FM999,990.00')."
        )
    lead, trail = found["lead"], (found["trail"] or "").upper()
    if lead and trail:
        raise UnsupportedError(f"to_char format {text!r} has two signs.")
    sign = "S<" if lead else "S>" if trail == "S" else trail
    whole = found["whole"].upper().replace("G", ",")
    return NumberFormat(not found["fm"], whole, bool(found["point"]), found["fraction"] or "", sign)


def number_to_char(value: exp.Expr, fmt: NumberFormat) -> exp.Expr:
    """The DuckDB expression printing `value` as PostgreSQL's to_char(value, fmt) does."""
    rounded = f"CAST(CAST({value.sql('duckdb')} AS DECIMAL(38, {len(fmt.fraction)})) AS VARCHAR)"
    sql = f"list_transform([{rounded}], lambda t: {_from_text(fmt)})[1]"
    parsed: exp.Expr = exp.maybe_parse(sql, dialect="duckdb")
    return parsed


def _from_text(fmt: NumberFormat) -> str:
    """SQL over `t`, the rounded value as text ('-12.35'), printing it in `fmt`."""
    digits = "ltrim(split_part(ltrim(t, '-'), '.', 1), '0')"
    fits = f"greatest(length({digits}), 1) <= {fmt.digits}"  # 0.5 has one digit: 0
    whole = f"list_transform([{_whole_digits(fmt, digits)}], lambda d: {_grouped(fmt)})[1]"
    number = f"{whole} || {_point_and_fraction(fmt)}"
    overflow = _overflow(fmt)
    body = f"CASE WHEN {fits} THEN {number} ELSE '{overflow}' END"
    return f"CASE WHEN t IS NOT NULL THEN {_signed(fmt, body)} END"


def _whole_digits(fmt: NumberFormat, digits: str) -> str:
    """The integer digits to print: PostgreSQL drops a lone 0 before the point, except under
    FM when the value is zero, and zero-fills from the format's first 0."""
    if not fmt.point:
        lone_zero = "'0'"
    elif fmt.fill:
        lone_zero = "''"
    else:
        lone_zero = "CASE WHEN regexp_full_match(t, '-?[0.]*') THEN '0' ELSE '' END"
    shown = f"CASE WHEN {digits} = '' THEN {lone_zero} ELSE {digits} END"
    return f"lpad({shown}, CAST(greatest(length({shown}), {fmt.zero_fill}) AS INTEGER), '0')"


def _grouped(fmt: NumberFormat) -> str:
    """The digits `d` with the format's separators, each printed only after a digit."""
    pieces, right = [], fmt.digits
    for position in fmt.whole:
        if position == ",":
            pieces.append(f"CASE WHEN length(d) > {right} THEN ',' ELSE '' END")
        else:
            pieces.append(f"CASE WHEN length(d) >= {right} THEN d[-{right}] ELSE '' END")
            right -= 1
    return " || ".join(pieces) or "''"


def _point_and_fraction(fmt: NumberFormat) -> str:
    if not fmt.point:
        return "''"
    fraction = "split_part(t, '.', 2)"
    kept = fmt.fraction.rfind("0") + 1  # FM drops trailing zeros only at 9 positions
    if fmt.fill:
        return f"'.' || {fraction}"
    optional = f"rtrim({fraction}[{kept + 1}:], '0')"
    return f"'.' || {fraction}[:{kept}] || {optional}" if kept else f"'.' || {optional}"


def _overflow(fmt: NumberFormat) -> str:
    whole = re.sub("[90]", "#", fmt.whole)
    return whole + ("." + "#" * len(fmt.fraction) if fmt.point else "")


def _signed(fmt: NumberFormat, body: str) -> str:
    """The sign where the format puts it; without FM, padded on the left to the full width."""
    negative = "starts_with(t, '-')"
    if fmt.sign == "PR":
        blank = "' '" if fmt.fill else "''"
        positive = f"{blank} || {body} || {blank}"
        text = f"CASE WHEN {negative} THEN '<' || {body} || '>' ELSE {positive} END"
    else:
        positive = {"S<": "'+'", "S>": "'+'", "MI": "' '" if fmt.fill else "''"}.get(fmt.sign, "''")
        sign = f"CASE WHEN {negative} THEN '-' ELSE {positive} END"
        text = f"{body} || {sign}" if fmt.sign in ("S>", "MI") else f"{sign} || {body}"
    return f"lpad({text}, {fmt.width}, ' ')" if fmt.fill else text
