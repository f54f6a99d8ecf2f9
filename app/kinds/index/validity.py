"""Index statements PostgreSQL 15 refuses to run, whatever the query: a finding each, so a
candidate is not told an index is right that could never be created."""

from __future__ import annotations

from app.kinds.index.findings import Finding
from app.kinds.index.reading import CandidateIndex

WITH_INCLUDE = frozenset({"btree", "gist", "spgist"})  # the methods that take INCLUDE


def refused_by_postgres(candidate: CandidateIndex) -> list[Finding]:
    found = []
    if candidate.method == "hash" and len(candidate.keys) > 1:
        found.append(_refused('access method "hash" does not support multicolumn indexes'))
    if candidate.include and candidate.method not in WITH_INCLUDE:
        found.append(
            _refused(f'access method "{candidate.method}" does not support included columns')
        )
    if candidate.method != "btree" and any(
        _ordered(key.desc, key.nulls_first) for key in candidate.keys
    ):
        found.append(
            _refused(f'access method "{candidate.method}" does not support ASC/DESC options')
        )
    return found


def _ordered(desc: bool, nulls_first: bool) -> bool:
    """Whether a key was written with DESC or NULLS FIRST (an unordered method refuses both)."""
    return desc or nulls_first


def _refused(error: str) -> Finding:
    return Finding(
        "invalid",
        "statement",
        f"PostgreSQL refuses to create this index ({error}), so it cannot serve any query.",
    )
