"""Findings about an index's key: the columns the query needs, their order, their direction,
extra columns and operator classes."""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import replace

from sqlglot import exp

from app.kinds.index.findings import Finding
from app.kinds.index.normalise import OrderedColumn, canonical, parse_expression
from app.kinds.index.reading import CandidateIndex, KeyPart
from app.kinds.index.spec import RequiredIndex

# Methods whose key columns are not sorted one after another: a BRIN or GIN index searches
# each key column on its own, equally well wherever it stands in the key.
UNSORTED_METHODS = frozenset({"brin", "gin"})


def key_findings(candidate: CandidateIndex, required: RequiredIndex) -> list[Finding]:
    """What is wrong with the key. Columns the index's own WHERE pins to one value are left
    out first: they are constant inside the index, so they change neither order nor reach, and
    an equality the query needs is met by the WHERE that pins it. So are the columns the
    required WHERE pins: leading a full index with them is right, its lack of WHERE is what
    the predicate finding is about."""
    constant = candidate.fixed | required.pinned
    keys = [key for key in candidate.keys if key.expression not in constant]
    equality = tuple(name for name in required.equality if name not in candidate.fixed)
    required = replace(required, equality=equality)
    names = [key.expression for key in keys]
    missing = [needed for needed in required.key if needed not in names]
    if missing:
        return [_missing(needed, names, required, candidate.include) for needed in missing]
    if candidate.method in UNSORTED_METHODS:
        extra = [key for key in keys if key.expression not in required.key]
        found = _extra_findings(extra, required)
    else:
        found = _sorted_key_findings(keys, required)
    return found + _operator_classes(candidate, required)


def _sorted_key_findings(keys: Sequence[KeyPart], required: RequiredIndex) -> list[Finding]:
    """A sorted index (btree, GiST ...) serves the query only with its keys in the order the
    query reads them, and their directions."""
    order = _order_finding(keys, required)
    if order:
        return [order]
    used = keys[len(required.equality) : len(required.key)]
    extra = _extra_findings(keys[len(required.key) :], required)
    return extra + _direction(used, required.then)


def _extra_findings(extra: Sequence[KeyPart], required: RequiredIndex) -> list[Finding]:
    return [] if required.extra_allowed or not extra else [_extra(extra)]


def _missing(
    needed: str, names: Sequence[str], required: RequiredIndex, included: Sequence[str]
) -> Finding:
    if needed == required.expression:
        return _missing_expression(required.expression_written, needed, names)
    aside = " (it is in INCLUDE, but included columns are stored, not searched)"
    aside = aside if needed in included else ""
    return Finding(
        "missing_key", "key", f"The key has no {needed}{aside}. {_why(needed, required)}"
    )


def _why(needed: str, required: RequiredIndex) -> str:
    if required.methods[0] not in ("btree", "hash"):
        return (
            f"The query's condition on {needed} is what this index has to answer, so {needed} "
            "must be its key."
        )
    if needed in required.equality:
        return (
            f"The query looks rows up by {needed} = ..., and an index can only go straight to "
            f"them when {needed} is in its key; otherwise the rows are read and then filtered."
        )
    after = " after the equality columns" if required.equality else ""
    return (
        f"The query asks for a range of, or an order by, {needed}{after}; without it in the "
        "key those rows are fetched and then filtered or sorted."
    )


def _missing_expression(written: str, needed: str, names: Sequence[str]) -> Finding:
    inside = {canonical(column) for column in parse_expression(needed).find_all(exp.Column)}
    bare = ", ".join(name for name in names if name in inside)
    if bare:
        why = (
            f"The query compares {written}, but the key has {bare}: an index on {bare} holds "
            f"its values as stored, not those of {written}."
        )
    else:
        why = f"The query compares {written}, and no key of this index is that expression."
    return Finding(
        "expression",
        "key",
        f"{why} Only an index on the expression {written} itself, written as in the query, "
        "can look that comparison up.",
    )


def _order_finding(keys: Sequence[KeyPart], required: RequiredIndex) -> Finding | None:
    names = [key.expression for key in keys]
    equal = len(required.equality)
    if set(names[:equal]) != set(required.equality):
        return _equality_not_leading(names[:equal], required)
    then = [column.expression for column in required.then]
    if names[equal : equal + len(then)] != then:
        return _then_out_of_order(names[equal : equal + len(then)], required)
    return None


def _equality_not_leading(lead: Sequence[str], required: RequiredIndex) -> Finding:
    wanted = _listed(required.equality)
    ahead = _listed([name for name in lead if name not in required.equality])
    return Finding(
        "order",
        "key",
        f"The key must start with the column(s) the query fixes with =, {wanted}; here "
        f"{ahead} comes first. An index is sorted by its first column first, so the rows "
        f"matching {wanted} are scattered through it instead of lying together, and a range "
        "or sort on a column before them stops the index from narrowing on the rest.",
    )


def _then_out_of_order(actual: Sequence[str], required: RequiredIndex) -> Finding:
    wanted = [column.expression for column in required.then]
    start = f"continue after {_listed(required.equality)}" if required.equality else "start"
    order = ", in that order," if len(wanted) > 1 else ""
    return Finding(
        "order",
        "key",
        f"The key must {start} with {_listed(wanted)}{order} but has {_listed(actual)} there. "
        "Within one value of the leading columns, entries are sorted by the next column only, "
        "so that column has to be the one the query's range or ORDER BY reads.",
    )


def _extra(after: Sequence[KeyPart]) -> Finding:
    return Finding(
        "extra_columns",
        "key",
        f"The key adds {_listed([key.written for key in after])} after what the query needs; "
        "for this query they only make the index bigger and every write to the table dearer.",
    )


def _direction(used: Sequence[KeyPart], wanted: Sequence[OrderedColumn]) -> list[Finding]:
    """A btree is read forwards or backwards: its directions must match the query's order, or
    all be its reverse."""
    if not any(c.desc is not None or c.nulls_first is not None for c in wanted):
        return []
    if _matches(used, wanted, reverse=False) or _matches(used, wanted, reverse=True):
        return []
    asked = ", ".join(written_order(c.written, c.desc, c.nulls_first) for c in wanted)
    built = ", ".join(
        written_order(k.written, k.desc, None if c.nulls_first is None else k.nulls_first)
        for k, c in zip(used, wanted, strict=True)
    )
    return [
        Finding(
            "direction",
            "key",
            f"The query orders by {asked}, but the key is ({built}): read forwards or "
            "backwards that gives neither, so PostgreSQL must sort. The key's directions and "
            "NULLS placement must match the ORDER BY, or all be its reverse.",
        )
    ]


def _matches(used: Sequence[KeyPart], wanted: Sequence[OrderedColumn], *, reverse: bool) -> bool:
    for key, column in zip(used, wanted, strict=True):
        if column.desc is not None and key.desc != (column.desc != reverse):
            return False
        if column.nulls_first is not None and key.nulls_first != (column.nulls_first != reverse):
            return False
    return True


def written_order(written: str, desc: bool | None, nulls_first: bool | None) -> str:
    """A key or ORDER BY item as written: `created_at DESC NULLS LAST`."""
    direction = {None: "", True: " DESC", False: " ASC"}[desc]
    nulls = {None: "", True: " NULLS FIRST", False: " NULLS LAST"}[nulls_first]
    return f"{written}{direction}{nulls}"


def _operator_classes(candidate: CandidateIndex, required: RequiredIndex) -> list[Finding]:
    accepted = ", ".join(["the default", *sorted(required.operator_classes)])
    return [
        Finding(
            "operator_class",
            "key",
            f"The operator class {key.operator_class} on {key.written} is not one this query "
            f"can use (accepted: {accepted}): an operator class decides which operators an "
            "index can answer.",
        )
        for key in candidate.keys
        if key.operator_class and key.operator_class not in required.operator_classes
    ]


def _listed(names: Sequence[str]) -> str:
    return ", ".join(names) if names else "nothing"
