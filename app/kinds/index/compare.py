"""A candidate index compared with what the question requires: every finding, each naming the
part it is about (table, USING, UNIQUE, key, INCLUDE, WHERE)."""

from __future__ import annotations

from app.kinds.index.conditions import QueryConditions
from app.kinds.index.findings import Finding
from app.kinds.index.keys import key_findings
from app.kinds.index.reading import CandidateIndex
from app.kinds.index.spec import RequiredIndex
from app.kinds.index.validity import refused_by_postgres

WHAT_METHODS_SERVE = {
    "btree": "a btree keeps its keys sorted, which serves =, ranges and ORDER BY",
    "gin": "a GIN index keeps an entry for every key and value inside each document, which is "
    "what containment (@>) looks up",
    "brin": "a BRIN index keeps one small summary (lowest and highest value) per range of "
    "table blocks, which is enough for a column that grows with the table's physical order",
    "hash": "a hash index answers = only",
    "gist": "a GiST index serves overlap, containment and nearest-neighbour searches",
    "spgist": "an SP-GiST index serves searches over space-partitioned data",
}


def findings(
    candidate: CandidateIndex, required: RequiredIndex, implied: QueryConditions
) -> list[Finding]:
    """Everything wrong with `candidate`; none when it serves the query as the reference does.
    `implied` is what the query's WHERE says (query_conditions)."""
    if candidate.table != required.table:
        return [_other_table(candidate, required)]
    return (
        refused_by_postgres(candidate)
        + _method(candidate, required)
        + _unique(candidate)
        + key_findings(candidate, required)
        + _include(candidate, required)
        + _predicate(candidate, required, implied)
    )


def _other_table(candidate: CandidateIndex, required: RequiredIndex) -> Finding:
    return Finding(
        "table",
        "table",
        f"The index is on {candidate.table}, but the part of the query that needs an index "
        f"reads {required.table}.",
    )


def _method(candidate: CandidateIndex, required: RequiredIndex) -> list[Finding]:
    if candidate.method in required.methods:
        return []
    written = "the default btree" if candidate.method == "btree" else candidate.method
    needed = required.methods[0]
    also = "".join(f" (or {other})" for other in required.methods[1:])
    return [
        Finding(
            "method",
            "USING",
            f"The index uses {written}, but this query needs {needed}{also}: "
            f"{WHAT_METHODS_SERVE.get(needed, needed)}.",
        )
    ]


def _unique(candidate: CandidateIndex) -> list[Finding]:
    if not candidate.unique:
        return []
    return [
        Finding(
            "unique",
            "UNIQUE",
            "CREATE UNIQUE INDEX adds a constraint: it fails to build when two rows share the "
            "key, and refuses such writes afterwards. The query only needs an index to read "
            "through, so leave UNIQUE out.",
        )
    ]


def _include(candidate: CandidateIndex, required: RequiredIndex) -> list[Finding]:
    present = {key.expression for key in candidate.keys} | set(candidate.include)
    return [
        Finding(
            "include",
            "INCLUDE",
            f"The query reads {column}, which is neither in the key nor in INCLUDE: an "
            "index-only scan needs every column the query uses inside the index, or PostgreSQL "
            "visits the table for every row to fetch it.",
        )
        for column in required.include
        if column not in present
    ]


def _predicate(
    candidate: CandidateIndex, required: RequiredIndex, implied: QueryConditions
) -> list[Finding]:
    """At most one finding about the WHERE: a partial index it lacks, a condition the query
    does not imply, one on a value that changes from call to call, or a required condition
    left out."""
    if required.predicate and not candidate.predicate:
        return [_predicate_missing(required)]
    foreign = [term for term in candidate.predicate if not implied.implies(term)]
    if foreign:
        return [_not_implied(foreign, candidate, required)]
    allowed = set(required.predicate) | set(required.constant) | implied.not_null
    varying = [term for term in candidate.predicate if term not in allowed]
    if varying:
        return [_varies(varying)]
    lacking = [term for term in required.predicate if term not in candidate.predicate]
    return [_lacks(lacking)] if lacking else []


def _predicate_missing(required: RequiredIndex) -> Finding:
    return Finding(
        "predicate",
        "WHERE",
        f"The index needs WHERE {' AND '.join(required.predicate)}: the query only ever reads "
        "those rows, and a partial index over them alone is a fraction of the size and costs "
        "nothing on writes to the other rows.",
    )


def _not_implied(foreign: list[str], candidate: CandidateIndex, required: RequiredIndex) -> Finding:
    """What the grader can tell of a condition the query does not state: that the index is
    not limited to the rows asked for when it lacks the required WHERE, otherwise that nothing
    makes the condition hold on every call (PostgreSQL may still prove it on some)."""
    written = " AND ".join(foreign)
    needed = " AND ".join(required.predicate)
    if any(term not in candidate.predicate for term in required.predicate):
        return Finding(
            "predicate",
            "WHERE",
            f"The index's WHERE has {written} where the query needs {needed}. PostgreSQL uses "
            f"this index only on a call where it can prove {written} from the query's WHERE, "
            f"and even then the index holds every row with {written}, not only the rows with "
            f"{needed} the query reads: it is larger than the one over {needed}, and writes to "
            "those other rows pay for it.",
        )
    keep = f" ({needed})" if needed else ""
    return Finding(
        "predicate",
        "WHERE",
        f"The index's WHERE has {written}, which is not one of the query's conditions: "
        "PostgreSQL uses a partial index only on a call whose WHERE proves the index's, and "
        f"since the query does not state {written}, nothing makes it hold on every call. A "
        f"partial index's WHERE should keep to conditions the query always has{keep}.",
    )


def _varies(varying: list[str]) -> Finding:
    return Finding(
        "predicate",
        "WHERE",
        f"The index's WHERE has {' AND '.join(varying)}, but that value is a parameter: the "
        "query runs with another one on the next call, and a partial index over this one "
        "value would serve that call only.",
    )


def _lacks(lacking: list[str]) -> Finding:
    return Finding(
        "predicate",
        "WHERE",
        f"The index's WHERE lacks {' AND '.join(lacking)}: the partial index should hold only "
        "the rows the query reads.",
    )
