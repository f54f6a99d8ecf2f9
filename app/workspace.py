"""Everything a command or the server needs, wired from Settings: datasets, engine, bank, grader."""

from __future__ import annotations

import dataclasses
import datetime as dt
import decimal
import uuid
from collections.abc import Callable, Collection
from pathlib import Path
from typing import Any

from app.bank.check import check_bank
from app.bank.loader import Bank, ContentProblem, load_questions
from app.bank.packs import load_pack
from app.catalog.build import load_all
from app.catalog.models import DatasetInfo
from app.settings import Settings
from app.sqlengine.connection import Limits
from app.sqlengine.engine import SqlEngine
from app.sqlengine.grade import Grader, Verdict
from app.sqlengine.values import interval_text


class Workspace:
    """Built datasets, the question bank (with packs), one engine and one grader."""

    def __init__(self, settings: Settings, *, load_bank: bool = True) -> None:
        self.settings = settings
        self.datasets: dict[str, DatasetInfo] = load_all(settings.built_datasets_dir)
        self.bank = load_questions([settings.bank_dir]) if load_bank else Bank()
        for pack in settings.packs:
            self._add_pack(pack, with_questions=load_bank)
        limits = Limits(timeout_s=settings.query_timeout_s, max_rows=settings.max_rows)
        self.engine = SqlEngine(
            self.datasets,
            workers=settings.query_workers,
            limits=limits,
            result_cache_bytes=settings.result_cache_mb * 1024 * 1024,
            queries_per_client=settings.queries_per_client,
        )
        self.grader = Grader(self.engine, settings.reference_cache_dir)

    @classmethod
    def from_env(cls, *, packs: Collection[str] = (), load_bank: bool = True) -> Workspace:
        settings = Settings()
        settings.packs = [*settings.packs, *(Path(p) for p in packs)]
        return cls(settings, load_bank=load_bank)

    def _add_pack(self, folder: Path, *, with_questions: bool) -> None:
        dataset, bank = load_pack(folder, self.settings.built_datasets_dir)
        self.datasets[dataset.name] = dataset
        if with_questions:
            self.bank.add(bank)

    def check_bank(self) -> list[ContentProblem]:
        return check_bank(self.bank, self.grader)

    def grade(self, question_id: str, sql: str, dialect: str) -> Verdict:
        if question_id not in self.bank.questions:
            raise KeyError(f"There is no question {question_id!r}.")
        return self.grader.grade(self.bank.questions[question_id].reference(), sql, dialect)

    def close(self) -> None:
        self.engine.close()

    def __enter__(self) -> Workspace:
        return self

    def __exit__(self, *_: object) -> None:
        self.close()


PLAIN_JSON = frozenset({str, int, float, bool, type(None)})
AS_TEXT: dict[type, Callable[[Any], str]] = {
    decimal.Decimal: str,
    uuid.UUID: str,
    dt.datetime: dt.datetime.isoformat,
    dt.date: dt.date.isoformat,
    dt.time: dt.time.isoformat,
    dt.timedelta: interval_text,
}


def json_rows(rows: list[tuple[Any, ...]]) -> list[list[Any]]:
    """Result rows as JSON-ready lists, as `jsonable` makes them but cell by cell by type
    (the general walk cost a 100-row answer about 1 ms of the server's CPU)."""
    return [[_json_cell(v) for v in row] for row in rows]


def _json_cell(value: Any) -> Any:
    kind = type(value)
    if kind in PLAIN_JSON:
        return value
    as_text = AS_TEXT.get(kind)
    return as_text(value) if as_text else jsonable(value)


def jsonable(value: Any) -> Any:
    """Query values and verdicts as JSON-ready data (decimals and dates as strings)."""
    if dataclasses.is_dataclass(value) and not isinstance(value, type):
        return jsonable(dataclasses.asdict(value))
    if isinstance(value, dict):
        return {str(k): jsonable(v) for k, v in value.items()}
    if isinstance(value, (list, tuple)):
        return [jsonable(v) for v in value]
    if isinstance(value, dt.timedelta):
        return interval_text(value)
    if isinstance(value, (decimal.Decimal, uuid.UUID)):
        return str(value)
    if isinstance(value, (dt.date, dt.time)):
        return value.isoformat()
    return value
