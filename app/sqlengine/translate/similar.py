"""`x SIMILAR TO pattern` as PostgreSQL evaluates it, on DuckDB's regular expressions.

DuckDB passes SIMILAR TO to its regular-expression matcher unchanged, so `%` and `_` are not
wildcards there. PostgreSQL turns the pattern into a regular expression that must match the
whole string (`similar_to_escape`); this module does the same conversion at translation time
and refuses what RE2, DuckDB's matcher, would read differently.
"""

from __future__ import annotations

import re

from sqlglot import exp

from app.sqlengine.errors import UnsupportedError

QUANTIFIER = re.compile(r"\{\d+(,\d*)?\}")
CLASS_CHARACTER = re.compile(r"[\w !#$%&'()*+,./:;<=>?@^`{|}~\"-]")  # not [ or \ inside a class
REGEX_ONLY = set(".^$\\")  # special in a regular expression, plain characters in SIMILAR TO
TRANSLATED = {"%": ".*", "_": ".", "(": "(?:"}


def similar_to_as_regex(tree: exp.Expr) -> None:
    """Replace every SIMILAR TO (with or without ESCAPE) by regexp_full_match."""
    for node in list(tree.find_all(exp.SimilarTo)):
        escape = node.parent if isinstance(node.parent, exp.Escape) else None
        arguments = (node.expression, escape.expression if escape else None)
        if any(isinstance(argument, exp.Null) for argument in arguments):
            (escape or node).replace(exp.cast(exp.null(), exp.DataType.build("BOOLEAN")))
            continue  # a NULL pattern or escape makes the comparison NULL
        pattern = _constant(node.expression, "pattern")
        regex = postgres_similar_regex(pattern, _escape_character(escape))
        match = exp.Anonymous(
            this="regexp_full_match", expressions=[node.this, exp.Literal.string(regex)]
        )
        (escape or node).replace(match)


def postgres_similar_regex(pattern: str, escape: str | None) -> str:
    """The RE2 expression matching exactly the strings PostgreSQL's SIMILAR TO matches.

    >>> postgres_similar_regex("%b_(c|d)", "\\\\")
    '(?s).*b.(?:c|d)'
    """
    out, position = ["(?s)"], 0
    while position < len(pattern):
        character = pattern[position]
        if character == escape:
            out.append(_escaped(pattern, position + 1))
            position += 2
        elif character == "[":
            text, position = _character_class(pattern, position, escape)
            out.append(text)
        elif character == "{":
            text = _quantifier(pattern, position)
            out.append(text)
            position += len(text)
        else:
            out.append(_plain(character))
            position += 1
    return "".join(out)


def _plain(character: str) -> str:
    if character in TRANSLATED:
        return TRANSLATED[character]
    return "\\" + character if character in REGEX_ONLY else character


def _escaped(pattern: str, position: int) -> str:
    """An escaped character is literal; PostgreSQL reads an escaped letter as a regex escape
    (`\\d`, `\\y`...), whose meaning differs between the two matchers."""
    if position >= len(pattern):
        raise UnsupportedError("A SIMILAR TO pattern cannot end with its escape character.")
    character = pattern[position]
    if character.isalnum() or character == '"':
        raise UnsupportedError(
            f"The escape sequence {pattern[position - 1 : position + 1]!r} in a SIMILAR TO "
            "pattern is not supported here; use a character class such as [0-9] instead."
        )
    return "\\" + character


def _character_class(pattern: str, start: int, escape: str | None) -> tuple[str, int]:
    """`[...]` as written, its characters checked to mean the same in both matchers."""
    position = start + 1
    out = ["["]
    if pattern[position : position + 1] == "^":
        out.append("^")
        position += 1
    if pattern[position : position + 1] == "]":
        out.append("\\]")  # a leading ] is a member of the class
        position += 1
    while position < len(pattern) and pattern[position] != "]":
        character = pattern[position]
        if character == escape and position + 1 < len(pattern):
            out.append(_escaped(pattern, position + 1))
            position += 2
            continue
        if not CLASS_CHARACTER.fullmatch(character):
            raise UnsupportedError(
                f"The character class {pattern[start:]!r} in a SIMILAR TO pattern is not "
                "supported here: list its characters and ranges (a-z) only."
            )
        out.append(character)
        position += 1
    if position >= len(pattern):
        raise UnsupportedError("A SIMILAR TO pattern has a [ without its closing ].")
    return "".join(out) + "]", position + 1


def _quantifier(pattern: str, start: int) -> str:
    found = QUANTIFIER.match(pattern, start)
    if found is None:
        raise UnsupportedError(
            "A { in a SIMILAR TO pattern is supported only as a repetition such as {2} or {1,3}."
        )
    return found.group()


def _escape_character(escape: exp.Escape | None) -> str | None:
    """PostgreSQL's default escape is a backslash; ESCAPE '' turns escaping off."""
    if escape is None:
        return "\\"
    text = _constant(escape.expression, "ESCAPE character")
    if len(text) > 1:
        raise UnsupportedError("The ESCAPE of SIMILAR TO must be empty or one character.")
    return text or None


def _constant(node: exp.Expr, what: str) -> str:
    if not (isinstance(node, exp.Literal) and node.is_string):
        raise UnsupportedError(f"SIMILAR TO needs a constant string as its {what} here.")
    return str(node.this)
