"""A refused call is named as written, with a suggestion people can type."""

from __future__ import annotations

import pytest

from app.sqlengine.errors import ForbiddenFunctionError
from app.sqlengine.translate.validate import validate_sql

SUGGESTIONS = [
    ("SELECT lenght('x')", "not available in the practice engine; did you mean length()?"),
    ("SELECT current_dat()", "did you mean current_date()?"),
    ("SELECT to_chr(1, '9')", "did you mean to_char()?"),
    ("SELECT getenv('HOME')", "getenv() is not available in the practice engine."),
]


@pytest.mark.parametrize(("sql", "expected"), SUGGESTIONS)
def test_refused_call_suggests_a_name_people_type(sql: str, expected: str) -> None:
    with pytest.raises(ForbiddenFunctionError) as error:
        validate_sql(sql, dialect="postgres", tables={"t"})
    assert expected in error.value.message
    assert not error.value.message.endswith("?.")
