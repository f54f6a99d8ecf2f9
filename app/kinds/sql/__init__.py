"""The SQL kind: questions over a dataset (`models.py`), the answer a candidate sends
(`answer.py`), grading by the SQL engine (`grader.py`), the content checks of `drill bank
check` (`check.py`), and the kind as registered (`kind.py`)."""
