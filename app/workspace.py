"""Everything a command or the server needs, wired from Settings: datasets, engine, the kinds
of question, the bank and a grader per kind."""

from __future__ import annotations

from collections.abc import Collection
from pathlib import Path

from app.bank import loader
from app.bank.check import check_bank
from app.bank.loader import Bank, ContentProblem
from app.catalog.build import load_all
from app.catalog.models import DatasetInfo
from app.catalog.packs import load_pack
from app.kinds.defaults import default_kinds
from app.kinds.registry import KindRegistry, Services
from app.kinds.sql.models import SqlQuestion
from app.settings import Settings
from app.sqlengine.engine import SqlEngine
from app.sqlengine.execution.connection import Limits
from app.sqlengine.grading.jsonable import json_rows, jsonable
from app.sqlengine.grading.verdict import Grader, Verdict

__all__ = ["Workspace", "json_rows", "jsonable"]


def load_user_cards(settings: Settings, models: loader.QuestionModels) -> Bank:
    """The decks `drill cards import` wrote (none while the folder does not exist)."""
    folder = settings.user_cards_dir
    return loader.load_questions([folder], models) if folder.is_dir() else Bank()


class Workspace:
    """Built datasets, the question bank (with packs), one engine, and a grader per kind."""

    def __init__(
        self, settings: Settings, *, load_bank: bool = True, kinds: KindRegistry | None = None
    ) -> None:
        self.settings = settings
        self.kinds = kinds or default_kinds()
        self.datasets: dict[str, DatasetInfo] = load_all(settings.built_datasets_dir)
        models = self.kinds.question_models()
        self.bank = loader.load_bank(settings.bank_dir, models) if load_bank else Bank()
        for pack in settings.packs:
            self._add_pack(pack, with_questions=load_bank)
        if load_bank:
            self.bank.add(load_user_cards(settings, models))
        limits = Limits(timeout_s=settings.query_timeout_s, max_rows=settings.max_rows)
        self.engine = SqlEngine(
            self.datasets,
            workers=settings.query_workers,
            limits=limits,
            result_cache_bytes=settings.result_cache_mb * 1024 * 1024,
            queries_per_client=settings.queries_per_client,
        )
        self.services = Services(
            self.engine, settings.reference_cache_dir, captures_dir=settings.bank_dir / "captures"
        )
        self.kinds = self.kinds.bound(self.services)
        self.graders = self.kinds.graders(self.services)
        self.grader = Grader(self.engine, settings.reference_cache_dir)  # `drill grade` (SQL)

    @classmethod
    def from_env(cls, *, packs: Collection[str] = (), load_bank: bool = True) -> Workspace:
        settings = Settings()
        settings.packs = [*settings.packs, *(Path(p) for p in packs)]
        return cls(settings, load_bank=load_bank)

    def _add_pack(self, folder: Path, *, with_questions: bool) -> None:
        models = self.kinds.question_models()
        dataset, bank = load_pack(folder, self.settings.built_datasets_dir, models)
        self.datasets[dataset.name] = dataset
        if with_questions:
            self.bank.add(bank)

    def check_bank(self) -> list[ContentProblem]:
        return check_bank(self.bank, self.kinds.checkers(self.services))

    def grade(self, question_id: str, sql: str, dialect: str) -> Verdict:
        question = self.bank.questions.get(question_id)
        if not isinstance(question, SqlQuestion):
            raise KeyError(f"There is no SQL question {question_id!r}.")
        return self.grader.grade(question.reference(), sql, dialect)

    def close(self) -> None:
        self.engine.close()

    def __enter__(self) -> Workspace:
        return self

    def __exit__(self, *_: object) -> None:
        self.close()
