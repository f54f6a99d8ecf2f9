"""PostgreSQL `to_char(timestamp, format)` rebuilt from DuckDB's strftime and a few functions.

PostgreSQL pads month and day names to nine characters unless the field has the FM prefix, and
has fields (quarter, day of week) strftime lacks; both are handled here. Numbers are formatted
by `tocharnum.py`.
"""

from __future__ import annotations

import re
from collections.abc import Callable

import sqlglot
from sqlglot import exp

from app.sqlengine.errors import UnsupportedError
from app.sqlengine.translate.exact import numeric_scale
from app.sqlengine.translate.parsing import RAW_TO_CHAR
from app.sqlengine.translate.tocharnum import number_to_char, parse_number_format

Piece = Callable[[exp.Expr], exp.Expr]

# Field -> (strftime code, strftime code with the FM prefix). Longest fields first.
STRFTIME_FIELDS: dict[str, tuple[str, str]] = {
    "HH24": ("%H", "%-H"),
    "HH12": ("%I", "%-I"),
    "IYYY": ("%G", "%G"),
    "YYYY": ("%Y", "%Y"),
    "DDD": ("%j", "%-j"),
    "YY": ("%y", "%y"),
    "MM": ("%m", "%-m"),
    "DD": ("%d", "%-d"),
    "HH": ("%I", "%-I"),
    "MI": ("%M", "%-M"),
    "SS": ("%S", "%-S"),
    "MS": ("%g", "%g"),
    "US": ("%f", "%f"),
    "AM": ("%p", "%p"),
    "PM": ("%p", "%p"),
    "IW": ("%V", "%-V"),
    "Mon": ("%b", "%b"),
    "Dy": ("%a", "%a"),
}
NAME_FIELDS = {"MONTH": "%B", "DAY": "%A", "MON": "%b", "DY": "%a"}
COMPUTED_FIELDS = {
    "Q": "CAST(quarter({x}) AS TEXT)",
    "D": "CAST(dayofweek({x}) + 1 AS TEXT)",
    "WW": "lpad(CAST((dayofyear({x}) - 1) // 7 + 1 AS TEXT), 2, '0')",
    "FMWW": "CAST((dayofyear({x}) - 1) // 7 + 1 AS TEXT)",
    "am": "lower(strftime({x}, '%p'))",
    "pm": "lower(strftime({x}, '%p'))",
}
TOKEN = re.compile(
    r"(?P<fm>FM)?(?P<field>HH24|HH12|IYYY|YYYY|MONTH|Month|month|DDD|MON|Mon|mon|DAY|Day|day"
    r'|DY|Dy|dy|YY|MM|DD|HH|MI|SS|MS|US|AM|PM|am|pm|IW|WW|Q|D)|"(?P<quoted>[^"]*)"|(?P<other>.)',
    re.DOTALL,
)
TEMPORAL = exp.DataType.TEMPORAL_TYPES


def rewrite_to_char(tree: exp.Expr) -> None:
    """Replace every to_char(temporal, 'format') call with an equivalent DuckDB expression."""
    for call in list(tree.find_all(exp.Anonymous)):
        if call.name.lower() == RAW_TO_CHAR:
            call.replace(_to_char_expression(call))


def _to_char_expression(call: exp.Anonymous) -> exp.Expr:
    value, fmt = [*call.expressions, None, None][:2]
    if not isinstance(fmt, exp.Literal) or not fmt.is_string or len(call.expressions) != 2:
        raise UnsupportedError("to_char needs a value and a constant format string.")
    if numeric_scale(value) is not None:  # an integer or an exact numeric
        return number_to_char(value, parse_number_format(fmt.this))
    if value.type is not None and value.type.this not in TEMPORAL | {exp.DataType.Type.UNKNOWN}:
        raise UnsupportedError(
            "to_char on this type is not supported by the practice engine (double precision "
            "prints differently): cast it to numeric first, e.g. to_char(x::numeric, '999D99')."
        )
    pieces = [_piece(m) for m in TOKEN.finditer(fmt.this)]
    parts = _merge_strftime(pieces, value)
    return parts[0] if len(parts) == 1 else exp.Concat(expressions=parts)


def _piece(match: re.Match[str]) -> tuple[str, str]:
    """('strftime', code) for what strftime can print, ('sql', template) for the rest."""
    field, fill = match["field"], not match["fm"]
    if match["quoted"] is not None or match["other"] is not None:
        return "strftime", (match["quoted"] or match["other"] or "").replace("%", "%%")
    if field in STRFTIME_FIELDS:
        return "strftime", STRFTIME_FIELDS[field][0 if fill else 1]
    computed = COMPUTED_FIELDS.get(field if fill else "FM" + field, COMPUTED_FIELDS.get(field))
    if computed:
        return "sql", computed
    return "sql", _name_template(field, fill)


def _name_template(field: str, fill: bool) -> str:
    """Month and day names: case follows the field's case; full names pad to nine characters."""
    code = NAME_FIELDS[field.upper()]
    text = f"strftime({{x}}, '{code}')"
    if fill and field.upper() in ("MONTH", "DAY"):
        text = f"rpad({text}, 9, ' ')"
    if field.isupper():
        return f"upper({text})"
    return f"lower({text})" if field.islower() else text


def _merge_strftime(pieces: list[tuple[str, str]], value: exp.Expr) -> list[exp.Expr]:
    parts: list[exp.Expr] = []
    run = ""
    for kind, text in [*pieces, ("end", "")]:
        if kind == "strftime":
            run += text
            continue
        if run:
            parts.append(
                exp.Anonymous(this="strftime", expressions=[value.copy(), exp.Literal.string(run)])
            )
            run = ""
        if kind == "sql":
            parts.append(sqlglot.parse_one(text.format(x=value.sql("duckdb")), read="duckdb"))
    return parts or [exp.Literal.string("")]
