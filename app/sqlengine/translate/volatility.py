"""Whether a query's result depends only on the dataset, so that it may be cached.

A dataset file never changes under its content hash, so a query that calls nothing volatile
(the clock, in today's allow-list) returns the same rows every time it runs. The check is
conservative: a call the allow-list does not know counts as volatile, and so does a string that
PostgreSQL reads as a moment relative to now ('now'::timestamp, 'today'::date).
"""

from __future__ import annotations

from sqlglot import exp

from app.sqlengine.translate.allowlist import allow_list
from app.sqlengine.translate.validate import ValidatedQuery

RELATIVE_MOMENTS = frozenset({"now", "today", "tomorrow", "yesterday"})


def is_deterministic(query: ValidatedQuery) -> bool:
    """True when running `query` again on the same dataset file must give the same result."""
    allowed = allow_list(query.dialect)
    if any(allowed.is_volatile(call) for call in query.tree.find_all(exp.Func)):
        return False
    return not any(_relative_moment(text) for text in query.tree.find_all(exp.Literal))


def _relative_moment(literal: exp.Literal) -> bool:
    return literal.is_string and literal.name.strip().lower() in RELATIVE_MOMENTS
