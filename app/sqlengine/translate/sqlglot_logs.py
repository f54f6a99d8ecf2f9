"""Keep candidate SQL out of the text of sqlglot's log records.

sqlglot quotes the query it reads in its warnings ("'VACUUM ...' contains unsupported syntax"),
and that query is the candidate's: hostile input, or a secret pasted by mistake, must not reach
the logs verbatim. A filter on sqlglot's logger gives each record a fixed message and keeps
sqlglot's text, shortened, as a structured field (the JSON log formatter writes `fields`).
"""

from __future__ import annotations

import logging

SQLGLOT_LOGGER = "sqlglot"
SHOWN_CHARS = 200
MESSAGE = "sqlglot reported a problem with a query"


class CandidateSqlFilter(logging.Filter):
    """Moves a sqlglot record's text into `fields["sqlglot_message"]`, at most 200 characters."""

    def filter(self, record: logging.LogRecord) -> bool:
        text = record.getMessage()
        record.msg, record.args = MESSAGE, ()
        fields = getattr(record, "fields", {})
        record.fields = {**fields, "sqlglot_message": text[:SHOWN_CHARS]}
        return True


def keep_candidate_sql_out_of_logs() -> None:
    """Install the filter on sqlglot's logger, once."""
    logger = logging.getLogger(SQLGLOT_LOGGER)
    if not any(isinstance(f, CandidateSqlFilter) for f in logger.filters):
        logger.addFilter(CandidateSqlFilter())
