"""sqlglot's warnings about a candidate's query never carry the query into the log text."""

from __future__ import annotations

import logging

import pytest

from app.sqlengine.errors import SqlError
from app.sqlengine.translate.sqlglot_logs import SHOWN_CHARS, SQLGLOT_LOGGER
from app.sqlengine.translate.validate import validate_sql

SECRET = "hunter2_password_pasted_by_mistake"


def _sqlglot_records(caplog: pytest.LogCaptureFixture) -> list[logging.LogRecord]:
    return [r for r in caplog.records if r.name == SQLGLOT_LOGGER]


def test_unsupported_statement_warning_keeps_the_query_out_of_the_message(
    caplog: pytest.LogCaptureFixture,
) -> None:
    with caplog.at_level(logging.WARNING, logger=SQLGLOT_LOGGER), pytest.raises(SqlError):
        validate_sql(f"VACUUM {SECRET}", dialect="postgres", tables={"orders"})
    records = _sqlglot_records(caplog)
    assert records, "sqlglot no longer warns here: pick another query that makes it warn"
    assert all(SECRET not in r.getMessage() for r in records)
    assert all(SECRET in r.fields["sqlglot_message"] for r in records)  # type: ignore[attr-defined]


def test_sqlglot_text_is_kept_shortened(caplog: pytest.LogCaptureFixture) -> None:
    validate_sql("SELECT 1", dialect="postgres", tables=set())  # installs the filter on import
    with caplog.at_level(logging.WARNING, logger=SQLGLOT_LOGGER):
        logging.getLogger(SQLGLOT_LOGGER).warning("'%s' is odd", "x" * 1000)
    (record,) = _sqlglot_records(caplog)
    assert len(record.fields["sqlglot_message"]) == SHOWN_CHARS  # type: ignore[attr-defined]
