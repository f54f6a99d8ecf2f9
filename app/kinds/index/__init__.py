"""Index design questions: a slow PostgreSQL query, its plan and its table's statistics; the
candidate answers with one CREATE INDEX, graded structurally against what every index that
serves the query as well must have (docs/index-format.md)."""
